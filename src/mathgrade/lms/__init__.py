"""Moving grades in and out of learning management systems: rosters, download names, exports."""

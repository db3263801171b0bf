"""mathgrade: grades mathematics homework without ever executing what students wrote."""

__version__ = "0.1.0"

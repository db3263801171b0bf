"""Reporters: they read results (and the spec, for prompts) and write files. They never compute a grade."""

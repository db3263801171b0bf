"""Subcommands that grade with a spec: `validate` and `grade`. Registered on the CLI parser by `register`."""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the spec-based subcommands to the `mathgrade` parser."""

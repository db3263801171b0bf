"""The two kinds of error an instructor can cause.

Student mistakes never raise: they become results. These exceptions are for the people who run mathgrade: a spec
that does not make sense (`SpecError`, with file, line and field) or a command line that does not (`UsageError`).
"""

from __future__ import annotations


class MathgradeError(Exception):
    """Base class for errors that stop a command and are shown to the instructor."""


class UsageError(MathgradeError):
    """The command line or an option value is wrong (exit code 2)."""


class SpecError(MathgradeError):
    """A problem spec is wrong. Carries where: file, line (1-based, if known) and the dotted field path."""

    def __init__(self, message: str, *, file: str | None = None, line: int | None = None,
                 field: str | None = None) -> None:
        self.message = message
        self.file = file
        self.line = line
        self.field = field
        super().__init__(self.__str__())

    def __str__(self) -> str:
        where = self.file or "<spec>"
        if self.line is not None:
            where += f":{self.line}"
        if self.field:
            where += f": {self.field}"
        return f"{where}: {self.message}"

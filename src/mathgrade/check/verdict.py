"""What a check returns: an immutable verdict with a status a program can branch on and words a student can read."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Any

from mathgrade.check.message import Message


class Status(str, Enum):
    """Outcome of grading one answer. `str` mixin so JSON and CSV get the plain word."""

    CORRECT = "correct"
    PARTIAL = "partial"
    INCORRECT = "incorrect"
    INVALID = "invalid"
    MISSING = "missing"
    MANUAL = "manual"
    ERROR = "error"

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True)
class Rendering:
    """What the grader understood, as LaTeX (for MathML in reports) and as plain text (for terminals and CSV)."""

    latex: str
    text: str
    cells: tuple[tuple[str, ...], ...] = ()
    """For a matrix or vector, the LaTeX of each entry (rows of columns), so a report can mark wrong entries."""


@dataclass(frozen=True)
class Verdict:
    """The verdict on one answer. `score` is the share of the part's points, in [0, 1]."""

    status: Status
    score: float
    feedback: str
    interpreted_as: Rendering | None = None
    column: int = 0
    wrong_entries: tuple[tuple[int, int], ...] = ()
    diagnoses: tuple[str, ...] = ()
    message: Message | None = None
    """`feedback` with its formulas as data (check/message.py), for reports; None where it is words only."""

    @classmethod
    def saying(cls, status: Status, score: float, message: Message, *args: Any, **kwargs: Any) -> Verdict:
        """A verdict whose feedback is a Message: `feedback` is its plain text, `message` the pieces."""
        return cls(status, score, message.text, *args, message=message, **kwargs)

    def to_dict(self) -> dict[str, Any]:
        """The JSON form used by `mathgrade check --json` and `--batch`."""
        out: dict[str, Any] = {
            "status": self.status.value,
            "score": self.score,
            "interpreted_as": None if self.interpreted_as is None else {
                "latex": self.interpreted_as.latex, "text": self.interpreted_as.text},
            "feedback": self.feedback,
        }
        if self.column:
            out["column"] = self.column
        if self.wrong_entries:
            out["wrong_entries"] = [list(e) for e in self.wrong_entries]
        if self.diagnoses:
            out["diagnosis"] = list(self.diagnoses)
        return out

"""Immutable results: what reporters read. Nothing here computes a grade."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Any

import numpy as np

from mathgrade.check.message import Message
from mathgrade.check.verdict import Rendering, Status


class SubmissionStatus(str, Enum):
    """Whether a submission could be graded at all (its parts carry their own `Status`)."""

    GRADED = "graded"
    ERROR = "error"

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True)
class Source:
    """Where in a free-form document an answer was found, and why it deserves a second look (if it does)."""

    start: int
    end: int
    snippet: str
    review: str | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"lines": [self.start, self.end], "snippet": self.snippet}
        if self.review:
            out["review"] = self.review
        return out


EXACT_MATCH_RTOL = 1e-8
"""Exact answers: equal values up to float round-off, which a projection of a few hundred values accumulates."""


@dataclass(frozen=True)
class Fingerprint:
    """An answer as numbers: `shape` of what was written ((1, 1) for a scalar), the projections of its values at
    the sample points (real and imaginary parts interleaved), the scale of those sums (for a relative
    tolerance), and whether it had decimals. Descriptions (rotations) carry what was read as `key` instead."""

    shape: tuple[int, int] = (1, 1)
    values: tuple[float, ...] = ()
    scale: float = 0.0
    decimals: bool = False
    key: str = ""

    def matches(self, other: Fingerprint | None, rtol: float) -> bool:
        """Equivalent within `rtol` (used when either side has decimals; exact ones use EXACT_MATCH_RTOL)."""
        if other is None or self.shape != other.shape or self.key != other.key:
            return False
        if len(self.values) != len(other.values):
            return False
        if not self.values:
            return bool(self.key)
        tol = rtol if (self.decimals or other.decimals) else EXACT_MATCH_RTOL
        a, b = np.asarray(self.values), np.asarray(other.values)
        return bool(np.all(np.abs(a - b) <= tol * max(self.scale, other.scale, 1e-300)))

    def to_list(self) -> list[Any]:
        """JSON form, for the gradebook."""
        return [list(self.shape), list(self.values), self.scale, self.decimals, self.key]

    @staticmethod
    def from_list(data: list[Any] | None) -> Fingerprint | None:
        """The inverse of `to_list` (None stays None)."""
        if data is None:
            return None
        shape, values, scale, decimals, key = data
        return Fingerprint((int(shape[0]), int(shape[1])), tuple(float(v) for v in values), float(scale),
                           bool(decimals), str(key))


@dataclass(frozen=True)
class Alternative:
    """Another answer the document reader considered for a part: where it is and what it says."""

    start: int
    end: int
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"lines": [self.start, self.end], "text": self.text}


@dataclass(frozen=True)
class Review:
    """Why the reader is unsure which answer a part's is, for the instructor (never shown on a student's page)."""

    reason: str
    alternatives: tuple[Alternative, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"reason": self.reason, "alternatives": [a.to_dict() for a in self.alternatives]}


@dataclass(frozen=True)
class PartResult:
    """One part of one submission. `score` and `max` are points; `expected` only where the spec reveals it."""

    id: str
    status: Status
    score: float
    max: float
    answer: str | None
    interpreted_as: Rendering | None
    feedback: str
    expected: Rendering | None = None
    wrong_entries: tuple[tuple[int, int], ...] = ()
    diagnoses: tuple[str, ...] = ()
    source: Source | None = None
    fingerprint: Fingerprint | None = None
    """What the answer is as numbers (grade/fingerprints.py), for grouping and overrides; not published."""
    review: Review | None = None
    """Set when a document's reader was unsure which answer is this part's: for the instructor's review list."""
    message: Message | None = None
    """`feedback` with its formulas as data (check/message.py): reports render it; None where it is words only."""

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": self.id, "status": self.status.value, "score": self.score, "max": self.max,
            "answer": self.answer,
            "interpreted_as": None if self.interpreted_as is None else self.interpreted_as.text,
            "feedback": self.feedback,
        }
        if self.diagnoses:
            out["diagnosis"] = list(self.diagnoses)
        if self.source is not None:
            out["source"] = self.source.to_dict()
        if self.review is not None:
            out["review"] = self.review.to_dict()
        return out


@dataclass(frozen=True)
class StudentResult:
    """One submission: who, from which file, the total, and every part (all parts of the spec, always)."""

    id: str
    name: str
    email: str
    file: str
    status: SubmissionStatus
    score: float
    max: float
    parts: tuple[PartResult, ...]
    error: str | None = None
    unknown_parts: tuple[str, ...] = ()
    report: str = ""
    late_penalty: float = 0.0
    """Points taken for lateness (already subtracted from `score`)."""
    original_id: str = ""
    """The id the submission declared, when another submission had it first and this one got a free one."""
    variant: tuple[tuple[str, str], ...] = ()
    """The values drawn for this student (name, text), when the spec has `variants:`."""

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.id, "name": self.name, "score": self.score, "max": self.max,
                               "file": self.file, "status": self.status.value,
                               "parts": [p.to_dict() for p in self.parts]}
        if self.email:
            out["email"] = self.email
        if self.error:
            out["error"] = self.error
        if self.unknown_parts:
            out["unknown_parts"] = list(self.unknown_parts)
        if self.late_penalty:
            out["late_penalty"] = self.late_penalty
        if self.original_id:
            out["original_id"] = self.original_id
        if self.variant:
            out["variant"] = dict(self.variant)
        return out


@dataclass(frozen=True)
class AnswerGroup:
    """Students who gave the same answer to a part (same verdict, same interpretation), as Gradescope groups."""

    part: str
    answer: str
    interpreted_as: str
    status: Status
    score: float
    max: float
    feedback: str
    students: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"part": self.part, "answer": self.answer, "interpreted_as": self.interpreted_as,
                "status": self.status.value, "score": self.score, "max": self.max, "feedback": self.feedback,
                "count": len(self.students), "students": list(self.students)}


@dataclass(frozen=True)
class ClassResult:
    """A graded batch, students in a stable order (by id, then file), and the answer groups per part."""

    assignment: str
    title: str
    max_points: float
    students: tuple[StudentResult, ...]
    groups: tuple[AnswerGroup, ...] = ()
    adjustments: tuple[Any, ...] = ()
    """Overrides applied in this run (grade.overrides.Adjustment): who benefitted, from what, and why."""

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"assignment": self.assignment, "max_points": self.max_points,
                               "students": [s.to_dict() for s in self.students]}
        if self.adjustments:
            out["overrides"] = [a.to_dict() for a in self.adjustments]
        return out

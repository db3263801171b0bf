"""Fingerprints: what an answer *is*, as a few numbers, computed where the answer is graded (under its limits).

Answer groups and instructor overrides need "is this answer equivalent to that one?" for every pair a class
produces. Asked of sympy in the main process, one student's answer became the reference for another's, outside
every limit: two sheets answering `(a+b+c+d)^300` and `a` hung a whole batch. So the worker that grades an
answer also records its fingerprint — its values at the part's own sample points, projected onto four fixed
random directions — and grouping and override matching compare fingerprints with numpy in the main process:
a dozen floats per distinct answer, no sympy, bounded work whatever a student wrote.

Two answers the grader would call equal (equal values at every sample point, within tolerance) have
fingerprints within tolerance of each other; two different ones almost surely do not (a random projection of a
nonzero difference is nonzero with probability one). Rotation descriptions are fingerprinted by what was read
from them.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from mathgrade.check import names_in
from mathgrade.check.budget import TooExpensive, work_budget
from mathgrade.check.codes import Code
from mathgrade.check.compare import Mismatch, has_float, paired_samples
from mathgrade.check.evaluate import Unsupported
from mathgrade.check.options import Kind
from mathgrade.check.map_sentences import read_map
from mathgrade.check.rotation import read_rotation
from mathgrade.check.verdict import Status, Verdict
from mathgrade.grade.references import Reference
from mathgrade.grade.results import Fingerprint
from mathgrade.parse import parse_answer
from mathgrade.parse.objects import is_matrix
from mathgrade.solvers import MapRef
from mathgrade.spec import Part

PROJECTIONS = 4

EQUIVALENT_TO_REFERENCE = Fingerprint(shape=(0, 0), key="equivalent to the reference")
"""The fingerprint of every right answer (graded correct, not by follow-through): all of them are equivalent to
the reference, hence to each other, so none needs evaluating again (a class's right answers are most of its
distinct answers: this halves what fingerprints cost)."""


def verdict_fingerprint(part: Part, reference: Any, answer: str | None, verdict: Verdict) -> Fingerprint | None:
    """The fingerprint of a graded answer: the shared one of right answers, else its values (`fingerprint`)."""
    if verdict.status is Status.CORRECT and Code.FOLLOW_THROUGH not in verdict.diagnoses:
        return EQUIVALENT_TO_REFERENCE
    return fingerprint(part, reference, answer)


def sample_fingerprint(part: Part, reference: Reference, answer: str) -> Fingerprint | None:
    """The fingerprint of an override's sample answer, graded as a student's would be (run in a limited child)."""
    from mathgrade.grade.answer import grade_answer  # noqa: PLC0415 - answer imports this package's neighbours

    return verdict_fingerprint(part, reference.value, answer, grade_answer(part, reference, answer))

_MATH = (Kind.NUMBER, Kind.EXPRESSION, Kind.VECTOR, Kind.MATRIX, Kind.INDEXED)


def _weights(length: int) -> np.ndarray:
    # Fixed directions: fingerprints from every worker and every run are comparable.
    rng = np.random.default_rng([20261130, length])
    return rng.uniform(0.5, 1.5, size=(PROJECTIONS, length)) * rng.choice([-1.0, 1.0], size=(PROJECTIONS, length))


def _values(value: Any, reference: Any, part: Part,
            relative: bool = False) -> tuple[np.ndarray, tuple[int, int], np.ndarray] | None:
    """The answer's values at the points where the grader compares it with the reference (minus the reference's
    there when `relative`), its shape as the grader lines it up, and the answer's own values (for the scale: a
    difference near zero is small *relative to the answer*)."""
    pairs: list[tuple[Any, Any]]
    if is_matrix(value) or is_matrix(reference):
        if not (is_matrix(value) and is_matrix(reference)):
            return None
        if value.shape != reference.shape and 1 in value.shape and value.T.shape == reference.shape:
            value = value.T  # the grader reads a row for a column vector when orientation is not asked
        if value.shape != reference.shape:
            return None
        pairs = list(zip(value, reference))
        shape = (int(value.shape[0]), int(value.shape[1]))
    else:
        pairs = [(value, reference)]
        shape = (1, 1)
    chunks, own = [], []
    for mine, theirs in pairs:
        for got, want in paired_samples(mine, theirs, part.options):
            values = np.asarray(got, dtype=complex).ravel()
            chunks.append(values - np.asarray(want, dtype=complex).ravel() if relative else values)
            own.append(values)
    if not chunks:
        return None
    out = np.concatenate(chunks)
    return (out, shape, np.concatenate(own)) if np.all(np.isfinite(out)) else None


def fingerprint(part: Part, reference: Any, answer: str | None, relative: bool = False) -> Fingerprint | None:
    """The fingerprint of a student's (or an override's sample) answer to `part`, or None when it has none
    (blank, unreadable, not evaluable, or a kind compared as text). Never raises on student text. `relative`:
    of (answer − reference) instead, for per-student variants (grade/variants.py)."""
    if answer is None or not answer.strip():
        return None
    if part.kind is Kind.ROTATION and isinstance(reference, MapRef):  # a map sentence: the map it was read as
        return Fingerprint(shape=(0, 0), key=repr(read_map(answer, reference.matrix.rows)))
    if part.kind is Kind.ROTATION:
        return Fingerprint(shape=(0, 0), key=repr(read_rotation(answer)))
    if part.kind not in _MATH or reference is None:
        return None
    try:
        with work_budget(), np.errstate(all="ignore"):
            parsed = parse_answer(answer, part.options.parse_options(names_in(reference)))
            if not parsed.ok:
                return None
            found = _values(parsed.value, reference, part, relative)
            if found is None:
                return None
            values, shape, own = found
            weights = _weights(len(values))
            projected = weights @ values
            scale = float(np.max(np.abs(weights) @ np.abs(own)))
    except (TooExpensive, Mismatch, Unsupported, ArithmeticError, ValueError, TypeError, AttributeError,
            IndexError, KeyError, RecursionError, NotImplementedError):
        return None
    flat = tuple(float(x) for z in projected for x in (z.real, z.imag))
    return Fingerprint(shape=shape, values=flat, scale=scale,
                       decimals=has_float(parsed.value))

"""Comparison modes for vectors and matrices: in any order, up to a nonzero scale, up to sign.

An eigenvector is right as any nonzero multiple, eigenvalues in any order, singular vectors with either sign. The
mode is data in the part (`compare:`), the predicates are the ordinary numeric equivalence applied entry by entry,
and the feedback says which mode was applied so that a student knows why another form was accepted.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import sympy

from mathgrade.check.codes import Code
from mathgrade.check.compare import compare_scalar
from mathgrade.check.options import CheckOptions, Compare
from mathgrade.check.verdict import Rendering, Status, Verdict

MAX_ITEMS = 12
"""Most entries (or columns) matched in any order: the matching compares every pair."""

_WORDS = {
    Compare.UNORDERED: "in any order",
    Compare.UP_TO_SCALE: "up to a nonzero multiple",
    Compare.UP_TO_SIGN: "up to sign",
}


def mode_words(modes: tuple[Compare, ...]) -> str:
    """`compared in any order and up to sign`, for feedback."""
    return "compared " + " and ".join(_WORDS[m] for m in modes)


def _same(a: Any, b: Any, options: CheckOptions) -> bool:
    return compare_scalar(a, b, options).equal is True


def _zero(a: Any, options: CheckOptions) -> bool:
    return _same(a, sympy.Integer(0), options)


def _equal_items(s: list[Any], r: list[Any], options: CheckOptions) -> bool:
    return all(_same(a, b, options) for a, b in zip(s, r, strict=True))


def _parallel(s: list[Any], r: list[Any], options: CheckOptions) -> bool:
    """s is a nonzero multiple of r: s_p r_q = s_q r_p for a pivot q where r_q ≠ 0, and s_q ≠ 0."""
    pivot = next((q for q, e in enumerate(r) if not _zero(e, options)), None)
    if pivot is None or _zero(s[pivot], options):
        return False
    return all(_same(s[p] * r[pivot], s[pivot] * r[p], options) for p in range(len(r)) if p != pivot)


def _signed(s: list[Any], r: list[Any], options: CheckOptions) -> bool:
    return _equal_items(s, r, options) or _equal_items(s, [-e for e in r], options)


def _predicate(modes: tuple[Compare, ...]) -> Callable[[list[Any], list[Any], CheckOptions], bool]:
    if Compare.UP_TO_SCALE in modes:
        return _parallel
    if Compare.UP_TO_SIGN in modes:
        return _signed
    return _equal_items


def _matching(ok: list[list[bool]]) -> list[int | None]:
    """A maximum matching of student items to reference items (augmenting paths); match[s] = r or None."""
    owner: dict[int, int] = {}

    def augment(s: int, seen: set[int]) -> bool:
        for r, good in enumerate(ok[s]):
            if good and r not in seen:
                seen.add(r)
                if r not in owner or augment(owner[r], seen):
                    owner[r] = s
                    return True
        return False

    for s in range(len(ok)):
        augment(s, set())
    match: list[int | None] = [None] * len(ok)
    for r, s in owner.items():
        match[s] = r
    return match


def check_modes(value: sympy.MatrixBase, expected: sympy.MatrixBase, options: CheckOptions,
                shown: Rendering) -> Verdict:
    """Grade a vector or matrix answer under the part's comparison modes (options.compare)."""
    modes = options.compare
    words = mode_words(modes)
    is_vector = 1 in expected.shape
    student = value
    if is_vector and 1 in student.shape and student.shape != expected.shape:
        student = student.T
    if student.shape != expected.shape:
        want = f"a vector with {max(expected.shape)} entries" if is_vector else \
            f"a {expected.rows}×{expected.cols} matrix"
        return Verdict(Status.INCORRECT, 0.0, f"Not correct: expected {want} ({words}).", shown,
                       diagnoses=(Code.WRONG_SHAPE,))
    if is_vector:
        entries = list(student)
        if Compare.UNORDERED in modes:  # a list of numbers in any order: each entry is an item
            s_items, r_items = [[e] for e in entries], [[e] for e in expected]
            predicate = _predicate(())
        else:
            s_items, r_items = [entries], [list(expected)]
            predicate = _predicate(modes)
        noun = "entry"
    else:
        s_items = [list(student[:, c]) for c in range(student.cols)]
        r_items = [list(expected[:, c]) for c in range(expected.cols)]
        predicate = _predicate(modes)
        noun = "column"
    if len(s_items) > MAX_ITEMS:
        return Verdict(Status.MANUAL, 0.0, f"This answer could not be checked automatically (more than {MAX_ITEMS} "
                       f"{noun}s to compare {words})", shown)
    if Compare.UNORDERED in modes:
        ok = [[predicate(s, r, options) for r in r_items] for s in s_items]
        match = _matching(ok)
    else:
        match = [n if predicate(s, r_items[n], options) else None for n, s in enumerate(s_items)]
    wrong = [n for n, m in enumerate(match) if m is None]
    total = len(s_items)
    if not wrong:
        return Verdict(Status.CORRECT, 1.0, f"Correct ({words}).", shown)
    code = {Compare.UP_TO_SCALE: Code.NOT_A_MULTIPLE, Compare.UP_TO_SIGN: Code.NOT_UP_TO_SIGN}
    diagnosis = next((code[m] for m in modes if m in code), Code.NO_MATCH_IN_ANY_ORDER)
    if total == 1:
        why = {Code.NOT_A_MULTIPLE: "it is not a nonzero multiple of the expected vector",
               Code.NOT_UP_TO_SIGN: "it is neither the expected vector nor its negative"}.get(diagnosis, "")
        if diagnosis is Code.NOT_A_MULTIPLE and all(_zero(e, options) for e in s_items[0]):
            why, diagnosis = "the zero vector is not accepted", Code.ZERO_VECTOR
        return Verdict(Status.INCORRECT, 0.0, f"Not correct ({words}): {why}.", shown, diagnoses=(diagnosis,))
    names = ", ".join(f"{noun} {n + 1}" for n in wrong)
    score = options.share_score(total - len(wrong), total)
    words = (f"{'Partly correct' if score > 0 else 'Not correct'} ({words}): {len(wrong)} of {total} "
             f"{'entries' if noun == 'entry' else 'columns'} match nothing expected ({names}).")
    if score > 0:
        words += f" Credit for {total - len(wrong)} of {total}."
    entries = tuple((n + 1, 1) if is_vector else (r + 1, n + 1) for n in wrong
                    for r in ([0] if is_vector else range(student.rows)))
    if is_vector and value.shape != student.shape:
        entries = tuple((c, r) for r, c in entries)
    return Verdict(Status.PARTIAL if score > 0 else Status.INCORRECT, score, words, shown,
                   wrong_entries=entries, diagnoses=(diagnosis,))

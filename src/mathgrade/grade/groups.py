"""Answer groups: per part, the distinct answers of a class up to equivalence, with verdict and students.

Answers first group by what the grader understood (the canonical rendering of the parsed value) and the verdict,
so `1/sqrt(2)` and `\\frac{\\sqrt2}{2}` fall together. Given the parts, groups with the same verdict are then
merged when their answers are equivalent (`(x+1)^2` and `x^2+2x+1`): their fingerprints, the values the workers
computed at the part's sample points under the answer limits, agree within the part's tolerance. Nothing here
evaluates student math, so no pair of answers can make grouping slow. Unreadable and blank answers group by
their text.
"""

from __future__ import annotations

from collections import defaultdict

from dataclasses import replace

from mathgrade.check.options import Kind
from mathgrade.check.verdict import Status
from mathgrade.grade.results import AnswerGroup, Fingerprint, PartResult, StudentResult
from mathgrade.spec import Part

MERGE_LIMIT = 20
MERGE_INTO = 6
"""Equivalence is tried for a part's 20 largest groups against the 6 largest kept: a class has a handful of
groups that matter, and a 10,000-student class must not pay for thousands of pairwise checks."""
_MATH = (Kind.NUMBER, Kind.EXPRESSION, Kind.VECTOR, Kind.MATRIX, Kind.INDEXED)


def _key(p: PartResult) -> tuple[str, str, float, str]:
    shown = p.interpreted_as.text if p.interpreted_as is not None else " ".join((p.answer or "").split())
    return (p.status.value, shown, p.score, p.feedback)


def _merge(groups: list[tuple[AnswerGroup, Fingerprint | None]], part: Part) -> list[AnswerGroup]:
    """Fold groups whose answers are equivalent (same verdict and score) into the larger one."""
    if part.kind not in _MATH:
        return [g for g, _ in groups]
    merged: list[tuple[AnswerGroup, Fingerprint | None]] = []
    for position, (g, prints) in enumerate(groups):
        target = None
        if position < MERGE_LIMIT and prints is not None and g.status not in (Status.INVALID, Status.MISSING,
                                                                                Status.ERROR):
            for k, (m, theirs) in enumerate(merged[:MERGE_INTO]):
                if m.status is g.status and m.score == g.score and prints.matches(theirs, part.options.rtol):
                    target = k
                    break
        if target is None:
            merged.append((g, prints))
        else:
            m, theirs = merged[target]
            forms = m.interpreted_as if g.interpreted_as in m.interpreted_as.split("  |  ") else \
                f"{m.interpreted_as}  |  {g.interpreted_as}"
            merged[target] = (replace(m, interpreted_as=forms, students=tuple(sorted(m.students + g.students))),
                              theirs)
    return sorted((g for g, _ in merged), key=lambda g: -len(g.students))


def answer_groups(students: tuple[StudentResult, ...], part_ids: list[str],
                  parts: dict[str, Part] | None = None) -> tuple[AnswerGroup, ...]:
    """Groups for every part, in part order, largest group first; merged up to equivalence given `parts`."""
    buckets: dict[str, dict[tuple[str, str, float, str], list[tuple[str, PartResult]]]] = {
        pid: defaultdict(list) for pid in part_ids}
    for s in students:
        for p in s.parts:
            if p.id in buckets:
                buckets[p.id][_key(p)].append((s.id, p))
    out: list[AnswerGroup] = []
    for pid in part_ids:
        groups = sorted(buckets[pid].items(), key=lambda kv: (-len(kv[1]), kv[0][1], kv[0][0]))
        mine = []
        for (status, shown, score, feedback), members in groups:
            first = members[0][1]
            mine.append((AnswerGroup(part=pid, answer=first.answer or "", interpreted_as=shown, status=first.status,
                                     score=score, max=first.max, feedback=feedback,
                                     students=tuple(sorted(sid for sid, _ in members))), first.fingerprint))
        out.extend(_merge(mine, parts[pid]) if parts and pid in parts else [g for g, _ in mine])
    return tuple(out)

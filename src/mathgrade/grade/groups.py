"""Answer groups: per part, the distinct answers of a class with their verdict and who gave them.

Answers group by what the grader understood (the canonical rendering of the parsed value) and the verdict, so
`1/sqrt(2)` and `\\frac{\\sqrt2}{2}` fall together; unreadable and blank answers group by their text.
"""

from __future__ import annotations

from collections import defaultdict

from mathgrade.grade.results import AnswerGroup, PartResult, StudentResult


def _key(p: PartResult) -> tuple[str, str, float, str]:
    shown = p.interpreted_as.text if p.interpreted_as is not None else " ".join((p.answer or "").split())
    return (p.status.value, shown, p.score, p.feedback)


def answer_groups(students: tuple[StudentResult, ...], part_ids: list[str]) -> tuple[AnswerGroup, ...]:
    """Groups for every part, in part order, largest group first (ties by interpretation)."""
    buckets: dict[str, dict[tuple[str, str, float, str], list[tuple[str, PartResult]]]] = {
        pid: defaultdict(list) for pid in part_ids}
    for s in students:
        for p in s.parts:
            if p.id in buckets:
                buckets[p.id][_key(p)].append((s.id, p))
    out: list[AnswerGroup] = []
    for pid in part_ids:
        groups = sorted(buckets[pid].items(), key=lambda kv: (-len(kv[1]), kv[0][1], kv[0][0]))
        for (status, shown, score, feedback), members in groups:
            first = members[0][1]
            out.append(AnswerGroup(part=pid, answer=first.answer or "", interpreted_as=shown, status=first.status,
                                   score=score, max=first.max, feedback=feedback,
                                   students=tuple(sorted(sid for sid, _ in members))))
    return tuple(out)

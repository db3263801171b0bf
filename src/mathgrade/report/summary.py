"""The class summary page (`<out>/index.html`): distribution, item difficulty, answer groups, links.

Everything here reads results; the statistics are plain arithmetic over scores the grader already gave.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass

from mathgrade.grade.results import AnswerGroup, ClassResult, SubmissionStatus
from mathgrade.report.html import environment, page_of
from mathgrade.spec import Assignment

BINS = 10


@dataclass(frozen=True)
class PartStats:
    """One part across the class: mean points, share fully correct, points lost in total, over the answers the
    grader decided; answers waiting for the instructor (`manual`) are `pending`, neither right nor lost.
    `mean` and `share_correct` are None when every answer is pending."""

    id: str
    max: float
    mean: float | None
    share_correct: float | None
    lost: float
    answered: int
    pending: int = 0


@dataclass(frozen=True)
class Bin:
    """A histogram bar: scores in [low, high) (the last bar includes the maximum)."""

    low: float
    high: float
    count: int


def part_stats(result: ClassResult) -> list[PartStats]:
    """Per-part statistics over graded submissions, sorted by points lost (most first), then part order."""
    graded = [s for s in result.students if s.status is SubmissionStatus.GRADED]
    if not graded:
        return []
    order = [p.id for p in graded[0].parts]
    out = []
    for k, pid in enumerate(order):
        parts = [s.parts[k] for s in graded]
        top = parts[0].max
        decided = [p for p in parts if p.status.value != "manual"]
        out.append(PartStats(
            pid, top, statistics.fmean(p.score for p in decided) if decided else None,
            sum(p.status.value == "correct" for p in decided) / len(decided) if decided else None,
            sum(top - p.score for p in decided), sum(p.answer is not None for p in parts),
            len(parts) - len(decided)))
    return sorted(out, key=lambda s: (-s.lost, order.index(s.id)))


def histogram(scores: list[float], maximum: float, bins: int = BINS) -> list[Bin]:
    """Equal-width bins from 0 to the maximum score."""
    width = maximum / bins if maximum > 0 else 1.0
    counts = [0] * bins
    for s in scores:
        counts[min(bins - 1, max(0, int(s / width)))] += 1
    return [Bin(round(k * width, 4), round((k + 1) * width, 4), c) for k, c in enumerate(counts)]


def groups_by_part(result: ClassResult) -> dict[str, list[AnswerGroup]]:
    out: dict[str, list[AnswerGroup]] = {}
    for g in result.groups:
        out.setdefault(g.part, []).append(g)
    return out


def class_summary_html(assignment: Assignment, result: ClassResult) -> str:
    """The summary page for the whole class."""
    graded = [s for s in result.students if s.status is SubmissionStatus.GRADED]
    scores = [s.score for s in graded]
    bins = histogram(scores, result.max_points)
    stats = part_stats(result)
    return environment().get_template("index.html.j2").render(
        assignment=assignment, result=result, graded=len(graded), errors=len(result.students) - len(graded),
        mean=statistics.fmean(scores) if scores else 0.0, median=statistics.median(scores) if scores else 0.0,
        bins=bins, tallest=max((b.count for b in bins), default=0) or 1, parts=stats,
        pending=sum(p.pending for p in stats),
        groups=groups_by_part(result), prompts={p.id: p.prompt for p in assignment.parts},
        pages={s.id: page_of(s) for s in result.students})

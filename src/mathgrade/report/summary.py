"""The class summary page (`<out>/index.html`): what needs the instructor first, then a student × part grid,
parts by points lost, the distribution and the answer groups with a ready-to-copy override for each.

Everything here reads results; the statistics are plain arithmetic over scores the grader already gave.
"""

from __future__ import annotations

from collections.abc import Callable

import base64
import hashlib
import json
import statistics
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from markupsafe import Markup, escape

from mathgrade.check.verdict import Status
from mathgrade.grade.ids import page_name
from mathgrade.grade.results import AnswerGroup, ClassResult, PartResult, StudentResult, SubmissionStatus
from mathgrade.grade.sheets import DOCUMENT_SUFFIXES
from mathgrade.report.html import environment, page_of
from mathgrade.report.views import answer_html, rendering_html, review_note, said_html, same_reading
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
    blank: float = 0.0
    """Points lost to parts left blank (or not found in a document)."""
    wrong: float = 0.0
    """Points lost to answers judged wrong or unreadable."""
    partly: float = 0.0
    """Points lost within partly correct answers."""


@dataclass(frozen=True)
class Bin:
    """A histogram bar: scores in [low, high) (the last bar includes the maximum)."""

    low: float
    high: float
    count: int


# Literal templates: Markup.format escapes every argument, so student text inside them stays text.
_BLANK = Markup("<em>blank</em>")  # trusted literal
_CELL_BEFORE = Markup('<td class="cell num {}" data-sort="{}"><a href="')  # trusted literal
_CELL_AFTER = Markup('#part-{}" aria-label="{}"><span aria-hidden="true">{} {}</span></a></td>')  # trusted literal
_NAME = Markup('<span class="name">{}</span>')  # trusted literal
_ROW_HEAD_TEXT = ('<tr><th scope="row" data-sort="{0}"><a href="{1}">{0}</a>{2}</th>'
                  '<td class="num" data-sort="{3}">{3}{4}</td>')
_ROW_HEAD = Markup(_ROW_HEAD_TEXT)  # trusted literal


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
            len(parts) - len(decided),
            sum(top - p.score for p in decided if p.status is Status.MISSING),
            sum(top - p.score for p in decided if p.status not in (Status.MISSING, Status.PARTIAL)),
            sum(top - p.score for p in decided if p.status is Status.PARTIAL)))
    return sorted(out, key=lambda s: (-s.lost, order.index(s.id)))


def histogram(scores: list[float], maximum: float, bins: int = BINS) -> list[Bin]:
    """Equal-width bins from 0 to the maximum score."""
    width = maximum / bins if maximum > 0 else 1.0
    counts = [0] * bins
    for s in scores:
        counts[min(bins - 1, max(0, int(s / width)))] += 1
    return [Bin(round(k * width, 4), round((k + 1) * width, 4), c) for k, c in enumerate(counts)]


GRID_ROWS = 1000
"""The grid shows at most this many students (by id); grades.csv and results.json have everyone."""
LIST_LIMIT = 60
"""Each "needs attention" list names at most this many, then says how many more."""


@dataclass(frozen=True)
class Attention:
    """Something the instructor should look at: a submission (`part` None) or one student's part."""

    student: str
    part: str | None
    note: str


# The order of the "needs attention" lists: what blocks a grade first, then what may hide a wrong grade.
ATTENTION = {
    "unreadable": "Submissions that could not be read",
    "error": "Answers the grader failed on (internal error)",
    "review": "Answers the document reader was unsure about",
    "not_found": "Parts not found in a worked solution",
    "invalid": "Answers that could not be read",
    "unknown": "Answers to parts this assignment does not have",
    "pending": "Answers waiting to be graded by hand",
}


def needs_attention(result: ClassResult) -> dict[str, list[Attention]]:
    """Per kind (see ATTENTION), the students and parts that need the instructor, in student order."""
    out: dict[str, list[Attention]] = {k: [] for k in ATTENTION}
    for s in result.students:
        if s.status is SubmissionStatus.ERROR:
            out["unreadable"].append(Attention(s.id, None, s.error or ""))
            continue
        document = s.file.lower().endswith(DOCUMENT_SUFFIXES)
        if s.unknown_parts:
            out["unknown"].append(Attention(s.id, None, ", ".join(s.unknown_parts)))
        for p in s.parts:
            note = review_note(p)
            if note:
                out["review"].append(Attention(s.id, p.id, note))
            if p.status is Status.ERROR:
                out["error"].append(Attention(s.id, p.id, p.feedback))
            elif p.status is Status.INVALID:
                out["invalid"].append(Attention(s.id, p.id, p.feedback))
            elif p.status is Status.MANUAL:
                out["pending"].append(Attention(s.id, p.id, ""))
            elif p.status is Status.MISSING and document and p.answer is None:
                out["not_found"].append(Attention(s.id, p.id, ""))
    return {k: v for k, v in out.items() if v}


def _pending_points(s: StudentResult) -> float:
    return sum(p.max for p in s.parts if p.status is Status.MANUAL)


def override_entry(group: AnswerGroup) -> str:
    """The overrides.yaml entries that change this group's judgement, ready to paste under `overrides:`.

    One `answer:` entry covers every equivalent answer; blank and unreadable answers match no sample, so those
    get one `student:` entry each. JSON strings are valid YAML double-quoted scalars: any answer text survives.
    """
    action = "reject" if group.status is Status.CORRECT else "accept"
    tail = (f"    action: {action}  # or: points: <0 to {group.max:g}>\n"
            f"    reason: \"<why; students see this>\"\n")
    if group.status in (Status.MISSING, Status.INVALID, Status.ERROR) or not group.answer.strip():
        return "".join(f"  - part: {json.dumps(group.part)}\n    student: {json.dumps(sid, ensure_ascii=False)}\n"
                       + tail for sid in group.students[:LIST_LIMIT])
    return (f"  - part: {json.dumps(group.part)}\n"
            f"    answer: {json.dumps(group.answer, ensure_ascii=False)}\n" + tail)


@dataclass(frozen=True)
class GroupView:
    """An answer group as the page shows it: the answer and the grader's reading rendered, the feedback."""

    group: AnswerGroup
    answer: Markup
    understood: Markup | None
    feedback: Markup
    override: str


def _group_views(result: ClassResult) -> dict[str, list[GroupView]]:
    """Each group with the rendering of its first student's part (the grader's reading, as LaTeX)."""
    by_student = {s.id: s for s in reversed(result.students)}
    out: dict[str, list[GroupView]] = {}
    for g in result.groups:
        sample: PartResult | None = None
        first = by_student.get(g.students[0]) if g.students else None
        if first is not None:
            sample = next((p for p in first.parts if p.id == g.part), None)
        shown = sample.interpreted_as if sample is not None else None
        answer = answer_html(g.answer) if g.answer.strip() else _BLANK
        understood = None
        if shown is not None and (shown.latex or shown.text) and not same_reading(g.answer, shown):
            understood = rendering_html(shown, sample.wrong_entries if sample is not None else ())
        feedback = said_html(g.feedback, sample.message if sample is not None else None)
        out.setdefault(g.part, []).append(GroupView(g, answer, understood, feedback, override_entry(g)))
    return out


@lru_cache(maxsize=4096)
def _cell(part: PartResult) -> tuple[str, str]:
    """A grid cell around its link's target file, which differs per student: (before, after) the file name."""
    status = part.status.value
    marks, words = environment().globals["status_marks"], environment().globals["status_words"]
    graded = part.status is not Status.MANUAL
    label = f"{part.id}: {words[status]}" + (f", {part.score:g} of {part.max:g}" if graded else "")
    before = _CELL_BEFORE.format(
        status, f"{part.score:g}" if graded else "-1")
    after = _CELL_AFTER.format(
        part.id, label, marks[status], f"{part.score:g}" if graded else "")
    return str(before), str(after)


def grid_rows(students: tuple[StudentResult, ...], link: Callable[[str], str]) -> Markup:
    """The grid's body rows, built here rather than in the template: a class of thousands has a hundred
    thousand cells, and most are one of a few part results. `link` gives a student's report file."""
    rows = []
    for s in students:
        href = str(escape(link(s.id)))
        name = _NAME.format(s.name) if s.name and s.name != s.id else ""
        head = _ROW_HEAD.format(
            s.id, href, name, f"{s.score:g}", " (unreadable)" if s.status is SubmissionStatus.ERROR else "")
        rows.append(str(head) + "".join(before + href + after for before, after in map(_cell, s.parts)) + "</tr>")
    return Markup("\n".join(rows))  # trusted: every piece escaped by Markup.format above


@lru_cache(maxsize=1)
def sort_script() -> tuple[Markup, Markup]:
    """The grid's sorting script and its CSP hash: the only script any report runs, allowed by that hash."""
    text = resources.files("mathgrade.report").joinpath("templates/sort.js").read_text(encoding="utf-8")
    digest = base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")
    return Markup(text), Markup(f"'sha256-{digest}'")  # trusted: our own file and its hash


def class_summary_html(assignment: Assignment, result: ClassResult) -> str:
    """The summary page for the whole class."""
    graded = [s for s in result.students if s.status is SubmissionStatus.GRADED]
    scores = [s.score for s in graded]
    bins = histogram(scores, result.max_points)
    stats = part_stats(result)
    # Pending answers are neither right nor wrong yet: a student's share is over the points graded so far.
    shares = [s.score / (s.max - _pending_points(s)) for s in graded if s.max - _pending_points(s) > 0]
    script, script_hash = sort_script()
    order = [p.id for p in assignment.parts]
    # A student's report file is the one unique_ids gave it (reserved ids such as `index` get a prefix).
    pages = {s.id: page_of(s) for s in result.students}

    def link(student_id: str) -> str:
        return pages.get(student_id) or page_name(student_id)

    return environment().get_template("index.html.j2").render(
        assignment=assignment, result=result, graded=len(graded), errors=len(result.students) - len(graded),
        mean=statistics.fmean(scores) if scores else 0.0, median=statistics.median(scores) if scores else 0.0,
        mean_share=statistics.fmean(shares) if shares else None,
        bins=bins, tallest=max((b.count for b in bins), default=0) or 1, parts=stats,
        pending=sum(p.pending for p in stats), attention=needs_attention(result), attention_titles=ATTENTION,
        list_limit=LIST_LIMIT, grid=result.students[:GRID_ROWS], grid_limit=GRID_ROWS, order=order,
        grid_rows=grid_rows(result.students[:GRID_ROWS], link),
        groups=_group_views(result), prompts={p.id: p.prompt for p in assignment.parts},
        titles={p.id: p.title for p in assignment.parts}, sort_script=script, script_hash=script_hash,
        report_file=link)

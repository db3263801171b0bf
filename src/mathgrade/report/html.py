"""Per-student HTML reports (Jinja2, autoescaped, no scripts, math as MathML, readable offline and printed)."""

from __future__ import annotations

import multiprocessing as mp
import zlib
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from mathgrade.check.codes import Code
from mathgrade.check.verdict import Status
from mathgrade.grade.ids import page_name
from mathgrade.grade.results import ClassResult, PartResult, StudentResult
from mathgrade.report.files import write_atomic
from mathgrade.report.math import marked_matrix, mathml, prose
from mathgrade.report.views import feedback_html, part_view, rendering_html, report_file
from mathgrade.spec import Assignment

_STATUS_WORDS = {"correct": "Correct", "partial": "Partly correct", "incorrect": "Incorrect",
                 "invalid": "Could not be read", "missing": "No answer", "manual": "To be graded by hand",
                 "error": "Could not be graded"}
# A symbol beside each status word, so that a status never rests on colour alone (hidden from screen readers,
# which read the word).
_STATUS_MARKS = {"correct": "✓", "partial": "◐", "incorrect": "✗", "invalid": "?", "missing": "–",
                 "manual": "✎", "error": "!"}


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    """The template environment: package templates, autoescape on for everything."""
    env = jinja2.Environment(loader=jinja2.PackageLoader("mathgrade.report", "templates"),
                             autoescape=True, trim_blocks=True, lstrip_blocks=True,
                             undefined=jinja2.StrictUndefined)
    env.filters["mathml"] = mathml
    env.filters["prose"] = prose
    env.filters["feedback"] = feedback_html
    env.filters["points"] = lambda v: f"{v:g}"
    env.globals["status_words"] = _STATUS_WORDS
    env.globals["status_marks"] = _STATUS_MARKS
    env.globals["view"] = part_view
    env.globals["report_file"] = report_file
    env.globals["chip"] = chip
    env.globals["marked_matrix"] = marked_matrix
    # The style sheet is the same on every page: rendered once, not included (and re-rendered) per page.
    env.globals["stylesheet"] = Markup(env.get_template("report.css").render())  # trusted: our own CSS file
    return env


# Literal templates: Markup.format escapes every argument (student text stays text; our MathML is Markup).
_CHIP_TEXT = ('<li><a class="chip {0}" href="#part-{1}"><span aria-hidden="true">{2}</span> {1}'
              '<span class="visually-hidden">: {3}</span>{4}</a></li>')
_CHIP = Markup(_CHIP_TEXT)  # trusted literal
_CHIP_POINTS = Markup(' <span class="chip-pts">{}/{}</span>')  # trusted literal
_PROMPT = Markup('  <div class="prompt">{}</div>\n')  # trusted literal
_TITLE = Markup(' <span class="ptitle">{}</span>')  # trusted literal


@lru_cache(maxsize=4096)
def chip(part: PartResult) -> Markup:
    """A part's link in the student page's summary (built here, not in the template: it is on every page, once
    per part, and a class repeats the same few part results)."""
    status = part.status.value
    points = "" if part.status is Status.MANUAL else _CHIP_POINTS.format(f"{part.score:g}", f"{part.max:g}")
    return _CHIP.format(status, part.id, _STATUS_MARKS[status], _STATUS_WORDS[status], points)


def _pending(parts: list[PartResult]) -> float:
    return sum(p.max for p in parts if p.status is Status.MANUAL)


_OVERVIEW_TEXT = ('<li><a href="#problem-{0}" class="prob">Problem {0}</a>{1}\n      <span class="pts">{2}</span>\n'
                  '      <ul class="chips">{3}</ul></li>')
_OVERVIEW = Markup(_OVERVIEW_TEXT)  # trusted literal
_SECTION_TEXT = ('<section class="problem" id="problem-{0}" aria-labelledby="problem-{0}-h">\n'
                 '  <h2 id="problem-{0}-h">Problem {0}{1}</h2>\n{2}')
_SECTION = Markup(_SECTION_TEXT)  # trusted literal
_SECTION_END = Markup('  <p class="back"><a href="#top">Back to the summary</a></p>\n</section>')  # trusted literal


def _problem_score(parts: list[PartResult]) -> str:
    score, top, pending = sum(p.score for p in parts), sum(p.max for p in parts), _pending(parts)
    return f"{score:g} / {top - pending:g}" + (f", {pending:g} by hand" if pending else "")


def student_html(assignment: Assignment, result: StudentResult,
                 fragments: dict[Any, Markup] | None = None) -> str:
    """The report for one student. `fragments` remembers each distinct part's rendered HTML across students
    (a class repeats the same few part results thousands of times); pass one dict for a whole class.

    The per-problem pieces are put together here rather than in the template: they are on every page of a
    class of thousands, and the template engine's per-item cost was most of the time of writing reports."""
    if result.variant:
        # the student's own problem text: prompts with their numbers. Fragments are keyed by the prompt they
        # show, so a part whose prompt uses no drawn value is rendered once for every variant
        from mathgrade.report.handouts import with_numbers  # noqa: PLC0415 - handouts imports this module

        assignment = with_numbers(assignment, result.variant)
    prompts = {p.id: p.prompt for p in assignment.parts}
    titles = {p.id: p.title for p in assignment.parts}
    carries = {p.id: p.follow_through for p in assignment.parts}
    by_id = {part.id: part for part in result.parts}
    problems = [(prob, [by_id[p.id] for p in prob.parts if p.id in by_id]) for prob in assignment.problems]
    env = environment()
    cache: dict[Any, Markup] = {} if fragments is None else fragments

    def fragment(part: PartResult) -> Markup:
        # Under follow-through the part shows the student's own earlier answers too: they are part of the key.
        carried = tuple(by_id[c] for c in carries.get(part.id, ()) if c in by_id) \
            if Code.FOLLOW_THROUGH in part.diagnoses else ()
        key = (part, carried, prompts.get(part.id))
        html = cache.get(key)
        if html is None:
            shown = [(c.id, rendering_html(c.interpreted_as)) for c in carried if c.interpreted_as is not None]
            rendered = env.get_template("part.html.j2").render(part=part, prompts=prompts, titles=titles,
                                                               carried=shown)
            html = cache[key] = Markup(rendered)  # trusted: autoescaped, student text escaped
        return html

    def section(problem: Any) -> tuple[Markup, Markup]:
        key = ("problem", problem.id, problem.prompt)
        head = cache.get(key)
        if head is None:
            prompt = _PROMPT.format(prose(problem.prompt)) if problem.prompt else ""
            head = cache[key] = _SECTION.format(problem.id, f": {problem.title}" if problem.title else "", prompt)
        title = _TITLE.format(problem.title) if problem.title else ""
        return head, title

    # plain str joins of pieces that are already safe: Markup's own join escapes (and copies) each piece again
    overview: list[str] = []
    body: list[str] = []
    for problem, parts in problems:
        head, title = section(problem)
        chips = Markup("".join([chip(p) for p in parts]))  # trusted: each chip() is escaped already
        overview.append(_OVERVIEW.format(problem.id, title, _problem_score(parts), chips))
        body.append("".join([head, "\n".join([fragment(p) for p in parts]), _SECTION_END]))
    return env.get_template("student.html.j2").render(
        assignment=assignment, student=result, pending=_pending(list(result.parts)),
        overview=Markup("\n".join(overview)), body=Markup("\n".join(body)))  # trusted: pieces built above


def page_of(student: StudentResult) -> str:
    """The file name of a student's report: the one `unique_ids` gave it, else what its id alone would get."""
    return student.report or page_name(student.id)


def class_reports(assignment: Assignment, result: ClassResult) -> dict[str, str]:
    """File name → HTML for every student in the batch (small classes and tests; see write_reports)."""
    fragments: dict[Any, Markup] = {}
    return {page_of(s): student_html(assignment, s, fragments) for s in result.students}


def _write_share(assignment: Assignment, students: tuple[StudentResult, ...], out: Path) -> None:
    fragments: dict[Any, Markup] = {}
    for s in students:
        write_atomic(out / page_of(s), student_html(assignment, s, fragments), durable=False)


def _shares(students: tuple[StudentResult, ...], jobs: int) -> list[tuple[StudentResult, ...]]:
    """The students each writer writes: every jobs-th one, or with variants all of a variant's students to one
    writer (its prompts are filled and rendered once, not in every writer)."""
    if not any(s.variant for s in students):
        return [students[k::jobs] for k in range(jobs)]
    shares: list[list[StudentResult]] = [[] for _ in range(jobs)]
    for s in students:
        shares[zlib.crc32(repr(s.variant).encode("utf-8")) % jobs].append(s)
    return [tuple(share) for share in shares]


class ReportWriters:
    """Report-writing processes started by `start_reports`; `join` waits for them and raises if one failed."""

    def __init__(self, children: list[Any]) -> None:
        self.children = children

    def join(self) -> None:
        """Wait for every writer; OSError if any of them failed."""
        for child in self.children:
            child.join()
        failed = [c.exitcode for c in self.children if c.exitcode != 0]
        if failed:
            raise OSError(f"writing reports failed in {len(failed)} worker(s) (exit codes {failed})")


def start_reports(assignment: Assignment, result: ClassResult, out: Path, jobs: int = 1) -> ReportWriters:
    """Start writing every student's report, one at a time (never all pages in memory), in `jobs` forked
    processes, and return at once so the caller can write the class files meanwhile. A small class, one job or
    a platform without fork: written here, before returning."""
    students = result.students
    if jobs <= 1 or len(students) < 200 or "fork" not in mp.get_all_start_methods():
        _write_share(assignment, students, out)
        return ReportWriters([])
    # fork: the children read the results already in memory instead of receiving a pickled copy
    context = mp.get_context("fork")
    children = [context.Process(target=_write_share, args=(assignment, share, out))
                for share in _shares(students, jobs)]
    for child in children:
        child.start()
    return ReportWriters(children)


def write_reports(assignment: Assignment, result: ClassResult, out: Path, jobs: int = 1) -> None:
    """Write every student's report (see start_reports) and wait until all are written."""
    start_reports(assignment, result, out, jobs).join()

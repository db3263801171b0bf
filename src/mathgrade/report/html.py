"""Per-student HTML reports (Jinja2, autoescaped, no scripts, math as MathML, readable offline and printed)."""

from __future__ import annotations

import multiprocessing as mp
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from mathgrade.grade.ids import page_name
from mathgrade.grade.results import ClassResult, PartResult, StudentResult
from mathgrade.report.files import write_atomic
from mathgrade.report.math import marked_matrix, mathml, prose
from mathgrade.spec import Assignment

_STATUS_WORDS = {"correct": "Correct", "partial": "Partly correct", "incorrect": "Incorrect",
                 "invalid": "Could not be read", "missing": "No answer", "manual": "Graded by hand",
                 "error": "Error"}


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    """The template environment: package templates, autoescape on for everything."""
    env = jinja2.Environment(loader=jinja2.PackageLoader("mathgrade.report", "templates"),
                             autoescape=True, trim_blocks=True, lstrip_blocks=True,
                             undefined=jinja2.StrictUndefined)
    env.filters["mathml"] = mathml
    env.filters["prose"] = prose
    env.filters["points"] = lambda v: f"{v:g}"
    env.globals["status_words"] = _STATUS_WORDS
    env.globals["marked_matrix"] = marked_matrix
    # The style sheet is the same on every page: rendered once, not included (and re-rendered) per page.
    env.globals["stylesheet"] = Markup(env.get_template("report.css").render())  # trusted: our own CSS file
    return env


def student_html(assignment: Assignment, result: StudentResult,
                 fragments: dict[PartResult, Markup] | None = None) -> str:
    """The report for one student. `fragments` remembers each distinct part's rendered HTML across students
    (a class repeats the same few part results thousands of times); pass one dict for a whole class."""
    if result.variant:
        # the student's own problem text: prompts with their numbers; fragments remembered per variant
        from mathgrade.report.handouts import with_numbers  # noqa: PLC0415 - handouts imports this module

        assignment = with_numbers(assignment, result.variant)
        fragments = None if fragments is None else fragments.setdefault(result.variant, {})  # type: ignore
    prompts = {p.id: p.prompt for p in assignment.parts}
    titles = {p.id: p.title for p in assignment.parts}
    by_id = {part.id: part for part in result.parts}
    problems = [(prob, [by_id[p.id] for p in prob.parts if p.id in by_id]) for prob in assignment.problems]
    env = environment()
    cache = {} if fragments is None else fragments

    def fragment(part: PartResult) -> Markup:
        html = cache.get(part)
        if html is None:
            rendered = env.get_template("part.html.j2").render(part=part, prompts=prompts, titles=titles)
            html = cache[part] = Markup(rendered)  # trusted: rendered with autoescape on, student text escaped
        return html

    return env.get_template("student.html.j2").render(
        assignment=assignment, student=result, problems=problems, fragment=fragment)


def page_of(student: StudentResult) -> str:
    """The file name of a student's report: the one `unique_ids` gave it, else what its id alone would get."""
    return student.report or page_name(student.id)


def class_reports(assignment: Assignment, result: ClassResult) -> dict[str, str]:
    """File name → HTML for every student in the batch (small classes and tests; see write_reports)."""
    fragments: dict[PartResult, Markup] = {}
    return {page_of(s): student_html(assignment, s, fragments) for s in result.students}


def _write_share(assignment: Assignment, students: tuple[StudentResult, ...], out: Path) -> None:
    fragments: dict[PartResult, Markup] = {}
    for s in students:
        write_atomic(out / page_of(s), student_html(assignment, s, fragments), durable=False)


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
    children = [context.Process(target=_write_share, args=(assignment, students[k::jobs], out))
                for k in range(jobs)]
    for child in children:
        child.start()
    return ReportWriters(children)


def write_reports(assignment: Assignment, result: ClassResult, out: Path, jobs: int = 1) -> None:
    """Write every student's report (see start_reports) and wait until all are written."""
    start_reports(assignment, result, out, jobs).join()

"""Per-student HTML reports (Jinja2, autoescaped, no scripts, math as MathML, readable offline and printed)."""

from __future__ import annotations

import multiprocessing as mp
from functools import lru_cache
from pathlib import Path

import jinja2

from mathgrade.grade.results import ClassResult, StudentResult
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
    return env


def student_html(assignment: Assignment, result: StudentResult) -> str:
    """The report for one student."""
    prompts = {p.id: p.prompt for p in assignment.parts}
    problems = [(prob, [part for part in result.parts if part.id in {p.id for p in prob.parts}])
                for prob in assignment.problems]
    return environment().get_template("student.html.j2").render(
        assignment=assignment, student=result, problems=problems, prompts=prompts)


def class_reports(assignment: Assignment, result: ClassResult) -> dict[str, str]:
    """File name → HTML for every student in the batch (small classes and tests; see write_reports)."""
    return {f"{s.id}.html": student_html(assignment, s) for s in result.students}


def _write_share(assignment: Assignment, students: tuple[StudentResult, ...], out: Path) -> None:
    for s in students:
        write_atomic(out / f"{s.id}.html", student_html(assignment, s), durable=False)


def write_reports(assignment: Assignment, result: ClassResult, out: Path, jobs: int = 1) -> None:
    """Write every student's report, one at a time (never all pages in memory), in `jobs` forked processes."""
    students = result.students
    if jobs <= 1 or len(students) < 200 or "fork" not in mp.get_all_start_methods():
        _write_share(assignment, students, out)
        return
    # fork: the children read the results already in memory instead of receiving a pickled copy
    context = mp.get_context("fork")
    children = [context.Process(target=_write_share, args=(assignment, students[k::jobs], out))
                for k in range(jobs)]
    for child in children:
        child.start()
    for child in children:
        child.join()
    failed = [c.exitcode for c in children if c.exitcode != 0]
    if failed:
        raise OSError(f"writing reports failed in {len(failed)} worker(s) (exit codes {failed})")

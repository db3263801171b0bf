"""Per-student HTML reports (Jinja2, autoescaped, no scripts, math as MathML, readable offline and printed)."""

from __future__ import annotations

from functools import lru_cache

import jinja2

from mathgrade.grade.results import ClassResult, StudentResult
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
    """File name → HTML for every student in the batch."""
    return {f"{s.id}.html": student_html(assignment, s) for s in result.students}

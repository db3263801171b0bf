"""HTML pages: the student's assignment (answer, live preview, submit, verdicts) and the instructor's pages.

Rendered with the report's templates and filters (MathML, escaping, the part fragment), so a verdict reads here as
it does in the batch report. The only script is preview.js, allowed by its hash in the Content-Security-Policy.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
from functools import lru_cache
from importlib import resources
from typing import Any

import jinja2
from markupsafe import Markup
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from mathgrade.errors import UsageError
from mathgrade.grade import with_groups
from mathgrade.grade.results import PartResult
from mathgrade.report.handouts import version_code
from mathgrade.report.html import environment as report_environment
from mathgrade.report.html import student_html
from mathgrade.report.summary import class_summary_html
from mathgrade.serve.course import Closed, Course, part_from
from mathgrade.serve.storage import AttemptLimit, Session, best_points

MAX_FORM_ANSWER = 20_000


@lru_cache(maxsize=1)
def script() -> tuple[Markup, str]:
    """The preview script and its CSP source (`'sha256-…'`), computed from the same text the page embeds."""
    text = resources.files("mathgrade.serve").joinpath("templates/preview.js").read_text(encoding="utf-8")
    digest = base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")
    code = Markup(text)  # trusted: our own file, shipped with the package
    return code, f"'sha256-{digest}'"


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    """Serve templates first, then the report's (for part.html.j2), with the report's filters and globals."""
    base = report_environment()
    env = jinja2.Environment(loader=jinja2.ChoiceLoader([jinja2.PackageLoader("mathgrade.serve", "templates"),
                                                         base.loader]),  # type: ignore[list-item]
                             autoescape=True, trim_blocks=True, lstrip_blocks=True,
                             undefined=jinja2.StrictUndefined)
    env.filters.update(base.filters)
    env.globals.update(base.globals)
    return env


def page(name: str, status: int = 200, **context: Any) -> HTMLResponse:
    """A serve template as a response (`who` defaults to nobody)."""
    context.setdefault("who", "")
    return HTMLResponse(environment().get_template(name).render(**context), status_code=status)


def message(heading: str, text: str, status: int, back: str | None = None) -> HTMLResponse:
    """A page that only says something (refusals, errors)."""
    return page("message.html.j2", status, heading=heading, message=text, error=status >= 400, back=back)


def _fragment(part: PartResult, prompts: dict[str, str], titles: dict[str, str]) -> Markup:
    # The verdict block of the batch report, minus the prompt (the page shows it above the answer box).
    html = environment().get_template("part.html.j2").render(part=part, prompts={part.id: ""},
                                                             titles={part.id: ""}, carried=())
    return Markup(html)  # trusted: rendered with autoescape on


async def assignment_page(request: Request, course: Course, session: Session, assignment_id: str,
                          csrf: str, notice: str = "", notice_error: bool = False) -> Response:
    """The student's page: every part with its answer box, preview, attempts and the verdict that counts."""
    base = course.assignment(assignment_id)
    if base is None:
        return message("Not found", f"There is no assignment {assignment_id!r} here.", 404)
    assignment = course.for_student(base, session.user_key)
    attempts = await course.storage.call(course.storage.attempts, assignment.id, session.user_key)
    result = course.student_result(assignment, session.user_key, attempts)
    best = best_points(attempts)
    latest: dict[str, str] = {}
    last: dict[str, Any] = {}
    used: dict[str, int] = {}
    for a in attempts:
        latest[a.part] = a.answer
        last[a.part] = a
        used[a.part] = used.get(a.part, 0) + 1
    limit = course.policy.attempts
    late = course.is_late(assignment)
    by_part = {p.id: p for p in result.parts}
    return page("assignment.html.j2", assignment=assignment, result=result, by_part=by_part, latest=latest,
                last={p.id: last.get(p.id) for p in assignment.parts},
                last_results={pid: course.shown(assignment, part_from(a.result, a.points)) for pid, a in last.items()},
                used={p.id: used.get(p.id, 0) for p in assignment.parts},
                left={p.id: (limit - used.get(p.id, 0)) if limit else None for p in assignment.parts},
                best=best, policy=course.policy, due=assignment.due, late=late,
                late_penalty=assignment.late_penalty, closed=late and not assignment.late_penalty,
                instructor=session.instructor, csrf=csrf, notice=notice, notice_error=notice_error,
                fragment=lambda p: _fragment(p, {}, {}), script=script()[0], who=session.user_key.rsplit("#")[-1],
                version=version_code(result.variant) if result.variant else "",
                has_variants=base.variants is not None)


async def submit(request: Request, course: Course, session: Session, assignment_id: str, csrf: str) -> Response:
    """Record the submitted answers (one part, or all answered parts), then show the page with the verdicts.
    The attempts are committed before the response; the score goes to the LMS after it."""
    assignment = course.assignment(assignment_id)
    if assignment is None:
        return message("Not found", f"There is no assignment {assignment_id!r} here.", 404)
    assignment = course.for_student(assignment, session.user_key)
    form = await request.form(max_files=0, max_fields=len(assignment.parts) + 4, max_part_size=MAX_FORM_ANSWER * 4)
    which = str(form.get("part") or "*")
    # "Submit all" sends every box, and the boxes hold the last answers: only new answers become attempts.
    latest = {a.part: a.answer for a in await course.storage.call(course.storage.attempts, assignment.id,
                                                                   session.user_key)} if which == "*" else {}
    answers = {}
    for p in assignment.parts:
        text = form.get(f"answer-{p.id}")
        if isinstance(text, str) and text.strip() and which in (p.id, "*") and latest.get(p.id) != text:
            answers[p.id] = text[:MAX_FORM_ANSWER + 1]
    if not answers:
        why = "the answer box was empty" if which != "*" else "no answer box was filled in or changed"
        return await assignment_page(request, course, session, assignment_id, csrf,
                                     f"Nothing was submitted: {why}.", True)
    try:
        made = await course.submit(session, assignment, answers)
    except Closed:
        return await assignment_page(request, course, session, assignment_id, csrf,
                                     f"The due date ({assignment.due}) has passed: answers are no longer accepted.",
                                     True)
    except AttemptLimit as exc:
        return await assignment_page(request, course, session, assignment_id, csrf,
                                     f"Part {exc.args[0]} has no attempts left; nothing was recorded.", True)
    words = ", ".join(f"{a.part}: {a.status}" for a in made)
    response = await assignment_page(request, course, session, assignment_id, csrf, f"Recorded. {words}.")
    if course.tool is not None and not session.instructor:
        from starlette.background import BackgroundTask

        response.background = BackgroundTask(asyncio.to_thread, course.post_score, session, assignment)
    return response


async def summary_page(course: Course, assignment_id: str) -> Response:
    """The batch's class summary, from the attempts that count."""
    assignment = course.assignment(assignment_id)
    if assignment is None:
        return message("Not found", f"There is no assignment {assignment_id!r} here.", 404)
    result, _ = await asyncio.to_thread(course.class_result, assignment)
    html = await asyncio.to_thread(class_summary_html, assignment, with_groups(result, assignment))
    if assignment.variants is not None:
        # The batch summary shows prompts as written; each student's numbers are one link away. Inserted into
        # our own rendered page at its first header end (the link text is a literal, nothing of a student's).
        html = html.replace("</header>", _VARIANTS_LINK + "</header>", 1)
    return HTMLResponse(html)


_VARIANTS_LINK = '<p><a href="variants" id="variants-link">Which variant each student has</a></p>'


async def variants_page(course: Course, assignment_id: str) -> Response:
    """Every student who answered, with their version code and drawn values (the handouts' key, for the class
    as it is in the store)."""
    assignment = course.assignment(assignment_id)
    if assignment is None:
        return message("Not found", f"There is no assignment {assignment_id!r} here.", 404)
    if assignment.variants is None:
        return message("One version", "This assignment has no `variants:`: every student has the same numbers.",
                       404, back=f"/instructor/{assignment_id}/")
    result, _ = await asyncio.to_thread(course.class_result, assignment)
    rows = [(s.id, s.name, version_code(s.variant), s.variant, s.score, s.max) for s in result.students]
    return page("variants.html.j2", assignment=assignment, rows=rows,
                distinct=len({r[3] for r in rows}))


async def student_report(course: Course, assignment_id: str, student_id: str) -> Response:
    """One student's report as the batch writes it (linked from the summary as `<id>.html`)."""
    assignment = course.assignment(assignment_id)
    if assignment is None:
        return message("Not found", f"There is no assignment {assignment_id!r} here.", 404)
    result, _ = await asyncio.to_thread(course.class_result, assignment)
    for s in result.students:
        if s.id == student_id:
            return HTMLResponse(student_html(assignment, s))
    return message("Not found", f"No attempts from {student_id!r}.", 404)


async def regrade_page(course: Course, assignment_id: str, apply: bool, csrf: str) -> Response:
    """Dry run (GET): the scores that would change. Applied (POST): changed, and posted to the LMS."""
    assignment = course.assignment(assignment_id)
    if assignment is None:
        return message("Not found", f"There is no assignment {assignment_id!r} here.", 404)
    try:
        changes = await course.regrade(assignment_id, apply)
    except UsageError as exc:
        return message("Cannot regrade", str(exc), 409)
    except Exception as exc:  # noqa: BLE001 - a spec being edited may not load: say so, keep serving
        return message("Cannot regrade", f"The spec does not load: {exc}", 409)
    return page("regrade.html.j2", assignment=course.assignment(assignment_id) or assignment, changes=changes,
                applied=apply, posted=course.tool is not None, csrf=csrf)


def redirect(url: str) -> RedirectResponse:
    """A 303 (after a POST, the browser GETs the target)."""
    return RedirectResponse(url, status_code=303)

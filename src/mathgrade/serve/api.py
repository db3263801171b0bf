"""The JSON API for other tools in a pipeline, and the live preview the student page calls.

`POST /api/check` is `mathgrade check --batch` over HTTP: one input line as a JSON object in, its output line as a
JSON object out (or arrays of them). `POST /api/grade` takes an answer sheet and returns the student result the
batch would write; `GET /api/results/{assignment}` the class results from the attempts that count.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

from markupsafe import Markup, escape
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from mathgrade.grade.sheets import Submission, safe_id
from mathgrade.report.math import mathml
from mathgrade.report.views import said_html
from mathgrade.serve.course import Course

MAX_BODY = 2_000_000
MAX_LINES = 1000


def problem(status: int, detail: str) -> JSONResponse:
    """An error body: {"error": detail}."""
    return JSONResponse({"error": detail}, status_code=status)


_ERROR = Markup('<span class="error">{}</span>')  # trusted: a literal template; format() escapes every argument


async def _json(request: Request) -> Any:
    body = await request.body()
    if len(body) > MAX_BODY:
        raise ValueError(f"body larger than {MAX_BODY} bytes")
    return json.loads(body)


async def check(request: Request, course: Course) -> Response:
    """One `check --batch` record (object) or many (array, at most MAX_LINES), each checked under the limits."""
    try:
        data = await _json(request)
    except (ValueError, UnicodeDecodeError) as exc:
        return problem(400, f"the body must be JSON: {exc}")
    records = data if isinstance(data, list) else [data]
    if len(records) > MAX_LINES:
        return problem(413, f"at most {MAX_LINES} records per request")
    out = []
    for n, record in enumerate(records, start=1):
        line = json.dumps(record)
        reply = await course.pool.check_line(line, n)
        if isinstance(record, dict) and "id" in record and reply.get("id") == n:
            reply["id"] = record["id"]  # a verdict made in this process (overrun) keeps the caller's id too
        out.append(reply)
    return JSONResponse(out if isinstance(data, list) else out[0])


async def grade(request: Request, course: Course) -> Response:
    """An answer sheet ({assignment, student: {id, name, email}, answers: {part: text}}) → the student result.
    Nothing is recorded: this is the batch's grading of one sheet, for pipelines."""
    try:
        data = await _json(request)
    except (ValueError, UnicodeDecodeError) as exc:
        return problem(400, f"the body must be JSON: {exc}")
    if not isinstance(data, dict):
        return problem(400, "the body must be an answer sheet object")
    assignment = course.assignment(str(data.get("assignment", "")))
    if assignment is None:
        return problem(404, f"no assignment {data.get('assignment')!r} (known: {', '.join(sorted(course.specs))})")
    student = data.get("student") or {}
    answers = data.get("answers")
    if not isinstance(student, dict) or not isinstance(answers, dict):
        return problem(400, "`student` must be an object and `answers` an object from part id to text")
    if not all(isinstance(v, (str, int, float)) and not isinstance(v, bool) for v in answers.values()):
        return problem(400, "every answer must be text or a number")
    sid = safe_id(str(student.get("id") or "student"))
    sub = Submission(file="api", student_id=sid, name=str(student.get("name") or sid),
                     email=str(student.get("email") or ""), answers=tuple((str(k), str(v)) for k, v in answers.items()),
                     assignment=assignment.id)
    result = await course.pool.grade(assignment.id, sub)
    known = {p.id for p in assignment.parts}
    body = result.to_dict()
    unknown = sorted(k for k in map(str, answers) if k not in known)
    if unknown:
        body["unknown_parts"] = unknown
    return JSONResponse(body)


async def results(course: Course, assignment_id: str) -> Response:
    """The class results (the batch's results.json shape) from the attempts that count."""
    assignment = course.assignment(assignment_id)
    if assignment is None:
        return problem(404, f"no assignment {assignment_id!r}")
    result, _ = await asyncio.to_thread(course.class_result, assignment)
    return JSONResponse(result.to_dict())


async def preview(request: Request, course: Course, assignment_id: str | None) -> Response:
    """{assignment, part, answer} → {html: MathML of how it reads, text, error}; parsing only, under limits."""
    try:
        data = await _json(request)
    except (ValueError, UnicodeDecodeError) as exc:
        return problem(400, f"the body must be JSON: {exc}")
    if not isinstance(data, dict) or not isinstance(data.get("answer"), str):
        return problem(400, "send {assignment, part, answer}")
    aid = str(data.get("assignment"))
    if assignment_id is not None and aid != assignment_id:
        return problem(403, "this session is for another assignment")
    assignment = course.assignment(aid)
    part = str(data.get("part"))
    if assignment is None or part not in {p.id for p in assignment.parts}:
        return problem(404, "no such assignment or part")
    text = data["answer"]
    if not text.strip():
        return JSONResponse({"html": "", "text": "", "error": None})
    if len(text) > 20_000:
        return JSONResponse({"html": "<span class=\"error\">too long to read</span>", "text": "",
                             "error": "too long"})
    shown = await course.pool.preview(aid, part, text)
    if shown.error is not None:
        html = str(_ERROR.format(said_html(shown.error, shown.message)))
    elif shown.latex:
        html = str(mathml(shown.latex))
    else:
        html = str(escape(shown.text)) if shown.text else ""
    return JSONResponse({"html": html, "text": shown.text, "error": shown.error})


_VERDICT = {"type": "object", "required": ["id", "status", "score", "interpreted_as", "feedback"],
            "properties": {"id": {}, "status": {"type": "string", "enum": ["correct", "partial", "incorrect",
                                                                          "invalid", "missing", "manual", "error"]},
                           "score": {"type": "number"}, "interpreted_as": {"type": ["object", "null"]},
                           "feedback": {"type": "string"}, "column": {"type": "integer"}}}
_RECORD = {"type": "object", "required": ["answer", "expected"],
           "properties": {"id": {}, "answer": {"type": "string"}, "expected": {"type": "string"},
                          "kind": {"type": "string"}, "rtol": {"type": "number"}, "atol": {"type": "number"},
                          "exact": {"type": "boolean"}}}
_SHEET = {"type": "object", "required": ["assignment", "answers"],
          "properties": {"assignment": {"type": "string"},
                         "student": {"type": "object", "properties": {"id": {"type": "string"},
                                                                      "name": {"type": "string"},
                                                                      "email": {"type": "string"}}},
                         "answers": {"type": "object", "additionalProperties": {"type": "string"}}}}


def _op(summary: str, body: dict[str, Any] | None, reply: dict[str, Any], **extra: Any) -> dict[str, Any]:
    out: dict[str, Any] = {"summary": summary, "security": [{"bearer": []}, {"session": []}],
                           "responses": {"200": {"description": "OK", "content": {"application/json": {
                               "schema": reply}}},
                                         "401": {"description": "not signed in"},
                                         "403": {"description": "not allowed for this role or assignment"}}}
    if body is not None:
        out["requestBody"] = {"required": True, "content": {"application/json": {"schema": body}}}
    out.update(extra)
    return out


def openapi() -> dict[str, Any]:
    """The OpenAPI 3.1 description of the JSON API (served at /openapi.json)."""
    return {
        "openapi": "3.1.0",
        "info": {"title": "mathgrade serve", "version": "1",
                 "description": "Checks and grading under the batch's limits. Authenticate with the admin token "
                                "(Authorization: Bearer ...) or an instructor session."},
        "components": {"securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"},
                                           "session": {"type": "apiKey", "in": "cookie", "name": "mg_session"}}},
        "paths": {
            "/api/check": {"post": _op("Check answers against expected answers (the `check --batch` contract: one "
                                       "input line per object, its output line per object)",
                                       {"oneOf": [_RECORD, {"type": "array", "items": _RECORD,
                                                            "maxItems": MAX_LINES}]},
                                       {"oneOf": [_VERDICT, {"type": "array", "items": _VERDICT}]})},
            "/api/grade": {"post": _op("Grade one answer sheet against an assignment; nothing is recorded",
                                       _SHEET, {"type": "object", "description": "a student result, as in "
                                                "results.json"})},
            "/api/results/{assignment}": {"get": _op(
                "Class results from the attempts that count (results.json shape)", None,
                {"type": "object", "properties": {"assignment": {"type": "string"}, "max_points": {"type": "number"},
                                                  "students": {"type": "array"}}},
                parameters=[{"name": "assignment", "in": "path", "required": True, "schema": {"type": "string"}}])},
            "/api/preview": {"post": _op(
                "How an answer reads (MathML), for the student page's live preview; needs the X-CSRF-Token header",
                {"type": "object", "required": ["assignment", "part", "answer"],
                 "properties": {"assignment": {"type": "string"}, "part": {"type": "string"},
                                "answer": {"type": "string"}}},
                {"type": "object", "properties": {"html": {"type": "string"}, "text": {"type": "string"},
                                                  "error": {"type": ["string", "null"]}}})},
        },
    }

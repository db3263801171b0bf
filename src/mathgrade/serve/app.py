"""The ASGI application: routes, who may call them, and the security headers on every response.

Starlette: a small, maintained ASGI toolkit (routing, forms, background tasks, a test client) without an ORM or a
validation layer we would not use; uvicorn runs it. Every route but the LTI entry points, the tool's public key
set and the OpenAPI description needs a session (cookie, from an LTI launch or the admin sign-in) or the admin
token (Authorization: Bearer), and instructor routes need an instructor.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import logging
import secrets
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from mathgrade.report.summary import sort_script
from mathgrade.serve import api, pages
from mathgrade.serve.course import Course
from mathgrade.serve.lti import LaunchError, Tool
from mathgrade.serve.storage import Session

log = logging.getLogger("mathgrade.serve")
COOKIE = "mg_session"
ADMIN = "local#admin"


class Denied(Exception):
    """Not signed in (401) or not allowed (403)."""

    def __init__(self, status: int, why: str) -> None:
        super().__init__(why)
        self.status = status


def csrf_token(session: Session) -> str:
    """The form token of a session: derived from its secret cookie, so another site cannot know it."""
    return hmac.new(session.token.encode(), b"csrf", hashlib.sha256).hexdigest()


class Server:
    """What the routes share: the course, the LTI tool (or None), the admin token, cookie settings."""

    def __init__(self, course: Course, tool: Tool | None, admin_token: str, secure: bool = False,
                 frame_ancestors: str = "'self'") -> None:
        self.course = course
        self.tool = tool
        self.admin_token = admin_token
        self.secure = secure
        self.frame_ancestors = frame_ancestors

    async def session(self, request: Request) -> Session | None:
        """The caller's session: the admin token as a bearer, a bearer session token, or the session cookie."""
        auth = request.headers.get("authorization", "")
        token = auth[7:].strip() if auth.lower().startswith("bearer ") else request.cookies.get(COOKIE, "")
        if not token:
            return None
        if secrets.compare_digest(token.encode(), self.admin_token.encode()):
            return Session(token="", user_key=ADMIN, role="instructor", assignment=None)
        return await self.course.storage.call(self.course.storage.session, token)  # type: ignore[no-any-return]

    async def require(self, request: Request, assignment: str | None = None, instructor: bool = False,
                      form: bool = False) -> Session:
        """The session, if it may act on `assignment` (and as an instructor when asked); else Denied.
        `form`: a state-changing cookie request must carry the session's CSRF token."""
        session = await self.session(request)
        if session is None:
            raise Denied(401, "Please open this assignment from your course page (or sign in as the instructor).")
        if instructor and not session.instructor:
            raise Denied(403, "This page is for instructors.")
        if assignment is not None and session.assignment not in (None, assignment):
            raise Denied(403, "This session is for another assignment.")
        if form and session.token:
            sent = request.headers.get("x-csrf-token") or ""
            if not sent and request.headers.get("content-type", "").startswith(
                    ("application/x-www-form-urlencoded", "multipart/form-data")):
                sent = str((await request.form(max_files=0)).get("csrf") or "")
            if not hmac.compare_digest(sent, csrf_token(session)):
                raise Denied(403, "The form expired or came from another site; reload the page and try again.")
        return session

    def sign_in(self, session: Session, target: str) -> RedirectResponse:
        """Redirect to `target` with the session cookie set."""
        response = RedirectResponse(target, status_code=303)
        response.set_cookie(COOKIE, session.token, httponly=True, secure=self.secure,
                            samesite="none" if self.secure else "lax", max_age=12 * 3600, path="/")
        return response


def build_app(server: Server) -> Starlette:
    """The Starlette app for a configured server (tests build one around a temporary course)."""
    s = server
    course = server.course

    async def home(request: Request) -> Response:
        session = await s.session(request)
        if session is None:
            return pages.message("Sign in", "Open this tool from your course page, or sign in as the instructor "
                                 "at /admin/login.", 401)
        if session.assignment:
            return RedirectResponse(f"/assignments/{session.assignment}", status_code=303)
        links = ", ".join(sorted(course.specs))
        return pages.message("Assignments", f"Assignments served here: {links}. Open /instructor/ID/ for one.", 200)

    async def admin_login(request: Request) -> Response:
        if request.method == "GET":
            return pages.page("admin.html.j2", refused=False)
        form = await request.form(max_files=0, max_fields=2)
        token = str(form.get("token") or "")
        if not secrets.compare_digest(token.encode(), s.admin_token.encode()):
            return pages.page("admin.html.j2", 403, refused=True)
        session = await asyncio.to_thread(course.storage.start_session, ADMIN, "Instructor", "", "instructor", None)
        return s.sign_in(session, "/")

    async def lti_login(request: Request) -> Response:
        if s.tool is None:
            return pages.message("LTI is off", "This server was started without LTI platforms (--lti).", 404)
        params = dict(request.query_params)
        if request.method == "POST":
            params.update({k: str(v) for k, v in (await request.form(max_files=0)).items()})
        try:
            return RedirectResponse(s.tool.login(params), status_code=302)
        except LaunchError as exc:
            return pages.message("Cannot start", str(exc), 400)

    async def lti_launch(request: Request) -> Response:
        if s.tool is None:
            return pages.message("LTI is off", "This server was started without LTI platforms (--lti).", 404)
        form = await request.form(max_files=0, max_fields=8)
        try:
            launch = await asyncio.to_thread(s.tool.launch, str(form.get("id_token") or ""),
                                             str(form.get("state") or ""))
        except LaunchError as exc:
            log.info("launch refused: %s", exc)
            return pages.message("Launch refused", f"This launch could not be verified ({exc.refusal.value}).", 401)
        wanted = launch.assignment if launch.assignment in course.specs else None
        assignment = await asyncio.to_thread(course.storage.link, launch.platform.issuer, launch.resource_link,
                                             wanted)
        if assignment is None or assignment not in course.specs:
            return pages.message("No assignment", "This link names no assignment served here (set the custom "
                                 "parameter assignment=ID on the link).", 404)
        spec = course.specs[assignment][1]
        lineitem = None
        try:
            lineitem = await asyncio.to_thread(s.tool.lineitem, launch, assignment, spec.max_points, spec.title)
        except Exception as exc:  # noqa: BLE001 - no gradebook column: the student can still work
            log.warning("no line item for %s: %s", assignment, exc)
        user = f"{launch.platform.issuer}#{launch.sub}"
        session = await asyncio.to_thread(
            course.storage.start_session, user, launch.name, launch.email,
            "instructor" if launch.instructor else "learner", assignment, issuer=launch.platform.issuer,
            client_id=launch.platform.client_id, lineitem=lineitem, lineitems=launch.lineitems,
            resource_link=launch.resource_link)
        return s.sign_in(session, f"/instructor/{assignment}/" if launch.instructor else f"/assignments/{assignment}")

    async def jwks(request: Request) -> Response:
        return JSONResponse(s.tool.jwks() if s.tool else {"keys": []})

    async def assignment_page(request: Request) -> Response:
        aid = request.path_params["assignment"]
        session = await s.require(request, aid)
        return await pages.assignment_page(request, course, session, aid, csrf_token(session))

    async def submit(request: Request) -> Response:
        aid = request.path_params["assignment"]
        session = await s.require(request, aid, form=True)
        if not session.token:
            return pages.message("Sign in", "Submitting needs a session (sign in at /admin/login).", 401)
        return await pages.submit(request, course, session, aid, csrf_token(session))

    async def preview(request: Request) -> Response:
        session = await s.require(request, form=True)
        return await api.preview(request, course, session.assignment)

    async def summary(request: Request) -> Response:
        aid = request.path_params["assignment"]
        await s.require(request, aid, instructor=True)
        return await pages.summary_page(course, aid)

    async def student(request: Request) -> Response:
        aid = request.path_params["assignment"]
        await s.require(request, aid, instructor=True)
        return await pages.student_report(course, aid, request.path_params["student"])

    async def variants(request: Request) -> Response:
        aid = request.path_params["assignment"]
        await s.require(request, aid, instructor=True)
        return await pages.variants_page(course, aid)

    async def regrade(request: Request) -> Response:
        aid = request.path_params["assignment"]
        session = await s.require(request, aid, instructor=True, form=request.method == "POST")
        return await pages.regrade_page(course, aid, request.method == "POST", csrf_token(session))

    async def api_check(request: Request) -> Response:
        await s.require(request, instructor=True, form=True)
        return await api.check(request, course)

    async def api_grade(request: Request) -> Response:
        await s.require(request, instructor=True, form=True)
        return await api.grade(request, course)

    async def api_results(request: Request) -> Response:
        aid = request.path_params["assignment"]
        await s.require(request, aid, instructor=True)
        return await api.results(course, aid)

    async def openapi(request: Request) -> Response:
        return JSONResponse(api.openapi())

    async def denied(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, Denied)
        if request.url.path.startswith("/api/"):
            return api.problem(exc.status, str(exc))
        return pages.message("Not signed in" if exc.status == 401 else "Not allowed", str(exc), exc.status)

    routes = [
        Route("/", home), Route("/admin/login", admin_login, methods=["GET", "POST"]),
        Route("/lti/login", lti_login, methods=["GET", "POST"]), Route("/lti/launch", lti_launch, methods=["POST"]),
        Route("/.well-known/jwks.json", jwks), Route("/openapi.json", openapi),
        Route("/assignments/{assignment}", assignment_page),
        Route("/assignments/{assignment}/submit", submit, methods=["POST"]),
        Route("/instructor/{assignment}/", summary),
        Route("/instructor/{assignment}/regrade", regrade, methods=["GET", "POST"]),
        Route("/instructor/{assignment}/variants", variants),
        Route("/instructor/{assignment}/{student}.html", student),
        Route("/api/preview", preview, methods=["POST"]), Route("/api/check", api_check, methods=["POST"]),
        Route("/api/grade", api_grade, methods=["POST"]), Route("/api/results/{assignment}", api_results),
    ]

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        yield
        course.pool.close()

    # Two scripts run, both our own files allowed by their hashes: the student page's preview, and the sorting of
    # the batch's class summary (which carries the same hash in its own meta CSP; both policies must allow it).
    headers = _headers(f"{pages.script()[1]} {sort_script()[1]}", server.frame_ancestors)
    return Starlette(routes=routes, exception_handlers={Denied: denied}, lifespan=lifespan,
                     middleware=[Middleware(_Headers, headers=headers), Middleware(_BodyLimit)])


def _headers(script_hash: str, frame_ancestors: str) -> dict[str, str]:
    csp = (f"default-src 'none'; script-src {script_hash}; style-src 'unsafe-inline'; img-src data:; "
           f"connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors {frame_ancestors}")
    return {"Content-Security-Policy": csp, "X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer",
            "Cache-Control": "no-store"}


MAX_REQUEST_BYTES = 2_000_000


class _TooLarge(Exception):
    """A streamed request body passed MAX_REQUEST_BYTES."""


class _BodyLimit:
    """Refuses request bodies over MAX_REQUEST_BYTES (413) before anything reads them: Starlette's form parser
    bounds each field (1 MB) and the number of fields (1000), not the body, which could reach a gigabyte."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers", [])).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > MAX_REQUEST_BYTES):
            await _too_large(send)
            return
        seen = 0
        started = False

        async def counted() -> Any:
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > MAX_REQUEST_BYTES:
                raise _TooLarge()
            return message

        async def watched(message: Any) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counted, watched)
        except _TooLarge:
            if started:
                raise
            await _too_large(send)  # a streamed body without a declared size, cut off at the limit


async def _too_large(send: Any) -> None:
    body = b'{"error": "request body too large"}'
    await send({"type": "http.response.start", "status": 413,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})


class _Headers:
    """Adds the security headers to every HTTP response (plain ASGI: no per-request task or body buffering)."""

    def __init__(self, app: Any, headers: dict[str, str]) -> None:
        self.app = app
        self.extra = [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in headers.items()]

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Any) -> None:
            if message["type"] == "http.response.start":
                present = {k.lower() for k, _ in message.get("headers", [])}
                message["headers"] = [*message.get("headers", []), *(h for h in self.extra if h[0] not in present)]
            await send(message)

        await self.app(scope, receive, with_headers)

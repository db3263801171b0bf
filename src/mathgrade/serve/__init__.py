"""`mathgrade serve`: instant feedback for students and LTI 1.3 grade passback, on the batch's grading.

Modules: storage (attempts and sessions, SQLite or PostgreSQL), workers (every check under the batch's limits),
course (assignments, attempt policy, scores, regrade), lti (LTI 1.3 Core + AGS), pages and api (HTML and JSON),
app (routes and who may call them). The web stack is the optional `serve` extra: importing this package needs
none of it, so the rest of the CLI works without it.
"""

from __future__ import annotations

import argparse
import os
import secrets
import sys
from pathlib import Path

from mathgrade.errors import UsageError

__all__ = ["cmd_serve", "register"]


def cmd_serve(args: argparse.Namespace) -> int:
    """Run the server until interrupted."""
    try:
        import uvicorn

        from mathgrade.grade.pool import Limits
        from mathgrade.serve.app import Server, build_app
        from mathgrade.serve.course import Course, Policy
        from mathgrade.serve.lti import Tool, load_platforms
        from mathgrade.serve.storage import Storage
    except ImportError as exc:
        raise UsageError(f"`serve` needs the web stack: pip install 'mathgrade[serve]' ({exc.name} is missing)") \
            from None
    if not Path(args.problems).is_dir():  # before the database file is created for nothing
        raise UsageError(f"no such folder: {args.problems}")
    try:
        limits = Limits(answer_seconds=args.time_limit, memory_mb=args.memory_limit)
        storage = Storage(args.db)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    course = Course(Path(args.problems), storage, Policy(args.attempts, args.penalty), args.jobs, limits)
    base_url = args.base_url or f"http://{args.host}:{args.port}"
    tool = Tool(load_platforms(Path(args.lti)), storage, base_url) if args.lti else None
    course.tool = tool
    token = args.admin_token or os.environ.get("MATHGRADE_ADMIN_TOKEN") or secrets.token_urlsafe(24)
    if not (args.admin_token or os.environ.get("MATHGRADE_ADMIN_TOKEN")):
        print(f"mathgrade serve: admin token for this run: {token}", file=sys.stderr)
    server = Server(course, tool, token, secure=base_url.startswith("https://"),
                    frame_ancestors=args.frame_ancestors)
    course.pool.start()  # fork the workers before uvicorn starts any thread
    print(f"mathgrade serve: {', '.join(sorted(course.specs))} on {base_url} ({storage.dialect})", file=sys.stderr)
    uvicorn.run(build_app(server), host=args.host, port=args.port, log_level=args.log_level,
                access_log=args.log_level == "debug")
    return 0


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add `serve` to the `mathgrade` parser."""
    s = sub.add_parser("serve", help="serve assignments to students (instant feedback, LTI 1.3 grade passback)")
    s.add_argument("problems", metavar="PROBLEMS_DIR", help="folder of problem specs (*.yaml)")
    s.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    s.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    s.add_argument("--db", default="sqlite:///mathgrade-serve.sqlite",
                   help="sqlite:///PATH (default sqlite:///mathgrade-serve.sqlite) or postgresql://user@host/db")
    s.add_argument("--lti", metavar="FILE", help="LTI 1.3 platform registrations (YAML); without it, no LTI")
    s.add_argument("--base-url", help="the URL the LMS and browsers reach this server at (default from host:port)")
    s.add_argument("--admin-token", help="instructor token (default $MATHGRADE_ADMIN_TOKEN, else printed at start)")
    s.add_argument("--attempts", type=int, default=None, help="attempts allowed per part (default: unlimited)")
    s.add_argument("--penalty", type=float, default=0.0,
                   help="share of a part's points lost per earlier attempt, e.g. 0.1 (default 0)")
    s.add_argument("--jobs", type=int, default=max(1, os.cpu_count() or 1),
                   help="worker processes for checks (default: all cores)")
    s.add_argument("--time-limit", type=float, default=2.0, metavar="SECONDS",
                   help="wall time allowed for one answer (default 2, as `grade`)")
    s.add_argument("--memory-limit", type=int, default=1024, metavar="MB",
                   help="memory a worker may add while checking (default 1024, as `grade`)")
    s.add_argument("--frame-ancestors", default="'self'",
                   help="CSP frame-ancestors: the LMS origins allowed to embed the pages (default 'self')")
    s.add_argument("--log-level", default="warning", choices=("debug", "info", "warning", "error"))
    s.set_defaults(func=cmd_serve)

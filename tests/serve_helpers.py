"""Helpers for the `mathgrade serve` tests: a course in a temporary folder, a live server on 127.0.0.1, launches."""

from __future__ import annotations

import re
import shutil
import socket
import threading
import time
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import uvicorn
from lti_platform import Platform

from mathgrade.grade.pool import Limits
from mathgrade.serve.app import Server, build_app
from mathgrade.serve.course import Course, Policy
from mathgrade.serve.lti import Platform as Registration
from mathgrade.serve.lti import Tool
from mathgrade.serve.storage import Storage

ROOT = Path(__file__).resolve().parents[1]
SPECS = ROOT / "tests" / "data" / "serve"
ADMIN = "admin-token-for-tests"


def problems(tmp: Path, *names: str) -> Path:
    """A problems folder holding copies of the named specs (tests may edit them: regrade)."""
    folder = tmp / "problems"
    folder.mkdir(exist_ok=True)
    for name in names or ("quiz3.yaml", "hw5.yaml"):
        source = SPECS / name if (SPECS / name).exists() else ROOT / "problems" / name
        shutil.copy(source, folder / name)
    return folder


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Live:
    """A running server: its base URL, course (to read the store) and, with LTI, the test platform."""

    url: str
    course: Course
    platform: Platform | None

    def client(self) -> httpx.Client:
        return httpx.Client(base_url=self.url, timeout=30, follow_redirects=False)


@contextmanager
def live_server(folder: Path, db: str, policy: Policy = Policy(), platform: Platform | None = None,
                limits: Limits = Limits(), jobs: int = 1) -> Iterator[Live]:
    """uvicorn in a thread on 127.0.0.1 with a fresh course; stopped (and its workers) on exit."""
    storage = Storage(db)
    course = Course(folder, storage, policy, jobs=jobs, limits=limits)
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    tool = None
    if platform is not None:
        tool = Tool([Registration(**{**platform.registration(),
                                     "deployment_ids": tuple(platform.registration()["deployment_ids"])})],
                    storage, url)
        platform.tool_jwks_url = f"{url}/.well-known/jwks.json"
        platform.tool_launch_url = f"{url}/lti/launch"
    course.tool = tool
    course.pool.start()
    server = uvicorn.Server(uvicorn.Config(build_app(Server(course, tool, ADMIN)), host="127.0.0.1", port=port,
                                           log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.02)
    try:
        yield Live(url, course, platform)
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        course.pool.close()
        storage.close()


def login(client: httpx.Client, platform: Platform, **claims: Any) -> tuple[str, str]:
    """OIDC login initiation at the tool → (state, nonce) the tool sent to the platform's auth URL."""
    reply = client.get("/lti/login", params={"iss": platform.issuer, "login_hint": claims.get("sub", "student-1"),
                                             "target_link_uri": platform.tool_launch_url,
                                             "client_id": platform.client_id})
    assert reply.status_code == 302, reply.text
    location = reply.headers["location"]
    assert location.startswith(f"{platform.url}/auth?")
    query = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(location).query))
    assert query["redirect_uri"].endswith("/lti/launch") and query["response_mode"] == "form_post"
    return query["state"], query["nonce"]


def launch(client: httpx.Client, platform: Platform, **claims: Any) -> httpx.Response:
    """A whole launch (login, then the signed id_token posted back): the tool's reply to the launch."""
    state, nonce = login(client, platform, **claims)
    token = platform.id_token(nonce, **claims)
    return client.post("/lti/launch", data={"id_token": token, "state": state})


def csrf(page: str) -> str:
    """The CSRF token a page carries."""
    found = re.search(r'name="csrf-token" content="([^"]+)"', page) or re.search(r'name="csrf" value="([^"]+)"', page)
    assert found, "no CSRF token on the page"
    return found.group(1)


def submit(client: httpx.Client, assignment: str, answers: dict[str, str], part: str = "*") -> httpx.Response:
    """Submit answers from the student's page, as the browser's form does."""
    page = client.get(f"/assignments/{assignment}")
    assert page.status_code == 200, page.text
    form = {"csrf": csrf(page.text), "part": part, **{f"answer-{k}": v for k, v in answers.items()}}
    return client.post(f"/assignments/{assignment}/submit", data=form)


def settle(live: Live, passbacks: int) -> None:
    """Wait until `passbacks` score passbacks have finished (they run after the response, as in production)."""
    deadline = time.monotonic() + 30
    while live.course.passbacks < passbacks:
        assert time.monotonic() < deadline, f"{live.course.passbacks} of {passbacks} passbacks finished"
        time.sleep(0.01)


def notice(page: str) -> str:
    """The banner the page shows after a submission."""
    found = re.search(r'id="notice">([^<]*)<', page)
    return found.group(1) if found else ""

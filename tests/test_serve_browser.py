"""A student in Chromium: launched from the (test) LMS, types an answer, sees how it reads, submits, sees the verdict.

The project's one browser stack: Playwright driving Debian's chromium (as tests/test_report_pages.py does; its own
browser download is never used), skipped with the reason where chromium is not installed. Everything runs on
127.0.0.1.
"""

from __future__ import annotations

import re
import shutil
import urllib.parse
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from lti_platform import Platform
from serve_helpers import ADMIN, live_server, problems

from mathgrade.serve.course import Policy

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
try:
    from playwright.sync_api import expect, sync_playwright
except ImportError:  # pragma: no cover - the test extra installs it
    sync_playwright = None  # type: ignore[assignment]

pytestmark = pytest.mark.skipif(CHROMIUM is None or sync_playwright is None,
                                reason="no Chromium (or no playwright) here: serve browser test skipped")
WAIT_MS = 60_000
"""How long a step may take on a busy shared machine before the test calls it stuck."""


@pytest.fixture
def page() -> Iterator[Any]:
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM,
                                    args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"])
        try:
            tab = browser.new_context().new_page()
            tab.set_default_timeout(WAIT_MS)
            yield tab
        finally:
            browser.close()


def _preview_has(page: Any, part: str, text: str) -> None:
    page.wait_for_function("([id, text]) => document.getElementById(id).innerHTML.includes(text)",
                           arg=[f"preview-{part}", text])


def test_student_types_previews_submits_and_sees_the_verdict(page: Any, tmp_path: Path) -> None:
    console: list[str] = []
    page.on("console", lambda message: console.append(message.text))
    platform = Platform().start()
    try:
        with live_server(problems(tmp_path), f"sqlite:///{tmp_path}/s.sqlite", Policy(attempts=3),
                         platform) as live:
            query = urllib.parse.urlencode({"iss": platform.issuer, "login_hint": "zoe-5",
                                            "target_link_uri": f"{live.url}/assignments/quiz3",
                                            "client_id": platform.client_id})
            # The LMS sends the browser to the tool's login; the tool to the LMS; the LMS posts the launch back.
            page.goto(f"{live.url}/lti/login?{query}")
            page.wait_for_url(re.compile(r"/assignments/quiz3$"))
            box = page.locator("#answer-B1")
            box.press_sequentially("x^2 + cos(y)")  # key by key, as a student types: input events, the debounce
            _preview_has(page, "B1", "<math")
            preview = page.locator("#preview-B1").inner_html()
            assert "cos" in preview and "<msup>" in preview
            box.press_sequentially(" + (")  # unreadable: the preview says so instead of guessing
            _preview_has(page, "B1", "error")
            for _ in range(4):
                box.press("Backspace")  # back to "x^2 + cos(y)"
            _preview_has(page, "B1", "<math")
            assert box.input_value() == "x^2 + cos(y)"
            page.locator("#submit-B1").click()
            expect(page.locator("#notice")).to_contain_text("B1: correct", timeout=WAIT_MS)
            verdict = page.locator("#verdict-B1").inner_text()
            assert "Correct" in verdict and "Feedback" in verdict
            assert page.locator("#total").inner_text() == "5"
            assert [(a.part, a.status) for a in live.course.storage.attempts("quiz3")] == [("B1", "correct")]
            assert [m for m in console if "Content Security Policy" in m] == []
            # The listener does see a violation: an inline script added to the page is refused by the CSP.
            page.evaluate("document.body.appendChild(Object.assign(document.createElement('script'), "
                          "{textContent: 'document.title = 1'}))")
            for _ in range(100):  # the console message arrives asynchronously
                if any("Content Security Policy" in m for m in console):
                    break
                page.wait_for_timeout(100)
            assert any("Content Security Policy" in m for m in console), console
            assert page.title() != "1"
    finally:
        platform.stop()


def test_instructor_summary_sorts_under_the_servers_csp(page: Any, tmp_path: Path) -> None:
    """The class summary is the batch's page with its own sorting script: the server's CSP must allow it too."""
    console: list[str] = []
    page.on("console", lambda message: console.append(message.text))
    with live_server(problems(tmp_path), f"sqlite:///{tmp_path}/s.sqlite") as live:
        for user, answer in (("ann", "3"), ("ben", "1")):
            session = live.course.storage.start_session(f"local#{user}", user, "", "learner", "quiz3")
            with live.client() as client:
                client.cookies.set("mg_session", session.token)
                client.post("/assignments/quiz3/submit", data={"csrf": _csrf(client), "part": "A1",
                                                                "answer-A1": answer})
        page.goto(f"{live.url}/admin/login")
        page.fill("input[name=token]", ADMIN)
        page.locator("button[type=submit]").click()
        page.wait_for_url(re.compile(r"/$"))
        page.goto(f"{live.url}/instructor/quiz3/")
        total = page.locator("table.grid th button[data-col='1']")
        total.click()
        expect(page.locator("table.grid th[aria-sort]")).to_have_attribute("aria-sort", "ascending")
        first = page.locator("table.grid tbody tr").first.inner_text()
        total.click()
        expect(page.locator("table.grid th[aria-sort]")).to_have_attribute("aria-sort", "descending")
        assert page.locator("table.grid tbody tr").first.inner_text() != first  # the rows did move
    assert [m for m in console if "Content Security Policy" in m] == []


def _csrf(client: Any) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', client.get("/assignments/quiz3").text)
    assert found
    return found.group(1)

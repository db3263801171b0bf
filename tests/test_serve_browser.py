"""A student in Chromium: launched from the (test) LMS, types an answer, sees how it reads, submits, sees the verdict.

Debian's chromium and chromium-driver (installed by .ci/run), driven by selenium; skipped with the reason where
they are not installed. Everything runs on 127.0.0.1.
"""

from __future__ import annotations

import os
import shutil
import urllib.parse
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from lti_platform import Platform
from serve_helpers import live_server, problems

from mathgrade.serve.course import Policy

DRIVER = shutil.which("chromedriver") or ("/usr/bin/chromedriver" if os.path.exists("/usr/bin/chromedriver") else None)
BROWSER = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(DRIVER is None or BROWSER is None,
                                reason="no chromium + chromium-driver here and none could be installed: "
                                       "serve browser test skipped")


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[Any]:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = BROWSER  # type: ignore[assignment]
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 f"--user-data-dir={tmp_path / 'profile'}"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(DRIVER), options=options)
    driver.set_page_load_timeout(60)
    try:
        yield driver
    finally:
        driver.quit()


def test_student_types_previews_submits_and_sees_the_verdict(browser: Any, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    platform = Platform().start()
    try:
        with live_server(problems(tmp_path), f"sqlite:///{tmp_path}/s.sqlite", Policy(attempts=3),
                         platform) as live:
            wait = WebDriverWait(browser, 30)
            query = urllib.parse.urlencode({"iss": platform.issuer, "login_hint": "zoe-5",
                                            "target_link_uri": f"{live.url}/assignments/quiz3",
                                            "client_id": platform.client_id})
            # The LMS sends the browser to the tool's login; the tool to the LMS; the LMS posts the launch back.
            browser.get(f"{live.url}/lti/login?{query}")
            wait.until(lambda d: d.current_url.endswith("/assignments/quiz3"))
            box = browser.find_element(By.ID, "answer-B1")
            box.send_keys("x^2 + cos(y)")
            preview = wait.until(lambda d: d.find_element(By.ID, "preview-B1").get_attribute("innerHTML")
                                 if "<math" in d.find_element(By.ID, "preview-B1").get_attribute("innerHTML")
                                 else None)
            assert "cos" in preview and "<msup>" in preview
            box.send_keys(" + (")  # unreadable: the preview says so instead of guessing
            wait.until(lambda d: "error" in d.find_element(By.ID, "preview-B1").get_attribute("innerHTML"))
            for _ in range(4):
                box.send_keys("\b")  # back to "x^2 + cos(y)"
            wait.until(lambda d: "<math" in d.find_element(By.ID, "preview-B1").get_attribute("innerHTML"))
            browser.find_element(By.ID, "submit-B1").click()
            wait.until(lambda d: "B1: correct" in d.find_element(By.ID, "notice").text)
            verdict = browser.find_element(By.ID, "verdict-B1").text
            assert "Correct" in verdict and "Feedback" in verdict
            assert browser.find_element(By.ID, "total").text == "5"
            assert [(a.part, a.status) for a in live.course.storage.attempts("quiz3")] == [("B1", "correct")]
            violations = [e["message"] for e in browser.get_log("browser") if "Content Security Policy" in e["message"]]
            assert violations == []
    finally:
        platform.stop()

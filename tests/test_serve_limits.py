"""Hostile answers through every path of the server (`/api/check`, the student page, a regrade): each gets a
verdict within its limit from the one limits boundary (grade/boundary.py), and the server goes on serving.

The answers are what a student can type, none patched in. Each was written to run away if computed naively: a
power tower whose value has some three billion digits (a memory bomb: over a gigabyte), sums of a trillion terms
or ten nested sums (K^10 operations), a power of a sum with millions of terms. The reader, the work budget and the
kill stop them at different depths; the statuses below were decided before the run (none is right; what cannot be
read or evaluated is `invalid`, a wrong answer that can be is `incorrect`). The patched runaways (sleeping, dying,
8 GB) that prove the kill itself are in test_serve.py.
"""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from serve_helpers import ADMIN, Live, live_server, notice, problems, submit

from mathgrade.grade.pool import Limits
from mathgrade.serve.course import Policy

LIMITS = Limits(answer_seconds=2.0, memory_mb=512)
HANG_GUARD = 30.0
"""Seconds a request may take here before the test calls it a hang (a busy shared machine is slow; a runaway
would take minutes or never end)."""

NESTED = " ".join(f"sum_{v} y_{v}" for v in "abcdefghlm")
HOSTILE = [
    pytest.param("((999^999)^999)^999", "invalid", id="power-tower-memory-bomb"),
    pytest.param("999^999^999", "invalid", id="power-tower"),
    pytest.param("9^9^9^9", "invalid", id="power-tower-of-nines"),
    pytest.param("exp(exp(exp(exp(10))))", "invalid", id="tower-of-exponentials"),
    pytest.param("sum_{k=1}^{10^12} k", "invalid", id="sum-of-a-trillion-terms"),
    pytest.param(NESTED, "invalid", id="ten-nested-sums"),
    pytest.param("(y_i + y_j + z_i + z_j)^300", "incorrect", id="power-of-a-sum"),
    pytest.param("sum_{k=1}^{2000} y_k^999", "incorrect", id="long-sum-of-high-powers"),
    pytest.param("((y_i^999)^999)^999", "incorrect", id="symbolic-power-tower"),
    pytest.param("100! * 99! * 98! * 97!", "incorrect", id="factorial-products"),
]
ANSWERS = [p.values[0] for p in HOSTILE]
STATUSES = [p.values[1] for p in HOSTILE]


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    tmp = tmp_path_factory.mktemp("limits")
    with live_server(problems(tmp, "k2.yaml"), f"sqlite:///{tmp}/s.sqlite", Policy(), limits=LIMITS, jobs=2) as s:
        yield s


def _timed(call):  # type: ignore[no-untyped-def]
    started = time.monotonic()
    out = call()
    return out, time.monotonic() - started


@pytest.mark.parametrize("answer,status", HOSTILE)
def test_page_submit_gets_a_verdict(live: Live, answer: str, status: str) -> None:
    session = live.course.storage.start_session("local#hal", "Hal", "", "learner", "k2")
    with live.client() as hal:
        hal.cookies.set("mg_session", session.token)
        page, took = _timed(lambda: submit(hal, "k2", {"2a": answer}, part="2a").text)
    assert notice(page) == f"Recorded. 2a: {status}.", notice(page)
    assert took < HANG_GUARD


def test_api_check_gets_every_verdict_in_one_request(live: Live) -> None:
    records = [{"id": n, "answer": a, "expected": "y_i(1 - y_i)"} for n, a in enumerate(ANSWERS)]
    with live.client() as api:
        reply, took = _timed(lambda: api.post("/api/check", headers={"Authorization": f"Bearer {ADMIN}"},
                                              json=records))
    assert reply.status_code == 200
    assert [(o["id"], o["status"]) for o in reply.json()] == list(enumerate(STATUSES))
    assert took < HANG_GUARD


def test_regrade_of_hostile_attempts_then_the_server_goes_on(live: Live) -> None:
    session = live.course.storage.start_session("local#ida", "Ida", "", "learner", "k2")
    with live.client() as ida:
        ida.cookies.set("mg_session", session.token)
        page = submit(ida, "k2", {"2a": ANSWERS[0], "2b": NESTED, "2c": ANSWERS[4], "3c": ANSWERS[6]}).text
        assert "2a: invalid" in notice(page) and "2b: invalid" in notice(page)
        headers = {"Authorization": f"Bearer {ADMIN}"}
        with live.client() as admin:
            dry, took = _timed(lambda: admin.get("/instructor/k2/regrade", headers=headers))
        assert dry.status_code == 200 and "No score would change." in dry.text
        assert took < HANG_GUARD * 2  # every attempt of the module's students is graded again
        # The server still answers, right away and rightly.
        assert "2a: correct" in notice(submit(ida, "k2", {"2a": "y_i(1 - y_i)"}, part="2a").text)
    stored = {a.part: a.status for a in live.course.storage.attempts("k2", "local#ida")}
    assert stored["2b"] == "invalid" and stored["2a"] == "correct"

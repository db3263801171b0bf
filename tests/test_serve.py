"""`mathgrade serve` without an LMS: sign-in on every page, attempts and penalties, due dates, limits, the JSON API."""

from __future__ import annotations

import json
import os
import re
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from serve_helpers import ADMIN, SPECS as ROOT_SPECS, Live, csrf, live_server, notice, problems, submit

import mathgrade.cli as cli_module
import mathgrade.grade as grade_module
from mathgrade.grade import Grader
from mathgrade.grade.pool import Limits
from mathgrade.grade.sheets import Submission
from mathgrade.serve.course import Policy
from mathgrade.spec import load_spec


def learner(live: Live, user: str, assignment: str = "quiz3") -> httpx.Client:
    """A client holding a learner's session (as an LTI launch would open it)."""
    session = live.course.storage.start_session(f"local#{user}", user.title(), "", "learner", assignment)
    client = live.client()
    client.cookies.set("mg_session", session.token)
    return client


@pytest.fixture
def live(tmp_path: Path) -> Iterator[Live]:
    with live_server(problems(tmp_path), f"sqlite:///{tmp_path}/serve.sqlite", Policy(attempts=2, penalty=0.5)) as s:
        yield s


PROTECTED = [("GET", "/assignments/quiz3"), ("POST", "/assignments/quiz3/submit"), ("POST", "/api/preview"),
             ("GET", "/instructor/quiz3/"), ("GET", "/instructor/quiz3/regrade"), ("POST", "/instructor/quiz3/regrade"),
             ("GET", "/instructor/quiz3/someone.html"), ("POST", "/api/check"), ("POST", "/api/grade"),
             ("GET", "/api/results/quiz3")]


def test_every_page_needs_a_session(live: Live) -> None:
    with live.client() as anonymous:
        for method, path in PROTECTED:
            reply = anonymous.request(method, path, json={} if path.startswith("/api/") else None)
            assert reply.status_code == 401, (method, path)
        anonymous.cookies.set("mg_session", "forged-token")
        assert anonymous.get("/assignments/quiz3").status_code == 401
        wrong = anonymous.post("/api/check", headers={"Authorization": "Bearer not-the-token"}, json={})
        assert wrong.status_code == 401
        # What is public carries no course data: the tool's public keys, the API description, the entry points.
        assert anonymous.get("/openapi.json").status_code == 200
        assert anonymous.get("/.well-known/jwks.json").status_code == 200
        assert anonymous.get("/admin/login").status_code == 200


def test_admin_sign_in(live: Live) -> None:
    with live.client() as c:
        assert c.post("/admin/login", data={"token": "wrong"}).status_code == 403
        assert c.post("/admin/login", data={"token": ADMIN}).status_code == 303
        assert c.get("/instructor/quiz3/").status_code == 200
        # The instructor may try the assignment; the try is recorded but is not one of the class's results.
        assert "A1: correct" in notice(submit(c, "quiz3", {"A1": "3"}).text)
        assert c.get("/api/results/quiz3").json()["students"] == []
    assert len(live.course.storage.attempts("quiz3")) == 1


def test_attempt_limit_and_penalty(live: Live) -> None:
    with learner(live, "cy") as cy:
        assert "A1: incorrect" in notice(submit(cy, "quiz3", {"A1": "2"}, part="A1").text)
        page = submit(cy, "quiz3", {"A1": "3"}, part="A1").text
        assert "A1: correct" in notice(page)
        assert re.search(r'id="total">1\.5<', page)  # 3 points × (1 − 0.5 for the one earlier attempt)
        assert re.search(r'id="submit-A1"[^>]* disabled', page)
        refused = submit(cy, "quiz3", {"A1": "3"}, part="A1")
        assert "no attempts left" in notice(refused.text)
        # Submit-all with the spent part's box unchanged (it shows the last answer): only the other parts count.
        page = submit(cy, "quiz3", {"A1": "3", "B1": "x^2 + cos(y)"}).text
        assert notice(page) == "Recorded. B1: correct."
        assert "Nothing was submitted" in notice(submit(cy, "quiz3", {"A1": "3", "B1": "x^2 + cos(y)"}).text)
        # A changed answer to the spent part: the whole submission is refused, not even the other parts count.
        refused = submit(cy, "quiz3", {"A1": "6/2", "B1": "cos(y) + x^2"})
        assert "no attempts left" in notice(refused.text)
    attempts = live.course.storage.attempts("quiz3", "local#cy")
    assert [(a.part, a.number, a.status, a.points) for a in attempts] == [("A1", 1, "incorrect", 0.0),
                                                                         ("A1", 2, "correct", 1.5),
                                                                         ("B1", 1, "correct", 5.0)]


def test_a_later_wrong_attempt_never_lowers_the_score(live: Live) -> None:
    with learner(live, "di") as di:
        submit(di, "quiz3", {"B1": "x^2 + cos(y)"}, part="B1")
        page = submit(di, "quiz3", {"B1": "2xy"}, part="B1").text
        assert "B1: incorrect" in notice(page) and re.search(r'id="total">5<', page)


def test_empty_submission_records_nothing(live: Live) -> None:
    with learner(live, "ed") as ed:
        assert "Nothing was submitted" in notice(submit(ed, "quiz3", {"A1": "   "}, part="A1").text)
    assert live.course.storage.attempts("quiz3") == []


def test_submit_needs_the_pages_csrf_token(live: Live) -> None:
    with learner(live, "fa") as fa:
        reply = fa.post("/assignments/quiz3/submit", data={"part": "A1", "answer-A1": "3"})
        assert reply.status_code == 403
        reply = fa.post("/assignments/quiz3/submit", data={"csrf": "0" * 64, "part": "A1", "answer-A1": "3"})
        assert reply.status_code == 403
        assert fa.post("/api/preview", json={"assignment": "quiz3", "part": "A1", "answer": "3"}).status_code == 403
    assert live.course.storage.attempts("quiz3") == []


def test_due_dates(tmp_path: Path) -> None:
    folder = problems(tmp_path)
    closed = (folder / "hw5.yaml").read_text().replace("id: hw5", "id: hw5b").replace("late: {penalty: 20%}\n", "")
    (folder / "hw5b.yaml").write_text(closed)
    after = Policy(today=lambda: "2031-03-02")
    with live_server(folder, f"sqlite:///{tmp_path}/s.sqlite", after) as live:
        with learner(live, "gu", "hw5") as gu:
            page = submit(gu, "hw5", {"1a": "[[0, -1], [1, 0]]"}).text
            assert "1a: correct" in notice(page) and re.search(r'id="total">3\.2<', page)  # 20% late penalty
            assert "late answers lose 20%" in page
        with learner(live, "gu", "hw5b") as gu:
            page = submit(gu, "hw5b", {"1a": "[[0, -1], [1, 0]]"}).text
            assert "due date (2031-03-01) has passed" in notice(page)
        assert [a.assignment for a in live.course.storage.attempts("hw5b")] == []
    # On the due day itself answers are still on time, and `reveal: after_due` hides the key.
    db = f"sqlite:///{tmp_path}/t.sqlite"
    with live_server(folder, db, Policy(today=lambda: "2031-03-01")) as live:
        with learner(live, "ha", "hw5b") as ha:
            page = submit(ha, "hw5b", {"1a": "[[0, 1], [-1, 0]]"}).text
            assert "1a: incorrect" in notice(page) and "Expected" not in page
            token = ha.cookies.get("mg_session")
    # The day after, the same stored verdict shows the key: what is revealed is decided when a page is shown.
    with live_server(folder, db, Policy(today=lambda: "2031-03-02")) as live:
        with live.client() as ha:
            ha.cookies.set("mg_session", token)
            page = ha.get("/assignments/hw5b").text
            assert "<dt>Expected</dt>" in page and "answers are no longer accepted" in page


@pytest.fixture
def runaway(monkeypatch: pytest.MonkeyPatch) -> None:
    """Answers that sleep inside the checker, kill their process or ask for 8 GB (what sympy can do on hostile
    input); patched before the workers fork, so the workers run them."""
    real_grade, real_check = grade_module.grade_answer, cli_module.check

    def slow_grade(part, reference, answer):  # type: ignore[no-untyped-def]
        if answer == "SLOW":
            time.sleep(60)
        elif answer == "CRASH":
            os._exit(3)
        elif answer == "HOG":
            bytearray(8 * 1024 ** 3)
        return real_grade(part, reference, answer)

    def slow_check(answer, expected, options):  # type: ignore[no-untyped-def]
        if answer == "SLOW":
            time.sleep(60)
        elif answer == "HOG":
            bytearray(8 * 1024 ** 3)
        return real_check(answer, expected, options)

    monkeypatch.setattr(grade_module, "grade_answer", slow_grade)
    monkeypatch.setattr(cli_module, "check", slow_check)


def test_runaway_answers_are_stopped(runaway: None, tmp_path: Path) -> None:
    limits = Limits(answer_seconds=0.5, memory_mb=256)
    with live_server(problems(tmp_path), f"sqlite:///{tmp_path}/s.sqlite", limits=limits) as live:
        with learner(live, "ivy") as ivy:
            started = time.monotonic()
            page = submit(ivy, "quiz3", {"A1": "SLOW", "B1": "x^2 + cos(y)"}).text
            assert time.monotonic() - started < 10
            assert "A1: invalid" in notice(page) and "B1: correct" in notice(page)
            assert "too expensive to evaluate" in page
            assert "A1: correct" in notice(submit(ivy, "quiz3", {"A1": "3"}, part="A1").text)  # a fresh worker
            page = submit(ivy, "quiz3", {"A2": "HOG", "B1": "CRASH"}).text
            assert "A2: invalid" in notice(page) and "B1: invalid" in notice(page)
            assert "needs too much memory" in page
        headers = {"Authorization": f"Bearer {ADMIN}"}
        with live.client() as api:
            started = time.monotonic()
            out = api.post("/api/check", headers=headers, json=[{"id": "a", "answer": "SLOW", "expected": "1"},
                                                                {"id": "h", "answer": "HOG", "expected": "1"},
                                                                {"id": "b", "answer": "1", "expected": "1"}]).json()
            assert time.monotonic() - started < 10
            assert [(o["id"], o["status"]) for o in out] == [("a", "invalid"), ("h", "invalid"), ("b", "correct")]
            assert "longer than 0.5 s" in out[0]["feedback"] and "needs too much memory" in out[1]["feedback"]
            # SLOW twice (submit, api/check), CRASH, and the HOG outside the grader (the check line has no
            # MemoryError handler of its own: its child is replaced); the HOG inside the grader was a verdict.
            assert live.course.pool.restarts == 4
            # A regrade meets the same answers again: each stopped at its limit, and nothing changes.
            started = time.monotonic()
            dry = api.get("/instructor/quiz3/regrade", headers=headers)
            assert time.monotonic() - started < 20
            assert dry.status_code == 200 and "No score would change." in dry.text
            assert api.post("/api/check", headers=headers, json={"answer": "2", "expected": "2"}).json()[
                "status"] == "correct"


CHECK_LINES = [
    {"id": 1, "answer": "y_i(1 - y_i)", "expected": "y_i - y_i^2"},
    {"id": "two", "answer": "0.333", "expected": "1/3"},
    {"id": 3, "answer": "0.333", "expected": "1/3", "exact": True},
    {"id": 4, "answer": "[[1, 2], [3, 4]]", "expected": "[[1, 2], [3, 5]]", "kind": "matrix"},
    {"id": 5, "answer": "2 +", "expected": "2"},
    {"id": 6, "answer": "x", "kind": "number"},
    {"id": 7, "answer": "x", "expected": "x", "kind": "tensor"},
    {"id": 8, "answer": "__import__('os')", "expected": "1"},
]


def test_api_check_is_the_batch_contract(live: Live, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    batch = tmp_path / "lines.jsonl"
    batch.write_text("".join(json.dumps(line) + "\n" for line in CHECK_LINES))
    assert cli_module.main(["check", "--batch", str(batch)]) == 0
    expected = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    with live.client() as api:
        headers = {"Authorization": f"Bearer {ADMIN}"}
        assert api.post("/api/check", headers=headers, json=CHECK_LINES).json() == expected
        assert api.post("/api/check", headers=headers, json=CHECK_LINES[1]).json() == expected[1]
        assert api.post("/api/check", headers=headers, content=b"{not json").status_code == 400


def test_api_grade_is_the_batch_grading(live: Live) -> None:
    answers = {"A1": "3", "A2": "[1, 1]", "B1": "x^2 + cos y", "Z9": "stray"}
    sheet = {"assignment": "quiz3", "student": {"id": "jo-9", "name": "Jo"}, "answers": answers}
    with live.client() as api:
        got = api.post("/api/grade", headers={"Authorization": f"Bearer {ADMIN}"}, json=sheet).json()
    grader = Grader(load_spec(live.course.specs["quiz3"][0]))
    want = grader.grade(Submission("api", "jo-9", "Jo", "", tuple(answers.items()), "quiz3")).to_dict()
    assert got == want
    assert [p["status"] for p in got["parts"]] == ["correct", "incorrect", "correct"]
    assert live.course.storage.attempts("quiz3") == []  # /api/grade records nothing


def test_api_results_and_openapi(live: Live) -> None:
    with learner(live, "ka") as ka:
        submit(ka, "quiz3", {"A1": "3", "B1": "x^2+cos(y)"})
    with live.client() as api:
        results = api.get("/api/results/quiz3", headers={"Authorization": f"Bearer {ADMIN}"}).json()
        spec = api.get("/openapi.json").json()
    [student] = results["students"]
    assert (results["assignment"], student["id"], student["score"], student["max"]) == ("quiz3", "ka", 8.0, 10.0)
    assert [p["status"] for p in student["parts"]] == ["correct", "missing", "correct"]
    assert spec["openapi"].startswith("3.") and {"/api/check", "/api/grade", "/api/results/{assignment}"} <= set(
        spec["paths"])


def test_hostile_text_stays_text(live: Live) -> None:
    payload = "<script>document.body.dataset.pwned=1</script><img src=x onerror=alert(1)>"
    with learner(live, "le") as le:
        page = submit(le, "quiz3", {"B1": payload}, part="B1")
        token = csrf(page.text)
        preview = le.post("/api/preview", json={"assignment": "quiz3", "part": "B1", "answer": payload},
                          headers={"X-CSRF-Token": token}).json()
    assert "<script" not in preview["html"] and "<img" not in preview["html"]
    html = page.text
    assert "&lt;script&gt;document.body" in html and "<img" not in html
    scripts = re.findall(r"<script>(.*?)</script>", html, re.DOTALL)
    assert len(scripts) == 1 and "pwned" not in scripts[0]
    import base64
    import hashlib
    digest = base64.b64encode(hashlib.sha256(scripts[0].encode()).digest()).decode()
    assert f"script-src 'sha256-{digest}'" in page.headers["content-security-policy"]
    assert "default-src 'none'" in page.headers["content-security-policy"]


def test_preview_reads_like_the_grader(live: Live) -> None:
    with learner(live, "mo") as mo:
        token = csrf(mo.get("/assignments/quiz3").text)

        def read(part: str, answer: str) -> dict:
            return mo.post("/api/preview", json={"assignment": "quiz3", "part": part, "answer": answer},
                           headers={"X-CSRF-Token": token}).json()

        shown = read("B1", "x^2 + cos y")
        assert shown["error"] is None and "<math" in shown["html"] and "cos" in shown["text"]
        assert read("A2", "[1/sqrt(2), 1/sqrt(2)]")["html"].count("<msqrt>") == 2
        bad = read("B1", "x^2 + (")
        assert bad["error"] and 'class="error"' in bad["html"]
        # Said as the report says it: plain words with the spot marked in the student's text, no column numbers.
        assert "column" not in bad["error"] and "column" not in bad["html"] and "<mark>" in bad["html"]
    assert live.course.storage.attempts("quiz3") == []  # previews are not attempts


def test_attempts_survive_a_restart(tmp_path: Path) -> None:
    folder, db = problems(tmp_path), f"sqlite:///{tmp_path}/keep.sqlite"
    with live_server(folder, db) as live, learner(live, "ned") as ned:
        submit(ned, "quiz3", {"A1": "3"})
        token = ned.cookies.get("mg_session")
    with live_server(folder, db) as live, live.client() as ned:
        ned.cookies.set("mg_session", token)
        page = ned.get("/assignments/quiz3").text
        assert re.search(r'id="total">3<', page) and "1 attempt used" in page


def test_oversized_bodies_are_refused_unread(live: Live) -> None:
    with learner(live, "oz") as oz:
        token = csrf(oz.get("/assignments/quiz3").text)
        huge = "x" * 3_000_000
        reply = oz.post("/assignments/quiz3/submit", data={"csrf": token, "part": "B1", "answer-B1": huge})
        assert reply.status_code == 413
        # Just under the limit: read, and the answer is graded `invalid` as too long, never parsed.
        page = oz.post("/assignments/quiz3/submit", data={"csrf": token, "part": "B1", "answer-B1": "xy" * 500_000})
        assert page.status_code == 200 and "B1: invalid" in notice(page.text)
        # A streamed body that declares no size is cut off at the limit too.
        chunks = iter([b"csrf=" + token.encode() + b"&part=B1"] + [b"&f%d=" % k + b"x" * 5000 for k in range(900)])
        reply = oz.post("/assignments/quiz3/submit", content=chunks,
                        headers={"Content-Type": "application/x-www-form-urlencoded"})
        assert reply.status_code == 413
    assert [a.status for a in live.course.storage.attempts("quiz3")] == ["invalid"]


def test_k2_sheet_scores_as_the_batch(tmp_path: Path) -> None:
    """The real K2 sheet submitted from the page (every part at once) scores part by part as `mathgrade grade`."""
    from mathgrade.grade import grade_paths  # noqa: PLC0415
    from mathgrade.grade.sheets import read_sheet  # noqa: PLC0415

    sheet = Path(__file__).resolve().parent / "data" / "k2-pallav-kumar-sheet.yaml"
    batch = grade_paths(str(Path(__file__).resolve().parents[1] / "problems" / "k2.yaml"), [sheet])
    [want] = batch.students
    with live_server(problems(tmp_path, "k2.yaml"), f"sqlite:///{tmp_path}/k2.sqlite", jobs=2) as live:
        with learner(live, "pallav", "k2") as pk:
            answers = dict(read_sheet(sheet).answers)
            page = submit(pk, "k2", answers)
            assert page.status_code == 200 and notice(page.text).startswith("Recorded.")
            # Every part's preview reads the answer (derivations, rotations in words and free text included).
            token = csrf(page.text)
            for part, answer in answers.items():
                shown = pk.post("/api/preview", json={"assignment": "k2", "part": part, "answer": answer},
                                headers={"X-CSRF-Token": token}).json()
                assert shown["error"] is None and shown["html"], (part, shown)
        got = live.course.total(live.course.assignment("k2"), "local#pallav")
        statuses = {a.part: (a.status, a.points) for a in live.course.storage.attempts("k2")}
    assert statuses == {p.id: (p.status.value, p.score) for p in want.parts if p.answer is not None}
    assert got == want.score


def test_a_cancelled_check_never_answers_the_next_one(runaway: None) -> None:
    """A request abandoned while its worker grades (the client went away): that worker is replaced, so its late
    reply cannot be taken for the next request's."""
    import asyncio

    from mathgrade.serve.workers import CheckPool

    assignment = load_spec(ROOT_SPECS / "quiz3.yaml")
    pool = CheckPool({"quiz3": Grader(assignment)}, jobs=1, limits=Limits(answer_seconds=30))

    def sheet(name: str, answer: str) -> Submission:
        return Submission(name, name, name, "", (("A1", answer),))

    async def scenario() -> tuple[str, str]:
        slow = asyncio.ensure_future(pool.grade("quiz3", sheet("first", "SLOW")))
        await asyncio.sleep(0.3)
        slow.cancel()
        result = await pool.grade("quiz3", sheet("second", "3"))
        return result.id, result.parts[0].status.value

    pool.start()
    try:
        assert asyncio.run(scenario()) == ("second", "correct")
        assert pool.restarts == 1
    finally:
        pool.close()


def test_feedback_on_the_page_is_the_reports_plain_words(live: Live) -> None:
    # The verdict kept with the attempt carries its message, so the page marks the spot in the student's text as
    # the batch report does, with no column number, also after the attempt is read back from storage.
    with learner(live, "ola") as ola:
        page = submit(ola, "quiz3", {"B1": "x^2 + (y"}, part="B1").text
        again = ola.get("/assignments/quiz3").text
    for html in (page, again):
        verdict = html[html.index('id="part-B1"'):] if 'id="part-B1"' in html else html
        assert "<mark>" in verdict and "at column" not in html

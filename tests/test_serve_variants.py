"""Variants in the server: each student sees their own numbers and is graded against their own key on every path
(page submit, /api/grade, regrade, the score posted), and the instructor sees who has which variant.

The course is tests/data/serve/quiz8v.yaml (a line y = m x + c and A = [[p, 1], [2, q]], drawn per student). The
draws of the two students are pinned below, and their right answers were worked out by hand from those numbers:
amara (m=8, c=-2, p=3, q=2): the root is 2/8 = 1/4, det A = 3·2 − 1·2 = 4;
bo    (m=9, c=6,  p=4, q=6): the root is −6/9 = −2/3, det A = 4·6 − 2 = 22.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from lti_platform import Platform
from serve_helpers import ADMIN, Live, launch, live_server, notice, problems, settle, submit

from mathgrade.report.handouts import version_code
from mathgrade.serve.course import Policy

AMARA = (("m", "8"), ("c", "-2"), ("p", "3"), ("q", "2"))
BO = (("m", "9"), ("c", "6"), ("p", "4"), ("q", "6"))
RIGHT = {"amara": {"L1": "1/4", "D1": "4"}, "bo": {"L1": "-2/3", "D1": "22"}}
BEARER = {"Authorization": f"Bearer {ADMIN}"}


@pytest.fixture
def live(tmp_path: Path) -> Iterator[Live]:
    with live_server(problems(tmp_path, "quiz8v.yaml", "quiz3.yaml"), f"sqlite:///{tmp_path}/v.sqlite",
                     Policy()) as s:
        yield s


def learner(live: Live, user: str) -> httpx.Client:
    session = live.course.storage.start_session(f"local#{user}", user.title(), "", "learner", "quiz8v")
    client = live.client()
    client.cookies.set("mg_session", session.token)
    return client


def test_the_draws_are_the_ones_worked_out_by_hand(live: Live) -> None:
    spec = live.course.assignment("quiz8v")
    assert spec is not None
    assert live.course.variant(spec, "local#amara") == AMARA
    assert live.course.variant(spec, "https://lms.example#bo") == BO  # the LMS user id is the student id


def test_each_student_sees_their_own_numbers_as_mathml(live: Live) -> None:
    with learner(live, "amara") as amara, learner(live, "bo") as bo:
        mine, theirs = amara.get("/assignments/quiz8v").text, bo.get("/assignments/quiz8v").text
    assert f"Your version: {version_code(AMARA)}." in mine and f"Your version: {version_code(BO)}." in theirs
    for page in (mine, theirs):
        assert "{m}" not in page and "{A}" not in page and "$" not in page  # filled, and rendered, not raw LaTeX
    # y = 8x + -2 for amara, y = 9x + 6 for bo; A's first row starts with p (3 for amara, 4 for bo)
    assert re.search(r"<mn>8</mn>\s*<mi>x</mi>", mine) and re.search(r"<mn>9</mn>\s*<mi>x</mi>", theirs)
    assert re.search(r"<mtd><mn>3</mn></mtd>\s*<mtd><mn>1</mn></mtd>", mine)
    assert re.search(r"<mtd><mn>4</mn></mtd>\s*<mtd><mn>1</mn></mtd>", theirs)


def test_own_answers_get_full_marks_and_the_other_students_are_wrong(live: Live) -> None:
    with learner(live, "amara") as amara, learner(live, "bo") as bo:
        page = submit(amara, "quiz8v", RIGHT["amara"]).text
        assert "L1: correct" in notice(page) and "D1: correct" in notice(page), notice(page)
        assert re.search(r'id="total">5<', page)
        # bo types amara's answers: both wrong for his numbers, and the expected answers he is shown are his own.
        page = submit(bo, "quiz8v", RIGHT["amara"]).text
        assert "L1: incorrect" in notice(page) and "D1: incorrect" in notice(page)
        assert re.search(r'id="total">0<', page)
        expected = re.findall(r'<dt>Expected</dt>\s*<dd class="math">(.*?)</dd>', page, re.DOTALL)
        assert len(expected) == 2
        assert "&#x02212;</mo><mfrac><mrow><mn>2</mn></mrow><mrow><mn>3</mn></mrow></mfrac>" in expected[0]  # −2/3
        assert "<mrow><mn>22</mn></mrow>" in expected[1]
        page = submit(bo, "quiz8v", RIGHT["bo"]).text
        assert "L1: correct" in notice(page) and "D1: correct" in notice(page)
        assert re.search(r'id="total">5<', page)
        # and amara typing bo's answers is wrong too
        assert "D1: incorrect" in notice(submit(amara, "quiz8v", {"D1": "22"}, part="D1").text)
    spec = live.course.assignment("quiz8v")
    assert spec is not None
    # the score a passback would post: the best attempt of each part against the student's own key
    assert live.course.total(spec, "local#amara") == 5.0 and live.course.total(spec, "local#bo") == 5.0


@pytest.mark.parametrize("student,answers,score", [
    pytest.param("amara", RIGHT["amara"], 5.0, id="amara-own-answers"),
    pytest.param("bo", RIGHT["bo"], 5.0, id="bo-own-answers"),
    pytest.param("bo", RIGHT["amara"], 0.0, id="bo-with-amaras-answers"),
    pytest.param("amara", {"L1": "-2/3", "D1": "4"}, 3.0, id="amara-with-bos-root-and-own-det"),
])
def test_api_grade_uses_the_students_variant(live: Live, student: str, answers: dict[str, str],
                                             score: float) -> None:
    with live.client() as api:
        body = api.post("/api/grade", headers=BEARER, json={"assignment": "quiz8v", "student": {"id": student},
                                                            "answers": answers}).json()
    assert body["score"] == score
    assert body["variant"] == dict(AMARA if student == "amara" else BO)


def test_regrade_keeps_each_students_own_key(live: Live) -> None:
    with learner(live, "amara") as amara, learner(live, "bo") as bo:
        submit(amara, "quiz8v", RIGHT["amara"])
        submit(bo, "quiz8v", {"L1": "-2/3", "D1": "4"})  # his root, amara's determinant
    with live.client() as admin:
        dry = admin.get("/instructor/quiz8v/regrade", headers=BEARER)
        assert dry.status_code == 200 and "No score would change." in dry.text
    # An edit that changes the determinant's key changes it for each student by their own numbers.
    spec = live.course.folder / "quiz8v.yaml"
    spec.write_text(spec.read_text(encoding="utf-8").replace('reference: "p*q - 2"', 'reference: "p*q - 1"'),
                    encoding="utf-8")
    with live.client() as admin:
        dry = admin.get("/instructor/quiz8v/regrade", headers=BEARER).text
    rows = dict(re.findall(r"<tr><td>(\w+)</td><td>\w+</td><td>[^<]*</td><td>[^<]*</td><td>([^<]*)</td></tr>", dry))
    # amara's 4 was right (3·2 − 2) and is now wrong (3·2 − 1 = 5); bo's 4 was wrong for him and stays wrong.
    assert rows == {"amara": "D1: 3 → 0"}


def test_instructor_sees_which_variant_each_student_has(live: Live) -> None:
    with learner(live, "amara") as amara, learner(live, "bo") as bo:
        submit(amara, "quiz8v", RIGHT["amara"])
        submit(bo, "quiz8v", {"L1": "1/4"})
    with live.client() as admin:
        table = admin.get("/instructor/quiz8v/variants", headers=BEARER)
        assert table.status_code == 200
        rows = re.findall(r"<tr><td><a href=\"(\w+)\.html\">\w+</a></td><td>\w+</td><td>(\w+)</td><td>(.*?)</td>",
                          table.text)
        shown = {"amara": "<code>m = 8</code>, <code>c = -2</code>, <code>p = 3</code>, <code>q = 2</code>",
                 "bo": "<code>m = 9</code>, <code>c = 6</code>, <code>p = 4</code>, <code>q = 6</code>"}
        assert rows == [("amara", version_code(AMARA), shown["amara"]), ("bo", version_code(BO), shown["bo"])]
        assert "2 students with answers, 2 distinct versions" in table.text
        assert 'href="variants"' in admin.get("/instructor/quiz8v/", headers=BEARER).text
        report = admin.get("/instructor/quiz8v/bo.html", headers=BEARER).text  # his report: his numbers
        assert re.search(r"<mn>9</mn>\s*<mi>x</mi>", report)
        results = admin.get("/api/results/quiz8v", headers=BEARER).json()
        assert {s["id"]: s["variant"] for s in results["students"]} == {"amara": dict(AMARA), "bo": dict(BO)}
        # an assignment without variants has no such page
        assert admin.get("/instructor/quiz3/variants", headers=BEARER).status_code == 404
        # a learner cannot see who has which numbers
    with learner(live, "bo") as bo:
        assert bo.get("/instructor/quiz8v/variants").status_code == 403


def test_k2_variants_each_student_rotates_by_their_own_angle(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The real variant spec (problems/k2-variants.yaml) with a course secret from the environment: under this
    secret mei's V rotates by 60° and tomas's by 150° (pinned below), so V e1 is (1/2, √3/2) for mei and
    (−√3/2, 1/2) for tomas, worked out by hand."""
    monkeypatch.setenv("MATHGRADE_SEED_SECRET", "k2-serve-tests")
    with live_server(problems(tmp_path, "k2-variants.yaml"), f"sqlite:///{tmp_path}/k.sqlite", Policy()) as live:
        spec = live.course.assignment("k2-variants")
        assert spec is not None
        assert dict(live.course.variant(spec, "local#mei"))["d"] == "60"
        assert dict(live.course.variant(spec, "local#tomas"))["d"] == "150"
        answers = {"mei": "[1/2, sqrt(3)/2]", "tomas": "[-sqrt(3)/2, 1/2]"}
        for user, other in (("mei", "tomas"), ("tomas", "mei")):
            session = live.course.storage.start_session(f"local#{user}", user, "", "learner", "k2-variants")
            with live.client() as client:
                client.cookies.set("mg_session", session.token)
                assert "4a: incorrect" in notice(submit(client, "k2-variants", {"4a": answers[other]}, part="4a").text)
                assert "4a: correct" in notice(submit(client, "k2-variants", {"4a": answers[user]}, part="4a").text)


def test_lti_passback_posts_each_students_score_by_their_own_key(tmp_path: Path) -> None:
    platform = Platform().start()
    try:
        with live_server(problems(tmp_path, "quiz8v.yaml"), f"sqlite:///{tmp_path}/l.sqlite", Policy(),
                         platform) as live, live.client() as amara, live.client() as bo:
            # the LMS user ids are the student ids the variants are drawn for: the same numbers as above
            assert launch(amara, platform, sub="amara", assignment="quiz8v").status_code == 303
            assert launch(bo, platform, sub="bo", assignment="quiz8v").status_code == 303
            assert re.search(r"<mn>8</mn>\s*<mi>x</mi>", amara.get("/assignments/quiz8v").text)
            submit(amara, "quiz8v", RIGHT["amara"])
            settle(live, 1)
            submit(bo, "quiz8v", RIGHT["amara"])  # amara's answers: nothing for bo
            settle(live, 2)
            submit(bo, "quiz8v", RIGHT["bo"])
            settle(live, 3)
        assert [x["scoreGiven"] for x in platform.scores_for("amara")] == [5.0]
        assert [x["scoreGiven"] for x in platform.scores_for("bo")] == [0.0, 5.0]
    finally:
        platform.stop()

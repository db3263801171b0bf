"""LTI 1.3 against a test platform on 127.0.0.1: launch → answer → passback, and the refusals."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from lti_platform import INSTRUCTOR, Platform, fetch_json
from serve_helpers import Live, csrf, launch, live_server, login, notice, problems, settle, submit

from mathgrade.serve.course import Policy


@pytest.fixture
def platform() -> Iterator[Platform]:
    p = Platform().start()
    yield p
    p.stop()


@pytest.fixture
def live(tmp_path: Path, platform: Platform) -> Iterator[Live]:
    with live_server(problems(tmp_path), f"sqlite:///{tmp_path}/serve.sqlite", Policy(attempts=3, penalty=0.25),
                     platform) as server:
        yield server


def test_launch_answer_passback(live: Live, platform: Platform) -> None:
    with live.client() as ada:
        reply = launch(ada, platform, sub="ada-17", assignment="quiz3")
        assert reply.status_code == 303 and reply.headers["location"] == "/assignments/quiz3"
        assert "mg_session" in reply.cookies
        # One line item created for the link, with the assignment's maximum, and no score before an answer.
        assert [(i["resourceId"], i["scoreMaximum"], i["resourceLinkId"]) for i in platform.received.lineitems] == [
            ("quiz3", 10.0, "rl-1")]
        assert platform.received.scores == []

        reply = submit(ada, "quiz3", {"A1": "3"}, part="A1")
        assert reply.status_code == 200 and "A1: correct" in notice(reply.text)
        settle(live, 1)
        [(item, score)] = platform.received.scores
        assert item == platform.received.lineitems[0]["id"].removeprefix(platform.url)
        assert score["userId"] == "ada-17" and score["scoreGiven"] == 3.0 and score["scoreMaximum"] == 10.0
        assert score["gradingProgress"] == "FullyGraded" and score["activityProgress"] == "Submitted"
        stamp = datetime.fromisoformat(score["timestamp"].replace("Z", "+00:00"))
        assert abs(stamp.timestamp() - time.time()) < 60 and score["timestamp"].endswith("Z")

        # The same score again (a wrong answer to A2 earns nothing): no post.
        assert "A2: incorrect" in notice(submit(ada, "quiz3", {"A2": "[1, 1]"}, part="A2").text)
        settle(live, 2)
        assert len(platform.received.scores) == 1
        # Right on the second attempt: 2 points × (1 − 0.25) = 1.5, and the total 4.5 is posted.
        assert "A2: correct" in notice(submit(ada, "quiz3", {"A2": "[sqrt(2)/2, sqrt(2)/2]"}, part="A2").text)
        settle(live, 3)
        assert [s["scoreGiven"] for s in platform.scores_for("ada-17")] == [3.0, 4.5]
        # Everything answered: the activity is Completed.
        submit(ada, "quiz3", {"B1": "cos(y) + x^2"}, part="B1")
        settle(live, 4)
        last = platform.scores_for("ada-17")[-1]
        assert last["scoreGiven"] == 9.5 and last["activityProgress"] == "Completed"

    # A second student on the same link: the line item is reused, never created again.
    with live.client() as bo:
        assert launch(bo, platform, sub="bo-3", name="Bo", assignment="quiz3").status_code == 303
        submit(bo, "quiz3", {"A1": "6/2"}, part="A1")
        settle(live, 5)
    assert len(platform.received.lineitems) == 1
    assert [s["scoreGiven"] for s in platform.scores_for("bo-3")] == [3.0]
    # The tool asked for tokens with assertions the platform verified against the tool's served JWKS.
    assert platform.received.tokens and not platform.received.refused
    served = fetch_json(f"{live.url}/.well-known/jwks.json")
    assert served["keys"][0]["kty"] == "RSA" and served["keys"][0]["alg"] == "RS256" and "d" not in served["keys"][0]


def test_lineitem_from_the_launch_is_used_as_is(live: Live, platform: Platform) -> None:
    with live.client() as ada:
        launch(ada, platform, sub="ada-1", assignment="quiz3", lineitem=f"{platform.url}/lineitems/77")
        submit(ada, "quiz3", {"A1": "3"})
        settle(live, 1)
    assert platform.received.lineitems == []
    assert platform.received.scores[0][0] == "/lineitems/77"


def test_the_link_keeps_its_assignment(live: Live, platform: Platform) -> None:
    with live.client() as c:
        assert launch(c, platform, resource_link="rl-9", assignment="hw5").headers["location"] == "/assignments/hw5"
    with live.client() as c:  # a later launch of the same link without the custom parameter
        assert launch(c, platform, resource_link="rl-9", assignment=None).headers["location"] == "/assignments/hw5"
    with live.client() as c:
        reply = launch(c, platform, resource_link="rl-10", assignment="nope")
        assert reply.status_code == 404 and "mg_session" not in reply.cookies


OTHER_KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)


@pytest.mark.parametrize("claims, refusal", [
    pytest.param({"key": OTHER_KEY}, "bad_signature", id="signed-by-another-key-same-kid"),
    pytest.param({"key": OTHER_KEY, "kid": "nobody"}, "bad_signature", id="unknown-kid"),
    pytest.param({"aud": "some-other-tool"}, "wrong_audience", id="wrong-audience"),
    pytest.param({"aud": ["some-other-tool", "third"]}, "wrong_audience", id="audience-list-without-us"),
    pytest.param({"expires_in": -120}, "expired", id="expired"),
    pytest.param({"deployment": "dep-unknown"}, "bad_deployment", id="unknown-deployment"),
])
def test_refused_launches(live: Live, platform: Platform, claims: dict, refusal: str) -> None:
    with live.client() as c:
        state, nonce = login(c, platform)
        reply = c.post("/lti/launch", data={"id_token": platform.id_token(nonce, **claims), "state": state})
        assert reply.status_code == 401 and f"({refusal})" in reply.text
        assert "mg_session" not in reply.cookies
        assert c.get("/assignments/k2").status_code == 401


def test_replayed_launch_is_refused(live: Live, platform: Platform) -> None:
    with live.client() as c:
        state, nonce = login(c, platform)
        token = platform.id_token(nonce)
        assert c.post("/lti/launch", data={"id_token": token, "state": state}).status_code == 303
    with live.client() as thief:
        again = thief.post("/lti/launch", data={"id_token": token, "state": state})
        assert again.status_code == 401 and "(bad_state)" in again.text
        fresh_state, _ = login(thief, platform)  # a new login's state with the old token: its nonce is not this one
        again = thief.post("/lti/launch", data={"id_token": token, "state": fresh_state})
        assert again.status_code == 401 and "(bad_nonce)" in again.text
        assert "mg_session" not in thief.cookies


def test_launch_with_a_made_up_state_is_refused(live: Live, platform: Platform) -> None:
    with live.client() as c:
        _, nonce = login(c, platform)
        reply = c.post("/lti/launch", data={"id_token": platform.id_token(nonce), "state": "guessed"})
        assert reply.status_code == 401 and "(bad_state)" in reply.text


def test_unregistered_issuer_is_refused(live: Live, platform: Platform) -> None:
    with live.client() as c:
        reply = c.get("/lti/login", params={"iss": "https://lms.elsewhere.example", "login_hint": "x",
                                            "target_link_uri": "x"})
        assert reply.status_code == 400 and "unknown_platform" in reply.text
        forged = jwt.encode({"iss": "https://lms.elsewhere.example", "aud": platform.client_id, "sub": "x",
                             "nonce": "n", "iat": int(time.time()), "exp": int(time.time()) + 60}, OTHER_KEY,
                            algorithm="RS256")
        reply = c.post("/lti/launch", data={"id_token": forged, "state": "s"})
        assert reply.status_code == 401 and "(unknown_platform)" in reply.text


INSTRUCTOR_ROUTES = [("GET", "/instructor/quiz3/"), ("GET", "/instructor/quiz3/regrade"),
                     ("POST", "/instructor/quiz3/regrade"), ("GET", "/instructor/quiz3/bo-3.html"),
                     ("GET", "/api/results/quiz3"), ("POST", "/api/check"), ("POST", "/api/grade")]


def test_learner_cannot_use_instructor_routes(live: Live, platform: Platform) -> None:
    with live.client() as ada:
        launch(ada, platform, sub="ada-17", assignment="quiz3")
        token = csrf(ada.get("/assignments/quiz3").text)
        for method, path in INSTRUCTOR_ROUTES:
            reply = ada.request(method, path, headers={"X-CSRF-Token": token},
                                json={"answer": "1", "expected": "1"} if path.startswith("/api/") else None)
            assert reply.status_code == 403, (method, path, reply.status_code)


def test_students_see_only_their_own_attempts(live: Live, platform: Platform) -> None:
    with live.client() as ada:
        launch(ada, platform, sub="ada-17", name="Ada", assignment="quiz3")
        submit(ada, "quiz3", {"B1": "x^2 + cos(y) + 0*ADA_SECRET"}, part="B1")
    with live.client() as bo:
        launch(bo, platform, sub="bo-3", name="Bo", assignment="quiz3")
        page = bo.get("/assignments/quiz3").text
        assert "ADA_SECRET" not in page and "ada-17" not in page
        assert bo.get("/instructor/quiz3/ada-17.html").status_code == 403
        assert bo.get("/api/results/quiz3").status_code == 403
        assert bo.get("/assignments/hw5").status_code == 403  # a session is for the assignment it launched
        token = csrf(page)
        other = bo.post("/api/preview", json={"assignment": "hw5", "part": "1a", "answer": "1"},
                        headers={"X-CSRF-Token": token})
        assert other.status_code == 403


def test_instructor_launch_regrade_and_repost(live: Live, platform: Platform, tmp_path: Path) -> None:
    with live.client() as ada:
        launch(ada, platform, sub="ada-17", assignment="quiz3")
        submit(ada, "quiz3", {"A1": "3", "A2": "[1/sqrt(2), -1/sqrt(2)]", "B1": "x^2 - cos(y)"})
        settle(live, 1)
    assert [s["scoreGiven"] for s in platform.scores_for("ada-17")] == [3.0]
    with live.client() as teacher:
        reply = launch(teacher, platform, sub="prof-1", roles=(INSTRUCTOR,), assignment="quiz3", name="Prof")
        assert reply.headers["location"] == "/instructor/quiz3/"
        summary = teacher.get("/instructor/quiz3/")
        assert summary.status_code == 200 and "ada-17" in summary.text
        # The instructor decides the sign of cos was a typo in the key: the spec changes on disk.
        spec = tmp_path / "problems" / "quiz3.yaml"
        spec.write_text(spec.read_text().replace('accept: ["cos(y) + x^2"', 'alternatives: ["x^2 - cos(y)"]\n'
                                                 '        accept: ["cos(y) + x^2"'))
        dry = teacher.get("/instructor/quiz3/regrade")
        assert dry.status_code == 200
        rows = re.findall(r"<tr><td>([^<]*)</td><td>[^<]*</td><td>([^<]*)</td><td>([^<]*)</td><td>([^<]*)</td></tr>",
                          dry.text)
        assert rows == [("ada-17", "3", "8", "B1: 0 → 5")]
        assert live.course.total(live.course.assignment("quiz3"), f"{platform.issuer}#ada-17") == 3.0  # dry run
        assert len(platform.scores_for("ada-17")) == 1
        applied = teacher.post("/instructor/quiz3/regrade", data={"csrf": csrf(dry.text)})
        assert applied.status_code == 200 and "Applied" in applied.text
    assert [s["scoreGiven"] for s in platform.scores_for("ada-17")] == [3.0, 8.0]
    assert platform.scores_for("prof-1") == []  # instructors' own tries are never posted

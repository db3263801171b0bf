"""Feedback that teaches: follow-through, instructor mistakes, partial credit and the reveal policy, end to end."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from mathgrade.errors import SpecError
from mathgrade.grade import Grader
from mathgrade.grade.sheets import Submission
from mathgrade.spec import load_spec, parse_spec

K2 = Path(__file__).resolve().parents[1] / "problems" / "k2.yaml"

R2 = np.sqrt(2)
U = np.array([[-np.sqrt(3) / 2, 0.5], [-0.5, -np.sqrt(3) / 2]])
# A wrong 5a: the student computed V^T Sigma instead of Sigma V^T.
WRONG_5A = np.array([[1 / R2, 1 / R2], [-1 / R2, 1 / R2]]) @ np.diag([2, 4])


def mat(m: np.ndarray) -> str:
    return "[" + ", ".join("[" + ", ".join(f"{v:.6f}" for v in row) + "]" for row in m) + "]"


def vec(v: np.ndarray) -> str:
    return "[" + ", ".join(f"{x:.6f}" for x in v) + "]"


def sheet(answers: dict[str, str]) -> Submission:
    return Submission(file="t.yaml", student_id="t", name="T", email="", answers=tuple(answers.items()))


@pytest.fixture(scope="module")
def grader() -> Grader:
    return Grader(load_spec(K2))


def parts(grader: Grader, answers: dict[str, str]) -> dict:
    return {p.id: p for p in grader.grade(sheet(answers)).parts}


def test_follow_through_credits_consistent_work_after_a_wrong_5a(grader: Grader) -> None:
    xs = [np.array([1, 0]) / R2, np.array([0, 1]) / R2, -np.array([1, 0]) / R2, -np.array([0, 1]) / R2]
    answers = {"5a": mat(WRONG_5A)}
    for pid, x in zip(["5b", "5c", "5d", "5e"], xs):
        answers[pid] = vec(WRONG_5A @ x)
    answers["7a"] = mat(U @ WRONG_5A)
    got = parts(grader, answers)
    assert got["5a"].status.value == "incorrect"
    for pid in ["5b", "5c", "5d", "5e", "7a"]:
        assert got[pid].status.value == "correct", (pid, got[pid].feedback)
        assert got[pid].score == got[pid].max
        assert "follow_through" in got[pid].diagnoses
        assert "your answer to 5a" in got[pid].feedback


def test_follow_through_does_not_rescue_work_wrong_for_both(grader: Grader) -> None:
    got = parts(grader, {"5a": mat(WRONG_5A), "5b": "[5, 5]", "7a": "[[1, 2], [3, 4]]"})
    assert got["5b"].status.value == "incorrect"
    assert got["7a"].status.value == "incorrect"
    assert "follow_through" not in got["5b"].diagnoses


def test_follow_through_not_used_when_5a_is_right(grader: Grader) -> None:
    right_5a = "[[sqrt(2), sqrt(2)], [-2sqrt(2), 2sqrt(2)]]"
    got = parts(grader, {"5a": right_5a, "5b": vec(WRONG_5A @ np.array([1 / R2, 0]))})
    assert got["5a"].status.value == "correct"
    assert got["5b"].status.value == "incorrect"


def test_instructor_mistake_feedback(grader: Grader) -> None:
    got = parts(grader, {"4d": "[[1/sqrt(2), -1/sqrt(2)], [1/sqrt(2), 1/sqrt(2)]]",
                         "7a": mat(np.array([[2 ** 0.5, 2 ** 0.5], [-2 * 2 ** 0.5, 2 * 2 ** 0.5]]) @ U)})
    assert got["4d"].diagnoses[0] == "gave_V" and "V itself" in got["4d"].feedback
    assert got["7a"].diagnoses[0] == "wrong_order" and "wrong order" in got["7a"].feedback


def test_proportional_credit_on_7a(grader: Grader) -> None:
    a = U @ np.diag([2, 4]) @ np.array([[1 / R2, -1 / R2], [1 / R2, 1 / R2]]).T
    a[0, 0] += 1
    got = parts(grader, {"7a": mat(a)})["7a"]
    assert got.status.value == "partial" and got.score == pytest.approx(2.25)
    assert got.wrong_entries == ((1, 1),)


SPEC = """
id: t
reveal: {reveal}
{due}
problems:
  - id: "1"
    parts:
      - {{id: a, points: 1, reference: "sqrt(2)"}}
"""


@pytest.mark.parametrize("reveal,due,today,shown", [
    pytest.param("always", "", None, True, id="always"),
    pytest.param("never", "", None, False, id="never"),
    pytest.param("after_due", "due: 2026-12-01", "2026-11-30", False, id="before-due"),
    pytest.param("after_due", "due: 2026-12-01", "2026-12-01", True, id="on-due-date"),
])
def test_reveal_policy(reveal: str, due: str, today: str | None, shown: bool) -> None:
    g = Grader(parse_spec(SPEC.format(reveal=reveal, due=due)), today=today)
    part = g.grade(sheet({"a": "1"})).parts[0]
    assert (part.expected is not None) == shown
    if shown:
        assert part.expected.text == "sqrt(2)"


def test_after_due_needs_a_due_date() -> None:
    with pytest.raises(SpecError, match="needs a `due` date"):
        parse_spec(SPEC.format(reveal="after_due", due=""))


def test_expected_is_never_shown_for_a_correct_answer(grader: Grader) -> None:
    assert parts(grader, {"4a": "[1/sqrt(2), 1/sqrt(2)]"})["4a"].expected is None
    assert parts(grader, {"4a": "[1, 1]"})["4a"].expected is not None


def test_every_lost_point_has_a_reason_for_the_seed(grader: Grader) -> None:
    from mathgrade.grade.sheets import read_sheet

    seed = grader.grade(read_sheet(K2.parents[1] / "tests" / "data" / "k2-pallav-kumar-sheet.yaml"))
    for p in seed.parts:
        if p.score < p.max and p.status.value != "manual":
            assert p.feedback not in ("", "Not correct.", "Not correct"), (p.id, p.feedback)


def test_part_titles_are_shown_escaped_in_reports() -> None:
    from mathgrade.grade.results import ClassResult
    from mathgrade.report.html import student_html

    spec = parse_spec("id: t\nproblems:\n  - id: '1'\n    parts:\n"
                      "      - {id: a, points: 1, reference: '2', title: 'Tangent <b>slope</b>'}\n"
                      "      - {id: b, points: 1, reference: '3'}\n")
    grader = Grader(spec)
    result = grader.grade(Submission(file="x.yaml", student_id="s", name="S", email="", answers=(("a", "2"),)))
    html = student_html(spec, ClassResult("t", "t", 2.0, (result,)).students[0])
    assert '<span class="ptitle">Tangent &lt;b&gt;slope&lt;/b&gt;</span>' in html
    assert html.count('class="ptitle"') == 1


EIGEN = Path(__file__).resolve().parents[1] / "problems" / "eigen-svd.yaml"
S = "[[3sqrt(5), 0], [0, sqrt(5)]]"
V = "1/sqrt(2) [[1, 1], [1, -1]]"
V_FLIPPED = "1/sqrt(2) [[-1, 1], [-1, -1]]"     # column 1 flipped: right up to sign
U_KEY = "1/sqrt(10) [[1, 3], [3, -1]]"
U_FLIPPED = "1/sqrt(10) [[-1, 3], [-3, -1]]"    # goes with V_FLIPPED
V_RAW = "[[1, 1], [1, -1]]"                      # not normalised: wrong
U_RAW = "1/sqrt(5) [[1, 3], [3, -1]]"           # A V_RAW Σ⁻¹: right for the student's own V
A = "[[3, 0], [4, 5]]"

# (1e, 1f, 1g, verdicts on 1e/1f/1g): UΣVᵀ (carry_forms: false) is right as A for any valid signs, and right as
# the student's own product when a wrong V and the U that follows from it were carried; decided by hand
SVD_CHAIN = [
    pytest.param(V, U_KEY, A, ("correct", "correct", "correct"), id="key-factors"),
    pytest.param(V_FLIPPED, U_FLIPPED, A, ("correct", "correct", "correct"), id="flipped-consistently"),
    pytest.param(V_FLIPPED, U_KEY, A, ("correct", "incorrect", "correct"), id="u-not-flipped-product-still-a"),
    pytest.param(V_RAW, U_RAW, "[[6, 0], [8, 10]]", ("incorrect", "correct", "correct"), id="own-product-of-raw-v"),
    pytest.param(V_RAW, U_RAW, A, ("incorrect", "correct", "correct"), id="raw-v-but-a-written"),
    pytest.param(V_RAW, U_RAW, "[[6, 0], [8, 9]]", ("incorrect", "correct", "incorrect"), id="own-product-miscomputed"),
    pytest.param(V, U_KEY, "[[6, 0], [8, 10]]", ("correct", "correct", "incorrect"), id="twice-a-with-right-factors"),
]


@pytest.mark.parametrize("v,u,product,want", SVD_CHAIN)
def test_svd_product_follows_wrong_factors_but_not_sign_choices(v: str, u: str, product: str,
                                                                want: tuple[str, str, str]) -> None:
    got = {p.id: p for p in Grader(load_spec(EIGEN)).grade(sheet({"1d": S, "1e": v, "1f": u, "1g": product})).parts}
    assert tuple(got[p].status.value for p in ("1e", "1f", "1g")) == want, [got[p].feedback for p in ("1e", "1f", "1g")]


@pytest.mark.parametrize("v,u,doubt", [
    pytest.param(V_RAW, U_RAW, True, id="a-written-after-a-raw-v-and-its-u"),
    pytest.param(V, "1/sqrt(10) [[1, 3], [3, 1]]", True, id="a-written-after-a-wrong-u"),
    # the key's U does not go with the student's own flipped V: UΣVᵀ of their factors is not A. The tables split
    # (documents50 says incorrect, documents7 and documents28 credit it), so the instructor decides
    pytest.param(V_FLIPPED, U_KEY, True, id="a-after-the-keys-u-with-a-flipped-v-goes-to-review"),
    pytest.param(V, U_KEY, False, id="a-after-right-factors"),
])
def test_the_key_product_after_wrong_factors_goes_to_review(v: str, u: str, doubt: bool) -> None:
    got = {p.id: p for p in Grader(load_spec(EIGEN)).grade(sheet({"1d": S, "1e": v, "1f": u, "1g": A})).parts}
    assert got["1g"].status.value == "correct"
    assert (got["1g"].review is not None) is doubt, got["1g"]

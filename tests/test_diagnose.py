"""Diagnoses: each fires on the mistake it names, and stays silent on right answers and on other mistakes."""

from __future__ import annotations

import pytest

from mathgrade.check import CheckOptions, Condition, Kind, Status, check
from mathgrade.check.derivation import check_derivation
from mathgrade.check.rotation import check_rotation
from mathgrade.parse import parse_answer
from mathgrade.solvers import get

IDX = CheckOptions(kind=Kind.INDEXED, domains=(("y", "softmax"),), vectors=frozenset({"x", "w"}))
EXACT = CheckOptions(exact=True)

# (answer, expected, options, codes it must have; "factor" text that must appear in the feedback)
WRONG = [
    # whole answer negated
    ("-1/sqrt(2)", "1/sqrt(2)", None, {"sign_error"}, None),
    ("-(x+1)^2", "(x+1)^2", None, {"sign_error"}, None),
    ("1 - x", "x - 1", None, {"sign_error"}, None),
    ("-[1, 2]", "[1, 2]", None, {"sign_error"}, None),
    ("[[-1, -2], [-3, -4]]", "[[1, 2], [3, 4]]", None, {"sign_error"}, None),
    ("y_i y_j", "-y_i y_j", CheckOptions(kind=Kind.INDEXED, condition=Condition.DIFFERENT, domains=(("y", "softmax"),)),
     {"sign_error"}, None),
    ("sin(x)", "-sin(x)", None, {"sign_error"}, None),
    ("-e^x", "e^x", None, {"sign_error"}, None),
    # one entry's sign
    ("[1/sqrt(2), -1/sqrt(2)]", "[1/sqrt(2), 1/sqrt(2)]", None, {"sign_flip_entry"}, None),
    ("[1, 2]", "[1, -2]", None, {"sign_flip_entry"}, None),
    ("[[1, 2], [3, -4]]", "[[1, 2], [3, 4]]", None, {"sign_flip_entry"}, None),
    ("[[-sqrt(2), sqrt(2)], [-2sqrt(2), 2sqrt(2)]]", "[[sqrt(2), sqrt(2)], [-2sqrt(2), 2sqrt(2)]]", None,
     {"sign_flip_entry"}, None),
    ("[-1, -2, 3]", "[-1, 2, 3]", None, {"sign_flip_entry"}, None),
    # transposed
    ("[[1, 3], [2, 4]]", "[[1, 2], [3, 4]]", None, {"transposed"}, None),
    ("[[1/sqrt(2), -1/sqrt(2)], [1/sqrt(2), 1/sqrt(2)]]", "[[1/sqrt(2), 1/sqrt(2)], [-1/sqrt(2), 1/sqrt(2)]]", None,
     {"transposed"}, None),
    ("[[sqrt(2), -2sqrt(2)], [sqrt(2), 2sqrt(2)]]", "[[sqrt(2), sqrt(2)], [-2sqrt(2), 2sqrt(2)]]", None,
     {"transposed"}, None),
    ("[[1, 4, 7], [2, 5, 8], [3, 6, 9]]", "[[1, 2, 3], [4, 5, 6], [7, 8, 9]]", None, {"transposed"}, None),
    ("[[a, c], [b, d]]", "[[a, b], [c, d]]", None, {"transposed"}, None),
    # swapped rows / columns / entries
    ("[[3, 4], [1, 2]]", "[[1, 2], [3, 4]]", None, {"rows_swapped"}, None),
    ("[[2, 1], [4, 3]]", "[[1, 2], [3, 4]]", None, {"columns_swapped"}, None),
    ("[-2, 1]", "[1, -2]", None, {"rows_swapped"}, None),
    ("[2, 1, 3]", "[1, 2, 3]", None, {"rows_swapped"}, None),
    ("[[4, 5, 6], [1, 2, 3]]", "[[1, 2, 3], [4, 5, 6]]", None, {"rows_swapped"}, None),
    ("[[1, 3, 2], [4, 6, 5]]", "[[1, 2, 3], [4, 5, 6]]", None, {"columns_swapped"}, None),
    # entries right, wrong places
    ("[[4, 1], [2, 3]]", "[[1, 2], [3, 4]]", None, {"entries_misplaced"}, None),
    ("[3, 1, 2]", "[1, 2, 3]", None, {"entries_misplaced"}, None),
    ("[[2, 4], [1, 3]]", "[[1, 2], [3, 4]]", None, {"entries_misplaced"}, None),
    # off by a factor, named
    ("1/2", "1/sqrt(2)", None, {"factor_off"}, "1/√2"),
    ("sqrt(2)", "1/sqrt(2)", None, {"factor_off"}, "factor 2"),
    ("2x", "x", None, {"factor_off"}, "factor 2"),
    ("x/2", "x", None, {"factor_off"}, "1/2"),
    ("sqrt(2) x", "x", None, {"factor_off"}, "√2"),
    ("[1, 1]", "[1/sqrt(2), 1/sqrt(2)]", None, {"factor_off"}, "√2"),
    ("[1/2, 1/2]", "[1/sqrt(2), 1/sqrt(2)]", None, {"factor_off"}, "1/√2"),
    ("[[2, 4], [6, 8]]", "[[1, 2], [3, 4]]", None, {"factor_off"}, "factor 2"),
    ("pi x", "x", None, {"factor_off"}, "π"),
    ("10", "1", None, {"factor_off"}, "factor 10"),
    ("3 y_i y_j", "y_i y_j", IDX, {"factor_off"}, "factor 3"),
    ("sqrt(3) x^2", "x^2", None, {"factor_off"}, "√3"),
    # degrees / radians
    ("45", "pi/4", None, {"degrees_for_radians"}, None),
    ("180", "pi", None, {"degrees_for_radians"}, None),
    ("90 x", "pi/2 x", None, {"degrees_for_radians"}, None),
    ("pi/4", "45", None, {"radians_for_degrees"}, None),
    ("pi", "180", None, {"radians_for_degrees"}, None),
    # decimals in exact mode
    ("0.7071", "1/sqrt(2)", EXACT, {"decimal_not_exact"}, None),
    ("[0.5, 1]", "[1/2, 1]", EXACT, {"decimal_not_exact"}, None),
    ("1.41421356", "sqrt(2)", EXACT, {"decimal_not_exact"}, None),
    # index condition ignored, missing sum
    ("y_i(1 - y_j)", "y_i(delta_ij - y_j)", IDX, {"condition_ignored"}, None),
    ("-y_i y_j", "y_i(delta_ij - y_j)", IDX, {"condition_ignored"}, None),
    ("y_i(δ_ik - y_k) x_k", "y_i(x_i - sum_k y_k x_k)", IDX, {"missing_sum"}, None),
    ("y_k x_k", "sum_k y_k x_k", IDX, {"missing_sum"}, None),
    ("-y_i(δ_ij - y_j)", "0", IDX, {"missing_sum"}, None),
    # shape mismatches
    ("[1, 2]", "3", None, {"vector_for_scalar"}, None),
    ("[[1, 2], [3, 4]]", "x", None, {"vector_for_scalar"}, None),
    ("3", "[1, 2]", None, {"scalar_for_vector"}, None),
    ("x", "[[1, 2], [3, 4]]", None, {"scalar_for_vector"}, None),
    ("[1, 2, 3]", "[1, 2]", None, {"wrong_shape"}, None),
    ("[[1, 2, 3], [4, 5, 6]]", "[[1, 2], [3, 4], [5, 6]]", None, {"wrong_shape"}, None),
    # reciprocal
    ("sqrt(2)/x", "x/sqrt(2)", None, {"reciprocal"}, None),
    ("1/(x+1)", "x+1", None, {"reciprocal"}, None),
]


@pytest.mark.parametrize("answer,expected,options,codes,factor", WRONG,
                         ids=[f"{sorted(c)[0]}-{k}" for k, (_, _, _, c, _) in enumerate(WRONG)])
def test_wrong_answer_gets_its_diagnosis(answer: str, expected: str, options: CheckOptions | None,
                                        codes: set[str], factor: str | None) -> None:
    verdict = check(answer, expected, options or CheckOptions())
    assert verdict.status in (Status.INCORRECT, Status.PARTIAL), verdict
    assert codes <= set(verdict.diagnoses), (verdict.diagnoses, verdict.feedback)
    if factor:
        assert factor in verdict.feedback, verdict.feedback


ROTATION_WRONG = [
    ("rotates 45 degrees clockwise, no scaling", 45, 1, {"direction_swapped", "rotation_direction_wrong"}),
    ("rotation by 150 degrees counterclockwise", -150, 1, {"direction_swapped"}),
    ("rotates by 225 degrees counterclockwise", 45, 1, {"angle_mod_180"}),
    ("rotates 45 degrees counterclockwise and scales by 2", 45, 1, {"rotation_scale_wrong"}),
    ("rotates by 30 degrees clockwise", -150, 1, {"rotation_angle_wrong"}),
]


@pytest.mark.parametrize("text,angle,scale,codes", ROTATION_WRONG, ids=[f"rotation-{k}" for k in range(5)])
def test_rotation_diagnoses(text: str, angle: float, scale: float, codes: set[str]) -> None:
    verdict = check_rotation(text, angle, scale)
    assert verdict.status in (Status.PARTIAL, Status.INCORRECT)
    assert codes <= set(verdict.diagnoses), verdict


DERIVATION = get("softmax_shift").func()
DERIVATION_WRONG = [
    ("\\frac{e^{z_i}}{\\sum_j e^{z_j}}", "no_steps"),
    ("\\frac{e^{z_i}}{\\sum_j e^{z_j - c}} = \\frac{e^{z_i}}{\\sum_j e^{z_j}}", "wrong_start"),
    ("\\frac{e^{z_i - c}}{\\sum_j e^{z_j - c}} = \\frac{e^{z_i}}{e^c \\sum_j e^{z_j}} = \\frac{e^{z_i}}{\\sum_j e^{z_j}}",
     "invalid_step_1"),
    ("\\frac{e^{z_i - c}}{\\sum_j e^{z_j - c}} = \\frac{e^{z_i - c}}{\\sum_j e^{z_j - c}}", "wrong_end"),
]


@pytest.mark.parametrize("text,code", DERIVATION_WRONG, ids=[c for _, c in DERIVATION_WRONG])
def test_derivation_diagnoses(text: str, code: str) -> None:
    verdict = check_derivation(parse_answer(text), DERIVATION.start, DERIVATION.target, CheckOptions())
    assert verdict.status is Status.INCORRECT and code in verdict.diagnoses


RIGHT = [
    ("sqrt(2)/2", "1/sqrt(2)", None), ("2^(-1/2)", "1/sqrt(2)", None), ("\\frac{\\sqrt{2}}{2}", "1/sqrt(2)", None),
    ("0.70711", "1/sqrt(2)", None), ("sin(pi/4)", "1/sqrt(2)", None), ("cos(45°)", "sqrt(2)/2", None),
    ("x^2+2x+1", "(x+1)^2", None), ("(1+x)^2", "x^2+2x+1", None), ("(x+1)(x+1)", "(x+1)^2", None),
    ("x·x + 2·x + 1", "(x+1)^2", None), ("1", "sin(x)^2 + cos(x)^2", None), ("tan(x) cos(x)", "sin(x)", None),
    ("e^{2\\ln 3}", "9", None), ("sqrt(6)/2", "sqrt(3/2)", None), ("3/sqrt(6)", "sqrt(3/2)", None),
    ("2(x+1)", "2x+2", None), ("(a+b)(a-b)", "a^2-b^2", None), ("|x|", "sqrt(x^2)", None), ("¾", "0.75", None),
    ("4 atan(1)", "pi", None), ("180°", "pi", None), ("x⁻¹", "1/x", None), ("-(-x)", "x", None),
    ("[1 1]/√2", "[1/sqrt(2), 1/sqrt(2)]", None), ("(√2/2, √2/2)", "[1/sqrt(2), 1/sqrt(2)]", None),
    ("[[1/sqrt(2)], [1/sqrt(2)]]", "[1/sqrt(2), 1/sqrt(2)]", None), ("[1; -2]", "[1, -2]", None),
    ("[2/2, -4/2]", "[1, -2]", None), ("\\begin{pmatrix} 1 \\\\ -2 \\end{pmatrix}", "[1, -2]", None),
    ("[[1,3],[2,4]]^T", "[[1, 2], [3, 4]]", None), ("2 [[1/2, 1], [3/2, 2]]", "[[1, 2], [3, 4]]", None),
    ("[1 2; 3 4]", "[[1, 2], [3, 4]]", None), ("Matrix([[1, 2], [3, 4]])", "[[1, 2], [3, 4]]", None),
    ("√2 [[1, 1], [-2, 2]]", "[[sqrt(2), sqrt(2)], [-2 sqrt(2), 2 sqrt(2)]]", None),
    ("[[cos(pi/4), -sin(pi/4)], [sin(pi/4), cos(pi/4)]]", "[[1/sqrt(2), -1/sqrt(2)], [1/sqrt(2), 1/sqrt(2)]]", None),
    ("[-√3/(2√2), -1/(2√2)]", "[-sqrt(6)/4, -sqrt(2)/4]", None), ("[-0.6124, -0.3536]", "[-sqrt(6)/4, -sqrt(2)/4]",
                                                                   None),
    ("y_i - y_i^2", "y_i(1 - y_i)", IDX), ("y_i(1-y_i)", "y_i - y_i^2", IDX), ("-y_j y_i", "-y_i y_j", IDX),
    ("δ_ij y_i - y_i y_j", "y_i(delta_ij - y_j)", IDX), ("y_j(δ_ij - y_i)", "y_i(delta_ij - y_j)", IDX),
    ("y_i \\delta_{ij} - y_i y_j", "y_i(delta_ij - y_j)", IDX), ("Σ_k x_k y_k", "sum_k y_k x_k", IDX),
    ("\\sum_{j=1}^{K} y_j x_j", "sum_k y_k x_k", IDX), ("y_i x_i - y_i Σ_k y_k x_k", "y_i(x_i - sum_k y_k x_k)", IDX),
    ("\\sum_k y_i(\\delta_{ik} - y_k) x_k", "y_i(x_i - sum_k y_k x_k)", IDX), ("y_i(1 - Σ_k y_k)", "0", IDX),
    ("wᵀ", "w", IDX), ("w'", "w", IDX), ("(y_i δ_ij - y_i y_j) wᵀ", "y_i(delta_ij - y_j) w", IDX),
    ("x_i^T", "x_i", IDX), ("-1", "-1", IDX), ("y_i(1 - y_j)", "y_i(1 - y_i)",
                                             CheckOptions(kind=Kind.INDEXED, condition=Condition.EQUAL,
                                                          domains=(("y", "softmax"),))),
    ("y_i(δ_ij - y_j)", "-y_i y_j", CheckOptions(kind=Kind.INDEXED, condition=Condition.DIFFERENT,
                                                 domains=(("y", "softmax"),))),
    ("\\frac{1}{\\sqrt{2}}", "1/sqrt(2)", EXACT), ("3/4", "0.75", None), ("1e-3", "0.001", None),
    ("\\left(x+1\\right)^{2}", "(x+1)^2", None), ("a = b = (x+1)^2", "(x+1)^2", None), ("45°", "pi/4", None),
]


@pytest.mark.parametrize("answer,expected,options", RIGHT, ids=[f"right-{k}" for k in range(len(RIGHT))])
def test_right_answers_in_unusual_forms_get_full_credit_and_no_diagnosis(answer: str, expected: str,
                                                                          options: CheckOptions | None) -> None:
    verdict = check(answer, expected, options or CheckOptions())
    assert verdict.status is Status.CORRECT and verdict.score == 1.0, verdict
    assert verdict.diagnoses == ()


ROTATION_RIGHT = [
    ("rotation by 210° counterclockwise", -150), ("150 degrees clockwise, no scaling", -150),
    ("rotates by pi/4 radians anticlockwise", 45), ("45° ccw, lengths preserved", 45),
    ("rotation by 315 degrees counterclockwise", -45),
]


@pytest.mark.parametrize("text,angle", ROTATION_RIGHT, ids=[f"rotation-right-{k}" for k in range(5)])
def test_rotation_right_answers(text: str, angle: float) -> None:
    verdict = check_rotation(text, angle, 1)
    assert verdict.status is Status.CORRECT and verdict.diagnoses == ()


# Silent cases: near the pattern, but the diagnosis must not fire.
SILENT = [
    ("[-1, 2]", "[1, -2]", None, "sign_flip_entry"),        # the whole vector is negated: sign_error instead
    ("[[1, 2], [2, 1]]", "[[1, 2], [2, 1]]", None, "transposed"),  # symmetric: its transpose is itself, and right
    ("[[1, 2], [2, 5]]", "[[1, 2], [2, 4]]", None, "transposed"),  # symmetric reference, one entry off
    ("3", "2", None, "factor_off"),                          # plain numbers: 3/2 is no mistake worth naming
    ("[[1, 2], [3, 5]]", "[[1, 2], [3, 4]]", None, "entries_misplaced"),
    ("[1, 3]", "[1, 2]", None, "rows_swapped"),
    ("x + 1", "x", None, "factor_off"),
    ("y_i y_j", "y_i(delta_ij - y_j)", IDX, "missing_sum"),
    ("x^2", "x", None, "reciprocal"),
    ("46", "pi/4", None, "degrees_for_radians"),
    ("[2, 2]", "[1, 3]", None, "factor_off"),
    ("0.7", "1/sqrt(2)", None, "decimal_not_exact"),         # not exact mode: just wrong
]


@pytest.mark.parametrize("answer,expected,options,code", SILENT, ids=[f"silent-{c}-{k}" for k, (_, _, _, c)
                                                                     in enumerate(SILENT)])
def test_diagnosis_stays_silent(answer: str, expected: str, options: CheckOptions | None, code: str) -> None:
    verdict = check(answer, expected, options or CheckOptions())
    assert code not in verdict.diagnoses, verdict


def test_table_sizes() -> None:
    assert len(WRONG) + len(ROTATION_WRONG) + len(DERIVATION_WRONG) >= 60
    assert len(RIGHT) + len(ROTATION_RIGHT) >= 60

"""Diagnoses: each fires on the mistake it names, and stays silent on right answers and on other mistakes.

Three tables, one grading function for all kinds (numbers, expressions, vectors, matrices, indexed formulas,
rotation descriptions, derivations, exact mode):

- WRONG: a wrong answer and the exact set of codes it must get (and, for factor_off, the factor the feedback names);
- RIGHT: right answers in unusual forms, which must be correct with full credit and no code at all;
- SILENT: near misses for each code: wrong (or right) answers that look like the pattern but are not it, with the
  exact set of codes they do get instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any

import pytest

from mathgrade.check import CheckOptions, Condition, Kind, Status, Verdict, check
from mathgrade.check.derivation import check_derivation
from mathgrade.check.rotation import check_rotation
from mathgrade.parse import parse_answer
from mathgrade.solvers import get

SOFTMAX = (("y", "softmax"),)
IDX = CheckOptions(kind=Kind.INDEXED, domains=SOFTMAX, vectors=frozenset({"x", "w"}))
IDX_EQ = CheckOptions(kind=Kind.INDEXED, domains=SOFTMAX, condition=Condition.EQUAL)
IDX_EQ_Z = CheckOptions(kind=Kind.INDEXED, domains=(("y", "softmax(z)"),), condition=Condition.EQUAL)
IDX_NE = CheckOptions(kind=Kind.INDEXED, domains=SOFTMAX, condition=Condition.DIFFERENT)
EXACT = CheckOptions(exact=True)
ORIENTED = CheckOptions(orientation=True)
LABELLED = CheckOptions(labels=("softmax", "sigma"))  # as k2.yaml's `labels:`


@dataclass(frozen=True)
class Rotation:
    """A rotation reference: signed angle in degrees (positive = counterclockwise) and scale."""

    angle: float
    scale: float = 1
    silent_scale: str = "unscaled"  # these tables are about angle and direction; tests/test_rotation.py has both


class _Derivation:
    """The derivation reference of k2 problem 1: softmax(z − c)_i = softmax(z)_i."""

    def __repr__(self) -> str:
        return "SHIFT"


SHIFT = _Derivation()
_SHIFT_REF = get("softmax_shift").func()

# LaTeX pieces of the shift-invariance chain.
START = r"\frac{e^{z_i - c}}{\sum_j e^{z_j - c}}"
TARGET = r"\frac{e^{z_i}}{\sum_j e^{z_j}}"


def chain(*members: str) -> str:
    return " = ".join(members)


def grade(answer: str, expected: Any, options: CheckOptions | None = None) -> Verdict:
    """Grade any kind: a Rotation reference goes to check_rotation, SHIFT to check_derivation, the rest to check."""
    if isinstance(expected, Rotation):
        return check_rotation(answer, expected.angle, expected.scale, silent_scale=expected.silent_scale)
    if expected is SHIFT:
        return check_derivation(parse_answer(answer), _SHIFT_REF.start, _SHIFT_REF.target, options or CheckOptions())
    return check(answer, expected, options or CheckOptions())


def wrong(answer: str, expected: Any, codes: set[str], options: CheckOptions | None = None, *,
          factor: str | None = None, id: str) -> Any:  # noqa: A002 - pytest's own name
    return pytest.param(answer, expected, options, frozenset(codes), factor, id=id)


def right(answer: str, expected: Any, options: CheckOptions | None = None, *, id: str) -> Any:  # noqa: A002
    return pytest.param(answer, expected, options, id=id)


def silent(answer: str, expected: Any, code: str, gets: set[str], options: CheckOptions | None = None, *,
           id: str) -> Any:  # noqa: A002
    return pytest.param(answer, expected, options, code, frozenset(gets), id=id)


# ---------------------------------------------------------------------------------------------------------------
# (a) Wrong answers: the exact set of codes each must get.
# ---------------------------------------------------------------------------------------------------------------

WRONG = [
    # -- sign_error: the whole answer is the negative of the reference (numbers, expressions, vectors, matrices,
    #    indexed formulas, and decimals within the tolerance) --
    wrong("-1/sqrt(2)", "1/sqrt(2)", {"sign_error"}, id="sign-number"),
    wrong("-\\frac{\\sqrt{2}}{2}", "1/sqrt(2)", {"sign_error"}, id="sign-latex"),
    wrong("-0.7071", "1/sqrt(2)", {"sign_error"}, id="sign-decimal"),
    wrong("-(x+1)^2", "(x+1)^2", {"sign_error"}, id="sign-expression"),
    wrong("1 - x", "x - 1", {"sign_error"}, id="sign-expanded"),
    wrong("sin(x)", "-sin(x)", {"sign_error"}, id="sign-trig"),
    wrong("-e^x", "e^x", {"sign_error"}, id="sign-exp"),
    wrong("-[1, 2]", "[1, 2]", {"sign_error"}, id="sign-vector"),
    wrong("[-0.7071, -0.7071]", "[1/sqrt(2), 1/sqrt(2)]", {"sign_error"}, id="sign-vector-decimal"),
    wrong("[[-1, -2], [-3, -4]]", "[[1, 2], [3, 4]]", {"sign_error"}, id="sign-matrix"),
    wrong("y_i y_j", "-y_i y_j", {"sign_error"}, IDX_NE, id="sign-indexed"),
    wrong("-y_i(δ_ij - y_j)", "y_i(delta_ij - y_j)", {"sign_error"}, IDX, id="sign-indexed-delta"),

    # -- sign_flip_entry: exactly one entry has the opposite sign --
    wrong("[1/sqrt(2), -1/sqrt(2)]", "[1/sqrt(2), 1/sqrt(2)]", {"sign_flip_entry"}, id="flip-vector"),
    wrong("[1, 2]", "[1, -2]", {"sign_flip_entry"}, id="flip-vector-int"),
    wrong("[-1, -2, 3]", "[-1, 2, 3]", {"sign_flip_entry"}, id="flip-vector-3"),
    wrong("[[1, 2], [3, -4]]", "[[1, 2], [3, 4]]", {"sign_flip_entry"}, id="flip-matrix"),
    wrong("[[-sqrt(2), sqrt(2)], [-2sqrt(2), 2sqrt(2)]]", "[[sqrt(2), sqrt(2)], [-2sqrt(2), 2sqrt(2)]]",
          {"sign_flip_entry"}, id="flip-matrix-surds"),

    # -- transposed: rows and columns exchanged (non-symmetric reference) --
    wrong("[[1, 3], [2, 4]]", "[[1, 2], [3, 4]]", {"transposed"}, id="transposed-int"),
    wrong("[[1/sqrt(2), -1/sqrt(2)], [1/sqrt(2), 1/sqrt(2)]]", "[[1/sqrt(2), 1/sqrt(2)], [-1/sqrt(2), 1/sqrt(2)]]",
          {"transposed"}, id="transposed-rotation"),
    wrong("[[sqrt(2), -2sqrt(2)], [sqrt(2), 2sqrt(2)]]", "[[sqrt(2), sqrt(2)], [-2sqrt(2), 2sqrt(2)]]",
          {"transposed"}, id="transposed-surds"),
    wrong("[[1, 4, 7], [2, 5, 8], [3, 6, 9]]", "[[1, 2, 3], [4, 5, 6], [7, 8, 9]]", {"transposed"},
          id="transposed-3x3"),
    wrong("[[a, c], [b, d]]", "[[a, b], [c, d]]", {"transposed"}, id="transposed-symbols"),

    # -- rows_swapped / columns_swapped: two rows, two columns, or two entries of a vector exchanged --
    wrong("[[3, 4], [1, 2]]", "[[1, 2], [3, 4]]", {"rows_swapped"}, id="rows-2x2"),
    wrong("[[4, 5, 6], [1, 2, 3]]", "[[1, 2, 3], [4, 5, 6]]", {"rows_swapped"}, id="rows-2x3"),
    wrong("[-2, 1]", "[1, -2]", {"rows_swapped"}, id="rows-vector"),
    wrong("[2, 1, 3]", "[1, 2, 3]", {"rows_swapped"}, id="rows-vector-3"),
    wrong("[[2, 1], [4, 3]]", "[[1, 2], [3, 4]]", {"columns_swapped"}, id="columns-2x2"),
    wrong("[[1, 3, 2], [4, 6, 5]]", "[[1, 2, 3], [4, 5, 6]]", {"columns_swapped"}, id="columns-2x3"),

    # -- entries_misplaced: the right values, in a permutation that is no single swap --
    wrong("[[4, 1], [2, 3]]", "[[1, 2], [3, 4]]", {"entries_misplaced"}, id="misplaced-cycle"),
    wrong("[3, 1, 2]", "[1, 2, 3]", {"entries_misplaced"}, id="misplaced-vector"),
    wrong("[[2, 4], [1, 3]]", "[[1, 2], [3, 4]]", {"entries_misplaced"}, id="misplaced-rotated"),
    wrong("[[1, 2], [4, 3]]", "[[1, 2], [3, 4]]", {"entries_misplaced"}, id="misplaced-one-row"),

    # -- factor_off: a constant factor, named in the feedback --
    wrong("1/2", "1/sqrt(2)", {"factor_off"}, factor="1/√2", id="factor-inv-sqrt2"),
    wrong("sqrt(2)", "1/sqrt(2)", {"factor_off"}, factor="2", id="factor-2-surd"),
    wrong("1.414", "1", {"factor_off"}, factor="√2", id="factor-decimal"),
    wrong("4", "2", {"factor_off"}, factor="2", id="factor-2-numbers"),
    wrong("10", "1", {"factor_off"}, factor="10", id="factor-10"),
    wrong("2x", "x", {"factor_off"}, factor="2", id="factor-2x"),
    wrong("x/2", "x", {"factor_off"}, factor="1/2", id="factor-half"),
    wrong("3x/2", "x", {"factor_off"}, factor="3/2", id="factor-3-2-expression"),
    wrong("sqrt(2) x", "x", {"factor_off"}, factor="√2", id="factor-sqrt2-x"),
    wrong("sqrt(3) x^2", "x^2", {"factor_off"}, factor="√3", id="factor-sqrt3"),
    wrong("2sqrt(2) x", "x", {"factor_off"}, factor="2√2", id="factor-2sqrt2"),
    wrong("pi x", "x", {"factor_off"}, factor="π", id="factor-pi"),
    wrong("-2x", "x", {"factor_off"}, factor="-2", id="factor-negative"),
    wrong("[1, 1]", "[1/sqrt(2), 1/sqrt(2)]", {"factor_off"}, factor="√2", id="factor-vector-sqrt2"),
    wrong("[1/2, 1/2]", "[1/sqrt(2), 1/sqrt(2)]", {"factor_off"}, factor="1/√2", id="factor-vector-inv-sqrt2"),
    wrong("[[2, 4], [6, 8]]", "[[1, 2], [3, 4]]", {"factor_off"}, factor="2", id="factor-matrix"),
    wrong("[3, 3]", "[2, 2]", {"factor_off"}, factor="3/2", id="factor-vector-two-entries"),
    wrong("3 y_i y_j", "y_i y_j", {"factor_off"}, IDX, factor="3", id="factor-indexed"),
    wrong("2pi", "1", {"factor_off"}, factor="2π", id="factor-2pi"),
    wrong("0.1", "1", {"factor_off"}, factor="1/10", id="factor-decimal-point"),
    wrong("[0.5, 0.5]", "[1/sqrt(2), 1/sqrt(2)]", {"factor_off"}, factor="1/√2", id="factor-vector-decimals"),
    wrong("[10, 0]", "[1, 0]", {"factor_off"}, factor="10", id="factor-single-entry-notable"),
    wrong("[[sqrt(2), 0], [0, sqrt(2)]]", "[[1, 0], [0, 1]]", {"factor_off"}, factor="√2", id="factor-identity"),

    # -- degrees_for_radians / radians_for_degrees: off by 180/π or π/180 --
    wrong("45", "pi/4", {"degrees_for_radians"}, id="degrees-45"),
    wrong("180", "pi", {"degrees_for_radians"}, id="degrees-180"),
    wrong("90 x", "pi/2 x", {"degrees_for_radians"}, id="degrees-expression"),
    wrong("pi/4", "45", {"radians_for_degrees"}, id="radians-pi4"),
    wrong("pi", "180", {"radians_for_degrees"}, id="radians-pi"),
    wrong("0.7854", "45", {"radians_for_degrees"}, id="radians-decimal"),

    # -- decimal_not_exact: exact mode, a decimal answer (right or wrong) --
    wrong("0.7071", "1/sqrt(2)", {"decimal_not_exact"}, EXACT, id="exact-decimal"),
    wrong("1.41421356", "sqrt(2)", {"decimal_not_exact"}, EXACT, id="exact-many-digits"),
    wrong("[0.5, 1]", "[1/2, 1]", {"decimal_not_exact"}, EXACT, id="exact-vector"),
    wrong("0.5x", "x/2", {"decimal_not_exact"}, EXACT, id="exact-expression"),

    # -- condition_ignored: a formula right only for i = j, or only for i ≠ j, given for all i, j --
    wrong("y_i(1-y_j)", "y_i(delta_ij - y_j)", {"condition_ignored"}, IDX, id="condition-diagonal-only"),
    wrong("y_i(1 - y_i)", "y_i(delta_ij - y_j)", {"condition_ignored"}, IDX, id="condition-diagonal-formula"),
    wrong("-y_i y_j", "y_i(delta_ij - y_j)", {"condition_ignored"}, IDX, id="condition-offdiagonal-only"),
    wrong("y_i(1 - y_j) w", "y_i(delta_ij - y_j) w", {"condition_ignored"}, IDX, id="condition-vector"),

    # -- missing_sum: an extra free index; right once summed, or just a stray index --
    wrong("y_i(δ_ik - y_k) x_k", "y_i(x_i - sum_k y_k x_k)", {"missing_sum"}, IDX, id="sum-chain-rule"),
    wrong("y_i(δ_ij - y_j) x_j", "y_i(x_i - sum_k y_k x_k)", {"missing_sum"}, IDX, id="sum-chain-rule-j"),
    wrong("y_k x_k", "sum_k y_k x_k", {"missing_sum"}, IDX, id="sum-plain"),
    wrong("-y_i(δ_ij - y_j)", "0", {"missing_sum"}, IDX, id="sum-to-zero"),

    # -- vector_for_scalar / scalar_for_vector / wrong_shape --
    wrong("[1, 2]", "3", {"vector_for_scalar"}, id="vector-for-number"),
    wrong("[[1, 2], [3, 4]]", "x", {"vector_for_scalar"}, id="matrix-for-expression"),
    wrong("3", "[1, 2]", {"scalar_for_vector"}, id="number-for-vector"),
    wrong("x", "[[1, 2], [3, 4]]", {"scalar_for_vector"}, id="expression-for-matrix"),
    # symbolic vectors (w, x): the comparison finds the shape, and names it
    wrong("3", "w", {"scalar_for_vector"}, IDX, id="number-for-symbolic-vector"),
    wrong("x_i^T w", "w", {"scalar_for_vector"}, IDX, id="dot-product-for-vector"),
    wrong("w", "y_i", {"vector_for_scalar"}, IDX, id="symbolic-vector-for-scalar"),
    wrong("w^T", "w", {"wrong_orientation"}, replace(IDX, orientation=True), id="row-for-column"),
    # -- missing_term: the answer is some of the reference's terms --
    wrong("y_i x_i", "y_i(x_i - sum_k y_k x_k)", {"missing_term"}, IDX, id="term-first-of-chain-rule"),
    wrong("y_i δ_ij", "y_i(delta_ij - y_j)", {"missing_term"}, IDX, id="term-delta-only"),
    wrong("x^2 + 1", "(x + 1)^2", {"missing_term"}, id="term-cross-term-forgotten"),
    wrong("2x", "x^2 + 2x + 1", {"missing_term"}, id="term-one-of-three"),
    # -- index_mixed_up: one index written as another --
    wrong("-y_i^2", "-y_i y_j", {"index_mixed_up"}, IDX_NE, id="index-i-for-j"),
    wrong("y_j(1 - y_j) x_j", "y_i(1 - y_i) x_i", {"index_mixed_up"}, IDX, id="index-j-for-i"),
    wrong("[1, 2, 3]", "[1, 2]", {"wrong_shape"}, id="shape-long-vector"),
    wrong("[1, 2]", "[1, 2, 3]", {"wrong_shape"}, id="shape-short-vector"),
    wrong("[[1, 2, 3], [4, 5, 6]]", "[[1, 2], [3, 4], [5, 6]]", {"wrong_shape"}, id="shape-matrix"),
    wrong("[[1, 2]]", "[1, 2]", {"wrong_shape"}, ORIENTED, id="shape-row-for-column-oriented"),

    # -- reciprocal --
    wrong("sqrt(2)/x", "x/sqrt(2)", {"reciprocal"}, id="reciprocal-expression"),
    wrong("1/(x+1)", "x+1", {"reciprocal"}, id="reciprocal-sum"),
    wrong("2", "1/2", {"reciprocal"}, id="reciprocal-number"),
    wrong("\\frac{\\sum_j e^{z_j}}{e^{z_i}}", "e^{z_i} / sum_j e^{z_j}", {"reciprocal"}, id="reciprocal-softmax"),

    # -- rotation descriptions: direction_swapped, angle_mod_180, with the component codes --
    wrong("rotates 45 degrees clockwise, no scaling", Rotation(45), {"rotation_direction_wrong", "direction_swapped"},
          id="rotation-direction-45"),
    wrong("rotation by 150 degrees counterclockwise", Rotation(-150),
          {"rotation_direction_wrong", "direction_swapped"}, id="rotation-direction-150"),
    wrong("rotates by -45 degrees counterclockwise", Rotation(45), {"rotation_direction_wrong", "direction_swapped"},
          id="rotation-direction-negative-angle"),
    wrong("rotates by 225 degrees counterclockwise", Rotation(45), {"rotation_angle_wrong", "angle_mod_180"},
          id="rotation-mod180-225"),
    wrong("rotates by 30° counterclockwise", Rotation(-150),
          {"rotation_angle_wrong", "rotation_direction_wrong", "angle_mod_180"}, id="rotation-mod180-quadrant"),
    wrong("rotates by 135 degrees clockwise", Rotation(45),
          {"rotation_angle_wrong", "rotation_direction_wrong", "angle_mod_180"}, id="rotation-mod180-cw"),
    wrong("rotates by 0 degrees", Rotation(180), {"rotation_angle_wrong", "angle_mod_180"}, id="rotation-mod180-zero"),
    wrong("rotates 45 degrees counterclockwise and scales by 2", Rotation(45), {"rotation_scale_wrong"},
          id="rotation-scale"),
    wrong("rotates by 30 degrees clockwise", Rotation(-150), {"rotation_angle_wrong"}, id="rotation-angle"),

    # -- derivations: no_steps, wrong_start, invalid_step_N, wrong_end --
    wrong(TARGET, SHIFT, {"no_steps"}, id="derivation-no-steps"),
    wrong(START, SHIFT, {"no_steps"}, id="derivation-start-only"),
    wrong(chain(r"\frac{e^{z_i}}{\sum_j e^{z_j - c}}", TARGET), SHIFT, {"wrong_start"}, id="derivation-wrong-start"),
    wrong(chain(START, r"\frac{e^{z_i}}{e^{c} \sum_j e^{z_j}}", TARGET), SHIFT, {"invalid_step_1"},
          id="derivation-step-1"),
    wrong(chain(START, r"\frac{e^{z_i} e^{-c}}{e^{-c} \sum_j e^{z_j}}", r"\frac{e^{z_i}}{e^{c}\sum_j e^{z_j}}",
                TARGET), SHIFT, {"invalid_step_2"}, id="derivation-step-2"),
    wrong(chain(START, r"\frac{e^{z_i} e^{-c}}{e^{-c} \sum_j e^{z_j}}", TARGET, r"\frac{e^{z_i - c}}{\sum_j e^{z_j}}"),
          SHIFT, {"invalid_step_3"}, id="derivation-step-3"),
    wrong(chain(START, START), SHIFT, {"wrong_end"}, id="derivation-stops-at-start"),
    wrong(chain(START, r"\frac{e^{z_i - c}}{\sum_j e^{z_j - c}} \cdot \frac{e^c}{e^c}"), SHIFT, {"wrong_end"},
          id="derivation-never-cancels"),
    # -- rounded: decimals that are the key rounded as written (3+ significant digits), outside the 0.1 % rtol --
    wrong("2.24", "sqrt(5)", {"rounded"}, id="rounded-number"),
    wrong("1.41", "sqrt(2)", {"rounded"}, id="rounded-sqrt2-two-places"),
    wrong("0.354", "sqrt(2)/4", {"rounded"}, id="rounded-three-places"),
    wrong("[-0.612, -0.354]", "[-sqrt(6)/4, -sqrt(2)/4]", {"rounded"}, id="rounded-one-entry-of-a-vector"),
    wrong("[[1.41, 0], [0, 2.24]]", "[[sqrt(2), 0], [0, sqrt(5)]]", {"rounded"}, id="rounded-two-entries"),
]


@pytest.mark.parametrize("answer,expected,options,codes,factor", WRONG)
def test_wrong_answer_gets_exactly_its_diagnoses(answer: str, expected: Any, options: CheckOptions | None,
                                                 codes: frozenset[str], factor: str | None) -> None:
    verdict = grade(answer, expected, options)
    assert verdict.status in (Status.INCORRECT, Status.PARTIAL), verdict
    assert verdict.score < 1.0, verdict
    assert set(verdict.diagnoses) == codes, (verdict.diagnoses, verdict.feedback)
    if factor is not None:
        assert re.search(rf"off by a factor {re.escape(factor)}[.:]", verdict.feedback), verdict.feedback


# ---------------------------------------------------------------------------------------------------------------
# (b) Right answers in unusual forms: correct, full credit, no diagnosis.
# ---------------------------------------------------------------------------------------------------------------

RIGHT = [
    # -- numbers: rationalised / unrationalised, LaTeX / Unicode / plain, decimals within 0.1 % --
    right("sqrt(2)/2", "1/sqrt(2)", id="rationalised"),
    right("1/√2", "sqrt(2)/2", id="unrationalised-unicode"),
    right("2^(-1/2)", "1/sqrt(2)", id="power"),
    right("\\frac{\\sqrt{2}}{2}", "1/sqrt(2)", id="latex-frac"),
    right("$\\tfrac{1}{\\sqrt 2}$", "1/sqrt(2)", id="latex-tfrac"),
    right("½√2", "1/sqrt(2)", id="unicode-half"),
    right("0.7075", "1/sqrt(2)", id="decimal-within-0.1%"),
    right("0.70711", "1/sqrt(2)", id="decimal-close"),
    right("sin(pi/4)", "1/sqrt(2)", id="trig-value"),
    right("cos(45°)", "sqrt(2)/2", id="trig-degrees"),
    right("3/sqrt(6)", "sqrt(3/2)", id="unrationalised-surd"),
    right("\\frac{\\sqrt3}{\\sqrt2}", "sqrt(6)/2", id="latex-surd-ratio"),
    right("¾", "0.75", id="vulgar-fraction"),
    right("75e-2", "3/4", id="scientific"),
    right("4 atan(1)", "pi", id="pi-atan"),
    right("3.1416", "pi", id="pi-decimal"),
    right("e^{2\\ln 3}", "9", id="exp-log"),
    right("-(-x)", "x", id="double-negative"),
    # -- expressions: factored / expanded / rearranged --
    right("x^2+2x+1", "(x+1)^2", id="expanded"),
    right("(1+x)(x+1)", "x^2 + 2x + 1", id="factored"),
    right("x·x + 2·x + 1", "(x+1)^2", id="middle-dot"),
    right("\\left(x+1\\right)^{2}", "(x+1)^2", id="latex-left-right"),
    right("(x + 1)²", "x^2 + 2x + 1", id="superscript-two"),
    right("2(x+1)", "2x+2", id="factored-linear"),
    right("(a+b)(a-b)", "a^2-b^2", id="difference-of-squares"),
    right("-(b^2 - a^2)", "a^2 - b^2", id="negated-reversed"),
    right("\\sin^2 x + \\cos^2 x", "1", id="identity"),
    right("tan(x) cos(x)", "sin(x)", id="trig-identity"),
    right("|x|", "sqrt(x^2)", id="abs-bars"),
    right("x⁻¹", "1/x", id="unicode-inverse"),
    right("a = b = (x+1)^2", "(x+1)^2", id="equation-chain-last"),
    right("0.5x", "x/2", id="decimal-coefficient"),
    right("\\frac{1}{\\sqrt{2}}", "1/sqrt(2)", EXACT, id="exact-latex"),
    right("sqrt(8)/4", "1/sqrt(2)", EXACT, id="exact-unsimplified"),
    # -- angles: radians for degrees, written as degrees --
    right("45°", "pi/4", id="degree-sign"),
    right("45^\\circ", "pi/4", id="latex-circ"),
    right("180 degrees", "pi", id="degrees-word"),
    right("0.7854", "pi/4", id="radians-as-decimal"),
    # -- vectors: row vs column, factored out scalars, LaTeX environments, decimals --
    right("[1 1]/√2", "[1/sqrt(2), 1/sqrt(2)]", id="vector-factored"),
    right("1/sqrt(2) [1, 1]", "[1/sqrt(2), 1/sqrt(2)]", id="vector-scalar-first"),
    right("(√2/2, √2/2)", "[1/sqrt(2), 1/sqrt(2)]", id="vector-tuple-unicode"),
    right("[[1/sqrt(2)], [1/sqrt(2)]]", "[1/sqrt(2), 1/sqrt(2)]", id="vector-column"),
    right("\\begin{bmatrix} \\frac{1}{\\sqrt{2}} & \\frac{1}{\\sqrt{2}} \\end{bmatrix}", "[1/sqrt(2), 1/sqrt(2)]",
          id="vector-latex-row"),
    right("[0.7071, 0.7071]", "[1/sqrt(2), 1/sqrt(2)]", id="vector-decimal"),
    right("[1; -2]", "[1, -2]", id="vector-semicolon"),
    right("[2/2, -4/2]", "[1, -2]", id="vector-unsimplified"),
    right("\\begin{pmatrix} 1 \\\\ -2 \\end{pmatrix}", "[1, -2]", id="vector-pmatrix"),
    right("[-√3/(2√2), -1/(2√2)]", "[-sqrt(6)/4, -sqrt(2)/4]", id="vector-unrationalised"),
    right("[-0.6124, -0.3536]", "[-sqrt(6)/4, -sqrt(2)/4]", id="vector-decimals"),
    right("[1/sqrt(2), 1/sqrt(2)]", "[[1/sqrt(2), 1/sqrt(2)]]", id="column-for-row-reference"),
    # -- matrices --
    right("[[1,3],[2,4]]^T", "[[1, 2], [3, 4]]", id="matrix-transpose-of-transpose"),
    right("2 [[1/2, 1], [3/2, 2]]", "[[1, 2], [3, 4]]", id="matrix-scalar-factor"),
    right("[1 2; 3 4]", "[[1, 2], [3, 4]]", id="matrix-matlab"),
    right("√2 [[1, 1], [-2, 2]]", "[[sqrt(2), sqrt(2)], [-2 sqrt(2), 2 sqrt(2)]]", id="matrix-surd-factor"),
    right("[[cos(pi/4), -sin(pi/4)], [sin(pi/4), cos(pi/4)]]", "[[1/sqrt(2), -1/sqrt(2)], [1/sqrt(2), 1/sqrt(2)]]",
          id="matrix-trig"),
    right("[0.7071 0.7071; -0.7071 0.7071]", "[[1/sqrt(2), 1/sqrt(2)], [-1/sqrt(2), 1/sqrt(2)]]",
          id="matrix-decimals"),
    right("[[1, 2], [2, 1]]^T", "[[1, 2], [2, 1]]", id="symmetric-transpose"),
    # -- indexed formulas: equivalent forms, conditions, sums, vectors --
    right("y_i - y_i^2", "y_i(1 - y_i)", IDX_EQ, id="diagonal-expanded"),
    right("y_i(1-y_j)", "y_i(1 - y_i)", IDX_EQ, id="diagonal-with-j"),
    right("\\frac{e^{z_i}}{\\sum_k e^{z_k}}(1-y_i)", "y_i(1 - y_i)", IDX_EQ_Z, id="diagonal-in-z"),
    right("-y_j y_i", "-y_i y_j", IDX_NE, id="offdiagonal-commuted"),
    right("y_i(δ_ij - y_j)", "-y_i y_j", IDX_NE, id="offdiagonal-general-formula"),
    right("y_i(0 - y_j)", "-y_i y_j", IDX_NE, id="offdiagonal-zero"),
    right("δ_ij y_i - y_i y_j", "y_i(delta_ij - y_j)", IDX, id="general-expanded"),
    right("y_i \\delta_{ij} - y_i y_j", "y_i(delta_ij - y_j)", IDX, id="general-latex"),
    right("y_j(δ_ij - y_i)", "y_i(delta_ij - y_j)", IDX, id="general-symmetric"),
    right("Σ_k x_k y_k", "sum_k y_k x_k", IDX, id="sum-unicode"),
    right("\\sum_{j=1}^{K} y_j x_j", "sum_k y_k x_k", IDX, id="sum-bound-index-renamed"),
    right("y_i x_i - y_i Σ_k y_k x_k", "y_i(x_i - sum_k y_k x_k)", IDX, id="sum-expanded"),
    right("\\sum_k y_i(\\delta_{ik} - y_k) x_k", "y_i(x_i - sum_k y_k x_k)", IDX, id="sum-delta"),
    right("y_i(1 - Σ_k y_k)", "0", IDX, id="sum-over-softmax-is-zero"),
    right("wᵀ", "w", IDX, id="vector-transpose-unicode"),
    right("w'", "w", IDX, id="vector-prime"),
    right("(y_i δ_ij - y_i y_j) wᵀ", "y_i(delta_ij - y_j) w", IDX, id="indexed-times-vector"),
    right("x_i^T", "x_i", IDX, id="indexed-vector-transpose"),
    # -- rotation descriptions --
    right("a rotation of 210° counterclockwise", Rotation(-150), id="rotation-210-ccw"),
    right("rotates by 150 degrees clockwise, no scaling", Rotation(-150), id="rotation-150-cw"),
    right("rotates by 5π/6 rad clockwise", Rotation(-150), id="rotation-radians-cw"),
    right("rotation by π/4 radians anticlockwise", Rotation(45), id="rotation-pi4-rad"),
    right("rotates by $\\frac{\\pi}{4}$ radians counterclockwise", Rotation(45), id="rotation-latex-frac"),
    right("rotation by $45^\\circ$ anticlockwise, no scaling", Rotation(45), id="rotation-latex-circ"),
    right("45° ccw, lengths preserved", Rotation(45), id="rotation-ccw-short"),
    right("rotates by 0.7854 rad counterclockwise", Rotation(45), id="rotation-decimal-rad"),
    right("rotates by 405 degrees counterclockwise", Rotation(45), id="rotation-full-turn-plus"),
    right("rotation by 315 degrees counterclockwise", Rotation(-45), id="rotation-315-ccw"),
    right("rotates by -45 degrees", Rotation(-45), id="rotation-negative-angle"),
    right("rotates by 45 deg clockwise, norm preserved", Rotation(-45), id="rotation-deg-cw"),
    right("rotates by 270 degrees clockwise", Rotation(90), id="rotation-270-cw"),
    right("rotates by 180 degrees clockwise", Rotation(180), id="rotation-half-turn"),
    right("rotates 45 degrees counterclockwise, stretches by a factor of 2", Rotation(45, 2), id="rotation-scaled"),
    # -- derivations: different but valid middle steps --
    right(chain(START, r"\frac{e^{z_i} e^{-c}}{e^{-c} \sum_j e^{z_j}}", TARGET), SHIFT, id="derivation-factor-out"),
    right(chain(START, r"\frac{e^{z_i}/e^{c}}{\sum_j e^{z_j}/e^{c}}", TARGET), SHIFT, id="derivation-divide"),
    right(chain(START, r"\frac{e^{z_i} e^{-c}}{\sum_j e^{z_j} e^{-c}}",
                r"\frac{e^{z_i}}{\sum_j e^{z_j}} \cdot \frac{e^{-c}}{e^{-c}}", TARGET), SHIFT,
          id="derivation-three-steps"),
    right("exp(z_i - c)/sum_j exp(z_j - c) = exp(z_i)exp(-c)/(exp(-c) sum_j exp(z_j)) = exp(z_i)/sum_j exp(z_j)",
          SHIFT, id="derivation-plain"),
    right(chain(r"\frac{e^{z_i}e^{-c}}{\sum_j e^{z_j}e^{-c}}", TARGET), SHIFT, id="derivation-start-rewritten"),
    right(chain(START, TARGET), SHIFT, id="derivation-one-step"),
]


@pytest.mark.parametrize("answer,expected,options", RIGHT)
def test_right_answer_in_unusual_form_gets_full_credit_and_no_diagnosis(answer: str, expected: Any,
                                                                        options: CheckOptions | None) -> None:
    verdict = grade(answer, expected, options)
    assert verdict.status is Status.CORRECT, verdict
    assert verdict.score == 1.0, verdict
    assert verdict.diagnoses == (), verdict


# ---------------------------------------------------------------------------------------------------------------
# (c) Silent cases: near the pattern of one code, which must not fire; `gets` is the exact set that does.
# ---------------------------------------------------------------------------------------------------------------

SILENT = [
    # -- sign_error: only when the whole answer is negated --
    silent("[1, 2]", "[1, -2]", "sign_error", {"sign_flip_entry"}, id="sign-one-entry-only"),
    silent("-1/x", "x", "sign_error", set(), id="sign-negative-reciprocal"),
    silent("-x + 1", "x + 1", "sign_error", set(), id="sign-one-term"),
    # -- sign_flip_entry: only one entry, and only its sign --
    silent("[-1, 2]", "[1, -2]", "sign_flip_entry", {"sign_error"}, id="flip-whole-vector"),
    silent("[1, 3]", "[1, -2]", "sign_flip_entry", set(), id="flip-other-value"),
    silent("[-1, 2, 3]", "[1, -2, 3]", "sign_flip_entry", set(), id="flip-two-entries"),
    # -- transposed: never for a symmetric reference --
    silent("[[1, 2], [2, 1]]", "[[1, 2], [2, 1]]", "transposed", set(), id="transposed-symmetric-is-right"),
    silent("[[1, 2], [2, 5]]", "[[1, 2], [2, 4]]", "transposed", set(), id="transposed-symmetric-one-off"),
    silent("[[0, -1], [1, 0]]", "[[0, 1], [-1, 0]]", "transposed", {"sign_error"}, id="transposed-antisymmetric"),
    # -- rows_swapped / columns_swapped: two whole rows or columns, not a changed entry --
    silent("[1, 3]", "[1, 2]", "rows_swapped", set(), id="rows-one-changed"),
    silent("[[3, 4], [1, 5]]", "[[1, 2], [3, 4]]", "rows_swapped", set(), id="rows-swapped-and-changed"),
    silent("[[2, 1], [3, 4]]", "[[1, 2], [3, 4]]", "columns_swapped", {"entries_misplaced"},
           id="columns-one-row-only"),
    silent("[[1, 3], [2, 4]]", "[[1, 2], [3, 4]]", "columns_swapped", {"transposed"}, id="columns-transpose"),
    # -- entries_misplaced: the same values, not merely some --
    silent("[[1, 2], [3, 5]]", "[[1, 2], [3, 4]]", "entries_misplaced", set(), id="misplaced-one-wrong"),
    silent("[[2, 2], [3, 4]]", "[[1, 2], [3, 4]]", "entries_misplaced", set(), id="misplaced-duplicate"),
    silent("[2, 1]", "[1, 2]", "entries_misplaced", {"rows_swapped"}, id="misplaced-is-swap"),
    # -- factor_off: only a constant ratio, and between plain numbers only a notable one --
    silent("3", "2", "factor_off", set(), id="factor-plain-numbers"),
    silent("-3", "2", "factor_off", set(), id="factor-plain-negative"),
    silent("[3, 0]", "[2, 0]", "factor_off", set(), id="factor-single-entry"),
    silent("[5, 0]", "[1, 0]", "factor_off", set(), id="factor-single-entry-plain"),
    silent("3/2", "1", "factor_off", set(), id="factor-plain-fraction"),
    silent("x + 1", "x", "factor_off", set(), id="factor-not-constant"),
    silent("[2, 2]", "[1, 3]", "factor_off", set(), id="factor-entrywise-different"),
    silent("-x", "x", "factor_off", {"sign_error"}, id="factor-minus-one"),
    silent("0", "2", "factor_off", set(), id="factor-zero"),
    # -- decimal_not_exact: exact mode only, and only for decimals --
    silent("0.7", "1/sqrt(2)", "decimal_not_exact", set(), id="exact-off-not-exact-mode"),
    silent("1/2", "1/sqrt(2)", "decimal_not_exact", {"factor_off"}, EXACT, id="exact-wrong-but-exact"),
    # -- degrees_for_radians / radians_for_degrees: exactly 180/π, not any multiple --
    silent("46", "pi/4", "degrees_for_radians", set(), id="degrees-near"),
    silent("90", "pi/4", "degrees_for_radians", set(), id="degrees-double"),
    silent("pi/2", "45", "radians_for_degrees", set(), id="radians-double"),
    silent("0.78", "45", "radians_for_degrees", set(), id="radians-rounded-too-far"),
    # -- direction_swapped: the angle must be right too, and the reference must have a direction --
    silent("rotates by 90 degrees clockwise", Rotation(45), "direction_swapped",
           {"rotation_angle_wrong", "rotation_direction_wrong"}, id="direction-and-angle-wrong"),
    silent("rotates by 45 degrees clockwise", Rotation(180), "direction_swapped", {"rotation_angle_wrong"},
           id="direction-half-turn"),
    silent("rotates by 45 degrees", Rotation(45), "direction_swapped", {"rotation_direction_wrong"},
           id="direction-not-given"),
    # -- angle_mod_180: the rotation itself off by 180°, not just the number --
    silent("rotates by 225 degrees clockwise", Rotation(45), "angle_mod_180",
           {"rotation_angle_wrong", "rotation_direction_wrong"}, id="mod180-number-only"),
    silent("rotates by 330 degrees counterclockwise", Rotation(-150), "angle_mod_180",
           {"rotation_angle_wrong", "rotation_direction_wrong"}, id="mod180-330"),
    silent("rotates by 90 degrees clockwise", Rotation(90), "angle_mod_180",
           {"rotation_direction_wrong", "direction_swapped"}, id="mod180-is-direction"),
    silent("rotates by 46 degrees counterclockwise", Rotation(45), "angle_mod_180", {"rotation_angle_wrong"},
           id="mod180-near"),
    # -- condition_ignored: the reference must depend on i and j, and the answer be right on one side --
    silent("y_i y_j", "y_i(delta_ij - y_j)", "condition_ignored", set(), IDX, id="condition-neither"),
    silent("y_i(1-y_j)", "y_i(1 - y_i)", "condition_ignored", set(), IDX_EQ, id="condition-declared"),
    silent("x_j", "x_i", "condition_ignored", {"index_mixed_up"}, IDX, id="condition-renamed-index"),
    # -- missing_sum: no extra free index, or an index that is only renamed --
    silent("y_i y_j", "y_i(delta_ij - y_j)", "missing_sum", set(), IDX, id="sum-same-indices"),
    silent("y_i(1 - y_i) x_i", "y_i(x_i - sum_k y_k x_k)", "missing_sum", set(), IDX, id="sum-one-term"),
    silent("x_j", "x_i", "missing_sum", {"index_mixed_up"}, IDX, id="sum-renamed-index"),
    silent("x_k", "0", "missing_sum", {"vector_for_scalar"}, IDX, id="sum-vector-for-zero"),
    silent("-y_i y_j", "y_i(1 - y_i)", "missing_sum", {"missing_term"}, IDX_EQ, id="sum-j-named-by-condition"),
    silent("-y_i y_k", "-y_i y_j", "missing_sum", {"index_mixed_up"}, IDX_NE, id="sum-k-for-j"),
    silent("y_i(δ_ik - y_k) w", "y_i(delta_ij - y_j) w", "missing_sum", {"index_mixed_up"}, IDX,
           id="sum-k-for-j-vector"),
    # -- missing_term: only when the answer is some of the reference's terms --
    silent("x^2 + 3", "x^2 + 2x + 1", "missing_term", set(), id="term-none-left-out"),
    silent("3", "x^2 + 2x + 1", "missing_term", set(), id="term-number-for-formula"),
    silent("y_i(1 - y_i) x_i", "y_i(x_i - sum_k y_k x_k)", "missing_term", set(), IDX, id="term-one-k-only"),
    # -- index_mixed_up: only when putting the index back makes it right --
    silent("-y_i y_k^2", "-y_i y_j", "index_mixed_up", {"missing_sum"}, IDX_NE, id="index-and-power-wrong"),
    # -- vector_for_scalar / scalar_for_vector / wrong_shape --
    silent("[3]", "3", "vector_for_scalar", set(), id="vector-1x1-is-number"),
    silent("[4]", "3", "vector_for_scalar", set(), id="vector-1x1-wrong-number"),
    silent("[1, 3]", "[1, 2]", "scalar_for_vector", set(), id="scalar-vector-wrong-entry"),
    silent("-w", "w", "wrong_orientation", {"sign_error"}, IDX, id="orientation-not-for-a-sign"),
    silent("[[1, 2]]", "[1, 2]", "wrong_shape", set(), id="shape-row-for-column"),
    silent("[[1, 3]]", "[1, 2]", "wrong_shape", set(), id="shape-row-for-column-wrong"),
    # -- reciprocal: exactly 1/expected --
    silent("-1/x", "x", "reciprocal", set(), id="reciprocal-negative"),
    silent("x^2", "x", "reciprocal", set(), id="reciprocal-square"),
    silent("1/(x+2)", "x+1", "reciprocal", set(), id="reciprocal-of-other"),
    # -- derivations: each code names the first thing wrong, and only that --
    silent(chain(START, TARGET, r"\frac{e^{z_i}}{e^{c}\sum_j e^{z_j}}"), SHIFT, "invalid_step_1", {"invalid_step_2"},
           id="derivation-second-step"),
    silent(chain(START, r"\frac{e^{-c} e^{z_i}}{\sum_j e^{-c} e^{z_j}}"), SHIFT, "invalid_step_1", {"wrong_end"},
           id="derivation-valid-step-short-of-target"),
    silent(chain(START, START, TARGET), SHIFT, "wrong_start", set(), id="derivation-repeats-start"),
    silent(chain(r"\frac{e^{z_i}}{\sum_j e^{z_j - c}}", START, TARGET), SHIFT, "invalid_step_1", {"wrong_start"},
           id="derivation-start-before-step"),
    silent(chain(START, TARGET, TARGET), SHIFT, "wrong_end", set(), id="derivation-target-repeated"),
    silent(chain(START, TARGET), SHIFT, "no_steps", set(), id="derivation-single-step"),
    # -- rounded: never a rough estimate, a wrong rounding, a wrong sign, or one entry off among rounded ones --
    silent("1.4", "sqrt(2)", "rounded", set(), id="rounded-two-significant-digits"),
    silent("1.42", "sqrt(2)", "rounded", set(), id="rounded-wrongly"),
    silent("-1.41", "sqrt(2)", "rounded", set(), id="rounded-wrong-sign"),
    silent("3.15", "pi", "rounded", set(), id="rounded-up-wrongly"),
    silent("[1.41, 2.25]", "[sqrt(2), sqrt(5)]", "rounded", set(), id="rounded-and-one-entry-wrong"),
]


@pytest.mark.parametrize("answer,expected,options,code,gets", SILENT)
def test_diagnosis_stays_silent_near_its_pattern(answer: str, expected: Any, options: CheckOptions | None,
                                                 code: str, gets: frozenset[str]) -> None:
    verdict = grade(answer, expected, options)
    assert code not in verdict.diagnoses, (verdict.diagnoses, verdict.feedback)
    assert set(verdict.diagnoses) == gets, (verdict.diagnoses, verdict.feedback)
    if verdict.status is Status.CORRECT:
        assert verdict.score == 1.0 and not gets
    else:
        assert verdict.status in (Status.INCORRECT, Status.PARTIAL) and verdict.score < 1.0, verdict


# ---------------------------------------------------------------------------------------------------------------
# Verdicts outside the diagnosis code (derivation.py, check/__init__.py), first found wrong here, now right.
# Not counted in the tables above.
# ---------------------------------------------------------------------------------------------------------------

KNOWN = [
    pytest.param(chain(TARGET, TARGET), SHIFT, None, False, id="derivation-target-equals-target-rejected"),
    pytest.param(chain(START, r"\frac{e^{z_i}}{\sum_k e^{z_k}}"), SHIFT, None, True,
                 id="derivation-renamed-sum-index-accepted"),
    pytest.param(chain("softmax(z - c)_i", START, TARGET, r"\text{softmax}(z)_i"), SHIFT, LABELLED, True,
                 id="derivation-with-name-labels-accepted"),
    pytest.param(chain("softmax(z - c)_i", START, TARGET, r"\text{softmax}(z)_i"), SHIFT, None, False,
                 id="derivation-labels-unknown-to-the-spec-are-steps"),
    pytest.param(chain(r"\sigma(z - c)_i", START, TARGET), SHIFT, LABELLED, True,
                 id="derivation-greek-label-latex"),
    pytest.param(chain("softmax(z - c)_i", TARGET, r"\text{softmax}(z)_i"), SHIFT, LABELLED, False,
                 id="derivation-labels-around-target-only-rejected"),
    pytest.param("3", "[3]", None, True, id="scalar-for-1x1-accepted"),
    pytest.param("4", "[3]", None, False, id="wrong-scalar-for-1x1-rejected"),
]


@pytest.mark.parametrize("answer,expected,options,is_right", KNOWN)
def test_known_verdicts_outside_diagnosis(answer: str, expected: Any, options: CheckOptions | None,
                                          is_right: bool) -> None:
    verdict = grade(answer, expected, options)
    assert (verdict.status is Status.CORRECT) is is_right, verdict


# ---------------------------------------------------------------------------------------------------------------
# Coverage of the tables themselves.
# ---------------------------------------------------------------------------------------------------------------

CODES = {"sign_error", "sign_flip_entry", "transposed", "rows_swapped", "columns_swapped", "factor_off",
         "entries_misplaced", "decimal_not_exact", "degrees_for_radians", "radians_for_degrees", "direction_swapped",
         "angle_mod_180", "condition_ignored", "missing_sum", "vector_for_scalar", "scalar_for_vector", "wrong_shape",
         "reciprocal", "wrong_start", "invalid_step_1", "wrong_end", "no_steps", "wrong_orientation", "missing_term",
         "index_mixed_up"}


def test_tables_cover_every_code() -> None:
    assert len(WRONG) >= 60 and len(RIGHT) >= 60
    fired = set().union(*(p.values[3] for p in WRONG))
    assert CODES <= fired, CODES - fired
    quiet = {p.values[3] for p in SILENT}
    assert CODES <= quiet, CODES - quiet
    ids = [p.id for p in WRONG + RIGHT + SILENT]
    assert len(ids) == len(set(ids))

"""Comparison modes, derivations written in the spec, 3×3 rotation descriptions, and assignment declarations.

Each table's expected verdicts were decided by hand (the eigenvectors, lines and chains checked with numpy).
"""

from __future__ import annotations

from pathlib import Path

import pytest
import sympy

from mathgrade.check import CheckOptions, Status, check
from mathgrade.check.options import Compare
from mathgrade.check.rotation import check_rotation_3d, read_axis
from mathgrade.errors import SpecError
from mathgrade.grade.answer import grade_answer
from mathgrade.grade.references import compile_assignment
from mathgrade.grade.sheets import declared_assignment
from mathgrade.parse import parse_math
from mathgrade.spec import parse_spec

P = pytest.param
UNORDERED = CheckOptions(compare=(Compare.UNORDERED,))
SCALE = CheckOptions(compare=(Compare.UP_TO_SCALE,))
SIGN = CheckOptions(compare=(Compare.UP_TO_SIGN,))
BOTH = CheckOptions(compare=(Compare.UNORDERED, Compare.UP_TO_SCALE))
EXACT = CheckOptions()

# --- comparison modes ---------------------------------------------------------------------------------------------

MODES = [
    # eigenvalues in any order; multiplicity counts
    P("[3, 1]", "[1, 3]", UNORDERED, "correct", id="unordered-swapped"),
    P("[1, 3]", "[1, 3]", UNORDERED, "correct", id="unordered-same"),
    P("(3, 1)", "[1, 3]", UNORDERED, "correct", id="unordered-tuple"),
    P("[1, 1, 3]", "[1, 3, 3]", UNORDERED, "incorrect", id="unordered-multiplicity"),
    P("[3, 1]", "[1, 3]", EXACT, "incorrect", id="exact-order-matters"),
    P("[1, 3, 0]", "[1, 3]", UNORDERED, "incorrect", id="unordered-extra-entry"),
    P("[2.9999, 1]", "[1, 3]", UNORDERED, "correct", id="unordered-decimal"),
    P("[2.99, 1]", "[1, 3]", UNORDERED, "incorrect", id="unordered-decimal-off"),
    P("[1 - sqrt(2), 1 + sqrt(2)]", "[1 + sqrt(2), 1 - sqrt(2)]", UNORDERED, "correct", id="unordered-surds"),
    # eigenvectors: any nonzero multiple
    P("[2, 2]", "[1, 1]", SCALE, "correct", id="scale-double"),
    P("[-1, -1]", "[1, 1]", SCALE, "correct", id="scale-negative"),
    P("[1/sqrt(2), 1/sqrt(2)]", "[1, 1]", SCALE, "correct", id="scale-unit"),
    P("[0.7071, 0.7071]", "[1, 1]", SCALE, "correct", id="scale-decimal"),
    P("[0, 0]", "[1, 1]", SCALE, "incorrect", id="scale-zero-vector"),
    P("[1, -1]", "[1, 1]", SCALE, "incorrect", id="scale-orthogonal"),
    P("[1, 1.01]", "[1, 1]", SCALE, "incorrect", id="scale-near-miss"),
    P("[2, 1]", "[1, 2]", SCALE, "incorrect", id="scale-swapped-entries"),
    P("[0, 0, 3]", "[0, 0, 1]", SCALE, "correct", id="scale-3d-normal"),
    P("[0, 1, 3]", "[0, 0, 1]", SCALE, "incorrect", id="scale-3d-tilted"),
    P("[2, 2]", "[1, 1]", EXACT, "incorrect", id="exact-multiple-is-wrong"),
    P("[[-2, 3], [2, 3]]", "[[-1, 1], [1, 1]]", SCALE, "correct", id="scale-matrix-columns"),
    P("[[1, 1], [-1, 1]]", "[[-1, 1], [1, 1]]", SCALE, "correct", id="scale-matrix-column-negated"),
    P("[[1, -1], [1, 1]]", "[[-1, 1], [1, 1]]", SCALE, "incorrect", id="scale-matrix-columns-swapped"),
    P("[[1, -1], [1, 1]]", "[[-1, 1], [1, 1]]", BOTH, "correct", id="unordered-scale-columns-swapped"),
    P("[[1, 1], [1, 1]]", "[[-1, 1], [1, 1]]", BOTH, "incorrect", id="unordered-scale-same-column-twice"),
    # singular vectors: the vector or its negative
    P("[-1/sqrt(2), -1/sqrt(2)]", "[1/sqrt(2), 1/sqrt(2)]", SIGN, "correct", id="sign-negated"),
    P("[2/sqrt(2), 2/sqrt(2)]", "[1/sqrt(2), 1/sqrt(2)]", SIGN, "incorrect", id="sign-not-scale"),
    P("[[-1, 2], [1, 3]]", "[[1, 2], [-1, 3]]", SIGN, "correct", id="sign-one-column"),
    P("[[-1, -2], [1, -3]]", "[[1, 2], [-1, 3]]", SIGN, "correct", id="sign-both-columns"),
    P("[[-1, 2], [-1, 3]]", "[[1, 2], [-1, 3]]", SIGN, "incorrect", id="sign-half-a-column"),
    P("[[2, 1], [3, -1]]", "[[1, 2], [-1, 3]]", SIGN, "incorrect", id="sign-columns-swapped"),
]


@pytest.mark.parametrize("answer,expected,options,status", MODES)
def test_comparison_modes(answer: str, expected: str, options: CheckOptions, status: str) -> None:
    verdict = check(answer, parse_math(expected), options)
    assert verdict.status.value == status, verdict.feedback
    if options.compare and status == "correct":
        assert "compared" in verdict.feedback  # the student is told which mode applied


def test_zero_vector_is_named() -> None:
    verdict = check("[0, 0]", parse_math("[1, 1]"), SCALE)
    assert "zero_vector" in verdict.diagnoses and "zero vector" in verdict.feedback


# --- derivations written in the spec ------------------------------------------------------------------------------

SPEC = r"""
id: identities
problems:
  - id: "1"
    parts:
      - id: lse
        points: 2
        kind: derivation
        partial: proportional
        min_steps: 2
        reference: {start: '\log \sum_k e^{z_k + c}', target: '\log \sum_k e^{z_k} + c'}
      - id: transpose
        points: 2
        kind: derivation
        reference: {start: '([[a, b], [c, d]] [[p, q], [r, s]])^T', target: '[[p, q], [r, s]]^T [[a, b], [c, d]]^T'}
      - id: sigmoid
        points: 2
        kind: derivation
        reference: {start: 'e^{-x}/(1 + e^{-x})^2', target: '1/(1 + e^{-x}) (1 - 1/(1 + e^{-x}))'}
"""

CHAINS = [
    P("lse", r"\log \sum_k e^{z_k + c} = \log \left(e^c \sum_k e^{z_k}\right) = \log \sum_k e^{z_k} + c",
      "correct", "", id="lse-right"),
    P("lse", r"\log \sum_k e^{z_k + c} = \log \left(c \sum_k e^{z_k}\right) = \log \sum_k e^{z_k} + c",
      "incorrect", "invalid_step_1", id="lse-c-for-e^c"),
    P("lse", r"\log \sum_k e^{z_k + c} = \log \left(e^c \sum_k e^{z_k}\right) = c \log \sum_k e^{z_k}"
      r" = \log \sum_k e^{z_k} + c", "partial", "invalid_step_2", id="lse-log-of-product-wrong"),
    P("lse", r"\log \sum_k e^{z_k + c} = \log \sum_k e^{z_k} + c", "incorrect", "no_steps", id="lse-restated"),
    P("lse", r"\log \sum_k e^{z_k} + c = \log \sum_k e^{z_k} + c = \log \sum_k e^{z_k} + c", "incorrect",
      "wrong_start", id="lse-starts-at-target"),
    P("lse", r"\log \sum_k e^{z_k + c} = \log \left(e^c \sum_k e^{z_k}\right) = \log \sum_j e^{z_j + c}",
      "incorrect", "wrong_end", id="lse-back-to-start"),
    P("lse", r"\log \sum_j e^{z_j + c} = \log \left(e^c \sum_j e^{z_j}\right) = \log \sum_j e^{z_j} + c",
      "correct", "", id="lse-other-index-name"),
    P("transpose", "([[a, b], [c, d]] [[p, q], [r, s]])^T = [[a p + b r, c p + d r], [a q + b s, c q + d s]]"
      " = [[p, r], [q, s]] [[a, c], [b, d]]", "correct", "", id="transpose-right"),
    P("transpose", "([[a, b], [c, d]] [[p, q], [r, s]])^T = [[a p + b r, a q + b s], [c p + d r, c q + d s]]"
      " = [[p, r], [q, s]] [[a, c], [b, d]]", "incorrect", "invalid_step_1", id="transpose-forgot-transpose"),
    P("transpose", "([[a, b], [c, d]] [[p, q], [r, s]])^T = [[a p + b r, c p + d r], [a q + b s, c q + d s]]"
      " = [[a, c], [b, d]] [[p, r], [q, s]]", "incorrect", "invalid_step_2", id="transpose-wrong-order"),
    P("sigmoid", "e^{-x}/(1 + e^{-x})^2 = 1/(1 + e^{-x}) * e^{-x}/(1 + e^{-x}) = 1/(1 + e^{-x}) (1 - 1/(1 + e^{-x}))",
      "correct", "", id="sigmoid-right"),
    P("sigmoid", "e^{-x}/(1 + e^{-x})^2 = 1/(1 + e^{-x}) * 1/(1 + e^{-x}) = 1/(1 + e^{-x}) (1 - 1/(1 + e^{-x}))",
      "incorrect", "invalid_step_1", id="sigmoid-dropped-numerator"),
    # without min_steps (default 1) one step is a derivation, as in k2
    P("sigmoid", "e^{-x}/(1 + e^{-x})^2 = 1/(1 + e^{-x}) (1 - 1/(1 + e^{-x}))", "correct", "", id="sigmoid-one-step"),
]


@pytest.fixture(scope="module")
def identities():
    assignment = parse_spec(SPEC)
    return assignment, compile_assignment(assignment).references


@pytest.mark.parametrize("pid,chain,status,code", CHAINS)
def test_derivation_of_any_identity(identities, pid: str, chain: str, status: str, code: str) -> None:
    assignment, refs = identities
    verdict = grade_answer(assignment.part(pid), refs[pid], chain)
    assert verdict.status.value == status, verdict.feedback
    if code:
        assert code in verdict.diagnoses, verdict.diagnoses


@pytest.mark.parametrize("reference,kind,field", [
    P("{start: 'x'}", "derivation", "reference", id="no-target"),
    P("{start: 'x', target: 'x', solver: det}", "derivation", "reference", id="start-and-solver"),
    P("{start: 'x', target: 'x'}", "expression", "reference", id="not-a-derivation"),
    P("{start: 'x +', target: 'x'}", "derivation", "reference.start", id="unreadable-start"),
])
def test_derivation_reference_mistakes_are_spec_errors(reference: str, kind: str, field: str) -> None:
    spec = f"id: t\nproblems:\n  - id: '1'\n    parts:\n      - id: a\n        points: 1\n        kind: {kind}\n" \
           f"        reference: {reference}\n"
    with pytest.raises(SpecError) as info:
        compile_assignment(parse_spec(spec))
    assert field in (info.value.field or ""), info.value


@pytest.mark.parametrize("compare", ["sideways", "[up_to_scale, up_to_sign]", "[unordered, wrong]"])
def test_bad_compare_is_a_spec_error(compare: str) -> None:
    spec = "id: t\nproblems:\n  - id: '1'\n    parts:\n      - id: a\n        points: 1\n        kind: vector\n" \
           f"        compare: {compare}\n        reference: '[1, 2]'\n"
    with pytest.raises(SpecError) as info:
        parse_spec(spec)
    assert "compare" in (info.value.field or "")


# --- 3×3 rotations ------------------------------------------------------------------------------------------------

Z = sympy.Matrix([0, 0, 1])
DIAG = sympy.Matrix([1, 1, 1]) / sympy.sqrt(3)

ROTATIONS = [
    P("rotation by 90 degrees counterclockwise about the z-axis, no scaling", 90, 1, Z, 4, id="plain"),
    # the question asks for the direction: left to the right-hand rule it is not said (as in 2D); named, it is
    P("rotates 90° about z, lengths preserved", 90, 1, Z, 3, id="direction-not-said"),
    P("rotates 90° about z by the right-hand rule, lengths preserved", 90, 1, Z, 4, id="right-hand-rule-said"),
    P("rotates 90° about z in the mathematically positive sense, no scaling", 90, 1, Z, 4, id="positive-sense"),
    P("rotates 90° about z in the negative sense, no scaling", 90, 1, Z, 3, id="negative-sense-swapped"),
    P("rotates 90° clockwise about the -z axis, lengths preserved", 90, 1, Z, 4, id="negative-axis-clockwise"),
    P("rotates -90° about the negative z axis, no scaling", 90, 1, Z, 4, id="negative-angle-negative-axis"),
    P("rotates 90° clockwise about the z axis, lengths preserved", 90, 1, Z, 3, id="direction-swapped"),
    P("rotates by 90° about the x-axis, no scaling", 90, 1, Z, 2, id="wrong-axis"),
    P("rotation of 120° counterclockwise about the axis (1, 1, 1), no scaling", 120, 1, DIAG, 4, id="diagonal-axis"),
    P("rotation of 120° about the axis (1, 1, 1), no scaling", 120, 1, DIAG, 3, id="diagonal-axis-no-direction"),
    P("rotation of 120° anticlockwise about the axis [2 2 2], scaled by 2", 120, 2, DIAG, 4, id="scaled-axis-vector"),
    # a direction is judged about the right axis only: about another axis it says nothing
    P("rotation of 120° about the axis (1, 1, 0), no scaling", 120, 1, DIAG, 2, id="axis-off"),
    P("rotation of 180 degrees about e_3, no scaling", 180, 1, Z, 4, id="half-turn-e3"),
    P("a rotation by pi/2 ccw around -y, and scales by 2", 90, 2, sympy.Matrix([0, -1, 0]), 4, id="radians-around"),
    P("rotation by 90 degrees, no scaling", 90, 1, Z, 2, id="no-axis"),
    P("rotation by 90 degrees counterclockwise about the z-axis", 90, 1, Z, 3, id="scale-not-said"),
]


@pytest.mark.parametrize("answer,angle,scale,axis,right", ROTATIONS)
def test_rotation_in_space(answer: str, angle: float, scale: float, axis: sympy.Matrix, right: int) -> None:
    verdict = check_rotation_3d(answer, angle, scale, axis)
    assert verdict.score == pytest.approx(right / 4), verdict.feedback
    assert verdict.status is (Status.CORRECT if right == 4 else Status.PARTIAL if right else Status.INCORRECT)


@pytest.mark.parametrize("text,axis", [
    P("about the z-axis", (0, 0, 1), id="named"), P("around the $y$-axis", (0, 1, 0), id="latex-named"),
    P("about -x", (-1, 0, 0), id="signed-letter"), P("about e_2", (0, 1, 0), id="unit-vector"),
    P("about the axis (0, 3, 4)", (0, 0.6, 0.8), id="vector"), P("rotates by 90 degrees", None, id="none"),
])
def test_axis_reading(text: str, axis: tuple[float, float, float] | None) -> None:
    got = read_axis(text)
    assert got == (None if axis is None else pytest.approx(axis))


def test_idk_is_not_a_description() -> None:
    assert check_rotation_3d("idk", 90, 1, Z).status is Status.INVALID


# --- which assignment a file was written for ----------------------------------------------------------------------

@pytest.mark.parametrize("name,text,declared", [
    P("a.yaml", "student: {id: s1}\nassignment: eigen-svd\nanswers: {}\n", "eigen-svd", id="sheet"),
    P("a.json", '{"student": {"id": "s1"}, "assignment": "k2", "answers": {}}', "k2", id="json"),
    P("a.md", "---\nname: A\nassignment: jacobians\n---\n# Problem 1\n", "jacobians", id="front-matter"),
    P("a.tex", "% assignment: linear-maps\n\\documentclass{article}\n", "linear-maps", id="latex-comment"),
    P("a.md", "# Problem 1\nThe assignment was hard.\n", None, id="none"),
])
def test_declared_assignment(tmp_path: Path, name: str, text: str, declared: str | None) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    assert declared_assignment(path) == declared

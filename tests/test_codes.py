"""Diagnosis codes are Enum members (check/codes.py) on every path, named by what the comparison found, never
by reading the words of a message; the derivation-step family round-trips through `invalid_step`/`step_of`."""

from __future__ import annotations

import pytest

from mathgrade.check import CheckOptions, check
from mathgrade.check.codes import Code, invalid_step, step_of
from mathgrade.parse import parse_math

CASES = [
    pytest.param("[1, 2]", "x", Code.VECTOR_FOR_SCALAR, id="vector-for-a-scalar"),
    pytest.param("x", "[1, 2]", Code.SCALAR_FOR_VECTOR, id="scalar-for-a-vector"),
    pytest.param("[1, 2, 3]", "[1, 2]", Code.WRONG_SHAPE, id="three-entries-for-two"),
    pytest.param("-x^2", "x^2", Code.SIGN_ERROR, id="sign"),
    pytest.param("2 sin(x)", "sin(x)", Code.FACTOR_OFF, id="factor-2"),
    pytest.param("[[1, 3], [2, 4]]", "[[1, 2], [3, 4]]", Code.TRANSPOSED, id="transposed"),
]


@pytest.mark.parametrize(("answer", "expected", "code"), CASES)
def test_the_checker_names_mistakes_with_codes(answer: str, expected: str, code: Code) -> None:
    verdict = check(answer, parse_math(expected), CheckOptions())
    assert verdict.status.value == "incorrect"
    assert code in verdict.diagnoses
    assert all(isinstance(d, Code) for d in verdict.diagnoses), verdict.diagnoses


@pytest.mark.parametrize("n", [1, 2, 12])
def test_invalid_step_codes_round_trip(n: int) -> None:
    assert step_of(invalid_step(n)) == n


@pytest.mark.parametrize("code", ["invalid_step_", "invalid_step_x", "xinvalid_step_2", "sign_error", "invalid_step_2 "])
def test_other_codes_have_no_step(code: str) -> None:
    assert step_of(code) is None


def test_every_code_is_written_once() -> None:
    assert len({c.value for c in Code}) == len(Code)

"""Issue 14, second session: inequalities as solution sets, systems, kinks and far points, beyond the verdict
table (tests/data/forms2_verdicts.yaml): the pieces each module promises, and hostile answers on the new paths."""

from __future__ import annotations

import time

import numpy as np
import pytest
import sympy

from mathgrade.check import CheckOptions, Status, check, parse_expected
from mathgrade.check.compare import kink_points, magnitude
from mathgrade.check.evaluate import FAR_BANDS, _draw
from mathgrade.check.solution_sets import Unsure, numeric_set
from mathgrade.parse.forms import read_form

X = sympy.Symbol("x")
INF = float("inf")


def test_far_points_come_after_the_ordinary_ones_and_cover_every_band() -> None:
    plain = _draw("x", (12,), "real", 99, 3).real
    more = _draw("x", (12 + 8 + 2,), "real", 99, 3, far=8, fixed=(0.5, -0.5)).real
    assert np.array_equal(plain, more[:12])  # the points every earlier verdict was decided on are unchanged
    far = more[12:20]
    for lo, hi in FAR_BANDS:
        inside = far[(np.abs(far) >= lo) & (np.abs(far) <= hi)]
        assert (inside > 0).any() and (inside < 0).any(), (lo, hi, far)
    assert list(more[20:]) == [0.5, -0.5]
    positive = _draw("x", (20,), "positive", 99, 3, far=8).real
    assert (positive > 0).all() and positive.max() > 10


def test_kink_points_lie_on_both_sides_and_in_every_region() -> None:
    x = X
    points = kink_points(sympy.Abs(x) + sympy.Abs(x - sympy.Rational(1, 10)), sympy.Abs(2 * x - sympy.Rational(1, 10)))
    for kink in (0.0, 0.05, 0.1):
        assert any(kink - 0.03 < p < kink for p in points) and any(kink < p < kink + 0.03 for p in points)
    assert min(points) < 0 and max(points) > 0.1


def test_the_error_bound_sees_cancellation() -> None:
    bound = magnitude(sympy.cosh(X) ** 2 - sympy.sinh(X) ** 2)
    assert float(bound.subs(X, 100)) > 1e80  # cosh²(100) − sinh²(100) sums terms of 1e86


@pytest.mark.parametrize("text,parts", [
    pytest.param("(x-1)/(x+2) >= 0", ((-INF, -2.0, False, False), (1.0, INF, True, False)), id="pole-excluded"),
    pytest.param("(x-1)(x+2) >= 0", ((-INF, -2.0, False, True), (1.0, INF, True, False)), id="product-included"),
    pytest.param("(x-1)^2 (x+3) > 0", ((-3.0, 1.0, False, False), (1.0, INF, False, False)), id="double-root-removed"),
    pytest.param("x^2 <= 0", ((0.0, 0.0, True, True),), id="one-point"),
    pytest.param("x^2 + 1 < 0", (), id="empty"),
    pytest.param("|x| + |x - 2| <= 4", ((-1.0, 3.0, True, True),), id="absolute-values"),
    pytest.param("x < -1 or x = 0 or x > 1", ((-INF, -1.0, False, False), (0.0, 0.0, True, True),
                                             (1.0, INF, False, False)), id="union-with-a-point"),
])
def test_numeric_sets(text: str, parts: tuple[tuple[float, float, bool, bool], ...]) -> None:
    found = numeric_set(read_form(text, expect="spans").value, X)
    assert len(found.parts) == len(parts)
    for got, want in zip(found.parts, parts):
        assert np.allclose(got[:2], want[:2]) and tuple(got[2:]) == want[2:], (got, want)


@pytest.mark.parametrize("text", [
    pytest.param("x^100 > 1", id="degree-too-high"),
    pytest.param("e^x > 1", id="not-polynomial"),
    pytest.param("|x^2-1| + |x^2-2| + |x^2-3| + |x^2-4| > 1", id="too-many-absolute-values"),
])
def test_the_numeric_method_says_when_it_is_unsure(text: str) -> None:
    with pytest.raises(Unsure):
        numeric_set(read_form(text, expect="spans").value, X)


@pytest.mark.parametrize("answer,expected,status", [
    pytest.param("e^x > 1", "x > 0", Status.MANUAL, id="unsolvable-but-no-disagreement-is-review"),
    pytest.param("e^x > 2", "x > 0", Status.INCORRECT, id="unsolvable-with-a-clear-disagreement-is-wrong"),
    pytest.param("x > 116730397826142/100000000000000", "x^5 - x - 1 > 0", Status.INCORRECT,
                 id="exact-end-off-in-the-15th-digit"),
    pytest.param("x^5 - x - 1 > 0", "x > 1.1673", Status.CORRECT, id="quintic-answer-decimal-reference"),
    pytest.param("|x - 3| <= 2", "[1, 5]", Status.CORRECT, id="pair-reference-read-as-closed-interval"),
])
def test_inequality_verdicts(answer: str, expected: str, status: Status) -> None:
    assert check(answer, expected).status is status


@pytest.mark.parametrize("text,system", [
    pytest.param("\\{x + y = 3, x - y = 1\\}", True, id="braced-equations"),
    pytest.param("x = 2, y = 1", True, id="solved-form-reference"),
    pytest.param("\\lambda = 45, \\lambda = 5", False, id="one-label-is-a-list"),
    pytest.param("\\{x = 2, x = -2\\}", False, id="solutions-of-one-equation"),
])
def test_which_references_are_systems(text: str, system: bool) -> None:
    from mathgrade.parse.forms import is_system

    assert is_system(parse_expected(text)) is system


@pytest.mark.parametrize("answer", [
    pytest.param("(x+1)^1000 > 0", id="huge-power"),
    pytest.param("|x^8 - 1| + |x^7 - 2| + |x^6 - 3| + |x - 4| > 0", id="many-absolute-values"),
    pytest.param("1/(x^16 + 10^-300) > 0", id="tiny-coefficient"),
    pytest.param("x^16 > 10^300", id="huge-coefficient"),
    pytest.param("x^2 = 4, x^3 = 8", id="equations-for-an-inequality"),
    pytest.param("x = 2, y = 1, " * 9 + "z = w", id="long-system"),
    pytest.param("x^(10^6) = 1, y = 2", id="unreadable-side"),
])
def test_hostile_answers_on_the_new_paths(answer: str) -> None:
    """A verdict, never an error, and bounded time, against an inequality, a system and a kinked expression."""
    for expected in ("x^3 > 8", "\\{x + y = 3, x - y = 1\\}", "|x - 1| + x"):
        started = time.process_time()
        got = check(answer, expected, CheckOptions())
        assert got.status is not Status.ERROR, (answer, expected, got.feedback)
        assert time.process_time() - started < 5.0, (answer, expected)


CIRCLE_LINE = "\\{x^2 + y^2 = 25, y = x + 1\\}"


@pytest.mark.parametrize("answer,status", [
    pytest.param("y = x + 1, x^2 + x - 12 = 0", Status.CORRECT, id="eliminated-equivalent"),
    pytest.param("y = x + 1, (x^2 + x - 12)(x - 7) = 0", Status.INCORRECT, id="an-extra-real-solution"),
    pytest.param("y = x + 1, (x^2 + x - 12)(x^2 + 1) = 0", Status.CORRECT, id="only-complex-extras"),
    pytest.param("x = 3, y = 4", Status.INCORRECT, id="one-of-two-solutions"),
    pytest.param("(y - x - 1)(y + x) = 0, x^2 + y^2 = 25", Status.MANUAL, id="not-triangular-is-for-review"),
])
def test_nonlinear_systems(answer: str, status: Status) -> None:
    assert check(answer, CIRCLE_LINE).status is status

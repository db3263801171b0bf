"""Issue 14 beyond the verdict table: the spec's seed and imaginary unit, colliding choices, sampling coverage."""

from __future__ import annotations

import numpy as np
import pytest

from mathgrade.check import CheckOptions, Status, check
from mathgrade.check.evaluate import MAGNITUDE_BANDS, _draw
from mathgrade.check.options import Partial
from mathgrade.errors import SpecError
from mathgrade.spec import parse_spec

SPEC = """
id: {id}
{extra}
problems:
  - id: p
    parts:
      - id: a
        points: 1
        reference: x^2
"""


def spec(assignment: str = "hw1", extra: str = "") -> object:
    return parse_spec(SPEC.format(id=assignment, extra=extra))


def test_seed_is_never_zero_and_differs_per_assignment() -> None:
    seeds = {spec(a).defaults.seed for a in ("hw1", "hw2", "hw3")}  # type: ignore[attr-defined]
    assert 0 not in seeds and len(seeds) == 3


def test_seed_field_and_course_secret_move_the_points(monkeypatch: pytest.MonkeyPatch) -> None:
    plain = spec().defaults.seed  # type: ignore[attr-defined]
    assert spec(extra="seed: 42").defaults.seed != plain  # type: ignore[attr-defined]
    monkeypatch.setenv("MATHGRADE_SEED_SECRET", "course-secret")
    assert spec().defaults.seed != plain  # type: ignore[attr-defined]


def test_parts_inherit_the_assignment_seed() -> None:
    assignment = spec()
    assert assignment.parts[0].options.seed == assignment.defaults.seed  # type: ignore[attr-defined]


@pytest.mark.parametrize("extra,field", [
    pytest.param("seed: [1, 2]", "seed", id="seed-list"),
    pytest.param("imaginary: k", "imaginary", id="imaginary-k"),
])
def test_bad_fields_are_spec_errors(extra: str, field: str) -> None:
    with pytest.raises(SpecError, match=field):
        spec(extra=extra)


def test_imaginary_unit_from_the_spec() -> None:
    options = spec(extra="imaginary: i").parts[0].options  # type: ignore[attr-defined]
    assert check("(1+i)^2", "2i", options).status is Status.CORRECT
    assert check("(1+i)^2", "2i", CheckOptions()).status is Status.INCORRECT


@pytest.mark.parametrize("choices,clash", [
    pytest.param('["y = x", "Y=X"]', True, id="case-and-spaces"),
    pytest.param('["y = x", "y = -x"]', False, id="signs-differ"),
    pytest.param('["counter-clockwise", "counterclockwise"]', True, id="hyphen"),
])
def test_colliding_choice_options(choices: str, clash: bool) -> None:
    text = f"""
id: c
problems:
  - id: p
    parts:
      - id: a
        points: 1
        kind: choice
        choices: {choices}
        reference: {choices.strip('[]').split(',')[0]}
"""
    if clash:
        with pytest.raises(SpecError, match="read as the same answer"):
            parse_spec(text)
    else:
        parse_spec(text)


def test_every_band_is_sampled_with_both_signs() -> None:
    values = _draw("x", (12,), "real", 12345, 3).real
    for lo, hi in MAGNITUDE_BANDS:
        inside = values[(np.abs(values) >= lo) & (np.abs(values) <= hi)]
        assert (inside > 0).any() and (inside < 0).any(), (lo, hi, values)


def test_two_names_do_not_share_signs() -> None:
    x = _draw("x", (12,), "real", 7, 3).real
    y = _draw("y", (12,), "real", 7, 3).real
    assert (np.sign(x) != np.sign(y)).any()


def test_points_near_the_numbers_the_reference_names() -> None:
    near = _draw("x", (16,), "real", 7, 3, anchors=(-100.0, 100.0)).real[-4:]
    assert all(abs(abs(v) - 100) < 1 for v in near)
    assert check("|x - 100|", "x - 100").status is Status.INCORRECT


def test_a_polynomial_built_for_the_old_fixed_points_fails() -> None:
    """Points the old code drew with seed 0 (±[0.5, 2]) are public; an answer vanishing at them must not pass."""
    rng = np.random.default_rng(0)
    old = rng.uniform(0.5, 2.0, 6) * rng.choice([-1.0, 1.0], 6)
    bump = "*".join(f"(x - ({v:.6f}))" for v in old)
    assert check(f"x^2 + {bump}", "x^2").status is Status.INCORRECT


@pytest.mark.parametrize("answer,expected,mode,status", [
    pytest.param("x = 2 or x = -2", "x^2 = 4", "solutions", Status.CORRECT, id="solutions-listed"),
    pytest.param("x = 2", "x^2 = 4", "solutions", Status.INCORRECT, id="solutions-one-missing"),
    pytest.param("(x-2)(x+2) = 0", "x^2 = 4", "solutions", Status.CORRECT, id="solutions-factored"),
    pytest.param("(x-2)(x+2) = 0", "x^2 = 4", "factor", Status.CORRECT, id="factor-same-polynomial"),
    pytest.param("x = 2 or x = -2", "x^2 = 4", "factor", Status.INCORRECT, id="factor-wants-an-equation"),
    pytest.param("(x-2)^2 = 0", "x = 2", "solutions", Status.CORRECT, id="solutions-double-root"),
    pytest.param("(x-2)^2 = 0", "x = 2", "factor", Status.INCORRECT, id="factor-double-root"),
])
def test_equations_option(answer: str, expected: str, mode: str, status: Status) -> None:
    assert check(answer, expected, CheckOptions(equations=mode)).status is status


@pytest.mark.parametrize("answer,mode,status", [
    pytest.param("[[1, 1e-6], [0, 1]]", "norm", Status.CORRECT, id="norm-forgives-noise"),
    pytest.param("[[1, 1e-6], [0, 1]]", "entrywise", Status.PARTIAL, id="entrywise-does-not"),
    pytest.param("[[1, 0.1], [0, 1]]", "norm", Status.PARTIAL, id="norm-not-too-loose"),
    pytest.param("[[1, 0], [0, -1]]", "norm", Status.PARTIAL, id="norm-then-entries"),
])
def test_matrix_tolerance_option(answer: str, mode: str, status: Status) -> None:
    options = CheckOptions(matrix_tolerance=mode, partial=Partial.PROPORTIONAL)
    assert check(answer, "[[1, 0], [0, 1]]", options).status is status


@pytest.mark.parametrize("answer", [
    pytest.param("1 " + "\\pm 2 " * 40, id="plus-minus-bomb"),
    pytest.param("x \\in " * 500 + "[0, 1)", id="membership-chain"),
    pytest.param(" and ".join(["x < 1"] * 300), id="and-chain"),
    pytest.param(" < ".join(["x"] * 300), id="comparison-chain"),
    pytest.param("{" + ",".join(["x"] * 1000) + "}", id="huge-set"),
    pytest.param(", ".join(["1"] * 500), id="huge-list"),
    pytest.param("x^4 + 3x^3 + 7x + 11 > 0", id="quartic-not-solved"),
])
def test_hostile_forms_get_a_verdict(answer: str) -> None:
    """Every form is bounded: a verdict (never an error) without exponential or solver blow-ups."""
    for expected in ("{1, 2}", "x < 2", "2"):
        assert check(answer, expected).status in (Status.INVALID, Status.INCORRECT, Status.CORRECT)


def test_spec_references_keep_their_form(capsys: pytest.CaptureFixture[str]) -> None:
    """Literal references in a spec (inequality, set, equation, complex, + C) keep their form through `grade`:
    the spec's own accept/reject self-tests pass."""
    from pathlib import Path

    from mathgrade.cli import main

    spec_file = Path(__file__).parent / "data" / "forms-spec.yaml"
    assert main(["validate", str(spec_file)]) == 0
    assert "0 failed" in capsys.readouterr().out


@pytest.mark.parametrize("answer,expected,status", [
    pytest.param("x > 2", "x^3 > 8", Status.CORRECT, id="cubic-rational-root"),
    pytest.param("x >= 2", "x^3 > 8", Status.INCORRECT, id="cubic-strictness"),
    pytest.param("x(x-1)(x+1) > 0", "(-1, 0) \\cup (1, \\infty)", Status.CORRECT, id="cubic-three-roots"),
    pytest.param("x^4 - 5x^2 + 4 <= 0", "[-2, -1] \\cup [1, 2]", Status.CORRECT, id="quartic-rational-roots"),
    pytest.param("x^4 - 5x^2 + 4 < 0", "[-2, -1] \\cup [1, 2]", Status.INCORRECT, id="quartic-open"),
    pytest.param("x < -3.3", "x^3 - 7x + 11 < 0", Status.INCORRECT, id="irrational-cubic-root-not-solved"),
])
def test_inequalities_beyond_degree_two(answer: str, expected: str, status: Status) -> None:
    assert check(answer, expected).status is status

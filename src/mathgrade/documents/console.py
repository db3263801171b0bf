"""R console output in a knitted document (R Markdown's `## [1] 45  5` lines): the printed values as math.

knitr prints a chunk's results in a fence of their own, each line prefixed with `##`. A student who answers
"`eigen(t(A) %*% A)$values`" shows the result only there, so those printed values are their answer: a vector
`[1] 45 5` becomes `(45, 5)`, a printed matrix (a `[,1] [,2]` header over `[1,]` rows) one `bmatrix`, a single
`[1] 3` the number. Names of list elements (`$d`, `$values`) and other printed text become blank lines, so line
numbers stay the student's and no `$` in the output is read as a math delimiter. A printed expression (R's `D()`
prints a derivative as `exp(x)/(1 + exp(x))`) becomes that formula.
"""

from __future__ import annotations

import re

__all__ = ["is_console", "console_lines"]

_PREFIX = re.compile(r"^\s*##(?:\s|$)")
_NUMBER = r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?"
_VECTOR = re.compile(rf"^\[\d+\]((?:\s+{_NUMBER})+)\s*$")
_HEADER = re.compile(r"^(?:\s*\[,\d+\])+\s*$")
# A printed expression (what R's D() returns): names, numbers, operators and brackets only, with an operator
_EXPRESSION = re.compile(r"^(?=.*[-+*/^(])[\w\s.+\-*/^()]+$")
_WORDS = re.compile(r"[A-Za-z]{2,}[()]*\s+[A-Za-z]{3,}")  # "eigen() decomposition": printed words, not math
_ROW = re.compile(rf"^\[\d+,\]((?:\s+{_NUMBER})+)\s*$")


def is_console(lines: list[str]) -> bool:
    """Whether every non-blank line of a fence is knitr output (`## ...`)."""
    filled = [line for line in lines if line.strip()]
    return bool(filled) and all(_PREFIX.match(line) for line in filled)


def _number(text: str) -> str:
    # R prints 4.440892e-16 for a zero that rounding left: what the student means is 0
    value = float(text)
    return "0" if abs(value) < 1e-12 else text


def console_lines(lines: list[str]) -> list[str]:
    """The fence's lines with each printed vector or matrix as display math (`$$...$$`, a result standing on its
    own, as a notebook's output is) on its first line, the rest blank."""
    body = [_PREFIX.sub("", line, count=1).strip() for line in lines]
    out = [""] * len(lines)
    k = 0
    while k < len(body):
        vector = _VECTOR.match(body[k])
        if vector:
            values = [_number(v) for v in vector.group(1).split()]
            out[k] = f"$${values[0]}$$" if len(values) == 1 else "$$(" + ", ".join(values) + ")$$"
            k += 1
            continue
        if _HEADER.match(body[k]):
            rows, j = [], k + 1
            while j < len(body) and (m := _ROW.match(body[j])):
                rows.append([_number(v) for v in m.group(1).split()])
                j += 1
            if rows and len({len(r) for r in rows}) == 1:
                out[k] = "$$\\begin{bmatrix}" + " \\\\ ".join(" & ".join(r) for r in rows) + "\\end{bmatrix}$$"
                k = j
                continue
        if _EXPRESSION.match(body[k]) and not _WORDS.search(body[k]):
            out[k] = f"$${body[k]}$$"  # D(expression(...), "x") prints the derivative: exp(x)/(1 + exp(x))
        k += 1
    return out

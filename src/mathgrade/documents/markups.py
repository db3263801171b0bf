"""Lightweight markups students write homework in: AsciiDoc, Typst, reStructuredText and MyST's roles.

AsciiDoc puts math in `stem:[...]` / `latexmath:[...]` and in `[stem]` blocks fenced by `++++`, and labels
parts with description lists (`1a:: ...`); Typst writes math between `$` in its own notation (`mat(a, b; c, d)`,
`(partial f)/(partial theta)`, `a \\/ b`, `"sech"`) and bold as `*(a)*`. Both are rewritten line for line into the
conventions the block reader knows: LaTeX math between `$`, labels at the start of their line.
"""

from __future__ import annotations

import re
from collections.abc import Callable

__all__ = ["asciidoc", "typst", "restructured", "myst_roles"]

# ------------------------------------------------------------------------------------------------ AsciiDoc

_ADOC_INLINE = re.compile(r"\b(?:stem|latexmath|asciimath):\[")
_ADOC_BLOCK = re.compile(r"^\s*\[(?:stem|latexmath|asciimath)\]\s*$")
_ADOC_FENCE = re.compile(r"^\s*(?:\+{4}|-{4}|\.{4})\s*$")
_ADOC_LABEL = re.compile(r"^(\s*\S{1,12}?)::(\s|$)")
_ADOC_ATTRIBUTE = re.compile(r"^\s*(?::[\w-]+:.*|\[(?:horizontal|qanda|glossary|cols=.*|%\w+)\]|\+)\s*$")


def _rewrite_groups(text: str, opener: re.Pattern[str], brackets: str, rewrite: Callable[[str], str]) -> str:
    """Each `opener` match (which ends with its open bracket) and the bracketed group it opens replaced by
    `rewrite(body)`; brackets nest. An unclosed group ends the rewriting: the rest stays as written."""
    out, pos = [], 0
    for m in opener.finditer(text):
        if m.start() < pos:
            continue
        depth, k = 1, m.end()
        while k < len(text) and depth:
            depth += {brackets[0]: 1, brackets[1]: -1}.get(text[k], 0)
            k += 1
        if depth:
            break
        out.append(text[pos:m.start()])
        out.append(rewrite(text[m.end():k - 1]))
        pos = k
    out.append(text[pos:])
    return "".join(out)


def _inline_math(line: str) -> str:
    return _rewrite_groups(line, _ADOC_INLINE, "[]", lambda body: "$" + body + "$")


def asciidoc(lines: list[str]) -> bool:
    """An AsciiDoc document (`stem:[...]`, `[stem]` blocks or a `:stem:` attribute) rewritten in place; returns
    whether the text was one."""
    head = "\n".join(lines[:200])
    if not (_ADOC_INLINE.search(head) or re.search(r"^:stem:", head, re.M) or any(_ADOC_BLOCK.match(x) for x in lines)):
        return False
    k = 0
    while k < len(lines):
        if _ADOC_BLOCK.match(lines[k]) and k + 1 < len(lines) and _ADOC_FENCE.match(lines[k + 1]):
            lines[k] = ""
            lines[k + 1] = "$$"
            j = k + 2
            while j < len(lines) and not _ADOC_FENCE.match(lines[j]):
                j += 1
            if j < len(lines):
                lines[j] = "$$"
            k = j + 1
            continue
        line = lines[k]
        if _ADOC_ATTRIBUTE.match(line):
            lines[k] = ""  # `:stem: latexmath`, `[horizontal]`, a lone `+` joining the block below
        else:
            lines[k] = _ADOC_LABEL.sub(r"\1:\2", _inline_math(line), count=1)  # `1a:: ...` is the label 1a
        k += 1
    return True


# ------------------------------------------------------------------------------------------------ Typst

_TYPST_MARKS = re.compile(r"^\s*#(?:set|let|show|import)\b", re.M)
_TYPST_BOLD_LABEL = re.compile(r"(^|\s)\*(\(?\d{0,2}\s*\(?[a-h]\)?[.:)]?)\*")
_TYPST_WORDS = {"partial": "\\partial ", "dot": "\\cdot ", "times": "\\times ", "theta": "\\theta ",
                "phi": "\\phi ", "sigma": "\\sigma ", "lambda": "\\lambda ", "delta": "\\delta ", "pi": "\\pi ",
                "nabla": "\\nabla ", "alpha": "\\alpha ", "beta": "\\beta "}
_TYPST_WORD = re.compile(r"(?<![\\A-Za-z])(" + "|".join(_TYPST_WORDS) + r")(?![A-Za-z])")


def _typst_matrix(math: str) -> str:
    """`mat(a, b; c, d)` → `\\begin{pmatrix} a & b \\\\ c & d \\end{pmatrix}` (rows by `;`, entries by `,`)."""

    def matrix(body: str) -> str:
        rows = [r.strip() for r in body.split(";") if r.strip()]
        return "\\begin{pmatrix} " + " \\\\ ".join(" & ".join(_top_commas(r)) for r in rows) + " \\end{pmatrix}"

    return _rewrite_groups(math, _TYPST_MAT, "()", matrix)


_TYPST_MAT = re.compile(r"\bmat\(")


def _top_commas(row: str) -> list[str]:
    parts, depth, start = [], 0, 0
    for i, c in enumerate(row):
        depth += {"(": 1, "[": 1, ")": -1, "]": -1}.get(c, 0)
        if c == "," and depth == 0:
            parts.append(row[start:i].strip())
            start = i + 1
    parts.append(row[start:].strip())
    return parts


def _typst_math(math: str) -> str:
    math = _typst_matrix(math.replace("\\/", "/"))
    math = re.sub(r'"([A-Za-z]{2,8})"', r"\\operatorname{\1}", math)  # "sech" set upright
    return _TYPST_WORD.sub(lambda m: _TYPST_WORDS[m.group(1)], math)


def typst(text: str) -> str | None:
    """A Typst document (`#set ...` lines) in our conventions, or None when the text is not one. Math may run over
    several lines (`$ J = mat(` ... `) $`): it is joined onto its first line, the lines it took left blank."""
    if not _TYPST_MARKS.search(text[:5000]):
        return None
    lines = text.split("\n")
    out = [""] * len(lines)
    k = 0
    while k < len(lines):
        line = lines[k]
        if _TYPST_MARKS.match(line):
            k += 1
            continue
        line = re.sub(r"^(=+)\s", lambda m: "#" * len(m.group(1)) + " ", line)  # headings
        line = _TYPST_BOLD_LABEL.sub(r"\1**\2**", line)
        j = k
        while line.count("$") % 2 and j + 1 < len(lines) and j - k < 30:
            j += 1
            line += " " + lines[j].strip()
        pieces = line.split("$")
        out[k] = "$".join(_typst_math(p) if i % 2 else p for i, p in enumerate(pieces))
        k = j + 1
    return "\n".join(out)


# ------------------------------------------------------------------------------------------------ reStructuredText

_RST_ROLE = re.compile(r":math:`(?P<body>[^`]{1,2000})`")
_RST_MATH = re.compile(r"^(?P<indent>\s*)\.\.\s+math::\s*(?P<rest>.*)$")
_RST_FIELD = re.compile(r"^\s*:(?:Author|Date|Course|Student|Name|ID):", re.I)
_RST_UNDERLINE = re.compile(r"^\s*([=\-~^\"'`#*+])\1{2,}\s*$")


def restructured(lines: list[str]) -> bool:
    """reStructuredText (`:math:` roles, `.. math::` blocks): rewritten in place, roles as `$...$`, a block's
    indented lines as one display, section underlines dropped. Returns whether the text was reStructuredText."""
    if not any(_RST_MATH.match(x) or ":math:`" in x for x in lines[:2000]):
        return False
    k = 0
    while k < len(lines):
        m = _RST_MATH.match(lines[k])
        if m:
            body = [m.group("rest").strip()] if m.group("rest").strip() else []
            j = k + 1
            while j < len(lines) and (not lines[j].strip() or len(lines[j]) - len(lines[j].lstrip())
                                      > len(m.group("indent"))):
                if lines[j].strip():
                    body.append(lines[j].strip())
                j += 1
            # the display on the block's first line, the lines it took left blank
            while j > k + 1 and not lines[j - 1].strip():
                j -= 1
            lines[k] = "$$ " + " ".join(body) + " $$" if body else ""
            for i in range(k + 1, j):
                lines[i] = ""
            k = j
            continue
        if _RST_UNDERLINE.match(lines[k]):
            lines[k] = ""
        else:
            lines[k] = _RST_ROLE.sub(lambda r: "$" + r.group("body") + "$", lines[k])
        k += 1
    return True


# ------------------------------------------------------------------------------------------------ MyST

_MYST_ROLE = re.compile(r"\{math\}`(?P<body>[^`]{1,2000})`")


def myst_roles(line: str) -> str:
    """MyST's inline math role ({math}`x^2`) as `$x^2$`."""
    return _MYST_ROLE.sub(lambda r: "$" + r.group("body") + "$", line) if "{math}`" in line else line

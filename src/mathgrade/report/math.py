"""LaTeX to MathML for reports, offline (latex2mathml), with a whitelist check on what comes out.

The LaTeX converted here is the instructor's prompt text or our own rendering of a parsed answer (sympy's printer
over names made only of letters and digits), never raw student text; the whitelist is a second line of defence.
"""

from __future__ import annotations

import html
import re
from functools import lru_cache

import latex2mathml.converter
from markupsafe import Markup

_TAGS = frozenset({"math", "mrow", "mi", "mn", "mo", "msup", "msub", "msubsup", "mfrac", "msqrt", "mroot",
                   "mtable", "mtr", "mtd", "mtext", "mspace", "mstyle", "munder", "mover", "munderover",
                   "menclose", "mpadded", "mphantom", "semantics", "annotation"})
_ATTRS = frozenset({"xmlns", "display", "stretchy", "fence", "separator", "lspace", "rspace", "width",
                    "mathvariant", "columnalign", "rowspacing", "columnspacing", "displaystyle", "scriptlevel",
                    "notation", "movablelimits", "accent", "linethickness", "form", "encoding", "height", "depth",
                    "minsize", "maxsize", "largeop", "symmetric", "class", "rowalign", "columnlines",
                    "accentunder", "align", "mathcolor", "mathbackground"})
_TAG = re.compile(r"<\s*/?\s*([A-Za-z][\w:-]*)([^>]*)>")
_ATTR = re.compile(r"([\w:-]+)\s*=\s*\"[^\"<>]*\"")


def _clean(mathml: str) -> bool:
    for m in _TAG.finditer(mathml):
        if m.group(1) not in _TAGS:
            return False
        attrs = m.group(2).strip().rstrip("/").strip()
        rest = _ATTR.sub("", attrs).strip()
        if rest or any(a not in _ATTRS for a in _ATTR.findall(attrs)):
            return False
    return "<" not in _TAG.sub("", mathml)


@lru_cache(maxsize=4096)
def mathml(latex: str, display: bool = False) -> Markup:
    """MathML for a LaTeX fragment, or the escaped LaTeX in <code> when it cannot be converted safely."""
    try:
        out = latex2mathml.converter.convert(latex, display="block" if display else "inline")
    except Exception:  # noqa: BLE001 - a converter failure only costs the pretty form
        out = ""
    if out and _clean(out):
        return Markup(out)  # trusted: converter output that passed the MathML whitelist above
    return Markup("<code>{}</code>").format(latex)  # format() escapes the LaTeX: only the tags are ours


_MATH = re.compile(r"\$\$(.+?)\$\$|\$(.+?)\$", re.S)


@lru_cache(maxsize=1024)
def prose(text: str) -> Markup:
    """Instructor prose with $...$ and $$...$$ math: text escaped, math as MathML, blank lines as paragraphs."""
    out: list[str] = []
    for para in re.split(r"\n\s*\n", text.strip()):
        pieces: list[str] = []
        pos = 0
        for m in _MATH.finditer(para):
            pieces.append(html.escape(para[pos:m.start()]))
            pieces.append(str(mathml(m.group(1) or m.group(2), display=m.group(1) is not None)))
            pos = m.end()
        pieces.append(html.escape(para[pos:]))
        out.append("<p>" + "".join(pieces) + "</p>")
    return Markup("\n".join(out))  # trusted: every text piece escaped above, math pieces whitelisted


WRONG_COLOUR = "#b42318"


def marked_matrix(cells: tuple[tuple[str, ...], ...], wrong: tuple[tuple[int, int], ...]) -> Markup:
    """A matrix as MathML with the wrong entries (1-based row, column) boxed in red."""
    bad = set(wrong)
    rows = []
    for r, row in enumerate(cells, start=1):
        rows.append(" & ".join(
            (r"\color{" + WRONG_COLOUR + "}{\\boxed{" + cell + "}}") if (r, c) in bad else cell
            for c, cell in enumerate(row, start=1)))
    return mathml(r"\begin{bmatrix}" + r" \\ ".join(rows) + r"\end{bmatrix}")

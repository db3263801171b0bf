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


# latex2mathml turns `^\circ` into a raised ring operator (∘), not a degree sign; `°` itself converts to <mi>°</mi>.
_DEGREES = re.compile(r"\^\s*(?:\{\s*\\circ\s*\}|\\circ\b)")
# For the text fallback: a command name (`\frac`), or a brace or `$` that only groups or delimits.
_COMMAND = re.compile(r"\\([A-Za-z]+|.)")
_GREEK = {"alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ε", "theta": "θ", "lambda": "λ",
          "mu": "μ", "pi": "π", "sigma": "σ", "Sigma": "Σ", "phi": "φ", "omega": "ω", "sum": "Σ", "cdot": "·",
          "times": "×", "top": "ᵀ", "circ": "°", "partial": "∂", "infty": "∞", "sqrt": "√", "pm": "±",
          "neq": "≠", "leq": "≤", "geq": "≥", "to": "→", "in": "∈", "nabla": "∇", "ldots": "…", "cdots": "⋯"}


def untex(latex: str) -> str:
    """Readable text for LaTeX the converter refused: command names become symbols or vanish, never shown."""
    text = _DEGREES.sub("°", latex)
    text = re.sub(r"\\(?:begin|end)\{\w+\*?\}|\\(?:color|textcolor)\{[^{}]*\}", "", text)
    text = text.replace("\\\\", "; ")
    for _ in range(4):  # innermost first: \frac{\sqrt{2}}{2}
        text = re.sub(r"\\frac\s*\{([^{}]*)\}\s*\{([^{}]*)\}", r"(\1)/(\2)", text)
        text = re.sub(r"\\sqrt\s*\{([^{}]*)\}", r"√(\1)", text)
    text = _COMMAND.sub(lambda m: _GREEK.get(m.group(1), "" if m.group(1).isalpha() else " "), text)
    return re.sub(r"\s+", " ", text.replace("{", "").replace("}", "").replace("$", "").replace("&", " ")).strip()


def _convert(latex: str, display: bool) -> str | None:
    """latex2mathml's MathML when it passes the whitelist, else None."""
    try:
        out = latex2mathml.converter.convert(_DEGREES.sub("°", latex), display="block" if display else "inline")
    except Exception:  # noqa: BLE001 - a converter failure only costs the pretty form
        return None
    # an unknown command comes back as <mi>\\cmd</mi>: that would show LaTeX as text
    if not out or "\\" in out or not _clean(out):
        return None
    return _ENCLOSE.sub(lambda m: f'<mrow class="enclose {m.group(1)}">', out).replace("</menclose>", "</mrow>")


# Chromium (MathML Core) does not draw <menclose>: \\boxed and \\cancel become an <mrow> the style sheet draws.
_ENCLOSE = re.compile(r'<menclose notation="([a-z ]*)">')


@lru_cache(maxsize=4096)
def mathml(latex: str, display: bool = False, fallback: str | None = None) -> Markup:
    """MathML for a LaTeX fragment. When it cannot be converted safely: `fallback` (plain text the grader
    printed) or the LaTeX with its commands turned to symbols, escaped, in a span; never raw LaTeX."""
    out = _convert(latex, display)
    if out is not None:
        return Markup(out)  # trusted: converter output that passed the MathML whitelist above
    text = fallback if fallback is not None else untex(latex)
    return Markup('<span class="plain-math">{}</span>').format(text)  # format() escapes the text


_MATH = re.compile(r"\$\$(.+?)\$\$|\$(.+?)\$", re.DOTALL)


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


_MATH_OPEN = re.compile(r"^<math[^>]*>")


def _inner(latex: str) -> str | None:
    """The MathML of one entry without its <math> element, to place inside a table we build, or None."""
    out = _convert(latex, False)
    if out is None:
        return None
    return _MATH_OPEN.sub("", out).removesuffix("</math>")


def marked_matrix(cells: tuple[tuple[str, ...], ...], wrong: tuple[tuple[int, int], ...]) -> Markup:
    """A matrix (or column vector) as MathML with the wrong entries (1-based row, column) in cells of class
    `wrong`: the style sheet draws a dashed box around them, a marker that does not rely on colour (Chromium
    does not draw <menclose>, and latex2mathml cannot nest `\\color` inside a matrix)."""
    bad = set(wrong)
    rows = []
    for r, row in enumerate(cells, start=1):
        tds = []
        for c, cell in enumerate(row, start=1):
            inner = _inner(cell)
            if inner is None:
                return mathml(r"\begin{bmatrix}" + r" \\ ".join(" & ".join(x) for x in cells) + r"\end{bmatrix}")
            mark = ' class="wrong"' if (r, c) in bad else ""
            tds.append(f"<mtd{mark}>{inner}</mtd>")
        rows.append("<mtr>" + "".join(tds) + "</mtr>")
    table = ('<math xmlns="http://www.w3.org/1998/Math/MathML" display="inline"><mrow><mo>[</mo><mtable>'
             + "".join(rows) + "</mtable><mo>]</mo></mrow></math>")
    return Markup(table)  # trusted: our own tags around entries that passed the whitelist one by one

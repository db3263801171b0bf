"""Candidate answers in a document: equality chains from display math, sentences and paragraphs from prose.

A chain continues across display blocks that start with `=` (students break long derivations over lines), and
stops at words such as "from" or "where" written in `\\text{}`: what follows is a justification, not a result.
"""

from __future__ import annotations

import re
from typing import Any
from dataclasses import dataclass, replace

from mathgrade.documents.blocks import Block, Label
from mathgrade.documents.labels import read_label
from mathgrade.documents.sentences import REASON_REMARK
from mathgrade.parse import split_top_level

# ("x = e1/√2 -> (1,-2)" typed in plain text: the ASCII arrow too, but not `-->` or a `<->`)
_ARROW = re.compile(r"\\(?:long)?(?:rightarrow|mapsto)(?![a-zA-Z])|\\to(?![a-zA-Z])|→|↦|⟶|⟼|(?<![-<])->(?!>)")
_SPACING = re.compile(r"\\\\\[\s*-?[\d.]+\s*(?:pt|em|ex|mm|cm)\s*\]")
# aligned/gathered inside $$...$$ only arrange the rows: the rows are what a chain is made of.
_WRAPPER = re.compile(r"\\(?:begin|end)\{(?:aligned|gathered|split|alignedat|align|equation|gather|multline|eqnarray)"
                      r"\*?\}(?:\{\d+\})?")
# `y_iy_j` in LaTeX is y_i y_j (an unbraced subscript is one character); `\delta_ij` is left as the student meant.
_RUN_ON = re.compile(r"_([A-Za-z0-9])(?=[A-Za-z]_)")
_EMPTY_SCRIPT = re.compile(r"[_^]\{\s*\}")  # pandoc writes \sum_{j}^{}
_BOXED = re.compile(r"\\(?:boxed|fbox|framebox)\s*\{")
# ("λ = 45 or λ = 5": the roots side by side; only a side with its own `=` is cut off)
_SEPARATORS = ("\\qquad", "\\quad", "\\text{and}", "\\text{ and }", "\\;\\;")
_WORD_SEPARATORS = _SEPARATORS + ("\\text{or}", "\\text{ or }", " or ", " and ")
_JUSTIFICATION = re.compile(r"\\text\{\s*(?:from|where|since|because|by|using|for|if|when|so|as|and)\b[^{}]*\}", re.I)
# "a = b \implies c = d", "\therefore x = 2": what follows the sign is a conclusion, a chain of its own.
_CONCLUDES = re.compile(r"\\(?:implies|Rightarrow|Longrightarrow|therefore)(?![a-zA-Z])|∴|⟹|⇒|(?<![<>=!])=>")
# "-y_i y_j \quad (i \neq j)", "\qquad \text{(1)}": a condition or a tag after the result, not part of it.
_ANNOTATION = re.compile(r"^\s*(?:\(.*\)|\\text\{.*\}|\\mathrm\{.*\}|\\tag\{.*\})\s*[.,;]?\s*$")
# Spellings that exporters and OCR produce for what our grammar writes otherwise: pandoc's `\lbrack`, Mathpix's
# column vector `\binom{1}{1}`, a diagonal matrix `\operatorname{diag}(a, b)`.
_BRACKETS = (("\\lbrack", "["), ("\\rbrack", "]"))
_BINOM = re.compile(r"\\binom\{([^{}]*)\}\{([^{}]*)\}")
_DIAG = re.compile(r"(?:\\operatorname\{diag\}|\\mathrm\{diag\}|\bdiag)\s*\(([^()]*(?:\([^()]*\)[^()]*)*)\)")


_ANGLE = re.compile(r"\\langle\s*([^\\{}]*?)\s*\\rangle")  # ⟨1, 1⟩ written \langle 1, 1 \rangle
# span{(1, 1)}: the line through one vector, written as the vector
# `\operatorname{Vect}\begin{pmatrix}1\\1\end{pmatrix}`, `Vect(1, 1)`, `span[1; 1]`: the span's name before the vector
# (French Vect, German/Polish lin, Spanish gen); the vector stays, as for span{(1, 1)}
_SPAN_NAME = re.compile(r"(?:\\(?:operatorname|mathrm|text)\s*\{\s*(?:span|vect|lin|gen)\s*\}|\b(?:span|Vect|vect)(?![\w]))"
                        r"\s*(?=\\begin\{[pbBv]?matrix\}|\\left|[\[(]|\\\{)", re.I)
_LATEX_DECIMAL_COMMA = re.compile(r"(?<=\d)\{,\}(?=\d)")
_SPAN = re.compile(r"(?:\\operatorname\{span\}|\\mathrm\{span\}|\\text\{span\}|\bspan)?\s*\\\{\s*(\([^(){}\\]*\)|\[[^\[\]{}\\]*\])"
                   r"\s*\\\}")


# A function's name set upright by hand (Word's equation editor through pandoc: `\text{sech}`, `\mathrm{\sin}`,
# `\mathrm{cos}`): the function, not the word "sech" in text (which the grammar drops, leaving `^2` on `x`).
_UPRIGHT_FUNCTION = re.compile(r"\\(?:text|mathrm|textrm|mathit|textit)\s*\{\s*\\?"
                               r"(?P<name>a?r?c?(?:sin|cos|tan|sec|csc|cot)h?|sech|csch|exp|log|ln|arctg|c?tg|th|sh|ch)\s*\}")


_IN_SET = re.compile(r"\\in(?![a-zA-Z])\s*(?=\\left\s*\\\{|\\\{)")


# "y_i * y_j        (i != j)", "(for i = j)": the case a result holds in, typed after it in plain text
_TRAILING_CASE = re.compile(r"\s+\(\s*(?:for\s+|if\s+|when\s+)?[a-z]\s*(?:!=|==|=|≠|\\neq|\\ne|<>)\s*[a-z]\s*\)\s*[.,;]?\s*$")


_EQUATION_TAG = re.compile(r"\\tag\*?\{[^{}]{0,20}\}")
_END_OF_PROOF = re.compile(r"\\(?:qedhere|qed|blacksquare|square|Box)(?![A-Za-z])")  # the proof's end mark
_BOLD = re.compile(r"(?<![\w)*])\*\*([^*\s](?:[^*]*[^*\s])?)\*\*(?![\w(*])")
# (an entry is a run of characters and bracket groups, entries are set apart by spaces: one way to read each row, so
# no backtracking; the pattern it replaces split "\\frac{e^{x_1}}…" into entries in every way, 38 s on one answer)
_ENTRY = r"(?:[^\s(),;]|\([^()]*\))+"
_ROW = rf"\s*{_ENTRY}(?:\s+{_ENTRY})*\s*"
_ROUND_MATRIX = re.compile(rf"\(({_ROW}(?:;{_ROW})+)\)")
# Word's equation editor saved as text writes a matrix in UnicodeMath: `[■(a&b@c&d)]`, `&` between entries and
# `@` between rows
_UNICODEMATH_MATRIX = re.compile(r"[\[(]?\s*■\((?P<body>[^()]*(?:\([^()]*\)[^()]*)*)\)\s*[\])]?")


def _unicodemath_matrix(m: re.Match[str]) -> str:
    rows = [r.split("&") for r in m.group("body").split("@")]
    if len({len(r) for r in rows}) != 1:
        return m.group(0)
    return "[" + ", ".join("[" + ", ".join(e.strip() for e in r) + "]" for r in rows) + "]"


def _diagonal(m: re.Match[str]) -> str:
    entries = [e.strip() for e in m.group(1).split(",")]
    if not 2 <= len(entries) <= 6 or not all(entries):
        return m.group(0)
    rows = [" & ".join(e if i == j else "0" for j in range(len(entries))) for i, e in enumerate(entries)]
    return "\\begin{pmatrix}" + " \\\\ ".join(rows) + "\\end{pmatrix}"


_ENVIRONMENT = re.compile(r"\\begin\{([pbBvV]?matrix|array|smallmatrix)\}.*?\\end\{\1\}", re.S)
_COMMA_DECIMALS = re.compile(r"\d,\d{2,}(?:\s*;|\s+[-−]?\d)")
_DECIMAL_COMMA = re.compile(r"(?<![\d.])(\d+),(\d+)(?![\d,])")
_PHYSICS_MATRIX = re.compile(r"\\(?:(?P<kind>[pbv])mqty\s*\{|mqty\s*(?P<open>[\[(]))")
_DMAT = re.compile(r"\\dmat\s*(?:\[[^\]]*\])?\s*\{")


def _physics(body: str) -> str:
    r"""The physics package's matrices: `\mqty[a & b \\ c & d]` (and `\mqty(…)`, `\pmqty{…}`, `\bmqty{…}`) as
    matrix environments, `\dmat{a, b}` as diag(a, b)."""
    body = _rewrite_groups(body, _DMAT, lambda m, inner: f"\\operatorname{{diag}}({inner})")
    return _rewrite_groups(body, _PHYSICS_MATRIX, _environment)


def _environment(m: re.Match[str], inner: str) -> str:
    env = {"p": "pmatrix", "b": "bmatrix", "v": "vmatrix", "[": "bmatrix", "(": "pmatrix"}[m.group("kind")
                                                                                         or m.group("open")]
    inner = inner.strip()
    # `\mqty[\dmat{a, b}]`: the diagonal matrix itself
    if inner.startswith("\\operatorname{diag}(") and inner.endswith(")") and "&" not in inner:
        return inner
    return f"\\begin{{{env}}}{inner}\\end{{{env}}}"


def _rewrite_groups(body: str, opening: re.Pattern[str], rewrite: Any, limit: int = 20) -> str:
    """Each match of `opening` (which ends at a bracket) with its bracketed group replaced by
    `rewrite(match, inside)`; at most `limit` of them, and an unclosed one left as it is."""
    for _ in range(limit):
        m = opening.search(body)
        end = _closing(body, m.end() - 1) if m is not None else None
        if m is None or end is None:
            break
        body = body[:m.start()] + rewrite(m, body[m.end():end]) + body[end + 1:]
    return body


def _closing(text: str, at: int) -> int | None:
    """The index of the bracket closing the one at `at`, or None."""
    pairs = {"{": "}", "[": "]", "(": ")"}
    open_, close = text[at], pairs.get(text[at])
    depth = 0
    for i in range(at, min(len(text), at + 5000)):
        if text[i] == open_ and text[i - 1] != "\\":
            depth += 1
        elif text[i] == close and text[i - 1] != "\\":
            depth -= 1
            if depth == 0:
                return i
    return None


_MATH_HAT = re.compile(r"\\(?:wide)?hat\s*(?:\{\s*([A-Za-z])\s*\}|([A-Za-z])(?![A-Za-z]))|([A-Za-z])\u0302|ŷ")
_MATH_COLOUR = re.compile(r"\\(?:textcolor|color)\s*\{[^{}]{0,30}\}")
_TICK = re.compile(r"\\checkmark(?![A-Za-z])|[✓✔]")


def normalise(body: str) -> str:
    """A math body in the spellings our grammar reads (see `_BRACKETS`); a body wrapped whole in braces
    (pandoc's `{\\lambda_{1} = 45}`) unwrapped."""
    for old, new in _BRACKETS:
        body = body.replace(old, new)
    body = re.sub(r"\s*\?{2,}", " ", body) if "??" in body else body  # "1/3 ??": the student's doubt, not math
    if body.count("$") == 1:
        body = body.replace("$", " ")  # the other half of `$...$` fell outside the piece read (plain text)
    body = _BOLD.sub(r"\1", body) if "**" in body else body
    # "= A \checkmark", "(3 0; 4 5) ✓": the student's tick says the check worked; it is not part of the value
    body = _TICK.sub(" ", body) if "check" in body or "✓" in body or "✔" in body else body
    # `$\color{red}{-1}$`, `\textcolor{blue}{…}`: a colour, not a factor (the group it colours stays a group)
    body = _MATH_COLOUR.sub("", body) if "color" in body else body
    body = _physics(body) if "qty" in body or "dmat" in body else body
    # "\begin{pmatrix} 0,7071 \\ 0,7071 \end{pmatrix}": in a matrix (entries split by & and \\) a comma between
    # digits is a decimal comma, as much of Europe writes it
    body = _ENVIRONMENT.sub(lambda m: _DECIMAL_COMMA.sub(r"\1.\2", m.group(0)), body) \
        if "\\begin" in body and "," in body else body
    # "(0,707 ; 0,707)", "[[0,707 0,707],[-0,707 0,707]]": numbers with a decimal comma, separated by spaces or
    # semicolons (never ", " here); "[[25,20],[20,25]]", with nothing between, stays a list
    body = _DECIMAL_COMMA.sub(r"\1.\2", body) if ", " not in body and _COMMA_DECIMALS.search(body) else body
    # ŷ, `\hat y`, `\widehat{y}`: one name (a prediction), read as the symbol yhat
    body = _MATH_HAT.sub(lambda m: "\\mathrm{" + (m.group(1) or m.group(2) or m.group(3) or "y") + "hat}", body) \
        if "hat" in body or "ŷ" in body or "\u0302" in body else body
    body = _END_OF_PROOF.sub(" ", body) if "\\q" in body or "square" in body else body
    body = _EQUATION_TAG.sub(" ", body) if "\\tag" in body else body  # an equation number, \tag{1.2}  # "→ **yᵢyⱼ**": Markdown bold around a result
    body = _UNICODEMATH_MATRIX.sub(_unicodemath_matrix, body) if "■" in body else body
    # Symbolab writes a matrix `( 25 20 ; 20 25 )` and a column `( 1 ; 1 )`: MATLAB's rows in round brackets
    body = _ROUND_MATRIX.sub(r"[\1]", body) if ";" in body else body
    body = _TRAILING_CASE.sub("", body) if body.rstrip().endswith(")") else body
    body = _BINOM.sub(r"\\begin{pmatrix}\1\\\\\2\\end{pmatrix}", body)
    body = _DIAG.sub(_diagonal, body)
    # "\lambda \in \{1, 3\}": membership of the set the part asks for is the answer, as "=" would give it
    body = _IN_SET.sub("= ", body) if "\\in" in body else body
    body = _UPRIGHT_FUNCTION.sub(lambda m: f"\\operatorname{{{m.group('name')}}}", body) if "{" in body else body
    # `0{,}25`: the decimal comma as LaTeX typesets it (German, French, Scandinavian classes)
    body = _LATEX_DECIMAL_COMMA.sub(".", body) if "{,}" in body else body
    if _SPAN_NAME.search(body):
        # the span of one vector, `span\left\{ v \right\}` too: the vector
        body = re.sub(r"\\left\s*\\\{\s*(.*?)\s*\\right\s*\\\}", r"\1", _SPAN_NAME.sub("", body), flags=re.S)
    body = _SPAN.sub(lambda m: m.group(1), body)
    body = _ANGLE.sub(r"(\1)", body)
    stripped = body.strip()
    while stripped.startswith("{") and stripped.endswith("}") and _closes_at_end(stripped):
        stripped = stripped[1:-1].strip()
    return stripped if stripped != body.strip() else body


def _closes_at_end(text: str) -> bool:
    depth = 0
    for i, c in enumerate(text):
        depth += {"{": 1, "}": -1}.get(c, 0)
        if depth == 0 and i < len(text) - 1:
            return False
    return depth == 0


def _top_level_split(body: str, separators: tuple[str, ...]) -> list[str]:
    """Split at any separator that is outside braces, brackets and \\begin...\\end environments."""
    pieces: list[str] = []
    depth = 0
    start = 0
    i = 0
    while i < len(body):
        if body.startswith("\\begin", i):
            depth += 1
            i += 6
            continue
        if body.startswith("\\end", i):
            depth -= 1
            i += 4
            continue
        c = body[i]
        if c in "{[(":
            depth += 1
        elif c in "}])":
            depth -= 1
        elif depth <= 0:
            for sep in separators:
                if body.startswith(sep, i):
                    pieces.append(body[start:i])
                    start = i + len(sep)
                    i = start - 1
                    break
        i += 1
    pieces.append(body[start:])
    return pieces


@dataclass(frozen=True)
class Candidate:
    """A possible answer: a chain of equal expressions or a piece of prose, where it is, and the label in force."""

    kind: str  # "chain" | "sentence" | "paragraph" | "label" | "declined" (the student says it is not answered)
    members: tuple[str, ...]
    start: int
    end: int
    label: Label
    context: str = ""
    boxed: bool = False
    """The student boxed the result: the strongest mark of an answer there is."""
    quoted: bool = False
    """It stands in a quotation of the sheet (a blockquote, a `Q:` line, a set-up callout): not an answer."""
    guessed: bool = False
    """Its problem was inferred from the document's shape (a thread's questions), not written by the student."""
    output: bool = False
    """A notebook printed it: a result, so one left unused is worth a look wherever it stands."""

    @property
    def final(self) -> str:
        return self.members[-1].strip()

    @property
    def text(self) -> str:
        return " = ".join(m.strip() for m in self.members) if self.kind == "chain" else self.members[0]


# "i = j:  dy_i/dz_i = ...", "all i, j: ...": a case label before a formula (plain text has no prose around it).
_CASE = re.compile(r"^\s*((?:for\s+)?all\s+[a-z](?:\s*,\s*[a-z])?|[a-z]\s*(?:!=|=|≠|\\neq|\\ne)\s*[a-z])"
                   r"\s*:\s+(?=\S)", re.I)


# A student's word that a part is not answered here (the part is missing, not wrong)
_NOT_ANSWERED = re.compile(r"\b(?:(?:will|'ll|going to)\s+(?:bring|hand(?:\s+it)?\s+in|submit|upload|add|do|finish)|"
                           r"on paper|(?:did(?:n'?t| not)|don'?t|do not)\s+(?:have\s+(?:the\s+)?time|finish|get to|know)|"
                           r"ran out of (?:time|page|space|paper)|will redo|dovršiti|dovršit ću|nisam stigl[ao]|no time (?:left|for)|not (?:yet )?(?:done|finished|attempted)|skipped|"
                           r"todo|tbd|to be done|no idea|not sure how|see (?:the )?(?:paper|attached|scan)"
                           # ... and in the languages students write: "δεν τα έκανα", "non l'ho fatto", "no me dio
                           # tiempo", "pas eu le temps", "nicht geschafft", "bỏ qua", "не успел", "não fiz", "انجام ندادم"
                           r"|δεν\s+(?:τα\s+|το\s+)?(?:έκανα|εκανα|πρόλαβα|προλαβα|τελείωσα|τελειωσα|ξέρω|ξερω)"
                           r"|non\s+(?:l['’]\s*)?(?:ho\s+)?(?:fatto|finito|svolto)|non\s+ho\s+avuto\s+tempo|da\s+fare"
                           r"|no\s+(?:lo\s+)?(?:hice|terminé|termine|me\s+dio\s+tiempo|alcancé)|sin\s+terminar|pendiente"
                           r"|pas\s+(?:eu\s+le\s+)?temps|pas\s+fait|non\s+fait|à\s+faire|pas\s+fini"
                           r"|nicht\s+(?:geschafft|gemacht|fertig|gelöst)|keine\s+zeit"
                           r"|bỏ\s+qua|bo\s+qua|chưa\s+(?:làm|xong|giải)|chua\s+lam|không\s+kịp"
                           r"|не\s+(?:успел\w*|сделал\w*|решил\w*)|нет\s+времени|nie\s+(?:zdążył\w*|zrobił\w*)"
                           r"|não\s+(?:fiz|terminei|deu\s+tempo)|yapamadım|vakit\s+yetmedi|belum\s+(?:selesai|dikerjakan)"
                           r"|tidak\s+sempat|niet\s+(?:gedaan|af|gelukt)|ikke\s+(?:gjort|rukket)|inte\s+(?:gjort|hunnit))\b"
                           r"|انجام\s*ندادم|نرسیدم|وقت\s+نشد|لم\s+أحل|没做|未完成|来不及|時間切れ|못\s*풀", re.I)
MAX_DECLINED = 120
# a range or a second problem named in a note ("Q1-3", "problems 1 and 2", "Q4 ... Q1")
_SEVERAL_PROBLEMS = re.compile(r"\b(?:Q|Problems?|Questions?|Ex(?:ercises?)?)\s*\d{1,2}\s*(?:-|–|to|and|&|,)\s*"
                               r"(?:Q\s*)?\d{1,2}\b|\bQ\s*\d{1,2}\b.*\bQ\s*\d{1,2}\b", re.I)


def _unbox(members: list[str]) -> tuple[list[str], bool]:
    """A chain with a boxed member ends at the (last) box, whose content is the result."""
    for k in range(len(members) - 1, -1, -1):
        m = _BOXED.search(members[k])
        if m is None:
            continue
        depth, i = 1, m.end()
        while i < len(members[k]) and depth:
            depth += {"{": 1, "}": -1}.get(members[k][i], 0)
            i += 1
        content = members[k][m.end():i - 1]
        sides = [side for _, side in split_top_level(content)]
        # "\boxed{\lambda = \{1, 3\}}": one equation in the box, its right side the result; a list of equations
        # ("\boxed{\lambda_1 = 45, \lambda_2 = 5}") stays whole, for the part to read as a list
        return members[:k] + (sides if len(sides) == 2 else [content]), True
    return members, False


def _pieces(row: str) -> list[str]:
    """Equations side by side on one row (`a = 1, \\qquad b = 2`; `a = 1; b = 2`), each on its own."""
    pieces: list[str] = []
    for part in _top_level_split(row, (";",)):
        for piece in _CONCLUDES.split(part):
            side = [p for p in _top_level_split(piece, _WORD_SEPARATORS)]
            if sum("=" in p for p in side) < 2:
                side = [p for p in _top_level_split(piece, _SEPARATORS)]  # "3 and 1" is one list, said in words
            while len(side) > 1 and "=" not in side[-1] and _ANNOTATION.match(side[-1]):
                side.pop()
            if len(side) > 1 and sum("=" in p for p in side) >= 2:
                pieces.extend(p.rstrip().rstrip(",") for p in side)
            else:
                joined = " ".join(side) if len(side) > 1 else side[0]
                # "σ_1 = √45, σ_2 = √5": equations side by side, separated by a comma
                # (an align row ends "…, & b = 2,\\": the comma before the row break closes nothing)
                commas = [c for c in _top_level_split(joined, (",",)) if c.strip(" \n.")]
                if len(commas) > 1 and all("=" in c for c in commas):
                    pieces.extend(commas)
                else:
                    pieces.append(joined)
    return pieces


_LATEX_SPACE = re.compile(r"(?<!\\)\\[;,:!](?![A-Za-z])")
_ABOUT = re.compile(r"(?<=\S) ~ ?(?=[-−]?\d)")


def chains_with_boxes(body: str) -> list[tuple[list[str], bool]]:
    """Equality chains in one math body, each with whether its result was boxed (see `_chains_in`)."""
    body = _ARROW.sub("=", _SPACING.sub(r"\\\\", normalise(body)))
    # `\;`, `\,`, `\:`: LaTeX's spaces, not the `;` that separates equations nor a comma between entries
    body = _LATEX_SPACE.sub(" ", body) if "\\" in body else body
    # "sigma1 = 3*sqrt(5) ~ 6.708": a tilde between spaces before a number is "about", as ≈ is
    body = _ABOUT.sub(" ≈ ", body) if "~" in body else body
    body = _WRAPPER.sub(" ", _EMPTY_SCRIPT.sub("", body))
    body = _RUN_ON.sub(r"_\1 ", body)
    out = []
    for members in _chains_in(body):
        out.append(_unbox(members))
    return out


def _chains_in(body: str) -> list[list[str]]:
    """Equality chains in one math body: align rows (a row `&= c` continues the chain), `;`-separated
    equations, and justifications ("from ...", "where ...") cut off."""
    chains: list[list[str]] = []
    rows = _top_level_split(body, ("\\\\",))
    if len(rows) > 1 and not any("&" in r for r in rows):
        rows = [body]  # `\\` without `&` outside a matrix: line breaks inside one expression
    for row in rows:
        # Alignment marks of the environment, not the column separators of a matrix inside it.
        cells = _top_level_split(row, ("&",))
        if len(cells) >= 4 and sum(c.lstrip().startswith("=") for c in cells[1::2]) >= 2:
            # "V e_1 &= (…) & V e_2 &= (…)": two equations side by side, each a left side and its "= …" cell
            row = " ; ".join(cells[k] + (cells[k + 1] if k + 1 < len(cells) else "") for k in range(0, len(cells), 2))
        elif len(rows) > 1:
            row = " ".join(cells)
        if chains and len(rows) > 1 and (on := _GOES_ON.match(row)):
            # "&\quad + r\sin\theta(...)": the row carries on the expression above it, not a new equation
            chains[-1][-1] = f"{chains[-1][-1].rstrip()} {on.group(1)}{row[on.end():]}"
            continue
        for piece in _pieces(row):
            piece = _exact(_without_remark(_JUSTIFICATION.split(piece)[0]))
            members = [m for _, m in split_top_level(piece)]
            if not any(m.strip() for m in members):
                continue
            if len(members) >= 3 and (check := _NAME_CHECK.fullmatch(members[-1])) and _numeric(members[-2]) \
                    and check.group("name") not in members[0]:
                # "UΣVᵀ = [[3, 0], [4, 5]] = A ✓": the value is the result, "= A" a check (but "P² = [[…]] = P"
                # says what was shown)
                members = members[:-1]
            if chains and not members[0].strip() and len(members) > 1 and len(rows) > 1:
                chains[-1].extend(members[1:])
            else:
                chains.append(members)
    return [_decimal_comma(c) for chain in chains for c in _colon_after(chain)]


_COLON_VALUE = re.compile(r"^(?P<cond>\s*[-−]?[\d.]+(?:/\d+)?)\s*:\s+(?P<value>[(\[].*[)\]])\s*\.?\s*$")


def _colon_after(members: list[str]) -> list[list[str]]:
    """"eigenvector for lambda = 3: (1, -1)": the equation is the condition, the value after its colon the answer
    (two chains: the condition, and the value on its own)."""
    m = _COLON_VALUE.match(members[-1]) if len(members) >= 2 else None
    if m is None:
        return [members]
    return [members[:-1] + [m.group("cond")], [m.group("value")]]


_COMMA_NUMBER = re.compile(r"\s*[-−]?\d+,\d+\s*\.?\s*")
_ROUNDED_COMMA = re.compile(r"\s*[-−]?\d{1,2},\d{3,}\s*\.?\s*")


def _decimal_comma(members: list[str]) -> list[str]:
    """"σ₁ = √45 = 6,708", "σ'(0) = ½ · ½ = 0,25": a chain that reaches a number with a comma from an expression
    with none has computed one value, written with a decimal comma (a list would have come from a list); so has
    "σ₁ = 6,708", a rounding to three places. "λ = 3,1", with nothing computed before it, stays as written."""
    if len(members) >= 3 and _COMMA_NUMBER.fullmatch(members[-1]) and "," not in members[-2]:
        return members[:-1] + [members[-1].replace(",", ".")]
    if len(members) == 2 and _ROUNDED_COMMA.fullmatch(members[-1]) and "," not in members[0]:
        return [members[0], members[-1].replace(",", ".")]  # "σ₁ = 6,708": three decimals are a rounding
    return members


_CONTINUATION = re.compile(r"^[-*+•\s]*\$\s*=")  # "- $= σ(x)(1 − σ(x))$": a step of the chain above
_NAME_CHECK = re.compile(r"\s*(?P<name>[A-Z])\s*(?:\\checkmark|✓|✔)?\s*[.,;]?\s*")
_REMARK_WORD = re.compile(r"\s*(?:which|i\.\s*e\.|that\s+is|so\s+it|as\s+(?:expected|required)|since|because|where|"
                          r"check(?:ed)?|good|as\s+it\s+should)(?![A-Za-z])", re.I)


# (bounded runs, looked for in the last characters of a piece: the unbounded pattern was cubic on a run of spaces)
_TAIL_DEFINITION = re.compile(r"(?:,|\s{2,}+)\s*+[a-z]\s*=\s*[^,;:=]{0,150}?\S\s*[-+−]\s*[^,;:=]{0,150}$")
_WHERE_TAIL = re.compile(r"\s+(?:where|with|avec|où|wobei|donde)\s+(?=(?:[A-Za-zα-ωε]{1,5}|\\[a-z]+)\s*=)")


# "1/(1+exp(-x))   (= sigma(x))": the same result again in brackets after it, a restatement the student adds
_RESTATED = re.compile(r"\s+(?:\\left)?\(\s*(?:=|≈|\\approx(?![A-Za-z]))[^()]*(?:\([^()]*\)[^()]*)*(?:\\right)?\)"
                       r"\s*[.,;]?\s*$")

# ("= (−5/6, 1/3, 1/2)   Ans": the word a South-Asian exam sheet writes after the answer it underlines, too)
_QED = re.compile(r"(?:\s+|\s*[,.;]\s*)(?:Q\.?\s*E\.?\s*D\.?|hence\s+proved|proved|shown|\(?ans(?:wer)?\.?\)?)\.?\s*$"
                  r"|\s*[∎□■]\s*$", re.I)
_TAIL_REACH = 320
# "[[0,-1,0][1,0,0][0,0,-1]]   (TI-84)": an aside in brackets set apart from a closed vector or matrix by a wide gap
_ASIDE = re.compile(r"(?<=[\])])(?:\s{2,}|\t)\([^()]*\)\s*[.,;]?\s*$")


def _without_remark(piece: str) -> str:
    """A formula without the words a plain-text line adds after a comma ("[3 0; 4 5], which is A"): a remark about
    the result, not part of it; without the result restated in brackets after it ("1/(1+e^-x)  (= σ(x))"); and
    without a name defined after it ("err * [...]   where err = ...")."""
    # "... = e^(z_i)/Σe^(z_j)   QED": the end of a proof, not a factor (looked for in the last characters only: the
    # pattern tried at every space of a long run of them is quadratic, 19 s for 20,000)
    qed = _QED.search(piece, max(0, len(piece) - 80))
    piece = piece[:qed.start()] if qed is not None else piece
    near = max(0, len(piece) - _TAIL_REACH)  # (what follows a result stands at the end: searched there only)
    if piece.lstrip().startswith("(") and REASON_REMARK.match(" " + piece.strip()):
        return ""  # the reason alone, set apart from its result by spaces: no answer of its own
    restated = _RESTATED.search(piece, near) or _ASIDE.search(piece, near) or REASON_REMARK.search(piece, near)
    if restated is not None and piece[:restated.start()].strip():
        piece = piece[:restated.start()]
    where = _WHERE_TAIL.search(piece, max(0, len(piece) - _TAIL_REACH))
    if where is not None:
        piece = piece[:where.start()]
    tail = _TAIL_DEFINITION.search(piece, max(0, len(piece) - _TAIL_REACH)) if "=" in piece else None
    if tail is not None and "=" not in piece[:tail.start()] and piece[:tail.start()].strip():
        piece = piece[:tail.start()]  # "(e tanh(w1 x), e tanh(w2 x)),  e = v1 tanh(w1 x) + … - t": the name it uses
    if "," not in piece:
        return piece
    for _, tail in split_top_level(piece, ",")[1:]:
        if _REMARK_WORD.match(tail):
            return piece[:len(piece) - len(tail) - 1]
    return piece


_GOES_ON = re.compile(r"^\s*(?:\\(?:q?quad|[,;:!])\s*|\\hspace\{[^{}]*\}\s*)*([-+−]|\\cdot|\\times)(?!\s*=)")
_APPROX = re.compile(r"\\approx(?![A-Za-z])|\\simeq(?![A-Za-z])")


def _exact(piece: str) -> str:
    """A chain without the rounded copy a student adds after an exact result (`U Σ Vᵀ = [[-√2 - √6/2, …]] ≈
    [[-2.639, …]]`, `σ₁ = 3√5 ≈ 6.708`): the exact value is the answer, the decimals are an illustration. A
    chain that is only approximate (`σ₁ ≈ 6.708`) keeps its approximation as the result."""
    piece = _APPROX.sub("≈", piece)
    if "≈" not in piece:
        return piece
    sides = split_top_level(piece, "≈")
    if len(sides) < 2 or "=" not in sides[0][1]:
        return piece
    exact = split_top_level(sides[0][1])[-1][1]
    # "∇L = p − e₁ ≈ (−0.83, 0.33, 0.5)": the member before ≈ names quantities; the numbers are the result
    return sides[0][1] if _numeric(exact) else piece


def _numeric(text: str) -> bool:
    """A member made of numbers only (√, fractions, matrices of them), no variable names."""
    bare = re.sub(r"\\(?:begin|end)\{\w+\}|\\[A-Za-z]+|\b(?:sqrt|pi|exp|log|ln|sin|cos|tan)\b", " ", text)
    return not re.search(r"[A-Za-z]", bare)


def _scalar(text: str) -> bool:
    return bool(text.strip()) and not re.search(r"\\begin|\[|\\binom|\\\\|,", text)


def lhs_key(member: str) -> str:
    """A left side without its index: σ_1 and σ_2, λ_1 and λ, name the same list."""
    member = re.sub(r"\\(?:text|mathrm|operatorname)\s*\{[^{}]*\}|\\vec|\\mathbf|\\(?:q?quad|[ ,;:!])", "", member)
    return re.sub(r"_\{[^{}]*\}|_\w|[\d₀-₉{}\s&]", "", member)  # `&` only aligns the row


_PLUS_MINUS = re.compile(r"\\pm(?![A-Za-z])|±")
_NAME = re.compile(r"\s*[A-Z](?:\^\{?[Tt⊤]\}?|\^\\top)?\s*")


def _combined(chains: list[Candidate]) -> Candidate | None:
    """One list answer from the values a sentence gives one after another ("the eigenvalues are $3$ and $1$",
    "$\\lambda = 45$ and $\\lambda = 5$", "$\\sigma_1 = 3\\sqrt5, \\sigma_2 = \\sqrt5$"): a part that asks for a list
    or a set takes it; a part that asks for one number still sees each value on its own."""
    # "eigenvalues of $B$: 1 and 3": a lone capital is the matrix the sentence is about, not one of its values
    chains = [c for c in chains if not (len(c.members) == 1 and _NAME.fullmatch(c.final))] if len(chains) > 2 \
        else chains
    # "λ = 25 ± 20, so λ₁ = 45, λ₂ = 5": the ± is the working, the values after it the answer
    if len(chains) > 2 and any(_PLUS_MINUS.search(c.final) for c in chains):
        chains = [c for c in chains if not _PLUS_MINUS.search(c.final)]
    finals = [c.final.rstrip(".,;:") for c in chains]
    if len(finals) < 2 or len(finals) > 6 or not all(_scalar(f) for f in finals):
        return None
    sides = {lhs_key(c.members[0]) for c in chains if len(c.members) > 1}
    if len(sides) > 1 or (sides and any(len(c.members) == 1 for c in chains)):
        return None  # "x = e_1/√2 gives Σ Vᵀ x = 2": a question and its answer, not a list
    first, last = chains[0], chains[-1]
    value = "[" + ", ".join(f.strip() for f in finals) + "]"
    members = (first.members[0], value) if len(first.members) > 1 else (value,)
    return Candidate("chain", members, first.start, last.end, first.label, first.context)


def _line_lists(cands: list[Candidate]) -> list[Candidate]:
    """Lists written one component per line ("dL/dv1 = …" over "dL/dv2 = …", "σ₁ = 3√5" over "σ₂ = √5"): the
    equations on consecutive lines under one label whose left sides differ only by their index, as one list (each
    line stays a candidate of its own too). A left side written twice alike ("Ux = …" for four x) is not a list."""
    chains = [c for c in cands if c.kind == "chain" and len(c.members) == 2 and c.start == c.end]
    out: list[Candidate] = []
    run: list[Candidate] = []

    def close() -> None:
        lefts = {re.sub(r"\s", "", c.members[0]) for c in run}
        if 2 <= len(run) <= 6 and len(lefts) == len(run) and (combined := _combined(run)) is not None:
            out.append(combined)

    for c in chains:
        if run and (c.start != run[-1].end + 1 or c.label != run[-1].label
                    or lhs_key(c.members[0]) != lhs_key(run[-1].members[0])):
            close()
            run = []
        run.append(c)
    if run:
        close()
    return out


def find_candidates(blocks: list[Block]) -> list[Candidate]:
    """All candidates in reading order. Chains are merged across `= ...` continuation blocks."""
    out: list[Candidate] = []
    context = ""
    paragraph: list[Block] = []

    def flush_paragraph() -> None:
        if len(paragraph) > 1:
            text = " ".join(b.text for b in paragraph)
            out.append(Candidate("paragraph", (text,), paragraph[0].start, paragraph[-1].end, paragraph[0].label,
                                 context))
        paragraph.clear()

    group: list[int] = []  # chains found in the inline math of the sentence being read
    group_key: tuple[int, Label] | None = None

    def flush_group() -> None:
        # "det(B - λI) = 0 gives λ = 3 and λ = 1": each run of values for the same left side is one list
        runs: list[list[Candidate]] = []
        for c in (out[i] for i in group):
            key = lhs_key(c.members[0]) if len(c.members) > 1 else ""
            if runs and (lhs_key(runs[-1][-1].members[0]) if len(runs[-1][-1].members) > 1 else "") == key:
                runs[-1].append(c)
            else:
                runs.append([c])
        for run in runs:
            combined = _combined(run) if len(run) >= 2 else None
            if combined is not None:
                out.append(combined)
        group.clear()

    for block in blocks:
        # One row of values ("sqrt(45) = 6.7082, sqrt(5) = 2.2361") may be a list, like a sentence's inline math;
        # the rows of a display (a derivation) are not.
        # An align row `\lambda_1 &= 45, \quad \lambda_2 = 5 \\` is one row: its `&` and `\\` only lay it out.
        single_row = block.kind == "math" and ("\\\\" not in block.text and "&" not in block.text or len(
            [r for r in _top_level_split(block.text, ("\\\\",)) if r.strip()]) == 1)
        key = (block.start, block.label) if block.kind == "inline" or single_row else None
        if key != group_key:
            flush_group()
            group_key = key
        if block.kind == "label":
            out.append(Candidate("label", ("",), block.start, block.end, block.label))
            continue
        if block.kind == "prose" and block.text.startswith("#"):
            flush_paragraph()  # a heading is a paragraph of its own, never part of an explanation
        if block.kind == "prose" and paragraph and (block.label != paragraph[-1].label or (
                block.start > paragraph[-1].end + 1 and paragraph[-1].text.rstrip()[-1:] in ".!?:)")):
            flush_paragraph()  # a new part label, or a blank line after a finished sentence, ends a paragraph
        # ("1.g  (not done)" in plain text reads as a value: words and no digit or sign are the student's word)
        if (block.kind == "prose" or block.kind == "math" and not re.search(r"[\d=+*/^\\]", block.text)) \
                and _NOT_ANSWERED.search(block.text) and len(block.text) <= MAX_DECLINED and "$" not in block.text:
            # "I will bring it on paper", "ran out of time": the student says the part is not answered here. Which
            # part: the one it names ("(2a: I have it on paper)"), or the label it stands under when nothing
            # else was written under that label before it.
            flush_paragraph()
            named, _ = read_label(block.text.lstrip("(*_ "))
            if _SEVERAL_PROBLEMS.search(block.text):
                # "Q4-7 only, Q1-3 handed in on paper": which problems are declined is more than a label says
                named, block = None, replace(block, label=Label(None, None))
            if named is not None and named.sub is not None:
                label = Label(named.problem or block.label.problem, named.sub)
            elif named is not None and named.problem is not None:
                label = Label(named.problem, None)  # "Problem 5 not attempted": every part of it
            elif not any(c.label == block.label and c.kind != "label" for c in out):
                label = block.label
            else:
                label = None
            if label is not None:
                out.append(Candidate("declined", (block.text,), block.start, block.end, label))
            continue
        if block.kind == "prose":
            # a sentence's context is the computation just before it: "V^T x = ..." then "V rotates ..."
            last_chain = next((c for c in reversed(out) if c.kind == "chain"), None)
            # ... under the same label: "Ux = ..." of 6d is not the context of "6e) the first column of U ..."
            sentence_context = last_chain.members[0] if last_chain is not None and (
                last_chain.label == block.label or block.label.sub is None) else ""
            out.append(Candidate("sentence", (block.text,), block.start, block.end, block.label, sentence_context))
            paragraph.append(block)
            context = block.text
            continue
        if block.kind == "math":
            flush_paragraph()
        body, case = block.text, _CASE.match(block.text)
        if case is not None:
            body, context = body[case.end():], case.group(1)
        for members, boxed in chains_with_boxes(body):
            # the chain before this one, past the sentence that holds this very formula ("- $= σ(x)(1 − σ(x))$"
            # in a list, one step per item)
            at = len(out) - 1
            while at >= 0 and out[at].kind == "sentence" and block.kind == "inline" and (
                    out[at].start == block.start or _CONTINUATION.match(out[at].members[0])):
                at -= 1
            previous = out[at] if at >= 0 and out[at].kind == "chain" else None
            continues = not members[0].strip() and len(members) > 1
            # "= r^3 cos^3θ - ..." on the line under a formula (Mathpix puts each line in its own `\\( \\)`)
            # (a step typed as its own paragraph, "$= …$" after a blank line, as a Word export writes a long chain)
            follows = block.kind == "math" or (block.kind == "inline" and previous is not None
                                                and block.start <= previous.end + (2 if continues else 1)
                                                and block.label == previous.label)
            if previous is not None and continues and follows:
                merged = previous.members + tuple(members[1:])
                out[at] = Candidate("chain", merged, previous.start, block.end, previous.label, previous.context,
                                    boxed)
            elif previous is not None and not previous.members[-1].strip() and block.kind == "math":
                merged = previous.members[:-1] + tuple(members)
                out[at] = Candidate("chain", merged, previous.start, block.end, previous.label, previous.context,
                                    boxed)
            else:
                if continues:
                    members = members[1:]
                out.append(Candidate("chain", tuple(members), block.start, block.end, block.label, context, boxed))
                if key is not None:
                    group.append(len(out) - 1)
    flush_group()
    flush_paragraph()
    out.extend(_line_lists(out))
    # Reading order: a paragraph is found when it ends but stands where it starts.
    order = {"chain": 0, "sentence": 0, "label": 0, "declined": 0, "paragraph": 1}
    return sorted(out, key=lambda c: (c.start, order[c.kind]))

"""A student's own abbreviations: `Let $e = v_1\\tanh(w_1x) + v_2\\tanh(w_2x) - t$`, then `e` in the answers.

The grader reads an answer on its own, so a name the student defined in their working would be read as the symbol
it usually is (`e` as Euler's number, `S` as an unknown) and a right answer would come out wrong. A teaching
assistant reads `e` as the student defined it: so does the reader. An answer that uses a defined name is graded
with the definition written in its place (`p_1` with `p_k = e^{z_k}/S` and `S = e^{z_1} + e^{z_2}`, indices and
nested names included), and it stays marked for the instructor's review with the line of the definition, because
the substitution is the reader's reading of the student's intent.

Only names the spec does not give and the part's reference does not use are expanded (`Let $x = e_1/\\sqrt2$`
restates the problem's own x). A definition must stand above the answer; the latest one counts.
"""

from __future__ import annotations

import re
from dataclasses import replace

from mathgrade.documents.candidates import normalise
from mathgrade.documents.locate import Extraction, Found
from mathgrade.grade.results import Alternative, Review

__all__ = ["mark_abbreviations", "definitions_in", "expand"]

# "Let $e = ...$", "where $S = ...$", "Define $g := ...$", "with e = ... " (plain text), "Write $p_k = ...$":
# one letter, maybe with one index letter.
# `c_\theta = \cos\theta`: a shorthand named by a letter and the angle it is of, one name
_SHORTHAND = r"[a-z]_\{?\\(?:theta|phi|varphi|psi|alpha|beta)\}?"
# (and in the languages students write in: soit, on note, posons, avec, où; sea, donde; sei, wobei, mit; sia, dove)
_DEFINITION = re.compile(r"(?:\b(?:let|define|set|write|where|with|denote|put|soit|on\s+note|notons|posons|avec|où"
                         r"|sea|donde|sei|wobei|mit|sia|dove|пусть|обозначим|положим|где|нехай|позначимо|де|niech"
                         r"|oznaczmy|gdzie|fie|notăm|unde|låt|lad|la\s+oss|con|error\s+term|residual"
                         # "Write the residual as ε = …", "seja", "とおく" comes after (see _WORD_THEN)
                         r"|as|seja|sejam|misalkan|označme|označím"
                         # Italian, Greek, Vietnamese, Persian: poniamo, έστω, θέτουμε, đặt, gọi, فرض کنید
                         r"|poniamo|chiamiamo|definiamo|έστω|θέτουμε|ορίζουμε|όπου|đặt|gọi|trong\s+đó"
                         r"|فرض\s+کنید|قرار\s+دهید|که\s+در\s+آن)|\\q?quad"
                         # Chinese: 记 (write), 令/设 (let), 其中 (where), 误差/残差 (the error, the residual)
                         r"|记|令|设|其中|误差|残差"
                         # "Residual: ε = v₁ tanh(w₁x) + ... − t": a line that names what it defines, then a colon
                         r"|^\s*[-*>]*\s*(?!(?:answer|ans|result|solution|final|check)\b)[^\W\d_][^\W\d_]{2,20}"
                         r"(?:\s+[^\W\d_]{2,20})?\s*:"
                         # "Let the residual be $\varepsilon = …$": the name after a few words of what it is
                         r"|\blet\s+(?:[A-Za-z]+\s+){1,3}be)"
                         r"\s+\$?\s*"
                         r"(?P<name>\\hat\{[A-Za-z]\}|" + _SHORTHAND + r"|[A-Za-z]|\\(?:varepsilon|epsilon|delta|eta|rho|xi|zeta|gamma)(?![A-Za-z])"
                         r"|[εδηρξζγ])"
                         r"(?:_\{?(?P<index>[a-z])\}?)?\s*(?::=|=)\s*(?P<value>[^$\n]{1,200})", re.I)
# "$(e^{x_1}/S, …)$, $S = e^{x_1} + …$": a name defined beside the answer that uses it (a table cell, a line)
_BESIDE = re.compile(r"\$\s*[,;]\s*\$\s*(?P<name>[A-Z]|\\hat\{[A-Za-z]\}|[a-z](?=\s*=[^$\n]*[-+−])"
                     r"|\\(?:delta|varepsilon|epsilon)(?![A-Za-z])|[δε])\s*=\s*(?P<value>[^$\n]{1,200})\$")
# "4. $\delta = v_1 \tanh(w_1 x) + … - t$": a line that only defines a Greek name (after its problem's label)
_LONE = re.compile(r"^\s*(?:\**\(?\d{1,2}[a-h]?[.):]?\**\s*)?\$\s*(?P<name>\\(?:delta|varepsilon|epsilon|eta|rho|xi|zeta|"
                   r"gamma)(?![A-Za-z])|[εδηρξζγ])\s*=\s*(?P<value>[^$\n]{1,200})\$\s*\.?\s*$")
# "4) $e=v_{1} \tanh(w_{1} x)+v_{2} \tanh(w_{2} x)-t$": a problem's label (no part letter), then only a one-letter
# name set to a sum: the student's notation for the problem, not an answer to one of its parts
_LONE_LATIN = re.compile(r"^\s*\**(?:[^\W\d_]{1,10}\.?\s*)?\(?\d{1,2}[.):]\**\s*\$\s*(?P<name>[a-z])\s*=\s*"
                         r"(?P<value>[^$\n]*\S\s*[-+]\s*[^$\n]+)\$\s*\.?\s*$")
# "označím $e = v_1\tanh(w_1x) + v_2\tanh(w_2x) - t$", "Misalkan $e = …$", "נסמן $\delta = …$", "$e = … - t$" alone:
# at a line's start, at most one word in any language, then a one-letter name set to a sum of several terms, and
# nothing after it but a short clause ("(the error)", ", then L = e²/2"). The word is the language's "let"/"denote";
# whatever it is, a line that only sets a letter to a sum defines it.
_WORD_THEN = re.compile(r"^\s*(?:\\(?:sub)*section\*?\{[^{}\n]{0,40}\}\s*)?[-*>]*\s*(?:(?:[^\W\d_]{0,10}\.?\s*\(?[0-9]{1,2}[a-h]?[.):]?\s+|\(?[a-h][.)]\s+)(?=[^\W\d_]{2,15}\s*:?\s+(?:\$|\\\()))?(?:[^\W\d_]{2,15}\s*:?\s+)?(?:\$|\\\()\s*(?P<name>[a-zA-Z]|\\(?:varepsilon|epsilon|delta|eta"
                        r"|rho|xi)(?![A-Za-z])|[εδηρξ])\s*:?=\s*(?P<value>[^$\n=]{3,200}?)\s*(?:\$|\\\))"
                        r"(?:\s*[,.;:]?\s*(?:\([^()\n]{0,40}\)|[^\n$]{0,12}\$[^$\n]*\$|[^\n$]{0,30}))?\s*[.,;]?\s*$")
# "4a dL/dv = err * [...], err = v1 tanh(w1 x) + … - t": a plain-text name defined after a comma, at the line's end
# (a word of two to five letters, and an expression with an operator: ", θ = π/3: 1" is a point, not a definition)
_PLAIN_BESIDE = re.compile(r"(?:,|\s(?:where|with))\s*(?P<name>[A-Za-z]{2,5})\s*=\s*(?P<value>[^,;:=\n]*[-+*/][^,;:=\n]*)$")
# "4a  (e tanh(w1 x), e tanh(w2 x)),  e = v1 tanh(w1 x) + v2 tanh(w2 x) - t": a one-letter name set to a sum at the
# line's end, after a comma or a wide gap, beside the answer that uses it
_PLAIN_TAIL = re.compile(r"(?:,|\S\s{2,})\s*(?P<name>[a-z])\s*=\s*(?P<value>[^,;:=\n]*\S\s*[-+−]\s*[^,;:=\n]*)$")
# "Ex 4  (e = v1 tanh(w1 x) + v2 tanh(w2 x) - t)": a one-letter name set to a sum, in brackets of its own on a line
_BRACKETED = re.compile(r"\(\s*(?P<name>[a-zε])\s*=\s*(?P<value>[^()=\n]*(?:\([^()\n]*\)[^()=\n]*)*[-+−]"
                        r"[^()=\n]*(?:\([^()\n]*\)[^()=\n]*)*)\)")
# "Notation: θ in radians, e := v₁tanh(w₁x) + v₂tanh(w₂x) − t.": `:=` defines, wherever it stands
_ASSIGNS = re.compile(r"(?<![\w\\])(?P<name>[A-Za-z]|[α-ω]|\\(?:delta|varepsilon|epsilon)(?![A-Za-z]))\s*:=\s*(?P<value>[^$\n;]{1,200})")
# ŷ, `\hat y`, `\hat{y}`: one name (a prediction, an estimate), written one way before definitions are read
_HAT = re.compile(r"\\(?:wide)?hat\s*(?:\{\s*([A-Za-z])\s*\}|([A-Za-z])(?![A-Za-z]))|([A-Za-z])\u0302|(ŷ)"
                  r"|\\mathrm\{([A-Za-z])hat\}")  # (the math reader's spelling of ŷ, see candidates.normalise)
# "... and $p_k = ...$", "let $h_k = \tanh(w_k x)$, $\delta = v_1 h_1 + v_2 h_2 - t$": more definitions joined on
_JOINED = re.compile(r"(?:\band|,)\s*\$\s*(?P<name>" + _SHORTHAND + r"|[A-Za-z]|\\(?:varepsilon|epsilon|delta|eta|rho|xi|zeta|gamma)(?![A-Za-z]))"
                     r"(?:_\{?(?P<index>[a-z])\}?)?\s*(?::=|=)\s*(?P<value>[^$\n]{1,200})")
# "(t = theta)", "(t = θ)", "(writing t for θ)": a renamed variable of the problem, a symbol and nothing more
_RENAMED = re.compile(r"\((?:\s*(?:writing|with|where|using)\s+)?\s*(?P<name>[A-Za-z])\s*(?:=|for|means|is)\s*"
                      r"(?P<value>\\?(?:alpha|beta|gamma|theta|phi|varphi|psi|omega|tau|lambda)|[α-ω])\s*\)")
# "t stands for theta, p for phi", "% t = theta": a renamed variable of the problem, said in words
_STANDS_FOR = re.compile(r"(?:^|[\s,;(%])`?(?P<name>[A-Za-z]{1,2})`?\s+(?:stands\s+for|is\s+used\s+for|for|means|=)\s+"
                         r"(?P<value>\\?(?:theta|phi|varphi|psi|omega|tau|lambda|alpha|beta|gamma)|[α-ω])(?![A-Za-z])")
# "(theta = t, phi = p pour aller plus vite)": the problem's variable, then the letter typed for it
# (not "…\sin^2\theta = r", a chain that ends in r: the problem's variable stands after a bracket, comma or the start)
_RENAMED_AS = re.compile(r"(?:^|[,;(%])\s*(?P<value>\\?(?:theta|phi|varphi|psi|omega|tau|lambda)|[θφψωτλ])\s*=\s*"
                         r"`?(?P<name>[A-Za-z]{1,2})`?(?=\s*[,;)]|\s+(?:and|et|und|y|pour|for)\b|\s*$)")
# "$h_k = \tanh(w_k x)$, $\hat y = v_1h_1 + v_2h_2$, $e = \hat y - t$": one name set to a value in a math span of its
# own; a line of nothing else (two or more, joined by commas, semicolons, "and", a word) is the student's notation
_SPAN = re.compile(r"\$\s*(?P<name>" + _SHORTHAND + r"|\\hat\{[A-Za-z]\}|[A-Za-z]|\\(?:varepsilon|epsilon|delta|eta|rho|xi|zeta"
                   r"|gamma)(?![A-Za-z])|[εδηρξζγ])(?:_\{?(?P<index>[a-z])\}?)?\s*(?::=|=)\s*(?P<value>[^$=\n]{1,200})\$")
# (each word whole, between separators: no way to split a word twice, so no backtracking)
_NOTATION_REST = re.compile(r"\s*(?:[^\W\d]{1,15}\s*:?\s*)?(?:[,;.]\s*(?:[^\W\d]{1,12}\s*)?)*(?:and\s*)?", re.I)
# "4a  e = v1 tanh(w1 x) + v2 tanh(w2 x) - t   ->   dL/dv = (e tanh(w1 x), …)": in plain text, a one-letter name set
# to a sum, then an arrow or a semicolon to what it is used in
_PLAIN_ARROW = re.compile(r"^\s*(?:\(?\d{1,2}[a-h]?[.):]?\s+)?(?P<name>[a-zεδ])\s*=\s*"
                          r"(?P<value>(?:[^-=\n;→⇒]|-(?!>)){3,200}?)\s*(?:->|→|=>|⇒|;)")
_SUM = re.compile(r"\S\s*[-+−]\s*\S")
# "where $\hat y = …$ is the network output." under a table: a definition that comes after the answers it explains
_FOOTNOTE = re.compile(r"^\s*[*_]*(?:where|here|with|note|nb)\b", re.I)
# "Błąd wyjścia $e = v_1\tanh(w_1x)+v_2\tanh(w_2x)-t$, …", "On pose $e = … - t$ (l'erreur)": anywhere on a line, a
# lowercase or Greek letter set to a sum of three terms or more in a math span of its own is the student's name for it
_SUM_SPAN = re.compile(r"\$\s*(?P<name>[a-z]|\\(?:varepsilon|epsilon|delta|eta|rho|xi)(?![A-Za-z])|[εδηρξ])\s*:?=\s*"
                       r"(?P<value>[^$\n=]{3,200}?)\s*\$")
# "a) e = v1 tanh(w1 x) + v2 tanh(w2 x) - t" in plain text: a line (maybe under a part's label) that only sets a
# lowercase or Greek letter to a sum of three terms or more
_PLAIN_LONE = re.compile(r"^\s*(?:\(?[a-h0-9]{1,3}[.):]\s+)?(?P<name>[a-zεδ])\s*:?=\s*"
                         r"(?P<value>[^=\n→]{3,200}?)\s*\.?\s*$")
# (the three rules above want a sum of three terms or more: two operators, the first after a term; checked apart
# from the patterns, which nested three runs of "anything" around them and backtracked cubically on a long line)
_TERMS = re.compile(r"\S\s*[-+−][^-+−]*[-+−]")
_SUM_RULES = (_WORD_THEN, _SUM_SPAN, _PLAIN_LONE)
_SPELLINGS = {"δ": ("δ", "\\delta"), "\\delta": ("\\delta", "δ"), "ε": ("ε", "\\varepsilon", "\\epsilon"),
              "\\varepsilon": ("\\varepsilon", "ε", "\\epsilon"), "\\epsilon": ("\\epsilon", "ε", "\\varepsilon"),
              "η": ("η", "\\eta"), "\\eta": ("\\eta", "η")}
# prose after a definition in plain text: "Let e = v1 tanh(w1 x) - t be the error" ends at "be"
_PROSE_AFTER = re.compile(r"\s+(?:be|is|are|denotes?|so|then|and|which|for|as|to|the|we|i)\b.*$", re.I)
_SENTENCE_END = re.compile(r"\.\s+(?=[A-Z])")
MAX_DEFINITIONS = 20
MAX_DEPTH = 3
MAX_EXPANDED = 2000


def _hats(text: str) -> str:
    return _HAT.sub(lambda m: "\\hat{" + (m.group(1) or m.group(2) or m.group(3) or m.group(5) or "y") + "}", text)


def _uses_name(answer: str, name: str) -> bool:
    return re.search(rf"(?<![^\W\d])(?<!\\){re.escape(name)}(?!{_LETTER})", answer) is not None


# a letter of any alphabet, but not a subscript or superscript one (p₂, yᵢ, xᵀ: the name with its index)
_LETTER = r"[^\W\d_₀-₉⁰-⁹¹²³ᵢⱼₖₗₘₙᵀ]"


class Definition:
    """One name the student defined: where, and what it stands for."""

    __slots__ = ("line", "name", "index", "value", "renamed", "footnote")

    def __init__(self, line: int, name: str, index: str | None, value: str, renamed: bool = False,
                 footnote: bool = False) -> None:
        self.line, self.name, self.index, self.value, self.renamed = line, name, index, value, renamed
        self.footnote = footnote

    @property
    def written(self) -> str:
        return f"{self.name}_{self.index}" if self.index else self.name

    def pattern(self) -> re.Pattern[str]:
        """The name as a symbol of its own (not inside a word or a LaTeX command); an indexed name with its
        index (`p_1`, `p_{2}`), a plain one not followed by a subscript (`S`, not `S_1`)."""
        # (a letter of any alphabet, not only A-Z: the i of "đổi" is no name)
        # (δ defined in Unicode is \\delta in the answer's LaTeX, and the other way round)
        spelled = "|".join(re.escape(n) for n in _SPELLINGS.get(self.name, (self.name,)))
        head = rf"(?<![^\W\d])(?<!\\)(?<!\\hat\{{)(?:{spelled})"  # y, but not the y of ŷ
        if self.index:
            return re.compile(head + r"_\{?(?P<at>[0-9]|[a-z])\}?(?![A-Za-z0-9])")
        # (`ev_{1}x` in LaTeX is e·v₁·x: a letter that starts an indexed name is the next factor, not more of the name)
        # (`s(x)` with s defined as a value is the student's function of x, not s times x: not written in)
        called = "" if re.fullmatch(r"\\?[A-Za-z]+", self.value) else r"|\s*\(\s*[A-Za-z]\s*\)"  # (s = sigmoid: s(x))
        return re.compile(head + rf"(?!(?!{_LETTER}_){_LETTER}|['′_]{called})")


def _clean(value: str) -> str:
    value = re.split(r"\s\|\s", value, maxsplit=1)[0]  # a table row: the definition's cell ends at its bar
    value = _SENTENCE_END.split(value.strip(), maxsplit=1)[0]  # "S = Σₖ e^(zₖ). Quotient rule."
    value = _PROSE_AFTER.sub("", value)
    return value.strip().rstrip(".,;:").strip()


def _rest(line: str, spans: list[re.Match[str]]) -> str:
    """The line without its math spans."""
    out, at = [], 0
    for m in spans:
        out.append(line[at:m.start()])
        at = m.end()
    out.append(line[at:])
    return "".join(out)


def definitions_in(text: str, given: set[str]) -> list[Definition]:
    """Every definition in the text, in reading order (at most MAX_DEFINITIONS), of names the spec does not give."""
    found: list[Definition] = []
    for k, line in enumerate(text.split("\n"), start=1):
        defined = list(_DEFINITION.finditer(line))
        # "Write $S = ...$ and $p_k = .../S$": a second definition joined to the first by "and"
        more = list(_JOINED.finditer(line, defined[0].end())) if defined else []
        renamed = list(_RENAMED.finditer(line)) + list(_STANDS_FOR.finditer(line)) + list(_RENAMED_AS.finditer(line))
        beside = list(_BESIDE.finditer(line)) + list(_LONE.finditer(line)) + list(_LONE_LATIN.finditer(line)) \
            + (list(_WORD_THEN.finditer(line)) if not defined else []) \
            if "$" in line or "\\(" in line else list(_PLAIN_BESIDE.finditer(line)) + list(_BRACKETED.finditer(line)) \
            + list(_PLAIN_TAIL.finditer(line))
        beside += list(_ASSIGNS.finditer(line)) if ":=" in line and not defined else []
        beside = [m for m in beside if m.re not in _SUM_RULES or _TERMS.search(m.group("value"))]
        beside += [m for m in _PLAIN_ARROW.finditer(line) if _SUM.search(m.group("value"))] + list(
            _PLAIN_LONE.finditer(line)) if "$" not in line else list(_SUM_SPAN.finditer(line))
        spans = list(_SPAN.finditer(line)) if "$" in line else []
        if len(spans) >= 2 and _NOTATION_REST.fullmatch(_rest(line, spans)):
            beside += spans
        elif spans and (defined or beside):
            # "Notation: $c_\theta = \cos\theta$, …; $\delta = …$": after a definition, every later one on its line
            first = min(m.start() for m in defined + beside)
            beside += [m for m in spans if m.start() > first]
        for m in defined + more + beside + renamed:
            name = m.group("name")
            value = _clean(m.group("value"))
            # read as the answers are (`\text{th}` is tanh, a decimal comma a point), so that what is written in
            # for the name reads as the student's formula
            # (a value naming ŷ keeps its hat, which the definitions of ŷ are found by)
            value = normalise(value) if ("\\" in value or "{" in value) and "\\hat" not in value else value
            if name in given or not value or len(found) >= MAX_DEFINITIONS:
                continue
            index = m.groupdict().get("index")
            if re.fullmatch(rf"{re.escape(name)}(?:_\{{?{index or ''}\}}?)?", value.replace(" ", "")):
                continue  # "where x = x": nothing to expand
            if any(d.line == k and d.name == name and d.index == index and d.value == value for d in found):
                continue  # (one definition matched by two of the rules)
            found.append(Definition(k, name, index, value, m in renamed, bool(_FOOTNOTE.match(line))))
    return found


def expand(answer: str, definitions: list[Definition], depth: int = 0) -> tuple[str, list[Definition]]:
    """The answer with each defined name it uses replaced by its definition (in brackets), and the definitions
    used. Definitions may use one another, to MAX_DEPTH levels."""
    used: list[Definition] = []
    latest: dict[tuple[str, str | None], Definition] = {}
    for d in definitions:
        latest[(d.name, d.index)] = d
    out = answer
    for d in latest.values():
        pattern = d.pattern()
        if not pattern.search(out):
            continue

        def put(m: re.Match[str], d: Definition = d) -> str:
            value = d.value
            if d.index:
                index = re.escape(d.index)
                # (`w_kx` in LaTeX is w_k x: a subscript without braces is one character)
                value = re.sub(rf"_(?:\{{{index}\}}|{index}(?![0-9]))", "_{" + m.group("at") + "}", value)
            # a renamed variable ("t = theta") is a name: "cos t" becomes "cos theta", not "cos (theta)", which a
            # space-separated matrix row would read as two entries
            return value if re.fullmatch(r"\\?[A-Za-z]+|[α-ω]", value) else "(" + value + ")"

        out = pattern.sub(put, out)
        used.append(d)
    if used and depth < MAX_DEPTH:
        # δ = v₁h₁ + v₂h₂ − t uses h_k, which may have been written in already: every definition may come again
        # (a name defined by itself stops at MAX_DEPTH)
        again, more = expand(out, definitions, depth + 1)
        out, used = again, used + [d for d in more if d not in used]
    return out, used


def mark_abbreviations(text: str, extraction: Extraction, given: set[str],
                       known: dict[str, set[str]] | None = None,
                       prompted: dict[str, set[str]] | None = None,
                       worded: frozenset[str] = frozenset()) -> Extraction:
    """`extraction` with each answer that uses a name the student defined expanded with its definition and marked
    for review, unless the spec gives that name itself (`Let $A = ...$` restating the problem) or the part's
    reference uses it (`Let $x = e_1/\\sqrt2$`: the problem's own x). `known`: names per part id; `worded`: the parts
    answered in words (a description, a choice), whose names nothing is written into."""
    known = known or {}
    prompted = prompted or {}
    hats = "hat" in text or "\u0302" in text or "ŷ" in text
    text = _hats(text) if hats else text
    definitions = definitions_in(text, given)
    found: list[Found] = []
    for f in extraction.found:
        # "p_1 - 1" where the problem says "With p = softmax(z) ... answer in terms of z": graded as written, but
        # whether the problem's own name is accepted is the instructor's call
        named = sorted(n for n in prompted.get(f.part, set()) - known.get(f.part, set())
                       if _uses_name(f.answer, n))
        # (a definition of the same name counts only if it is what the answer is read with: "p = softmax(z)"
        # cannot be written into p_2)
        if named and f.review is None and not expand(f.answer, [d for d in definitions if d.name in named])[1]:
            f = replace(f, review=Review(f"the answer uses {', '.join(named)}, which the problem's text names; it was "
                                         "graded as written, where it is not a name of the answer's variables. "
                                         "Please check.", ()))
        if not definitions or f.part in worded:
            found.append(f)
            continue
        # the definitions in force: those above the answer, of names the part's reference does not use
        # a renaming may follow the answer on its line ("[[cos t, -r sin t], ...]  (t = theta)")
        # a definition above the answer, or one that closes its sentence on its line or the next ("..., with
        # $\varepsilon = ...$", "\qquad S = ...")
        before = [d for d in definitions if (d.line < f.start or d.line <= f.end + 1 and not d.renamed
                                             or d.renamed and d.line <= f.end)
                  and d.name not in known.get(f.part, set())]
        # (one on the line after counts only where none stands at or above the answer: "a) s' = s(1-s) where s = sigmoid"
        # then "b) s = (1+e^-x)^-1" is the next part's answer, not a new meaning of s for this one)
        above = {d.name for d in before if d.line <= f.end}
        before = [d for d in before if d.line <= f.end or d.name not in above]
        # "where $\hat y = …$ is …" under the answers: read with them when nothing above defines the name
        before += [d for d in definitions if d.footnote and d.line > f.end + 1 and d.name not in known.get(f.part, set())
                   and all(b.name != d.name for b in before)]
        answer = _RENAMED.sub("", f.answer).rstrip() if any(d.renamed for d in before) else f.answer
        answer = _hats(answer) if hats else answer  # (an ŷ nobody defined stays as it was read)
        expanded, used = expand(answer, before)
        if used and len(expanded) <= MAX_EXPANDED:
            said = "; ".join(f"{d.written} = {d.value[:80]} (line {d.line})" for d in used)
            reason = (f"the answer uses names the student defined: {said}; it was graded with "
                      f"{'that definition' if len(used) == 1 else 'those definitions'} written in. Please check.")
            if f.review is not None:
                reason = f"{f.review.reason}; also, {reason[0].lower()}{reason[1:]}"
            alternatives = tuple(Alternative(d.line, d.line, f"{d.written} = {d.value}"[:200]) for d in used)
            f = replace(f, answer=expanded,
                        review=Review(reason, (f.review.alternatives if f.review else ()) + alternatives))
        found.append(f)
    return replace(extraction, found=tuple(found))

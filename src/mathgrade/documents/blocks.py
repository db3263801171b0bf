"""Split a free-form document into display-math blocks, prose sentences and the markers students use.

Works on Markdown, LaTeX and plain text alike: display math is `$$...$$`, `\\[...\\]` or an equation/align
environment; everything else is prose, where `$...$` is inline math. Unbalanced delimiters never raise: what cannot
be paired is prose.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from mathgrade.documents.labels import (CIRCLED, Label, expand_range, labels_first, read_label, several,
                                       split_labelled)
from mathgrade.documents.sentences import _MATH_WORDS, _NAMED_VECTOR, _PROSE_WORD, bare_answers
from mathgrade.parse import split_top_level
from mathgrade.languages import alternation, phrases

# Where display math may open; each opening is paired with the first closing after it by `_displays`, which is
# what `\$\$(.+?)\$\$|\\\[(.+?)\\\]|...` would find, but in linear time: that pattern rescans the rest of the
# text from every unclosed `\[` (60 KB of `\[a` took seconds, 2 MB would take hours).
_OPEN = re.compile(r"(?=(\$\$|(?<!\\)\\\[|\\begin\{(?:equation|align|gather|multline|eqnarray|displaymath)\*?\}))")
_CLOSE = {"$$": "$$", "\\[": "\\]"}


class _Next:
    """The first position >= a threshold where `needle` occurs, for thresholds that only grow: each part of the
    text is searched at most once."""

    def __init__(self, text: str, needle: str) -> None:
        self.text, self.needle, self.found = text, needle, -1
        self.after = -1  # every threshold <= after has `found` as its answer (-1: none)

    def __call__(self, threshold: int) -> int:
        if threshold > self.after:
            if self.found == -1 and self.after >= 0:
                return -1  # nothing after an earlier, smaller threshold: nothing after this one either
            self.found = self._find(threshold)
            self.after = self.found if self.found >= 0 else len(self.text)
        return self.found

    def _find(self, start: int) -> int:
        at = self.text.find(self.needle, start)
        # `\]` is an escaped backslash and a bracket (a LaTeX row break `\[2pt]` likewise opens nothing)
        while at > 0 and self.needle == "\\]" and self.text[at - 1] == "\\":
            at = self.text.find(self.needle, at + 1)
        return at


def _displays(text: str) -> list[tuple[int, int, str]]:
    """(start, end, body) of each display-math block, leftmost first, never overlapping."""
    finders: dict[str, _Next] = {}
    out = []
    pos = 0
    for m in _OPEN.finditer(text):
        start, opening = m.start(), m.group(1)
        if start < pos:
            continue
        closing = _CLOSE.get(opening) or "\\end" + opening[len("\\begin"):]
        finder = finders.setdefault(closing, _Next(text, closing))
        at = finder(start + len(opening) + 1)  # the body has at least one character
        if at >= 0:
            out.append((start, at + len(closing), text[start + len(opening):at]))
            pos = at + len(closing)
    return out
def display_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) offsets of the display-math blocks in `text`."""
    return [(start, end) for start, end, _ in _displays(text)]


# Inline math is `$...$` or `\(...\)` on one line, at most 2000 characters; `_inline` finds what the pattern
# `(?<![\\$])\$(?!\$)([^$\n]{1,2000}?)(?<!\\)\$|\\\((.{1,2000}?)\\\)` would, in linear time (that pattern scans
# 2000 characters from every `\(`: 2 MB of `\(a` took 15 s).
_INLINE_OPEN = re.compile(r"(?<![\\$])\$(?!\$)|\\\(")
_DOLLAR_BODY = re.compile(r"(?P<m>[^$\n]{1,2000}?)(?<!\\)\$")
MAX_INLINE = 2000


def _inline(text: str) -> list[tuple[int, int, str]]:
    """(start, end, body) of the inline formulas in `text`, leftmost first, never overlapping."""
    closing, newline = _Next(text, "\\)"), _Next(text, "\n")
    out = []
    pos = 0
    for m in _INLINE_OPEN.finditer(text):
        start = m.start()
        if start < pos:
            continue
        if m.group() == "$":
            # `[^$\n]` stops at the next `$`: the scans from one `$` to the next never overlap
            d = _DOLLAR_BODY.match(text, start + 1)
            if d:
                out.append((start, d.end(), d.group("m")))
                pos = d.end()
            continue
        at = closing(start + 3)
        line_end = newline(start + 2)
        if at >= 0 and at - start - 2 <= MAX_INLINE and (line_end < 0 or line_end >= at):
            out.append((start, at + 2, text[start + 2:at]))
            pos = at + 2
    return out


def read_marker(text: str) -> tuple[Label | None, str]:
    r"""A leading problem or part label (labels.py, shared by every format) and the text after it.

    Leading whitespace is skipped here, once: patterns that start `^\s*\**\s*` split a run of spaces every
    possible way (6,000 spaces took seconds)."""
    body = text.lstrip()
    found, rest = read_label(body)
    return (found, rest) if found is not None else (None, text)


@dataclass(frozen=True)
class Block:
    """A piece of the document: `math` (display math body), `prose` (one sentence, inline math kept), `inline`
    (math inside a sentence that reads as an answer), or `label` (a part label with nothing after it)."""

    kind: str
    text: str
    start: int
    end: int
    label: Label


class _Lines:
    def __init__(self, text: str) -> None:
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def line(self, offset: int) -> int:
        return bisect.bisect_right(self.starts, offset)


_INITIAL = re.compile(r"(?:^|[^A-Za-z])[A-Za-z]$")  # "Q. 6", "e.g. x": a lone letter's full stop ends nothing


_ONLY_LABEL = re.compile(r"^\s*(?:\*\*)?\(?(?:[ivx]{1,4}|\d{1,2}[a-h]?|[a-h])\)?\.$")


# "... = ±20. The eigenvalues are": a number ends the sentence when a capitalised word starts the next one
_NEXT_SENTENCE = re.compile(r"\s+(?:The|This|These|It|Its|We|I|So|Hence|Thus|Then|Now|For|In|Finally)\b")


def _sentences(paragraph: str) -> list[tuple[int, str]]:
    """Sentences with their offset in the paragraph; inline math is never cut."""
    out: list[tuple[int, str]] = []
    start = 0
    i = 0
    in_math = False
    while i < len(paragraph):
        c = paragraph[i]
        if c == "$":
            in_math = not in_math
        elif not in_math and (c == "\n" or (c in ".!?" and (i + 1 == len(paragraph) or paragraph[i + 1].isspace())
                                           and (not paragraph[max(0, i - 1)].isdigit() or _NEXT_SENTENCE.match(
                                               paragraph, i + 1) is not None)
                                           and paragraph[max(0, i - 1)] != "."
                                           and not _INITIAL.search(paragraph[max(0, i - 3):i]))):
            piece = paragraph[start:i + (c != "\n")]
            if c == "." and len(piece.strip()) <= 24 and (_ONLY_LABEL.match(piece) or _ABBREVIATED_MARK.match(piece)):
                i += 1
                continue  # "ii. $3$", "Ans. $3$": the full stop ends the label or the mark, not a sentence
            if piece.strip():
                out.append((start, piece))
            start = i + 1
        i += 1
    if paragraph[start:].strip():
        out.append((start, paragraph[start:]))
    return out


_WHICH_IS = re.compile(r"^\s*,?\s*(?:which\s+is|which\s+equals|that\s+is|i\.\s*e\.,?)\s*$", re.I)
_ONE_INLINE = re.compile(r"^\s*\$([^$]+)\$\s*\.?\s*$")
# "No. 4", "Ex. 2", "Q.No. 2", "Uppg. 3", "Lsg.:": a full stop that ends an abbreviated mark, not a sentence
_ABBREVIATED_MARK = re.compile(r"^\s*(?:#{1,6}\s*|\*\*|\\(?:sub){0,2}section\*?\{|\\text(?:bf|it)\{|\\paragraph\*?\{)?(?:ans|sol|res|no|nr|prob|ex|q|q\.?\s*no|qn|opg|oppg|uppg|zad|aufg|ej|lsg|resp|odp|apdo|apt|ejerc)\.\s*$",
                               re.I)
_ENUM = re.compile(r"\\begin\{enumerate\}|\\end\{enumerate\}|\\item\b(?:\s*\[[^\]]*\])?")


def _item_events(text: str) -> list[tuple[int, Label]]:
    """Labels set by `\\item` in (nested) enumerate: level 1 numbers problems, level 2 letters parts."""
    events: list[tuple[int, Label]] = []
    counters: list[int] = []
    for m in _ENUM.finditer(text):
        token = m.group()
        if token.startswith("\\begin"):
            counters.append(0)
        elif token.startswith("\\end"):
            if counters:
                counters.pop()
        elif counters:
            counters[-1] += 1
            if len(counters) == 1:
                events.append((m.start(), Label(str(counters[0]), None)))
            else:
                events.append((m.start(), Label(None, "abcdefghijklmnopqrstuvwxyz"[min(counters[-1], 26) - 1])))
    return events


# "... is $2$.", "I get $(1,2)$", "are $3$ and $1$": math that a sentence gives as its result.
# (and every language file's words for "is": "el rang de $C$ és $1$", "ранг равен $1$")
_COPULA = alternation(phrases("copula"))
_GIVES = re.compile(r"(?:\b(?:is|are|equals?|gives?|get|got|obtain|becomes?|yields?|and|or|then)|[:=,;]|→|->|"
                    + _COPULA + r")\s*$", re.I)
_SETUP = re.compile(r"^\s*(?:let|define|defining|recall|given|suppose|assume|where|with|using|we have|here|since|"
                    r"note that|for|soit|on\s+note|posons|notons|avec|sei|sea)\b", re.I)
# "For 3, $(1, 1)$", "For the product, determinants multiply: $\det(QH) = -1$": the condition in words, then the result
_SAID_CONDITION = re.compile(r"^\s*for\s+(?:[^$,:]{1,30}[,:]|[^$=]{1,80}:)\s*\$", re.I)  # "for λ = 3: $(1, 1)$" too
# "$U$ rotates ...": the math is the sentence's subject (but "$X$ with $e = …$" defines a name the result uses)
_SUBJECT = re.compile(r"\s*(?!(?:and|or|with|where|avec|où|wobei|mit|donde|con)\b)[A-Za-z]{2,}")
_CONTINUES = re.compile(r"^\s*,?\s*and\s*$", re.I)
_RESULT_VERB = re.compile(r"(?:\b(?:is|are|equals?|gives?|get|got|obtain|becomes?|yields?)|" + _COPULA + r")\s*:?\s*$",
                          re.I)
_NUMBER_RESULT = re.compile(r"(?:\b(?:is|are|equals?)|" + _COPULA + r")\s+(?P<v>[-−]?\d+(?:\.\d+)?(?:/\d+)?)\s*\.?\s*$",
                            re.I)


_TAG = re.compile(r"\\tag\*?\{\s*([^{}]{1,8}?)\s*\}")
# round brackets only: `[0.7, 0.7]` is a vector (numpy prints one so), not two results
_TUPLE_WRAP = re.compile(r"^\s*(?:\\left\s*)?\((?P<body>.*?)(?:\\right\s*)?\)\s*$", re.S)


def tuple_items(text: str) -> list[str]:
    """The items of a printed tuple `(a, b)` / `\\left( a, \\  M \\right)`, split at its top-level commas."""
    m = _TUPLE_WRAP.match(text)
    if m is None:
        return []
    items, depth, start, body = [], 0, 0, m.group("body")
    for i, c in enumerate(body):
        if c in "([{":
            depth += 1
        elif c in ")]}":
            depth -= 1
        elif c == "," and depth == 0 and not body[:i].count("\\begin") > body[:i].count("\\end"):
            items.append(body[start:i])
            start = i + 1
    items.append(body[start:])
    return [re.sub(r"^\s*(?:\\\s)?\s*", "", item).strip() for item in items] if len(items) > 1 else []
_LIST_ROWS = re.compile(r"\[\s*(\[[^\[\]]*\](?:\s*,\s*\[[^\[\]]*\])+)\s*\]\s*$")


def _stacked_rows(body: str, label: Label) -> list[tuple[str, str]]:
    """A list of rows under a label for a run of parts (`(b)–(e)`), one row per part, when the counts agree."""
    letters = expand_range(label.sub) if several(label.sub) else []
    m = _LIST_ROWS.search(body) if letters else None
    if m is None:
        # "(d), (e)" over a printed pair `(3, 4)` or `\\left( -1, M \\right)`: one value per part
        values = tuple_items(body.rsplit("=", 1)[-1]) if letters else []
        if len(values) == len(letters) and all(values):
            return list(zip(letters, values))
        # "6(a)–(d)" over `Ux = (..),\; (..),\; (..),\; (..)`: one bracketed vector per part, in order
        side = re.sub(r"\\[,;:! ]|\\q?quad", " ", body.rsplit("=", 1)[-1]) if letters else ""
        pieces = [p.strip() for _, p in split_top_level(side, ",")] if side else []
        if len(pieces) == len(letters) and all(re.match(r"(?:\\left\s*)?[(\[]", p) for p in pieces):
            return list(zip(letters, pieces))
        return []
    rows = re.findall(r"\[[^\[\]]*\]", m.group(1))
    if any("," not in r for r in rows):
        return []  # `[[a], [b]]` is one column vector (sympy's Matrix([a, b])), not one value per part
    return list(zip(letters, rows)) if len(rows) == len(letters) else []


# "..., so it projects onto the line through $(1,1)$, and the rank is $1$.": another clause follows the conclusion
_NEXT_CLAUSE = re.compile(r"\s*[,;]\s*(?:and|so|then|while|whereas|but)\b", re.I)
_APPROXIMATELY = re.compile(r"\b(?:approx\w*|about|roughly|around|ungefähr|etwa|environ|aproximadamente|"
                            r"circa|numerically)\s*:?\s*$|[≈~]\s*$", re.I)
_APPROXIMATE_TAIL = re.compile(r"\s*[,;]?\s*(?:also|i\.\s*e\.|that\s+is|or|so|d\.\s*h\.)?\s*(?:approx\w*|about|roughly|"
                               r"around|ungefähr|etwa|environ|aproximadamente|circa|numerically|[≈~])", re.I)
_SHORT_PROSE = re.compile(r"(?<![\w\\])(?:is|at|are|of|we|it|so|an|to|be)(?!\w)")
_CONCLUSION = re.compile(r"\b(?:so|hence|thus|therefore|which\s+gives|giving)\b", re.I)
# (avec, où, si: a French student's "with", "where", "if"; wobei, mit; donde, con, si)
# "4a) $(\tanh(w_1x) e, …)$ with $e = …$": the result, then the name it uses defined after it
_WITH_AFTER = re.compile(r"\s*,?\s*(?:with|where|avec|où|wobei|mit|donde|con)\s+\$")
_CONDITION_BEFORE = re.compile(r"\b(?:with|where|when|whenever|if|for|given|assuming|provided|avec|où|si|lorsque"
                               r"|wobei|mit|falls|donde|con|cuando)\s*$", re.I)
# "3c) $-1$ since $u$ enters with a minus": the reason after a labelled result, not a sentence about it
_BECAUSE = re.compile(r"\s*(?:since|because|as|by|from|using|which|for\s+all|for\s+every)\b", re.I)


# "$\sigma'(x) = …$, by the chain rule on $(1+e^{-x})^{-1}$": what a result was found from, after it
_REASON_GAP = re.compile(r"\b(?:by|since|because|using|from|via|applying|according\s+to)\b", re.I)
_REMARK_OPENS = re.compile(r"\(\s*(?:[^\W\d_]+\s+){0,4}[^\W\d_]*:?\s*$")


_MATH_LIST = re.compile(r"(?:\$[^$]+\$\s*(?:,|;|and)?\s*)+\.?")


def _last_colon(text: str) -> int | None:
    """The position of the last `:` outside `$...$`, or None."""
    depth, last = False, None
    for i, c in enumerate(text):
        if c == "$":
            depth = not depth
        elif c == ":" and not depth:
            last = i
    return last


def inline_answers(sentence: str, labelled: bool) -> list[str]:
    """Inline math in a sentence that can be an answer: equations (`$V e_1 = ...$`); math without `=` right after
    a label (`2a) $w$`, `**3f** $0$ — the terms cancel`), in a labelled line of few words, or after "is", "get",
    "are ...: ... and ...". In a set-up sentence ("Let $z_i = ...$ and $S = ...$") what is set up is not."""
    # "for 3, $(1, 1)$": the condition is given in words, so the math after it is the result, not a set-up
    setup = _SETUP.match(sentence) is not None and _SAID_CONDITION.match(sentence) is None
    out: list[str] = []
    matches = _inline(sentence)
    outside = "".join(sentence[(matches[k - 1][1] if k else 0):start] + " " for k, (start, _, _) in enumerate(matches))
    outside += sentence[matches[-1][1]:] if matches else sentence
    words_outside = len(re.findall(r"[A-Za-z]{2,}", outside))
    taken = False
    in_remark = False
    kept: list[int] = []
    for k, (m_start, m_end, m_body) in enumerate(matches):
        body = m_body.strip()
        before = sentence[matches[k - 1][1] if k else 0:m_start]
        after = sentence[m_end:m_end + 3]
        if k > 0 and _WHICH_IS.match(before) and "=" in matches[k - 1][2] and "=" not in body \
                and not sentence[m_end:].strip(" .,;"):
            # "$a = b = c$ which is $d$": the chain goes on to d (even where its start was set-up: "We have ...")
            if taken and out:
                out.pop()
            out.append(f"{matches[k - 1][2].strip()} = {body}")
            taken = True
            continue
        continues = k > 0 and _CONTINUES.match(before) is not None
        if k > 0 and out and before.count("(") > before.count(")") and _REMARK_OPENS.search(before):
            in_remark = True  # "$... = W^\top V^\top V W$ (constant in $u$)": a remark in brackets after a result
        # ... to the bracket's end: "(Kontrolle: $1+3 = 4$ und $1\cdot 3 = 3$)" checks the result, it gives none
        if in_remark and sentence[:m_start].count("(") > sentence[:m_start].count(")"):
            continue
        in_remark = False
        if k > 0 and taken and _CONDITION_BEFORE.search(before):
            continue  # "... = y_i(1 - y_j) with $j = i$": the condition the result holds under, not a result
        if k > 0 and out and _APPROXIMATELY.search(before):
            continue  # "$(-\sqrt6/4, -\sqrt2/4)$, about $(-0.612, -0.354)$": the exact result, then an illustration
        if not body or (setup and (k == 0 or (continues and not taken)) and not _RESULT_VERB.search(before)):
            # "For $x = e_1/\\sqrt2$ I get $(1,2)$" and "For $i = j$: $... = y_i(1 - y_i)$" still give one.
            taken = False
            continue
        if "=" in body:
            taken = True
        elif labelled and k == 0 and not before.strip() and (not after.strip() or after.strip()[0] in "—–-,;.(:"
                                                             or _BECAUSE.match(sentence, m_end)
                                                             or _WITH_AFTER.match(sentence, m_end)):
            taken = True
        elif (labelled and words_outside <= 3 and not _SUBJECT.match(sentence[m_end:])) \
                or (_GIVES.search(before) and (not continues or taken)):
            taken = True
        elif labelled and _NAMED_VECTOR.search(before) and re.match(r"\s*(?:\\left)?\s*[(\[]|\s*\\begin", body):
            taken = True  # "It projects onto the line through $(1/√2, 1/√2)$, i.e. $y = x$"
        elif k > 0 and _CONCLUSION.search(before) and (not sentence[m_end:].strip(" .;,)")
                                                       or _NEXT_CLAUSE.match(sentence, m_end)):
            # "$Pe_1 = (1/2, 1/2)$ ..., so everything lands on the line through $(1, -1)$.": the conclusion the
            # working led to is an answer too, beside the working (the locator weighs them, or asks)
            taken = True
        else:
            taken = False
        if taken:
            out.append(body)
            kept.append(m_start)
    if matches and labelled and not taken:
        # "(b) It projects onto the line spanned by $(1, 1)$.": a labelled sentence ends with its result
        last_start, last_end, last_body = matches[-1]
        gap = sentence[matches[-2][1] if len(matches) > 1 else 0:last_start]
        # "$\det J = r^2\sin\theta$ (the usual volume element $r^2\sin\theta\,dr\,d\theta\,d\phi$)": a remark
        # in brackets after the result is not it
        aside = len(matches) > 1 and out and (gap.count("(") > gap.count(")") or _REASON_GAP.search(gap) is not None)
        if last_body.strip() and not sentence[last_end:].strip(" .;,)") and not (setup and len(matches) == 1) \
                and not aside:
            out.append(last_body.strip())
    if not matches:
        out.extend(bare_answers(sentence, labelled))
    elif "=" in outside:
        # "... $\\lambda^2 - 50\\lambda + 225$, so λ = 45 and λ = 5", "rank $P$ = 2": results written without `$`;
        # but "Row 2 = 2 × row 1, so $\\operatorname{rank} C = 1$": what comes before a concluding word that leads
        # to a result in `$` is the reason for it
        concluded = [c.end() for c in _CONCLUSION.finditer(sentence) if any(t > c.end() for t in kept)]
        if concluded:
            pos, pieces = concluded[-1], []
            for m_start, m_end, _ in matches:
                if m_end > pos:
                    pieces.append(sentence[pos:max(pos, m_start)])
                    pos = m_end
            outside = " ".join(pieces + [sentence[pos:]])
        out.extend(bare_answers(outside, labelled) if "=" in outside else [])
    elif not setup and not (out and _APPROXIMATE_TAIL.match(sentence, matches[-1][1])):
        # "$\\lambda^2 - 50\\lambda + 225 = 0$ gives eigenvalues 45 and 5." (but not "$…$, also ungefähr (−0,612;
        # −0,354)": an illustration of the result just given)
        out.extend(bare_answers(sentence[matches[-1][1]:], labelled))
    return out


# "(this is **5(a)**):", "(part 2b):" at the end of a sentence: it names the part of what comes below
_NAMED_BELOW = re.compile(r"\((?:this is|that is|i\.e\.|=)?\s*(?:part\s+)?(?P<label>(?:\*\*)?\d{1,2}\s*\(?[a-h]\)?"
                          r"(?:\*\*)?)\)\s*:\s*$", re.I)
# "The singular values asked in part (c) are ...": a part named inside a sentence (not as its label)
_NAMES_NEXT = re.compile(r"\bpart\s+\(?(?P<sub>[a-h])\)?(?![A-Za-z0-9])")
# "... which we will use in part (c)": a part named as where a result is used later, not the one answered
_USED_LATER = re.compile(r"\b(?:use|used|uses|using|need|needed|needs|later|again|see|below|next)\b[^.]*$", re.I)


# A plain-text line that is one value and nothing else ("3", "r", "-1/4", "pi/3"): a reply's answer under the
# question it quotes. A word ("ok", "skipped") is not one.
_LONE_VALUE = re.compile(r"^\s*[-−]?(?:\d+(?:[.,/]\d+)?|[A-Za-z]|(?:\d+|[A-Za-z]|pi|π)(?:\s*[/*^]\s*(?:\d+|[A-Za-z]|pi|π))+)"
                         r"\s*\.?\s*$")
_MATHY = re.compile(r"[=^_\[\]()/*²³⁻¹ᵀ√·−∂∇Σ]|\\[a-z]+|\w\s[-+]\s\w(?![^\W\d_]{2})")  # typed Unicode math ("r² sin θ") too; "p1 - 1"
_LONG_WORD = re.compile(r"[^\W\d_\u0370-\u03ff]{4,}")  # (any alphabet but Greek: "проєкція" is prose, "sinθcosφ" math)
_PLAIN_NUMBER = re.compile(r"^\s*[-−]?\d+(?:\.\d+)?(?:/\d+)?\s*$")
_ANSWER_MARKER = re.compile(r"^\s*(?:\*\*)?(?:(?:(?:final\s+|my\s+)?(?:answer|ans|result)|final)\s*(?:\*\*)?\s*[:=]|ans\.)"
                            r"\s*(?:\*\*)?\s*", re.I)
_LEADING_ARROW = re.compile(r"^\s*(?:=>|->|→|⇒|⟹|:=|\\Rightarrow|\\implies|(?:is|equals)(?=\s+(?:[-−(\[\d$√]|[A-Za-zα-ω](?![A-Za-z]))))\s*")  # "2(a) is [[...]]"
# "normal (0, 0, 1)", "mirror direction [1, 1]": a few words naming the bracketed formula after them
_NAMED = re.compile(r"^\s*(?P<words>(?:[A-Za-z]{2,}\s+){0,3}[A-Za-z]{4,})\s+(?P<math>[(\[][^()\[\]]*"
                    r"(?:[(\[][^()\[\]]*[)\]][^()\[\]]*)*[)\]])\s*[.,;]?\s*$")
_SAID = re.compile(r"^\s*(?P<words>[^:=\[\]()]{1,60}?[A-Za-z][^:=\[\]]*?):\s+(?P<math>\S.*)$")


# Words that are notation in typed math: `df/dtheta`, `grad_v L`, `hessian =`, `grad_u`
_NOTATION = re.compile(r"\b(?:d\w*/d\w+|grad_?\w*|hessian|gradient|jacobian|\w+_\w+)\b", re.I)
# `3(b) \dots`, `(c) ...`, `(d) ??`: the student has not answered yet
_PLACEHOLDER = re.compile(r"\s*(?:\\[lcv]?dots|\.{2,}|…|\?+|[-–—_]+|\\ldots|tbd|todo)\s*[.:]?\s*", re.I)


# a tick, or a remark in brackets with two words or more, after the formula on a line (and nothing after them)
# (searched only in a line's last characters, and with possessive runs of spaces: a pattern that ends in "spaces,
# maybe something, spaces, end" tried every split of a long run of spaces, cubic in its length)
_AFTER_MATH = re.compile(r"\s++(?:[✓✔☑]\ufe0f?\s*+)?(?:\((?P<remark>[^()=]{1,80})\))?\s*+$"
                         r"|\s++(?:hence\s+proved|Q\.?\s*E\.?\s*D\.?|[∎□■])\s*+$", re.I)
_AFTER_MATH_REACH = 120


def _worded_remark(m: re.Match[str]) -> bool:
    """Whether what `_AFTER_MATH` found is a tick, an end-of-proof word, or a remark in words (two words of three
    letters or more that are not mathematics: "(e^-c cancels top & bottom)", not "(cos^3 θ - 2 cos θ sin^2 θ)")."""
    remark = m.group("remark")
    if remark is None:
        return bool(m.group().strip())
    return len(_LONG_WORDS3.findall(_MATH_WORDS.sub(" ", remark))) >= 2


_LONG_WORDS3 = re.compile(r"[A-Za-z]{3,}")
# the words of a line, not a subscript or a power (the i of `z_i`, `(z)_i`, `e^{z_i}` is an index, not "I")
_WORDS_OF = re.compile(r"(?<![_^{\\A-Za-z])[A-Za-z]+")


def _looks_like_math(line: str) -> bool:
    """A plain-text line that is a formula rather than a sentence: operators, few long words."""
    return bool(_MATHY.search(line)) and len(_LONG_WORD.findall(_MATH_WORDS.sub("", line))) <= 1


def _tagged_rows(body: str, label: Label) -> list[tuple[Label, str]]:
    """The rows of a display that each carry a part as their \tag ((label, row) each), or [] when any row has
    none or a tag is not a part's."""
    out: list[tuple[Label, str]] = []
    for row in re.split(r"\\\\(?![^{}]*\})", body):
        if not row.strip():
            continue
        tag = _TAG.search(row)
        if tag is None:
            return []
        found, _ = read_marker(f"({tag.group(1).strip('()')})")
        if found is None or found.sub is None:
            return []
        own = Label(found.problem or label.problem, found.sub)
        out.append((own, (row[:tag.start()] + row[tag.end():]).strip()))
    return out


def split_blocks(text: str, plain: bool = False) -> list[Block]:
    """The document as blocks in reading order, each with its 1-based line range and the label in force.

    `plain` (for .txt files) reads a line that looks like a formula as math, since plain text has no `$`.
    """
    lines = _Lines(text)
    blocks: list[Block] = []
    label = Label()
    pos = 0
    events = _item_events(text)
    next_event = 0

    def update(found: Label | None) -> None:
        nonlocal label
        if found is None:
            return
        label = Label(found.problem, found.sub) if found.problem is not None else Label(label.problem, found.sub)

    def advance(offset: int) -> None:
        nonlocal next_event
        while next_event < len(events) and events[next_event][0] <= offset:
            update(events[next_event][1])
            next_event += 1

    def prose(segment: str, offset: int) -> None:
        for line_offset, sentence in _sentences(segment):
            advance(offset + line_offset + len(sentence))
            sentence = labels_first(_ENUM.sub(" ", sentence))
            at = offset + line_offset
            ahead = _NAMES_NEXT.search(sentence)
            if ahead is not None and label.sub is not None and len(label.sub) == 1 \
                    and ord(ahead.group("sub")) == ord(label.sub) + 1 and read_marker(sentence)[0] is None \
                    and not _USED_LATER.search(sentence[:ahead.start()]):
                # "The singular values asked in part (c) are ...": a sentence that names the next part is its answer
                update(Label(None, ahead.group("sub")))
            below = _NAMED_BELOW.search(sentence)
            for piece in split_labelled(sentence):
                found, rest = read_marker(piece)
                update(found)
                if found is not None:
                    rest = _LEADING_ARROW.sub(" ", rest, count=1)  # "1a => J = ...": the arrow points at the answer
                tail = len(rest) - min(len(rest), _AFTER_MATH_REACH)
                if "$" not in rest and "=" in rest and (remark := _AFTER_MATH.search(rest, tail)) is not None \
                        and _worded_remark(remark) and _looks_like_math(rest[:remark.start()]):
                    # "= e^(z_i) / Σ_j e^(z_j)   ✔️  (e^-c cancels top & bottom)": the student's tick and a remark in
                    # words after a formula typed without `$` leave the formula a formula
                    rest = rest[:remark.start()]
                marked = _ANSWER_MARKER.match(rest)
                if marked is not None and rest[marked.end():].strip():
                    # "ans: [25 20; 20 25]", "Final answer: ...": the student's own mark of the result
                    rest = rest[marked.end():]
                    if (plain or "$" not in rest) and "\n" not in rest.strip() and "\\boxed" not in rest \
                            and "=" not in rest and (_looks_like_math(rest) or _PLAIN_NUMBER.match(rest)):
                        rest = f"\\boxed{{{rest.strip()}}}"
                    elif (only := _ONE_INLINE.match(rest)) is not None and "\\boxed" not in rest:
                        rest = f"$\\boxed{{{only.group(1).strip()}}}$"  # "**Answer:** $0.25$": marked like a box
                first, last = lines.line(at), lines.line(at + len(sentence) - 1)
                if found is not None and found.sub is not None and not rest.strip():
                    blocks.append(Block("label", "", first, last, label))
                short = (found is not None and len(rest.split()) <= 2 and not _LONG_WORD.search(rest)) \
                    or _LONE_VALUE.match(rest) is not None
                # A formula typed without `$` on a line of its own (a Word or Google Docs export) is math too.
                bare = not plain and ("=" in rest or rest.startswith("\\boxed{")) and "$" not in rest \
                    and "\\(" not in rest and "\n" not in rest.strip() and _looks_like_math(rest) \
                    and not any(_PROSE_WORD.match(w) for w in _WORDS_OF.findall(rest.lower()))
                # ... and so is one after a part's label (`4a) (tanh(w1 x), tanh(w2 x))`), when no word in it is prose;
                # a heading's (`### Q1a  σ'(x)`) restates the question
                bare = bare or (not plain and found is not None and found.sub is not None and "$" not in rest
                                and not sentence.lstrip().startswith("#") and not _PLACEHOLDER.fullmatch(rest)
                                and not rest.rstrip().endswith(":")  # "**(a)** σ'(x):" introduces what follows
                                # "(d) Σ, (e) V": a part named by the matrix it asks for, not answered by it
                                and not re.fullmatch(r"\s*[A-ZΣΛΓΔΘΠΦΨΩ]\s*[,;.]?\s*", rest)
                                and "\\(" not in rest and "\n" not in rest.strip()
                                and (_looks_like_math(rest) or _LONE_VALUE.match(rest) is not None)  # "3a) w"
                                and not re.search(r"[A-Za-z]{3,}", _MATH_WORDS.sub("", _NOTATION.sub(" ", rest)))
                                # "∂y/∂θ at r = 2, θ = π/3 is 1.": short words make it a sentence all the same
                                and not _SHORT_PROSE.search(rest))
                # "P is projection (P² = P)": a sentence with a formula in it, not a formula
                worded = plain and not bare and _LONG_WORD.search(_MATH_WORDS.sub("", rest)) is not None \
                    and any(_PROSE_WORD.match(w) for w in _WORDS_OF.findall(rest.lower())) \
                    and not re.search(r"=\s*[^=]*$", rest.split("(")[0])
                if rest.strip() and (plain or bare) and not worded and "\n" not in rest.strip() \
                        and (_looks_like_math(rest) or short):
                    said = _SAID.match(rest) or _NAMED.match(rest)
                    if said is not None and _LONG_WORD.search(said.group("words")) \
                            and not _MATH_WORDS.search(said.group("words")):
                        # "eigenvector for 3: (1, 1)": the words say what the formula after the colon is
                        blocks.append(Block("prose", said.group("words").strip(), first, last, label))
                        rest = said.group("math")
                    letters = expand_range(label.sub) if several(label.sub) else []
                    pieces = [p for _, p in split_top_level(rest, ",;")] if letters else []
                    if letters and len(pieces) == len(letters):
                        # "5b-e) (1,-2), (1,2), (-1,2), (-1,-2)": one value per part of the run
                        blocks.extend(Block("math", p.strip(), first, last, Label(label.problem, letter))
                                      for letter, p in zip(letters, pieces))
                    else:
                        blocks.append(Block("math", rest.strip(), first, last, label))
                elif rest.strip():
                    # a part's label alone on the line above ("### 3(a)", "**(b)**") labels this first sentence
                    under_label = bool(blocks) and blocks[-1].kind == "label" and blocks[-1].label == label
                    blocks.append(Block("prose", rest.strip(), first, last, label))
                    # "Answer: it is a reflection, direction $(1, 1)$": the student's mark works as a label does
                    answers = inline_answers(rest, found is not None or under_label or marked is not None)
                    letters = expand_range(label.sub) if several(label.sub) else []
                    if letters and _MATH_LIST.fullmatch(rest.strip()):
                        # "$(1,-2)$, $(1,2)$, $(-1,2)$, $(-1,-2)$." under "5b–5e": one value per part, in order
                        answers = [m.group(1).strip() for m in re.finditer(r"\$([^$]+)\$", rest)]
                    elif letters and rest.rstrip().endswith(":"):
                        answers = []  # "5b–5e, images of $e_1/\sqrt2$, ...:": the inputs, the values come below
                    elif letters and len(answers) != len(letters) and (colon := _last_colon(rest)) is not None:
                        # "5b–5e, images of $e_1/\sqrt2$, ...: $(1,-2)$, $(1,2)$, ...": the values after the colon
                        after = inline_answers(rest[colon + 1:], True)
                        answers = after if len(after) == len(letters) else answers
                    for k, body in enumerate(answers):
                        # "(b)--(e) The images are $(1,-2)$, $(1,2)$, ...": one answer per part of the run
                        own = Label(label.problem, letters[k]) if len(letters) == len(answers) else label
                        blocks.append(Block("inline", body, first, first, own))
            if below is not None:
                # "I first worked out ΣVᵀ (this is **5(a)**):": the part the display below answers
                update(read_label(below.group("label").replace("*", ""))[0])

    for start, end, body in _displays(text):
        prose(text[pos:start], pos)
        advance(start)
        found, rest = read_marker(body)
        update(found)
        tagged_rows = _tagged_rows(rest, label) if rest.count("\\tag") > 1 else []
        if tagged_rows:
            # an align whose rows carry their parts as \tag{3a}, \tag{3b}: one answer per row
            first, last = lines.line(start), lines.line(end - 1)
            blocks.extend(Block("math", row, first, last, own) for own, row in tagged_rows)
            if tagged_rows[-1][0].problem is not None:
                update(Label(tagged_rows[-1][0].problem, tagged_rows[-1][0].sub))
            pos = end
            continue
        tag = _TAG.search(rest)
        if tag is not None:
            # $$ ... \tag{b} $$: the student numbered the equation with the part it answers
            tagged, _ = read_marker(f"({tag.group(1).strip('()')})")
            if tagged is not None and tagged.sub is not None:
                update(tagged)  # \tag{1} is an equation number, not a problem
            rest = rest[:tag.start()] + rest[tag.end():]
        first, last = lines.line(start), lines.line(end - 1)
        # (only the first display under the run: "(c), (d)" over the singular values and then Σ gave (c) its
        # value already, and Σ's rows are not (c) and (d))
        rows = _stacked_rows(rest, label) if not any(b.kind == "math" and b.label == label for b in blocks) else []
        if rows:
            # "(b)–(e)" over one printed array of four rows: one row per part of the run
            blocks.extend(Block("math", row, first, last, Label(label.problem, letter)) for letter, row in rows)
        else:
            blocks.append(Block("math", rest.strip(), first, last, label))
        pos = end
    prose(text[pos:], pos)
    return blocks

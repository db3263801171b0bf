"""One grammar for the ways students name a problem or a part, used by every document format.

`2a)`, `2a:`, `2a.`, `**2a**`, `(2a)`, `2(a)`, `2.a`, `Q2a`, `Q4a:`, `Problem 2`, `Question 4 (b)`, `(a)`, `a)`,
`Part (c)`, `## 3`, `\\section*{Problem 5}`, circled numbers: each gives a problem number, a part letter, or both.
A line may hold several parts (`(b) $(1,-2)$ (c) $(1,2)$`, `2a) ...; 2b) ...`): `split_labelled` cuts it at each
label that stands outside math.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from mathgrade.parse.vocabulary import EASTERN_DIGITS
from mathgrade.languages import alternation, part_letters, phrases

CIRCLED = {chr(0x2460 + k): str(k + 1) for k in range(20)}
_CIRCLED_RE = "[" + "".join(CIRCLED) + "]"


@dataclass(frozen=True)
class Label:
    """Where a student said they are: problem number and sub-part letter, either possibly unknown."""

    problem: str | None = None
    sub: str | None = None


# Decoration around a label: Markdown emphasis and headings, LaTeX bold, list bullets.
_OPEN = (r"^\s*(?:[-*+•◦▪‣]\s+)?(?:#{1,6}\s*)?(?:\\(?:underline|emph|textit|textsc)\{)?(?:\\textbf\{|\*\*|__|`|\*(?=[A-Za-z]{3}))?\s*"
         r"(?:(?:Answer|Ans|Solution|Sol)\.?\s*(?:to|for|of)?\s*:?\s*)?"
         r"(?:(?:Lösung\s+)?(?:zu|zur)\s+(?=Aufgabe|Teilaufgabe|Blatt|Frage|Problem)|Ad\s+(?=\d))?"  # "Zu Aufgabe 5", "Ad 2."
         r"(?:#(?=\d))?")  # "**#4c:**", "#3 part b": a number sign before the number, as US textbooks write
# `1c: .25`: a full stop followed by a digit is the answer's decimal point, not the label's
# `4a`: in inline code too; "3b - 3", "4c – 1": a dash between spaces after the label separates, it is no minus
_CLOSE = r"\s*(?:\}|\*\*|__|`|\*(?=\s|$))?\s*(?:[:)]|\.(?!\d)|\\\))?\s*(?:\}|\*\*|__)?\}?(?:\s*[-–—]\s+)?"
# OCR of handwriting misreads letters ("Problern", "Prob1em", "Exerclse"): still the word
_WORD = (r"(?:Problem|Probl[ec](?:rn|m)|Prob1em|Questi?[o0]n|Exerc[il1]se|Question|Exercise|Task|Prob\.?|Ex\.?|"
         r"P(?=\d{1,2}[.):])|A(?=\d{1,2}(?:[.):]|\*\*|__|\s*$))|Q\.?\s*No\.?|Qn\.?|Q\.?|No\.|Nr\.|№|Nº"
         rf"|{alternation(phrases('problem'), open_end=True)})")
# the word before a part's letter: "Part (b)", "Teil b)", "punto a)", "apartado b)", "ερώτημα β)", "câu a)"
_PART_WORD = rf"(?:Part|{alternation(phrases('part'), open_end=True)})"
# "Pour la composition (exercice 5), …", "the same as in problem 3": a problem named in passing (a word of three
# letters or more, so that "Q2" in a formula or a spreadsheet's "A1" is not one)
MENTIONED_PROBLEM = re.compile(rf"(?<![^\W\d_])(?i:(?=[^\W\d_]{{3}}){_WORD})\s*(?P<num>\d{{1,2}})(?![\d.,]\d)")
# the word after a problem's number, where a language puts it there: "1. feladat", "3. Soru", "2번"
_AFTER_WORD = alternation(phrases("problem_after"), open_end=True)
_END = r"(?=\s|$|[:.)*_}$\\,;])"

_RANGE = (r"\(?(?P<sub>[a-h])\)?(?:\*\*|__)?\s*(?:--|–|—|-|to|through|thru|bis|à)\s*(?:\*\*|__)?"
          r"\(?(?P<last>[a-h])(?:\)|\.(?=\s))")  # (b)--(e), **b)** bis **e)**, b) à e), b-e.
# "3a and 3b", "(d), (e)", "(d) & (e)": two parts answered together, in order (bare letters "a and b" are prose)
_JOINED = r"\s*(?:,|&|\band\b|\+)\s*"
_PAIR_NUMBERED = (rf"(?P<num>\d{{1,2}})\s*\.?\s*\(?(?P<sub>[a-h])\)?{_JOINED}"
                  rf"(?:\d{{1,2}}\s*\.?\s*)?\(?(?P<last>[a-h])\)?"
                  r"(?=\s|$|[:.)*_])")
_PAIR_BRACKETED = rf"\((?P<sub>[a-h])\)(?:\*\*|__)?{_JOINED}(?:\*\*|__)?\((?P<last>[a-h])\)"  # **(d)** and **(e)**


_MARKERS: list[tuple[re.Pattern[str], str]] = [
    # (b)--(e), b)-e): one label for a run of parts, answered in order
    (re.compile(rf"{_OPEN}(?:(?P<num>\d{{1,2}})\s*)?{_RANGE}{_CLOSE}"), "psr"),
    (re.compile(rf"{_OPEN}(?:(?i:{_WORD})\s*)?{_PAIR_NUMBERED}{_CLOSE}"), "psj"),
    # 5b–5e, 2(b)-2(d): a run with the problem's number written at both ends
    (re.compile(rf"{_OPEN}(?P<num>\d{{1,2}})\s*\(?(?P<sub>[a-h])\)?\s*(?:--|–|—|-|to)\s*"
                rf"(?P=num)\s*\(?(?P<last>[a-h])\)?"
                rf"(?=\s|$|[:.)*_,]){_CLOSE}"), "psr"),
    (re.compile(rf"{_OPEN}{_PAIR_BRACKETED}{_CLOSE}"), "sj"),
    (re.compile(rf"{_OPEN}(?P<num>{_CIRCLED_RE})"), "p"),
    (re.compile(r"^\s*\\textcircled\{\s*(?P<num>\d{1,2})\s*\}"), "p"),
    (re.compile(r"^\s*\\(?:(?:sub)*section|(?:sub)?paragraph)\*?\{\s*(?:" + _WORD + r"\s*)?(?P<num>\d{1,2})(?P<sub>[a-h])?\b[^{}]*\}?",
                re.I), "ps"),
    (re.compile(r"^\s*\\(?:(?:sub)*section|(?:sub)?paragraph)\*?\{\s*\(?(?P<sub>[a-h])\)[^{}]*\}?"), "s"),
    # Problem 2, Question 4 (b), Q2a, Q4a:, **Problem 3.**, Problem 4, part b
    (re.compile(rf"{_OPEN}{_WORD}\s*(?P<num>\d{{1,2}})(?:(?:\s*\.?\s*(?:part\s+)?\(?(?P<sub>[a-h])\)?(?!\s*=)"
                rf"|\s*,\s*(?:part\s+\(?(?P<sub2>[a-h])\)?|\((?P<sub3>[a-h])\)|(?P<sub4>[a-h])\))){_END})?{_CLOSE}",
                re.I), "ps"),
    # 1)a), 2) b): the problem's bracket, then the part's
    (re.compile(rf"{_OPEN}(?P<num>\d{{1,2}})\)\s*\(?(?P<sub>[a-h])\){_CLOSE}"), "ps"),
    # P3(a), P2 b): a problem written P and its number, as on a phone
    (re.compile(rf"{_OPEN}P(?P<num>\d{{1,2}})\s*\.?\s*(?:\((?P<sub>[a-h])\)|(?P<sub2>[a-h])\)?)(?=[\s:.]|$){_CLOSE}"),
     "ps"),
    # (2a), 2(a), 2a), 2a:, 2a., **2a**, 2.a
    (re.compile(rf"{_OPEN}\((?P<num>\d{{1,2}})\s*(?P<sub>[a-h])\){_CLOSE}"), "ps"),
    (re.compile(rf"{_OPEN}(?P<num>\d{{1,2}})\s*\((?P<sub>[a-h])\){_CLOSE}"), "ps"),
    # 3 (ii), Q.2 (iv), 2(iii): a problem's number, then its part in roman numerals
    (re.compile(rf"{_OPEN}(?:(?i:{_WORD})\s*)?(?P<num>\d{{1,2}})\s*\((?P<roman>i|ii|iii|iv|v|vi|vii|viii)\){_CLOSE}"), "ps"),
    # [2b], 2 b), 1 a: (a space between the number and the letter, closed by a bracket or a colon)
    (re.compile(rf"{_OPEN}\[(?P<num>\d{{1,2}})\s*\.?\s*(?P<sub>[a-h])\]{_CLOSE}"), "ps"),
    (re.compile(rf"{_OPEN}(?P<num>\d{{1,2}})\s(?P<sub>[a-h])\\?[:.)](?=\s|$|\*\*|__|:){_CLOSE}"), "ps"),  # 5 f): too
    (re.compile(rf"{_OPEN}(?P<num>\d{{1,2}})\.?(?P<sub>[a-h])(?:\\?[:.)]|\*\*|__|\}}|`|\s*$|\s+(?=\S))"
                rf"{_CLOSE}"), "ps"),
    # 1. feladat, 3. Soru (b): the number, then the language's word for a problem
    # (3-есеп, 3-masala, 3-cü məsələ: a hyphen, or an ordinal ending, between them)
    (re.compile(rf"{_OPEN}(?P<num>\d{{1,2}})(?:\s*\.|-(?:[^\W\d_]{{1,4}}\s+)?)?\s*{_AFTER_WORD}(?:\s*\(?(?P<sub>[a-h])\))?"
                rf"{_CLOSE}", re.I), "ps"),
    # (3), 3., 3), ## 3
    (re.compile(rf"{_OPEN}\((?P<num>\d{{1,2}})\){_CLOSE}"), "p"),
    (re.compile(rf"{_OPEN}(?P<num>\d{{1,2}})\\?[.)](?=\s|$|\*\*){_CLOSE}"), "p"),
    (re.compile(r"^\s*#{1,6}\s*(?P<num>\d{1,2})\b[.:)]?"), "p"),
    # "**#1**", "## #2": a number sign before a bold or heading number (a bare bold "**1**" may be an answer)
    (re.compile(rf"^\s*(?:#{{1,6}}\s*)?(?:\*\*|__)?\s*#(?P<num>\d{{1,2}})(?![\w.]){_CLOSE}"), "p"),
    # A heading that names a run of parts or one part anywhere: "### 6a–6d", "### Work for 1b", "## Solution to 2(c)".
    (re.compile(r"^\s*#{1,6}[^\n]*?\b(?P<num>\d{1,2})\(?(?P<sub>[a-h])\)?\s*(?:--|–|—|-|to)\s*(?:\d{1,2})?"
                r"\(?(?P<last>[a-h])\)?(?![A-Za-z0-9])[^\n]*$"), "psr"),
    (re.compile(r"^\s*#{1,6}[^\n]*?\b(?P<num>\d{1,2})(?:\.?(?P<sub>[a-h])|\s*\(\s*(?P<sub2>[a-h])\s*\))"
                r"(?![A-Za-z0-9])[^\n]*$"), "ps"),
    # A heading that names its problem anywhere: "## Images of the corners (problem 5)".
    (re.compile(rf"^\s*#{{1,6}}[^\n]*?\b{_WORD}\s*(?P<num>\d{{1,2}})\b[^\n]*$", re.I), "p"),
    # "Part (b) of 1:", "part c of problem 2", "(a) of Q3": the part, then the problem it belongs to
    (re.compile(rf"{_OPEN}(?:(?i:part)\s*\(?(?P<sub>[a-h])\)?|\((?P<sub2>[a-h])\))\s+(?i:of)\s+(?:(?i:{_WORD})\s*)?"
                rf"(?P<num>\d{{1,2}}){_END}{_CLOSE}"), "ps"),
    # (a), a), Part (c), ### (b), **(a)**
    (re.compile(rf"{_OPEN}(?:{_PART_WORD}\s*)?\((?P<sub>[a-h])\){_CLOSE}", re.I), "s"),
    (re.compile(rf"{_OPEN}(?:{_PART_WORD}\s*)?(?P<sub>[a-h])\\?\)(?=\s|$|\*\*|\}}){_CLOSE}", re.I), "s"),
    # Part b, **Part b:**, PART B (a capital part letter after the word is still the part)
    (re.compile(rf"{_OPEN}(?i:part)\s+(?P<sub>[a-hA-H])(?![A-Za-z0-9])[:.)]?{_CLOSE}"), "s"),
    # "a- cizalla", "b- factor 3": a letter and a dash glued to it, as typed in plain text (not "a - b = 3")
    (re.compile(r"^\s*(?P<sub>[a-h])-\s+(?=\S)"), "s"),
    # ("f.  $u_1 = …$" whose formula runs over several lines leaves "f." on its own: still the label)
    (re.compile(r"^\s*(?:[-*+•◦▪‣]\s+)?(?P<sub>[a-h])[.:](?:\s+(?=\S)|\s*$)"), "s"),
    (re.compile(r"^\s*#{1,6}\s*(?P<sub>[a-h])\s*$"), "s"),
    # "For **7(a)**:", "In 3b, the ...": a sentence that opens by naming its part with its problem
    (re.compile(r"^\s*(?:In|For)\s+(?:part\s+)?(?:\*\*)?(?P<num>\d{1,2})\s*\.?\s*\(?(?P<sub>[a-h])\)?(?:\*\*)?"
                r"(?!\s*(?:--|–|—|-|to|and|&))\s*[:,](?:\*\*)?\s*"), "ps"),
    # "In part (c) we need ...", "For (b), ...": a sentence that opens by naming its part
    (re.compile(r"^\s*(?:(?:In|For|Now\s+for|Finally,?\s+for|As\s+for)\s+(?:part\s+)?\((?P<sub>[a-h])\)"
                r"|(?:In|For)\s+part\s+(?P<sub2>[a-h])\b)(?!\s*(?:--|–|—|-|to|and|&|,\s*\(?[a-h]\)))\s*,?\s*(?=\S)"),
     "s"),
    # a →, **b →**, 2c => : a part's letter pointing at its answer
    (re.compile(rf"{_OPEN}(?:(?P<num>\d{{1,2}})\s*\.?\s*)?\(?(?P<sub>[a-h])\)?\s*(?:→|->|=>|⇒)\s*(?:\*\*|__)?"), "ps"),
    # i., ii), (iii), **iv.**: parts numbered in roman numerals are a, b, c, d
    (re.compile(rf"{_OPEN}\(?(?P<roman>i|ii|iii|iv|v|vi|vii|viii)\)?(?:[.)]|\*\*)(?=\s|$){_CLOSE}"), "s"),
]
_ROMAN = {"i": "a", "ii": "b", "iii": "c", "iv": "d", "v": "e", "vi": "f", "vii": "g", "viii": "h"}


_BETWEEN = re.compile(r"^\s*(?:--|–|—|-|,|/|·)?\s*")


def read_label(text: str) -> tuple[Label | None, str]:
    """A leading problem or part label, and the text after it (the label removed). A run of parts (`(b)--(e)`)
    comes back as sub `b-e`: `expand_range` gives its letters. A problem's label followed at once by a part's
    (`**Q1.** (a) ...`) is that part."""
    found, rest = _read_one(text)
    if found is not None and found.problem is not None and found.sub is None:
        # "Question 2 -- part b", "Problem 3, (c)", "Aufgabe 4 / b)": a separator between the two
        inner, after = _read_one(_BETWEEN.sub("", rest, count=1))
        if inner is not None and inner.problem is None and inner.sub is not None:
            return Label(found.problem, inner.sub), after
    return found, rest


# Part letters in Cyrillic (а б в г д е ж з, in that order: a-h), as Russian and Ukrainian sheets number parts; only
# where a label stands (before `)` or `.`), so that the preposition "в" of a sentence stays a word
_CYRILLIC_PART = re.compile(r"(?<![^\s(*_\d.\-–—])([абвгдеєжз])(?=\)|\.\s|\.$|\s*\)|(?<=\d[абвгдеєжз])(?:\s|$|[|;:,]))",
                            re.M)  # б)--д) too, and "2а" glued to its number: "| 2а |", "2а ; …", "2а відбиття"
# (Ukrainian sheets letter а б в г д е є ж: є is the seventh part; ж stays the Russian seventh, g)
_LATIN_OF = str.maketrans("абвгдеєжз", "abcdefggh")


# (not ＄: the readers write a code span's `$` so, that it pairs with no math)
_FULL_WIDTH = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F) if c != 0xFF04} | {0x3000: 0x20, 0x3002: 0x2E, 0x3001: 0x2C}
_WIDE = _FULL_WIDTH | EASTERN_DIGITS  # and Persian or Arabic-Indic digits in labels and angles


def half_width(text: str) -> str:
    """`（c）`, `：`, `，`, `。` as the ASCII a label and a list are written in: Chinese, Japanese and Korean input
    methods type them full-width; and digits of other scripts (`۳`, `٣`, `३`, `৩`, `๓`) as ASCII ones. One character for
    one character, so every position in the text stays."""
    return text.translate(_WIDE) if any(("\uff01" <= c <= "\uff5e" and c != "\uff04")
                                        or c in "\u3000\u3001\u3002" or ord(c) in EASTERN_DIGITS
                                        for c in text) else text


# 第6题, 第3問, 問3, 문제 3: a problem's number as Chinese, Japanese and Korean sheets write it
_CJK_PROBLEM = re.compile(r"第\s*(\d{1,2})\s*[题題問问]|[問问]\s*(\d{1,2})(?!\d)|문제\s*(\d{1,2})(?!\d)")


# "(1)", "(2)" at a line's start under a CJK problem number: Japanese and Chinese sheets number a problem's parts
_CJK_PART = re.compile(r"^(?P<lead>\s*(?:[-*+]\s+)?(?:\[[ xX]\]\s*)?(?:\*\*)?)\((?P<k>[1-8])\)", re.M)


def cjk_problems(text: str) -> str:
    """`text` with CJK problem numbers written `Q6.`, the label the reader knows (line breaks unchanged), and the
    parts numbered `(1)`, `(2)` under them written `(a)`, `(b)` (one character for one: positions stay)."""
    if not _CJK_PROBLEM.search(text):
        return text
    heading = _CJK_PROBLEM.search(text)
    head, tail = text[:heading.start()], text[heading.start():]  # parts are numbered so only under a problem
    tail = _CJK_PART.sub(lambda m: f"{m.group('lead')}({'abcdefgh'[int(m.group('k')) - 1]})", tail)
    return head + _CJK_PROBLEM.sub(lambda m: f"Q{m.group(1) or m.group(2) or m.group(3)}.", tail)


# Part letters in Persian and Arabic (alphabetical الف ب پ ت or abjad أ ب ج د هـ و order), Hebrew (א ב ג ד) and Greek (α β γ δ ε στ ζ η),
# only where
# a label stands: at a line's start (after list marks and a problem's number) or at a table cell's start, and
# followed by `)`, `.`, `:`, a dash, the cell's end or math. Elsewhere those letters are words or mathematics.
_FOREIGN_LETTERS = {"الف": "a", "أ": "a", "ب": "b", "پ": "c", "ج": "c", "ت": "d", "د": "d", "ث": "e", "ه": "e",
                    "هـ": "e", "و": "f", "ز": "g", "ح": "h",  # (the abjad order, as Arabic sheets letter parts)
                    "א": "a", "ב": "b", "ג": "c", "ד": "d", "ה": "e", "ו": "f", "ז": "g", "ח": "h",
                    "α": "a", "β": "b", "γ": "c", "δ": "d", "ε": "e", "στ": "f", "ζ": "g", "η": "h"}
# ... and every language file's part letters (Thai ก ข ค, Hindi क ख ग, Georgian ა ბ გ)
_FOREIGN_LETTERS |= {k: v for k, v in part_letters().items() if k not in _FOREIGN_LETTERS}
_FOREIGN_PART = re.compile(r"(?:^[ \t>*_#\-]*(?:\d{1,2}[ \t.)]*)?(?:(?:ερώτημα|Ερώτημα|ερωτημα|ΕΡΩΤΗΜΑ|بخش|قسمت|סעיף)[ \t]*)?\(?|\|[ \t]*(?:\d{1,2}[ \t]+)?\(?)"
                           r"(?P<letter>" + "|".join(map(re.escape, sorted(_FOREIGN_LETTERS, key=len, reverse=True)))
                           + r")(?=[ \t]*[).:\-–|]|[ \t]+\$|[ \t]*$)", re.M)
_FOREIGN_FIRST = frozenset(k[0] for k in _FOREIGN_LETTERS)


def latin_part_letters(text: str) -> str:
    """`text` with its Cyrillic part letters as the Latin ones (`б)` → `b)`), and Persian and Greek ones where a
    label stands (`الف)`, `ب)`, `(β)`, `στ)`), each written in as many characters as it had (`الف` → `  a`), so
    that every position in the text stays the same."""
    if _CYRILLIC_PART.search(text):
        text = _CYRILLIC_PART.sub(lambda m: m.group(1).translate(_LATIN_OF), text)
    if not _FOREIGN_FIRST.isdisjoint(text):
        text = _FOREIGN_PART.sub(lambda m: m.group(0)[:m.start("letter") - m.start()]
                                 + _FOREIGN_LETTERS[m.group("letter")].rjust(len(m.group("letter")))
                                 + m.group(0)[m.end("letter") - m.start():], text)
    if ".)" in text:
        text = _DOTTED_BRACKET.sub(r"\1) ", text)
    return text


# "1.)", "a.)", "2.) a.)": a label closed with both a full stop and a bracket, as Philippine and US sheets write it
# (read as "1)", "a)"; the full stop's place becomes a space, so that every position stays)
_DOTTED_BRACKET = re.compile(r"(?:(?<=^)|(?<=[\s(*_>|]))(\d{1,2}|[a-h]|i{1,3}|iv|vi{0,3})\.\)(?=\s|$)", re.M)


def _read_one(text: str) -> tuple[Label | None, str]:
    text = latin_part_letters(text[:24]) + text[24:]
    for pattern, what in _MARKERS:
        m = pattern.match(text)
        if m is None:
            continue
        groups = m.groupdict()
        num = groups.get("num")
        sub = groups.get("sub") or groups.get("sub2") or groups.get("sub3") or groups.get("sub4") \
            or _ROMAN.get(groups.get("roman") or "")
        if num is not None:
            num = CIRCLED.get(num, num)
        if "r" in what:
            sub = f"{sub}-{groups['last']}"
        elif "j" in what:  # "4.c and 4.g" is two parts, not the five from c to g
            last = groups["last"]
            sub = f"{sub}-{last}" if sub and ord(last.lower()) - ord(sub.lower()) == 1 else f"{sub},{last}"
        return Label(num if "p" in what else None, sub.lower() if sub and "s" in what else None), text[m.end():]
    return None, text


_CODE_COMMENT = re.compile(r"\S.*?\s#+\s*(?P<text>[^#\n]{1,30}?)\s*$")


def code_comment_label(line: str) -> Label | None:
    """The part a comment after a line of code names, and nothing else (`drop(V %*% e1)   # 4a`, `Vinv  # 4d`,
    `# 4e, 4f` after code); None for any other comment (`x = 3  # 4a later` names nothing)."""
    m = _CODE_COMMENT.match(line)
    found, rest = read_label(m.group("text")) if m else (None, "")
    # "# (b) direction it projects onto" describes the value; "# 4a later", "# see 4b" point elsewhere
    return found if found is not None and found.sub is not None and not _ELSEWHERE.search(rest) else None


_ELSEWHERE = re.compile(r"\b(?:later|todo|tbd|next|below|see|will|check|wrong|old|scratch|ignore|not)\b", re.I)


def label_marks(label: Label) -> list[str]:
    """Each part a label names, spelled as a line's own label (`4e)`, or `(e)` without a problem)."""
    return [f"{label.problem}{sub})" if label.problem else f"({sub})" for sub in expand_range(label.sub)]


def several(sub: str | None) -> bool:
    """Whether a label's part names more than one part (`b-e`, `c,g`)."""
    return bool(sub) and ("-" in sub or "," in sub)  # type: ignore[operator]


def expand_range(sub: str | None) -> list[str]:
    """The part letters a label names: `b-e` is b, c, d, e; `c,g` is c and g; a single letter is itself."""
    if sub is not None and "," in sub:
        return sub.split(",")
    if sub is None or "-" not in sub:
        return [sub] if sub else []
    first, last = sub.split("-", 1)
    return [chr(c) for c in range(ord(first), ord(last) + 1)] if first <= last else [first]


# A label in the middle of a line: after a space, `;` or `,`, outside math, followed by a space (or by a comma:
# "For (a), the full Jacobian:", but not "(d), (e)", a pair).
# A bold label with its word ("… a shear; **Exercise 3.b** its factor is -3") is as clear mid-line as at a start.
_INNER = re.compile(r"(?:(?<=\s)|(?<=;)|(?<=,)|(?<=\\quad)|(?<=\\qquad))"
                    rf"(?:\*\*(?i:{_WORD})\s*\d{{1,2}}\s*\.?\s*\(?[a-h]\)?[.:)]?\*\*|"
                    rf"\\(?:textbf|emph|textit|underline)\{{(?:(?i:{_WORD})\s*)?\d{{1,2}}\s*\.?\s*\(?[a-h]\)?[.:)]?\}}|"
                    r"\\(?:textbf|emph|textit|underline)\{\(?[a-h]\)[.:]?\}|"  # "… \textit{b)} …": a part's letter set off
                    r"\*\*\d{1,2}\s*\(?[a-h]\)?[.:)]?\*\*|P\d{1,2}\s*\([a-h]\)|\d{1,2}[a-h]\.(?=\s)|"
                    rf"(?i:part)\s*\(?[a-h]\)?\s+(?i:of)\s+(?:(?i:{_WORD})\s*)?\d{{1,2}}:|"  # "Part (a) of 1:"
                    r"Q\d{1,2}\.?[a-h](?=\s\s)|"  # "Q3.a  w^T   Q3.b  x_i": a terse list's labels, two spaces after
                    # "(i) $Ve_1 = …$ (ii) $Ve_2 = …$": parts numbered in roman numerals, as in (a), (b)
                    r"(?:\*\*)?(?:\([a-h]\)\s*(?:--|–|—)\s*\([a-h]\)|\((?:\d{1,2})?[a-h]\)|\((?:i{1,3}|iv|vi{0,3})\)|\d{1,2}[a-h]\)|\d{1,2}[a-h]:|\*\*\d{1,2}[a-h]\.\*\*|\d{1,2}\([a-h]\)|[a-h]\))"
                    r"(?:\*\*)?)(?=\s|$|,\s(?!\s*\(?[a-h]\)))"
                    # "(a)$Ve_1 = …$ (b)$Ve_2 = …$": a bracketed label glued to the math it labels
                    r"|(?<=\s)\((?:\d{1,2})?[a-h]\)(?=\$)"
                    # "5b (1, −2), 5c (1, 2), 5d (−1, 2)": a bare label after a comma, before the vector it labels
                    r"|(?<=,\s)\d{1,2}[a-h](?=\s+[(\[])")


# A bare `2b` in the middle of a line, set off by two or more spaces (or a tab) before it, as a terse list puts
# several parts on a line ("3a shear   3b 3   3c (4,1)"); one space is too weak a sign (`x 2b` is a product).
_INNER_SPACED = re.compile(r"(?:(?<=\S\s\s)|(?<=\t))\s*(?P<label>\d{1,2}[a-h])(?=\s+\S)")


# "my Σ Vᵀ from 5(a)", "as in (b)": a part named in a sentence, not a new part starting.
# "Differentiating (d) once more", "as in (a)": a part named in a sentence about it, not a label
_REFERENCE = re.compile(r"\b(?:from|in|of|see|by|using|with|to|than|as|like|part|problem|question|exercise|"
                        r"\w+ing|repeat|redo|apply|applying|use|reuse|(?:work|scratch|check)\s+(?:for|on))\s*$", re.I)


def _math_spans(line: str) -> list[tuple[int, int]]:
    spans = []
    for m in re.finditer(r"\$\$.+?\$\$|\$[^$]+\$|\\\(.+?\\\)|\\\[.+?\\\]", line):
        spans.append((m.start(), m.end()))
    return spans


def holds_parts(text: str) -> bool:
    """Whether `text` names two parts or more ("a) … b) …"): a numbered line holding them is numbered by its problem."""
    return len(split_labelled(text)) >= 2


def split_labelled(line: str) -> list[str]:
    """A line cut before each further part label that stands outside math (`(b) x (c) y` → two pieces)."""
    if len(line) > 5000:
        return [line]
    label, rest = read_label(line)
    head = len(line) - len(rest) if label is not None else 0
    spans = _math_spans(line)
    # `exp(z_j - c)` is not a label `c)`: a label never follows an operator or an open bracket.
    starts = [m.start() for m in _INNER.finditer(line)] + [m.start("label") for m in _INNER_SPACED.finditer(line)]
    cuts = sorted({c for c in starts
                   if c >= head and not any(a <= c < b for a, b in spans)
                   and line[:c].rstrip()[-1:] not in tuple("-+*/=^_({[<>−")
                   and not _REFERENCE.search(line[:c])
                   # "the two proofs (1b and 2b) are on paper": a label inside brackets is named, not started
                   and line[head:c].count("(") <= line[head:c].count(")")})
    if not cuts:
        return [line]
    pieces, start = [], 0
    for c in cuts:
        pieces.append(line[start:c])
        start = c
    pieces.append(line[start:])
    return [p for p in pieces if p.strip()]


# "$S$ is a shear (3a). $Su = (4, 1)$ (3c).": a part's full label written after its answer, in brackets
_TRAILING_MARK = re.compile(r"\s\((?:\*\*|__)?(?P<num>\d{1,2})\s*\.?\s*(?P<sub>[a-h])(?:\*\*|__)?\)(?=[\s.,;:]|$)")
_NAMED_THING = re.compile(r"\b(?:result|answer|equation|eq\.?|formula|value|step|work|see|cf\.?)\s*$", re.I)


def labels_first(sentence: str) -> str:
    """A sentence whose parts are labelled after their answers ("it is a reflection (2a) across $y = x$, whose
    direction vector is $(1, 1)$ (2b)") with each label moved before its answer, as the rest of the reader
    expects; a sentence that opens with a label, or names a part as a reference ("from (2a)"), is left alone."""
    if len(sentence) > 2000 or "(" not in sentence:
        return sentence
    opening, rest = read_label(sentence)
    if opening is not None:
        if opening.sub is not None or opening.problem is None:
            return sentence
        # "Problem 2. $F$ swaps x and y, so it is a reflection (2a) ...": the problem's label stays in front
        head = len(sentence) - len(rest)
        return sentence[:head] + labels_first(rest)
    spans = _math_spans(sentence)
    marks = [m for m in _TRAILING_MARK.finditer(sentence)
             if not any(a <= m.start() < b for a, b in spans)
             and not _REFERENCE.search(sentence[:m.start()]) and not _NAMED_THING.search(sentence[:m.start()])]
    if not marks:
        return sentence
    pieces, start = [], 0
    for m in marks:
        before = sentence[start:m.start()].strip(" ,;")
        if not before:
            return sentence  # "(2a) (2b)": labels side by side are not after an answer
        pieces.append(f"({m.group('num')}{m.group('sub')}) {before}")
        start = m.end()
    return " ".join(pieces) + sentence[start:]

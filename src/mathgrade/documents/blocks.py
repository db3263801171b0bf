"""Split a free-form document into display-math blocks, prose sentences and the markers students use.

Works on Markdown, LaTeX and plain text alike: display math is `$$...$$`, `\\[...\\]` or an equation/align
environment; everything else is prose, where `$...$` is inline math. Unbalanced delimiters never raise: what cannot
be paired is prose.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

# Where display math may open; each opening is paired with the first closing after it by `_displays`, which is
# what `\$\$(.+?)\$\$|\\\[(.+?)\\\]|...` would find, but in linear time: that pattern rescans the rest of the
# text from every unclosed `\[` (60 KB of `\[a` took seconds, 2 MB would take hours).
_OPEN = re.compile(r"(?=(\$\$|\\\[|\\begin\{(?:equation|align|gather|multline|eqnarray|displaymath)\*?\}))")
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
            self.found = self.text.find(self.needle, threshold)
            self.after = self.found if self.found >= 0 else len(self.text)
        return self.found


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
# Inline math is `$...$` or `\(...\)` on one line, at most 2000 characters; `_inline` finds what the pattern
# `(?<![\\$])\$(?!\$)([^$\n]{1,2000}?)(?<!\\)\$|\\\((.{1,2000}?)\\\)` would, in linear time (that pattern scans
# 2000 characters from every `\(`: 2 MB of `\(a` took 15 s).
_INLINE_OPEN = re.compile(r"(?<![\\$])\$(?!\$)|\\\(")
_DOLLAR_BODY = re.compile(r"(?P<m>[^$\n]{1,2000}?)(?<!\\)\$")
MAX_INLINE = 2000


def _inline(text: str) -> list[str]:
    """The bodies of the inline formulas in `text`, leftmost first, never overlapping."""
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
                out.append(d.group("m"))
                pos = d.end()
            continue
        at = closing(start + 3)
        line_end = newline(start + 2)
        if at >= 0 and at - start - 2 <= MAX_INLINE and (line_end < 0 or line_end >= at):
            out.append(text[start + 2:at])
            pos = at + 2
    return out

CIRCLED = {chr(0x2460 + k): str(k + 1) for k in range(20)}
_CIRCLED_RE = "[" + "".join(CIRCLED) + "]"
_MARKERS = [
    re.compile(rf"^\s*(?P<num>{_CIRCLED_RE})"),
    re.compile(r"^\s*\\textcircled\{\s*(?P<num>\d{1,2})\s*\}"),
    re.compile(r"^\s*#{1,6}\s*(?:Problem|Question|Exercise|Task|Q)?\s*(?P<num>\d{1,2})\b", re.I),
    re.compile(r"^\s*\\(?:sub)?section\*?\{\s*(?:Problem|Question|Exercise|Q)?\s*(?P<num>\d{1,2})\b", re.I),
    re.compile(r"^\s*\**\s*(?:Problem|Question|Exercise|Task)\s*(?P<num>\d{1,2})\b", re.I),
    re.compile(r"^\s*\**\s*Q\s*(?P<num>\d{1,2})\b"),
    re.compile(r"^\s*\((?P<num>\d{1,2})\)"),
    re.compile(r"^\s*(?P<num>\d{1,2})[.)](?:\s|$)"),
]
_SUB = [
    re.compile(r"^\s*#{1,6}\s*\(?(?P<sub>[a-h])\)"),
    re.compile(r"^\s*\\(?:sub)*section\*?\{\s*\(?(?P<sub>[a-h])\)"),
    re.compile(r"^\s*\**\s*\((?P<sub>[a-h])\)"),
    re.compile(r"^\s*(?P<sub>[a-h])\)\s"),
    re.compile(r"^\s*(?:Part|part)\s*\(?(?P<sub>[a-h])\b"),
]


@dataclass(frozen=True)
class Label:
    """Where a student said they are: problem number and sub-part letter, either possibly unknown."""

    problem: str | None = None
    sub: str | None = None


@dataclass(frozen=True)
class Block:
    """A piece of the document: `math` (display math body) or `prose` (one sentence, inline math kept)."""

    kind: str
    text: str
    start: int
    end: int
    label: Label


def read_marker(text: str) -> tuple[Label | None, str]:
    """A leading problem or part marker, and the text after it (the marker removed)."""
    # The patterns start `^\s*\**\s*`: on a run of spaces with no star the two `\s*` split it every possible way
    # (6,000 spaces took seconds), so the leading whitespace is skipped here, once.
    body = text.lstrip()
    skipped = len(text) - len(body)
    for pattern in _MARKERS:
        m = pattern.match(body)
        if m:
            num = m.group("num")
            return Label(CIRCLED.get(num, num), None), text[skipped + m.end():]
    for pattern in _SUB:
        m = pattern.match(body)
        if m:
            return Label(None, m.group("sub")), text[skipped + m.end():]
    return None, text


class _Lines:
    def __init__(self, text: str) -> None:
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def line(self, offset: int) -> int:
        return bisect.bisect_right(self.starts, offset)


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
                                           and not paragraph[max(0, i - 1)].isdigit())):
            piece = paragraph[start:i + (c != "\n")]
            if piece.strip():
                out.append((start, piece))
            start = i + 1
        i += 1
    if paragraph[start:].strip():
        out.append((start, paragraph[start:]))
    return out


# An item's optional label is short; `[^\]]*` scanned the rest of the text from every `\item[` without a `]`.
_ENUM = re.compile(r"\\begin\{enumerate\}|\\end\{enumerate\}|\\item\b(?:\s*\[[^\]]{0,200}\])?")


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


_MATHY = re.compile(r"[=^_\[\]()/*]|\\[a-z]+")
_LONG_WORD = re.compile(r"[A-Za-z]{4,}")
# Words that are mathematics in plain text (`softmax(z)_i`, `sum_j exp(z_j)`), not prose.
_MATH_WORDS = re.compile(r"\\[a-z]+|\b(?:sqrt|delta|sum|prod|exp|log|softmax|sigma|alpha|beta|theta|lambda|"
                         r"omega|gamma|epsilon|cos|sin|tan|det|diag|trace|argmax|max|min|inv)(?=[\W_\d]|$)", re.I)


def _looks_like_math(line: str) -> bool:
    """A plain-text line that is a formula rather than a sentence: operators, few long words."""
    return bool(_MATHY.search(line)) and len(_LONG_WORD.findall(_MATH_WORDS.sub("", line))) <= 1


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
        label = Label(found.problem, None) if found.problem is not None else Label(label.problem, found.sub)

    def advance(offset: int) -> None:
        nonlocal next_event
        while next_event < len(events) and events[next_event][0] <= offset:
            update(events[next_event][1])
            next_event += 1

    def prose(segment: str, offset: int) -> None:
        for line_offset, sentence in _sentences(segment):
            advance(offset + line_offset + len(sentence))
            sentence = _ENUM.sub(" ", sentence)
            found, rest = read_marker(sentence)
            update(found)
            at = offset + line_offset
            if rest.strip() and plain and "\n" not in rest.strip() and _looks_like_math(rest):
                blocks.append(Block("math", rest.strip(), lines.line(at), lines.line(at + len(sentence) - 1), label))
            elif rest.strip():
                blocks.append(Block("prose", rest.strip(), lines.line(at), lines.line(at + len(sentence) - 1),
                                    label))
                for body in _inline(rest):
                    if "=" in body:
                        blocks.append(Block("inline", body.strip(), lines.line(at), lines.line(at), label))

    for start, end, body in _displays(text):
        prose(text[pos:start], pos)
        advance(start)
        found, rest = read_marker(body)
        update(found)
        blocks.append(Block("math", rest.strip(), lines.line(start), lines.line(end - 1), label))
        pos = end
    prose(text[pos:], pos)
    return blocks

"""Feedback with its mathematics kept as data: words, formulas and quotes of the student's text as separate pieces.

A diagnosis that names a term ("it lacks the term −y_i y_j") used to print the formula into the sentence as code
(`-y_i*y_j`). A `Message` keeps the formula as a `Formula` (LaTeX from our own printer over a sympy object, and
its plain text), so a report renders it as MathML while terminals, CSV and JSON read `Message.text`. A `Quote` is
the student's own text with one spot marked (where an answer could not be read): shown as typed, never as LaTeX.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Union

# Characters of the student's text shown on each side of a marked spot: enough to find it, short on a phone.
QUOTE_BEFORE = 24
QUOTE_AFTER = 16


@dataclass(frozen=True)
class Formula:
    """A piece of mathematics in a sentence: `latex` from our printer (check/render.py), never student text."""

    latex: str
    text: str

    @classmethod
    def of(cls, value: Any) -> Formula:
        """The formula for a sympy value (or a name), printed by the grader's own printers."""
        from mathgrade.check.render import render  # noqa: PLC0415 - render imports verdict, which imports this

        shown = render(value)
        # a product reads as one on paper (−y_i·y_j), not as code (-y_i*y_j)
        return cls(shown.latex, shown.text.replace("*", "·"))


@dataclass(frozen=True)
class Quote:
    """The student's text around one spot: `before`, the marked `spot` (may be empty at the end), `after`."""

    before: str
    spot: str
    after: str

    @property
    def text(self) -> str:
        """Where the spot is, in words (a report shows the excerpt itself, with the spot marked)."""
        if not self.before and not self.spot:
            return "at the very start"
        if self.before and not self.spot:
            return f"after “{self.before.strip()}”, at the end"
        where = f" after “{self.before.strip()}”" if self.before.strip() else ", the first character"
        return f"at “{self.spot}”{where}"


Piece = Union[str, Formula, Quote]


@dataclass(frozen=True)
class Message:
    """A sentence or more for the student, as pieces; `text` is the plain form of the whole."""

    pieces: tuple[Piece, ...]

    @property
    def text(self) -> str:
        return "".join(p if isinstance(p, str) else p.text for p in self.pieces)

    def __add__(self, other: str | Message) -> Message:
        return say(self, other)

    def __radd__(self, other: str) -> Message:
        return say(other, self)

    def replace_first(self, old: str, new: str) -> Message:
        """`old` replaced by `new` in the first piece of words that contains it (a verdict's opening word)."""
        pieces = list(self.pieces)
        for k, p in enumerate(pieces):
            if isinstance(p, str) and old in p:
                pieces[k] = p.replace(old, new, 1)
                break
        return Message(tuple(pieces))

    def to_list(self) -> list[Any]:
        """The JSON form kept in gradebook records: words as strings, formulas and quotes as small objects."""
        return [p if isinstance(p, str) else {"latex": p.latex, "text": p.text} if isinstance(p, Formula)
                else {"before": p.before, "spot": p.spot, "after": p.after} for p in self.pieces]

    @classmethod
    def from_list(cls, items: list[Any]) -> Message:
        """The inverse of `to_list`."""
        return cls(tuple(i if isinstance(i, str) else Formula(i["latex"], i["text"]) if "latex" in i
                         else Quote(i["before"], i["spot"], i["after"]) for i in items))


def say(*pieces: str | Formula | Quote | Message | Any) -> Message:
    """A message from words, formulas, quotes, other messages and sympy values (printed as formulas)."""
    out: list[Piece] = []
    for p in pieces:
        items: tuple[Any, ...] = p.pieces if isinstance(p, Message) else (p,)
        for item in items:
            if not isinstance(item, (str, Formula, Quote)):
                item = Formula.of(item)
            if isinstance(item, str) and out and isinstance(out[-1], str):
                out[-1] += item
            elif item != "":
                out.append(item)
    return Message(tuple(out))


def spot(text: str, column: int) -> Quote:
    """The student's text around 1-based `column` (one past the end: the answer stops too early)."""
    at = max(column - 1, 0)
    before = text[max(0, at - QUOTE_BEFORE):at]
    if at > QUOTE_BEFORE:
        before = "…" + before
    word = _WORD.match(text, at)  # a name or a command is marked whole (`sinn`, `\\foo`), other spots one character
    end = word.end() if word else at + 1
    after = text[end:end + QUOTE_AFTER]
    if len(text) > end + QUOTE_AFTER:
        after += "…"
    return Quote(before, text[at:end], after)


_WORD = re.compile(r"\\?[A-Za-z]+")


def unreadable(error: str, text: str, column: int, what: str = "this answer") -> Message:
    """Why `what` could not be read, with the place marked in the student's text instead of a column number."""
    message = say(f"The grader could not read {what}: {error}.")
    if column and text.strip():
        message = say(message, " The problem is ", spot(text, column), ".")
    return message

"""The words policy: when letters in an answer are a product of variables and when they are words.

A run of letters is mathematics when the parser can split it into names it knows or names of the question
(`sinx`, `theta`, `xy`). An answer made only of other words (`identity`, `no idea`, `meters`) is words: it gets an
`invalid` verdict that says so, never a product of letters such as `i·d·e·n·t·i·t·y`. Around a number, a few words
are labels or units and are dropped: `rank 2`, `the answer is 5`, `5 meters`, `12 cm` (unless a unit's letters are
a name of the question).
"""

from __future__ import annotations

import re

LABELS: tuple[str, ...] = (
    "the answer is", "answer is", "answer", "ans", "result", "final answer", "the rank is", "rank is", "rank",
    "the trace is", "trace", "the determinant is", "determinant", "the value is", "value", "approximately",
    "approx", "about", "it is", "it's", "total", "factor", "the factor is", "shear factor", "scale factor",
)
"""Words that may stand before the value they name ("rank 2" is 2)."""

UNITS: tuple[str, ...] = (
    "meters", "meter", "metres", "metre", "m", "cm", "mm", "km", "seconds", "second", "sec", "s", "ms",
    "kilograms", "kilogram", "kg", "grams", "gram", "g", "newtons", "newton", "N", "joules", "joule", "J",
    "watts", "watt", "W", "hours", "hour", "h", "minutes", "minute", "min", "units", "unit", "square units",
    "units^2", "m/s", "m/s^2", "km/h", "liters", "litres", "L", "dollars", "percent points",
)
"""Units that may follow a value ("5 meters" is 5). Only dropped after a number or a closing bracket."""

_LABEL = re.compile(r"^\s*(?:" + "|".join(re.escape(w) for w in sorted(LABELS, key=len, reverse=True))
                    + r")\s*(?:[:=]|\bis\b)?\s*(?=[-+−\d.√\\\[{$]|[A-Za-z]\s*[=<>])", re.I)
_UNIT = re.compile(r"(?<=[\d)\]}])\s*(?:" + "|".join(re.escape(u) for u in sorted(UNITS, key=len, reverse=True))
                   + r")\.?\s*$")


NUMBER_WORDS: dict[str, str] = {w: str(n) for n, w in enumerate((
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"))}
"""A whole answer written as a number word is that number ("two" is 2)."""


def strip_labels(text: str, names: frozenset[str]) -> str:
    """The answer without a leading label or a trailing unit; unchanged when those letters are names of the
    question (a question about a variable `m` keeps `5 m`)."""
    out = text
    word = out.strip().rstrip(".").lower()
    if word in NUMBER_WORDS and word not in names:
        return NUMBER_WORDS[word]
    m = _LABEL.match(out)
    if m and not any(w in names for w in re.findall(r"[A-Za-z]+", m.group())):
        out = out[m.end():]
    u = _UNIT.search(out)
    if u and u.group().strip().rstrip(".") not in names and out[:u.start()].strip():
        out = out[:u.start()]
    return out

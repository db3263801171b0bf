"""Sampling domains: where the random values of a name come from, as data a spec writes.

A domain is a word (`real`, `positive`, `negative`, `probability`), an interval (`[0, 6.28]`), or for an indexed
family a relation to another family (`y: {is: "e^{z_k} / sum_j e^{z_j}", index: k}`: y_k is computed from the
z drawn for the same point, so answers in y and in z agree). Nothing here knows a course: the softmax relation of
K2 is written in K2's spec. `softmax` and `softmax(z)` are still read, as shorthands for that relation written out,
so that older specs keep working.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import sympy

__all__ = ["WORDS", "Relation", "domain_error", "interval", "resolve"]

WORDS: tuple[str, ...] = ("real", "positive", "negative", "probability")
"""Domains named by a word: ±0.5..2 (default), 0.5..2, −2..−0.5, 0.05..1."""

_INTERVAL = re.compile(r"\[\s*(-?[0-9.eE+-]+)\s*,\s*(-?[0-9.eE+-]+)\s*\]")
_SHORTHAND = re.compile(r"softmax(?:\(([A-Za-z][A-Za-z0-9]*)\))?")


@dataclass(frozen=True)
class Relation:
    """A family computed entry by entry from other families: `formula` in terms of `index` (y_k from z)."""

    formula: Any
    index: Any

    def __str__(self) -> str:
        return f"{{is: {self.formula}, index: {self.index}}}"


def interval_text(low: float, high: float) -> str:
    """The stored form of an interval domain."""
    return f"[{low!r}, {high!r}]"


def interval(domain: Any) -> tuple[float, float] | None:
    """(low, high) for an interval domain such as `[0, 6.28]`, else None."""
    if not isinstance(domain, str):
        return None
    m = _INTERVAL.fullmatch(domain.strip())
    if m is None:
        return None
    try:
        low, high = float(m.group(1)), float(m.group(2))
    except ValueError:
        return None
    return (low, high) if low < high else None


def _shorthand(name: str, domain: str) -> Relation | None:
    """`softmax(z)`: y_k = e^{z_k} / Σ_j e^{z_j}. `softmax`: the same from logits no answer can name."""
    m = _SHORTHAND.fullmatch(domain)
    if m is None:
        return None
    source = m.group(1) or f"_{name}"  # `_` always starts a subscript in answers: no student can type this name
    k, j = sympy.Symbol("k_" + name), sympy.Symbol("j_" + name)
    z = sympy.IndexedBase(source)
    formula = sympy.exp(z[k]) / sympy.Sum(sympy.exp(z[j]), (j, 1, sympy.Symbol("K")))
    return Relation(formula, k)


def resolve(name: str, domain: Any) -> Any:
    """The domain to sample with: a shorthand becomes the relation it stands for; anything else is unchanged."""
    if isinstance(domain, str):
        return _shorthand(name, domain) or domain
    return domain


def domain_error(name: str, domain: Any) -> str | None:
    """Why a domain cannot be used, or None if it can."""
    if isinstance(domain, Relation) or domain in WORDS or interval(domain) is not None:
        return None
    if isinstance(domain, str) and _SHORTHAND.fullmatch(domain):
        return None
    return (f"unknown domain {domain!r} for {name!r} (real, positive, negative, probability, an interval such as "
            "[0, 6.28], or for a family {is: FORMULA, index: k})")

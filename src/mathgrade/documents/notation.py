"""Plain-text notation read as the part's own: what a student types where LaTeX would have an index, a δ or a θ.

A typed answer has no subscripts: `yi(1-yi)` is y_i(1 − y_i) and `dij`, `d_ij` is δ_ij, but only where the part's
reference uses those very names (an indexed y_i, a Kronecker δ_ij), so that a `d` or a `yi` that means something
else in another problem stays as written.
"""

from __future__ import annotations

import re
from typing import Any

import sympy

from mathgrade.solvers import DerivationRef

__all__ = ["TypedNames", "typed_names", "as_typed", "contradicts"]

_TYPED_GREEK = {"th": "theta", "ph": "phi"}
_TYPED_GREEK_WORD = re.compile(r"(?<![A-Za-z\\_])(?:th|ph)(?![A-Za-z_(])")
_PAIR = re.compile(r"(?<![A-Za-z\\])([a-z])([a-z])(?![A-Za-z])")
MAX_TYPED = 400


class TypedNames:
    """The indexed names (`yi` for y_i) and Kronecker deltas (`ij` for δ_ij) of one part's reference."""

    __slots__ = ("pairs", "deltas", "greek", "subscripted")

    def __init__(self, pairs: frozenset[str], deltas: frozenset[str], greek: frozenset[str] = frozenset()) -> None:
        self.pairs, self.deltas, self.greek = pairs, deltas, greek
        bases = "".join(sorted({p[0] for p in pairs}))
        # subscripts typed on the part's own names (`y_i`): the student's indices are explicit (`sum_k` is not)
        self.subscripted = re.compile(rf"(?<![A-Za-z\\])[{bases}]_") if bases else None


def typed_names(reference: Any) -> TypedNames:
    """What a typed answer to a part with this reference value may abbreviate."""
    values = [getattr(reference, f, None) for f in ("start", "target")] if isinstance(reference, DerivationRef) \
        else [reference]
    pairs: set[str] = set()
    deltas: set[str] = set()
    greek: set[str] = set()
    for v in values:
        atoms = getattr(v, "atoms", None)
        if atoms is None:
            continue
        for atom in atoms(sympy.Indexed):
            if len(atom.indices) == 1:
                pairs.add(f"{atom.base.label}{atom.indices[0]}")
        for delta in atoms(sympy.KroneckerDelta):
            a, b = (str(x) for x in delta.args)
            if len(a) == len(b) == 1:
                deltas.update({a + b, b + a})
        greek.update(str(x) for x in getattr(v, "free_symbols", ()) if str(x) in _TYPED_GREEK.values())
    return TypedNames(frozenset(pairs), frozenset(deltas), frozenset(greek))


def as_typed(text: str, names: TypedNames) -> str:
    """`text` with its typed indices and deltas written as the part's names; LaTeX and long text as written."""
    if "\\" in text or len(text) > MAX_TYPED or not (names.pairs or names.deltas or names.greek):
        return text
    explicit = names.subscripted is None or names.subscripted.search(text) is not None
    if names.deltas and "d" in text:
        # `dij`, `d_ij`, `d_{ij}` for δ_ij (no δ key on a keyboard)
        text = re.sub(r"(?<![A-Za-z\\])d_?(\{)?([a-z])([a-z])(?(1)\})(?![A-Za-z0-9])",
                      lambda m: f"δ_{m.group(2)}{m.group(3)}" if m.group(2) + m.group(3) in names.deltas
                      else m.group(0), text)
    if names.greek and _TYPED_GREEK_WORD.search(text):
        # `cos th`, `sin(ph)`: θ and φ typed as their first letters, where the part's answer is in θ and φ
        text = _TYPED_GREEK_WORD.sub(lambda m: _TYPED_GREEK[m.group(0)] if _TYPED_GREEK[m.group(0)] in names.greek
                                     else m.group(0), text)
    if explicit:
        return text
    return _PAIR.sub(lambda m: f"{m.group(1)}_{m.group(2)}" if m.group(0) in names.pairs else m.group(0), text)


_HINT_VALUE = re.compile(r"^\s*(?P<name>[^=]{1,20}?)\s*=\s*(?P<value>[-−]?\d+(?:\.\d+)?)\s*$")
_SPACE = re.compile(r"[\s{}$\\]")
_CLAUSE = re.compile(r",\s*(?:and|but|while|whereas)\b|;\s|\.\s+(?=[A-Z])")


def _plain(text: str) -> str:
    return _SPACE.sub("", text.replace("λ", "lambda").replace("\\lambda", "lambda").replace("−", "-")).lower()


def contradicts(hints: tuple[str, ...], text: str, value: str) -> bool:
    """Whether the sentence `text` that holds `value` gives a quantity the part's hints fix another value: "For
    λ = 1 the eigenvector is (1, 1)" is not the answer to the part located by "λ = 3", however it fits otherwise."""
    fixed = [m for m in map(_HINT_VALUE.match, hints) if m is not None]
    if not fixed or not text:
        return False  # (most parts fix no quantity: nothing to contradict, and nothing to read)
    own = [c for c in _CLAUSE.split(text) if _plain(value) in _plain(c)]
    if not own:
        return False  # the sentence before the value, not its own: it may set up another part
    text = own[-1]  # "for λ = 3 it is (1, 1), and for λ = 1 it is (1, −1)": each value's own clause
    plain = _plain(text)
    for m in fixed:
        name, value = _plain(m.group("name")), _plain(m.group("value"))
        said = {v for said_m in re.finditer(re.escape(name) + r"=(-?\d+(?:\.\d+)?(?:(?:,|and|or)-?\d+(?:\.\d+)?)*)(?![\d.])",
                                       plain) for v in re.split(r",|and|or", said_m.group(1))}
        if said and value not in said:  # (a sentence naming both values may well give this one's)
            return True
    return False

"""One-sentence descriptions of a 2D or 3D linear map: "reflection across the line y = x", "shear parallel to x with
factor 2", "orthogonal projection onto the plane z = 0", "scales x by 2 and y by 3", "(x, y) ↦ (x + 2y, y)".

The sentence is read into the matrix it describes, and that matrix is compared with the reference's: the map is the
truth, whatever words reach it ("reflection in the y-axis" and "scales x by −1" are one map). The reading is data:
a table of kind words, a table of how each kind is built from what it is about (a line, a plane, a direction, a
factor), and readers for those objects (named axes and planes, line and plane equations, vectors). Adding a
spelling is a row, not a branch. Like rotation descriptions (check/rotation.py), numbers and equations in the
sentence go through our parser, never through eval.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import sympy

from mathgrade.check.codes import Code
from mathgrade.check.rotation import _NO_SCALE, _math_value, read_rotation
from mathgrade.check.verdict import Rendering, Status, Verdict
from mathgrade.parse import ParseOptions, parse_answer

__all__ = ["MapReading", "check_map_sentence", "read_map"]

KIND_WORDS: tuple[tuple[str, str], ...] = (
    ("negation", r"\bnegat\w*|\b(?:flip|flips|chang\w*|revers\w*)\s+the\s+sign\s+of\b"),
    ("swap", r"\b(?:swap\w*|exchang\w*|interchang\w*)\b"),
    ("projection", r"\bproject\w*"),
    ("reflection", r"\breflect\w*|\bmirror\w*|\bflip\w*"),
    ("shear", r"\bshear\w*|\bskew\w*"),
    ("rotation", r"\brotat\w*|\bturn(?:s|ed)?\b"),
    ("scaling", (r"\bscal\w*|\bstretch\w*|\bdilat\w*|\bshrink\w*|\bcompress\w*|\bdoubl\w*|\btripl\w*|\bhalv\w*"
                 r"|\benlarg\w*")),
    ("identity", r"\bidentity\b|\bdoes\s+nothing\b|\bleaves\s+(?:every|all)\w*\s+\w+\s+(?:unchanged|fixed)"),
)
SAME_IDEA: dict[str, str] = {"negation": "reflection", "swap": "reflection"}
"""A kind whose words include another's ("flips the sign of x"): naming both is one map, not a composition."""
"""Kind of map → the words that name it. A sentence that names two kinds ("reflects, then scales") describes a
composition, which is not read (`no scaling` and the like are removed first, so they name no scaling)."""

OBLIQUE = re.compile(r"\boblique\w*|\bnon[\s-]?orthogonal|\bskew\s+projection", re.IGNORECASE)

AXIS_NAMES: tuple[tuple[str, str], ...] = (
    (r"(?<![A-Za-z])\$?(?P<a>[xyz])\$?(?:[\s-]*axis|[\s-]*direction|\s+coordinate)", "{a}"),
    (r"\b(?:parallel\s+to|along|in)\s+(?:the\s+)?\$?(?P<a>[xyz])\$?(?![A-Za-z'])", "{a}"),
    (r"(?<![A-Za-z])\$?(?P<a>[xyz])\$?[\s-]*shear", "{a}"),
    (r"\bhorizontal(?:\s+axis|\s+direction)?\b|\bhorizontally\b", "x"),
    (r"\bvertical(?:\s+axis|\s+direction)?\b|\bvertically\b", "y"),
    (r"\be_?\{?(?P<k>[123])\}?", "e{k}"),
)
"""Spellings of a coordinate axis (a line through the origin)."""

NAMED_LINES: tuple[tuple[str, tuple[float, float]], ...] = (
    (r"\b(?:anti|counter|off|other)[\s-]?diagonal", (1.0, -1.0)),
    (r"(?<![\w-])(?:main\s+)?diagonal(?!\s+matri)", (1.0, 1.0)),
)
"""Lines of the plane named in words: `the diagonal` is y = x, `the anti-diagonal` y = −x."""

PLANE_NAMES = re.compile(r"(?<![A-Za-z])\$?(?P<a>[xyz])\s*[-,]?\s*(?P<b>[xyz])\$?[\s-]*plane", re.IGNORECASE)
"""`the xy-plane`, `the x-z plane`: a coordinate plane (its normal is the third axis)."""

EQUATION = re.compile(r"(?<![A-Za-z])(?P<lhs>[xyz0-9(][-+−\d./*\s xyz()]*?)\s*=\s*(?P<rhs>[-+−\d./*\s xyz()]*"
                      r"[xyz0-9)])(?![A-Za-z'])")
"""`y = x`, `y = -2x`, `z = 0`, `x + y + z = 0`: a line (2D) or a plane (3D) through the origin."""

VECTOR = re.compile(r"(?P<vec>[\(\[]\s*[-+−]?[\w./√\\{}^ ]+(?:\s*,\s*[-+−]?[\w./√\\{}^ ]+){1,2}\s*[\)\]])")
MAPSTO = re.compile(r"\(\s*x\s*,\s*y\s*(?:,\s*z\s*)?\)\s*(?:->|→|↦|\\mapsto|\\to|\bmaps\s+to\b|\bgoes\s+to\b|\bto\b)"
                    r"\s*(?P<img>\([^()]*(?:\([^()]*\)[^()]*)*\))", re.IGNORECASE)
"""`(x, y) ↦ (x + 2y, y)`: the map written out, one linear form per coordinate."""

NUMBER = r"(?P<val>[-+−]?\s*(?:\d+(?:\.\d+)?(?:\s*/\s*\d+)?|\\frac\{\d+\}\{\d+\}|\d*\s*√\d+|\d+\s*\\sqrt\{\d+\}))"
FACTOR = re.compile(r"(?:\bfactor|\bamount|\bcoefficient|\bk\b|λ)\s*(?:of|=|:|is)?\s*" + NUMBER
                    + r"|\bby\s+(?:a\s+factor\s+of\s+)?" + NUMBER.replace("val", "val2"), re.IGNORECASE)
"""A shear's or a uniform scaling's factor: `with factor 2`, `k = 2`, `by 2`, `by a factor of 1/2`."""

_PLAIN = r"[-+−]?\s*\d+(?:\.\d+)?(?:\s*/\s*\d+)?"
NUMBER_HEDGE = re.compile(r"(?P<a>" + _PLAIN + r")\s*\)?\s*,?\s*\(?\s*\bor\b\s*(?:maybe\s+|perhaps\s+)?"
                          r"(?:by\s+|factor\s+|k\s*=\s*)?(?:a\s+factor\s+of\s+)?(?P<b>" + _PLAIN + r")(?![\w.])",
                          re.IGNORECASE)
"""`factor 2 or 3`, `y by 3 or by 4`: two numbers offered for one quantity (a restatement, `2 (or 2.0)`, is not)."""

PER_AXIS = (
    re.compile(r"(?<![A-Za-z])\$?(?P<axis>[xyz])\$?(?:[\s-]*(?:axis|direction|coordinate|component)s?)?\s*"
               r"(?:is\s+|gets\s+|are\s+)?(?:scaled\s+|stretched\s+|multiplied\s+)?(?:by|×|\*)\s+"
               r"(?:a\s+factor\s+(?:of\s+)?)?" + NUMBER, re.IGNORECASE),
    re.compile(NUMBER + r"\s+(?:in|along|for|on)\s+(?:the\s+)?\$?(?P<axis>[xyz])\$?(?![A-Za-z])", re.IGNORECASE),
    re.compile(r"\b(?P<axis>horizontally|vertically)\s+(?:by\s+)?(?:a\s+factor\s+(?:of\s+)?)?" + NUMBER, re.IGNORECASE),
    re.compile(r"\b(?P<axis>horizontal|vertical)\s+(?:stretch\w*|scal\w*|compress\w*|dilat\w*)\s+(?:by|of)\s+"
               r"(?:a\s+factor\s+(?:of\s+)?)?" + NUMBER, re.IGNORECASE),
)
"""Scalings along the axes: `x by 2`, `2 in x`, `horizontally by 2`."""

WORD_PER_AXIS = re.compile(r"\b(?P<word>doubl\w*|tripl\w*|halv\w*)\s+(?:the\s+|each\s+|every\s+)?\$?(?P<axis>[xyz])\$?"
                           r"(?![A-Za-z])", re.IGNORECASE)
"""`doubles the y-coordinate`, `halves x`: a factor in words for one axis."""

WORD_FACTORS = ((re.compile(r"\bdoubl\w*|\btwice\b", re.IGNORECASE), 2.0), (re.compile(r"\btripl\w*", re.IGNORECASE), 3.0),
                (re.compile(r"\bhalv\w*", re.IGNORECASE), 0.5))

_AXIS_INDEX = {"x": 0, "y": 1, "z": 2, "e1": 0, "e2": 1, "e3": 2, "horizontally": 0, "vertically": 1,
               "horizontal": 0, "vertical": 1}
MAX_TEXT = 600


@dataclass(frozen=True)
class MapReading:
    """What was understood: the kind named, the matrix described (None when something it needs is missing) and,
    when there is no matrix, what was missing, in words."""

    kind: str | None
    matrix: tuple[tuple[float, ...], ...] | None
    words: str
    missing: str = ""
    unsure: str = ""
    """Why the reading cannot be trusted either way (a formula with words that say something else): a person
    reads it."""


def _value(text: str) -> float | None:
    text = text.replace("√", "sqrt").replace(" ", "")
    return _math_value(text)


def _linear_form(text: str, n: int) -> list[float] | None:
    """Coefficients of a linear homogeneous form in x, y (, z) read by our parser, or None."""
    names = ("x", "y", "z")[:n]
    parsed = parse_answer(text.replace("−", "-"), ParseOptions(variables=frozenset(names)))
    if not parsed.ok or isinstance(parsed.value, sympy.MatrixBase):
        return None
    e = parsed.value
    symbols = [sympy.Symbol(v) for v in names]
    if not e.free_symbols <= set(symbols):
        return None
    try:
        coefficients = [float(sympy.diff(e, s)) for s in symbols]
        at_zero = float(e.subs({s: 0 for s in symbols}))
    except (TypeError, ValueError):
        return None  # not linear: a derivative still has a variable in it
    if abs(at_zero) > 1e-12:
        return None  # an affine line (y = x + 1) is no linear map's line
    return coefficients


def _equation(text: str, n: int) -> list[float] | None:
    """The normal (coefficients) of `lhs = rhs`, a line in 2D or a plane in 3D through the origin."""
    found = []
    for m in EQUATION.finditer(text):
        left, right = _linear_form(m.group("lhs"), n), _linear_form(m.group("rhs"), n)
        if left is None or right is None:
            continue
        normal = [a - b for a, b in zip(left, right, strict=True)]
        if any(abs(c) > 1e-12 for c in normal):
            found.append(normal)
    return _one(found, _parallel)


def _vector(text: str, n: int) -> list[float] | None:
    found = []
    for m in VECTOR.finditer(text):
        parsed = parse_answer(m.group("vec"), ParseOptions())
        if parsed.ok and isinstance(parsed.value, sympy.MatrixBase) and len(parsed.value) == n:
            try:
                v = [float(e) for e in parsed.value]
            except (TypeError, ValueError):
                continue
            if any(abs(e) > 1e-12 for e in v):
                found.append(v)
    return _one(found, _parallel)


class _Hedge(Exception):
    """The sentence names two different lines, planes or factors ("across y = x or y = −x"): it describes no
    single map, and a grader that picked one would accept a guess."""


def _one(found: list[Any], same: Callable[[Any, Any], bool]) -> Any:
    """The one thing named, None if nothing, _Hedge if two different things."""
    for other in found[1:]:
        if not same(found[0], other):
            raise _Hedge()
    return found[0] if found else None


def _parallel(u: list[float], v: list[float]) -> bool:
    a, b = np.array(u), np.array(v)
    return bool(np.linalg.norm(np.cross(a, b) if len(a) == 3 else a[0] * b[1] - a[1] * b[0])
                <= 1e-9 * np.linalg.norm(a) * np.linalg.norm(b))


def _axis(text: str) -> int | None:
    found = []
    for pattern, name in AXIS_NAMES:
        for m in re.finditer(pattern, text, re.IGNORECASE):
            key = name.format(**{k: v.lower() for k, v in m.groupdict().items() if v})
            if key in _AXIS_INDEX:
                found.append(_AXIS_INDEX[key])
    return _one(found, lambda a, b: a == b)


def _unit(k: int, n: int) -> list[float]:
    return [1.0 if i == k else 0.0 for i in range(n)]


def _line(text: str, n: int) -> list[float] | None:
    """The direction of the line a sentence is about: a named axis, `y = 2x` (2D), a vector. Two different
    ones ("y = x, i.e. the x-axis") are a hedge."""
    found = []
    if n == 2:
        normal = _equation(text, 2)
        if normal is not None:
            found.append([-normal[1], normal[0]])
    v = _vector(text, n)
    if v is not None:
        found.append(v)
    k = _axis(text)
    if k is not None and k < n:
        found.append(_unit(k, n))
    if n == 2:
        found += [list(v) for pattern, v in NAMED_LINES if re.search(pattern, text, re.IGNORECASE)][:1]
    return _one(found, _parallel)


def _plane_normal(text: str) -> list[float] | None:
    """The normal of the plane a 3D sentence is about: `z = 0`, `x + y + z = 0`, `the xy-plane`."""
    m = PLANE_NAMES.search(text)
    if m and m.group("a").lower() != m.group("b").lower():
        (k,) = {0, 1, 2} - {_AXIS_INDEX[m.group("a").lower()], _AXIS_INDEX[m.group("b").lower()]}
        return _unit(k, 3)
    normal = _equation(text, 3)
    if normal is not None:
        return normal
    if re.search(r"\bnormal\b", text, re.IGNORECASE):
        return _vector(text, 3)
    return None


def _outer(u: list[float]) -> np.ndarray:
    a = np.array(u, dtype=float)
    return np.outer(a, a) / float(a @ a)


# --- building each kind's matrix from the sentence: kind → builder -------------------------------------------------


POINT_REFLECTION = re.compile(r"\bthrough\s+the\s+origin|\bin\s+the\s+origin|\bpoint\s+reflection"
                              r"|\babout\s+the\s+origin", re.IGNORECASE)


def _reflection(text: str, n: int) -> tuple[np.ndarray | None, str]:
    if POINT_REFLECTION.search(text) and not re.search(r"\b(?:line|plane|axis)\b", text, re.IGNORECASE):
        return -np.eye(n), ""  # the point reflection: every vector to its negative
    if n == 3:
        normal = _plane_normal(text)
        if normal is not None:
            return np.eye(3) - 2 * _outer(normal), ""
    line = _line(text, n)
    if line is None:
        return None, "the line or plane it reflects in"
    return 2 * _outer(line) - np.eye(n), ""


def _projection(text: str, n: int) -> tuple[np.ndarray | None, str]:
    oblique = bool(OBLIQUE.search(text))
    if n == 3:
        normal = _plane_normal(text)
        if normal is not None and not oblique:
            return np.eye(3) - _outer(normal), ""
    pieces = re.split(r"\b(?:along|parallel\s+to|in\s+the\s+direction\s+of)\b", text, maxsplit=1, flags=re.IGNORECASE)
    onto_text, along_text = pieces[0], pieces[1] if len(pieces) > 1 else ""
    onto = _line(onto_text, n)
    if onto is None:
        return None, "what it projects onto"
    along = _line(along_text, n) if along_text.strip() else None
    if along is None:
        if oblique:
            return None, "the direction of the oblique projection"
        return _outer(onto), ""
    if n != 2:
        return None, "an oblique projection in 3D (describe it by its matrix)"
    w = np.array([-along[1], along[0]])  # the projection kills `along`: P = u wᵀ / (wᵀ u)
    u = np.array(onto)
    if abs(float(w @ u)) < 1e-12:
        return None, "a direction that is not the line itself"
    return np.outer(u, w) / float(w @ u), ""


def _factor(text: str) -> float | None:
    found = []
    for m in FACTOR.finditer(text):
        raw = m.group("val") or m.group("val2")
        value = _value(raw) if raw else None
        if value is not None:
            found.append(value)
    for pattern, value in WORD_FACTORS:
        if pattern.search(text):
            found.append(value)
    return _one(found, lambda a, b: abs(a - b) <= 1e-9 * max(1.0, abs(a)))


def _shear(text: str, n: int) -> tuple[np.ndarray | None, str]:
    if n != 2:
        return None, "a 3D shear (describe it by (x, y, z) ↦ ...)"
    k = _axis(text)
    factor = _factor(text)
    if k is None:
        return None, "the direction of the shear"
    if factor is None:
        return None, "the shear factor"
    m = np.eye(2)
    m[k, 1 - k] = factor  # parallel to x: x gains k·y
    return m, ""


def _scaling(text: str, n: int) -> tuple[np.ndarray | None, str]:
    factors: dict[int, float] = {}
    for pattern in PER_AXIS:
        for m in pattern.finditer(text):
            k = _AXIS_INDEX.get(m.group("axis").lower())
            value = _value(m.group("val"))
            if k is not None and k < n and value is not None:
                if k in factors and abs(factors[k] - value) > 1e-9 * max(1.0, abs(value)):
                    raise _Hedge()
                factors[k] = value
    for m in WORD_PER_AXIS.finditer(text):
        k = _AXIS_INDEX[m.group("axis").lower()]
        value = next(v for pattern, v in WORD_FACTORS if pattern.match(m.group("word")))
        if k < n:
            if k in factors and abs(factors[k] - value) > 1e-9:
                raise _Hedge()
            factors[k] = value
    if factors:
        return np.diag([factors.get(k, 1.0) for k in range(n)]), ""
    factor = _factor(text)
    if factor is None:
        return None, "the scale factor"
    return factor * np.eye(n), ""


_COORDINATE = r"\$?[xyz]\$?(?![A-Za-z])(?:[\s-]*(?:coordinate|component|entry|entries)s?)?"
NEGATED = re.compile(r"(?:\bnegat\w*|\bsign\s+of)\s+(?:the\s+|both\s+|each\s+of\s+)?(?P<axes>" + _COORDINATE
                     + r"(?:\s*(?:,|and|&)\s*(?:the\s+)?" + _COORDINATE + r")*)", re.IGNORECASE)
"""The coordinates a sentence negates: `negates the y-coordinate`, `flips the sign of x and z`; only those
named right after the verb ("negates x and leaves y unchanged" negates x alone)."""


def _negation(text: str, n: int) -> tuple[np.ndarray | None, str]:
    """"negates the y-coordinate", "flips the sign of x": −1 on the axes named, 1 on the others."""
    axes = {_AXIS_INDEX[a.lower()] for m in NEGATED.finditer(text)
            for a in re.findall(r"(?<![A-Za-z])[xyz](?![A-Za-z])", m.group("axes"), re.IGNORECASE)}
    axes = {k for k in axes if k < n}
    if not axes:
        return None, "which coordinate changes sign"
    return np.diag([-1.0 if k in axes else 1.0 for k in range(n)]), ""


SWAPPED = re.compile(r"\b(?:swap\w*|exchang\w*|interchang\w*)\s+(?:the\s+)?(?P<what>[^.;]{0,40})",
                     re.IGNORECASE)


def _swap(text: str, n: int) -> tuple[np.ndarray | None, str]:
    """"swaps x and y", "exchanges the two coordinates" (2D): the permutation of the two axes named. A sign on
    either ("swaps x and −y") or a third name is not a swap this reader builds."""
    m = SWAPPED.search(text)
    if m is None:
        return None, "which coordinates are swapped"
    what = m.group("what")
    if re.search(r"[-−]\s*\$?[xyz]", what):
        return None, "which coordinates are swapped (without signs)"
    axes = sorted({_AXIS_INDEX[a.lower()] for a in re.findall(r"(?<![A-Za-z])[xyz](?![A-Za-z])", what, re.IGNORECASE)})
    if not axes and n == 2 and re.search(r"\bcoordinates\b|\bcomponents\b|\bentries\b", what, re.IGNORECASE):
        axes = [0, 1]
    if len(axes) != 2 or max(axes) >= n:
        return None, "which two coordinates are swapped"
    out = np.eye(n)
    out[[axes[0], axes[1]]] = out[[axes[1], axes[0]]]
    return out, ""


def _rotation(text: str, n: int) -> tuple[np.ndarray | None, str]:
    if n != 2:
        return None, "a 3D rotation (a rotation part grades its axis and angle)"
    reading = read_rotation(text)
    if reading.angle is None or reading.conflict:
        return None, "the angle"
    angle = math.radians(-reading.angle if reading.direction == "clockwise" else reading.angle)
    scale = 1.0 if reading.scale is None else float(reading.scale)
    return scale * np.array([[math.cos(angle), -math.sin(angle)], [math.sin(angle), math.cos(angle)]]), ""


BUILDERS: dict[str, Callable[[str, int], tuple[np.ndarray | None, str]]] = {
    "reflection": _reflection, "projection": _projection, "shear": _shear, "scaling": _scaling,
    "rotation": _rotation, "identity": lambda _text, n: (np.eye(n), ""), "negation": _negation,
    "swap": _swap,
}
"""Kind → how its matrix is built from the sentence (for a map of size n)."""


def _mapsto(text: str, n: int) -> np.ndarray | None:
    """The map written out; _Hedge when two different ones are ("(x, y) ↦ (y, x) or (−y, −x)")."""
    found = []
    for m in MAPSTO.finditer(text):
        pieces = re.split(r",(?![^()]*\))", m.group("img")[1:-1])
        rows = [_linear_form(p, n) for p in pieces] if len(pieces) == n else [None]
        if all(r is not None for r in rows):
            found.append(np.array(rows, dtype=float))
    return _one(found, lambda a, b: bool(np.allclose(a, b)))


def _kinds(text: str) -> list[str]:
    unscaled = _NO_SCALE.sub(" ", text)  # "no scaling" names no scaling
    found = []
    for kind, pattern in KIND_WORDS:
        if re.search(pattern, unscaled, re.IGNORECASE):
            found.append(kind)
    return [k for k in found if k not in {SAME_IDEA.get(other) for other in found}]


def _kind_of(matrix: np.ndarray) -> str | None:
    """The kind of map a written-out formula is (linear_map's classification), None if it is none of them."""
    # imported here: the solvers package imports the checker
    from mathgrade.solvers import SolverError
    from mathgrade.solvers.maps import classify

    try:
        return classify(sympy.Matrix(matrix.tolist()).applyfunc(lambda v: sympy.nsimplify(v, rational=True)))
    except (SolverError, ValueError, TypeError):
        return None


def _names_objects(text: str, n: int) -> bool:
    """Whether words name a line, plane or vector (besides a formula): they then say something to check."""
    for find in ((lambda t: _line(t, n)), _plane_normal if n == 3 else (lambda t: None)):
        try:
            if find(text) is not None:
                return True
        except _Hedge:
            return True
    return False


def read_map(text: str, n: int) -> MapReading:
    """The map a sentence describes, as an n×n matrix (n = 2 or 3), with the kind it named."""
    text = text[:MAX_TEXT]
    if COMPOSITION.search(text):
        return MapReading(None, None, "a composition", unsure="it describes one map after another")
    try:
        written = _mapsto(text, n)
    except _Hedge:
        return MapReading(None, None, "two maps", "one map (it writes out two different ones)")
    if written is None:
        return _read_words(text, n)
    rest = MAPSTO.sub(" ", text)
    said = _read_words(rest, n)
    shown = "the map " + _rows(written)
    if said.matrix is not None and not np.allclose(np.array(said.matrix), written, atol=1e-9):
        return MapReading(said.kind, None, "two maps", "one map (the words and the formula describe different maps)")
    if (said.matrix is None and said.kind is not None and len(_kinds(rest)) == 1 and not _names_objects(rest, n)
            and _kind_of(written) in (said.kind, SAME_IDEA.get(said.kind))):
        return MapReading(said.kind, _frozen(written), shown)  # "shear: (x, y) ↦ (x + 2y, y)"
    if said.matrix is None and (said.kind is not None or _names_objects(rest, n)):
        return MapReading(said.kind, _frozen(written), shown, unsure="the words next to the formula were not "
                          "understood")
    return MapReading(said.kind, _frozen(written), shown)


def _read_words(text: str, n: int) -> MapReading:
    kinds = _kinds(text)
    if not kinds:
        return MapReading(None, None, "", "a kind of map (reflection, projection, shear, scaling, rotation)")
    # "reflects and scales": two kinds in one sentence describe a composition, which this reader does not build
    # ("no scaling" was taken out by _kinds, so a scaling word left is a claim)
    main = kinds
    if len(main) > 1:
        return MapReading(main[0], None, " and ".join(main), "one map (the sentence names " + " and ".join(main) + ")")
    kind = main[0]
    for m in NUMBER_HEDGE.finditer(text):
        a, b = _value(m.group("a")), _value(m.group("b"))
        if a is not None and b is not None and abs(a - b) > 1e-9 * max(1.0, abs(a)):
            return MapReading(kind, None, kind, "one factor (it names two different ones)")
    try:
        matrix, missing = BUILDERS[kind](text, n)
    except _Hedge:
        return MapReading(kind, None, kind, "one line, plane or factor (it names two different ones)")
    if matrix is None:
        return MapReading(kind, None, kind, missing)
    return MapReading(kind, _frozen(matrix), f"{kind}: the map {_rows(matrix)}")


def _rows(m: np.ndarray) -> str:
    return "[" + ", ".join("[" + ", ".join(f"{x + 0.0:.4g}" for x in row) + "]" for row in m) + "]"


def _frozen(m: np.ndarray) -> tuple[tuple[float, ...], ...]:
    return tuple(tuple(float(x) for x in row) for row in m)


def check_map_sentence(answer: str, matrix: Any, kind: str, words: str, *, tolerance: float = 1e-6) -> Verdict:
    """Grade a sentence against the reference map (its matrix, kind and the words that describe it)."""
    want = np.array(matrix.tolist() if hasattr(matrix, "tolist") else matrix, dtype=float)
    n = want.shape[0]
    reading = read_map(answer, n)
    shown = Rendering(latex=r"\text{" + _latex_text(reading.words or "nothing recognized") + "}",
                      text=reading.words or "nothing recognized")
    if reading.matrix is None and reading.kind is None and not reading.words:
        return Verdict(Status.INVALID, 0.0, "No map was described: name what it does (a reflection in a line, a "
                       "projection onto a line or plane, a shear, a scaling, a rotation).", shown,
                       diagnoses=(Code.NO_DESCRIPTION,))
    denies = bool(NEGATED_CLAIM.search(_NO_SCALE.sub(" ", answer[:MAX_TEXT])))
    if reading.unsure and reading.matrix is None:
        return Verdict(Status.MANUAL, 0.0, f"Could not be checked automatically ({reading.unsure}); an "
                       "instructor will read it.", shown, diagnoses=(Code.MAP_UNSURE,))
    if denies:  # it may deny exactly what was read: right or wrong, a person decides
        return Verdict(Status.MANUAL, 0.0, "Could not be checked automatically (the sentence says what the map is "
                       "not); an instructor will read it.", shown, diagnoses=(Code.MAP_UNSURE,))
    if reading.matrix is None:
        named = f"a {reading.kind}" if reading.kind else reading.words
        return Verdict(Status.INCORRECT, 0.0, f"Not correct: the answer names {named} but not "
                       f"{reading.missing}, so it does not say which map this is.", shown,
                       diagnoses=(Code.MAP_INCOMPLETE,))
    got = np.array(reading.matrix)
    if np.allclose(got, want, atol=tolerance, rtol=tolerance):
        if reading.unsure:
            return Verdict(Status.MANUAL, 0.0, f"Could not be checked automatically ({reading.unsure}); an "
                           "instructor will read it.", shown, diagnoses=(Code.MAP_UNSURE,))
        return Verdict(Status.CORRECT, 1.0, "Correct.", shown)
    if reading.kind is not None and reading.kind == kind:
        what = {"reflection": "the line or plane it reflects in", "projection": "what it projects onto, or how",
                "shear": "the direction or the factor", "scaling": "the factors", "rotation": "the angle or scale"}
        return Verdict(Status.INCORRECT, 0.0, f"Not correct: it is a {kind}, but {what.get(kind, 'the details')} "
                       "do not match this map.", shown, diagnoses=(Code.MAP_DETAILS,))
    return Verdict(Status.INCORRECT, 0.0, "Not correct: the map described is not this one.", shown,
                   diagnoses=(Code.MAP_KIND,))


COMPOSITION = re.compile(r"\bthen\b|\bfollowed\s+by\b|\bcompos\w*|\bafter\b|\b(?:applied|done|performed)\s+twice\b"
                         r"|\btwice\s+in\s+a\s+row|\bapplied\s+\w+\s+times",
                         re.IGNORECASE)
"""One map after another ("reflects, then scales", "the rotation applied twice"): not read, a person decides."""

NEGATED_CLAIM = re.compile(r"\bnot\b|n't\b|\bnever\b|\binstead\s+of\b|\bexcept\b|\brather\s+than\b"
                           r"|\bno\s+(?:longer|reflection|projection|shear|rotation)\b", re.IGNORECASE)
"""Words that deny something ("not a rotation", "isn't the x-axis"): the sentence is sent to a person, since it may
deny exactly what was read. ("no scaling" and the like are removed first.)"""


def _latex_text(text: str) -> str:
    return re.sub(r"([\\{}$&#%_^~])", lambda m: "\\" + m.group(1) if m.group(1) not in "\\^~" else " ", text)

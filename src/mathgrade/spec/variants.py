"""Per-student variants: the `variants:` block of a spec, and the deterministic draw of one candidate.

A spec with `variants:` names values drawn per student (integers, rationals, choices, angles). Each drawn value
is *text* (`"3"`, `"-2/3"`, `"pi/6"`) placed before the spec's own `values:`, so the values, references, solver
parameters and mistakes use drawn names exactly like any other named value (`V: "[[cos(t), -sin(t)], ...]"`),
parsed by the project's parser, never evaluated. The `where:` conditions and the redraws live in
grade/variants.py, which can compute; named conditions ("distinct eigenvalues of B") are read and checked against
the spec's names here, and decided by spec/predicates.py.

The draw is a pure function of (secret, assignment id, student id, attempt, value name) through SHA-256: the
same on every run, machine and Python version; no `hash()`, no global random state.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from mathgrade.errors import SpecError
from mathgrade.spec.predicates import PredicateError, read_condition
from mathgrade.spec.yamlload import line_of

__all__ = ["DEFAULT_SEED_ENV", "Candidate", "Draw", "VariantSpec", "candidate", "read_variants", "uniform"]

DEFAULT_SEED_ENV = "MATHGRADE_SEED_SECRET"
"""The environment variable read for the course secret when the spec gives no `seed`."""

DEFAULT_REDRAWS = 100
ALGORITHM = "mathgrade-variant-v1"
"""Part of every hashed message: a change of algorithm must change this name (and the golden draws test)."""

_HOW = ("integer", "rational", "choice", "angle")
_DRAW_KEYS = {*_HOW, "exclude", "denominators"}
_BLOCK_KEYS = {"seed", "redraws", "draw", "where", "pin"}


@dataclass(frozen=True)
class Draw:
    """One drawn value: `how` is integer, rational, choice or angle; `options` are the texts it is drawn from."""

    name: str
    how: str
    options: tuple[str, ...]


@dataclass(frozen=True)
class VariantSpec:
    """The `variants:` block: what is drawn, the conditions a draw must meet, and where the secret comes from."""

    draws: tuple[Draw, ...]
    where: tuple[str, ...] = ()
    seed: str | None = None
    """The secret itself, when the spec holds it (`seed: "text"`)."""
    seed_env: str = DEFAULT_SEED_ENV
    """Otherwise the environment variable that holds it (`seed: {env: NAME}`)."""
    redraws: int = DEFAULT_REDRAWS
    pins: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = ()
    """Instructor pins: student id → values given by hand (the rest drawn as usual)."""
    file: str = "<spec>"
    line: int = 0
    where_line: int = 0
    """The line of `where:`, for errors found when a condition is decided (0: not known)."""

    def secret(self) -> str:
        """The course secret. Raises SpecError when there is none: there is no default (a default would be
        public, and every course would share one set of variants)."""
        secret = self.seed if self.seed is not None else os.environ.get(self.seed_env, "")
        if not secret:
            raise SpecError(f"variants need a course secret: set the environment variable {self.seed_env} "
                            "(or `seed:` under variants)", file=self.file, line=self.line, field="variants.seed")
        return secret


def uniform(secret: str, assignment: str, student: str, attempt: int, name: str, n: int) -> int:
    """An integer in [0, n), fixed by its arguments (SHA-256 of them; a 256-bit number mod n, so the bias is
    below 2^-200 for any n a spec can have)."""
    message = "\x1f".join((ALGORITHM, secret, assignment, student, str(attempt), name)).encode("utf-8")
    return int.from_bytes(hashlib.sha256(message).digest(), "big") % n


def candidate(spec: VariantSpec, secret: str, assignment: str, student: str,
              attempt: int) -> tuple[tuple[str, str], ...]:
    """The values drawn for `student` at `attempt` (0, then 1, 2, ... as redraws), before any condition."""
    return Candidate(spec, secret, assignment, student, attempt).values(spec.draws)


class Candidate:
    """`candidate(...)` drawn value by value when first asked for: a redraw whose first condition fails never
    draws the values only later conditions use. Each value is `uniform`'s, from the same SHA-256 message (its
    common head hashed once)."""

    def __init__(self, spec: VariantSpec, secret: str, assignment: str, student: str, attempt: int,
                 pinned: dict[str, str] | None = None) -> None:
        self.pinned = dict(dict(spec.pins).get(student, ())) if pinned is None else pinned
        head = "\x1f".join((ALGORITHM, secret, assignment, student, str(attempt), ""))
        self._head = hashlib.sha256(head.encode("utf-8"))
        self._drawn: dict[str, str] = {}
        self._asked: dict[int, tuple[tuple[str, str], ...]] = {}

    def _draw(self, d: Draw) -> str:
        if d.name in self.pinned:
            return self.pinned[d.name]
        h = self._head.copy()
        h.update(d.name.encode("utf-8"))
        return d.options[int.from_bytes(h.digest(), "big") % len(d.options)]

    def values(self, draws: tuple[Draw, ...]) -> tuple[tuple[str, str], ...]:
        """(name, text) of these draws, in their order; the same tuple object asked again (conditions on one
        matrix use the same draws)."""
        hit = self._asked.get(id(draws))
        if hit is None:
            drawn = self._drawn
            out = []
            for d in draws:
                text = drawn.get(d.name)
                if text is None:
                    text = drawn[d.name] = self._draw(d)
                out.append((d.name, text))
            hit = self._asked[id(draws)] = tuple(out)
        return hit


def _fail(file: str, message: str, where: Any, key: Any, path: str) -> SpecError:
    return SpecError(message, file=file, line=line_of(where, key), field=path)


def _int(file: str, value: Any, where: Any, key: Any, path: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise _fail(file, f"must be a whole number, got {value!r}", where, key, path)
    return value


def _range(file: str, raw: Any, where: Any, key: str, path: str) -> tuple[int, int]:
    if not isinstance(raw, list) or len(raw) != 2:
        raise _fail(file, f"must be [low, high], got {raw!r}", where, key, path)
    low, high = (_int(file, v, where, key, path) for v in raw)
    if low > high:
        raise _fail(file, f"low {low} is above high {high}", where, key, path)
    if high - low > 1_000_000:
        raise _fail(file, "the range is too wide (over a million values)", where, key, path)
    return low, high


def _angle(degrees: Fraction) -> str:
    turn = degrees / 180
    if turn == 0:
        return "0"
    num = "pi" if abs(turn.numerator) == 1 else f"{abs(turn.numerator)}*pi"
    sign = "-" if turn < 0 else ""
    return f"{sign}{num}" if turn.denominator == 1 else f"{sign}{num}/{turn.denominator}"


def _draw(file: str, name: str, raw: Any, where: Any, path: str) -> Draw:
    if not isinstance(raw, dict):
        raise _fail(file, "must be a mapping such as {integer: [1, 5]}", where, name, path)
    for k in raw:
        if k not in _DRAW_KEYS:
            raise _fail(file, f"unknown field `{k}` in a drawn value (known: {', '.join(sorted(_DRAW_KEYS))})",
                        raw, k, f"{path}.{k}")
    hows = [h for h in _HOW if h in raw]
    if len(hows) != 1:
        raise _fail(file, f"give exactly one of {', '.join(_HOW)}", where, name, path)
    how = hows[0]
    exclude = raw.get("exclude", [])
    if not isinstance(exclude, list):
        raise _fail(file, "must be a list", raw, "exclude", f"{path}.exclude")
    options: list[str]
    if how == "integer":
        low, high = _range(file, raw[how], raw, how, f"{path}.{how}")
        options = [str(v) for v in range(low, high + 1)]
    elif how == "rational":
        low, high = _range(file, raw[how], raw, how, f"{path}.{how}")
        dens = raw.get("denominators", [2, 3, 4])
        if not isinstance(dens, list) or not dens:
            raise _fail(file, "must be a non-empty list of whole numbers", raw, "denominators",
                        f"{path}.denominators")
        seen: dict[Fraction, None] = {}
        for d in dens:
            d = _int(file, d, raw, "denominators", f"{path}.denominators")
            if not 1 <= d <= 1000:
                raise _fail(file, f"a denominator must be from 1 to 1000, got {d}", raw, "denominators",
                            f"{path}.denominators")
            for num in range(low * d, high * d + 1):
                seen.setdefault(Fraction(num, d), None)
        options = [str(q) for q in sorted(seen)]  # each rational once, however many ways it is written
    else:
        items = raw[how]
        if not isinstance(items, list) or not items or not all(
                isinstance(v, (str, int, float)) and not isinstance(v, bool) for v in items):
            raise _fail(file, "must be a non-empty list of numbers or expression texts", raw, how, f"{path}.{how}")
        if how == "angle":
            try:
                options = [_angle(Fraction(str(v))) for v in items]
            except ValueError:
                raise _fail(file, "angles are given in degrees, as numbers (30, 45, 22.5)", raw, how,
                            f"{path}.{how}") from None
        else:
            options = [str(v) for v in items]
    removed = {str(v) for v in exclude}
    options = [o for o in dict.fromkeys(options) if o not in removed]
    if not options:
        raise _fail(file, "nothing is left to draw from", where, name, path)
    return Draw(name, how, tuple(options))


def read_variants(raw: Any, top: Any, file: str, value_names: set[str]) -> VariantSpec:
    """Read the `variants:` block (SpecError with file, line and field on every mistake)."""
    if not isinstance(raw, dict):
        raise _fail(file, "must be a mapping with `draw` (and optionally where, seed, redraws, pin)", top,
                    "variants", "variants")
    for k in raw:
        if k not in _BLOCK_KEYS:
            raise _fail(file, f"unknown field `{k}` in variants (known: {', '.join(sorted(_BLOCK_KEYS))})", raw, k,
                        f"variants.{k}")
    draws_raw = raw.get("draw")
    if not isinstance(draws_raw, dict) or not draws_raw:
        raise _fail(file, "`draw` must be a non-empty mapping of names to what they are drawn from", raw, "draw",
                    "variants.draw")
    draws = []
    for name, spec in draws_raw.items():
        name = str(name)
        if not name.replace("_", "").isalnum() or not name.isascii():
            raise _fail(file, "a drawn value's name must be ASCII letters, digits and _", draws_raw, name,
                        f"variants.draw.{name}")
        if name in value_names:
            raise _fail(file, f"{name!r} is both drawn and under `values`", draws_raw, name, f"variants.draw.{name}")
        draws.append(_draw(file, name, spec, draws_raw, f"variants.draw.{name}"))
    where = raw.get("where", [])
    if isinstance(where, str):
        where = [where]
    if not isinstance(where, list) or not all(isinstance(w, str) for w in where):
        raise _fail(file, "must be a list of conditions such as \"det(M) != 0\"", raw, "where", "variants.where")
    for n, text in enumerate(where):  # named conditions are checked here, where the spec's lines are known
        try:
            named = read_condition(text)
        except PredicateError as exc:
            raise _fail(file, str(exc), raw, "where", f"variants.where[{n}]") from None
        if named is not None and named.name not in value_names | {d.name for d in draws}:
            raise _fail(file, f"{named.name!r} in {text!r} is neither drawn nor under `values`", raw, "where",
                        f"variants.where[{n}]")
    seed_raw = raw.get("seed")
    seed, seed_env = None, DEFAULT_SEED_ENV
    if isinstance(seed_raw, dict) and set(seed_raw) == {"env"} and isinstance(seed_raw["env"], str):
        seed_env = seed_raw["env"]
    elif isinstance(seed_raw, (str, int)) and not isinstance(seed_raw, bool) and str(seed_raw):
        seed = str(seed_raw)
    elif seed_raw is not None:
        raise _fail(file, "seed is the course secret as text, or {env: VARIABLE}", raw, "seed", "variants.seed")
    redraws = _int(file, raw.get("redraws", DEFAULT_REDRAWS), raw, "redraws", "variants.redraws")
    if not 1 <= redraws <= 10_000:
        raise _fail(file, f"redraws must be from 1 to 10000, got {redraws}", raw, "redraws", "variants.redraws")
    pins_raw = raw.get("pin", {})
    if not isinstance(pins_raw, dict):
        raise _fail(file, "must map student ids to {name: value}", raw, "pin", "variants.pin")
    names = {d.name for d in draws}
    pins = []
    for student, values in pins_raw.items():
        path = f"variants.pin.{student}"
        if not isinstance(values, dict) or not values:
            raise _fail(file, "must map drawn names to values", pins_raw, student, path)
        for k in values:
            if str(k) not in names:
                raise _fail(file, f"{k!r} is not a drawn value", values, k, f"{path}.{k}")
        pins.append((str(student), tuple((str(k), str(v)) for k, v in values.items())))
    return VariantSpec(tuple(draws), tuple(where), seed, seed_env, redraws, tuple(pins), file,
                       line_of(top, "variants") or 0, line_of(raw, "where") or 0)

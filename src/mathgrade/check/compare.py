"""Comparators: is a parsed answer equal to the reference, within tolerance?

Equivalence is decided numerically, at seeded random points (the same on every run), because `simplify` can take
seconds or never finish on ordinary right answers. Exact answers are held to float precision; answers with
decimals to the relative tolerance. Indexed formulas are instantiated for concrete sizes and index values.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np
import sympy

from mathgrade.check.evaluate import Env, ShapeMismatch, Unsupported, Vec, compile_expr, index_structure
from mathgrade.check.options import EXACT_RTOL, CheckOptions, Condition
from mathgrade.parse.functions import expand_declared, has_declared
from mathgrade.parse.objects import is_matrix, nodes_over

SIZES = (3, 4)
"""Sizes K at which indexed formulas are instantiated: two, so a formula right only for one K is caught."""

MAX_ASSIGNMENTS = 16


@dataclass(frozen=True)
class Outcome:
    """Result of comparing two scalars: equal or not, or undecidable (`None`) with the reason."""

    equal: bool | None
    reason: str = ""


def has_float(value: Any) -> bool:
    """True if the value has a decimal number in it (the student wrote 0.707, not 1/√2)."""
    if is_matrix(value):
        return any(has_float(v) for v in value)
    return bool(value.atoms(sympy.Float))


def _close(a: np.ndarray, b: np.ndarray, rtol: float, atol: float) -> np.ndarray:
    scale = np.maximum(np.abs(a), np.abs(b))
    return np.abs(a - b) <= atol + rtol * scale


def _as_points(v: Any) -> np.ndarray:
    """Flatten a value to (n, d): scalars are d = 1, vectors keep their entries (orientation is checked apart)."""
    if isinstance(v, Vec):
        return v.data
    return np.asarray(v).reshape(-1, 1)


MAX_FREE_INDICES = 6


def _assignments(free: list[sympy.Symbol], size: int, condition: Condition) -> list[dict[sympy.Symbol, int]]:
    """Index values to try: every combination allowed by the condition, or a seeded sample when there are many.

    Never materialises size ** len(free) tuples: a hostile answer can name a dozen indices.
    """
    def allowed(c: tuple[int, ...]) -> bool:
        return len(free) < 2 or condition is Condition.ANY or (c[0] == c[1]) == (condition is Condition.EQUAL)

    total = size ** len(free)
    if total <= 4 * MAX_ASSIGNMENTS:
        combos = [c for c in itertools.product(range(1, size + 1), repeat=len(free)) if allowed(c)]
        if len(combos) > MAX_ASSIGNMENTS:
            step = len(combos) / MAX_ASSIGNMENTS
            combos = [combos[int(k * step)] for k in range(MAX_ASSIGNMENTS)]
    else:
        rng = np.random.default_rng([size, len(free)])
        combos = []
        for _ in range(20 * MAX_ASSIGNMENTS):
            c = tuple(int(v) for v in rng.integers(1, size + 1, size=len(free)))
            if condition is Condition.EQUAL and len(free) >= 2:
                c = (c[0], c[0], *c[2:])
            if allowed(c) and c not in combos:
                combos.append(c)
            if len(combos) == MAX_ASSIGNMENTS:
                break
    return [dict(zip(free, c)) for c in combos]


class Mismatch(Exception):
    """The two sides cannot be equal for a structural reason (a vector against a scalar, ...)."""


_REFERENCE_VALUES: dict[tuple[Any, ...], Any] = {}
_REFERENCE_VALUES_MAX = 8192


def _reference_values(f_expected: Any, expected: Any, env: Env) -> Any:
    """The reference's values at the env's points. Every answer to a part is compared at the same points, and
    the points depend only on the env's parameters (sample draws are deterministic), so each reference is
    evaluated once per process and per parameters, not once per answer."""
    key = (expected, env.n, env.seed, env.size, env.dim, tuple(sorted(env.domains.items())), env.vectors,
           tuple(sorted((s.name, v) for s, v in env.indices.items())), env.size_symbols)
    try:
        value = _REFERENCE_VALUES.get(key)
    except TypeError:  # an unhashable value (a matrix inside): evaluate every time
        return f_expected(env)
    if value is None:
        value = f_expected(env)
        if nodes_over(expected, 300):  # a derivation's own members reach here too: keep no large student trees alive
            return value
        for array in (value.data if isinstance(value, Vec) else value,):
            if isinstance(array, np.ndarray):
                array.setflags(write=False)  # shared between answers: nobody may change it in place
        if len(_REFERENCE_VALUES) >= _REFERENCE_VALUES_MAX:
            _REFERENCE_VALUES.clear()
        _REFERENCE_VALUES[key] = value
    return value



def paired_samples(student: Any, expected: Any, options: CheckOptions) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """Values of both sides, (n, d) each, per size and index assignment; points where the reference is not finite
    are dropped. Raises Unsupported (cannot evaluate) or Mismatch (with a reason a student can read)."""
    if has_declared(student) or has_declared(expected):  # σ(x): compared through the spec's own formula
        student, expected = expand_declared(student), expand_declared(expected)
    f_student, f_expected = compile_expr(student), compile_expr(expected)
    structure = index_structure(student, expected)
    free = sorted(structure.free, key=lambda s: s.name)
    if len(free) > MAX_FREE_INDICES:
        raise Mismatch(f"uses {len(free)} different indices; a formula here has at most {MAX_FREE_INDICES}")
    # The condition's two indices (i and j unless the spec names others): kept in the declared order.
    if options.condition is not Condition.ANY:
        named = [s for s in map(sympy.Symbol, options.condition_indices) if s in structure.free]
        free = named + [s for s in free if s not in named]
    indexed = bool(free or structure.bound)
    constant = not indexed and not (student.free_symbols | expected.free_symbols)
    n = 1 if constant else options.points
    sizes = SIZES if indexed else (SIZES[0],)
    domains = dict(options.domains)
    with np.errstate(all="ignore"):
        for size in sizes:
            for assignment in _assignments(free, size, options.condition):
                env = Env(n=n, seed=options.seed, size=size, domains=domains, vectors=options.vectors,
                          indices=dict(assignment), size_symbols=structure.sizes)
                try:
                    got, want = f_student(env), _reference_values(f_expected, expected, env)
                except ShapeMismatch as exc:
                    raise Mismatch(f"your answer has {exc}") from None
                if isinstance(got, Vec) != isinstance(want, Vec):
                    raise Mismatch("expected " + ("a vector" if isinstance(want, Vec) else "a scalar"))
                if isinstance(got, Vec) and options.orientation and got.row != want.row:
                    raise Mismatch("expected a " + ("row" if want.row else "column") + " vector")
                a, b = _as_points(got), _as_points(want)
                if a.shape != b.shape:
                    raise Mismatch("the vector has the wrong number of entries")
                usable = np.all(np.isfinite(b), axis=1)
                if usable.any():
                    yield a[usable], b[usable]


def compare_scalar(student: Any, expected: Any, options: CheckOptions) -> Outcome:
    """Compare two scalar sympy expressions at random points (and index instantiations)."""
    decimals = has_float(student) or has_float(expected)
    rtol = options.rtol if decimals else EXACT_RTOL
    if student == expected:
        return Outcome(True)
    if has_declared(student) or has_declared(expected):  # σ(0) is checked as the number its formula gives
        student, expected = expand_declared(student), expand_declared(expected)
    valid = 0
    try:
        with np.errstate(all="ignore"):
            for a, b in paired_samples(student, expected, options):
                ok = _close(a, b, rtol, options.atol) & np.isfinite(a)
                if not ok.all():
                    return Outcome(False)
                valid += len(a)
    except Mismatch as exc:
        return Outcome(False, str(exc))
    except Unsupported as exc:
        return Outcome(None, str(exc))
    if valid == 0:
        return Outcome(None, "the expected answer could not be evaluated at any sample point")
    if not (student.free_symbols | expected.free_symbols) and not decimals:
        return _confirm_constant(student, expected)
    return Outcome(True)


def _confirm_constant(student: Any, expected: Any) -> Outcome:
    """Two exact constants equal at float precision: confirm with 50 digits when they are not bit-equal."""
    a, b = complex(student.evalf(17)), complex(expected.evalf(17))
    if a == b:
        return Outcome(True)
    diff = abs(sympy.N(student - expected, 50))
    scale = max(abs(a), abs(b), 1e-300)
    return Outcome(bool(diff <= 1e-30 * max(scale, 1.0)))


def entrywise(student: Any, expected: Any, options: CheckOptions) -> tuple[list[tuple[int, int]], str | None]:
    """Compare matrices of equal shape entry by entry; returns the wrong entries (1-based) and any reason."""
    wrong: list[tuple[int, int]] = []
    reason: str | None = None
    for r in range(expected.rows):
        for c in range(expected.cols):
            outcome = compare_scalar(student[r, c], expected[r, c], options)
            if outcome.equal is None:
                reason = outcome.reason or "could not be checked"
                wrong.append((r + 1, c + 1))
            elif not outcome.equal:
                wrong.append((r + 1, c + 1))
    return wrong, reason

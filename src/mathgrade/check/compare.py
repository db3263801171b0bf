"""Comparators: is a parsed answer equal to the reference, within tolerance?

Equivalence is decided numerically, at seeded random points (the same on every run), because `simplify` can take
seconds or never finish on ordinary right answers. Exact answers are held to float precision; answers with
decimals to the relative tolerance. Indexed formulas are instantiated for concrete sizes and index values.
"""

from __future__ import annotations

import itertools
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

import numpy as np
import sympy

from mathgrade.check.codes import Code
from mathgrade.check.evaluate import Env, ShapeMismatch, Unsupported, Vec, compile_expr, index_structure
from mathgrade.check.options import EXACT_RTOL, CheckOptions, Condition
from mathgrade.check.regions import regions_agree
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
    code: str | None = None
    """The diagnosis the reason stands for (a Code), when the sides cannot be lined up at all."""


def has_float(value: Any) -> bool:
    """True if the value has a decimal number in it (the student wrote 0.707, not 1/√2)."""
    if is_matrix(value):
        return any(has_float(v) for v in value)
    return bool(value.atoms(sympy.Float))


def _close(a: np.ndarray, b: np.ndarray, rtol: float, atol: float, whole: bool = False) -> np.ndarray:
    """Within `rtol` of the reference's own magnitude; `atol` only where the reference is zero. An absolute floor
    everywhere would make every small quantity equal to every other (1e-34 for 6.626e-34).

    With `whole` (exact answers), a vector's magnitude at a point is its length, not each entry's: exact answers
    are compared at float precision, and an entry that cancels to nearly zero (y_i x_i − y_i Σ_k y_k x_k) carries
    the rounding noise of the whole vector's terms."""
    size = np.abs(b)
    if not whole:
        return np.abs(a - b) <= np.where(size == 0, atol, rtol * size)
    if b.ndim > 1 and b.shape[1] > 1:
        size = np.broadcast_to(np.linalg.norm(b, axis=1, keepdims=True), b.shape)
    # Exact answers keep a floor of float noise (atol is then 1e-12): 1 - tanh²(100) is 0 in floats where
    # sech²(100) is 1e-86, and both are right.
    return np.abs(a - b) <= np.maximum(rtol * size, atol)


EXACT_ZERO_TOL = 1e-12
"""Exact answers against a reference that is exactly zero at a point: only float noise (sin²x + cos²x − 1) passes."""

WEAK_NODES = (sympy.Abs, sympy.sign, sympy.Piecewise, sympy.Max, sympy.Min, sympy.floor, sympy.ceiling,
              sympy.Heaviside)
"""Nodes on which a few sample points say little: they change formula from one region to another."""

MAX_ANCHORS = 8
FAR = 10.0
"""Numbers beyond the largest sampling band (see evaluate.MAGNITUDE_BANDS)."""
RECHECK_POINTS = 48


@lru_cache(maxsize=4096)
def reference_seed(expected: Any) -> int:
    """A seed drawn from the reference itself when the part or spec gives none: never the same fixed points for
    every question, so points read from the public source cannot be used to build an answer that fits them."""
    return zlib.crc32(str(expected).encode("utf-8")) or 1


def _anchors(*exprs: Any) -> tuple[float, ...]:
    """The numbers the expressions name, with both signs (the kink of |x + 5| is at −5): points go beside them."""
    found: set[float] = set()
    for e in exprs:
        found |= _numbers(e)
    chosen = sorted(found)[:MAX_ANCHORS // 2]
    return tuple(sorted({c for v in chosen for c in (v, -v)}))


@lru_cache(maxsize=8192)
def _numbers(e: Any) -> frozenset[float]:
    return frozenset(v for atom in e.atoms(sympy.Rational, sympy.Float) if 0.05 <= (v := abs(float(atom))) <= 1e4)


@lru_cache(maxsize=8192)
def _weak(e: Any) -> frozenset[type]:
    """The kinds of weak node in an expression; square roots of expressions with symbols count as Abs."""
    kinds = {type(a) for a in e.atoms(*WEAK_NODES)}
    if any(not p.exp.is_integer and p.base.free_symbols for p in e.atoms(sympy.Pow)):
        kinds.add(sympy.Pow)
    return frozenset(kinds)


def suspicious(student: Any, expected: Any) -> bool:
    """Whether agreement at the first points is weak evidence: the answer has region-dependent parts the reference
    lacks (|x − 3| for 3 − x), or is much larger than the reference (a polynomial built to vanish at points)."""
    if _weak(student) - _weak(expected):
        return True
    return nodes_over(student, 3 * _size(expected) + 12)


@lru_cache(maxsize=4096)
def _size(expected: Any) -> int:
    return sum(1 for _ in sympy.preorder_traversal(expected))


@lru_cache(maxsize=8192)
def _rational_function(e: Any) -> bool:
    """A quotient of polynomials in plain symbols with rational coefficients (no functions, roots, floats)."""
    if not getattr(e, "free_symbols", None):
        return False
    stack = [e]
    while stack:
        n = stack.pop()
        if n.is_Symbol or n.is_Rational:
            continue
        if n.is_Add or n.is_Mul:
            stack.extend(n.args)
        elif n.is_Pow and n.exp.is_Integer:
            stack.append(n.base)
        else:
            return False
    return True


NOISE_LEVEL = 1e-5
"""Relative differences below this, at a point, may be rounding (cosh²x − sinh²x at x = 10 loses 8 digits): such
points are evaluated again with 30 digits before they count against the answer."""
MAX_PRECISE_POINTS = 3


def _noise_only(student: Any, expected: Any, a: np.ndarray, b: np.ndarray, ok: np.ndarray,
                kept: tuple[Env, np.ndarray], rtol: float, atol: float) -> bool:
    """Whether every failing point fails only by float rounding: evaluated again with 30 significant digits
    (sympy's evalf), the two sides agree there. Only for plain symbols, and only for a few points."""
    bad = np.nonzero(~ok.all(axis=1) if ok.ndim > 1 else ~ok)[0]
    if len(bad) > MAX_PRECISE_POINTS or a.ndim > 1 and a.shape[1] != 1:
        return False
    diff = np.abs(a - b).reshape(len(a), -1)[bad]
    size = np.abs(b).reshape(len(b), -1)[bad]
    if not np.all(np.isfinite(diff)) or np.any(diff > NOISE_LEVEL * np.maximum(size, 1.0)):
        return False
    symbols = student.free_symbols | expected.free_symbols
    if any(not isinstance(sym, sympy.Symbol) or sym.name in kept[0].vectors for sym in symbols) or \
            student.has(sympy.Indexed, sympy.Sum) or \
            expected.has(sympy.Indexed, sympy.Sum):
        return False
    env, usable = kept
    where = np.nonzero(usable)[0][bad]
    columns = {sym: env.scalar(sym) for sym in symbols}
    for k in where:
        point = {sym: sympy.Float(float(np.real(v[k])), 30) for sym, v in columns.items()}
        try:
            x = complex(student.evalf(30, subs=point))
            y = complex(expected.evalf(30, subs=point))
        except (TypeError, ValueError, ArithmeticError):
            return False
        if not abs(x - y) <= (atol if y == 0 else rtol * abs(y)):
            return False
    return True


def _exact_points_agree(student: Any, expected: Any, seed: int) -> bool:
    """Two rational functions with rational coefficients agree exactly at random large integer points: floats at
    a few points cannot tell x^13 + ... + 1 from x^13 + ... + 2, nor 333333333x/10^9 from x/3."""
    rng = np.random.default_rng([seed, 7])
    names = sorted(student.free_symbols | expected.free_symbols, key=lambda s: s.name)
    checked = 0
    for _ in range(4):
        point = {s: sympy.Integer(int(v)) for s, v in zip(names, rng.integers(-10 ** 6, 10 ** 6, len(names)))}
        a, b = student.xreplace(point), expected.xreplace(point)
        if a.has(sympy.zoo, sympy.nan) or b.has(sympy.zoo, sympy.nan):
            continue
        if a != b:
            return False
        checked += 1
        if checked == 2:
            break
    return True


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
    """The two sides cannot be equal for a structural reason (a vector against a scalar, ...), with the Code
    that names it when there is one."""

    def __init__(self, reason: str, code: str | None = None) -> None:
        super().__init__(reason)
        self.code = code


_REFERENCE_VALUES: dict[tuple[Any, ...], Any] = {}
_REFERENCE_VALUES_MAX = 8192


def _reference_values(f_expected: Any, expected: Any, env: Env) -> Any:
    """The reference's values at the env's points. Every answer to a part is compared at the same points, and
    the points depend only on the env's parameters (sample draws are deterministic), so each reference is
    evaluated once per process and per parameters, not once per answer."""
    key = (expected, env.n, env.seed, env.size, env.dim, tuple(sorted(env.domains.items())), env.vectors, env.anchors,
           env.far, env.fixed,
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



def _pinned_size(expected: Any) -> int | None:
    """The number of members of the indexed family a reference without sums writes out (x_1, x_2, x_3: 3), or None."""
    if not isinstance(expected, sympy.Basic) or expected.has(sympy.Sum):
        return None
    top = [int(i) for node in sympy.preorder_traversal(expected) if isinstance(node, sympy.Indexed)
           for i in node.indices if isinstance(i, sympy.Integer)]
    if not top or min(top) < 1 or max(top) > MAX_PINNED_SIZE:
        return None
    return max(top)


MAX_PINNED_SIZE = 12


def paired_samples(student: Any, expected: Any, options: CheckOptions, anchors: tuple[float, ...] = (),
                   keep: list[tuple[Env, np.ndarray]] | None = None, far: int = 0,
                   fixed: tuple[float, ...] = ()) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """Values of both sides, (n, d) each, per size and index assignment; points where the reference is not finite
    are dropped. `far` points of large magnitude and the `fixed` values (sides of kinks) come after the ordinary
    ones. Raises Unsupported (cannot evaluate) or Mismatch (with a reason a student can read)."""
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
    if constant:
        far, fixed = 0, ()
    n = 1 if constant else options.points + 2 * len(anchors) + far + len(fixed)
    sizes = SIZES if indexed else (SIZES[0],)
    if structure.sizes and (pinned := _pinned_size(expected)):
        # Σ_k e^{x_k} "with no range" where the problem has x_1, x_2, x_3 and no sum: the student means its terms
        sizes = (pinned,)
    domains = dict(options.domains)
    seed = options.seed or reference_seed(expected)
    with np.errstate(all="ignore"):
        for size in sizes:
            for assignment in _assignments(free, size, options.condition):
                env = Env(n=n, seed=seed, size=size, domains=domains, vectors=options.vectors,
                          indices=dict(assignment), size_symbols=structure.sizes, anchors=anchors, far=far,
                          fixed=fixed)
                try:
                    got, want = f_student(env), _reference_values(f_expected, expected, env)
                except ShapeMismatch as exc:
                    raise Mismatch(f"your answer has {exc}") from None
                if isinstance(got, Vec) != isinstance(want, Vec):
                    raise Mismatch("expected " + ("a vector" if isinstance(want, Vec) else "a scalar"),
                                   Code.SCALAR_FOR_VECTOR if isinstance(want, Vec) else Code.VECTOR_FOR_SCALAR)
                if isinstance(got, Vec) and options.orientation and got.row != want.row:
                    raise Mismatch("expected a " + ("row" if want.row else "column") + " vector", Code.WRONG_ORIENTATION)
                a, b = _as_points(got), _as_points(want)
                if a.shape != b.shape:
                    raise Mismatch("the vector has the wrong number of entries", Code.WRONG_SHAPE)
                usable = np.all(np.isfinite(b), axis=1)
                if usable.any():
                    if keep is not None:  # where the points were, for a recheck at high precision
                        keep.append((env, usable))
                    yield a[usable], b[usable]


def compare_scalar(student: Any, expected: Any, options: CheckOptions) -> Outcome:
    """Compare two scalar sympy expressions at random points (and index instantiations)."""
    decimals = has_float(student) or has_float(expected)
    if student == expected:
        return Outcome(True)
    if has_declared(student) or has_declared(expected):  # σ(0) is checked as the number its formula gives
        student, expected = expand_declared(student), expand_declared(expected)
    if getattr(student, "is_Rational", False) and getattr(expected, "is_Rational", False):
        # exact integers and fractions are equal only when they are the same number (σ(0)·2 became 1 just above)
        return Outcome(bool(student == expected))
    # The reference's numbers, and any number of the answer beyond the sampled bands (`x + e^(x - 100)` differs
    # from x only near 100): the reference's values stay cached for every answer that names no such number.
    far = tuple(sorted({c for v in _numbers(student) - _numbers(expected) if v > FAR for c in (v, -v)}))[:4]
    fixed = kink_points(student, expected) if _weak(student) or _weak(expected) else ()
    first = _sampled(student, expected, options, decimals, _anchors(expected) + far, fixed)
    if first.equal is not True:
        return first
    if fixed and not decimals and regions_agree(student, expected, fixed, options.seed or reference_seed(expected),
                                                options.domains) is False:
        return Outcome(False)  # |x| + x/10^50: the same numbers at every point, another formula on a region
    if not (student.free_symbols | expected.free_symbols) and not decimals:
        return _confirm_constant(student, expected)
    if not decimals and _rational_function(student) and _rational_function(expected):
        # Confirmed exactly, at large integer points: floats cannot tell x^13 + ... + 1 from x^13 + ... + 2.
        return Outcome(_exact_points_agree(student, expected, options.seed or reference_seed(expected)))
    if suspicious(student, expected):
        seed = (options.seed or reference_seed(expected)) + 1
        more = replace(options, points=RECHECK_POINTS, seed=seed)
        return _sampled(student, expected, more, decimals, _anchors(student, expected))
    return first


def _sampled(student: Any, expected: Any, options: CheckOptions, decimals: bool,
             anchors: tuple[float, ...], fixed: tuple[float, ...] = ()) -> Outcome:
    rtol = options.rtol if decimals else EXACT_RTOL
    # The absolute floor is for references given as decimals; against an exact 0 only rounding noise passes
    # (1e-16 from numpy, not 4e-9).
    atol = options.atol if has_float(expected) else EXACT_ZERO_TOL
    valid = 0
    kept: list[tuple[Env, np.ndarray]] = []
    far = FAR_POINTS if not decimals and _plain_scalars(student, expected, options) else 0
    try:
        with np.errstate(all="ignore"):
            for a, b in paired_samples(student, expected, options, anchors, kept, far, fixed):
                ok = _close(a, b, rtol, atol, whole=not decimals) & np.isfinite(a)
                if far and not ok.all():
                    ok = _far_rows_decided(student, expected, a, b, ok, kept[-1], far, len(fixed))
                if not ok.all() and not _noise_only(student, expected, a, b, ok, kept[-1], rtol, atol):
                    return Outcome(False)
                valid += len(a)
    except Mismatch as exc:
        return Outcome(False, str(exc), exc.code)
    except Unsupported as exc:
        return Outcome(None, str(exc))
    if valid == 0:
        return Outcome(None, "the expected answer could not be evaluated at any sample point")
    return Outcome(True)


FAR_POINTS = 8
"""Points of large magnitude (evaluate.FAR_BANDS, 10 to 1000, both signs) added to the first comparison of exact
answers in plain variables, one of each sign per band (10 to 10^6): `ln x + x^2/10^12` agrees with ln x to
1e-10 below 10 and differs by 1e-7 at 1000."""
FAR_NOISE = 1e-12
"""At a far point, a difference below this share of the error bound (`magnitude`, in units of the rounding unit
1.1e-16, so 10^4 times the worst rounding) is float cancellation (cosh²x − sinh²x at x = 100 has terms of 1e86), so the point decides nothing."""


def _plain_scalars(student: Any, expected: Any, options: CheckOptions) -> bool:
    """Far points are for scalar formulas in plain variables (no vectors, indices or sums)."""
    if is_matrix(student) or is_matrix(expected):
        return False
    symbols = student.free_symbols | expected.free_symbols
    return bool(symbols) and all(isinstance(s, sympy.Symbol) and s.name not in options.vectors for s in symbols) \
        and not student.has(sympy.Indexed, sympy.Sum) and not expected.has(sympy.Indexed, sympy.Sum)


@lru_cache(maxsize=4096)
def magnitude(e: Any) -> Any:
    """A bound on the float error of evaluating `e`, in units of the rounding unit: sums of |terms|, products of
    bounds, and for a function |f(u)| + |f'(u)|·bound(u) (an error in u moves f(u) by f'(u) times it)."""
    if e.is_Number or e.is_NumberSymbol or isinstance(e, sympy.Symbol) or e is sympy.I:
        return sympy.Abs(e)
    if isinstance(e, sympy.Add):
        return sympy.Add(*[magnitude(a) for a in e.args])
    if isinstance(e, sympy.Mul):
        return sympy.Mul(*[magnitude(a) for a in e.args])
    if isinstance(e, sympy.Pow):
        if e.exp.is_Integer and e.exp > 0:
            return magnitude(e.base) ** e.exp
        out = sympy.Abs(e) + sympy.Abs(e.exp * e.base ** (e.exp - 1)) * magnitude(e.base)
        if e.exp.free_symbols:
            out += sympy.Abs(e * sympy.log(e.base)) * magnitude(e.exp)
        return out
    if isinstance(e, sympy.Abs):
        return magnitude(e.args[0])
    if len(e.args) == 1 and isinstance(e, sympy.Function):
        u = sympy.Dummy("u")
        slope = type(e)(u).diff(u).xreplace({u: e.args[0]})
        return sympy.Abs(e) + sympy.Abs(slope) * magnitude(e.args[0])
    raise Unsupported(f"no error bound for `{type(e).__name__}`")


def _far_rows_decided(student: Any, expected: Any, a: np.ndarray, b: np.ndarray, ok: np.ndarray,
                      kept: tuple[Env, np.ndarray], far: int, fixed: int) -> np.ndarray:
    """`ok` with the far points that decide nothing marked fine: where the answer overflows (e^(2x) at x = 800)
    or where the difference is within float cancellation of the terms' size."""
    env, usable = kept
    rows = np.nonzero(usable)[0]
    is_far = (rows >= env.n - far - fixed) & (rows < env.n - fixed)
    bad = is_far & ~ok.all(axis=1)
    if not bad.any():
        return ok
    ok = ok.copy()
    overflow = bad & ~np.all(np.isfinite(a), axis=1)
    ok[overflow] = True
    bad &= ~overflow
    if bad.any():
        try:
            with np.errstate(all="ignore"):
                size = np.abs(np.asarray(compile_expr(magnitude(student))(env))).reshape(env.n)[usable] + \
                    np.abs(np.asarray(compile_expr(magnitude(expected))(env))).reshape(env.n)[usable]
        except (Unsupported, ShapeMismatch, TypeError, ValueError):
            ok[bad] = True  # no bound on the rounding there: the far points decide nothing
            return ok
        diff = np.abs(a - b).reshape(len(a), -1).max(axis=1)
        noise = bad & (~np.isfinite(size) | (diff <= FAR_NOISE * size))
        ok[noise] = True
    return ok


def kink_points(student: Any, expected: Any) -> tuple[float, ...]:
    """Values on both sides of every kink and in every region between kinks: the real roots of the arguments of
    |·|, sign, the radicands of roots and the sides of piecewise conditions, where these are polynomials in one
    variable (found numerically, degree ≤ 8). |x| + |x − 1/10| and |2x − 1/10| differ only on (0, 1/20)."""
    kinks = sorted(set(_kinks(student)) | set(_kinks(expected)))
    merged: list[float] = []
    for k in kinks:
        if not merged or abs(k - merged[-1]) > 1e-9 * max(1.0, abs(k)):
            merged.append(k)
    merged = merged[:MAX_KINKS]
    if not merged:
        return ()
    points = [merged[0] - max(1.0, abs(merged[0])), merged[-1] + max(1.0, abs(merged[-1]))]
    for k, here in enumerate(merged):
        gaps = [abs(here - merged[j]) for j in (k - 1, k + 1) if 0 <= j < len(merged)]
        delta = min([0.01 * max(1.0, abs(here))] + [g / 4 for g in gaps])
        points += [here - delta, here + delta]
        if k + 1 < len(merged):
            points.append((here + merged[k + 1]) / 2)
    return tuple(points)


MAX_KINKS = 8


@lru_cache(maxsize=4096)
def _kinks(e: Any) -> tuple[float, ...]:
    if not isinstance(e, sympy.Basic):
        return ()
    args: list[Any] = []
    for node in e.atoms(sympy.Abs, sympy.sign, sympy.Heaviside, sympy.Pow, sympy.Piecewise):
        if isinstance(node, sympy.Pow):
            if not node.exp.is_integer and node.base.free_symbols:
                args.append(node.base)
        elif isinstance(node, sympy.Piecewise):
            args += [c.lhs - c.rhs for _, c in node.args if isinstance(c, sympy.core.relational.Relational)]
            args += [r.lhs - r.rhs for _, c in node.args if isinstance(c, (sympy.And, sympy.Or))
                     for r in c.args if isinstance(r, sympy.core.relational.Relational)]
        else:
            args.append(node.args[0])
    out: list[float] = []
    for arg in args[:MAX_KINKS]:
        out += _real_roots_of(arg)
    return tuple(out)


@lru_cache(maxsize=4096)
def _real_roots_of(arg: Any) -> tuple[float, ...]:
    """Real roots of a polynomial in one variable with numeric coefficients, numerically; () otherwise."""
    if len(arg.free_symbols) != 1 or nodes_over(arg, 60):
        return ()
    var = next(iter(arg.free_symbols))
    try:
        poly = sympy.Poly(arg, var)
        if poly.degree() < 1 or poly.degree() > 8:
            return ()
        if poly.domain.is_ZZ or poly.domain.is_QQ:
            poly = poly.sqf_part()  # (x^2 - 1)^2: numpy finds a double root only to 1e-8, as two
        coeffs = [complex(c) for c in poly.all_coeffs()]
    except (sympy.PolynomialError, TypeError, ValueError):
        return ()
    if any(abs(c.imag) > 0 for c in coeffs):
        return ()
    roots = np.roots([c.real for c in coeffs])
    return tuple(float(r.real) for r in roots if abs(r.imag) <= 1e-7 * max(1.0, abs(r.real)))


def _confirm_constant(student: Any, expected: Any) -> Outcome:
    """Two exact constants equal at float precision: confirm with 50 digits when they are not bit-equal."""
    a, b = complex(student.evalf(17)), complex(expected.evalf(17))
    if a == b:
        return Outcome(True)
    diff = abs(sympy.N(student - expected, 50))
    scale = max(abs(a), abs(b), 1e-300)
    return Outcome(bool(diff <= 1e-30 * max(scale, 1.0)))


def within_norm(student: Any, expected: Any, options: CheckOptions) -> bool:
    """Numeric matrices within `rtol` in the Frobenius norm: ‖A − B‖ ≤ rtol·‖B‖ (‖A‖ ≤ atol for a zero B), for
    parts that set `matrix_tolerance: norm` (numerical output whose small entries are rounding noise)."""
    if student.free_symbols or expected.free_symbols or student.shape != expected.shape:
        return False
    try:
        a = np.array(student.evalf(), dtype=complex)
        b = np.array(expected.evalf(), dtype=complex)
    except (TypeError, ValueError):
        return False
    size = float(np.linalg.norm(b))
    return bool(float(np.linalg.norm(a - b)) <= (options.rtol * size if size else options.atol))


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

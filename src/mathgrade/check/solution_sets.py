"""Solution sets of inequalities in one variable, for relations the exact solver in check/forms.py cannot take
(degree above 2 with irrational roots, quotients, |non-linear|, exp/log/roots in the reference).

Two sources, never mixed up:

- the reference (instructor text) is solved with sympy's `solveset`, once per reference and process (cached):
  spec text is the instructor's, and its cost is paid once per part, not once per student;
- the answer (student text) is solved numerically, inside the work budget: once each |a| is replaced by +a or −a,
  every piece must be a quotient of polynomials in the variable (else the method is unsure); the critical points
  are the real roots (numpy) of the square-free numerators and denominators and of the |·| arguments; truth is
  tested exactly at a rational point of every region between and beyond them, and at each critical point
  (strictness), where a value within float rounding of zero (check.compare.magnitude) is zero.

Sets are compared end by end, within the part's relative tolerance for answers with decimals; for exact answers
each end must agree to 1e-7 and, where the reference's end is exact, be a root of the answer's own polynomials to
40 digits (an answer off in the 8th digit is wrong). When the answer cannot be solved, both relations are tested
at points around the reference's ends and across magnitudes: a point where they clearly disagree makes it wrong;
otherwise the caller marks it for review instead of guessing.
"""

from __future__ import annotations

import itertools
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Any

import numpy as np
import sympy

from mathgrade.check.budget import current
from mathgrade.check.compare import magnitude
from mathgrade.check.evaluate import Env, ShapeMismatch, Unsupported, compile_expr
from mathgrade.deadline import deadline
from mathgrade.parse.forms import AllOf, Answers, Relation, Spans, as_sympy
from mathgrade.parse.objects import nodes_over

End = tuple[float, float, bool, bool]

MAX_DEGREE = 16
"""Numerators and denominators of an answer's pieces above this degree are not solved (the method is unsure)."""
MAX_ABSOLUTES = 3
"""|·| terms per piece: each doubles the polynomials to solve."""
MAX_POINTS = 64
"""Critical points in all: more is an answer built to make the solver work."""
END_RTOL = 1e-7
"""Exact answers: ends found numerically must agree with the reference's to this relative precision (then they
are confirmed to 40 digits where the reference's end is exact)."""
_FLIP = {"<": ">", "<=": ">=", ">": "<", ">=": "<=", "=": "=", "!=": "!="}


@dataclass(frozen=True)
class RealSet:
    """A union of disjoint intervals, sorted, as floats (±inf for unbounded ends), with the exact ends where known
    (`exact[k]` is (lo, hi) as sympy numbers, or None)."""

    parts: tuple[End, ...]
    exact: tuple[tuple[Any, Any] | None, ...] = ()
    witnesses: tuple[Any, ...] = ()
    """The answer's numerators (per |·| case): an exact end of the reference must be a root of one of them."""


# -- the reference: sympy, once ------------------------------------------------------------------------------------
def _condition(value: Any) -> Any:
    if isinstance(value, Relation):
        return as_sympy(value)
    if isinstance(value, AllOf):
        return sympy.And(*[as_sympy(r) for r in value.items])
    if isinstance(value, Answers) and value.items and all(isinstance(i, Relation) for i in value.items):
        return sympy.Or(*[as_sympy(r) for r in value.items])
    return None


def _solve_condition(cond: Any, var: sympy.Symbol) -> Any:
    if isinstance(cond, sympy.And):
        return sympy.Intersection(*[_solve_condition(c, var) for c in cond.args])
    if isinstance(cond, sympy.Or):
        return sympy.Union(*[_solve_condition(c, var) for c in cond.args])
    return sympy.solveset(cond, var, sympy.S.Reals)


REFERENCE_SECONDS = 10.0
"""Wall time sympy may spend solving one reference inequality (once per reference and process): instructor
text, but a pathological reference must not hang every check of its part. Past it, the part's answers that need
the set are marked for review."""


class ReferenceTimeout(Exception):
    """Solving a reference took longer than REFERENCE_SECONDS."""


def reference_deadline(seconds: float = REFERENCE_SECONDS) -> AbstractContextManager[None]:
    """ReferenceTimeout after `seconds` (see mathgrade/deadline.py)."""
    return deadline(seconds, ReferenceTimeout)


_REFERENCE_SETS: dict[tuple[Any, Any], RealSet | None] = {}


def reference_set(value: Any, var: sympy.Symbol) -> RealSet | None:
    """The reals where the reference's relation holds (sympy, cached per process: reference text only, within
    REFERENCE_SECONDS), or None."""
    key = (value, var)
    if key not in _REFERENCE_SETS:
        try:
            with reference_deadline():
                found = _solve_reference(value, var)
        except ReferenceTimeout:
            found = None
        if len(_REFERENCE_SETS) > 1024:
            _REFERENCE_SETS.clear()
        _REFERENCE_SETS[key] = found
    return _REFERENCE_SETS[key]


def _solve_reference(value: Any, var: sympy.Symbol) -> RealSet | None:
    if isinstance(value, Spans):
        return from_sympy(sympy.Union(*[sympy.Interval(s.lo, s.hi, not s.lo_closed, not s.hi_closed)
                                        for s in value.parts]))
    cond = _condition(value)
    if cond is None:
        return None
    try:
        found = from_sympy(_solve_condition(cond, var))
    except (NotImplementedError, ValueError, TypeError, AttributeError, RecursionError):
        found = None
    if found is not None:
        return found
    try:  # x^3 - 3x + 1 < 0 (three irrational roots): solveset gives up; the numeric method, with exact ends
        numeric = numeric_set(value, var)
    except Unsure:
        return None
    return _with_exact_ends(numeric, var)


def _with_exact_ends(found: RealSet, var: sympy.Symbol) -> RealSet | None:
    """The reference's ends found numerically, each replaced by the exact real root (sympy's CRootOf, isolated
    exactly) of one of its polynomials that it approximates; None when an end has none."""
    roots: list[Any] = []
    for p in found.witnesses:
        try:
            poly = sympy.Poly(p, var)
            if poly.degree() >= 1:
                roots += poly.real_roots()
        except (sympy.PolynomialError, NotImplementedError, ValueError, TypeError):
            return None
    exact = []
    for lo, hi, _, _ in found.parts:
        pair = []
        for end in (lo, hi):
            if np.isinf(end):
                pair.append(sympy.oo if end > 0 else -sympy.oo)
                continue
            match = next((r for r in roots if abs(float(sympy.N(r, 20)) - end) <= 1e-9 * max(1.0, abs(end))), None)
            if match is None:
                return None
            pair.append(match)
        exact.append((pair[0], pair[1]))
    return RealSet(found.parts, tuple(exact))


def from_sympy(s: Any) -> RealSet | None:
    """A sympy set of reals (intervals, points, their union) as a RealSet; None for anything else."""
    if s is sympy.S.Reals:
        s = sympy.Interval(-sympy.oo, sympy.oo)
    pieces = list(s.args) if isinstance(s, sympy.Union) else [] if s is sympy.S.EmptySet else [s]
    out: list[tuple[End, tuple[Any, Any]]] = []
    for p in pieces:
        if p is sympy.S.Reals:
            p = sympy.Interval(-sympy.oo, sympy.oo)
        if isinstance(p, sympy.Interval):
            ends = (p.start, p.end)
            closed = (not p.left_open, not p.right_open)
        elif isinstance(p, sympy.FiniteSet):
            for e in p.args:
                if not _real(e):
                    return None
                out.append(((_float(e), _float(e), True, True), (e, e)))
            continue
        else:
            return None
        if not all(e.is_infinite or _real(e) for e in ends):
            return None
        out.append(((_float(ends[0]), _float(ends[1]), closed[0] and ends[0].is_finite,
                     closed[1] and ends[1].is_finite), ends))
    out.sort(key=lambda t: (t[0][0], t[0][1]))
    return RealSet(tuple(o[0] for o in out), tuple(o[1] for o in out))


def _real(e: Any) -> bool:
    """A real number, also when written with i (the three real roots of a cubic by Cardano's formula)."""
    if e.is_real:
        return True
    if not e.is_number or e.is_real is False and not e.has(sympy.I):
        return False
    v = complex(sympy.N(e, 30))
    return abs(v.imag) <= 1e-20 * max(1.0, abs(v.real))


def _float(e: Any) -> float:
    if e is sympy.oo:
        return float("inf")
    if e is -sympy.oo:
        return float("-inf")
    return complex(sympy.N(e, 30)).real


# -- the answer: numerically -------------------------------------------------------------------------------------
class Unsure(Exception):
    """The numeric method cannot decide this answer's set."""


def _leaves(value: Any) -> Any:
    """The answer as a condition tree: ("and", [...]), ("or", [...]) or ("piece", d, op) meaning d op 0."""
    if isinstance(value, Relation):
        pieces = []
        for a, b, op in zip(value.sides, value.sides[1:], value.ops):
            d, o = (b - a, _FLIP[op]) if op in ("<", "<=") else (a - b, op)
            pieces.append(("piece", d, o))
        return ("and", pieces)
    if isinstance(value, AllOf):
        return ("and", [_leaves(r) for r in value.items])
    if isinstance(value, Answers) and value.items and all(isinstance(i, Relation) for i in value.items):
        return ("or", [_leaves(r) for r in value.items])
    raise Unsure("not a relation")


def _pieces_of(tree: Any) -> list[tuple[Any, str]]:
    if tree[0] == "piece":
        return [(tree[1], tree[2])]
    return [p for t in tree[1] for p in _pieces_of(t)]


def _polish(coeffs: np.ndarray, r: float) -> float:
    slope = np.polyder(coeffs)
    for _ in range(3):
        d = np.polyval(slope, r)
        if d == 0 or not np.isfinite(d):
            break
        step = np.polyval(coeffs, r) / d
        if not np.isfinite(step) or abs(step) > 1e-3 * max(1.0, abs(r)):
            break
        r -= step
    return float(r)


def _real_roots(poly: Any) -> list[float]:
    """Real roots of a sympy Poly, numerically: of its square-free part when its coefficients are rational (so a
    double root is a simple one), polished by Newton's method."""
    if poly.degree() < 1:
        return []
    if poly.degree() > MAX_DEGREE:
        raise Unsure("degree too high")
    loose = 1e-4
    if poly.domain.is_ZZ or poly.domain.is_QQ:
        poly = poly.sqf_part()
        loose = 1e-7
    try:
        coeffs = np.array([complex(c) for c in poly.all_coeffs()])
    except (TypeError, ValueError) as exc:
        raise Unsure("coefficients are not numbers") from exc
    if np.any(np.abs(coeffs.imag) > 0) or not np.all(np.isfinite(coeffs)):
        raise Unsure("complex coefficients")
    real = coeffs.real
    out = []
    for r in np.roots(real):
        if abs(r.imag) <= loose * max(1.0, abs(r.real)):
            out.append(_polish(real, float(r.real)))
    return out


@dataclass(frozen=True)
class _Analysis:
    points: tuple[float, ...]
    poles: tuple[float, ...]
    numerators: tuple[Any, ...]
    """Numerators and denominators of every |·| case, and the |·| arguments: every critical point is a root of
    one of them."""


def _analyse(d: Any, var: sympy.Symbol) -> _Analysis:
    if nodes_over(d, 120) or d.free_symbols - {var}:
        raise Unsure("too large, or another variable")
    absolutes = sorted(d.atoms(sympy.Abs), key=sympy.default_sort_key)
    if len(absolutes) > MAX_ABSOLUTES:
        raise Unsure("too many |·|")
    if degree_bound(d, var) > MAX_DEGREE:
        raise Unsure("degree too high")
    current().charge(len(absolutes) * 2 ** len(absolutes) * MAX_DEGREE ** 2 + MAX_DEGREE ** 2)
    points: list[float] = []
    poles: list[float] = []
    numerators: list[Any] = []
    try:
        for a in absolutes:
            if not a.args[0].is_polynomial(var):
                raise Unsure("|·| of a non-polynomial")
            points += _real_roots(sympy.Poly(a.args[0], var))
            numerators.append(a.args[0])
        for signs in itertools.product((1, -1), repeat=len(absolutes)):
            case = d.xreplace({a: s * a.args[0] for a, s in zip(absolutes, signs)})
            if not case.is_rational_function(var):
                raise Unsure("not a quotient of polynomials")
            num, den = sympy.together(case).as_numer_denom()
            top, bottom = sympy.Poly(num, var), sympy.Poly(den, var)
            numerators += [num, den]
            points += _real_roots(top)
            roots = _real_roots(bottom)
            points += roots
            poles += roots
    except (sympy.PolynomialError, sympy.GeneratorsNeeded, ValueError, TypeError) as exc:
        raise Unsure(str(exc)) from exc
    return _Analysis(tuple(points), tuple(poles), tuple(numerators))


def degree_bound(e: Any, var: sympy.Symbol) -> int:
    """An upper bound on the degree in `var` of numerator and denominator once `e` is put over one denominator,
    found without expanding anything (`(x + 1)^1000` is refused before sympy builds its 1001 coefficients)."""
    if var not in e.free_symbols:
        return 0
    if e == var:
        return 1
    if isinstance(e, (sympy.Add, sympy.Mul)):
        return sum(degree_bound(a, var) for a in e.args)
    if isinstance(e, sympy.Pow) and e.exp.is_Integer:
        return degree_bound(e.base, var) * abs(int(e.exp))
    if isinstance(e, sympy.Abs):
        return degree_bound(e.args[0], var)
    return MAX_DEGREE + 1


def _near(p: float, q: float) -> bool:
    return abs(p - q) <= 1e-9 * max(1.0, abs(p))


def _size(d: Any, var: sympy.Symbol, at: Any) -> float:
    try:
        return float(abs(magnitude(d).xreplace({var: at}).evalf(15)))
    except (Unsupported, TypeError, ValueError):
        return float("inf")


def _truth(d: Any, op: str, var: sympy.Symbol, at: Any, pole: bool) -> bool:
    """Whether `d op 0` holds at `at` (a Rational inside a region, or a Float at a critical point)."""
    if pole:
        return False
    current().charge(16)
    value = d.xreplace({var: at})
    if value.has(sympy.zoo, sympy.nan, sympy.oo, -sympy.oo):
        return False
    if not value.is_number:
        raise Unsure("not a number")
    if isinstance(at, sympy.Float) or value.atoms(sympy.Float):
        v = complex(value.evalf(30))
        if abs(v.imag) > 1e-12 * (1 + abs(v.real)):
            return False
        zero = abs(v.real) <= 1e-9 * (1.0 + _size(d, var, at))
        positive = not zero and v.real > 0
    else:
        zero = bool(value.is_zero)
        positive = bool(value.is_positive) if not zero else False
        if value.is_zero is None or (not zero and value.is_positive is None):
            v = complex(value.evalf(30))
            if abs(v.imag) > 1e-20:
                return False
            zero, positive = abs(v.real) < 1e-25, v.real > 0
    return {"=": zero, "!=": not zero, ">": positive, ">=": positive or zero, "<": not zero and not positive,
            "<=": not positive}[op]


def _holds(tree: Any, var: sympy.Symbol, at: Any, poles: dict[int, bool]) -> bool:
    if tree[0] == "piece":
        return _truth(tree[1], tree[2], var, at, poles.get(id(tree[1]), False))
    results = (_holds(t, var, at, poles) for t in tree[1])
    return all(results) if tree[0] == "and" else any(results)


def numeric_set(value: Any, var: sympy.Symbol) -> RealSet:
    """The reals where the answer's relation holds, found numerically (see the module's docstring). Raises
    Unsure when the method cannot decide."""
    tree = _leaves(value)
    pieces = _pieces_of(tree)
    analyses = [(d, _analyse(d, var)) for d, _ in pieces]
    found = sorted(p for _, a in analyses for p in a.points if np.isfinite(p))
    points: list[float] = []
    for p in found:
        if not points or not _near(p, points[-1]):
            points.append(p)
    if len(points) > MAX_POINTS:
        raise Unsure("too many critical points")
    items: list[tuple[End, bool]] = []  # region, point, region, ... each with whether the relation holds
    edges = [float("-inf"), *points, float("inf")]
    for k in range(len(edges) - 1):
        lo, hi = edges[k], edges[k + 1]
        if np.isinf(lo) and np.isinf(hi):
            probe = sympy.Integer(0)
        elif np.isinf(lo):
            probe = sympy.Integer(int(np.floor(hi)) - max(1, int(abs(hi)) // 2) - 1)
        elif np.isinf(hi):
            probe = sympy.Integer(int(np.ceil(lo)) + max(1, int(abs(lo)) // 2) + 1)
        else:
            probe = sympy.Rational((lo + hi) / 2)
        items.append(((lo, hi, False, False), _holds(tree, var, probe, {})))
        if np.isfinite(hi):
            poles = {id(d): any(_near(hi, q) for q in a.poles) for d, a in analyses}
            items.append(((hi, hi, True, True), _holds(tree, var, sympy.Float(hi, 17), poles)))
    parts: list[End] = []
    current: list[Any] | None = None
    for (lo, hi, lc, hc), holds in items:
        if holds:
            if current is None:
                current = [lo, hi, lc, hc]
            else:
                current[1], current[3] = hi, hc
        elif current is not None:
            parts.append((current[0], current[1], current[2], current[3]))
            current = None
    if current is not None:
        parts.append((current[0], current[1], current[2], current[3]))
    return RealSet(tuple(_tidy(parts)), (), tuple(n for _, a in analyses for n in a.numerators))


def _tidy(parts: list[End]) -> list[End]:
    """Points that hold alone are closed one-point intervals; an interval that ends where it starts is one."""
    out = []
    for lo, hi, lc, hc in parts:
        if lo == hi:
            out.append((lo, hi, True, True))
        else:
            out.append((lo, hi, lc and np.isfinite(lo), hc and np.isfinite(hi)))
    return out


# -- comparing ---------------------------------------------------------------------------------------------------
def same_sets(student: RealSet, expected: RealSet, rtol: float, exact: bool) -> bool:
    """End by end: within `rtol` (answers with decimals) or END_RTOL then a 40-digit root check (exact ones)."""
    if len(student.parts) != len(expected.parts):
        return False
    tol = rtol if not exact else END_RTOL
    for k, (s, e) in enumerate(zip(student.parts, expected.parts)):
        for j, (a, b) in enumerate(((s[0], e[0]), (s[1], e[1]))):
            if np.isinf(a) or np.isinf(b):
                if a != b:
                    return False
                continue
            if abs(a - b) > tol * max(abs(b), 1e-12 if not exact else 1.0):
                return False
            if exact and expected.exact and expected.exact[k] is not None:
                want = expected.exact[k][j]
                if student.exact and student.exact[k] is not None:  # both exact: the same number, to 40 digits
                    if not _same_number(student.exact[k][j], want):
                        return False
                elif student.witnesses and not _root_of_any(want, student.witnesses):
                    return False
        if (s[2] != e[2] and np.isfinite(e[0])) or (s[3] != e[3] and np.isfinite(e[1])):
            return False
    return True


def _same_number(a: Any, b: Any) -> bool:
    try:
        return abs(complex(sympy.N(a - b, 50))) <= 1e-40 * max(1.0, abs(complex(sympy.N(b, 20))))
    except (TypeError, ValueError, ArithmeticError):
        return False


def _root_of_any(end: Any, polys: tuple[Any, ...]) -> bool:
    for p in polys:
        var = next(iter(p.free_symbols), None)
        if var is None:
            continue
        try:
            value = abs(complex(p.xreplace({var: end}).evalf(50)))
            size = _size(p, var, end)
        except (TypeError, ValueError, ArithmeticError):
            continue
        if value <= 1e-40 * (1.0 + size):
            return True
    return False


# -- unsure: look for a point where they clearly differ ----------------------------------------------------------
def clearly_differ(student: Any, expected: RealSet, var: sympy.Symbol) -> bool:
    """Whether the answer's relation and the reference's set disagree at some point where neither is in doubt:
    points beside the reference's ends, between them, and across magnitudes 0.1 to 1000 of both signs."""
    try:
        tree = _leaves(student)
    except Unsure:
        return False
    ends = sorted({e for p in expected.parts for e in p[:2] if np.isfinite(e)})
    probes = [s * m for m in (0.1, 0.37, 1.3, 2.9, 7.1, 23.0, 160.0, 930.0) for s in (1.0, -1.0)]
    for e in ends:
        delta = 1e-3 * max(1.0, abs(e))
        probes += [e - delta, e + delta]
    probes += [(a + b) / 2 for a, b in itertools.pairwise(ends)]
    probes = [p for p in probes if all(abs(p - e) > 1e-6 * max(1.0, abs(e)) for e in ends)]
    env = Env(n=len(probes))
    env._cache[("s", var.name)] = np.array(probes, dtype=complex)
    try:
        with np.errstate(all="ignore"):
            truth = _sample(tree, env)
    except (Unsupported, ShapeMismatch, Unsure):
        return False
    if truth is None:
        return False
    holds, clear = truth
    inside = np.array([any((p[0] < x < p[1]) or (p[2] and x == p[0]) or (p[3] and x == p[1])
                           for p in expected.parts) for x in probes])
    return bool(np.any(clear & (holds != inside)))


def _sample(tree: Any, env: Env) -> tuple[np.ndarray, np.ndarray] | None:
    if tree[0] == "piece":
        d, op = tree[1], tree[2]
        v = np.asarray(compile_expr(d)(env))
        size = np.abs(np.asarray(compile_expr(magnitude(d))(env)))
        finite = np.isfinite(v) & np.isfinite(size)
        real = finite & (np.abs(v.imag) <= 1e-12 * (1 + np.abs(v.real)))
        x = v.real
        # a clearly complex value (√ of a negative) is outside the relation's domain: the relation does not hold
        undefined = finite & (np.abs(v.imag) > 1e-6 * (1.0 + np.abs(v.real) + size))
        clear = (real & (np.abs(x) > 1e-6 * (1.0 + size))) | undefined
        holds = real & {"=": x == 0, "!=": x != 0, ">": x > 0, ">=": x >= 0, "<": x < 0, "<=": x <= 0}[op]
        return holds, clear
    parts = [_sample(t, env) for t in tree[1]]
    if any(p is None for p in parts):
        return None
    holds = [p[0] for p in parts if p is not None]
    clear = [p[1] for p in parts if p is not None]
    join = np.logical_and if tree[0] == "and" else np.logical_or
    return join.reduce(holds), np.logical_and.reduce(clear)

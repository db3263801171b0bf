"""Systems of equations compared as systems: the same solution set, whatever the order, scaling or form of the
equations (`{x + y = 3, x − y = 1}`, `x − y = 1, 2x + 2y = 6`, `x = 2, y = 1` are one system).

- Linear systems (every equation of degree ≤ 1 in the reference's unknowns, numeric coefficients) are equal when
  their augmented matrices have the same row space: exactly (sympy ranks over the rationals) when no side has
  decimals; with decimals, by the reference's own solution when it is unique (the answer's equations must pin the
  same point, within the part's relative tolerance), else by singular values at that tolerance.
- Other systems: equal equation by equation up to a nonzero factor (any order); else wrong when an answer's
  equation fails at one of the reference's solutions (sympy's `solve` on the reference only, once, cached) or
  when the answer pins one point and the reference has other solutions; else undecided (None: for review).

Student equations are never solved symbolically: only their coefficients are read (bounded size and degree).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import numpy as np
import sympy

from mathgrade.check.budget import current
from mathgrade.check.compare import has_float
from mathgrade.check.options import CheckOptions
from mathgrade.check.solution_sets import ReferenceTimeout, degree_bound, reference_deadline
from mathgrade.parse.forms import Answers, Relation
from mathgrade.parse.objects import is_matrix, nodes_over

MAX_UNKNOWNS = 8
MAX_EQUATIONS = 12


def equations(value: Any) -> list[Any] | None:
    """Each equation as `left − right` (a chain `a = b = c` gives two), or None for anything but equations."""
    items = value.items if isinstance(value, Answers) else (value,)
    out = []
    for item in items:
        if not isinstance(item, Relation) or any(op != "=" for op in item.ops):
            return None
        if any(is_matrix(s) for s in item.sides):
            return None
        out += [a - b for a, b in zip(item.sides, item.sides[1:])]
    return out


def unknowns(expected: list[Any]) -> list[sympy.Symbol]:
    """The reference's unknowns, in a stable order."""
    names: set[Any] = set()
    for d in expected:
        names |= d.free_symbols
    return sorted(names, key=lambda s: str(s))


def _linear_rows(ds: list[Any], names: list[Any]) -> list[list[Any]] | None:
    """[a_1, ..., a_n, b] for each `a·x − b = 0`, or None when an equation is not linear with numeric
    coefficients."""
    rows = []
    for d in ds:
        if nodes_over(d, 400) or sum(degree_bound(d, v) for v in names) > 40:
            return None
        try:
            poly = sympy.Poly(d, *names)
        except (sympy.PolynomialError, sympy.GeneratorsNeeded, ValueError, TypeError):
            return None
        if poly.total_degree() > 1:
            return None
        coeffs = [poly.coeff_monomial(v) for v in names]
        constant = poly.coeff_monomial(1)
        if not all(c.is_number and c.is_real for c in [*coeffs, constant]):
            return None
        rows.append([*coeffs, -constant])
    return rows


def _exact_rank(rows: list[list[Any]]) -> int:
    return int(sympy.Matrix(rows).rank()) if rows else 0


def _numeric_rank(rows: np.ndarray, rtol: float) -> int:
    if rows.size == 0:
        return 0
    s = np.linalg.svd(rows, compute_uv=False)
    return int(np.sum(s > rtol * s[0])) if s[0] > 0 else 0


@lru_cache(maxsize=1024)
def _unique_solution(rows: tuple[tuple[Any, ...], ...]) -> tuple[Any, ...] | None:
    """The reference's unique solution (sympy, exact; reference only), or None."""
    m = sympy.Matrix(rows)
    a, b = m[:, :-1], m[:, -1]
    if a.rank() != a.cols or m.rank() != a.rank():
        return None
    solution, params = a.gauss_jordan_solve(b)
    if params.shape[0]:
        return None
    return tuple(solution)


def _linear_equal(mine: list[list[Any]], theirs: list[list[Any]], options: CheckOptions, decimals: bool) -> bool:
    current().charge(len(mine) * len(theirs) * len(theirs[0]) ** 2)
    if not decimals:
        r = _exact_rank(theirs)
        return _exact_rank(mine) == r == _exact_rank(mine + theirs)
    point = _unique_solution(tuple(tuple(r) for r in theirs))
    s = np.array([[complex(c).real for c in row] for row in mine])
    if point is not None:  # the answer must pin the same point: rank n, and every equation holds there
        p = np.array([float(v) for v in point] + [-1.0])
        if _numeric_rank(s[:, :-1], options.rtol) != len(point):
            return False
        scale = np.abs(s) @ np.abs(p)
        return bool(np.all(np.abs(s @ p) <= options.rtol * np.maximum(scale, 1e-300)))
    e = np.array([[complex(c).real for c in row] for row in theirs])
    r = _numeric_rank(e, options.rtol)
    return _numeric_rank(s, options.rtol) == r == _numeric_rank(np.vstack([s, e]), options.rtol)


@lru_cache(maxsize=1024)
def _reference_solutions(ds: tuple[Any, ...], names: tuple[Any, ...]) -> tuple[dict[Any, Any], ...] | None:
    """The reference system's solutions (sympy's solve: reference text only, cached), when finitely many and all
    numbers."""
    try:
        with reference_deadline():
            found = sympy.solve(list(ds), list(names), dict=True)
    except (NotImplementedError, ValueError, TypeError, AttributeError, ReferenceTimeout):
        return None
    if not found or any(set(sol) != set(names) or not all(v.is_number for v in sol.values()) for sol in found):
        return None
    return tuple(found)


def _pinned_point(ds: list[Any], names: list[Any]) -> dict[Any, Any] | None:
    """`x = 2, y = 3`: an answer that names one value for every unknown."""
    point: dict[Any, Any] = {}
    for d in ds:
        symbols = d.free_symbols
        if len(symbols) != 1:
            return None
        v = next(iter(symbols))
        slope = d.coeff(v)
        if slope == 0 or v in point or not (d - slope * v).is_number or not slope.is_number:
            return None
        point[v] = -(d - slope * v) / slope
    return point if set(point) == set(names) else None


def systems_equal(student: Any, expected: Any, options: CheckOptions) -> tuple[bool | None, str]:
    """Whether the answer's equations have the same solution set as the reference system; None: undecided."""
    theirs = equations(expected)
    mine = equations(student)
    if theirs is None:
        return False, ""
    if mine is None:
        return False, "expected the system's solution as equations, such as x = 2, y = 1"
    names = unknowns(theirs)
    if len(names) > MAX_UNKNOWNS or len(mine) > MAX_EQUATIONS:
        return None, ""
    extra = set().union(*(d.free_symbols for d in mine)) - set(names) if mine else set()
    if extra:
        return False, "the answer uses " + ", ".join(f"`{s}`" for s in sorted(map(str, extra))) + \
            ", which the system does not"
    decimals = any(has_float(d) for d in mine + theirs)
    rows_e, rows_s = _linear_rows(theirs, names), _linear_rows(mine, names)
    if rows_e is not None and rows_s is not None:
        return _linear_equal(rows_s, rows_e, options, decimals), ""
    from mathgrade.check.forms import proportional  # noqa: PLC0415 - forms imports this module

    if len(mine) == len(theirs):
        unused = list(theirs)
        for d in mine:
            match = next((t for t in unused if proportional(d, t, options, positive=False)), None)
            if match is None:
                break
            unused.remove(match)
        else:
            return True, ""
    solutions = _reference_solutions(tuple(theirs), tuple(names))
    if solutions is None:
        return None, ""
    missing = set(names) - set().union(*(d.free_symbols for d in mine))
    if missing:  # finitely many solutions, and the answer leaves an unknown free
        return False, "the answer says nothing about " + ", ".join(f"`{s}`" for s in sorted(map(str, missing)))
    for sol in solutions:
        for d in mine:
            value = complex(d.xreplace(sol).evalf(30))
            size = max(1.0, max(abs(complex(v)) for v in sol.values()))
            if abs(value) > (options.rtol if decimals else 1e-12) * size:
                return False, ""
    point = _pinned_point(mine, names)
    if point is not None and len(solutions) > 1:
        return False, f"the system has {len(solutions)} solutions"
    # Every reference solution solves the answer; the answer is right when it has no other real solution.
    found = _triangular_solutions(mine, names)
    if found is None:
        return None, ""
    real = [sol for sol in solutions if all(abs(complex(v).imag) <= 1e-12 for v in sol.values())]
    for p in found:
        if not any(all(abs(complex(p[v]) - complex(sol[v]).real) <= 1e-6 * max(1.0, abs(complex(sol[v])))
                       for v in names) for sol in real):
            return False, "the answer's equations have other solutions too"
    return True, ""


MAX_BRANCHES = 64
"""Numeric solutions an answer's system may branch into while it is solved one unknown at a time."""


def _triangular_solutions(ds: list[Any], names: list[Any]) -> list[dict[Any, Any]] | None:
    """The answer's real solutions, numerically, when its equations can be taken one at a time so that each has
    one unknown not yet known and is a polynomial in it (degree ≤ 8) once the known ones are put in:
    `y = x + 1, x^2 + x - 12 = 0`. None when it cannot (then the verdict is for review)."""
    points: list[dict[Any, Any]] = [{}]
    remaining = list(ds)
    known: set[Any] = set()
    while remaining:
        step = next((d for d in remaining if len(d.free_symbols - known) <= 1), None)
        if step is None:
            return None
        remaining.remove(step)
        free = step.free_symbols - known
        current().charge(64 * len(points))
        if not free:  # a condition on what is known: keep the points where it holds
            points = [p for p in points if abs(complex(step.xreplace(p).evalf(30))) <= 1e-9 * max(
                1.0, *(abs(complex(v)) for v in p.values()))]
            continue
        v = free.pop()
        out = []
        for p in points:
            here = step.xreplace(p)
            if nodes_over(here, 400) or degree_bound(here, v) > 8:
                return None
            try:
                poly = sympy.Poly(here, v)
                coeffs = [complex(c) for c in poly.all_coeffs()]
            except (sympy.PolynomialError, TypeError, ValueError):
                return None
            if poly.degree() < 1 or any(abs(c.imag) > 1e-12 * max(1.0, abs(c)) for c in coeffs):
                return None  # no equation for v here (infinitely many), or complex coefficients
            for r in np.roots([c.real for c in coeffs]):
                if abs(r.imag) <= 1e-9 * max(1.0, abs(r.real)):
                    out.append({**p, v: sympy.Float(float(r.real), 30)})
        points = out
        known.add(v)
        if len(points) > MAX_BRANCHES:
            return None
    return points if known == set(names) else None

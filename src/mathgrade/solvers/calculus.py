"""Derivatives of any expression: derivative, gradient, Jacobian (or one entry of it) and Hessian.

sympy differentiates the instructor's expression at spec-load time; students' answers are then compared with the
result numerically, like any other reference. Variables are names (x, theta) or indexed entries (x_1, z_2).
"""

from __future__ import annotations

from typing import Any

import sympy

from mathgrade.parse.functions import Declared
from mathgrade.solvers import SolverError, solver
from mathgrade.solvers.bounds import MAX_NAMES, MAX_ORDER, tidy, variable, variables
from mathgrade.solvers.bounds import expression as _bounded
from mathgrade.solvers.matrix_calculus import is_vector_symbol, vector_gradient, vector_hessian


def expression(value: Any, name: str) -> Any:
    """A bounded scalar parameter, with calls of declared functions of a whole family (LSE([x_1, x_2, x_3]))
    written out: sympy differentiates through a function of numbers (σ'), not through a sum over a family."""
    value = _bounded(value, name)
    if not value.has(Declared):
        return value
    return _bounded(value.replace(lambda e: isinstance(e, Declared) and bool(e.declared.family_params),
                                  lambda e: e.expanded()), name)


def _order(order: Any) -> int:
    if order is None:
        return 1
    if not (isinstance(order, sympy.Integer) and 1 <= int(order) <= MAX_ORDER):
        raise SolverError(f"order must be a whole number from 1 to {MAX_ORDER}, got {order}")
    return int(order)


def _at(value: Any, names: list[Any], at: list[Any] | None) -> Any:
    """The result at the point `at` (values of the `wrt` variables, in order), or as it is without one."""
    if at is None:
        return value
    if len(at) != len(names):
        raise SolverError(f"at gives {len(at)} values for {len(names)} variables in wrt")
    point = dict(zip(names, (expression(a, f"at[{n}]") for n, a in enumerate(at)), strict=True))
    out = value.xreplace(point)
    return out.applyfunc(tidy) if isinstance(out, sympy.MatrixBase) else tidy(out)


@solver("derivative", math=("f", "wrt", "order", "at"), optional=("order", "at"))
def derivative(f: Any, wrt: Any, order: Any = None, at: Any = None) -> Any:
    """d^order f / d wrt^order for any expression f (order 1 by default), optionally at wrt = `at`."""
    f = expression(f, "f")
    v = variable(wrt, "wrt")
    return _at(tidy(sympy.diff(f, v, _order(order))), [v], None if at is None else [at])


def _vector_wrt(wrt: Any, at: Any) -> Any:
    """The declared vector symbol of `wrt: w` (or `wrt: [w]`), or None for a list of names."""
    single = wrt[0] if isinstance(wrt, list) and len(wrt) == 1 else wrt
    if not is_vector_symbol(single):
        if not isinstance(wrt, list):
            raise SolverError(f"wrt must be a list of names or a vector declared in `matrices:`, got {wrt}")
        return None
    if at is not None:
        raise SolverError("`at` is for a list of names; a gradient with respect to a vector stays a formula")
    return single


@solver("gradient", math=("f",), lists=("wrt", "at"), optional=("at",), single=("wrt",))
def gradient(f: Any, wrt: Any, at: list[Any] | None = None) -> Any:
    """The gradient of f: a column of ∂f/∂v for each v in `wrt`, in that order (optionally at the point `at`);
    with `wrt` a vector declared in `matrices:`, a formula in the matrix symbols with that vector's shape."""
    vector = _vector_wrt(wrt, at)
    if vector is not None:
        return vector_gradient(f, vector)
    f = expression(f, "f")
    vs = variables(wrt, "wrt")
    return _at(sympy.Matrix([tidy(sympy.diff(f, v)) for v in vs]), vs, at)


@solver("jacobian", lists=("f", "wrt", "entry", "at"), optional=("entry", "at"))
def jacobian(f: list[Any], wrt: list[Any], entry: list[Any] | None = None, at: list[Any] | None = None) -> Any:
    """The Jacobian ∂f_r/∂v_c (rows: the functions, columns: `wrt`), or one `entry: [row, col]` of it (from 1),
    optionally at the point `at`."""
    return _at(_jacobian(f, wrt, entry), variables(wrt, "wrt"), at)


def _jacobian(f: list[Any], wrt: list[Any], entry: list[Any] | None) -> Any:
    if not f or len(f) > MAX_NAMES:
        raise SolverError(f"f must list 1 to {MAX_NAMES} expressions, got {len(f)}")
    fs = [expression(e, f"f[{n}]") for n, e in enumerate(f)]
    vs = variables(wrt, "wrt")
    if entry is not None:
        if len(entry) != 2 or not all(isinstance(e, sympy.Integer) for e in entry):
            raise SolverError(f"entry must be [row, column], two whole numbers from 1, got {list(entry)}")
        r, c = (int(e) for e in entry)
        if not (1 <= r <= len(fs) and 1 <= c <= len(vs)):
            raise SolverError(f"entry [{r}, {c}] is outside the {len(fs)}×{len(vs)} Jacobian")
        return tidy(sympy.diff(fs[r - 1], vs[c - 1]))
    return sympy.Matrix([[tidy(sympy.diff(e, v)) for v in vs] for e in fs])


@solver("hessian", math=("f",), lists=("wrt", "at"), optional=("at",), single=("wrt",))
def hessian(f: Any, wrt: Any, at: list[Any] | None = None) -> Any:
    """The Hessian of f: ∂²f/∂v_r∂v_c for v in `wrt` (symmetric), optionally at the point `at`; with `wrt` a
    vector declared in `matrices:`, a d×d formula in the matrix symbols."""
    vector = _vector_wrt(wrt, at)
    if vector is not None:
        return vector_hessian(f, vector)
    f = expression(f, "f")
    vs = variables(wrt, "wrt")
    first = [sympy.diff(f, v) for v in vs]
    return _at(sympy.Matrix([[tidy(sympy.diff(d, v)) for v in vs] for d in first]), vs, at)

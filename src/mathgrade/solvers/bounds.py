"""Bounds for solvers: the size of what they are given and how much simplification they may spend on it.

Solvers run at spec-load time on instructor text, in the main process, without the worker limits that student
answers get. sympy's eigen decompositions and `simplify` have no time bound, so every solver checks its inputs
here first and refuses (SolverError, which the loader turns into a SpecError naming the field) what it could not
finish in a moment.
"""

from __future__ import annotations

from typing import Any

import sympy

from mathgrade.parse.objects import is_matrix, nodes_over
from mathgrade.solvers import FOLLOW_THROUGH, SolverError

MAX_SIDE = 6
"""Largest matrix side for det, trace, rank, products and derivatives (a homework matrix is 2×2 to 4×4)."""

MAX_EIGEN_SIDE = 4
"""Largest side for eigen, singular value, SVD and pseudo-inverse solvers (exact algebra grows fast)."""

MAX_INPUT_NODES = 400
"""Largest expression tree a solver accepts as one parameter (or one matrix entry)."""

MAX_SIMPLIFY_NODES = 150
"""simplify() only below this size: above it the result is kept as computed (answers are compared numerically,
the simplified form only makes the expected answer easier to read)."""

MAX_ORDER = 4
"""Highest derivative order."""

MAX_NAMES = 8
"""Most variables in a gradient, Jacobian or Hessian."""


def tidy(value: Any) -> Any:
    """A readable form of a reference, within bounds: simplify small results, keep large ones as they are.

    A follow-through value (the student's own answer) is never simplified."""
    if FOLLOW_THROUGH.get():
        return value
    if is_matrix(value):
        return value.applyfunc(tidy) if value.rows * value.cols <= MAX_SIDE * MAX_SIDE else value
    if not isinstance(value, sympy.Basic) or nodes_over(value, MAX_SIMPLIFY_NODES):
        return value
    if not value.free_symbols and not value.atoms(sympy.Function):
        # a number built from rationals and radicals (a rotation by a drawn angle, scaled): once expanded, with no
        # sum left in a denominator, it is what simplify gives (483 of 484 entries of K2- and worksheet-5-style
        # products and K2's key; simplify left (1 + sqrt(3))^2 as it was) in a thirtieth of the time; compiling a
        # key per student variant is made of such numbers
        expanded = sympy.expand(value)
        if not any(p.exp.is_negative and not p.base.is_Atom for p in expanded.atoms(sympy.Pow)):
            return expanded
    if value.has(sympy.tanh, sympy.sinh, sympy.cosh):
        # simplify rewrites hyperbolic functions through exponentials and back, seconds per entry; the derivative
        # as computed, (ŷ − t)·v·(1 − tanh²(w x))·x, is already the form a course writes
        return sympy.factor_terms(value)
    simple = sympy.simplify(value)
    # simplify likes to trade exponentials for hyperbolic functions (σ' becomes 1/(4cosh²(x/2))): right, but
    # not what the course wrote; keep the functions the expression had.
    if _functions(simple) - _functions(value):
        simple = sympy.factor_terms(sympy.together(value))
    return simple


def _functions(value: Any) -> set[type]:
    return {type(f) for f in value.atoms(sympy.Function)}


def expression(value: Any, name: str) -> Any:
    """A scalar expression parameter, bounded in size."""
    if is_matrix(value):
        if value.shape == (1, 1):
            value = value[0, 0]
        else:
            raise SolverError(f"{name} must be a single expression, not a {value.rows}×{value.cols} matrix")
    if not isinstance(value, sympy.Basic):
        raise SolverError(f"{name} must be an expression, got {value!r}")
    if nodes_over(value, MAX_INPUT_NODES):
        raise SolverError(f"{name} is too large (more than {MAX_INPUT_NODES} terms and operations)")
    return value


def matrix(value: Any, name: str, *, square: bool = False, numeric: bool = False,
           max_side: int = MAX_SIDE) -> sympy.Matrix:
    """A matrix parameter, checked for shape and size (and, for eigen solvers, constant entries)."""
    if not is_matrix(value):
        raise SolverError(f"{name} must be a matrix such as [[1, 2], [3, 4]], got {value}")
    m = sympy.Matrix(value)
    if max(m.shape) > max_side:
        raise SolverError(f"{name} is {m.rows}×{m.cols}; this solver takes matrices up to {max_side}×{max_side}")
    if square and not m.is_square:
        raise SolverError(f"{name} must be square, it is {m.rows}×{m.cols}")
    if nodes_over(m, MAX_INPUT_NODES):
        raise SolverError(f"{name} is too large (more than {MAX_INPUT_NODES} terms and operations)")
    if numeric and any(e.free_symbols for e in m):
        raise SolverError(f"{name} must have numbers as entries (no symbols) for this solver")
    return m


def variable(value: Any, name: str) -> Any:
    """A name to differentiate by: a symbol (x, theta) or an indexed entry (x_1)."""
    if isinstance(value, (sympy.Symbol, sympy.Indexed)):
        return value
    raise SolverError(f"{name} must be a variable name such as x, theta or x_1, got {value}")


def variables(values: list[Any], name: str) -> list[Any]:
    """A list of names to differentiate by, at most MAX_NAMES, no repeats."""
    if not values:
        raise SolverError(f"{name} needs at least one variable")
    if len(values) > MAX_NAMES:
        raise SolverError(f"{name} has {len(values)} variables; at most {MAX_NAMES}")
    out = [variable(v, f"{name}[{n}]") for n, v in enumerate(values)]
    if len(set(out)) != len(out):
        raise SolverError(f"{name} names a variable twice")
    return out

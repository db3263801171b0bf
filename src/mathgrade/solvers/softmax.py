"""Softmax: the shift-invariance derivation and the Jacobian entries, derived here with the quotient rule.

y_i = e^{z_i} / S with S = Σ_k e^{z_k}. The derivative is computed symbolically from ∂e^{z_i}/∂z_j = δ_ij e^{z_i}
and ∂S/∂z_j = e^{z_j}, then rewritten in terms of y (e^{z_k} = y_k S): nothing is typed in as the answer.
"""

from __future__ import annotations

from typing import Any

import sympy

from mathgrade.parse.build import DEFAULT_SIZE
from mathgrade.solvers import DerivationRef, SolverError, solver

i, j, k = sympy.symbols("i j k")
z = sympy.IndexedBase("z")
y = sympy.IndexedBase("y")
c = sympy.Symbol("c")


def tidy(expr: Any) -> Any:
    """The form a student would write: common factors pulled out, y_i(1 - y_i) rather than -(y_i - 1) y_i."""
    return sympy.factor_terms(sympy.expand(expr))


def softmax_entry(index: Any, shift: Any = 0) -> Any:
    """softmax(z - shift)_index as a sympy expression with a sum over j."""
    return sympy.exp(z[index] - shift) / sympy.Sum(sympy.exp(z[j] - shift), (j, 1, DEFAULT_SIZE))


@solver("softmax_shift")
def softmax_shift() -> DerivationRef:
    """The chain softmax(z − c)_i → softmax(z)_i (shift invariance)."""
    return DerivationRef(start=softmax_entry(i, c), target=softmax_entry(i))


def jacobian(row: Any = i, col: Any = j) -> Any:
    """∂y_row/∂z_col in terms of y, by the quotient rule."""
    e_row, e_col, S = sympy.symbols("E_row E_col S", positive=True)
    numerator_d = sympy.KroneckerDelta(row, col) * e_row  # ∂e^{z_row}/∂z_col
    denominator_d = e_col  # ∂S/∂z_col
    d = (numerator_d * S - e_row * denominator_d) / S**2
    in_y = d.subs({e_row: y[row] * S, e_col: y[col] * S})
    return tidy(sympy.simplify(in_y))


@solver("softmax_jacobian", words=("entry",))
def softmax_jacobian(entry: str = "general") -> Any:
    """One entry of the softmax Jacobian: `diagonal` (i = j), `offdiagonal` (i ≠ j) or `general` (with δ_ij)."""
    general = jacobian(i, j)
    if entry == "general":
        return general
    if entry == "diagonal":
        return tidy(general.subs(j, i))
    if entry == "offdiagonal":
        return tidy(general.subs(sympy.KroneckerDelta(i, j), 0))
    raise SolverError(f"entry must be diagonal, offdiagonal or general, not {entry!r}")

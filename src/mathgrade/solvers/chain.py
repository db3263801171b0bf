"""Chain rule through the linear score z_k = wᵀx_k − u into y = softmax(z).

∂y_i/∂θ = Σ_k (∂y_i/∂z_k)(∂z_k/∂θ), with ∂y_i/∂z_k from the softmax solver. The sum over k is contracted by the
two rules it needs: Σ_k δ_ik f_k = f_i, and Σ_k y_k = 1 (softmax outputs sum to one).
"""

from __future__ import annotations

from typing import Any

import sympy

from mathgrade.parse.build import DEFAULT_SIZE
from mathgrade.solvers import SolverError, solver
from mathgrade.solvers.softmax import i, j, jacobian, k, tidy, y

w = sympy.Symbol("w")
u = sympy.Symbol("u")
x = sympy.IndexedBase("x")


def score_gradient(wrt: str, row: Any) -> Any:
    """∂z_row/∂θ for θ = x_j, w or u (vectors are the symbols w and x_k)."""
    if wrt == "x":
        return sympy.KroneckerDelta(row, j) * w
    if wrt == "w":
        return x[row]
    if wrt == "u":
        return sympy.Integer(-1)
    raise SolverError(f"wrt must be x, w or u, not {wrt!r}")


def _contract(expr: Any) -> Any:
    """Σ_k over an expanded expression: resolve δ_ik and δ_kj, use Σ_k y_k = 1, keep other sums."""
    total = sympy.Integer(0)
    for term in sympy.Add.make_args(sympy.expand(expr)):
        deltas = [d for d in term.atoms(sympy.KroneckerDelta) if k in d.args]
        if deltas:
            d = deltas[0]
            other = d.args[0] if d.args[1] == k else d.args[1]
            total += (term / d).subs(k, other)
            continue
        if k not in term.free_symbols:
            total += term * DEFAULT_SIZE
            continue
        coeff, dependent = term.as_independent(k, as_Add=False)
        if dependent == y[k]:
            total += coeff
        else:
            total += coeff * sympy.Sum(dependent, (k, 1, DEFAULT_SIZE))
    return total


@solver("linear_score", words=("of", "wrt"))
def linear_score(of: str, wrt: str) -> Any:
    """∂z_i/∂θ (`of: z`) or ∂y_i/∂θ (`of: y`) for θ in x_j (`x`; for z, x_i), w, u."""
    if of == "z":
        return score_gradient(wrt, i).subs(j, i) if wrt == "x" else score_gradient(wrt, i)
    if of != "y":
        raise SolverError(f"of must be z or y, not {of!r}")
    summand = jacobian(i, k) * score_gradient(wrt, k)
    return tidy(_contract(summand))

"""SVD products: A = U Σ Vᵀ from its factors."""

from __future__ import annotations

from typing import Any

import sympy

from mathgrade.solvers import SolverError, solver
from mathgrade.solvers.linear import product


@solver("svd_product", math=("U", "Sigma", "V"))
def svd_product(U: Any, Sigma: Any, V: Any) -> sympy.Matrix:
    """A = U Σ Vᵀ. Checks that Σ is diagonal; U and V are taken as given."""
    if not isinstance(Sigma, sympy.MatrixBase) or not Sigma.is_diagonal():
        raise SolverError("Sigma must be a diagonal matrix")
    if not isinstance(V, sympy.MatrixBase):
        raise SolverError("V must be a matrix")
    return product([U, Sigma, V.T])

"""Gradients and Hessians with respect to a declared vector symbol (`matrices: {X: [n, d], w: [d], b: [n]}`).

`gradient {f: "‖Xw − b‖^2", wrt: w}` is 2Xᵀ(Xw − b): a formula in the matrix symbols, which the checker then
compares with students' answers at random matrices of several sizes, as it does any matrix-symbol reference.

sympy's matrix calculus (`Trace(M).diff(w)`) differentiates products of matrix symbols, but silently returns 0
for a scalar function of one (`exp((wᵀx)[0, 0])`), and knows nothing of our nodes (AsScalar, Norm, declared
functions). So the chain rule through scalar functions, products and powers is applied here, sympy is asked only
for the derivative of a trace of a matrix product, and every result is checked against central finite differences
at two sets of sizes before it becomes a reference. A result that fails the check is refused (SolverError: the
instructor gives the reference as text), never used.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import sympy

from mathgrade.parse.functions import Declared
from mathgrade.parse.objects import AsScalar, Norm, Tr, is_symbolic_matrix, nodes_over
from mathgrade.solvers import SolverError
from mathgrade.solvers.bounds import MAX_INPUT_NODES

__all__ = ["is_vector_symbol", "vector_gradient", "vector_hessian"]

CHECK_SIZES = ((3, 2, 4, 5, 6), (2, 4, 3, 6, 5))
"""Sizes given to the symbolic dimensions (in sorted-name order) for the finite-difference check: distinct, and
each of two dimensions the larger once, like the checker's own rounds."""
CHECK_POINTS = 2
STEP = 1e-5
CHECK_RTOL = 1e-5


def is_vector_symbol(value: Any) -> bool:
    """A declared column vector (`w: [d]`), the only matrix symbol a gradient may be taken with respect to."""
    return isinstance(value, sympy.MatrixSymbol) and value.shape[1] == 1


def vector_gradient(f: Any, w: sympy.MatrixSymbol) -> Any:
    """∇_w f, a column with w's shape, for a scalar f built from matrix symbols, checked numerically."""
    _scalar_input(f)
    gradient = _grad(f, w)
    gradient = sympy.ZeroMatrix(*w.shape) if gradient is None else _column(gradient, w)
    _check(f, gradient, w, "gradient")
    return gradient


def vector_hessian(f: Any, w: sympy.MatrixSymbol) -> Any:
    """∇²_w f, a d×d matrix, where sympy can differentiate the gradient once more; checked numerically."""
    gradient = vector_gradient(f, w)
    if gradient.has(AsScalar, Norm, Declared, sympy.Function):
        # a scalar function of w multiplies the gradient (σ(wᵀx)·x): sympy's matrix calculus cannot go on
        raise SolverError("the Hessian of this expression with respect to a vector is beyond the solver: "
                          "give the reference as text")
    try:
        hessian = sympy.ZeroMatrix(w.shape[0], w.shape[0]) if not gradient.has(w) else gradient.diff(w)
    except (NotImplementedError, TypeError, ValueError, AttributeError):
        raise SolverError("sympy cannot differentiate this gradient once more: give the reference as text") from None
    if tuple(hessian.shape) != (w.shape[0], w.shape[0]):
        raise SolverError("sympy cannot differentiate this gradient once more: give the reference as text")
    _check(gradient, hessian, w, "Hessian")
    return hessian


def _scalar_input(f: Any) -> None:
    if is_symbolic_matrix(f) or isinstance(f, sympy.MatrixBase):
        raise SolverError(f"f must be a number (such as ‖Xw − b‖² or wᵀAw), not a matrix of shape {f.shape}")
    if not isinstance(f, sympy.Basic):
        raise SolverError(f"f must be an expression, got {f!r}")
    if nodes_over(f, MAX_INPUT_NODES):
        raise SolverError(f"f is too large (more than {MAX_INPUT_NODES} terms and operations)")


def _grad(e: Any, w: sympy.MatrixSymbol) -> Any:
    """The gradient of a scalar expression as a matrix expression of w's shape, or None where it is zero."""
    if not e.has(w):
        return None
    if isinstance(e, sympy.Add):
        return _sum([_grad(a, w) for a in e.args])
    if isinstance(e, sympy.Mul):
        terms = []
        for k, factor in enumerate(e.args):
            g = _grad(factor, w)
            if g is not None:
                terms.append(sympy.Mul(*(e.args[:k] + e.args[k + 1:])) * g)
        return _sum(terms)
    if isinstance(e, sympy.Pow):
        base, exponent = e.args
        if exponent.has(w):
            return _sum([_scale(e * sympy.log(base), _grad(exponent, w)),
                         _scale(exponent * base ** (exponent - 1), _grad(base, w))])
        return _scale(exponent * base ** (exponent - 1), _grad(base, w))
    if isinstance(e, AsScalar):
        return _grad_product(e.args[0], w)
    if isinstance(e, sympy.Trace):
        return _grad_product(e.args[0], w)
    if isinstance(e, Norm):
        inner = e.args[0]
        return _scale(1 / (2 * e), _grad_product(inner.T * inner, w))
    if isinstance(e, sympy.Function) and not isinstance(e, Tr):
        terms = []
        for k, arg in enumerate(e.args, start=1):
            g = _grad(arg, w)
            if g is not None:
                try:
                    terms.append(e.fdiff(k) * g)
                except (NotImplementedError, sympy.core.function.ArgumentIndexError):
                    raise SolverError(f"cannot differentiate {e.func} with respect to a vector") from None
        return _sum(terms)
    raise SolverError(f"cannot differentiate `{e}` with respect to the vector {w.name}")


def _grad_product(m: Any, w: sympy.MatrixSymbol) -> Any:
    """The gradient of the trace of a matrix expression (a 1×1 product, or vᵀv for a norm)."""
    if not m.has(w):
        return None
    if isinstance(m, sympy.MatAdd):
        return _sum([_grad_product(a, w) for a in m.args])
    if isinstance(m, sympy.MatMul):
        scalars = [a for a in m.args if not isinstance(a, sympy.MatrixExpr)]
        if scalars:
            rest = sympy.MatMul(*(a for a in m.args if isinstance(a, sympy.MatrixExpr))).doit()
            coefficient = sympy.Mul(*scalars)
            return _sum([_scale(coefficient, _grad_product(rest, w)),
                         _scale(sympy.Trace(rest), _grad(coefficient, w))])
    if any(a.has(AsScalar, Norm, Declared) for a in sympy.preorder_traversal(m) if isinstance(a, sympy.MatrixExpr)
           and not isinstance(a, (sympy.MatMul, sympy.MatAdd, sympy.Transpose, sympy.MatrixSymbol))):
        raise SolverError("cannot differentiate this product with respect to a vector: give the reference as text")
    try:
        return sympy.Trace(m).diff(w)
    except (NotImplementedError, TypeError, ValueError, AttributeError):
        raise SolverError(f"sympy cannot differentiate `{m}` with respect to {w.name}: give the reference as text"
                          ) from None


def _sum(terms: list[Any]) -> Any:
    kept = [t for t in terms if t is not None]
    if not kept:
        return None
    return kept[0] if len(kept) == 1 else sympy.MatAdd(*kept).doit()


def _scale(coefficient: Any, g: Any) -> Any:
    return None if g is None else coefficient * g


def _column(g: Any, w: sympy.MatrixSymbol) -> Any:
    if tuple(g.shape) == tuple(w.shape):
        return g
    if tuple(g.shape) == (w.shape[1], w.shape[0]):
        return g.T
    raise SolverError(f"the gradient came out with shape {g.shape}, not {w.shape}: give the reference as text")


def _dims(*values: Any) -> list[str]:
    names: set[str] = set()
    for v in values:
        for m in v.atoms(sympy.MatrixSymbol):
            names |= {s.name for s in m.shape if isinstance(s, sympy.Symbol)}
    return sorted(names)


def _check(f: Any, derivative: Any, w: sympy.MatrixSymbol, what: str) -> None:
    """Central finite differences of f (a number, or the gradient column) against `derivative`, entry by entry."""
    from mathgrade.check.matrices import sample_value

    dims = _dims(f, derivative, w)
    for sizes in CHECK_SIZES:
        env = dict(zip(dims, sizes))
        for point in range(CHECK_POINTS):
            try:
                base = np.real(_array(sample_value(w, env, point)))
                rows = base.shape[0]
                want = _array(sample_value(derivative, env, point, {w.name: base.astype(complex)}))
                numeric = []
                for k in range(rows):
                    step = np.zeros_like(base)
                    step[k, 0] = STEP
                    up = _array(sample_value(f, env, point, {w.name: (base + step).astype(complex)}))
                    down = _array(sample_value(f, env, point, {w.name: (base - step).astype(complex)}))
                    numeric.append(((up - down) / (2 * STEP)).reshape(-1))
            except (ValueError, TypeError, ArithmeticError, np.linalg.LinAlgError) as exc:
                raise SolverError(f"the {what} cannot be checked numerically ({exc}): give the reference as text"
                                  ) from None
            got = np.array(numeric).T  # column k: the derivative along w_k
            if got.shape != want.shape:
                got = got.reshape(want.shape)
            if not (np.isfinite(want).all() and np.isfinite(got).all()):
                continue
            if not np.allclose(want, got, rtol=CHECK_RTOL, atol=CHECK_RTOL * max(1.0, float(np.abs(want).max()))):
                raise SolverError(f"sympy's {what} of this expression does not match finite differences: give the "
                                  "reference as text")


def _array(v: Any) -> np.ndarray:
    return v if isinstance(v, np.ndarray) else np.array([[v]], dtype=complex)

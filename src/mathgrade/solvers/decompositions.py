"""Numbers and factors of a given matrix: det, trace, rank, pseudo-inverse, eigenvalues and eigenvectors,
singular values and the SVD factors.

Exact where the algebra stays small (the characteristic polynomial factors into pieces of degree ≤ 2), decimals
otherwise (15 significant digits; answers are compared at the part's tolerance). Ordering conventions, so that a
spec and its students agree on "the first eigenvalue": eigenvalues ascending, singular values descending; an SVD
that is not unique up to the signs of its columns (repeated singular values) is refused.
"""

from __future__ import annotations

import itertools
from typing import Any

import numpy as np
import sympy

from mathgrade.solvers import SolverError, solver
from mathgrade.solvers.bounds import MAX_EIGEN_SIDE, matrix, tidy

_LAMBDA = sympy.Symbol("lambda_eigen")


@solver("det", math=("M",))
def det(M: Any) -> Any:
    """The determinant of a square matrix."""
    return tidy(matrix(M, "M", square=True).det())


@solver("trace", math=("M",))
def trace(M: Any) -> Any:
    """The trace (sum of the diagonal) of a square matrix."""
    return tidy(matrix(M, "M", square=True).trace())


@solver("rank", math=("M",))
def rank(M: Any) -> sympy.Integer:
    """The rank of a matrix with numbers as entries."""
    m = matrix(M, "M", numeric=True)
    return sympy.Integer(m.rank(simplify=True))


@solver("pinv", math=("M",))
def pinv(M: Any) -> sympy.Matrix:
    """The Moore–Penrose pseudo-inverse M⁺ (the inverse when M is invertible)."""
    m = matrix(M, "M", numeric=True, max_side=MAX_EIGEN_SIDE)
    return sympy.Matrix(tidy(m.pinv()))


def _sort_key(value: Any) -> tuple[float, float]:
    c = complex(sympy.N(value, 30))
    return (round(c.real, 12), round(c.imag, 12))


_EIGENVALUES: dict[Any, tuple[Any, ...]] = {}


def eigenvalue_list(m: sympy.Matrix) -> list[Any]:
    """Eigenvalues with multiplicity, ascending (by real part, then imaginary part).

    Remembered per matrix: one key asks for the eigenvalues of the same matrix in several solvers (eigenvalues,
    eigenvectors, svd's Gram matrix), and per-student variants meet the same matrices again."""
    key = m.as_immutable()
    hit = _EIGENVALUES.get(key)
    if hit is None:
        if len(_EIGENVALUES) >= 4096:
            _EIGENVALUES.clear()
        hit = _EIGENVALUES[key] = tuple(_eigenvalue_list(m))
    return list(hit)


def _charpoly(m: sympy.Matrix) -> Any:
    if all(e.is_Rational for e in m):
        # over QQ directly: exact, and far faster than the symbolic Berkowitz on sympy expressions
        from sympy.polys.matrices import DomainMatrix  # noqa: PLC0415 - only for rational matrices

        coeffs = DomainMatrix.from_Matrix(m).convert_to(sympy.QQ).charpoly()
        return sympy.Poly.from_list([sympy.QQ.to_sympy(c) for c in coeffs], _LAMBDA).as_expr()
    return m.charpoly(_LAMBDA).as_expr()


def _eigenvalue_list(m: sympy.Matrix) -> list[Any]:
    poly = _charpoly(m)
    quadratic = sympy.Poly(poly, _LAMBDA)
    if quadratic.degree() <= 2 and all(c.is_Rational for c in quadratic.all_coeffs()):
        # the quadratic formula over the rationals: what factoring would give, without factoring first
        roots = [tidy(r) for r in sympy.roots(quadratic, multiple=True)]
        if len(roots) == m.rows:
            return sorted(roots, key=_sort_key)
    out: list[Any] = []
    _, factors = sympy.factor_list(poly, _LAMBDA)
    for factor, mult in factors:
        factor = sympy.Poly(factor, _LAMBDA)
        if factor.degree() <= 2:
            roots = sympy.roots(factor, _LAMBDA, multiple=True)
        else:  # Cardano's radicals are unreadable and slow to simplify: decimals instead
            roots = [sympy.Float(r, 15) if abs(sympy.im(r)) < 1e-14 else r for r in factor.nroots(n=15)]
        out.extend(tidy(r) for r in roots for _ in range(mult))
    if len(out) != m.rows:
        raise SolverError("could not find every eigenvalue of M")
    return sorted(out, key=_sort_key)


@solver("eigenvalues", math=("M",))
def eigenvalues(M: Any) -> sympy.Matrix:
    """The eigenvalues of a square matrix, with multiplicity, ascending (a column; use `compare: unordered`)."""
    return sympy.Matrix(eigenvalue_list(matrix(M, "M", square=True, numeric=True, max_side=MAX_EIGEN_SIDE)))


def _tidy_vector(v: sympy.Matrix) -> sympy.Matrix:
    """The eigenvector scaled so that its last nonzero entry is 1 (how sympy and most textbooks print them)."""
    v = v.applyfunc(tidy)
    for e in reversed(list(v)):
        if not e.is_zero:
            return v.applyfunc(lambda x, last=e: tidy(x / last))
    raise SolverError("an eigenvector came out as zero")


def _eigenspace(m: sympy.Matrix, value: Any) -> list[sympy.Matrix]:
    if isinstance(value, sympy.Float) or any(isinstance(e, sympy.Float) for e in m):
        a = np.array(m.evalf(), dtype=complex) - complex(value) * np.eye(m.rows)
        _, s, vh = np.linalg.svd(a)
        null = [vh[k].conj() for k in range(m.rows) if s[k] <= 1e-9 * max(1.0, s[0])]
        return [sympy.Matrix([sympy.Float(x.real, 15) if abs(x.imag) < 1e-12 else sympy.N(x, 15) for x in v])
                for v in null]
    return (m - value * sympy.eye(m.rows)).nullspace(simplify=True)


@solver("eigenvectors", math=("M", "of"), optional=("of",))
def eigenvectors(M: Any, of: Any = None) -> sympy.Matrix:
    """An eigenvector for the eigenvalue `of` (a column), or without `of` one per eigenvalue as the columns of a
    matrix, in the order of `eigenvalues`. Use `compare: up_to_scale`: any nonzero multiple is an eigenvector."""
    m = matrix(M, "M", square=True, numeric=True, max_side=MAX_EIGEN_SIDE)
    values = eigenvalue_list(m)
    if of is not None:
        if of.free_symbols if isinstance(of, sympy.Basic) else True:
            raise SolverError(f"of must be a number (an eigenvalue of M), got {of}")
        match = [v for v in values if abs(complex(sympy.N(v - of, 30))) < 1e-9]
        if not match:
            raise SolverError(f"{of} is not an eigenvalue of M (they are {', '.join(map(str, values))})")
        space = _eigenspace(m, match[0])
        if len(space) != 1:
            raise SolverError(f"the eigenspace of {of} has dimension {len(space)}: no single eigenvector to ask for")
        return _tidy_vector(space[0])
    columns: list[sympy.Matrix] = []
    for value in dict.fromkeys(values):
        space = _eigenspace(m, value)
        if len(space) != values.count(value):
            raise SolverError("M is not diagonalizable: it has no full set of eigenvectors")
        if len(space) > 1:
            raise SolverError(f"the eigenvalue {value} is repeated: its eigenvectors are not unique up to scale "
                              "(ask for an eigenvector of another eigenvalue with `of`)")
        columns.append(_tidy_vector(space[0]))
    return sympy.Matrix.hstack(*columns)


def _singular_pairs(m: sympy.Matrix) -> list[tuple[Any, sympy.Matrix]]:
    """(σ, v) for each eigenvalue σ² of MᵀM, σ descending, v a unit vector; refuses repeated σ."""
    gram = (m.T * m).applyfunc(tidy)
    values = list(reversed(eigenvalue_list(gram)))
    if not all(v.is_Rational for v in values):
        return _numeric_pairs(m, values)
    pairs = []
    for value in dict.fromkeys(values):
        if values.count(value) > 1:
            raise SolverError("M has a repeated singular value: its singular vectors are not unique up to sign "
                              "(ask for Sigma, the singular values, or a product instead)")
        (v,) = _eigenspace(gram, value)
        v = v / sympy.sqrt(sum(e**2 for e in v))
        first = next(e for e in v if not tidy(e).is_zero)
        if sympy.N(first) < 0:  # a fixed sign, so the reference is reproducible; students may flip it
            v = -v
        pairs.append((tidy(sympy.sqrt(sympy.Max(value, 0)) if value.is_number else sympy.sqrt(value)),
                      v.applyfunc(tidy)))
    return pairs


def _numeric_pairs(m: sympy.Matrix, values: list[Any]) -> list[tuple[Any, sympy.Matrix]]:
    """(σ, v) with v in decimals (15 digits): when MᵀM has irrational eigenvalues the exact singular vectors are
    nested radicals that take seconds to simplify and that no student writes. σ stays exact."""
    if any(abs(complex(sympy.N(a - b))) < 1e-9 for a, b in itertools.pairwise(values)):
        raise SolverError("M has a repeated singular value: its singular vectors are not unique up to sign "
                          "(ask for Sigma, the singular values, or a product instead)")
    a = np.array(m.evalf(), dtype=float)
    _, vecs = np.linalg.eigh(a.T @ a)
    out = []
    for k, value in enumerate(values):  # descending; eigh is ascending
        v = vecs[:, len(values) - 1 - k]
        first = next(x for x in v if abs(x) > 1e-12)
        v = v if first > 0 else -v
        out.append((tidy(sympy.sqrt(value)), sympy.Matrix([sympy.Float(float(x), 15) for x in v])))
    return out


@solver("singular_values", math=("M",))
def singular_values(M: Any) -> sympy.Matrix:
    """The min(m, n) singular values of an m×n matrix, descending (a column)."""
    m = matrix(M, "M", numeric=True, max_side=MAX_EIGEN_SIDE)
    gram = m.T * m if m.cols <= m.rows else m * m.T
    values = list(reversed(eigenvalue_list(gram.applyfunc(tidy))))
    return sympy.Matrix([tidy(sympy.sqrt(sympy.Max(v, 0))) for v in values])


def _complete(columns: list[sympy.Matrix], size: int) -> list[sympy.Matrix]:
    """Extend orthonormal columns to an orthonormal basis of R^size (Gram–Schmidt on the standard basis)."""
    out = list(columns)
    for k in range(size):
        if len(out) == size:
            break
        e = sympy.eye(size)[:, k]
        w = e - sum(((c.T * e)[0, 0] * c for c in out), sympy.zeros(size, 1))
        w = w.applyfunc(tidy)
        norm2 = tidy(sum(x**2 for x in w))
        if norm2 != 0:
            out.append((w / sympy.sqrt(norm2)).applyfunc(tidy))
    return out


@solver("svd", math=("M",), words=("factor",))
def svd(M: Any, factor: str = "Sigma") -> sympy.Matrix:
    """One factor of the full SVD M = U Σ Vᵀ: `U` (m×m), `Sigma` (m×n) or `V` (n×n, not Vᵀ). Singular values
    descending; the columns of U and V are defined up to a common sign (use `compare: up_to_sign`)."""
    m = matrix(M, "M", numeric=True, max_side=MAX_EIGEN_SIDE)
    if factor not in ("U", "Sigma", "V"):
        raise SolverError(f"factor must be U, Sigma or V, not {factor!r}")
    if factor == "Sigma":
        values = singular_values(m)
        sigma = sympy.zeros(m.rows, m.cols)
        for k, s in enumerate(values):
            sigma[k, k] = s
        return sigma
    pairs = _singular_pairs(m)
    vs = [v for _, v in pairs]
    if factor == "V":
        return sympy.Matrix.hstack(*vs)
    if any(isinstance(e, sympy.Float) for _, v in pairs for e in v):
        us = [(m * v / sympy.Float(float(sympy.N(s)), 15)).evalf(15) for s, v in pairs if not s.is_zero][: m.rows]
        return sympy.Matrix.hstack(*_complete_numeric(us, m.rows))
    us = [(m * v / s).applyfunc(tidy) for s, v in pairs if not s.is_zero][: m.rows]
    return sympy.Matrix.hstack(*_complete(us, m.rows))


def _complete_numeric(columns: list[sympy.Matrix], size: int) -> list[sympy.Matrix]:
    """_complete in decimals."""
    out = [np.array(c.evalf(), dtype=float).ravel() for c in columns]
    for k in range(size):
        if len(out) == size:
            break
        w = np.eye(size)[k] - sum((np.dot(c, np.eye(size)[k]) * c for c in out), np.zeros(size))
        if np.linalg.norm(w) > 1e-9:
            out.append(w / np.linalg.norm(w))
    return [sympy.Matrix([sympy.Float(float(x), 15) for x in c]) for c in out]

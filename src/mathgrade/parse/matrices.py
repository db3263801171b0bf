"""Matrix symbols a spec declares (`matrices: {X: [n, d], w: [d]}`): names that stand for matrices of a shape.

sympy builds `X^T (X w - b)` as a matrix expression but does not check symbolic shapes (it multiplies an n×d by
an n×1 without complaint), so every operation is checked here, and a shape error becomes a reason the student
can read ("cannot add a d×1 vector and a number"). A 1×1 result (`wᵀx`) is a number: it may be added to one,
be an argument of a function, be squared.
"""

from __future__ import annotations

from typing import Any

import sympy

from mathgrade.parse.objects import AsScalar, Norm, Rank, as_scalar_if_one_by_one, is_matrix, is_symbolic_matrix
from mathgrade.parse.tokens import ParseFailure

__all__ = ["MATRIX_FUNCTIONS", "MatrixShapes", "declared_matrix", "describe", "matrix_binary", "matrix_function",
           "matrix_power", "norm"]

MatrixShapes = tuple[tuple[str, tuple[Any, ...]], ...]
"""(name, shape) pairs: a shape is (rows,) for a column vector or (rows, cols); each side a whole number or a
dimension name."""


def _dim(d: Any) -> Any:
    return sympy.Integer(d) if isinstance(d, int) else sympy.Symbol(str(d))


def declared_matrix(name: str, shape: tuple[Any, ...]) -> sympy.MatrixSymbol:
    """The matrix symbol for a declared name: `w: [d]` is a d×1 column, `X: [n, d]` an n×d matrix."""
    rows, cols = (shape[0], 1) if len(shape) == 1 else shape
    return sympy.MatrixSymbol(name, _dim(rows), _dim(cols))


def describe(value: Any) -> str:
    """A value's shape in words: `a number`, `a d×1 vector`, `an n×d matrix`."""
    if is_symbolic_matrix(value) or is_matrix(value):
        rows, cols = value.shape
        if cols == 1:
            return f"a vector with {rows} entries" if rows != 1 else "a 1×1 matrix"
        if rows == 1:
            return f"a row vector with {cols} entries"
        return f"a matrix of size {rows}×{cols}"
    return "a number"


def involved(a: Any, b: Any) -> bool:
    """Whether an operation on a and b needs the checks here (either side is a declared-matrix expression)."""
    return is_symbolic_matrix(a) or is_symbolic_matrix(b)


def matrix_binary(op: str, a: Any, b: Any, column: int) -> Any:
    """`a op b` where at least one side is a matrix expression; ParseFailure with the shapes if it has no meaning."""
    a, b = as_scalar_if_one_by_one(a), as_scalar_if_one_by_one(b)
    ma = is_symbolic_matrix(a) or is_matrix(a)
    mb = is_symbolic_matrix(b) or is_matrix(b)
    verb = {"+": "add", "-": "subtract", "*": "multiply", "/": "divide"}[op]
    if op in "+-":
        if ma != mb or (ma and a.shape != b.shape):
            raise ParseFailure(f"cannot {verb} {describe(a)} and {describe(b)}", column, undefined=True)
        if not ma:
            return a + b if op == "+" else a - b
        return a + b if op == "+" else a - b
    if op == "/":
        if mb:
            raise ParseFailure("cannot divide by a matrix or vector", column)
        return a / b
    if ma and mb:
        if a.shape[1] != b.shape[0]:
            hint = " (did you mean a transpose, as in wᵀx?)" if a.shape[1] == b.shape[1] == 1 else ""
            raise ParseFailure(f"cannot multiply {describe(a)} by {describe(b)}: the sizes do not match{hint}",
                               column, undefined=True)
        return as_scalar_if_one_by_one(a * b)
    return a * b


def matrix_power(base: Any, exponent: Any, column: int) -> Any:
    """`base ** exponent` for a matrix expression: a square one to a whole power or -1; a 1×1 one as a number."""
    base = as_scalar_if_one_by_one(base)
    if not is_symbolic_matrix(base):
        return None  # a number after all: the caller's own rules apply
    if base.shape[0] != base.shape[1]:
        raise ParseFailure(f"cannot raise {describe(base)} to a power", column)
    if not (exponent.is_Integer and -1 <= int(exponent) <= 10):
        raise ParseFailure("a matrix power must be a whole number from 0 to 10, or -1 for the inverse", column)
    if exponent == -1:
        return sympy.Inverse(base)
    return sympy.MatPow(base, exponent)


MATRIX_FUNCTIONS = ("tr", "det", "rank")
"""Functions of a whole matrix (the builder's canonical names): of a matrix expression they are numbers."""


def matrix_function(name: str, value: Any, column: int) -> Any:
    """`tr(AᵀA)`, `det(AB)`, `rank(X)` of a matrix expression: a number, evaluated at the random matrices.

    A 1×1 product is a 1×1 matrix here: tr(vᵀu) is vᵀu, as in the trace trick of a derivation."""
    if isinstance(value, AsScalar):
        value = value.args[0]
    if name == "rank":
        return Rank(value)
    if value.shape[0] != value.shape[1]:
        what = "trace" if name == "tr" else "determinant"
        raise ParseFailure(f"the {what} needs a square matrix, not {describe(value)}", column)
    return sympy.Trace(value) if name == "tr" else sympy.Determinant(value)


def bars(value: Any, column: int) -> Any:
    """`|A|` of a declared square matrix is its determinant (|A||B| = |AB|), `|v|` of a vector its length."""
    rows, cols = value.shape
    if 1 in (rows, cols):
        return Norm(value)
    if rows != cols:
        raise ParseFailure(f"|…| of {describe(value)} has no meaning here (a determinant needs a square matrix)",
                           column)
    return sympy.Determinant(value)


def function_argument(name: str, value: Any, column: int) -> Any:
    """The argument of a scalar function: a 1×1 product is a number; a vector or matrix is refused."""
    value = as_scalar_if_one_by_one(value)
    if is_symbolic_matrix(value):
        raise ParseFailure(f"`{name}` of {describe(value)} is not defined here (it takes a number)", column)
    return value


def norm(value: Any, column: int) -> Any:
    """‖v‖: the Euclidean length of a vector (Frobenius for a matrix); |x| for a number."""
    value = as_scalar_if_one_by_one(value)
    if is_symbolic_matrix(value):
        return Norm(value)
    if is_matrix(value):
        return sympy.sqrt(sum((sympy.Abs(v) ** 2 for v in value), sympy.Integer(0)))
    return sympy.Abs(value)

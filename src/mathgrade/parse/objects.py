"""The few sympy objects the parser needs that sympy does not have in the form we want."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import sympy


class Tr(sympy.Function):
    """Transpose of something that is not a literal matrix (`w^T`, `wᵀ`, `w'`).

    sympy's own `transpose(w)` is just `w` for a scalar symbol, which would forget that the student wrote a row
    vector; graders that require an orientation need to see it. Literal matrices are transposed at once instead.
    """

    nargs = 1

    def _latex(self, printer: Any, exp: str | None = None) -> str:
        inner = printer._print(self.args[0])
        if not isinstance(self.args[0], (sympy.Symbol, sympy.Indexed)):
            inner = rf"\left({inner}\right)"
        out = inner + r"^{\top}"
        # sympy's printer passes `exp` when this is the base of a power: (w^T)^2
        return out if exp is None else rf"\left({out}\right)^{{{exp}}}"

    def _sympystr(self, printer: Any) -> str:
        inner = printer._print(self.args[0])
        if not isinstance(self.args[0], (sympy.Symbol, sympy.Indexed)):
            inner = f"({inner})"
        return inner + "^T"

    def _mathml_presentation(self, printer: Any) -> Any:
        sup = printer.dom.createElement("msup")
        sup.appendChild(printer._print(self.args[0]))
        t = printer.dom.createElement("mi")
        t.appendChild(printer.dom.createTextNode("T"))
        sup.appendChild(t)
        return sup


class Outer(sympy.Function):
    """`w xᵀ` in the order written. sympy's products commute, so `w*Tr(x)` would be the same object as `Tr(x)*w`,
    the dot product; a column times a row is a matrix. Built only when a transposed name is the right factor."""

    nargs = 2
    precedence = 50  # a product's, so that printers put (w xᵀ)² in parentheses

    # Printed as the product it is (sympy orders the factors), so reports read as they did before.
    def _latex(self, printer: Any, exp: str | None = None) -> str:
        out = printer._print(sympy.Mul(*self.args))
        return out if exp is None else rf"\left({out}\right)^{{{exp}}}"

    def _sympystr(self, printer: Any) -> str:
        return printer._print(sympy.Mul(*self.args))


def outer(left: Any, right: Any) -> Any:
    """`left * right`, kept in order when `right` is a transposed name and `left` is not a plain number."""
    if isinstance(right, Tr) and not is_matrix(left) and getattr(left, "free_symbols", None):
        return Outer(left, right)
    return left * right


def transpose(value: Any) -> Any:
    """The transpose of a parsed value: matrices at once, (wᵀ)ᵀ = w, numbers unchanged, else Tr(w)."""
    if is_matrix(value) or is_symbolic_matrix(value):
        return value.T
    if isinstance(value, AsScalar):  # (wᵀx)ᵀ is the same number
        return value
    if isinstance(value, Tr):
        return value.args[0]
    if getattr(value, "is_number", False):
        return value
    return Tr(value)


_FROZEN: dict[int, tuple[Any, Any]] = {}


def frozen(value: Any) -> Any:
    """A hashable twin of a value (memo keys): a matrix as an ImmutableDenseMatrix, anything else itself.

    sympy's `as_immutable` copies the matrix every time, even an immutable one, and per-student variants key
    thousands of parses and solver calls by the same few value objects: each distinct object is converted once
    (kept with its twin, so its id cannot be reused while remembered)."""
    if not isinstance(value, sympy.MatrixBase) or isinstance(value, sympy.ImmutableDenseMatrix):
        return value
    hit = _FROZEN.get(id(value))
    if hit is None or hit[0] is not value:
        if len(_FROZEN) >= 8192:
            _FROZEN.clear()
        hit = _FROZEN[id(value)] = (value, value.as_immutable())
    return hit[1]


def remembered(cache: dict[Any, Any], value: Any, compute: Callable[[Any], Any], kept: int = 8192) -> Any:
    """compute(value), kept in `cache` by the value itself (`frozen`: sympy's structural equality, which tells 0.5
    from 1/2); a value sympy cannot hash is computed each time. Past `kept` entries the cache starts again."""
    key = frozen(value)
    try:
        hit = cache.get(key)
    except TypeError:
        return compute(value)
    if hit is None:
        if len(cache) >= kept:
            cache.clear()
        hit = cache[key] = compute(value)
    return hit


def is_matrix(value: Any) -> bool:
    """True for a literal sympy matrix (vectors included)."""
    return isinstance(value, sympy.MatrixBase)


def nodes_over(value: Any, cap: int) -> bool:
    """Whether the expression tree (of every entry of a matrix) has more than `cap` nodes; stops counting there."""
    stack = list(value) if is_matrix(value) else [value]
    count = 0
    while stack:
        count += 1
        if count > cap:
            return True
        stack.extend(getattr(stack.pop(), "args", ()))
    return False


def is_symbolic_matrix(value: Any) -> bool:
    """True for a matrix expression built from the spec's declared matrix symbols (`X^T (X w - b)`)."""
    return isinstance(value, sympy.MatrixExpr) and not isinstance(value, sympy.MatrixBase)


class AsScalar(sympy.Function):
    """A 1×1 product of matrix symbols used as a number (`wᵀx + 1`, `σ(wᵀx)`). sympy refuses to add a matrix
    expression and a scalar; this wrapper is a scalar that prints as the product it holds."""

    nargs = 1
    is_commutative = True  # a number, though what it holds is a product of matrices

    def _latex(self, printer: Any, exp: str | None = None) -> str:
        out = printer._print(self.args[0])
        return out if exp is None else rf"\left({out}\right)^{{{exp}}}"

    def _sympystr(self, printer: Any) -> str:
        return printer._print(self.args[0])

    def _mathml_presentation(self, printer: Any) -> Any:
        return printer._print(self.args[0])


class Norm(sympy.Function):
    """‖v‖ of a declared vector or matrix (Euclidean length; Frobenius for a matrix), kept as written so that
    reports show ‖Xw − b‖², not the product it stands for. A number."""

    nargs = 1
    is_commutative = True

    def _latex(self, printer: Any, exp: str | None = None) -> str:
        out = r"\left\|" + printer._print(self.args[0]) + r"\right\|"
        return out if exp is None else out + f"^{{{exp}}}"

    def _sympystr(self, printer: Any) -> str:
        return "‖" + printer._print(self.args[0]) + "‖"


def as_scalar_if_one_by_one(value: Any) -> Any:
    """A 1×1 matrix expression as the number it is; anything else unchanged."""
    if is_symbolic_matrix(value) and value.shape == (1, 1):
        return AsScalar(value)
    return value


class Rank(sympy.Function):
    """rank(M) of a matrix expression built from declared matrix symbols: a whole number, evaluated (like every
    matrix-symbol expression) at random matrices of the declared shapes, where it is the generic rank."""

    nargs = 1
    is_commutative = True

    def _latex(self, printer: Any, exp: str | None = None) -> str:
        out = r"\operatorname{rank}\left(" + printer._print(self.args[0]) + r"\right)"
        return out if exp is None else out + f"^{{{exp}}}"

    def _sympystr(self, printer: Any) -> str:
        return "rank(" + printer._print(self.args[0]) + ")"

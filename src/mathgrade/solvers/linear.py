"""2×2 linear maps: products, inverse, transpose, images of points, the shape of an image, and rotations."""

from __future__ import annotations

from typing import Any

import sympy

from mathgrade.solvers import RotationRef, SolverError, bounds, solver


def tidy(value: Any) -> Any:
    """simplify() for a reference read from the spec, within the solvers' bounds (bounds.tidy: small results
    only); a follow-through value (the student's own matrix) is left as computed."""
    return bounds.tidy(value)


def _matrix(value: Any, name: str) -> sympy.Matrix:
    # Products and images are cheap, but not without end: the same input bounds as every solver, a little wider.
    return bounds.matrix(value, name, max_side=MAX_PRODUCT_SIDE)


MAX_PRODUCT_SIDE = 12
"""Largest matrix side for matvec, product, inverse and transpose."""


@solver("matvec", math=("M", "x"))
def matvec(M: Any, x: Any) -> sympy.Matrix:
    """The image M·x of a vector under a matrix."""
    return tidy(_image(M, x))


def _image(M: Any, x: Any) -> sympy.Matrix:
    M, x = _matrix(M, "M"), _matrix(x, "x")
    if x.cols != 1:
        x = x.T
    if M.cols != x.rows:
        raise SolverError(f"cannot multiply a {M.rows}×{M.cols} matrix by a vector with {x.rows} entries")
    return M * x


@solver("product", lists=("factors",))
def product(factors: list[Any]) -> sympy.Matrix:
    """The product of matrices, left to right (U Σ Vᵀ is factors: [U, Sigma, V^T])."""
    if not factors:
        raise SolverError("product needs at least one factor")
    out = _matrix(factors[0], "factors[0]")
    for k, f in enumerate(factors[1:], start=1):
        f = _matrix(f, f"factors[{k}]")
        if out.cols != f.rows:
            raise SolverError(f"factors[{k}] has {f.rows} rows, the product so far has {out.cols} columns")
        out = out * f
    return tidy(out)


@solver("inverse", math=("M",))
def inverse(M: Any) -> sympy.Matrix:
    """The inverse of a square matrix."""
    M = _matrix(M, "M")
    if not M.is_square or tidy(M.det()) == 0:
        raise SolverError("M is not invertible")
    return tidy(M.inv())


@solver("transpose", math=("M",))
def transpose(M: Any) -> sympy.Matrix:
    """The transpose of a matrix."""
    return _matrix(M, "M").T


@solver("rotation", math=("M",))
def rotation(M: Any) -> RotationRef:
    """Angle, direction and scale of a 2×2 scaled rotation, from the polar decomposition M = s·R; for a 3×3 one,
    also its axis (maps.rotation_3d)."""
    M = _matrix(M, "M")
    if M.shape == (3, 3):
        from mathgrade.solvers.maps import rotation_3d  # noqa: PLC0415 - maps imports this module's registry

        return rotation_3d(M)
    if M.shape != (2, 2):
        raise SolverError("rotation needs a 2×2 or 3×3 matrix")
    gram = sympy.simplify(M.T * M)
    s2 = gram[0, 0]
    if sympy.simplify(gram - s2 * sympy.eye(2)) != sympy.zeros(2, 2) or s2 == 0:
        raise SolverError("M is not a rotation with a uniform scaling (MᵀM is not a multiple of I)")
    scale = sympy.sqrt(s2)
    R = sympy.simplify(M / scale)
    if sympy.simplify(R.det() - 1) != 0:
        raise SolverError("M reflects (det < 0): it is not a rotation")
    angle = sympy.simplify(sympy.atan2(R[1, 0], R[0, 0]) * 180 / sympy.pi)
    return RotationRef(angle=angle, scale=sympy.simplify(scale))


def _points(M: Any, points: list[Any]) -> list[sympy.Matrix]:
    return [_image(M, p) for p in points]  # only classified, never shown: no need to simplify them


ZERO_DIGITS = 30
"""Digits at which a constant is evaluated to tell it is not zero (evalf keeps that many correct digits)."""


def _is_zero(value: Any) -> bool:
    """Whether a scalar is exactly zero. Cheap ways first: expanding cancels sums of radicals with rational
    coefficients (what rotations by drawn angles give), and a constant whose value is clearly away from zero is
    not zero; `simplify`, which costs ~0.1 s on such numbers and dominated compiling a key per variant, only
    decides what those cannot."""
    expanded = sympy.expand(value)
    if expanded == 0:
        return True
    if isinstance(expanded, sympy.Expr) and not expanded.free_symbols:
        number = expanded.evalf(ZERO_DIGITS)
        if number.is_number and abs(number) > sympy.Float(10) ** (5 - ZERO_DIGITS):
            return False
    return bool(sympy.simplify(expanded) == 0)


def classify_quadrilateral(corners: list[sympy.Matrix]) -> str:
    """square, rectangle, rhombus, parallelogram, trapezoid or quadrilateral, for corners in order."""
    if len(corners) != 4:
        raise SolverError("a quadrilateral needs four corners")
    sides = [corners[(k + 1) % 4] - corners[k] for k in range(4)]

    def dot(a: sympy.Matrix, b: sympy.Matrix) -> Any:
        return (a.T * b)[0, 0]

    def cross(a: sympy.Matrix, b: sympy.Matrix) -> Any:
        return a[0] * b[1] - a[1] * b[0]

    parallel = [_is_zero(cross(sides[0], sides[2])), _is_zero(cross(sides[1], sides[3]))]
    if all(parallel):
        right = _is_zero(dot(sides[0], sides[1]))
        equal = _is_zero(dot(sides[0], sides[0]) - dot(sides[1], sides[1]))
        return {(True, True): "square", (True, False): "rectangle", (False, True): "rhombus"}.get(
            (right, equal), "parallelogram")
    return "trapezoid" if any(parallel) else "quadrilateral"


@solver("image_shape", math=("M",), lists=("points",))
def image_shape(M: Any, points: list[Any]) -> str:
    """The shape whose corners are the images of `points` (in order) under M."""
    return classify_quadrilateral(_points(M, points))

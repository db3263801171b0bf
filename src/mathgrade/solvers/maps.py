"""What a 2×2 or 3×3 matrix does, as data: rotations about an axis, reflections in a line or plane, shears,
projections and scalings.

`rotation` (in linear.py) hands 3×3 matrices to `rotation_3d` here. `linear_map` names the kind of map and gives
the one quantity a part asks for (the mirror line, the plane's normal, the axis, the factor), each a plain value
that the ordinary kinds grade: a word for `kind: choice`, a vector with `compare: up_to_scale` for a line or a
normal, a number for an angle or a factor.
"""

from __future__ import annotations

from typing import Any

import sympy

from mathgrade.solvers import MapRef, RotationRef, SolverError, solver
from mathgrade.solvers.bounds import matrix, tidy

KINDS = ("identity", "rotation", "reflection", "projection", "shear", "scaling")


def _zero(m: sympy.Matrix) -> bool:
    return all(tidy(e) == 0 for e in m)


def _scale(m: sympy.Matrix) -> Any | None:
    """s when MᵀM = s²I (a rotation or reflection times a uniform scale), else None."""
    gram = (m.T * m).applyfunc(tidy)
    s2 = gram[0, 0]
    if s2 == 0 or not _zero(gram - s2 * sympy.eye(m.rows)):
        return None
    return tidy(sympy.sqrt(s2))


def _unit(v: sympy.Matrix) -> sympy.Matrix:
    """v scaled to length 1, its first nonzero entry positive (a fixed representative of the line)."""
    v = v / sympy.sqrt(sum(e**2 for e in v))
    first = next(e for e in v.applyfunc(tidy) if e != 0)
    return (v if sympy.N(first) > 0 else -v).applyfunc(tidy)


def rotation_3d(M: sympy.Matrix) -> RotationRef:
    """Axis, angle and scale of a 3×3 scaled rotation M = s·R (R orthogonal with det 1)."""
    s = _scale(M)
    if s is None:
        raise SolverError("M is not a rotation with a uniform scaling (MᵀM is not a multiple of I)")
    R = (M / s).applyfunc(tidy)
    if tidy(R.det() - 1) != 0:
        raise SolverError("M reflects (det < 0): it is not a rotation")
    cos = tidy((R.trace() - 1) / 2)
    if tidy(cos - 1) == 0:
        raise SolverError("M does not rotate (it is a multiple of I): there is no axis")
    twice_sin_axis = sympy.Matrix([R[2, 1] - R[1, 2], R[0, 2] - R[2, 0], R[1, 0] - R[0, 1]]).applyfunc(tidy)
    if _zero(twice_sin_axis):  # 180°: R + I has the axis in every nonzero column
        column = next(c for c in (R + sympy.eye(3)).columnspace(simplify=True) if not _zero(c))
        axis = _unit(column)
    else:
        axis = (twice_sin_axis / sympy.sqrt(sum(e**2 for e in twice_sin_axis))).applyfunc(tidy)
    angle = tidy(sympy.acos(cos) * 180 / sympy.pi)
    return RotationRef(angle=angle, scale=s, axis=axis)


def _classify(m: sympy.Matrix) -> str:
    n = m.rows
    eye = sympy.eye(n)
    if _zero(m - eye):
        return "identity"
    if m.is_diagonal() and len(set(m.diagonal())) == 1 and sympy.N(m[0, 0]) > 0:  # −I in 2D turns by 180°
        return "scaling"
    s = _scale(m)
    if s is not None:
        d = tidy(m.det() / s**n)
        if d == 1:
            return "rotation"
        if tidy(s - 1) == 0 and (n == 2 or tidy(m.trace() - 1) == 0):
            return "reflection"
    if _zero((m * m - m).applyfunc(tidy)):
        return "projection"
    shift = m - eye
    if shift.rank(simplify=True) == 1 and _zero((shift * shift).applyfunc(tidy)):
        return "shear"
    if m.is_diagonal():  # stretches along the axes by different factors (a 0 or a −1 was caught above)
        return "scaling"
    raise SolverError("M is not a rotation, reflection, projection, shear or scaling (ask for its entries, "
                      "eigenvalues or SVD instead)")


def classify(m: sympy.Matrix) -> str:
    """The kind of a 2×2 or 3×3 map with number entries (one of KINDS); SolverError if it is none of them."""
    return _classify(m)


def _fixed(m: sympy.Matrix, value: int) -> list[sympy.Matrix]:
    return (m - value * sympy.eye(m.rows)).nullspace(simplify=True)


def _line(m: sympy.Matrix, kind: str) -> sympy.Matrix:
    """The line a map is about: the mirror line (2D), the line projected onto, or the direction of a shear."""
    if kind == "reflection" and m.rows == 2:
        return _unit(_fixed(m, 1)[0])
    if kind == "projection":
        space = m.columnspace(simplify=True)
        if len(space) == 1:
            return _unit(space[0])
    if kind == "shear":
        return _unit((m - sympy.eye(m.rows)).columnspace(simplify=True)[0])
    raise SolverError(f"a {m.rows}×{m.rows} {kind} has no line to give (try `give: normal`)")


def _normal(m: sympy.Matrix, kind: str) -> sympy.Matrix:
    """The normal of the mirror plane (or of a 2D mirror line), or of the plane a 3D projection projects onto."""
    if kind == "reflection":
        return _unit(_fixed(m, -1)[0])
    if kind == "projection" and m.rows == 3 and len(m.columnspace(simplify=True)) == 2:
        return _unit(m.nullspace(simplify=True)[0])
    raise SolverError(f"a {m.rows}×{m.rows} {kind} has no plane normal to give (try `give: line`)")


def _factor(m: sympy.Matrix, kind: str) -> Any:
    if kind == "rotation":
        return _scale(m)
    if kind == "scaling" and len(set(m.diagonal())) == 1:
        return m[0, 0]
    if kind == "shear":
        off = [e for e in (m - sympy.eye(m.rows)) if tidy(e) != 0]
        if len(off) == 1:
            return off[0]
        raise SolverError("this shear is not along a coordinate axis: its factor depends on how it is written")
    raise SolverError(f"a {kind} has no single factor (for a scaling along the axes use `give: factors`)")


@solver("linear_map", math=("M",), words=("give",))
def linear_map(M: Any, give: str = "kind") -> Any:
    """What a 2×2 or 3×3 map is: `give: kind` (a word), `line`, `normal`, `axis`, `angle`, `factor`, `factors`."""
    m = matrix(M, "M", square=True, numeric=True, max_side=3)
    if m.rows not in (2, 3):
        raise SolverError("linear_map describes 2×2 and 3×3 matrices")
    kind = _classify(m)
    if give == "kind":
        return kind
    if give == "description":
        return MapRef(m.as_immutable(), kind, _words(m, kind))
    if give == "line":
        return _line(m, kind)
    if give == "normal":
        return _normal(m, kind)
    if give == "factor":
        return _factor(m, kind)
    if give == "factors":
        if kind not in ("scaling", "identity"):
            raise SolverError(f"M is a {kind}, not a scaling along the axes")
        return sympy.Matrix(m.diagonal()).T
    if give in ("axis", "angle"):
        if kind != "rotation":
            raise SolverError(f"M is a {kind}, not a rotation: it has no {give}")
        if m.rows == 2:
            if give == "axis":
                raise SolverError("a 2×2 rotation turns about the origin, not an axis")
            R = m / _scale(m)
            return tidy(sympy.atan2(R[1, 0], R[0, 0]) * 180 / sympy.pi)
        ref = rotation_3d(m)
        return ref.axis if give == "axis" else ref.angle
    raise SolverError(f"give must be one of kind, description, line, normal, axis, angle, factor, factors; not "
                      f"{give!r}")


def _vector_words(v: sympy.Matrix) -> str:
    axes = {(1, 0): "the x-axis", (0, 1): "the y-axis", (1, 0, 0): "the x-axis", (0, 1, 0): "the y-axis",
            (0, 0, 1): "the z-axis"}
    key = tuple(int(e) if e in (0, 1) else None for e in v)
    return axes.get(key, "the line through (" + ", ".join(str(e) for e in v) + ")")  # type: ignore[arg-type]


def _words(m: sympy.Matrix, kind: str) -> str:
    """The map in words, for the expected answer: `reflection in the line through (√2/2, √2/2)`."""
    try:
        if kind == "reflection" and m.rows == 2:
            return "reflection in " + _vector_words(_line(m, kind))
        if kind == "reflection":
            return "reflection in the plane with normal (" + ", ".join(str(e) for e in _normal(m, kind)) + ")"
        if kind == "projection" and m.is_symmetric():
            space = m.columnspace(simplify=True)
            if len(space) == 1:
                return "orthogonal projection onto " + _vector_words(_line(m, kind))
            if m.rows == 3 and len(space) == 2:
                return ("orthogonal projection onto the plane with normal ("
                        + ", ".join(str(e) for e in _normal(m, kind)) + ")")
        if kind == "shear":
            return f"shear along {_vector_words(_line(m, kind))}, factor {_factor(m, kind)}"
        if kind == "scaling":
            return "scaling by " + ", ".join(str(e) for e in m.diagonal()) + " along the axes"
    except SolverError:
        pass
    return f"{kind}: the map {m.tolist()}"

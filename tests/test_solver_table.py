"""The general solvers against independent computations, case by case (tests/data/solver_cases.yaml).

Matrix solvers are checked with numpy.linalg; derivatives with central finite differences of the function itself
(evaluated with 30 digits); map descriptions against answers written by hand. A solver's output is never compared
with another output of the same solver.
"""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

import mpmath
import numpy as np
import pytest
import sympy
import yaml

from mathgrade.errors import SpecError
from mathgrade.grade.references import run_call
from mathgrade.parse import parse_math
from mathgrade.solvers import RotationRef, SolverError, get
from mathgrade.spec import SolverCall

CASES = yaml.safe_load((Path(__file__).parent / "data" / "solver_cases.yaml").read_text(encoding="utf-8"))


def solve(name: str, **params: Any) -> Any:
    return get(name).func(**params)


def num(m: Any) -> np.ndarray:
    return np.array(sympy.Matrix(m).evalf(30).tolist(), dtype=complex)


# --- matrices ----------------------------------------------------------------------------------------------------

MATRIX_SOLVERS = ["det", "trace", "rank", "pinv", "eigenvalues", "eigenvectors", "singular_values", "svd"]


def _matrix_cases() -> list[Any]:
    out = []
    for n, text in enumerate(CASES["matrices"]):
        for name in MATRIX_SOLVERS:
            out.append(pytest.param(text, name, id=f"m{n:02d}-{name}"))
    return out


def _parallel(a: np.ndarray, b: np.ndarray) -> bool:
    a, b = a / np.linalg.norm(a), b / np.linalg.norm(b)
    return bool(abs(abs(np.vdot(a, b)) - 1) < 1e-9)


@pytest.mark.parametrize("text,name", _matrix_cases())
def test_matrix_solver_against_numpy(text: str, name: str) -> None:
    M = parse_math(text)
    A = num(M)
    square = A.shape[0] == A.shape[1]
    if not square and name in ("det", "trace", "eigenvalues", "eigenvectors"):
        with pytest.raises(SolverError):
            solve(name, M=M)
        return
    if name == "det":
        assert complex(solve("det", M=M)) == pytest.approx(np.linalg.det(A), abs=1e-9)
    elif name == "trace":
        assert complex(solve("trace", M=M)) == pytest.approx(np.trace(A), abs=1e-12)
    elif name == "rank":
        assert int(solve("rank", M=M)) == np.linalg.matrix_rank(A)
    elif name == "pinv":
        assert np.allclose(num(solve("pinv", M=M)), np.linalg.pinv(A), atol=1e-9)
    elif name == "eigenvalues":
        got = num(solve("eigenvalues", M=M)).ravel()
        want = np.linalg.eigvals(A)
        key = lambda v: (round(v.real, 6), round(v.imag, 6))
        assert np.allclose(sorted(got, key=key), sorted(want, key=key), atol=1e-8)
        assert all(key(a) <= key(b) for a, b in itertools.pairwise(got)), "not ascending"
    elif name == "eigenvectors":
        values = np.linalg.eigvals(A)
        distinct = len({(round(v.real, 6), round(v.imag, 6)) for v in values}) == len(values)
        if not distinct:
            with pytest.raises(SolverError):
                solve("eigenvectors", M=M)
            return
        V = num(solve("eigenvectors", M=M))
        lams = num(solve("eigenvalues", M=M)).ravel()
        assert V.shape == A.shape
        for k in range(A.shape[0]):
            v = V[:, k]
            assert np.linalg.norm(v) > 1e-9
            assert np.allclose(A @ v, lams[k] * v, atol=1e-8), k
    elif name == "singular_values":
        got = num(solve("singular_values", M=M)).ravel().real
        assert np.allclose(got, np.linalg.svd(A.real, compute_uv=False), atol=1e-9)
    elif name == "svd":
        s = np.linalg.svd(A.real, compute_uv=False)
        Sigma = num(solve("svd", M=M, factor="Sigma")).real
        assert Sigma.shape == A.shape and np.allclose(np.diag(Sigma), s, atol=1e-9)
        repeated = any(abs(a - b) < 1e-9 for a, b in itertools.pairwise(
            np.linalg.eigvalsh(A.real.T @ A.real)))
        if repeated:
            with pytest.raises(SolverError):
                solve("svd", M=M, factor="V")
            return
        U = num(solve("svd", M=M, factor="U")).real
        V = num(solve("svd", M=M, factor="V")).real
        assert np.allclose(U.T @ U, np.eye(U.shape[0]), atol=1e-9)
        assert np.allclose(V.T @ V, np.eye(V.shape[0]), atol=1e-9)
        assert np.allclose(U @ Sigma @ V.T, A.real, atol=1e-9)
        _, _, vh = np.linalg.svd(A.real)
        for k in range(min(A.shape)):  # numpy's singular vectors, up to sign
            assert _parallel(V[:, k], vh[k]), k


# --- calculus ----------------------------------------------------------------------------------------------------

def _point(case: dict[str, Any]) -> dict[Any, Any]:
    values = {parse_math(v): sympy.Float(x, 30) for v, x in zip(case["vars"], case["at"], strict=True)}
    values.update({parse_math(k): sympy.Float(x, 30) for k, x in case.get("consts", {}).items()})
    return values


_FNS: dict[tuple[Any, tuple[Any, ...]], Any] = {}


def _at(expr: Any, point: dict[Any, Any]) -> complex:
    """expr at the point, with 30-digit mpmath arithmetic (a compiled function per expression: fast enough to
    call the hundreds of times finite differences need)."""
    names = tuple(point)
    key = (expr, names)
    if key not in _FNS:
        dummies = [sympy.Dummy() for _ in names]
        _FNS[key] = sympy.lambdify(dummies, sympy.sympify(expr).xreplace(dict(zip(names, dummies))), "mpmath")
    with mpmath.workdps(30):
        return complex(_FNS[key](*(mpmath.mpf(str(point[n])) for n in names)))


def _fd(f: Any, point: dict[Any, Any], var: Any, h: float = 1e-6) -> complex:
    up, down = dict(point), dict(point)
    up[var] = point[var] + sympy.Float(h, 30)
    down[var] = point[var] - sympy.Float(h, 30)
    return (_at(f, up) - _at(f, down)) / (2 * h)


def _fd2(f: Any, point: dict[Any, Any], a: Any, b: Any, h: float = 1e-4) -> complex:
    def shifted(da: float, db: float) -> complex:
        p = dict(point)
        p[a] = p[a] + sympy.Float(da, 30)
        p[b] = p[b] + sympy.Float(db, 30)
        return _at(f, p)
    return (shifted(h, h) - shifted(h, -h) - shifted(-h, h) + shifted(-h, -h)) / (4 * h * h)


def _function_cases() -> list[Any]:
    out = []
    for n, case in enumerate(CASES["functions"]):
        for v in case["vars"]:
            out.append(pytest.param(case, "derivative", v, id=f"f{n:02d}-d-{v}"))
        out.append(pytest.param(case, "derivative2", case["vars"][0], id=f"f{n:02d}-d2-{case['vars'][0]}"))
        out.append(pytest.param(case, "gradient", None, id=f"f{n:02d}-gradient"))
        out.append(pytest.param(case, "hessian", None, id=f"f{n:02d}-hessian"))
    return out


@pytest.mark.parametrize("case,name,var", _function_cases())
def test_calculus_solver_against_finite_differences(case: dict[str, Any], name: str, var: str | None) -> None:
    f = parse_math(case["f"])
    point = _point(case)
    names = [parse_math(v) for v in case["vars"]]
    if name == "derivative":
        got = _at(solve("derivative", f=f, wrt=parse_math(var)), point)
        assert got == pytest.approx(_fd(f, point, parse_math(var)), rel=1e-7, abs=1e-9)
    elif name == "derivative2":
        x = parse_math(var)
        got = _at(solve("derivative", f=f, wrt=x, order=sympy.Integer(2)), point)
        assert got == pytest.approx(_fd2(f, point, x, x, h=1e-4), rel=1e-5, abs=1e-6)
    elif name == "gradient":
        g = solve("gradient", f=f, wrt=names)
        assert g.shape == (len(names), 1)
        for k, v in enumerate(names):
            assert _at(g[k], point) == pytest.approx(_fd(f, point, v), rel=1e-7, abs=1e-9)
    else:
        H = solve("hessian", f=f, wrt=names)
        assert H.shape == (len(names), len(names))
        for r, c in itertools.product(range(len(names)), repeat=2):
            assert _at(H[r, c], point) == pytest.approx(_fd2(f, point, names[r], names[c]), rel=1e-5, abs=1e-6)


def _jacobian_cases() -> list[Any]:
    return [pytest.param(case, mode, id=f"j{n}-{mode}") for n, case in enumerate(CASES["jacobians"])
            for mode in ("matrix", "entries")]


@pytest.mark.parametrize("case,mode", _jacobian_cases())
def test_jacobian_against_finite_differences(case: dict[str, Any], mode: str) -> None:
    fs = [parse_math(t) for t in case["f"]]
    names = [parse_math(v) for v in case["vars"]]
    point = _point(case)
    want = [[_fd(f, point, v) for v in names] for f in fs]
    if mode == "matrix":
        J = solve("jacobian", f=fs, wrt=names)
        assert J.shape == (len(fs), len(names))
        got = [[_at(J[r, c], point) for c in range(len(names))] for r in range(len(fs))]
    else:
        got = [[_at(solve("jacobian", f=fs, wrt=names, entry=[sympy.Integer(r + 1), sympy.Integer(c + 1)]), point)
                for c in range(len(names))] for r in range(len(fs))]
    assert np.allclose(np.array(got), np.array(want), rtol=1e-7, atol=1e-9)


# --- maps ----------------------------------------------------------------------------------------------------------

def _map_cases() -> list[Any]:
    out = []
    for n, case in enumerate(CASES["maps"]):
        for give in ("kind", "line", "normal", "axis", "angle", "factor", "factors"):
            if give in case:
                out.append(pytest.param(case, give, id=f"map{n:02d}-{give}"))
        if "axis" in case:
            out.append(pytest.param(case, "rotation", id=f"map{n:02d}-rotation3d"))
    return out


@pytest.mark.parametrize("case,give", _map_cases())
def test_map_description_against_hand_answers(case: dict[str, Any], give: str) -> None:
    M = parse_math(case["M"])
    if give == "rotation":  # the 3×3 rotation solver: axis and angle rebuild M by Rodrigues' formula
        ref = solve("rotation", M=M)
        assert isinstance(ref, RotationRef)
        n = num(ref.axis).real.ravel()
        theta = np.radians(float(ref.angle))
        K = np.array([[0, -n[2], n[1]], [n[2], 0, -n[0]], [-n[1], n[0], 0]])
        R = np.eye(3) + np.sin(theta) * K + (1 - np.cos(theta)) * K @ K
        assert np.allclose(float(ref.scale) * R, num(M).real, atol=1e-9)
        assert float(ref.scale) == pytest.approx(case["factor"])
        return
    got = solve("linear_map", M=M, give=give)
    want = case[give]
    if give == "kind":
        assert got == want
    elif give in ("line", "normal"):
        assert _parallel(num(got).ravel(), np.array(want, dtype=complex))
    elif give == "axis":  # the axis as a direction: angle in [0, 180] about it, so -z with 90° is z with -90°
        v = num(got).real.ravel()
        assert _parallel(v, np.array(want, dtype=complex))
        assert np.isclose(abs(np.linalg.norm(v)), 1)
    elif give == "factors":
        assert np.allclose(num(got).real.ravel(), want)
    else:
        assert float(got) == pytest.approx(want, abs=1e-9)


# --- refusals --------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("case", [pytest.param(c, id=f"refuse{n:02d}-{c['solver']}")
                                  for n, c in enumerate(CASES["refusals"])])
def test_solver_refuses_with_a_spec_error_naming_the_field(case: dict[str, Any]) -> None:
    params = tuple((k, tuple(v) if isinstance(v, list) else v) for k, v in case["params"].items())
    with pytest.raises(SpecError) as info:
        run_call(SolverCall(case["solver"], params), (), "spec.yaml", "parts.1a.reference")
    assert info.value.field.startswith("parts.1a.reference")


@pytest.mark.parametrize("case", [pytest.param(c, id=f"f{n:02d}-at") for n, c in enumerate(CASES["functions"])
                                  if not c.get("consts")])
def test_derivatives_at_a_point(case: dict[str, Any]) -> None:
    """`at:` gives numbers: the gradient and the first derivative at the case's point, against finite differences
    (and the one-row Jacobian at the point is the gradient)."""
    f = parse_math(case["f"])
    point = _point(case)
    names = [parse_math(v) for v in case["vars"]]
    at = [sympy.Rational(str(x)) for x in case["at"]]
    exact_point = dict(zip(names, at, strict=True))
    g = solve("gradient", f=f, wrt=names, at=at)
    assert not any(e.free_symbols for e in g)
    for k, v in enumerate(names):
        assert complex(g[k].evalf(30)) == pytest.approx(_fd(f, point, v), rel=1e-6, abs=1e-9)
    d = solve("derivative", f=f.xreplace({v: exact_point[v] for v in names[1:]}), wrt=names[0], at=at[0])
    assert complex(d.evalf(30)) == pytest.approx(_fd(f, point, names[0]), rel=1e-6, abs=1e-9)
    J = solve("jacobian", f=[f], wrt=names, at=at)
    assert J.shape == (1, len(names)) and all(J[0, k] == g[k] for k in range(len(names)))

"""Answers built from declared matrix symbols (`X^T (X w - b)`), compared by evaluation at random matrices.

Each comparison draws every declared matrix at random with its declared shape, for several sizes of the symbolic
dimensions (distinct from each other, so that `X` and `Xᵀ` cannot agree by accident), and evaluates both sides with
numpy. Like the scalar evaluator, this walks the tree itself: nothing derived from student text is executed.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import sympy

from mathgrade.check.codes import Code
from mathgrade.check.compare import has_float
from mathgrade.check.domains import interval
from mathgrade.check.options import EXACT_RTOL, CheckOptions
from mathgrade.check.verdict import Rendering, Status, Verdict
from mathgrade.parse.functions import Declared
from mathgrade.parse.matrices import describe
from mathgrade.parse.objects import AsScalar, Norm, Outer, Rank, Tr, is_matrix, is_symbolic_matrix

__all__ = ["check_symbolic_matrices", "sample_value", "uses_matrix_symbols"]

SIZE_ROUNDS = ((3, 2, 4, 5, 6), (4, 3, 2, 6, 5), (2, 4, 3, 5, 6), (2, 3, 5, 4, 6))
"""Values given to the symbolic dimensions, in sorted-name order, round by round: distinct within a round, and
each of two dimensions the larger in some round (XᵀX is invertible only where X has more rows than columns)."""
POINTS = 4
"""Random draws per round."""
MAX_SIDE = 24


class _Undefined(Exception):
    """The expression cannot be evaluated here (a node we do not know): the answer goes to a person."""


class _Shape(Exception):
    """Shapes that do not fit (found at evaluation, for what the parser could not see)."""


def uses_matrix_symbols(value: Any) -> bool:
    """Whether a parsed value holds a declared matrix symbol."""
    if is_symbolic_matrix(value):
        return True
    if is_matrix(value):
        return any(uses_matrix_symbols(v) for v in value)
    return isinstance(value, sympy.Basic) and bool(value.atoms(sympy.MatrixSymbol))


@dataclass
class _Env:
    dims: dict[str, int]
    seed: int
    round: int
    point: int
    domains: dict[str, str]
    bound: dict[str, complex] = field(default_factory=dict)
    cache: dict[tuple[Any, ...], Any] = field(default_factory=dict)

    def _rng(self, label: str) -> np.random.Generator:
        return np.random.default_rng([zlib.crc32(label.encode("utf-8")), self.seed, self.round, self.point])

    def matrix(self, name: str, rows: int, cols: int) -> np.ndarray:
        key = ("m", name, rows, cols)
        if key not in self.cache:
            self.cache[key] = self._rng("matrix " + name).uniform(-2.0, 2.0, size=(rows, cols)).astype(complex)
        return self.cache[key]  # type: ignore[no-any-return]

    def scalar(self, name: str) -> complex:
        if name in self.bound:
            return self.bound[name]
        if name in self.dims:
            return complex(self.dims[name])
        key = ("s", name)
        if key not in self.cache:
            rng = self._rng("scalar " + name)
            magnitude = rng.uniform(0.5, 2.0)
            domain = self.domains.get(name, "real")
            span = interval(domain)
            value = (magnitude if domain == "positive" else -magnitude if domain == "negative"
                     else rng.uniform(0.05, 1.0) if domain == "probability"
                     else rng.uniform(*span) if span is not None else magnitude * rng.choice([-1.0, 1.0]))
            self.cache[key] = complex(value)
        return self.cache[key]  # type: ignore[no-any-return]

    def side(self, d: Any) -> int:
        if d.is_Integer:
            return int(d)
        if isinstance(d, sympy.Symbol) and d.name in self.dims:
            return self.dims[d.name]
        raise _Undefined(f"the size {d} has no value")


_UNARY: dict[type, Any] = {
    sympy.exp: np.exp, sympy.log: np.log, sympy.sin: np.sin, sympy.cos: np.cos, sympy.tan: np.tan,
    sympy.sinh: np.sinh, sympy.cosh: np.cosh, sympy.tanh: np.tanh, sympy.atan: np.arctan,
    sympy.Abs: lambda v: complex(abs(v)),
}


def _value(e: Any, env: _Env) -> Any:
    """A complex number, or a 2-D complex array for a matrix (vectors are n×1)."""
    if isinstance(e, sympy.MatrixSymbol):
        return env.matrix(e.name, env.side(e.shape[0]), env.side(e.shape[1]))
    if isinstance(e, sympy.Transpose):
        return _as_array(_value(e.arg, env)).T
    if isinstance(e, sympy.MatAdd):
        parts = [_as_array(_value(a, env)) for a in e.args]
        if any(p.shape != parts[0].shape for p in parts):
            raise _Shape("a sum of matrices of different sizes")
        return sum(parts[1:], parts[0])
    if isinstance(e, sympy.MatMul):
        scalar: complex = 1
        acc: np.ndarray | None = None
        for a in e.args:
            v = _value(a, env)
            if not isinstance(v, np.ndarray):
                scalar *= v
                continue
            if acc is not None and acc.shape[1] != v.shape[0]:
                raise _Shape("a product of matrices whose sizes do not fit")
            acc = v if acc is None else acc @ v
        return scalar if acc is None else acc * scalar
    if isinstance(e, sympy.MatPow):
        base = _as_array(_value(e.base, env))
        return _matrix_power(base, e.exp)
    if isinstance(e, sympy.Inverse):
        return _matrix_power(_as_array(_value(e.arg, env)), sympy.Integer(-1))
    if isinstance(e, (AsScalar, sympy.Trace)):
        inner = _as_array(_value(e.args[0], env))
        if isinstance(e, AsScalar) and inner.shape != (1, 1):
            raise _Shape("a product used as a number that is not 1×1")
        return complex(np.trace(inner))
    if isinstance(e, sympy.Determinant):
        inner = _as_array(_value(e.args[0], env))
        if inner.shape[0] != inner.shape[1]:
            raise _Shape("a determinant of a matrix that is not square")
        return complex(np.linalg.det(inner))
    if isinstance(e, Rank):
        return complex(np.linalg.matrix_rank(_as_array(_value(e.args[0], env))))
    if isinstance(e, sympy.Identity):
        n = env.side(e.shape[0])
        return np.eye(n, dtype=complex)
    if isinstance(e, sympy.ZeroMatrix):
        return np.zeros((env.side(e.shape[0]), env.side(e.shape[1])), dtype=complex)
    if isinstance(e, sympy.MatrixBase):
        rows = [[_scalar_value(e[r, c], env) for c in range(e.cols)] for r in range(e.rows)]
        return np.array(rows, dtype=complex)
    if e.is_Number or isinstance(e, sympy.NumberSymbol) or e is sympy.I:
        return complex(e)
    if isinstance(e, sympy.Symbol):
        return env.scalar(e.name)
    if isinstance(e, sympy.Add):
        return sum((_scalar_value(a, env) for a in e.args), complex(0))
    if isinstance(e, sympy.Mul):
        out: Any = complex(1)
        for a in e.args:
            out = out * _value(a, env)
        return out
    if isinstance(e, sympy.Pow):
        base, exponent = _scalar_value(e.base, env), _scalar_value(e.exp, env)
        return complex(np.power(base, exponent))
    if isinstance(e, Norm):
        return complex(np.linalg.norm(_as_array(_value(e.args[0], env))))
    if isinstance(e, Tr):  # an undeclared name transposed (cᵀ): a number, as the scalar evaluator reads it
        return _value(e.args[0], env)
    if isinstance(e, Outer):
        return _value(e.args[0], env) * _value(e.args[1], env)
    if isinstance(e, Declared):
        args = [_value(a, env) for a in e.args]
        if any(isinstance(a, np.ndarray) for a in args):
            raise _Undefined("a declared function of a vector inside a matrix expression")
        saved = dict(env.bound)
        env.bound.update({p: complex(a) for p, a in zip(e.declared.params, args)})
        try:
            return _scalar_value(e.declared.body, env)
        finally:
            env.bound = saved
    if type(e) in _UNARY and len(e.args) == 1:
        return complex(_UNARY[type(e)](_scalar_value(e.args[0], env)))
    raise _Undefined(f"cannot evaluate `{type(e).__name__}` here")


def sample_value(expr: Any, dims: dict[str, int], point: int, fixed: dict[str, np.ndarray] | None = None) -> Any:
    """The value of a matrix expression at one random draw (a number or a 2-D array), with the named matrices in
    `fixed` set to the given arrays: solvers check sympy's matrix calculus against finite differences with it.
    Raises ValueError when the expression cannot be evaluated (an unknown node, shapes that do not fit)."""
    env = _Env(dict(dims), 0, 0, point, {})
    for name, array in (fixed or {}).items():
        env.cache[("m", name, array.shape[0], array.shape[1])] = array
    with np.errstate(all="ignore"):
        try:
            return _value(expr, env)
        except (_Undefined, _Shape) as exc:
            raise ValueError(str(exc)) from None


def _scalar_value(e: Any, env: _Env) -> complex:
    v = _value(e, env)
    if isinstance(v, np.ndarray):
        if v.shape != (1, 1):
            raise _Shape("a vector or matrix where a number belongs")
        return complex(v[0, 0])
    return complex(v)


def _as_array(v: Any) -> np.ndarray:
    return v if isinstance(v, np.ndarray) else np.array([[v]], dtype=complex)


def _matrix_power(base: np.ndarray, exponent: Any) -> np.ndarray:
    if base.shape[0] != base.shape[1]:
        raise _Shape("a power of a matrix that is not square")
    if not exponent.is_Integer:
        raise _Undefined("a matrix power that is not a whole number")
    k = int(exponent)
    if k < 0:
        with np.errstate(all="ignore"):
            if abs(np.linalg.det(base)) < 1e-9:
                return np.full(base.shape, np.nan + 0j)
            base, k = np.linalg.inv(base), -k
    return np.linalg.matrix_power(base, k)


def _dims(*values: Any) -> list[str]:
    names: set[str] = set()
    for v in values:
        for m in (v.atoms(sympy.MatrixSymbol) if isinstance(v, sympy.Basic) else ()):
            names |= {s.name for s in m.shape if isinstance(s, sympy.Symbol)}
    return sorted(names)


def _shape_of(value: Any) -> tuple[Any, Any] | None:
    """The symbolic shape of a matrix expression; None for a number (a 1×1 product counts as a number)."""
    if is_symbolic_matrix(value) or is_matrix(value):
        shape = tuple(value.shape)
        return None if shape == (1, 1) else shape  # type: ignore[return-value]
    return None


@dataclass(frozen=True)
class _Outcome:
    equal: bool | None
    reason: str = ""
    code: str = ""


def _compare(student: Any, expected: Any, options: CheckOptions) -> _Outcome:
    s_shape, e_shape = _shape_of(student), _shape_of(expected)
    transpose = False
    if s_shape != e_shape:
        vectors = s_shape is not None and e_shape is not None and 1 in s_shape and 1 in e_shape
        if vectors and tuple(reversed(s_shape)) == e_shape and not options.orientation:
            transpose = True
        elif vectors and tuple(reversed(s_shape)) == e_shape:
            return _Outcome(False, f"expected {describe(expected)}, not {describe(student)} (transpose it)",
                            Code.WRONG_ORIENTATION)
        else:
            code = (Code.SCALAR_FOR_VECTOR if s_shape is None else Code.VECTOR_FOR_SCALAR if e_shape is None
                    else Code.WRONG_SHAPE)
            return _Outcome(False, f"expected {describe(expected)}, got {describe(student)}", code)
    rtol = options.rtol if has_float(student) or has_float(expected) else 1e4 * EXACT_RTOL
    dims = _dims(student, expected)
    domains = dict(options.domains)
    rounds = SIZE_ROUNDS if dims else SIZE_ROUNDS[:1]
    compared = 0
    with np.errstate(all="ignore"):
        for r, sizes in enumerate(rounds):
            env_dims = dict(zip(dims, sizes))
            for point in range(POINTS):
                env = _Env(env_dims, options.seed, r, point, domains)
                try:
                    want = _as_array(_value(expected, env))
                    got = _as_array(_value(student, env))
                except _Shape as exc:
                    return _Outcome(False, f"your answer has {exc}", "wrong_shape")
                except (_Undefined, ValueError, TypeError, ArithmeticError, np.linalg.LinAlgError) as exc:
                    return _Outcome(None, str(exc) or type(exc).__name__)
                if transpose:
                    got = got.T
                if got.shape != want.shape:
                    return _Outcome(False, f"expected {describe(expected)}, got {describe(student)}", "wrong_shape")
                usable = np.isfinite(want)
                if not usable.any():
                    continue
                scale = np.maximum(np.maximum(np.abs(got), np.abs(want)), 1.0)
                close = np.abs(got - want) <= options.atol + rtol * scale
                if not (close | ~usable).all() or not np.isfinite(got[usable]).all():
                    return _Outcome(False)
                compared += 1
    if compared == 0:
        return _Outcome(None, "the expected answer could not be evaluated at any sample point")
    return _Outcome(True)


def check_symbolic_matrices(value: Any, expected: Any, options: CheckOptions, shown: Rendering) -> Verdict:
    """The verdict for an answer or reference built from declared matrix symbols."""
    outcome = _compare(value, expected, options)
    if outcome.equal is None:
        return Verdict(Status.MANUAL, 0.0, "could not be checked automatically (" + outcome.reason
                       + "); an instructor will look at it", shown)
    if outcome.equal:
        return Verdict(Status.CORRECT, 1.0, "Correct.", shown)
    if outcome.reason:
        return Verdict(Status.INCORRECT, 0.0, f"Not correct: {outcome.reason}.", shown,
                       diagnoses=(outcome.code,) if outcome.code else ())
    for factor, code, words in _FACTORS:
        if _compare(factor * value, expected, options).equal:
            return Verdict(Status.INCORRECT, 0.0, f"Not correct. {words}", shown, diagnoses=(code,))
    return Verdict(Status.INCORRECT, 0.0, "Not correct.", shown)


_FACTORS = (
    (sympy.Integer(-1), Code.SIGN_ERROR, "The sign is wrong: your answer is the negative of the right one."),
    (sympy.Rational(1, 2), Code.FACTOR_OFF, "Your answer is off by a factor 2."),
    (sympy.Integer(2), Code.FACTOR_OFF, "Your answer is off by a factor 1/2."),
)
"""The mistakes worth naming in a matrix expression: a flipped sign (Xᵀ(b − Xw)), a factor 2 gained or lost
(the ½ of ½‖Xw − b‖²)."""

"""Numeric evaluation of sympy trees with numpy, over many random points at once.

We compile a tree into nested closures instead of using `lambdify`, which generates Python source and runs it
with `exec`: the tree came from student text, so nothing derived from it is ever executed as code. Only the node
types listed in `_compile` are understood; anything else raises `Unsupported`.

Values are complex arrays of shape (n,) for scalars, or `Vec` for vectors (shape (n, d)), so that `sqrt(x^2)` and
`x` differ at negative points, and a row vector times a column vector is a dot product.
"""

from __future__ import annotations

import math
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import numpy as np
import sympy

from mathgrade.check.budget import Counter, current
from mathgrade.check.domains import Relation, interval, resolve
from mathgrade.parse.objects import Outer, Tr

Array = np.ndarray
Fn = Callable[["Env"], Any]


class Unsupported(Exception):
    """The tree has a node we cannot evaluate numerically."""


class ShapeMismatch(Exception):
    """Vectors combined in a way that has no meaning (vector + number, column times column)."""


@dataclass
class Vec:
    """A vector at every point: `data` has shape (n, d). `row` records a transpose (wᵀ)."""

    data: Array
    row: bool = False


_DRAWS: dict[tuple[Any, ...], Array] = {}
_DRAWS_MAX = 4096
"""Sample points by (name, shape, domain, seed, size): the same for every answer to a part, so drawn once per
process rather than once per check (a generator costs ~70 µs to seed)."""


MAGNITUDE_BANDS: tuple[tuple[float, float], ...] = ((0.5, 2.0), (2.0, 5.0), (0.1, 0.5), (5.0, 10.0))
"""Ranges of |value| that sample points cycle through, each with both signs: an answer right only on [0.5, 2]
(`|x - 3|` for `3 - x`, `sqrt((x+5)^2)` for `x + 5`) differs from the reference in another band."""


def _magnitudes(rng: np.random.Generator, shape: tuple[int, ...], signed: bool) -> Array:
    """|values| from every band, with both signs in every band, in an order shuffled per name: x and y do not
    share their bands and signs at a point (else |x y| and x y would agree everywhere)."""
    n = shape[0] if shape else 1
    bands = len(MAGNITUDE_BANDS)
    pattern = np.arange(n)
    rng.shuffle(pattern)
    band = pattern % bands
    sign = np.where((pattern // bands) % 2 == 0, 1.0, -1.0) if signed else np.ones(n)
    lo = np.log(np.array([MAGNITUDE_BANDS[b][0] for b in band]))
    hi = np.log(np.array([MAGNITUDE_BANDS[b][1] for b in band]))
    extra = (1,) * (len(shape) - 1)
    u = rng.uniform(0.0, 1.0, size=shape)
    values = np.exp(lo.reshape(-1, *extra) + (hi - lo).reshape(-1, *extra) * u)
    flips = rng.choice([-1.0, 1.0], size=shape) if signed and len(shape) > 1 else 1.0
    return values * sign.reshape(-1, *extra) * flips


FAR_BANDS: tuple[tuple[float, float], ...] = ((10.0, 100.0), (100.0, 1e3), (1e3, 1e4), (1e4, 1e6))
"""Ranges of |value| for the far points (Env.far): answers that agree with the reference only on small inputs
(`sin x + x^6/10^16`) differ there. Drawn after the ordinary points, so those stay the same."""


def _far(rng: np.random.Generator, shape: tuple[int, ...], signed: bool) -> Array:
    n = shape[0]
    band = np.arange(n) % len(FAR_BANDS)
    sign = np.where((np.arange(n) // len(FAR_BANDS)) % 2 == 0, 1.0, -1.0) if signed else np.ones(n)
    lo = np.log(np.array([FAR_BANDS[b][0] for b in band]))
    hi = np.log(np.array([FAR_BANDS[b][1] for b in band]))
    extra = (1,) * (len(shape) - 1)
    u = rng.uniform(0.0, 1.0, size=shape)
    return np.exp(lo.reshape(-1, *extra) + (hi - lo).reshape(-1, *extra) * u) * sign.reshape(-1, *extra)


def _draw(label: str, shape: tuple[int, ...], domain: str, seed: int, size: int,
          anchors: tuple[float, ...] = (), far: int = 0, fixed: tuple[float, ...] = ()) -> Array:
    """Sample values: `shape[0] - far - len(fixed)` ordinary points (with the anchors' neighbours last), then
    `far` points of large magnitude, then the `fixed` points (sides of kinks) for names sampled on all reals."""
    extra = far + len(fixed)
    if extra:
        base = _draw(label, (shape[0] - extra, *shape[1:]), domain, seed, size, anchors)
        rng = np.random.default_rng([zlib.crc32(label.encode("utf-8")), seed % (1 << 63), size, 1])
        rows = [base]
        if far:
            if domain in ("real", "positive", "negative"):
                values = _far(rng, (far, *shape[1:]), domain == "real")
                rows.append((-values if domain == "negative" else values).astype(complex))
            else:  # an interval or a simplex: more points of the same kind
                rows.append(_draw(label + "/far", (far, *shape[1:]), domain, seed, size))
        if fixed:
            if domain == "real" and len(shape) == 1:
                rows.append(np.array(fixed, dtype=complex))
            else:
                rows.append(_draw(label + "/fixed", (len(fixed), *shape[1:]), domain, seed, size))
        return np.concatenate(rows, axis=0)
    rng = np.random.default_rng([zlib.crc32(label.encode("utf-8")), seed % (1 << 63), size])
    if domain in ("positive", "softmax", "probability"):
        values = _magnitudes(rng, shape, False) if domain == "positive" else rng.uniform(0.05, 1.0, size=shape)
        return values.astype(complex)
    if domain == "negative":
        return (-_magnitudes(rng, shape, False)).astype(complex)
    span = interval(domain)
    if span is not None:  # `theta: [0, 6.28]`
        return rng.uniform(span[0], span[1], size=shape).astype(complex)
    values = _magnitudes(rng, shape, True)
    if anchors and len(shape) == 1 and shape[0] > 2 * len(anchors):
        # The last points sit just either side of the numbers the answers name (the kink of |x - 3| is at 3).
        offsets = rng.uniform(0.05, 0.6, size=2 * len(anchors))
        near = [a + s * o for a, (s, o) in zip(np.repeat(anchors, 2), zip([1.0, -1.0] * len(anchors), offsets))]
        values[-len(near):] = near
    return values.astype(complex)


_RELATED: dict[tuple[Any, ...], Array] = {}
"""Families computed from others (y = softmax(z)), by everything their values depend on: like the draws, the
same for every answer to a part, so computed once per process rather than once per answer and index pair."""


@dataclass
class Env:
    """Where symbols get their values. Sampling is keyed by name and seed, so both sides see the same values."""

    n: int
    seed: int = 0
    size: int = 3
    dim: int = 3
    domains: dict[str, str] = field(default_factory=dict)
    vectors: frozenset[str] = frozenset()
    indices: dict[sympy.Symbol, int] = field(default_factory=dict)
    size_symbols: frozenset[sympy.Symbol] = frozenset()
    budget: Counter = field(default_factory=current)
    """The work budget in force when the env was made: every evaluated node is charged to it (budget.py)."""
    anchors: tuple[float, ...] = ()
    """Numbers the compared expressions name: some points of every plain variable are drawn beside them."""
    far: int = 0
    """How many of the n points are of large magnitude (FAR_BANDS), after the ordinary ones."""
    fixed: tuple[float, ...] = ()
    """Values given to every plain variable sampled on all reals at the last points: both sides of every kink."""
    _cache: dict[Any, Any] = field(default_factory=dict)

    def charge(self, operands: int = 1) -> None:
        """A node with `operands` operands evaluated at every point: n element operations per operand."""
        self.budget.charge(self.n * operands)

    def _draw(self, name: str, shape: tuple[int, ...], key: str | None = None) -> Array:
        domain = self.domains.get(name, "real")
        label = key or name
        memo = (label, shape, domain, self.seed, self.size, self.anchors, self.far, self.fixed)
        values = _DRAWS.get(memo)
        if values is None:
            values = _draw(label, shape, domain, self.seed, self.size, self.anchors, self.far, self.fixed)
            if len(_DRAWS) >= _DRAWS_MAX:
                _DRAWS.clear()
            _DRAWS[memo] = values
        return values.copy()  # callers may normalise in place (softmax families)

    def scalar(self, sym: sympy.Symbol) -> Any:
        if sym in self.indices:
            return np.full(self.n, complex(self.indices[sym]))
        if sym in self.size_symbols:
            return np.full(self.n, complex(self.size))
        key = ("s", sym.name)
        if key not in self._cache:
            if sym.name in self.vectors:
                self._cache[key] = Vec(self._draw(sym.name, (self.n, self.dim)))
            else:
                self._cache[key] = self._draw(sym.name, (self.n,))
        return self._cache[key]

    def entry(self, name: str, indices: tuple[int, ...]) -> Any:
        """Entry (i, j, ...) of a family with several indices (w_{ij}), drawn apart for each tuple of index values,
        so that w_{ij} depends on the values of i and j, not on their names."""
        if not all(1 <= k <= max(self.size, 12) for k in indices):
            return np.full(self.n, np.nan + 0j)
        key = ("e", name, indices)
        if key not in self._cache:
            label = name + "_" + ",".join(str(k) for k in indices)
            if name in self.vectors:
                self._cache[key] = Vec(self._draw(name, (self.n, self.dim), label))
            else:
                self._cache[key] = self._draw(name, (self.n,), label)
        return self._cache[key]

    def family(self, name: str, index: int) -> Any:
        """Entry `index` (1-based) of the family `name` (y_1 ... y_K); softmax families sum to 1 over 1..K."""
        key = ("f", name)
        if key not in self._cache:
            length = max(self.size, 12)
            if name in self.vectors:
                self._cache[key] = self._draw(name, (self.n, length, self.dim))
            else:
                domain = resolve(name, self.domains.get(name, "real"))
                if isinstance(domain, Relation):
                    memo = (domain, length, self.n, self.seed, self.size, self.anchors, self.far, self.fixed,
                            tuple(sorted(self.domains.items())), self.vectors)
                    values = _RELATED.get(memo)
                    if values is None:
                        values = self._related(domain, length)
                        if len(_RELATED) >= _DRAWS_MAX:
                            _RELATED.clear()
                        _RELATED[memo] = values
                    values = values.copy()
                else:
                    values = self._draw(name, (self.n, length))
                self._cache[key] = values
        table = self._cache[key]
        if not 1 <= index <= table.shape[1]:
            return np.full(self.n, np.nan + 0j)
        if name in self.vectors:
            return Vec(table[:, index - 1, :])
        return table[:, index - 1]


    def _related(self, relation: Relation, length: int) -> Array:
        """A family computed from others (`y: {is: "e^{z_k} / sum_j e^{z_j}", index: k}`) at the same points, so
        answers in terms of y and of z agree. Entries past the current size have no value."""
        formula = compile_expr(relation.formula)
        values = np.full((self.n, length), np.nan + 0j)
        saved = self.indices.get(relation.index)
        sizes = self.size_symbols
        self.size_symbols = sizes | index_structure(relation.formula).sizes  # its sums run to the current size
        try:
            for k in range(1, self.size + 1):
                self.indices[relation.index] = k
                entry = formula(self)
                values[:, k - 1] = entry.data[:, 0] if isinstance(entry, Vec) else entry
        finally:
            self.size_symbols = sizes
            if saved is None:
                self.indices.pop(relation.index, None)
            else:
                self.indices[relation.index] = saved
        return values


def _const(value: complex) -> Fn:
    return lambda env: np.full(env.n, value)


def _combine(values: list[Any], op: str) -> Any:
    vecs = [v for v in values if isinstance(v, Vec)]
    scalars = [v for v in values if not isinstance(v, Vec)]
    if op == "+":
        if vecs and scalars:
            raise ShapeMismatch("a vector plus a number")
        if vecs:
            return Vec(sum(v.data for v in vecs), row=vecs[0].row)
        return sum(scalars[1:], scalars[0])
    product: Any = np.ones_like(values[0].data[:, 0]) if not scalars else scalars[0]
    for s in scalars[1:]:
        product = product * s
    if not vecs:
        return product
    if len(vecs) == 1:
        return Vec(vecs[0].data * product[:, None], row=vecs[0].row)
    if len(vecs) == 2 and vecs[0].row != vecs[1].row:
        return np.sum(vecs[0].data * vecs[1].data, axis=1) * product
    raise ShapeMismatch("a product of two vectors that is not a dot product")


def _scalar_only(f: Callable[[Array], Array]) -> Callable[[Any], Any]:
    def apply(v: Any) -> Any:
        if isinstance(v, Vec):
            raise ShapeMismatch("a function of a vector")
        return f(v)
    return apply


def _gamma(v: Array) -> Array:
    out = np.full(v.shape, np.nan + 0j)
    for k, z in enumerate(v):
        if abs(z.imag) < 1e-12 and z.real < 170 and not (z.real <= 0 and float(z.real).is_integer()):
            out[k] = math.gamma(z.real)
    return out


_UNARY: dict[type, Callable[[Array], Array]] = {
    sympy.exp: np.exp, sympy.log: np.log, sympy.sin: np.sin, sympy.cos: np.cos, sympy.tan: np.tan,
    sympy.cot: lambda v: 1 / np.tan(v), sympy.sec: lambda v: 1 / np.cos(v), sympy.csc: lambda v: 1 / np.sin(v),
    sympy.asin: np.arcsin, sympy.acos: np.arccos, sympy.atan: np.arctan, sympy.sinh: np.sinh,
    sympy.cosh: np.cosh, sympy.tanh: np.tanh, sympy.Abs: lambda v: np.abs(v).astype(complex),
    sympy.factorial: lambda v: _gamma(v + 1), sympy.sign: lambda v: np.sign(v.real).astype(complex),
    sympy.sech: lambda v: 1 / np.cosh(v), sympy.csch: lambda v: 1 / np.sinh(v), sympy.coth: lambda v: 1 / np.tanh(v),
    sympy.asinh: np.arcsinh, sympy.acosh: np.arccosh, sympy.atanh: np.arctanh,
    sympy.re: lambda v: v.real.astype(complex), sympy.im: lambda v: v.imag.astype(complex),
}


@lru_cache(maxsize=8192)
def compile_expr(expr: Any) -> Fn:
    """Compile a sympy scalar expression into a function of an `Env`. Raises Unsupported.

    Cached: a part's reference is compiled once, not once per student (closures are pure functions of the tree).
    """
    return _compile(expr)


@lru_cache(maxsize=8192)
def _complex(e: Any) -> complex:
    return complex(e)


def _compile(e: Any) -> Fn:  # noqa: C901 - one dispatch table, kept in one place on purpose
    if e.is_Number or e is sympy.pi or e is sympy.E or e is sympy.I:
        return _const(_complex(e))
    if isinstance(e, sympy.NumberSymbol):
        return _const(_complex(e))
    if isinstance(e, sympy.Symbol):
        return lambda env: env.scalar(e)
    if isinstance(e, sympy.Indexed):
        name = e.base.label.name
        index_fns = [_index_fn(i) for i in e.indices]
        if len(index_fns) != 1:
            return lambda env: env.entry(name, tuple(f(env) for f in index_fns))
        only = index_fns[0]
        return lambda env: env.family(name, only(env))
    if isinstance(e, sympy.KroneckerDelta):
        a, b = (_index_fn(i) for i in e.args)
        return lambda env: np.full(env.n, 1.0 + 0j if a(env) == b(env) else 0j)
    if isinstance(e, sympy.Add):
        parts = [_compile(a) for a in e.args]

        def add(env: Env) -> Any:
            env.charge(len(parts))
            return _combine([p(env) for p in parts], "+")
        return add
    if isinstance(e, sympy.Mul):
        factors = [_compile(a) for a in e.args]

        def mul(env: Env) -> Any:
            env.charge(len(factors))
            return _combine([p(env) for p in factors], "*")
        return mul
    if isinstance(e, sympy.Pow):
        base, exponent = _compile(e.base), _compile(e.exp)

        def power(env: Env) -> Any:
            env.charge()
            b, x = base(env), exponent(env)
            if isinstance(b, Vec) or isinstance(x, Vec):
                raise ShapeMismatch("a power of a vector")
            return np.power(b, x)
        return power
    if isinstance(e, Outer):
        left, right = _compile(e.args[0]), _compile(e.args[1])

        def ordered(env: Env) -> Any:
            a, b = left(env), right(env)
            if isinstance(a, Vec) and isinstance(b, Vec) and not a.row and b.row:
                raise ShapeMismatch("a column vector times a row vector, which is a matrix")
            return _combine([a, b], "*")
        return ordered
    if isinstance(e, Tr):
        inner = _compile(e.args[0])

        def transpose(env: Env) -> Any:
            v = inner(env)
            return Vec(v.data, row=not v.row) if isinstance(v, Vec) else v
        return transpose
    if isinstance(e, sympy.Sum):
        return _compile_sum(e)
    if isinstance(e, sympy.Piecewise):
        return _compile_piecewise(e)
    func = type(e)
    if func in _UNARY and len(e.args) == 1:
        f = _scalar_only(_UNARY[func])
        arg = _compile(e.args[0])

        def apply(env: Env) -> Any:
            env.charge()
            return f(arg(env))
        return apply
    raise Unsupported(f"cannot evaluate `{func.__name__}`")


_COMPARISONS: dict[type, Callable[[Array, Array], Array]] = {
    sympy.StrictLessThan: np.less, sympy.LessThan: np.less_equal, sympy.StrictGreaterThan: np.greater,
    sympy.GreaterThan: np.greater_equal, sympy.Equality: np.equal, sympy.Unequality: np.not_equal,
}


def _compile_condition(c: Any) -> Callable[[Env], Array]:
    """A piecewise condition as a boolean array over the points (real parts compared)."""
    if c is sympy.true:
        return lambda env: np.ones(env.n, dtype=bool)
    if c is sympy.false:
        return lambda env: np.zeros(env.n, dtype=bool)
    if type(c) in _COMPARISONS:
        test = _COMPARISONS[type(c)]
        left, right = _compile(c.lhs), _compile(c.rhs)

        def compare(env: Env) -> Array:
            a, b = left(env), right(env)
            if isinstance(a, Vec) or isinstance(b, Vec):
                raise ShapeMismatch("a comparison of vectors")
            return np.asarray(test(np.real(a), np.real(b)))
        return compare
    if isinstance(c, (sympy.And, sympy.Or)):
        parts = [_compile_condition(a) for a in c.args]
        join = np.logical_and if isinstance(c, sympy.And) else np.logical_or
        return lambda env: np.asarray(join.reduce([p(env) for p in parts]))
    raise Unsupported(f"cannot evaluate the condition `{type(c).__name__}`")


def _compile_piecewise(e: sympy.Piecewise) -> Fn:
    """The first piece whose condition holds, point by point; NaN where none does (outside the domain)."""
    pieces = [(_compile(value), _compile_condition(cond)) for value, cond in e.args]

    def choose(env: Env) -> Any:
        out = np.full(env.n, np.nan + 0j)
        done = np.zeros(env.n, dtype=bool)
        for value, cond in pieces:
            v = value(env)
            if isinstance(v, Vec):
                raise ShapeMismatch("a piecewise vector")
            take = cond(env) & ~done
            out[take] = np.broadcast_to(v, (env.n,))[take]
            done |= take
        return out
    return choose


def _index_fn(i: Any) -> Callable[[Env], int]:
    if i.is_Integer:
        value = int(i)
        return lambda env: value
    if isinstance(i, sympy.Symbol):
        def lookup(env: Env) -> int:
            if i in env.indices:
                return env.indices[i]
            if i in env.size_symbols:
                return env.size
            raise Unsupported(f"the index `{i}` has no value here")
        return lookup
    inner = _compile(i)

    def computed(env: Env) -> int:
        v = inner(env)
        return int(round(v[0].real))
    return computed


def _compile_sum(e: sympy.Sum) -> Fn:
    # sympy merges Σ_a Σ_b f into one Sum with several limits, the first innermost: evaluated as nested loops.
    body = _compile(e.function)
    for limit in e.limits:
        body = _sum_loop(body, limit)
    return body


def _sum_loop(body: Fn, limit: tuple[Any, Any, Any]) -> Fn:
    var, lo, hi = limit
    lo_f, hi_f = _index_fn(lo), _index_fn(hi)

    def total(env: Env) -> Any:
        start, stop = lo_f(env), hi_f(env)
        if stop - start > 5000:
            raise Unsupported("sum too long to evaluate")
        saved = env.indices.get(var)
        acc: Any = None
        try:
            for k in range(start, stop + 1):
                env.charge()  # sums multiply through products: nested ones cost K^depth iterations
                env.indices[var] = k
                term = body(env)
                acc = term if acc is None else _combine([acc, term], "+")
        finally:
            if saved is None:
                env.indices.pop(var, None)
            else:
                env.indices[var] = saved
        return np.zeros(env.n, dtype=complex) if acc is None else acc
    return total


@dataclass(frozen=True)
class IndexStructure:
    """Which symbols of an expression are indices (free or summed) and which are sizes (sum upper bounds)."""

    free: frozenset[sympy.Symbol]
    bound: frozenset[sympy.Symbol]
    sizes: frozenset[sympy.Symbol]


def index_structure(*exprs: Any) -> IndexStructure:
    """Find indices: symbols used as subscripts, in Kronecker deltas, or as sum variables.

    Free and bound are decided per expression: `k` summed in one side may be free in the other.
    """
    free: set[sympy.Symbol] = set()
    bound: set[sympy.Symbol] = set()
    sizes: set[sympy.Symbol] = set()
    for expr in exprs:
        used: set[sympy.Symbol] = set()
        summed: set[sympy.Symbol] = set()
        for node in sympy.preorder_traversal(expr):
            if isinstance(node, sympy.Indexed):
                used.update(i for i in node.indices if isinstance(i, sympy.Symbol))
            elif isinstance(node, sympy.KroneckerDelta):
                used.update(i for i in node.args if isinstance(i, sympy.Symbol))
            elif isinstance(node, sympy.Sum):
                for var, _lo, hi in node.limits:
                    summed.add(var)
                    sizes.update(s for s in hi.free_symbols)
        free |= used - summed
        bound |= summed
    return IndexStructure(frozenset(free), frozenset(bound), frozenset(sizes))

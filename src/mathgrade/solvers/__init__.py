"""Reference solvers: named functions that compute reference answers from a spec's values.

A spec says `solver: matvec, params: {M: V, x: e1}`; the solver computes V·e1. Solvers never store answers, so an
instructor who changes V changes every answer that depends on it. Each family lives in its own module and
registers its solvers here by name.
"""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any


FOLLOW_THROUGH: ContextVar[bool] = ContextVar("FOLLOW_THROUGH", default=False)
"""True while a solver runs on a student's own value (follow-through): solvers then skip `simplify`."""


class SolverError(Exception):
    """The parameters make no sense for this solver (the spec loader turns it into a SpecError)."""


@dataclass(frozen=True)
class RotationRef:
    """What a scaled rotation does: signed angle in degrees in (−180, 180] (positive is counterclockwise)."""

    angle: Any
    scale: Any
    axis: Any = None
    """For a 3×3 map: the unit axis (a 3×1 matrix); the angle is then in [0, 180], counterclockwise seen from the
    tip of the axis (the right-hand rule). None for a 2×2 map."""


@dataclass(frozen=True)
class MapRef:
    """A 2×2 or 3×3 map a student describes in one sentence (`kind: map`): its matrix, the kind of map it is, and
    the words that describe it (shown as the expected answer)."""

    matrix: Any
    kind: str
    words: str


@dataclass(frozen=True)
class DerivationRef:
    """A derivation must start at `start` and end at `target`."""

    start: Any
    target: Any


@dataclass(frozen=True)
class Solver:
    """A registered solver: its function, the parameters that are mathematics, and the ones that are words."""

    name: str
    func: Callable[..., Any]
    math_params: tuple[str, ...]
    word_params: tuple[str, ...] = ()
    list_params: tuple[str, ...] = ()
    doc: str = ""
    optional: tuple[str, ...] = ()
    """Math or list parameters that may be left out (the function has a default for them)."""
    single: tuple[str, ...] = ()
    """List parameters that may also be one value, passed as it is (`wrt: w`, a declared vector symbol)."""


REGISTRY: dict[str, Solver] = {}


def solver(name: str, math: tuple[str, ...] = (), words: tuple[str, ...] = (),
           lists: tuple[str, ...] = (), optional: tuple[str, ...] = (), single: tuple[str, ...] = ()
           ) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Register a solver under `name`; `math` params are parsed as mathematics, `lists` as lists of it;
    `optional` names the math and list params that may be left out; `single` the list params that may be one
    value instead."""
    def register(func: Callable[..., Any]) -> Callable[..., Any]:
        REGISTRY[name] = Solver(name, func, math, words, lists, (func.__doc__ or "").strip().splitlines()[0],
                                optional, single)
        return func
    return register


def get(name: str) -> Solver:
    """The solver called `name`. Raises KeyError listing the known ones."""
    _load_families()
    if name not in REGISTRY:
        raise KeyError(f"unknown solver {name!r} (known: {', '.join(sorted(REGISTRY))})")
    return REGISTRY[name]


def _load_families() -> None:
    # registration side effect
    from mathgrade.solvers import calculus, chain, decompositions, linear, maps, softmax, svd  # noqa: F401, PLC0415

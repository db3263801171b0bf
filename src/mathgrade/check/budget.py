"""A work budget for one check: operation and size counts that stop the work, so even an in-process call is bounded.

Wall-time limits are enforced from outside, by killing a worker process (grade/boundary.py). That is the hard
guarantee, but it is coarse: a check stopped from outside costs the whole time limit and a process. The budget
here stops the known ways student math grows without bound *before* they cost seconds, wherever the check runs:

- the evaluator charges every node it evaluates (sums multiply through products, so nested sums cost K^depth:
  each iteration of each sum is charged);
- `expand` is refused when the number of terms it would produce is over a bound (`(a+b+c+d)^300` has 4.6 million
  terms); callers that expand (diagnoses) ask `expansion_terms` first.

Running over the budget raises `TooExpensive`; `check` turns it into an `invalid` verdict, "too expensive to
evaluate", exactly as a killed worker's part is reported.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

import sympy

WORK_LIMIT = 500_000
"""Element operations one check may spend in the evaluator (about a quarter of a second). Measured on the K2
sample class (978 budgets): mean about 190, largest 8,016 (an indexed formula with sums, checked at two sizes and
every index pair); a nested-sum answer of 99 characters needs hundreds of millions."""

MAX_EXPANSION_TERMS = 2_000
"""Terms `expand` may produce: diagnoses expand references of a few terms; no real answer needs more."""


TOO_EXPENSIVE = "too expensive to evaluate"
"""How every path words an answer stopped by a limit (budget, time or memory), so students read one phrase."""


class TooExpensive(Exception):
    """The work budget of this check ran out: the answer is too expensive to evaluate."""


class Counter:
    """Operations spent and allowed."""

    __slots__ = ("used", "limit")

    def __init__(self, limit: int) -> None:
        self.used = 0
        self.limit = limit

    def charge(self, units: int) -> None:
        """Spend `units` element operations; raise TooExpensive when the budget is exhausted."""
        self.used += units
        if self.used > self.limit:
            raise TooExpensive(f"more than {self.limit:,} operations")


_CURRENT: ContextVar[Counter | None] = ContextVar("mathgrade_work_budget", default=None)


@contextmanager
def work_budget(limit: int = WORK_LIMIT) -> Iterator[None]:
    """Run the block under a fresh budget of `limit` element operations (nested budgets do not add up: the
    innermost one counts, so a check run inside a check has the budget of one check)."""
    token = _CURRENT.set(Counter(limit))
    try:
        yield
    finally:
        _CURRENT.reset(token)


def current() -> Counter:
    """The budget in force, or a fresh one of WORK_LIMIT where no `work_budget` block is open: code that forgot
    to open a budget is still bounded per evaluation, never unbounded."""
    return _CURRENT.get() or Counter(WORK_LIMIT)


def expansion_terms(expr: Any, cap: int = MAX_EXPANSION_TERMS) -> int:
    """An upper bound on the number of terms `sympy.expand(expr)` produces, computed without expanding.

    Stops counting once the bound passes `cap` (the result is then some number over `cap`)."""
    def count(e: Any) -> int:
        if isinstance(e, sympy.Add):
            return min(sum(count(a) for a in e.args), cap + 1)
        if isinstance(e, sympy.Mul):
            total = 1
            for a in e.args:
                total = min(total * count(a), cap + 1)
            return total
        if isinstance(e, sympy.Pow) and e.exp.is_Integer and int(e.exp) > 1:
            base = count(e.base)
            if base == 1:
                return 1
            k = int(e.exp)
            if k > 10 * cap:
                return cap + 1
            # a multinomial (t terms)^k has C(t + k - 1, k) terms
            return min(math.comb(base + k - 1, k), cap + 1)
        return 1

    if not isinstance(expr, sympy.Basic):
        return 1
    return count(expr)


def bounded_expand(expr: Any) -> Any:
    """`sympy.expand(expr)`, or TooExpensive when it would produce more than MAX_EXPANSION_TERMS terms."""
    if expansion_terms(expr) > MAX_EXPANSION_TERMS:
        raise TooExpensive(f"expanding it would give more than {MAX_EXPANSION_TERMS:,} terms")
    return sympy.expand(expr)

"""A structural confirmation for answers with kinks, in one variable: on every region between the kinks, |a|
is +a or −a, sign(a) is ±1, √(c·f²) is ±√c·f and a `cases` is one of its pieces; when both sides then become
quotients of polynomials with rational coefficients on every region, they are compared exactly there (at large
integer points, as check.compare does for rational functions: two rational functions equal on an interval are
the same function). Floats at sample points cannot see `|x| + x/10^50` differ from `|x|`; this does.

Used only after the numeric comparison agreed, with the region points check.compare.kink_points chose (one
inside every region); `None` when a region does not reduce to rational functions (the numeric verdict stands).
"""

from __future__ import annotations

from typing import Any

import sympy

from mathgrade.check.budget import current
from mathgrade.check.domains import interval

MAX_REGIONS = 32


class _NotRational(Exception):
    """A region where a side does not reduce to a quotient of polynomials: no confirmation."""


def _sign_at(a: Any, var: sympy.Symbol, at: Any) -> int:
    value = a.xreplace({var: at})
    if not value.is_number or value.is_zero is not False:
        raise _NotRational("a kink at the probe")
    if value.is_positive:
        return 1
    if value.is_negative:
        return -1
    raise _NotRational("sign undecided")


def _root_of_square(base: Any, var: sympy.Symbol, at: Any) -> Any:
    """√base for a base c·f² (c a rational square, f a polynomial): ±√c·f, the sign taken at `at`."""
    try:
        c, factors = sympy.sqf_list(base, var)
    except (sympy.PolynomialError, ValueError, TypeError) as exc:
        raise _NotRational(str(exc)) from exc
    if not c.is_Rational or c <= 0 or any(m % 2 for _, m in factors):
        raise _NotRational("not a perfect square")
    root_c = sympy.sqrt(c)
    if not root_c.is_Rational:
        raise _NotRational("irrational factor")
    half = sympy.Mul(*[f ** (m // 2) for f, m in factors])
    return root_c * half * _sign_at(half, var, at)


def on_region(e: Any, var: sympy.Symbol, at: Any) -> Any:
    """`e` with its kinks resolved as they are at the point `at` (a Rational). Raises _NotRational."""
    if not isinstance(e, sympy.Basic) or var not in e.free_symbols or not e.args:
        return e
    current().charge(4)
    if isinstance(e, sympy.Piecewise):
        for piece in e.args:
            holds = piece.cond.xreplace({var: at}) if piece.cond is not sympy.true else sympy.true
            if holds is sympy.true:
                return on_region(piece.expr, var, at)
            if holds is not sympy.false:
                raise _NotRational("condition undecided")
        raise _NotRational("no piece holds")
    args = [on_region(a, var, at) for a in e.args]
    if isinstance(e, sympy.Abs):
        return args[0] * _sign_at(args[0], var, at)
    if isinstance(e, sympy.sign):
        return sympy.Integer(_sign_at(args[0], var, at))
    if isinstance(e, sympy.Pow) and not e.exp.is_integer:
        if e.exp.is_Rational and e.exp.q == 2:
            return _root_of_square(args[0], var, at) ** e.exp.p
        raise _NotRational("a root that is not of a square")
    return e.func(*args)


def _inside(domain: Any, t: float) -> bool | None:
    """Whether a probe is in the variable's sampling domain (None: a domain this check does not understand)."""
    if domain in (None, "real"):
        return True
    if domain == "positive":
        return t > 0
    if domain == "negative":
        return t < 0
    span = interval(domain)
    return None if span is None else span[0] <= t <= span[1]


def regions_agree(student: Any, expected: Any, probes: tuple[float, ...], seed: int,
                  domains: tuple[tuple[str, Any], ...] = ()) -> bool | None:
    """Whether the two sides are the same rational function on every region inside the variable's domain (one
    probe inside each: `|x|` is `x` where x is declared positive); None when a region does not reduce to
    rational functions on both sides."""
    from mathgrade.check.compare import _exact_points_agree, _rational_function  # noqa: PLC0415 - compare uses us

    symbols = student.free_symbols | expected.free_symbols
    if len(symbols) != 1 or not probes or len(probes) > MAX_REGIONS:
        return None
    var = next(iter(symbols))
    domain = dict(domains).get(var.name)
    inside = [_inside(domain, t) for t in probes]
    if any(i is None for i in inside):
        return None
    probes = tuple(t for t, i in zip(probes, inside) if i)
    if not probes:
        return None
    try:
        for t in probes:
            at = sympy.Rational(t)
            s, e = on_region(student, var, at), on_region(expected, var, at)
            if s == e:
                continue
            if not (_rational_function(s) or s.is_Rational) or not (_rational_function(e) or e.is_Rational):
                return None
            if not _exact_points_agree(s, e, seed):
                return False
    except _NotRational:
        return None
    except (TypeError, ValueError, RecursionError):
        return None
    return True

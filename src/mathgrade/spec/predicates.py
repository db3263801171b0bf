"""Named conditions for `variants.where`: "distinct eigenvalues of B", "integer singular values of A", "symmetric B".

A condition in `where:` is either a comparison (`det(M) != 0`, decided in grade/variants.py) or a named
predicate over one named matrix value, written

    [not] PHRASE NAME            e.g. "distinct eigenvalues of B", "not symmetric A", "orthogonal Q"

where PHRASE is one of the registry's phrases below and NAME a drawn or `values:` name. The registry is the one
place a predicate is defined: its phrase, whether it needs a square matrix, and how it is decided.

Every predicate is decided exactly on the built matrix (sympy, never floating point where exact algebra can
say): eigenvalues are the roots of the characteristic polynomial, found by factoring it over the rationals
(integer and rational eigenvalues), by its discriminant (distinct), or by Sturm sequences (real); singular
values are the square roots of the eigenvalues of the Gram matrix AᵀA (or AAᵀ, the smaller). A number is zero
when sympy proves it, or when its minimal polynomial is x (algebraic numbers: radicals, cos of rational multiples
of pi); a transcendental number whose zero-ness sympy cannot settle is a PredicateError, never a guess. A decimal
is read as the fraction it writes (0.25 is 1/4).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import sympy
from sympy.polys.polyerrors import NotAlgebraic, PolynomialError

from mathgrade.deadline import deadline
from mathgrade.parse.objects import is_matrix
from mathgrade.solvers.bounds import MAX_EIGEN_SIDE

__all__ = ["PREDICATES", "NamedCondition", "Predicate", "PredicateError", "decide", "read_condition"]

DECIDE_SECONDS = 10.0
"""Wall time one named condition may take on one variant, like a solver on the spec's own values (grade/
references.py): a spec is trusted only so far, and exact algebra on a 4×4 of nested radicals can be slow."""

_X = sympy.Symbol("lambda_condition")
_OPERATORS = re.compile(r"!=|==|<=|>=|<|>|≠|≤|≥")
_FORM = re.compile(r"^(not\s+)?([A-Za-z][A-Za-z ]*?)\s+([A-Za-z_][A-Za-z0-9_]*)$")


class PredicateError(ValueError):
    """A named condition that cannot be read or decided (the caller turns it into a SpecError with the field)."""


class _TooSlow(Exception):
    pass


@dataclass(frozen=True)
class Predicate:
    """One named property of a matrix value: `decide` gets the built matrix (numbers only, shape checked)."""

    phrase: str
    decide: Callable[[sympy.Matrix], bool]
    square: bool
    summary: str


PREDICATES: dict[str, Predicate] = {}
"""The registry, phrase → predicate (docs/spec.md lists them from here)."""


def predicate(phrase: str, summary: str, *, square: bool = True) -> Callable[[Callable[[sympy.Matrix], bool]],
                                                                           Callable[[sympy.Matrix], bool]]:
    """Register `phrase` (lower case words) as a named condition decided by the decorated function."""
    def register(fn: Callable[[sympy.Matrix], bool]) -> Callable[[sympy.Matrix], bool]:
        PREDICATES[phrase] = Predicate(phrase, fn, square, summary)
        return fn
    return register


@dataclass(frozen=True)
class NamedCondition:
    """`[not] PHRASE NAME` read from a `where:` entry."""

    phrase: str
    name: str
    negated: bool = False


def read_condition(text: str) -> NamedCondition | None:
    """The named condition in `text`, or None when `text` is a comparison (it has an operator, or is not of the
    form words-then-a-name). Raises PredicateError for words-then-a-name whose words are not a known phrase."""
    if _OPERATORS.search(text):
        return None
    m = _FORM.match(" ".join(text.split()))
    if m is None:
        return None
    phrase = m.group(2).lower()
    if phrase not in PREDICATES:
        known = "; ".join(f'"{p} NAME"' for p in PREDICATES)
        raise PredicateError(f"unknown named condition {phrase!r} in {text!r}: a condition is `left OP right` or "
                             f"one of {known} (optionally starting with `not`)")
    return NamedCondition(phrase, m.group(3), bool(m.group(1)))


def decide(condition: NamedCondition, value: Any) -> bool:
    """Whether the built value meets the condition. PredicateError when the value is not a matrix of numbers of
    the right shape, or exact algebra cannot decide."""
    pred = PREDICATES[condition.phrase]
    if not is_matrix(value):
        raise PredicateError(f"{condition.name} is {value}, not a matrix: \"{pred.phrase} NAME\" needs a matrix")
    m = sympy.Matrix(value)
    if any(e.free_symbols for e in m):
        raise PredicateError(f"{condition.name} has symbols in it once the drawn values are in: "
                             f"\"{pred.phrase}\" needs numbers")
    if max(m.shape) > MAX_EIGEN_SIDE:
        raise PredicateError(f"{condition.name} is {m.rows}×{m.cols}; named conditions take matrices up to "
                             f"{MAX_EIGEN_SIDE}×{MAX_EIGEN_SIDE}")
    # A decimal in a spec is the fraction it writes (0.5 is 1/2): read it so, or "rational eigenvalues" of
    # [[0.5, 0], [0, 0.25]] would be false. Floats print their 15 significant digits, which is what was written.
    m = m.applyfunc(lambda e: e.xreplace({f: sympy.Rational(str(f)) for f in e.atoms(sympy.Float)}))
    if pred.square and not m.is_square:
        raise PredicateError(f"{condition.name} is {m.rows}×{m.cols}: \"{pred.phrase}\" needs a square matrix")
    key = (pred.phrase, m.as_immutable())
    held = _DECIDED.get(key)
    if held is None:
        try:
            with deadline(DECIDE_SECONDS, _TooSlow):
                held = pred.decide(m)
        except _TooSlow:
            raise PredicateError(f"\"{pred.phrase} {condition.name}\" took more than {DECIDE_SECONDS:g} s to "
                                 "decide exactly") from None
        if len(_DECIDED) >= 8192:
            _DECIDED.clear()
        _DECIDED[key] = held
    return held is not condition.negated


_DECIDED: dict[tuple[str, Any], bool] = {}
"""Decisions by (predicate, matrix): a class's draws build the same few matrices from different combinations
(42 distinct A among 10,000 students of eigen-svd-variants), and a decision is exact, so it can be kept."""


# --- exact numbers ---------------------------------------------------------------------------------------------

def _minimal(x: Any) -> sympy.Poly | None:
    """The minimal polynomial of an algebraic number over the rationals, or None when it is not algebraic (or
    sympy cannot show that it is)."""
    try:
        return sympy.Poly(sympy.minimal_polynomial(x, _X), _X)
    except (NotAlgebraic, NotImplementedError, PolynomialError, ValueError):
        return None


def is_zero(x: Any) -> bool:
    """Exactly whether the number x is 0."""
    x = sympy.expand(x)
    if x.is_Rational:
        return bool(x == 0)
    if x.is_zero is not None:  # decided by sympy's assumptions (exact)
        return bool(x.is_zero)
    poly = _minimal(x)
    if poly is not None:
        return poly.degree() == 1 and poly.nth(0) == 0
    same = x.equals(0)
    if same is None:
        raise PredicateError(f"cannot decide exactly whether {x} is 0")
    return bool(same)


def rational(x: Any) -> sympy.Rational | None:
    """x as an exact rational, or None when it is irrational (a transcendental number is irrational)."""
    x = sympy.expand(x)
    if x.is_Rational:
        return x
    poly = _minimal(x)
    if poly is None or poly.degree() != 1:
        return None
    return -poly.nth(0) / poly.nth(1)


def _charpoly(m: sympy.Matrix) -> tuple[sympy.Poly | None, Any]:
    """The characteristic polynomial over the rationals (None when a coefficient is irrational), and as an
    expression in _X."""
    if all(e.is_Rational for e in m):
        # over QQ directly (exact, and far faster than the symbolic Berkowitz on sympy expressions)
        from sympy.polys.matrices import DomainMatrix  # noqa: PLC0415 - only for rational matrices

        coeffs = DomainMatrix.from_Matrix(m).convert_to(sympy.QQ).charpoly()
        poly = sympy.Poly.from_list([sympy.QQ.to_sympy(c) for c in coeffs], _X, domain=sympy.QQ)
        return poly, poly.as_expr()
    expr = m.charpoly(_X).as_expr()
    coeffs = [rational(c) for c in sympy.Poly(expr, _X).all_coeffs()]
    if any(c is None for c in coeffs):
        return None, expr
    return sympy.Poly.from_list(coeffs, _X, domain=sympy.QQ), expr


def rational_eigenvalues(m: sympy.Matrix) -> list[sympy.Rational] | None:
    """Every eigenvalue with multiplicity when all are rational, else None (factoring over the rationals)."""
    poly, _ = _charpoly(m)
    if poly is None:  # rational eigenvalues give rational coefficients (they are their symmetric functions)
        return None
    _, factors = poly.factor_list()
    if any(f.degree() != 1 for f, _ in factors):
        return None
    return sorted(-f.nth(0) / f.nth(1) for f, mult in factors for _ in range(mult))


def _gram(m: sympy.Matrix) -> sympy.Matrix:
    """AᴴA or AAᴴ, whichever is smaller: its eigenvalues are the squared singular values."""
    gram = m.H * m if m.cols <= m.rows else m * m.H
    return gram.applyfunc(sympy.expand)


# --- the registry ----------------------------------------------------------------------------------------------

@predicate("distinct eigenvalues of", "no eigenvalue is repeated (a nonzero discriminant of the characteristic "
                                      "polynomial)")
def _distinct_eigenvalues(m: sympy.Matrix) -> bool:
    poly, expr = _charpoly(m)
    if m.rows == 1:
        return True
    if poly is not None:
        return poly.discriminant() != 0
    return not is_zero(sympy.discriminant(expr, _X))


@predicate("integer eigenvalues of", "every eigenvalue is a whole number")
def _integer_eigenvalues(m: sympy.Matrix) -> bool:
    values = rational_eigenvalues(m)
    return values is not None and all(v.q == 1 for v in values)


@predicate("rational eigenvalues of", "every eigenvalue is a fraction")
def _rational_eigenvalues(m: sympy.Matrix) -> bool:
    return rational_eigenvalues(m) is not None


@predicate("real eigenvalues of", "every eigenvalue is real (Sturm's count of the real roots)")
def _real_eigenvalues(m: sympy.Matrix) -> bool:
    if all(is_zero(m[i, j] - sympy.conjugate(m[j, i])) for i in range(m.rows) for j in range(i + 1)):
        return True  # Hermitian
    poly, _ = _charpoly(m)
    if poly is None:
        if m.rows == 2:  # x² − t x + d: real roots exactly when t² − 4d ≥ 0 (t, d real)
            disc = sympy.expand(m.trace() ** 2 - 4 * m.det())
            if not is_zero(sympy.im(disc)):
                return False
            return is_zero(disc) or bool(sympy.re(disc).evalf(30, strict=True) > 0)
        raise PredicateError("real eigenvalues: the characteristic polynomial has irrational coefficients; "
                             "exact counting of real roots is only done for rational ones (or 2×2)")
    return len(sympy.real_roots(poly)) == poly.degree()


def _squares(m: sympy.Matrix) -> list[sympy.Rational] | None:
    values = rational_eigenvalues(_gram(m))
    if values is None:
        return None
    roots = [sympy.sqrt(v) for v in values]
    return roots if all(r.is_Rational for r in roots) else None


@predicate("integer singular values of", "every singular value is a whole number", square=False)
def _integer_singular_values(m: sympy.Matrix) -> bool:
    roots = _squares(m)
    return roots is not None and all(r.q == 1 for r in roots)


@predicate("rational singular values of", "every singular value is a fraction", square=False)
def _rational_singular_values(m: sympy.Matrix) -> bool:
    return _squares(m) is not None


@predicate("distinct singular values of", "no singular value is repeated (so the singular vectors are unique up "
                                          "to sign)", square=False)
def _distinct_singular_values(m: sympy.Matrix) -> bool:
    return _distinct_eigenvalues(_gram(m))


@predicate("invertible", "a nonzero determinant")
def _invertible(m: sympy.Matrix) -> bool:
    return not is_zero(m.det())


@predicate("symmetric", "equal to its transpose")
def _symmetric(m: sympy.Matrix) -> bool:
    return all(is_zero(m[i, j] - m[j, i]) for i in range(m.rows) for j in range(i))


@predicate("orthogonal", "QᵀQ = I (orthonormal columns)")
def _orthogonal(m: sympy.Matrix) -> bool:
    product = m.T * m
    return all(is_zero(product[i, j] - (1 if i == j else 0)) for i in range(m.rows) for j in range(m.cols))

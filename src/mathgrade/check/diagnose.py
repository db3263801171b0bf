"""Mistake diagnosis: when an answer is wrong, say which common mistake it is, with no authoring.

Each diagnosis is a test of a specific relation between the answer and the reference (the answer is −expected,
the transpose, expected times a constant, right only when i = j, ...), decided with the same numeric sampling as
equivalence itself. A diagnosis only speaks when its relation holds exactly, so it is silent on other wrong answers.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import sympy

from mathgrade.check.budget import TooExpensive, bounded_expand, work_budget
from mathgrade.check.codes import Code
from mathgrade.check.compare import Mismatch, compare_scalar, entrywise, has_float, paired_samples
from mathgrade.check.evaluate import Unsupported, index_structure
from mathgrade.check.message import Formula, Message, say
from mathgrade.check.options import CheckOptions, Condition, Kind
from mathgrade.check.render import latex, plain
from mathgrade.parse.objects import is_matrix

MAX_PERMUTATION_ENTRIES = 16


@dataclass(frozen=True)
class Diagnosis:
    """A named mistake: `code` for programs (results.json), `message` for the student (formulas as data)."""

    code: Code
    message: Message


def _said(code: Code, *pieces: Any) -> Diagnosis:
    return Diagnosis(code, say(*pieces))


def _symbol(name: Any) -> Formula:
    return Formula.of(sympy.Symbol(str(name)))


_NOTABLE = {2, 3, 10, 100}


def _name(value: Any) -> str:
    if value.is_negative:  # -1/3, not 1/-3
        return "-" + _name(-value)
    text = plain(value).replace("sqrt(2)", "√2").replace("sqrt(3)", "√3").replace("pi", "π")
    inverse = plain(1 / value).replace("sqrt(2)", "√2").replace("sqrt(3)", "√3").replace("pi", "π")
    if "/" not in inverse and "*" not in inverse and len(inverse) < len(text):
        return "1/" + inverse
    return text.replace("*", "")  # 2π, 3√2/4: as written on paper


def _candidates() -> list[tuple[float, Any]]:
    """Tidy constants (p/q, p/q·√2, p/q·√3, p/q·π) with their float values, computed once."""
    base = [sympy.Rational(n, d) for n in range(1, 13) for d in range(1, 13)]
    values = list(dict.fromkeys(base + [c * s for c in base[:40] for s in (sympy.sqrt(2), sympy.sqrt(3), sympy.pi)]))
    return [(float(v), v) for v in values]


_CANDIDATES = _candidates()


def _tolerance(student: Any, expected: Any, options: CheckOptions) -> float:
    """How close a ratio must come to a constant: float precision between exact values, the answer's own tolerance
    when either side has decimals (-0.7071 is the negative of 1/√2 just as 0.7071 is 1/√2)."""
    return max(1e-9, options.rtol) if has_float(student) or has_float(expected) else 1e-9


def _nice(ratio: complex, *, notable_only: bool = False, tol: float = 1e-9) -> Formula | None:
    """A constant a student recognises (√2, 1/2, 2π), or None when the ratio is not a tidy number.

    `notable_only` keeps the factors that are mistakes in themselves (√2, π, 2, 10, ...): between two plain numbers
    every ratio is constant, and "off by 3/2" would say nothing.
    """
    if abs(ratio.imag) > tol * max(1.0, abs(ratio.real)):
        return None
    r = ratio.real
    for number, exact in _CANDIDATES:
        for sign in (1, -1):
            if abs(sign * number - r) <= tol * max(1.0, abs(r)):
                value = sign * exact
                if notable_only and not (value.has(sympy.pi) or not value.is_Rational
                                         or abs(value) in _NOTABLE or 1 / abs(value) in _NOTABLE):
                    return None
                name = _name(value)
                # the formula as the words say it: 1/√2 stays 1/√2, not √2/2
                tex = latex(value) if not name.lstrip("-").startswith("1/") else \
                    ("-" if name.startswith("-") else "") + r"\frac{1}{" + latex(abs(1 / value)) + "}"
                return Formula(tex, name)
    return None


def _ratio(student: Any, expected: Any, options: CheckOptions) -> complex | None:
    """student / expected if it is the same constant at every sample point and index assignment."""
    ratios: list[np.ndarray] = []
    try:
        with np.errstate(all="ignore"):
            for a, b in paired_samples(student, expected, options):
                mask = np.abs(b) > 1e-9
                if mask.any():
                    ratios.append((a[mask] / b[mask]).ravel())
    except (Mismatch, Unsupported):
        return None
    if not ratios:
        return None
    values = np.concatenate(ratios)
    if not np.all(np.isfinite(values)):
        return None
    first = values[0]
    if np.all(np.abs(values - first) <= max(1e-7, _tolerance(student, expected, options)) * max(1.0, abs(first))):
        return complex(first)
    return None


def _factor_diagnosis(ratio: complex | None, notable_only: bool = False, tol: float = 1e-9) -> Diagnosis | None:
    if ratio is None or abs(ratio - 1) < tol:
        return None
    if abs(ratio + 1) < tol:
        return _said(Code.SIGN_ERROR, "The sign is wrong: your answer is the negative of the right one.")
    if abs(ratio.real - 180 / np.pi) < max(1e-6, tol * 180 / np.pi):
        return _said(Code.DEGREES_FOR_RADIANS, "Your answer is in degrees; the question wants radians.")
    if abs(ratio.real - np.pi / 180) < max(1e-9, tol * np.pi / 180):
        return _said(Code.RADIANS_FOR_DEGREES, "Your answer is in radians; the question wants degrees.")
    name = _nice(ratio, notable_only=notable_only, tol=tol)
    if name is None:
        return None
    if name.text.startswith("-"):
        return _said(Code.FACTOR_OFF, "Your answer is off by a factor ", name, ": check the sign and the constants.")
    return _said(Code.FACTOR_OFF, "Your answer is off by a factor ", name, ".")


def _reciprocal(student: Any, expected: Any, options: CheckOptions) -> Diagnosis | None:
    if expected == 0 or student == 0:
        return None
    if compare_scalar(student, 1 / expected, options).equal:
        return _said(Code.RECIPROCAL, "Your answer is the reciprocal of the right one.")
    return None


def _index_diagnoses(student: Any, expected: Any, options: CheckOptions) -> list[Diagnosis]:
    out: list[Diagnosis] = []
    i, j = (sympy.Symbol(name) for name in options.condition_indices)
    s_free = index_structure(student).free
    e_free = index_structure(expected).free
    if options.condition is not Condition.ANY:  # the question names i and j (∂y_i/∂z_j, i = j): neither is extra
        e_free |= {i, j}
    # i is usually the index the question is about (∂y_i/...): prefer explaining any other index first.
    extra = sorted((s.name for s in s_free - e_free), key=lambda n: (n == i.name, n))
    summed_right = [x for x in extra if compare_scalar(sympy.Sum(student, (sympy.Symbol(x), 1, sympy.Symbol("K"))),
                                                        expected, options).equal]
    if summed_right:
        x = summed_right[0]
        out.append(_said(Code.MISSING_SUM, "Your answer still depends on the index ", _symbol(x),
                         ": it is right once you sum over ", _symbol(x), "."))
    elif extra and e_free and not _renamed(student, expected, extra, e_free - s_free, options):
        names = say(*(piece for k, x in enumerate(extra) for piece in (", " if k else "", _symbol(x))))
        out.append(_said(Code.MISSING_SUM, "Your answer depends on the ", "index " if len(extra) == 1 else "indices ",
                         names, ", which the right answer does not: did you forget a sum over ", names, "?"))
    # Only a reference that depends on i and j can be right for i = j and wrong for i ≠ j.
    if options.condition is Condition.ANY and {i, j} <= e_free:
        equal_ok = compare_scalar(student, expected, replace(options, condition=Condition.EQUAL)).equal
        diff_ok = compare_scalar(student, expected, replace(options, condition=Condition.DIFFERENT)).equal
        same, other = Formula(f"{i} = {j}", f"{i} = {j}"), Formula(rf"{i} \neq {j}", f"{i} ≠ {j}")
        right, wrong = (same, other) if equal_ok else (other, same)
        if equal_ok != diff_ok:
            out.append(_said(Code.CONDITION_IGNORED, "Your formula is right when ", right, " but not when ", wrong,
                             ": one formula for all entries needs ", sympy.KroneckerDelta(i, j), "."))
    # An index of the reference written as another one (−y_i² for −y_i y_j): right once it is put back.
    absent = sorted(e_free - s_free - ({i, j} - index_structure(expected).free), key=lambda x: x.name)
    if not out and absent and s_free:
        for m in absent:
            other = next((x for x in sorted(s_free, key=lambda x: x.name)
                          if compare_scalar(student, expected.subs(m, x), options).equal), None)
            if other is not None:
                out.append(_said(Code.INDEX_MIXED_UP, "Your answer has ", other, " where the right answer has ", m,
                                 ": it is the right formula with ", m, " replaced by ", other, "."))
                break
    return out


def _renamed(student: Any, expected: Any, extra: list[str], missing: frozenset[Any], options: CheckOptions) -> bool:
    """Whether the answer is right once one of its extra indices is renamed to one the reference uses (x_j for
    x_i): a wrong index name, not a forgotten sum."""
    return any(compare_scalar(student.subs(sympy.Symbol(x), m), expected, options).equal
               for x in extra for m in missing)


ROUNDING_PLACES = 6


def _places(x: float) -> int | None:
    """The decimal places a number was written with (0.354 → 3), None past ROUNDING_PLACES."""
    for d in range(ROUNDING_PLACES + 1):
        if abs(round(x, d) - x) <= 1e-12 * max(1.0, abs(x)):
            return d
    return None


def _rounded_to_places(student: Any, expected: Any) -> int | None:
    """The places of a decimal that is the (constant) reference rounded as written (2.24 for √5, 0.354 for √2/4),
    with at least three significant digits (fewer is a rough estimate, not a rounding question); None otherwise."""
    if getattr(student, "free_symbols", True) or getattr(expected, "free_symbols", True) \
            or not student.atoms(sympy.Float):
        return None
    try:
        x, r = float(student), float(expected)
    except (TypeError, ValueError):
        return None
    d = _places(x)
    if not d or x == 0 or d + math.floor(math.log10(abs(x))) + 1 < 3:
        return None
    return d if abs(x - r) <= 0.5 * 10.0 ** -d * (1 + 1e-9) else None


def _rounded(places: list[int | None], options: CheckOptions) -> Diagnosis | None:
    if not places or any(p is None for p in places):
        return None
    d = max(p for p in places if p is not None)
    what = "This decimal is the exact value" if len(places) == 1 else "These decimals are the exact values"
    return _said(Code.ROUNDED, f"{what} rounded to {d} decimal place{'s' if d > 1 else ''}, but this assignment "
                 f"asks for more accuracy (within {options.rtol:.2%}): give more digits, or the exact value.")


def diagnose_scalar(student: Any, expected: Any, options: CheckOptions) -> tuple[Diagnosis, ...]:
    """Diagnoses for a wrong scalar or expression answer."""
    out: list[Diagnosis] = []
    rounded = _rounded([_rounded_to_places(student, expected)], options)
    if rounded is not None:
        return (rounded,)
    constants = not (getattr(student, "free_symbols", set()) or getattr(expected, "free_symbols", set()))
    factor = _factor_diagnosis(_ratio(student, expected, options), notable_only=constants,
                               tol=_tolerance(student, expected, options))
    if factor is not None:
        out.append(factor)
    else:
        recip = _reciprocal(student, expected, options)
        if recip is not None:
            out.append(recip)
    if options.kind in (Kind.INDEXED, None, Kind.EXPRESSION):
        out.extend(_index_diagnoses(student, expected, options))
        if not out:
            out.extend(_part_of_the_terms(student, expected, options))
    return tuple(out)


MAX_TERMS = 6


def _part_of_the_terms(student: Any, expected: Any, options: CheckOptions) -> list[Diagnosis]:
    """The answer is some of the reference's terms and not the others: y_i x_i for y_i x_i − y_i Σ_k y_k x_k.

    Tries leaving out one term, then keeping one (at most 2 × MAX_TERMS comparisons), on the expanded reference.
    A plain number is not tried against a formula: it cannot be a sum of terms that depend on the indices."""
    if not getattr(student, "free_symbols", None) and expected.free_symbols:
        return []
    terms = sympy.Add.make_args(bounded_expand(expected))
    if not 2 <= len(terms) <= MAX_TERMS:
        return []
    for k in range(len(terms)):
        missing = (terms[k],)
        kept = sympy.Add(*(t for n, t in enumerate(terms) if n != k))
        if compare_scalar(student, kept, options).equal:
            break
        if len(terms) > 2:
            missing = tuple(t for n, t in enumerate(terms) if n != k)
            if compare_scalar(student, terms[k], options).equal:
                break
    else:
        return []
    return [_said(Code.MISSING_TERM, "Your answer is only part of the result: it lacks the "
                  f"term{'s' * (len(missing) > 1)} ", sympy.Add(*missing), ".")]


def _matches(student: Any, expected: Any, options: CheckOptions) -> bool:
    return student.shape == expected.shape and not entrywise(student, expected, options)[0]


def _matrix_ratio(student: Any, expected: Any, options: CheckOptions) -> complex | None:
    ratios = []
    tol = max(1e-7, _tolerance(student, expected, options))
    for s, e in zip(student, expected):
        if e == 0:
            if s != 0 and not compare_scalar(s, e, options).equal:
                return None
            continue
        r = _ratio(s, e, options)
        if r is None:
            return None
        ratios.append(r)
    if ratios and all(abs(r - ratios[0]) <= tol * max(1.0, abs(ratios[0])) for r in ratios):
        return ratios[0]
    return None


def diagnose_matrix(student: Any, expected: Any, options: CheckOptions,
                    wrong: list[tuple[int, int]]) -> tuple[Diagnosis, ...]:
    """Diagnoses for a wrong vector or matrix of the right shape (`wrong`: the wrong entries, 1-based)."""
    out: list[Diagnosis] = []
    rounded = _rounded([_rounded_to_places(student[r - 1, c - 1], expected[r - 1, c - 1]) for r, c in wrong], options)
    if rounded is not None:
        return (rounded,)
    # With one nonzero entry, two plain numbers are compared, as for scalars: only a notable factor is named.
    nonzero = [(s, e) for s, e in zip(student, expected) if e != 0]
    single = len(nonzero) == 1 and not (nonzero[0][0].free_symbols | nonzero[0][1].free_symbols)
    factor = _factor_diagnosis(_matrix_ratio(student, expected, options), notable_only=single,
                               tol=_tolerance(student, expected, options))
    if factor is not None:
        return (factor,)
    if len(wrong) == 1:
        r, c = wrong[0]
        if compare_scalar(student[r - 1, c - 1], -expected[r - 1, c - 1], options).equal:
            where = f"entry {max(r, c)}" if 1 in expected.shape else f"row {r}, column {c}"
            return (_said(Code.SIGN_FLIP_ENTRY, f"One sign is wrong: {where} has the opposite sign."),)
    if expected.rows > 1 and expected.cols > 1 and expected != expected.T and _matches(student, expected.T, options):
        return (_said(Code.TRANSPOSED, "Your matrix is the transpose of the right one: rows and columns are "
                      "exchanged."),)
    swap = _swap(student, expected, options, rows=True) or _swap(student, expected, options, rows=False)
    if swap is not None:
        return (swap,)
    if len(student) <= MAX_PERMUTATION_ENTRIES and _same_entries(student, expected, options):
        out.append(_said(Code.ENTRIES_MISPLACED, "Every entry is a right value, but some are in the wrong place."))
    return tuple(out)


def _swap(student: Any, expected: Any, options: CheckOptions, *, rows: bool) -> Diagnosis | None:
    """Two rows (or two columns) of the reference exchanged, if that is the student's matrix."""
    count = expected.rows if rows else expected.cols
    for a, b in itertools.combinations(range(count), 2):
        swapped = sympy.Matrix(expected)
        swapped.row_swap(a, b) if rows else swapped.col_swap(a, b)
        if swapped != expected and _matches(student, swapped, options):
            vector = (expected.cols if rows else expected.rows) == 1
            what = "entries" if vector else "rows" if rows else "columns"
            code = Code.ROWS_SWAPPED if rows else Code.COLUMNS_SWAPPED
            return _said(code, f"Two {what} are swapped ({a + 1} and {b + 1}).")
    return None


def _same_entries(student: Any, expected: Any, options: CheckOptions) -> bool:
    """Each student entry matches a distinct expected entry (a greedy matching suffices for small matrices)."""
    remaining = list(expected)
    for s in student:
        for k, e in enumerate(remaining):
            if compare_scalar(s, e, options).equal:
                del remaining[k]
                break
        else:
            return False
    return True


def diagnose(student: Any, expected: Any, options: CheckOptions,
             wrong: list[tuple[int, int]] | None = None) -> tuple[Diagnosis, ...]:
    """All diagnoses that hold for a wrong answer (empty when none does).

    Diagnoses run under a work budget of their own: the verdict is already decided, so one that would cost too
    much is simply not offered (an answer `a` against the reference `(a+b+c+d)^300` stays a plain "incorrect")."""
    try:
        with work_budget():
            if is_matrix(student) and is_matrix(expected):
                return diagnose_matrix(student, expected, options, wrong or [])
            if not is_matrix(student) and not is_matrix(expected):
                return diagnose_scalar(student, expected, options)
    except (Unsupported, ValueError, TypeError, ZeroDivisionError, TooExpensive):
        return ()
    return ()

"""Comparators for answer forms: equations, inequalities, intervals and sets, several answers, percentages,
constants of integration.

Each comparator is named for what it compares and returns a `Verdict`. Relations are compared as relations (the
left side is never dropped): an equation is equal to another when one side minus the other agrees up to a nonzero
constant factor; an inequality when, in one variable, both describe the same set of reals (solved exactly), and
otherwise when one side minus the other agrees up to a positive factor with the same strictness.
"""

from __future__ import annotations

import itertools
import math
from fractions import Fraction
from typing import Any

import numpy as np
import sympy

from mathgrade.check.compare import Mismatch, compare_scalar, has_float, paired_samples, reference_seed
from mathgrade.check.constants import INTEGRATION_CONSTANT, integration_constant, with_constant  # noqa: F401
from mathgrade.check.evaluate import Unsupported
from mathgrade.check.options import CheckOptions
from mathgrade.check.render import latex, plain
from mathgrade.check.solution_sets import (
    Unsure,
    clearly_differ,
    degree_bound,
    from_sympy,
    numeric_set,
    reference_set,
    same_sets,
)
from mathgrade.check.systems import systems_equal
from mathgrade.check.verdict import Rendering, Status, Verdict
from mathgrade.parse.forms import (
    AllOf,
    Answers,
    Either,
    Percent,
    Relation,
    Span,
    Spans,
    form_values,
    is_form,
    is_system,
)
from mathgrade.parse.objects import is_matrix, nodes_over

_LATEX_OPS = {"=": "=", "!=": r"\neq", "<": "<", "<=": r"\le", ">": ">", ">=": r"\ge"}
_TEXT_OPS = {"=": "=", "!=": "≠", "<": "<", "<=": "≤", ">": ">", ">=": "≥"}
_FLIP = {"<": ">", "<=": ">=", ">": "<", ">=": "<=", "=": "=", "!=": "!="}
MAX_SOLVE_DEGREE = 4
"""Inequalities in one variable are solved exactly up to this polynomial degree (and |linear|); beyond, compared
by factor (also when a cubic or quartic has an irrational real root). sympy's `solveset` is not used: it took
seconds on a cubic and 20 s on a quartic, and student text must not buy that time."""
ALGEBRAIC_ZERO = 1e-20
"""At a root of one piece, another piece's value below this (30 digits computed) counts as zero."""


# -- rendering ---------------------------------------------------------------------------------------------------
def render_form(value: Any) -> Rendering:
    """What was understood, for a form (plain values go through check.render)."""
    if isinstance(value, Relation):
        lx = " ".join(latex(s) + (f" {_LATEX_OPS[o]} " if k < len(value.ops) else "")
                      for k, (s, o) in enumerate(zip(value.sides, (*value.ops, ""))))
        tx = " ".join(plain(s) + (f" {_TEXT_OPS[o]} " if k < len(value.ops) else "")
                      for k, (s, o) in enumerate(zip(value.sides, (*value.ops, ""))))
        return Rendering(lx.replace("  ", " ").strip(), tx.replace("  ", " ").strip())
    if isinstance(value, Answers):
        lx = ", ".join(_any_latex(i) for i in value.items)
        tx = ", ".join(_any_plain(i) for i in value.items)
        if value.braces:
            return Rendering(r"\left\{" + lx + r"\right\}", "{" + tx + "}")
        return Rendering(lx or r"\emptyset", tx or "∅")
    if isinstance(value, Spans):
        return Rendering(r" \cup ".join(_span_latex(s) for s in value.parts),
                         " ∪ ".join(_span_plain(s) for s in value.parts))
    if isinstance(value, Percent):
        return Rendering(latex(value.value) + r"\%", plain(value.value) + " %")
    if isinstance(value, AllOf):
        parts = [render_form(r) for r in value.items]
        return Rendering(r" \text{ and } ".join(p.latex for p in parts), " and ".join(p.text for p in parts))
    return Rendering(latex(value), plain(value))


def _any_latex(v: Any) -> str:
    return render_form(v).latex if is_form(v) else latex(v)


def _any_plain(v: Any) -> str:
    return render_form(v).text if is_form(v) else plain(v)


def _span_latex(s: Span) -> str:
    return ("[" if s.lo_closed else "(") + latex(s.lo) + ", " + latex(s.hi) + ("]" if s.hi_closed else ")")


def _span_plain(s: Span) -> str:
    return ("[" if s.lo_closed else "(") + plain(s.lo) + ", " + plain(s.hi) + ("]" if s.hi_closed else ")")


# -- equal values ------------------------------------------------------------------------------------------------
def same_value(a: Any, b: Any, options: CheckOptions) -> bool:
    """Whether two plain values (numbers, expressions, vectors) are equal under the part's tolerances."""
    if is_form(a) or is_form(b):
        if isinstance(a, Relation) and isinstance(b, Relation):
            return relations_equal(a, b, options)[0] is True
        return False
    if is_matrix(a) or is_matrix(b):
        if not (is_matrix(a) and is_matrix(b)) or a.shape != b.shape:
            return False
        return all(compare_scalar(x, y, options).equal is True for x, y in zip(a, b))
    return compare_scalar(a, b, options).equal is True


def _scale_factor(student: Any, expected: Any, options: CheckOptions) -> complex | None:
    """The constant k with student = k · expected at every sample point, or None when there is none."""
    ratios: list[complex] = []
    decimals = has_float(student) or has_float(expected)
    rtol = options.rtol if decimals else 1e-7
    try:
        with np.errstate(all="ignore"):
            for a, b in paired_samples(student, expected, options):
                zero = np.abs(b) == 0
                if np.any(np.abs(a[zero]) > 0):
                    return None
                ratios.extend((a[~zero] / b[~zero]).ravel().tolist())
    except (Mismatch, Unsupported):
        return None
    finite = [r for r in ratios if np.isfinite(r)]
    if not finite:
        return None
    k = finite[0]
    if k == 0 or any(abs(r - k) > rtol * abs(k) for r in finite):
        return None
    return k


def _exact_factor(k: complex) -> Any:
    if abs(k.imag) > 1e-12 * abs(k):
        return None
    f = Fraction(k.real).limit_denominator(10 ** 6)
    return sympy.Rational(f.numerator, f.denominator) if abs(float(f) - k.real) <= 1e-9 * abs(k.real) else None


def proportional(student: Any, expected: Any, options: CheckOptions, positive: bool) -> bool:
    """Whether `student = k · expected` for a constant k ≠ 0 (k > 0 when `positive`), confirmed exactly when both
    are exact: numbers at a few points cannot tell x + y − 3 from x + y − 3.000000001."""
    if expected == 0:
        return student == 0 or compare_scalar(student, expected, options).equal is True
    k = _scale_factor(student, expected, options)
    if k is None or (positive and (k.real <= 0 or abs(k.imag) > 1e-9 * abs(k))):
        return False
    if has_float(student) or has_float(expected):
        return True
    exact = _exact_factor(k)
    if exact is None:
        return compare_scalar(student, sympy.Float(k.real, 15) * expected,
                              options).equal is True if abs(k.imag) < 1e-12 else False
    return compare_scalar(student, exact * expected, options).equal is True


def _solutions(student: Any, expected: Any) -> tuple[Any, Any] | None:
    """The real solutions of `student = 0` and `expected = 0` in their one variable, when cheap to find."""
    var = _variable(student, expected)
    if var is None or not (_solvable(student, var) and _solvable(expected, var)):
        return None
    a, b = _solve_1d([(student, "=")], var), _solve_1d([(expected, "=")], var)
    return None if a is None or b is None else (a, b)


def same_solution(student: Any, expected: Any, options: CheckOptions) -> bool:
    """`F = ma` for `a = F/m`: both equations linear in some variable, solved for it, give the same formula (where
    its coefficient is not zero). Proportionality alone would need the factor m to be a constant."""
    if is_matrix(student) or is_matrix(expected):
        return False
    for v in sorted(student.free_symbols & expected.free_symbols, key=lambda s: s.name)[:6]:
        solved = []
        for d in (student, expected):
            slope = sympy.diff(d, v)
            if slope == 0 or v in slope.free_symbols:
                break
            solved.append(-(d - slope * v) / slope)
        else:
            if compare_scalar(sympy.expand(solved[0]), sympy.expand(solved[1]), options).equal is True:
                return True
    return False


# -- relations ---------------------------------------------------------------------------------------------------
def _normal(a: Any, op: str, b: Any) -> tuple[Any, str]:
    """`a op b` as `d op' 0` with op' one of =, !=, >, >=."""
    if op in ("<", "<="):
        return b - a, _FLIP[op]
    return a - b, op


def _pieces(r: Relation) -> list[tuple[Any, str]]:
    return [_normal(a, op, b) for a, b, op in zip(r.sides, r.sides[1:], r.ops)]


def _variable(*values: Any) -> sympy.Symbol | None:
    names: set[Any] = set()
    for v in values:
        names |= getattr(v, "free_symbols", set())
    return next(iter(names)) if len(names) == 1 else None


def real_set(value: Any, var: sympy.Symbol | None) -> Any:
    """The set of reals a relation, intervals or finite set of numbers describes, or None when it cannot be found
    exactly and cheaply (more than one variable, high degree, functions sympy cannot invert)."""
    if isinstance(value, Spans):
        return sympy.Union(*[sympy.Interval(s.lo, s.hi, not s.lo_closed, not s.hi_closed) for s in value.parts])
    if isinstance(value, AllOf):
        var = var or _variable(*[s for r in value.items for s in r.sides])
        pieces = [real_set(r, var) for r in value.items]
        return None if any(p is None for p in pieces) else sympy.Intersection(*pieces)
    if isinstance(value, Answers):
        if all(getattr(i, "is_number", False) and not is_form(i) for i in value.items):
            return sympy.FiniteSet(*value.items)
        if value.items and all(isinstance(i, Relation) for i in value.items):  # x <= -1 or x > 1
            var = var or _variable(*[s for i in value.items for s in i.sides])
            pieces = [real_set(i, var) for i in value.items]
            return None if any(p is None for p in pieces) else sympy.Union(*pieces)
        return None
    if isinstance(value, Relation) and var is not None:
        if any(is_matrix(side) for side in value.sides):
            return None
        if any(side.free_symbols - {var} or not _solvable(side, var) for side in value.sides):
            return None
        return _solve_1d(_pieces(value), var)
    return None


def _solvable(side: Any, var: sympy.Symbol) -> bool:
    """A polynomial of degree ≤ 2 with few terms, or |linear| terms plus a linear rest: cheap to solve exactly."""
    if nodes_over(side, 40) or len(side.atoms(sympy.Float)) > 4:
        return False
    absolutes = side.atoms(sympy.Abs)
    if len(absolutes) > 2:
        return False
    plain = side.xreplace({a: sympy.Dummy() for a in absolutes})
    if degree_bound(plain, var) > MAX_SOLVE_DEGREE * 4:  # sympy.degree expands: (x + 1)^1000 costs seconds
        return False
    try:
        if any(sympy.degree(a.args[0], var) > 1 or not a.args[0].is_polynomial(var) for a in absolutes):
            return False
        if not plain.is_polynomial(var):
            return False
        return sympy.degree(plain, var) <= (1 if absolutes else MAX_SOLVE_DEGREE)
    except (sympy.PolynomialError, ValueError, TypeError):
        return False


def _holds(d: Any, op: str, var: sympy.Symbol, point: Any) -> bool:
    value = d.xreplace({var: point})
    if not value.is_number:
        raise ValueError("not a number")
    if value.is_zero is None or value.is_positive is None:
        # at an algebraic point (a root of a cubic) the exact sign is not decided: 30 digits, rounding as zero
        value = sympy.N(value, 30)
        if abs(value) < ALGEBRAIC_ZERO:
            value = sympy.Integer(0)
    zero, positive = bool(value.is_zero), bool(value.is_positive)
    return {"=": zero, "!=": not zero, ">": positive, ">=": positive or zero}[op]


def _roots(d: Any, var: sympy.Symbol) -> set[Any]:
    """Real roots of d, and of every polynomial d becomes once each |a| is replaced by +a or −a, and the roots of
    each a: the points where the truth of `d op 0` may change."""
    absolutes = sorted(d.atoms(sympy.Abs), key=sympy.default_sort_key)
    found: set[Any] = set()
    for a in absolutes:
        found |= _real_roots(sympy.Poly(a.args[0], var))
    for signs in itertools.product((1, -1), repeat=len(absolutes)):
        case = d.xreplace({a: sign * a.args[0] for a, sign in zip(absolutes, signs)})
        poly = sympy.Poly(sympy.expand(case), var)
        if poly.is_zero:
            continue
        found |= _real_roots(poly)
    return found


def _real_roots(poly: Any) -> set[Any]:
    """Exact real roots: by formula up to degree 2; beyond, only when every real root is rational (x³ − 8,
    x(x − 1)(x + 1)). Irrational roots of a cubic are left to the factor comparison: sets with such ends cost
    seconds in sympy."""
    if poly.degree() <= 2:
        return {r for r in sympy.roots(poly) if r.is_real}
    roots = poly.real_roots()
    if not all(r.is_Rational for r in roots):
        raise ValueError("irrational roots beyond degree 2")
    return set(roots)


def _between(lo: Any, hi: Any) -> Any:
    """A rational point strictly between two critical points (or beyond the outer one): exact to evaluate at."""
    if lo.is_finite and hi.is_finite:
        a, b = float(sympy.N(lo, 20)), float(sympy.N(hi, 20))
        return sympy.Rational((a + b) / 2)
    if hi.is_finite:
        return sympy.Rational(math.floor(float(sympy.N(hi, 20))) - 1)
    if lo.is_finite:
        return sympy.Rational(math.ceil(float(sympy.N(lo, 20))) + 1)
    return sympy.Integer(0)


def _solve_1d(pieces: list[tuple[Any, str]], var: sympy.Symbol) -> Any:
    """The set of reals where every `d op 0` holds, by the signs between consecutive critical points (no
    `solveset`: it simplifies, and takes seconds on a cubic). Pieces are of degree ≤ 4 (irrational roots only up
    to degree 2), or |linear|."""
    try:
        points = sorted(set().union(*(_roots(d, var) for d, _ in pieces)), key=lambda r: float(r))
        regions: list[tuple[Any, Any]] = []  # (test point, region as a set)
        edges = [-sympy.oo, *points, sympy.oo]
        for k in range(len(edges) - 1):
            lo, hi = edges[k], edges[k + 1]
            regions.append((_between(lo, hi), sympy.Interval.open(lo, hi)))
            if hi.is_finite:
                regions.append((hi, sympy.FiniteSet(hi)))
        chosen = [region for probe, region in regions if all(_holds(d, op, var, probe) for d, op in pieces)]
    except (ValueError, TypeError, sympy.PolynomialError, NotImplementedError):
        return None
    return sympy.Union(*chosen) if chosen else sympy.S.EmptySet


def _intervals(s: Any) -> list[tuple[Any, Any, bool, bool]] | None:
    parts = list(s.args) if isinstance(s, sympy.Union) else [] if s is sympy.S.EmptySet else [s]
    out: list[tuple[Any, Any, bool, bool]] = []
    for p in parts:
        if isinstance(p, sympy.Interval):
            out.append((p.start, p.end, not p.left_open, not p.right_open))
        elif isinstance(p, sympy.FiniteSet):
            out.extend((e, e, True, True) for e in p.args)
        else:
            return None
    try:
        return sorted(out, key=lambda t: (float(t[0]), float(t[1])))
    except TypeError:  # symbolic ends, (a, b]: in a canonical order; a different order reads as different
        return sorted(out, key=lambda t: (sympy.default_sort_key(t[0]), sympy.default_sort_key(t[1])))


def sets_equal(a: Any, b: Any, options: CheckOptions) -> bool:
    """Two sets of reals, equal piece by piece: ends within tolerance and the same ends closed."""
    ia, ib = _intervals(a), _intervals(b)
    if ia is None or ib is None or len(ia) != len(ib):
        return False
    for (lo1, hi1, lc1, hc1), (lo2, hi2, lc2, hc2) in zip(ia, ib):
        for x, y in ((lo1, lo2), (hi1, hi2)):
            if x.is_infinite or y.is_infinite:
                if x != y:
                    return False
            elif compare_scalar(x, y, options).equal is not True:
                return False
        if (lc1 != lc2 and not lo1.is_infinite) or (hc1 != hc2 and not hi1.is_infinite):
            return False
    return True


def relations_equal(student: Relation, expected: Relation, options: CheckOptions) -> tuple[bool | None, str]:
    """Equal as relations (None: cannot be decided), and a reason when the kinds differ (an inequality for an
    equation)."""
    want_eq = all(op == "=" for op in expected.ops)
    have_eq = all(op == "=" for op in student.ops)
    if want_eq != have_eq:  # `x = 0` is the whole answer to x² ≤ 0: compared as sets, in one variable
        var = _variable(*student.sides, *expected.sides)
        if var is not None and set_verdict(student, expected, var, options):
            return True, ""
        return False, "expected an equation, not an inequality" if want_eq else "expected an inequality"
    if want_eq:
        a = student.sides[0] - student.sides[-1]
        b = expected.sides[0] - expected.sides[-1]
        if options.equations == "solutions":
            found = _solutions(a, b)
            if found is not None:
                return sets_equal(found[0], found[1], options), ""
        return proportional(a, b, options, positive=False) or same_solution(a, b, options), ""
    var = _variable(*student.sides, *expected.sides)
    if var is not None:
        ok = set_verdict(student, expected, var, options)
        if ok is not None or not proportional_pieces(student, expected, options):
            return ok, ""
        return True, ""
    return proportional_pieces(student, expected, options), ""


def proportional_pieces(student: Relation, expected: Relation, options: CheckOptions) -> bool:
    """Piece by piece, each one a positive multiple of one of the reference's with the same operator."""
    mine, theirs = _pieces(student), _pieces(expected)
    if len(mine) != len(theirs):
        return False
    unused = list(theirs)
    for d, op in mine:
        match = next((t for t in unused if t[1] == op and proportional(d, t[0], options, positive=op != "!=")),
                     None)
        if match is None:
            return False
        unused.remove(match)
    return True


def set_verdict(student: Any, expected: Any, var: sympy.Symbol | None, options: CheckOptions) -> bool | None:
    """Whether two relations (or intervals, or inequalities joined by and/or) in one variable describe the same
    set of reals; None when that cannot be decided (then an instructor looks). Exact on both sides when cheap;
    else the reference is solved by sympy (once) and the answer numerically (check/solution_sets.py)."""
    if var is None:
        return None
    s_exact, e_exact = real_set(student, var), real_set(expected, var)
    if s_exact is not None and e_exact is not None:
        return sets_equal(s_exact, e_exact, options)
    reference = from_sympy(e_exact) if e_exact is not None else reference_set(expected, var)
    if reference is None:
        return None
    if s_exact is not None:
        answer = from_sympy(s_exact)
    else:
        try:
            answer = numeric_set(student, var)
        except Unsure:
            return False if clearly_differ(student, reference, var) else None
    if answer is None:
        return None
    decimals = any(has_float(v) for v in form_values(student) + form_values(expected))
    return same_sets(answer, reference, options.rtol, exact=not decimals)


# -- several answers ---------------------------------------------------------------------------------------------
def answers_match(student: tuple[Any, ...], expected: tuple[Any, ...], options: CheckOptions) -> int:
    """How many of the expected answers the student's list matches, one to one (augmenting paths: n ≤ 20)."""
    owner: dict[int, int] = {}
    same = [[same_value(s, e, options) for e in expected] for s in student]

    def assign(i: int, seen: set[int]) -> bool:
        for j in range(len(expected)):
            if same[i][j] and j not in seen:
                seen.add(j)
                if j not in owner or assign(owner[j], seen):
                    owner[j] = i
                    return True
        return False

    return sum(assign(i, set()) for i in range(len(student)))


# -- percentages -------------------------------------------------------------------------------------------------
def percent_equal(student: Any, expected: Any, options: CheckOptions) -> bool:
    """`28 %` is 0.28, and is also right where the reference is the percentage itself (28); a plain 28 is right
    for a reference written `28 %`. A plain 0.28 for a reference 28 is not."""
    hundred = sympy.Integer(100)
    if isinstance(student, Percent) and isinstance(expected, Percent):
        return same_value(student.value, expected.value, options)
    if isinstance(student, Percent):
        return same_value(student.value / hundred, expected, options) or same_value(student.value, expected, options)
    if isinstance(expected, Percent):
        return same_value(student, expected.value / hundred, options) or same_value(student, expected.value, options)
    return same_value(student, expected, options)


def _seed(options: CheckOptions, expected: Any) -> int:
    return options.seed or reference_seed(str(expected))


def verdict(equal: bool, student: Any, reason: str = "") -> Verdict:
    """A correct or incorrect verdict on a form, with what was understood."""
    shown = render_form(student)
    if equal:
        return Verdict(Status.CORRECT, 1.0, "Correct.", shown)
    return Verdict(Status.INCORRECT, 0.0, f"Not correct: {reason}." if reason else "Not correct.", shown)


def expectation(expected: Any) -> str:
    """How to read a student's text against this reference (see parse.forms.read_form)."""
    if isinstance(expected, Answers):
        return "system" if is_system(expected) else "set"
    if isinstance(expected, Spans):
        return "spans"
    if isinstance(expected, Relation):  # against an inequality, `[-2, 3]` is the interval it describes
        return "equation" if all(op == "=" for op in expected.ops) else "spans"
    if isinstance(expected, AllOf):
        return "spans"
    return "one"


def _lone_name(relation: Relation) -> bool:
    """`y = 3 − x`: the left side is a name the right side does not use, so `3 − x` alone answers it."""
    left, right = relation.sides[0], relation.sides[-1]
    return isinstance(left, sympy.Symbol) and left not in getattr(right, "free_symbols", set()) \
        and len(relation.sides) == 2


def compare_form(student: Any, expected: Any, options: CheckOptions) -> Verdict:
    """Grade a student's value against a reference when either is a form (relation, set, interval, list, %)."""
    if isinstance(student, Either):
        outcomes = [compare_form(r, expected, options) for r in student.readings]
        if any(v.status is Status.CORRECT for v in outcomes):
            return Verdict(Status.INVALID, 0.0, f"The grader could not read this answer: {student.message}.", column=1)
        return Verdict(Status.INCORRECT, 0.0, "Not correct (under either reading of the comma).",
                       outcomes[0].interpreted_as)
    if isinstance(expected, Relation):
        if isinstance(student, Relation):
            ok, reason = relations_equal(student, expected, options)
            return review(student) if ok is None else verdict(ok, student, reason)
        if isinstance(student, Answers) and options.equations == "solutions" and expected.ops == ("=",):
            var = _variable(*expected.sides)  # `x = 2 or x = -2` for `x^2 = 4`
            e_set = _solve_1d([(expected.sides[0] - expected.sides[1], "=")], var) if var is not None and \
                _solvable(expected.sides[0] - expected.sides[1], var) else None
            s_set = real_set(student, None)
            return verdict(e_set is not None and s_set is not None and sets_equal(s_set, e_set, options), student)
        if all(op == "=" for op in expected.ops):
            if not is_form(student) and _lone_name(expected):
                return verdict(same_value(student, expected.sides[-1], options), student)
            return verdict(False, student, "expected an equation")
        if isinstance(student, (Spans, Answers, AllOf)):
            return set_form_verdict(student, expected, _variable(*expected.sides), options)
        return verdict(False, student, "expected an inequality, not a single value")
    if isinstance(expected, AllOf):  # a reference `x > 1 and x <= 3`: the set it describes
        var = _variable(*[s for r in expected.items for s in r.sides])
        if not is_form(student):
            return verdict(False, student)
        return set_form_verdict(student, expected, var, options)
    if isinstance(expected, Spans):
        var = _variable(*student.sides) if isinstance(student, Relation) else None
        if isinstance(student, (Answers, AllOf)) and student.items and \
                all(isinstance(i, Relation) for i in student.items):
            var = _variable(*[s for i in student.items for s in i.sides])
        if isinstance(student, Spans):
            return verdict(sets_equal(real_set(student, None), real_set(expected, None), options), student)
        if var is None:
            return verdict(False, student, "expected an interval, such as [0, 1) or (-∞, 2]")
        return set_form_verdict(student, expected, var, options)
    if is_system(expected):
        ok, reason = systems_equal(student, expected, options)
        return review(student, "whether this system has the same solutions") if ok is None else \
            verdict(ok, student, reason)
    if isinstance(expected, Answers):
        if isinstance(student, (Relation, Spans, Percent, AllOf)):
            return verdict(False, student, f"expected {len(expected.items)} values")
        items = student.items if isinstance(student, Answers) else (student,)
        if expected.braces and isinstance(student, Answers) and student.braces:
            items = _distinct(items, options)
        matched = answers_match(items, expected.items, options)
        if matched == len(expected.items) == len(items):
            return verdict(True, student)
        total = len(expected.items)
        if len(items) > total:
            reason = f"the answer lists {len(items)} values; there are {total}"
        else:
            reason = f"{matched} of the {total} values {'is' if matched == 1 else 'are'} right"
        score = options.share_score(matched, total) if len(items) <= total else 0.0
        if score > 0:
            return Verdict(Status.PARTIAL, score, f"Partly correct: {reason}.", render_form(student))
        return verdict(False, student, reason)
    if isinstance(student, Percent) or isinstance(expected, Percent):
        if is_form(student) and not isinstance(student, Percent):
            return verdict(False, student, "expected one value")
        return verdict(percent_equal(student, expected, options), student)
    if isinstance(student, Answers):
        if len(student.items) == 1:
            return verdict(same_value(student.items[0], expected, options), student)
        return verdict(False, student, f"expected one answer; the answer gives {len(student.items)}")
    closed = _as_closed_interval(expected)
    if closed is not None and isinstance(student, (Relation, AllOf, Answers)) and _inequality(student):
        # `[1, 5]` as a reference is a pair of numbers or a closed interval; an inequality answers the latter
        return set_form_verdict(student, closed, _variable(*form_values(student)), options)
    if isinstance(student, Relation):
        kind = "an equation" if all(op == "=" for op in student.ops) else "an inequality"
        return verdict(False, student, f"expected a value, not {kind}")
    if isinstance(student, (Spans, AllOf)):
        return verdict(False, student, "expected a value, not an interval")
    return verdict(same_value(student, expected, options), student)


def _as_closed_interval(expected: Any) -> Spans | None:
    if not is_matrix(expected) or expected.shape not in ((1, 2), (2, 1)):
        return None
    lo, hi = expected[0], expected[1]
    if not (lo.is_real and hi.is_real and lo.is_number and hi.is_number) or not bool(lo < hi):
        return None
    return Spans((Span(lo, hi, True, True),))


def _inequality(value: Any) -> bool:
    if isinstance(value, Relation):
        return any(op != "=" for op in value.ops)
    items = value.items
    return bool(items) and all(isinstance(i, Relation) and any(op != "=" for op in i.ops) for i in items)


def set_form_verdict(student: Any, expected: Any, var: sympy.Symbol | None, options: CheckOptions) -> Verdict:
    """The verdict on two descriptions of a set of reals: correct, not correct, or for an instructor to review."""
    ok = set_verdict(student, expected, var, options)
    if ok is None:
        return review(student)
    return verdict(ok, student)


def review(student: Any, what: str = "the set this answer describes") -> Verdict:
    """A form the checker cannot decide: marked for an instructor instead of guessed."""
    return Verdict(Status.MANUAL, 0.0, f"could not be checked automatically ({what} could not be decided with "
                   "certainty); an instructor will look at it", render_form(student))


def _distinct(items: tuple[Any, ...], options: CheckOptions) -> tuple[Any, ...]:
    """A set written with a repeated element ({1, 1, 2}) is the set {1, 2}."""
    out: list[Any] = []
    for i in items:
        if not any(same_value(i, o, options) for o in out):
            out.append(i)
    return tuple(out)

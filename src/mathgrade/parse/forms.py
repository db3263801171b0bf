"""Answer forms around expressions: relations, sets, intervals, several answers, ±, percent, piecewise `cases`.

The grammar reads one expression; this module reads what students write around expressions before the grammar
sees them: `x ≥ 2`, `{1, 2}`, `[0, 1) ∪ (2, ∞)`, `45 and 5`, `1 ± √2`, `28 %`, `7,425,000`, `\\boxed{…}`,
`array([...])`, `\\begin{cases} … \\end{cases}`. Every piece is still parsed by `parse_answer`; nothing here
evaluates text. `read_form` never raises on student text: a `Reading` carries a value or the reason there is none.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import sympy

from mathgrade.parse import Parsed, ParseOptions, parse_answer, split_top_level

from mathgrade.parse.vocabulary import AND_BETWEEN_VALUES

__all__ = ["FORM_HINT", "may_have_form", "is_system", "AllOf", "Answers", "Either", "Percent", "Reading", "Relation", "Span", "Spans", "is_form", "read_form"]

FORM_HINT = re.compile(r"[<>≤≥≠∪∈±∓%=,;{]|\\(?:le|ge|ne|neq|leq|geq|lt|gt|pm|mp|cup|in|boxed|fbox|begin\s*\{cases|"
                       r"emptyset|varnothing|\{)(?![a-z])|∅|∞|\band\b|\bor\b|array\s*\(|" + AND_BETWEEN_VALUES)
"""Characters and commands that may start a form; text without any of them is read as a plain expression."""

_ANSWER_HINT = re.compile(r"[<>≤≥≠∪∈±∓%∅∞ℝ]|!=|mathbb|real\s+numbers|\\(?:le|ge|ne|neq|leq|geq|lt|gt|pm|mp|cup|in|boxed|fbox|emptyset|varnothing|"
                          r"leqslant|geqslant|lbrace)(?![a-z])|\\begin\s*\{cases|^\s*\$?\s*(?:\\left\s*)?\\?\{"
                          r"|\band\b|\bor\b|array\s*\(|\\,\d|\{,\}|^[^\[\({]*,|^\s*(?:\[[^\]]*\)|\([^)]*\])\s*$|"
                          + AND_BETWEEN_VALUES, re.I)


def may_have_form(answer: str) -> bool:
    """Whether a student's answer may be more than a plain expression, against a plain reference: a relation,
    a set, a list, `±`, a percentage, separators, `\\boxed`. Cheaper than reading every answer as a form."""
    return bool(_ANSWER_HINT.search(answer))

MAX_ITEMS = 20
"""Most answers one part may list: more is a way to make the matcher work quadratically."""
MAX_PLUS_MINUS = 3
"""Most `±` in one answer: each doubles the values, so thirty would be a billion."""


@dataclass(frozen=True)
class Relation:
    """`a < b ≤ c`: the sides and the operators between them (each of =, !=, <, <=, >, >=)."""

    sides: tuple[Any, ...]
    ops: tuple[str, ...]


@dataclass(frozen=True)
class Answers:
    """Several answers in one part: a set written with braces, or a list (`45 and 5`, `3, 1`, `1 ± √2`).
    Compared without regard to order."""

    items: tuple[Any, ...]
    braces: bool = False


@dataclass(frozen=True)
class Span:
    """One interval; an infinite end is sympy's ±oo and is never closed."""

    lo: Any
    hi: Any
    lo_closed: bool
    hi_closed: bool


@dataclass(frozen=True)
class Spans:
    """A union of intervals, as written."""

    parts: tuple[Span, ...]


@dataclass(frozen=True)
class AllOf:
    """Inequalities joined by "and" (`x > -1 and x < 3`): all must hold, so `x < -2 and x > 2` is no x at all."""

    items: tuple[Relation, ...]


@dataclass(frozen=True)
class Either:
    """A text with two readings (`1,500`: 1500 or 1.5). Refused with `message` when one reading would be right;
    simply wrong when neither is."""

    readings: tuple[Any, ...]
    message: str


@dataclass(frozen=True)
class Percent:
    """`28 %`: the number written before the sign (28), so that both readings, 0.28 and 28, can be judged."""

    value: Any


@dataclass(frozen=True)
class Reading:
    """What a text was read as: a sympy value or one of the forms above, or an error with its column."""

    value: Any = None
    parsed: Parsed | None = None
    error: str | None = None
    column: int = 0

    @property
    def ok(self) -> bool:
        return self.error is None


def form_values(value: Any) -> tuple[Any, ...]:
    """The plain values inside a form (sides, items, ends), for callers that collect names."""
    if isinstance(value, Relation):
        return value.sides
    if isinstance(value, Answers):
        return tuple(v for i in value.items for v in (form_values(i) if is_form(i) else (i,)))
    if isinstance(value, Spans):
        return tuple(e for s in value.parts for e in (s.lo, s.hi))
    if isinstance(value, Percent):
        return (value.value,)
    if isinstance(value, AllOf):
        return tuple(s for r in value.items for s in r.sides)
    return ()


def is_form(value: Any) -> bool:
    """Whether a value is one of this module's forms rather than a plain sympy value or matrix."""
    return isinstance(value, (Relation, Answers, Spans, Span, Percent, AllOf, Either))


class FormError(Exception):
    """Text that has a form but cannot be read in it (an ambiguous `1,234`, an interval with three ends)."""

    def __init__(self, message: str, column: int = 0) -> None:
        super().__init__(message)
        self.message = message
        self.column = column


# -- operators -------------------------------------------------------------------------------------------------
_RELATION = re.compile(r"<=|>=|!=|=<|≤|≥|≠|⩽|⩾|\\leqslant(?![A-Za-z])|\\geqslant(?![A-Za-z])|\\leq?(?![A-Za-z])"
                       r"|\\geq?(?![A-Za-z])|\\neq?(?![A-Za-z])|\\lt(?![A-Za-z])|\\gt(?![A-Za-z])|<|>|=")
_OPS = {"<=": "<=", "=<": "<=", "≤": "<=", "⩽": "<=", "\\le": "<=", "\\leq": "<=", "\\leqslant": "<=",
        ">=": ">=", "≥": ">=", "⩾": ">=", "\\ge": ">=", "\\geq": ">=", "\\geqslant": ">=",
        "!=": "!=", "≠": "!=", "\\ne": "!=", "\\neq": "!=", "<": "<", "\\lt": "<", ">": ">", "\\gt": ">",
        "=": "="}
_PM = re.compile(r"\\pm(?![A-Za-z])|±|\\mp(?![A-Za-z])|∓")
_UNION = re.compile(r"\\cup(?![A-Za-z])|∪|\s+U\s+")
_INFINITY = re.compile(r"^\s*([+-−]?)\s*(?:\\infty|∞|infinity|inf|oo)\s*$", re.I)
_WORD_SEPARATORS = re.compile(r"\s+(?:and|or)\s+|\\text\s*\{\s*(?:and|or)\s*\}|\\(?:quad|qquad)\b|\\lor\b|\\vee\b|"
                              + AND_BETWEEN_VALUES, re.I)
_AND = re.compile(r"\s+and\s+|\\text\s*\{\s*and\s*\}|\\(?:land|wedge)(?![A-Za-z])", re.I)
_BOXED = re.compile(r"\\(?:boxed|fbox)\s*\{")
_ARRAY = re.compile(r"^(?:np\.|numpy\.)?array\s*\(")
_MEMBER = re.compile(r"^\s*(?:[^\W\d_]|\\[A-Za-z]+)\s*(?:\\in(?![A-Za-z])|∈)\s*")  # x, λ or \lambda
_SET_OPEN = re.compile(r"^(?:\\left\s*)?(?:\\\{|\\lbrace(?![A-Za-z])|\{)")
_SET_CLOSE = re.compile(r"(?:\\right\s*)?(?:\\\}|\\rbrace(?![A-Za-z])|\})$")
_REALS = re.compile(r"^(?:\\mathbb\s*\{\s*R\s*\}|ℝ|all\s+real\s+numbers|\(\s*-\s*\\infty\s*,\s*\\infty\s*\))$", re.I)
_EMPTY = re.compile(r"^(?:\\emptyset|\\varnothing|∅|\{\s*\}|\\\{\s*\\\})$")
_PERCENT = re.compile(r"(?:\\%|%)\s*$")
_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$")
_ONE_GROUP = re.compile(r"^[+-]?\d{1,3},\d{3}$")
_DECIMAL_COMMA = re.compile(r"^[+-]?\d+,\d+$")
_SPACED_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(?:\\,\d{3})+(?:\.\d+)?$")
_THIN_SPACE = re.compile(r"\\,")
_CASES = re.compile(r"^\\begin\s*\{\s*cases\s*\}(?P<body>.*)\\end\s*\{\s*cases\s*\}$", re.S)
_OTHERWISE = re.compile(r"^(?:\\text\s*\{\s*)?(?:otherwise|else|sonst)\s*\}?\s*$|^\\text\s*\{\s*otherwise\s*\}$", re.I)


def _top_level(text: str, pattern: re.Pattern[str]) -> list[re.Match[str]]:
    """Matches of `pattern` outside brackets, braces and bars' insides."""
    depth = 0
    out = []
    i = 0
    n = len(text)
    while i < n:
        c = text[i]
        if c in "([{":
            depth += 1
        elif c in ")]}":
            depth = max(0, depth - 1)
        if depth == 0:
            m = pattern.match(text, i)
            if m and m.end() > i:
                out.append(m)
                i = m.end()
                continue
        if c == "\\":
            m2 = re.match(r"\\(?:[A-Za-z]+|.)", text[i:])
            if m2 and not (depth == 0 and pattern.match(text, i)):
                # \left( and \right) bracket like ( and ); \{ \} like braces.
                word = m2.group()
                if word in ("\\{", "\\lbrace"):
                    depth += 1
                elif word in ("\\}", "\\rbrace"):
                    depth = max(0, depth - 1)
                i += len(word)
                continue
        i += 1
    return out


_NESTED_LISTS = re.compile(r"^\{\s*\{[^{}\\]*\}(?:\s*,\s*\{[^{}\\]*\})+\s*\}$")


def _unwrap(text: str) -> str:
    t = text.strip()
    while len(t) >= 2 and t.startswith("$") and t.endswith("$"):
        t = t.strip("$").strip()
    m = _BOXED.search(t)
    if m:
        depth = 1
        i = m.end()
        while i < len(t) and depth:
            depth += {"{": 1, "}": -1}.get(t[i], 0)
            i += 1
        if depth == 0:
            t = t[m.end():i - 1].strip()
    t = t.replace("{,}", ",")  # LaTeX's comma without a space after it: 1{,}000, 3{,}14
    if _NESTED_LISTS.match(t):  # Mathematica's and WolframAlpha's {{1, 0}, {0, -1}} is a matrix, not a set of sets
        t = t.replace("{", "[").replace("}", "]")
    m = _ARRAY.match(t)
    if m and t.endswith(")"):
        inner = t[m.end():-1]
        if inner.count("(") == inner.count(")"):
            t = inner.strip()
    return t


def _value(text: str, options: ParseOptions) -> tuple[Any, Parsed]:
    parsed = parse_answer(text, options)
    if not parsed.ok:
        raise FormError(parsed.answer.error or "cannot read", parsed.answer.column)
    return parsed.value, parsed


def _end(text: str, options: ParseOptions) -> Any:
    m = _INFINITY.match(text)
    if m:
        return -sympy.oo if m.group(1) in ("-", "−") else sympy.oo
    return _value(text, options)[0]


def _span(text: str, options: ParseOptions, loose: bool) -> Span | None:
    """`[0, 1)`, `(-∞, 2]`: an interval when the brackets are mixed or an end is infinite (or `loose`, when the
    reference is an interval, so `(0, 1)` is one rather than a point)."""
    t = text.strip()
    t = re.sub(r"^\\left\s*", "", t)
    t = re.sub(r"\\right\s*(?=[\)\]]$)", "", t)
    if len(t) < 5 or t[0] not in "([" or t[-1] not in ")]" or not _encloses(t):
        return None
    inner = t[1:-1]
    pieces = split_top_level(inner, ",")
    if len(pieces) != 2:
        return None
    lo_text, hi_text = pieces[0][1], pieces[1][1]
    infinite = bool(_INFINITY.match(lo_text) or _INFINITY.match(hi_text))
    mixed = t[0] + t[-1] in ("[)", "(]")
    if not (loose or infinite or mixed):
        return None
    lo, hi = _end(lo_text, options), _end(hi_text, options)
    for end in (lo, hi):
        if isinstance(end, sympy.MatrixBase):
            return None
    return Span(lo, hi, t[0] == "[" and lo is not -sympy.oo, t[-1] == "]" and hi is not sympy.oo)


def _encloses(t: str) -> bool:
    """Whether the first character's bracket is closed by the last one: `[1, 1]/sqrt(2)` is not an interval."""
    depth = 0
    for k, c in enumerate(t):
        if c in "([{":
            depth += 1
        elif c in ")]}":
            depth -= 1
            if depth == 0 and k != len(t) - 1:
                return False
    return depth == 0


def _relation(text: str, options: ParseOptions) -> Relation | None:
    matches = _top_level(text, _RELATION)
    if not matches:
        return None
    ops = [_OPS[m.group()] for m in matches]
    if all(op == "=" for op in ops):
        return None
    if len(ops) > MAX_ITEMS:
        raise FormError(f"too many comparisons in a row (at most {MAX_ITEMS})")
    sides = []
    start = 0
    for m in matches:
        sides.append(text[start:m.start()])
        start = m.end()
    sides.append(text[start:])
    values = tuple(_value(s, options)[0] for s in sides)
    if any(isinstance(v, sympy.MatrixBase) for v in values):
        raise FormError("an inequality compares numbers, not vectors or matrices")
    return Relation(values, tuple(ops))


def _cases(body: str, options: ParseOptions) -> Any:
    rows = [r for r in re.split(r"\\\\", body) if r.strip()]
    pieces = []
    for row in rows[:MAX_ITEMS]:
        cells = split_top_level(row, "&")
        if len(cells) != 2:
            raise FormError("each line of `cases` needs a value, `&`, and a condition")
        value = _value(cells[0][1], options)[0]
        cond_text = re.sub(r"\\text\s*\{\s*(?:if|for|when)\s*\}|^\s*(?:if|for|when)\s+", "", cells[1][1]).strip(" ,")
        if _OTHERWISE.match(cond_text):
            pieces.append((value, sympy.true))
            continue
        relation = _relation(cond_text, options)
        if relation is None:
            raise FormError(f"cannot read the condition `{cond_text[:30]}`")
        pieces.append((value, as_sympy(relation)))
    return sympy.Piecewise(*pieces)


def as_sympy(relation: Relation) -> Any:
    """The relation as a sympy condition (a chain as a conjunction)."""
    ops = {"=": sympy.Eq, "!=": sympy.Ne, "<": sympy.Lt, "<=": sympy.Le, ">": sympy.Gt, ">=": sympy.Ge}
    parts = [ops[op](a, b, evaluate=False) for a, b, op in zip(relation.sides, relation.sides[1:], relation.ops)]
    return parts[0] if len(parts) == 1 else sympy.And(*parts)


def _single(text: str, options: ParseOptions, expect: str) -> Any:
    """One answer: an interval, a set, a relation, a percentage, ±, or an expression."""
    t = _unwrap(text)
    if not t:
        raise FormError("empty answer")
    m = _MEMBER.match(t)
    if m:
        t = t[m.end():]
        expect = "spans" if expect != "set" else expect
        if _MEMBER.match(t):
            raise FormError("`∈` twice: write the set once, as in x ∈ [0, 1)")
    if _EMPTY.match(t):
        return Answers((), True)
    if _REALS.match(t):
        return Spans((Span(-sympy.oo, sympy.oo, False, False),))
    c = _CASES.match(t)
    if c:
        return _cases(c.group("body"), options)
    unions = _top_level(t, _UNION)
    if unions:
        parts, start = [], 0
        for u in unions:
            parts.append(t[start:u.start()])
            start = u.end()
        parts.append(t[start:])
        spans = [_span(p, options, True) for p in parts]
        if any(s is None for s in spans):
            raise FormError("a union `∪` joins intervals, such as (-∞, 0) ∪ (1, ∞)")
        return Spans(tuple(s for s in spans if s is not None))
    span = _span(t, options, expect == "spans")
    if span is not None:
        return Spans((span,))
    if _SET_OPEN.match(t) and _SET_CLOSE.search(t) and (expect == "set" or _braces_set(t)):
        inner = _SET_CLOSE.sub("", _SET_OPEN.sub("", t, count=1))
        items = [p for _, p in split_top_level(inner, ",;")]
        if len(items) > MAX_ITEMS:
            raise FormError(f"too many answers (at most {MAX_ITEMS})")
        if expect in ("equation", "system"):
            equations = tuple(_equation(i, options) for i in items)
            if is_system(Answers(equations, True)):  # `\{x + y = 3, x - y = 1\}`: a system of equations
                return Answers(equations, True)
        return Answers(tuple(_value(i, options)[0] for i in items), True)
    pm = _top_level(t, _PM) or list(_PM.finditer(t))[:1]  # `\frac{3 \pm \sqrt{5}}{2}`: inside a fraction too
    if pm and len(_PM.findall(t)) > MAX_PLUS_MINUS:
        raise FormError(f"too many `±` (at most {MAX_PLUS_MINUS}): each one doubles the answers")
    if pm:
        m0 = pm[0]
        minus_first = m0.group() in ("\\mp", "∓")
        plus = t[:m0.start()] + ("-" if minus_first else "+") + t[m0.end():]
        minus = t[:m0.start()] + ("+" if minus_first else "-") + t[m0.end():]
        items = [_item(plus, options), _item(minus, options)]
        return Answers(tuple(x for i in items for x in (i.items if isinstance(i, Answers) else (i,))))
    if _PERCENT.search(t):
        return Percent(_value(_PERCENT.sub("", t), options)[0])
    number = _THIN_SPACE.sub("", t) if _SPACED_THOUSANDS.match(t) else t  # 12\,345 (LaTeX thin space)
    if number != t:
        return _value(number, options)[0]
    if _THOUSANDS.match(number) and "," in number:
        if _ONE_GROUP.match(number):
            return Either((_value(number.replace(",", ""), options)[0], _value(number.replace(",", "."), options)[0]),
                          f"`{t}` is ambiguous: write {number.replace(',', '')} or {number.replace(',', '.')} "
                          "(no thousands separator, and a decimal point)")
        return _value(number.replace(",", ""), options)[0]
    if _DECIMAL_COMMA.match(number):
        return _value(number.replace(",", "."), options)[0]
    relation = _relation(t, options)
    if relation is not None:
        return relation
    value, parsed = _value(t, options)
    members = parsed.members
    if expect in ("equation", "system", "spans") and len(members) >= 2:
        return Relation(_member_values(members), ("=",) * (len(members) - 1))
    return value


def _equation(text: str, options: ParseOptions) -> Any:
    """`x + y = 3` as a Relation; text without `=` as its value."""
    value, parsed = _value(_unwrap(text), options)
    if len(parsed.members) >= 2:
        return Relation(_member_values(parsed.members), ("=",) * (len(parsed.members) - 1))
    return value


def _member_values(members: Any) -> tuple[Any, ...]:
    """The values of an equation's members; one that could not be read makes the equation unreadable (the parser
    keeps only the last member's error for the answer as a whole)."""
    for m in members:
        if m.value is None:
            raise FormError(m.error or "cannot read a side of the equation", m.column)
    return tuple(m.value for m in members)


def is_system(value: Any) -> bool:
    """Several equations meant to hold together (`{x + y = 3, x - y = 1}`, `x = 2, y = 1`), rather than a list of
    values labelled by one name (`{x = 2, x = -2}`, the solutions of one equation)."""
    if not isinstance(value, Answers) or len(value.items) < 2:
        return False
    if not all(isinstance(i, Relation) and all(op == "=" for op in i.ops) for i in value.items):
        return False
    lefts = {i.sides[0] for i in value.items}
    one_name = len(lefts) == 1 and isinstance(next(iter(lefts)), sympy.Symbol)
    return not (one_name and all(not getattr(i.sides[-1], "free_symbols", True) for i in value.items))


def _braces_set(t: str) -> bool:
    """`{1, 2}` is a set; `{x + 1}` alone is a LaTeX group (a set only when the reference is one)."""
    inner = _SET_CLOSE.sub("", _SET_OPEN.sub("", t, count=1))
    return len(split_top_level(inner, ",;")) > 1 or t.startswith("\\")


def _item(text: str, options: ParseOptions, system: bool = False, relations: bool = False) -> Any:
    """One of several answers: `λ = 45` is the value 45 (a name on the left is a label), except in a `system`,
    where every equation stays one (`x = 2, y = 1` is the solution of a system), and among `relations` (against
    an inequality, `x <= -1 or x = 0 or x >= 1` is a union of three sets)."""
    if system:
        return _equation(text, options)
    value = _single(text, options, "")
    if isinstance(value, Relation):
        return value  # `x <= -1 or x > 1`: one piece of a union
    parsed = parse_answer(_unwrap(text), options) if not is_form(value) else None
    if parsed is not None and parsed.ok and len(parsed.members) == 2:
        left = parsed.members[0].value
        if not relations and isinstance(left, (sympy.Symbol, sympy.Indexed)) and \
                not (getattr(parsed.value, "free_symbols", set()) & getattr(left, "free_symbols", {left})):
            return parsed.value
        return Relation(_member_values(parsed.members), ("=",))
    return value


def read_form(text: str, options: ParseOptions = ParseOptions(), expect: str = "") -> Reading:
    """Read an answer with its form. `expect` is what the reference is: "set" (several answers, so `3, 1` is a
    list), "spans" (an interval, so `(0, 1)` is one), "equation", "system" (several equations: `x = 2, y = 1`
    keeps its equations), "one" (a single value) or "" (unknown)."""
    try:
        t = _unwrap(text)
        member = _MEMBER.match(t)
        if member:  # `x ∈ [0, 1)`: the set after the sign is the answer
            t = t[member.end():]
            expect = expect if expect == "set" else "spans"
        whole_set = bool(_SET_OPEN.match(t) and _SET_CLOSE.search(t))
        both = _AND.split(t)
        if len(both) > MAX_ITEMS:
            return Reading(error=f"too many parts joined by `and` (at most {MAX_ITEMS})")
        if len(both) > 1:
            try:
                parts = [_single(p, options, "") for p in both]
            except FormError:
                parts = []
            if parts and all(isinstance(p, Relation) and "=" not in p.ops for p in parts):
                return Reading(AllOf(tuple(parts)))
        if not whole_set and (expect != "one" or _top_level(t, _WORD_SEPARATORS)):
            separated = _WORD_SEPARATORS.sub(";", t)
            separators = ",;" if expect in ("set", "system") else ";"
            if not (expect == "set" or _top_level(t, _WORD_SEPARATORS)) and _looks_like_list(t):
                separators = ",;"
            pieces = [p for _, p in split_top_level(separated, separators)]
            if len(pieces) > 1 and (expect == "set" or not (_THOUSANDS.match(t) or _DECIMAL_COMMA.match(t))):
                if len(pieces) > MAX_ITEMS:
                    return Reading(error=f"too many answers (at most {MAX_ITEMS})")
                if expect == "equation" and _looks_like_list(t):  # a reference `x = 2, y = 1`: a solved system
                    equations = Answers(tuple(_equation(p, options) for p in pieces if p.strip()))
                    if is_system(equations) and len({i.sides[0] for i in equations.items}) == len(equations.items):
                        return Reading(equations)
                items = tuple(_item(p, options, expect == "system", expect == "spans" and _top_level(
                    t, _WORD_SEPARATORS) != []) for p in pieces if p.strip())
                if all(isinstance(i, Relation) for i in items) and expect not in ("set", ""):
                    return Reading(Answers(items))
                return Reading(Answers(items))
        value = _single(t, options, expect)
        if is_form(value):
            return Reading(value)
        parsed = parse_answer(t, options) if not isinstance(value, sympy.Piecewise) else None
        if parsed is not None and parsed.ok and parsed.value == value:
            return Reading(value, parsed)
        from mathgrade.parse import Member  # noqa: PLC0415 - a value built here, outside the grammar

        return Reading(value, Parsed(t, (Member(t, 0, value),)))
    except FormError as exc:
        return Reading(error=exc.message, column=exc.column)


def _looks_like_list(t: str) -> bool:
    """`λ = 45, λ = 5`: commas between equations with a name on the left are a list, whatever the reference."""
    pieces = [p for _, p in split_top_level(t, ",")]
    return len(pieces) > 1 and all(re.match(r"^\s*(?:[A-Za-z]|\\[A-Za-z]+)\s*=", p) for p in pieces)

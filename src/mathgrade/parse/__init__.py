"""Student text to sympy, safely: tokenizer → LALR grammar (lark) → builder. Nothing here evaluates text.

`parse_answer` never raises on student text: it returns a `Parsed` whose members carry either a value or the reason
they could not be read, with the column. `parse_math` is the strict form for instructor text (specs, `--expected`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

from lark import Lark, Token
from lark.exceptions import UnexpectedInput, UnexpectedToken
from lark.lexer import Lexer

from mathgrade.parse.build import Builder
from mathgrade.parse.matrices import declared_matrix
from mathgrade.parse.objects import frozen
from mathgrade.parse.tokens import DEFAULT_LIMITS, ParseFailure, ParseLimits, tokenize

__all__ = ["ParseFailure", "ParseLimits", "ParseOptions", "Member", "Parsed", "parse_answer", "parse_math",
           "split_top_level"]


@dataclass(frozen=True)
class ParseOptions:
    """What the parser may assume. `variables` are names that are never split (`theta`, `Sigma`, `x1`)."""

    variables: frozenset[str] = frozenset()
    limits: ParseLimits = field(default=DEFAULT_LIMITS)
    values: tuple[tuple[str, Any], ...] = ()
    """Named values (a spec's `V`, `e1`) that names stand for. Never set for student text."""
    functions: tuple[Any, ...] = ()
    """Functions the spec declares (`DeclaredFunction`s, parse/functions.py): students may call, never define."""
    matrices: tuple[tuple[str, tuple[Any, ...]], ...] = ()
    """Matrix symbols the spec declares, with their shapes (`("X", ("n", "d"))`, `("w", ("d",))`)."""
    imaginary: str = ""
    """The name that is the imaginary unit (`i` or `j`) where a part declares one; otherwise it is a variable."""


@dataclass(frozen=True)
class Member:
    """One side of an equality chain: its source text, where it starts, and its value or why it has none."""

    text: str
    start: int
    value: Any = None
    error: str | None = None
    column: int = 0
    undefined: bool = False
    """Read in full, but what it writes is undefined (sizes that do not fit): see `ParseFailure.undefined`."""


@dataclass(frozen=True)
class Parsed:
    """A parsed answer. The answer is the last member of `a = b = c`; earlier ones are the student's working."""

    text: str
    members: tuple[Member, ...]

    @property
    def answer(self) -> Member:
        return self.members[-1]

    @property
    def value(self) -> Any:
        return self.answer.value

    @property
    def ok(self) -> bool:
        return self.answer.error is None

    @property
    def error(self) -> str | None:
        """The reason the answer cannot be read, with its column, or None."""
        m = self.answer
        if m.error is None:
            return None
        return f"{m.error} (at column {m.column})" if m.column else m.error


class _TokenList(Lexer):
    """Lets lark's LALR parser take our token list: the tokenizer has done the lexing."""

    def __init__(self, conf: Any) -> None:
        pass

    def lex(self, data: Any) -> Any:  # type: ignore[override]
        yield from data


@lru_cache(maxsize=1)
def _parser() -> Lark:
    grammar = resources.files("mathgrade.parse").joinpath("grammar.lark").read_text(encoding="utf-8")
    return Lark(grammar, parser="lalr", lexer=_TokenList, maybe_placeholders=False)


_TOKEN_WORDS = {
    "COMMA": "`,`: commas separate entries inside [ ] or ( ); a number is written without thousands separators",
    "SEMI": "`;`: semicolons separate matrix rows inside [ ]",
    "AMP": "`&`: `&` separates entries inside \\begin{bmatrix} ... \\end{bmatrix}",
    "ROWSEP": "row separator `\\\\` outside a matrix",
    "EQ": "`=`",
    "$END": "end of the answer",
}


def _friendly(exc: UnexpectedInput, text: str) -> ParseFailure:
    if isinstance(exc, UnexpectedToken):
        tok = exc.token
        if tok.type == "$END":
            last = text.rstrip()
            return ParseFailure(f"the answer ends too early: something is missing after `{last[-1:]}`",
                                len(last) + 1 if last else 1)
        what = _TOKEN_WORDS.get(tok.type, f"`{tok}`")
        return ParseFailure(f"unexpected {what}", tok.column or 0)
    return ParseFailure("cannot read the answer here", getattr(exc, "column", 0) or 0)


def _pasted_rows(text: str) -> str:
    """WolframAlpha's plain-text matrix, `(0 | -1\n1 | 0)` (one row a line, `|` between entries), as
    `[[0, -1], [1, 0]]`; any other text unchanged."""
    t = text.strip()
    if not (t.startswith("(") and t.endswith(")") and "|" in t and "\n" in t and "||" not in t):
        return text
    rows = [r.split("|") for r in t[1:-1].split("\n") if r.strip()]
    if len(rows) < 2 or len(rows[0]) < 2 or any(len(r) != len(rows[0]) or not all(c.strip() for c in r) for r in rows):
        return text
    return "[" + ", ".join("[" + ", ".join(c.strip() for c in r) + "]" for r in rows) + "]"


def _parse_member(text: str, options: ParseOptions) -> Any:
    if not text.strip():
        raise ParseFailure("empty expression", 1)
    text = _pasted_rows(text)
    names = options.variables | {name for name, _ in options.values} | {name for name, _ in options.matrices}
    words = {w: f for f in options.functions for w in f.words}
    tokens: list[Token] = tokenize(text, names, options.limits, frozenset(words))
    if not tokens:
        raise ParseFailure("empty expression", 1)
    try:
        tree = _parser().parse(tokens)
    except UnexpectedInput as exc:
        raise _friendly(exc, text) from None
    matrices = {name: declared_matrix(name, shape) for name, shape in options.matrices}
    return Builder(options.variables, options.limits, dict(options.values), words, matrices,
                   options.imaginary).build(tree)


def split_top_level(text: str, separators: str = "=≈") -> list[tuple[int, str]]:
    """Split at separators outside brackets and braces; returns (start offset, piece) pairs."""
    pieces: list[tuple[int, str]] = []
    depth = 0
    start = 0
    i = 0
    while i < len(text):
        c = text[i]
        if c == "\\":
            i += 2
            continue
        if c in "([{":
            depth += 1
        elif c in ")]}":
            depth = max(0, depth - 1)
        elif c in separators and depth == 0:
            pieces.append((start, text[start:i]))
            start = i + 1
        i += 1
    pieces.append((start, text[start:]))
    return pieces


def parse_answer(text: str, options: ParseOptions = ParseOptions()) -> Parsed:
    """Parse student text. Never raises for bad text: failures are recorded on the members.

    Remembered for the last few thousand (text, options): grading one answer reads it again for alternatives,
    known mistakes, diagnoses and follow-through. Not with named values (a spec's own text, and matrices are not
    hashable), nor for long texts (see MAX_REMEMBERED_CHARS)."""
    if options.values:
        return _parse_with_values(text, options)
    if len(text) > MAX_REMEMBERED_CHARS:
        return _parse(text, options)
    return _parse_remembered(text, options)


_WITH_VALUES: dict[tuple[Any, ...], Parsed] = {}
_WITH_VALUES_KEPT = 8192


def _parse_with_values(text: str, options: ParseOptions) -> Parsed:
    """A spec's own text with named values, remembered by the text and the values of the names it may use.

    Per-student variants compile the same spec texts once per variant with other drawn values; most texts use
    none of the drawn names, or the same few draws (13,366 parses were 328 distinct keys over 300 variants of
    linear-maps-variants). The key holds every value whose name occurs anywhere in the text, a superset of the
    names the parser can read there (`Ru` may be R times u), so a remembered result is never another variant's."""
    if len(text) > options.limits.max_length:
        return _parse(text, options)
    used = tuple((name, frozen(value)) for name, value in options.values if name in text)
    # the options but their values, field by field (a copy of the options per call cost more than the parse memo)
    key = (text, options.variables, options.limits, options.functions, options.matrices, options.imaginary, used)
    try:
        hit = _WITH_VALUES.get(key)
    except TypeError:  # a value sympy cannot hash: read it again
        return _parse(text, options)
    if hit is None:
        hit = _parse(text, options)
        if len(_WITH_VALUES) >= _WITH_VALUES_KEPT:
            _WITH_VALUES.clear()
        _WITH_VALUES[key] = hit
    return hit


MAX_REMEMBERED_CHARS = 300
"""Only short answers are remembered: a class's long answers are rare, and thousands of large parse trees kept
alive would be a way to exhaust a worker's memory."""


@lru_cache(maxsize=4096)
def _parse_remembered(text: str, options: ParseOptions) -> Parsed:
    return _parse(text, options)


def _parse(text: str, options: ParseOptions) -> Parsed:
    if len(text) > options.limits.max_length:
        msg = f"the answer is too long ({len(text)} characters; at most {options.limits.max_length})"
        return Parsed(text, (Member(text[:80], 0, None, msg, 0),))
    members: list[Member] = []
    for start, piece in split_top_level(text):
        try:
            value = _parse_member(piece, options)
            members.append(Member(piece, start, value))
        except ParseFailure as exc:
            column = start + exc.column if exc.column else 0
            members.append(Member(piece, start, None, exc.message, column, exc.undefined))
        except (ValueError, TypeError, ArithmeticError, MemoryError, RecursionError) as exc:
            # sympy refused something we let through: still the student's text, so still a verdict.
            members.append(Member(piece, start, None, f"cannot evaluate this expression ({type(exc).__name__})",
                                  start + 1))
    return Parsed(text, tuple(members))


def parse_math(text: str, options: ParseOptions = ParseOptions()) -> Any:
    """Parse trusted text (a spec's literal answer). Raises ParseFailure if it cannot be read."""
    parsed = parse_answer(text, options)
    if not parsed.ok:
        raise ParseFailure(parsed.answer.error or "cannot read", parsed.answer.column)
    return parsed.value

"""Check one answer against a reference value: parse, compare, and say what was understood and why.

`check(answer_text, expected, options)` is the single entry point used by the CLI, the batch grader and the tests.
It never raises on student text; a bad answer is a verdict.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

import sympy

from mathgrade.check.budget import TOO_EXPENSIVE, TooExpensive, work_budget
from mathgrade.check.choice import check_choice
from mathgrade.check.compare import compare_scalar, entrywise, has_float, within_norm
from mathgrade.check.diagnose import Code, diagnose
from mathgrade.check.forms import compare_form, expectation, integration_constant, with_constant
from mathgrade.check.forms import verdict as form_verdict
from mathgrade.check.matrices import check_symbolic_matrices, uses_matrix_symbols
from mathgrade.check.message import Message, say, unreadable
from mathgrade.check.options import CheckOptions, Compare, Condition, Kind
from mathgrade.check.render import render
from mathgrade.check.verdict import Rendering, Status, Verdict
from mathgrade.check.words import strip_labels
from mathgrade.parse import Parsed, ParseFailure, parse_answer, parse_math, split_top_level
from mathgrade.parse.forms import FORM_HINT, Answers, form_values, is_form, may_have_form, read_form
from mathgrade.parse.objects import is_matrix
from mathgrade.parse.vocabulary import GREEK as GREEK_NAMES

__all__ = ["CheckOptions", "Condition", "Kind", "Rendering", "Status", "Verdict", "check", "check_parsed",
           "infer_kind", "names_in", "parse_expected"]

_CHOICE_RE = re.compile(r"[A-Za-z][A-Za-z -]{4,}")
_WORDS = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)?(?: [A-Za-z]+(?:['’][A-Za-z]+)?)*[.!?]?")


def _mathematical_word(text: str, variables: frozenset[str]) -> bool:
    """Whether a run of letters reads as mathematics: split as the parser splits it (`sinx` is sin x), every
    piece is a known name or a variable of the question. "idk" or "no idea" would otherwise parse as a product
    of unknown letters and be marked merely wrong."""
    from mathgrade.parse.tokens import _known_words, _split_word  # noqa: PLC0415 - the parser's own splitting

    letters = "".join(re.findall(r"[A-Za-z]", text))
    if len(letters) < 3:
        return True
    known = _known_words(variables)
    pieces = [p for w in re.findall(r"[A-Za-z]+", text) for p in _split_word(w, known)]
    return all(len(p) > 1 or p in variables or p == "e" for p in pieces)


def names_in(value: Any) -> frozenset[str]:
    """Names of the symbols and indexed families in a reference value (they are never split when parsing)."""
    if is_matrix(value) or is_form(value):
        out: set[str] = set()
        for v in (form_values(value) if is_form(value) else value):
            out |= names_in(v)
        return frozenset(out)
    if not isinstance(value, sympy.Basic):
        return frozenset()
    names = {s.name for s in value.free_symbols if isinstance(s, sympy.Symbol)}
    names |= {i.base.label.name for i in value.atoms(sympy.Indexed)}
    return frozenset(names)


def infer_kind(expected: Any) -> Kind:
    """The kind a reference implies: a vector for n×1 and 1×n, a number for constants, else an expression."""
    if isinstance(expected, str):
        return Kind.CHOICE
    if is_matrix(expected):
        return Kind.VECTOR if 1 in expected.shape and expected.shape != (1, 1) else Kind.MATRIX
    return Kind.NUMBER if not expected.free_symbols else Kind.EXPRESSION


def parse_expected(text: str, kind: Kind | None = None, variables: frozenset[str] = frozenset(),
                   options: CheckOptions | None = None) -> Any:
    """Read an instructor's reference. Choice references stay words; the rest go through the parser, with their
    form: `x + 3z = 0` stays an equation, `x <= 2` an inequality, `{1, 2}` a set, `[0, 1)` an interval.

    Without a kind, a run of letters that is not mathematics by the words policy (`rectangle`, `clockwise`) is
    taken as a choice; `sinx`, `theta`, `x y`, `z y x` and `abcde` stay mathematics.
    """
    word = text.strip()
    if kind is Kind.CHOICE:
        return word
    parse_options = (options or CheckOptions()).parse_options(variables)
    if kind is None and _CHOICE_RE.fullmatch(word) and word not in variables:
        parsed = parse_answer(word, parse_options)
        if not parsed.ok or not (_mathematical_word(word, variables | _single_letters(word))
                                 or _alphabet_run(word)):
            return word
    if _FORM_HINT.search(text):
        reading = read_form(text, parse_options, expect="equation")
        if not reading.ok:
            raise ParseFailure(reading.error or "cannot read", reading.column)
        return reading.value
    return parse_math(text, parse_options)


_FORM_HINT = FORM_HINT
_ALL_REALS = re.compile(r"all\s+real\s+numbers", re.I)


def _alphabet_run(word: str) -> bool:
    """`abcde`, `xyz`, `zyx`: letters in alphabetical order (either way) are a product of variables, not a word
    (no English word has three letters in a row of the alphabet in order)."""
    w = word.strip().replace(" ", "").lower()
    steps = {ord(b) - ord(a) for a, b in zip(w, w[1:])}
    return len(w) >= 3 and w.isalpha() and (steps == {1} or steps == {-1})


def _single_letters(word: str) -> frozenset[str]:
    """`z y x`, `a b c` and `x-y-z`: letters written apart are names, so such a reference is a product or a sum,
    not a choice."""
    return frozenset(re.findall(r"\b[A-Za-z]\b", word)) if re.search(r"[ -]", word.strip()) else frozenset()


def check(answer: str, expected: Any, options: CheckOptions = CheckOptions()) -> Verdict:
    """Grade `answer` (student text) against `expected` (a sympy value, a form from parse.forms, a word for
    choices, or instructor text)."""
    if options.kind in (Kind.ROTATION, Kind.DERIVATION, Kind.TEXT):
        from mathgrade.check.described import check_described  # noqa: PLC0415 - imports the solvers

        return check_described(answer, expected, options)
    if isinstance(expected, str) and options.kind is not Kind.CHOICE:
        expected = parse_expected(expected, options.kind, options.variables, options)
    kind = options.kind or (Kind.EXPRESSION if is_form(expected) else infer_kind(expected))
    if kind is Kind.CHOICE:
        return check_choice(answer, str(expected), options)
    if not answer.strip():
        return Verdict(Status.INVALID, 0.0, "No answer was given.")
    declared = {name for name, _ in options.matrices} | {w for f in options.functions for w in f.words}
    names = options.variables | names_in(expected)
    answer = strip_labels(answer, names) or answer
    if _WORDS.fullmatch(answer.strip()) and not _mathematical_word(answer, names | declared) and \
            not _ALL_REALS.fullmatch(answer.strip()):
        return Verdict(Status.INVALID, 0.0, f"“{answer.strip()[:40]}” is words, not a mathematical answer: write "
                       "the value (a number, an expression, a vector or a matrix).")
    parse_options = options.parse_options(names)
    try:
        with work_budget():
            # `3, 1` or `\sigma_1 = 3\sqrt{5},\ \sigma_2 = \sqrt{5}` for a vector part: a top-level comma, whatever else
            if may_have_form(answer) or len(split_top_level(answer, ",;")) > 1:
                listed = _listed_vector(answer, expected, options, parse_options)
                if listed is not None:
                    return check_parsed(_scalar(listed), expected, options, kind)
            if is_form(expected) or may_have_form(answer):
                reading = read_form(answer, parse_options, expect=expectation(expected))
                if not reading.ok:
                    return Verdict.saying(Status.INVALID, 0.0,
                                          unreadable(reading.error or "it is not a formula", answer, reading.column),
                                          column=reading.column)
                if is_form(expected) or is_form(reading.value):
                    return compare_form(reading.value, expected, options)
                parsed = reading.parsed or parse_answer(answer, parse_options)
            else:
                parsed = parse_answer(answer, parse_options)
            constant = integration_constant(expected) if parsed.ok and not is_matrix(parsed.value) else None
            if constant is not None:
                ok, reason = with_constant(parsed.value, expected, constant, options)
                return form_verdict(ok, parsed.value, reason)
            return check_parsed(parsed, expected, options, kind)
    except TooExpensive as exc:
        return Verdict(Status.INVALID, 0.0, f"This answer is {TOO_EXPENSIVE} ({exc}).")
    except (ArithmeticError, ValueError, TypeError, AttributeError, IndexError, KeyError,
            RecursionError, NotImplementedError) as exc:
        # A bug of ours, or sympy refusing something the parser let through: a verdict, never a crash. The
        # fuzzer treats this status as a finding.
        return Verdict(Status.ERROR, 0.0, "This answer could not be checked because of a fault in the grader "
                       f"({type(exc).__name__}); your instructor will grade it by hand.")


_NUMBERED_LABEL = re.compile(r"(?:^|[,;]|\band\b)\s*(?:\\[ ,;!]\s*)*\\?[A-Za-zα-ωΑ-Ω]+_\{?(\d+)\}?\s*=")
_PLUS_MINUS = re.compile(r"±|∓|\\pm(?![a-z])|\\mp(?![a-z])")


def _listed_vector(answer: str, expected: Any, options: CheckOptions, parse_options: Any) -> Any:
    """`3, 1`, `λ = 45, λ = 5`, `5 and 45`, `σ_1 = 3√5, σ_2 = √5` against a vector reference: the values as the
    vector they list, in the order written. A set in braces or a `±` has no order, so it is a vector only where
    the part compares `unordered`. None when the answer is not such a list (it is then read as usual)."""
    if not (is_matrix(expected) and 1 in expected.shape) or is_form(expected):
        return None
    reading = read_form(answer, parse_options, expect="set")
    if not reading.ok or not isinstance(reading.value, Answers) or len(reading.value.items) < 2:
        return None
    items = reading.value.items
    if any(is_form(i) or is_matrix(i) or not isinstance(i, sympy.Basic) for i in items):
        return None
    if (reading.value.braces or _PLUS_MINUS.search(answer)) and Compare.UNORDERED not in options.compare:
        return None
    # `σ_2 = √5, σ_1 = 3√5`: numbered labels give the order, not the writing (else σ_2 = 3√5, σ_1 = √5 would pass
    # for "largest first")
    numbers = [int(n) for n in _NUMBERED_LABEL.findall(answer)]
    if len(numbers) == len(items) and sorted(numbers) == list(range(min(numbers), min(numbers) + len(items))):
        items = tuple(item for _, item in sorted(zip(numbers, items, strict=True), key=lambda pair: pair[0]))
    return sympy.Matrix(items)


def _basis_vector(value: Any, expected: Any, options: CheckOptions) -> Any:
    """`e_3`, `3e_1 - e_2`, `-2i + 2j` against a vector reference: the vector they name (e_k the k-th unit
    vector; i, j, k those of 2D and 3D), when the answer is a linear combination of them alone and the question
    does not use those names itself. None otherwise."""
    n = max(expected.shape)
    if not isinstance(value, sympy.Expr) or value.atoms(sympy.Function):
        return None
    names = options.variables | names_in(expected)
    units: dict[Any, int] = {s: int(s.indices[0]) - 1 for s in value.atoms(sympy.Indexed)
                             if str(s.base) == "e" and len(s.indices) == 1 and s.indices[0].is_Integer
                             and 1 <= int(s.indices[0]) <= n and "e" not in names}
    if not units and n in (2, 3) and not options.imaginary and not names & {"i", "j", "k"}:
        units = {s: "ijk".index(s.name) for s in value.free_symbols
                 if isinstance(s, sympy.Symbol) and s.name in "ijk"[:n] and len(s.name) == 1}
    loose = value.free_symbols - set(units) - {sympy.Symbol("e")}
    if not units or loose or len(value.atoms(sympy.Indexed)) != len([u for u in units if isinstance(u, sympy.Indexed)]):
        return None
    try:
        poly = sympy.Poly(value, *units)
    except sympy.PolynomialError:
        return None
    if poly.total_degree() != 1 or poly.coeff_monomial(1) != 0:
        return None
    vector = sympy.zeros(*expected.shape)
    for unit, index in units.items():
        vector[index] = poly.coeff_monomial(unit)
    return vector


def check_parsed(parsed: Parsed, expected: Any, options: CheckOptions, kind: Kind | None = None) -> Verdict:
    """Grade an already parsed answer. Used where one parse serves several checks.

    An answer that is wrong as written but right with its one foreign name, a Latin letter, read as the one Greek
    name of the question it leaves out and spells (`r cos t` for r cos θ, `p` for φ) is right, and marked
    `renamed` for the instructor's review: a student who types θ as "t" throughout has answered the question."""
    verdict = _check_parsed(parsed, expected, options, kind)
    if verdict.status is not Status.INCORRECT or not parsed.ok:
        return verdict
    renaming = _renaming(parsed.value, expected, options)
    if renaming is None:
        return verdict
    old, new = renaming
    value = parsed.value.xreplace({old: new})
    again = _check_parsed(replace(parsed, members=(*parsed.members[:-1], replace(parsed.answer, value=value))),
                          expected, options, kind)
    if again.status is not Status.CORRECT:
        return verdict
    return Verdict.saying(Status.CORRECT, 1.0, say("Correct, reading ", old, " as ", new, "."), render(parsed.value),
                          diagnoses=(Code.RENAMED,))


def _renaming(value: Any, expected: Any, options: CheckOptions) -> tuple[Any, Any] | None:
    """The one Latin letter the answer uses that the question does not, and the one Greek name of the question the
    answer leaves out and that letter begins, when there is exactly one of each (else None). The spec's own
    variables and indexed names are never renamed."""
    def plain(v: Any) -> bool:
        return (isinstance(v, sympy.Basic) or is_matrix(v)) and not is_form(v)

    if not plain(value) or not plain(expected) or value.atoms(sympy.Indexed) or expected.atoms(sympy.Indexed):
        return None
    theirs = {s for s in value.free_symbols if isinstance(s, sympy.Symbol)}
    ours = {s for s in expected.free_symbols if isinstance(s, sympy.Symbol)}
    extra = [s for s in theirs - ours if s.name not in options.variables]
    absent = list(ours - theirs)
    # only a Latin letter typed for the Greek letter it spells (t for θ, p for φ): two names of the problem swapped
    # (φ for θ, y for x) are the classic mistake, never a notation
    if len(extra) != 1 or len(absent) != 1 or len(extra[0].name) != 1 or absent[0].name not in GREEK_NAMES \
            or not absent[0].name.startswith(extra[0].name):
        return None
    return extra[0], absent[0]


def _check_parsed(parsed: Parsed, expected: Any, options: CheckOptions, kind: Kind | None = None) -> Verdict:
    if not parsed.ok and parsed.answer.undefined:
        # `VᵀWᵀ(VWu − c)`: the product in the wrong order has no meaning; a wrong answer, as a TA marks it
        return Verdict(Status.INCORRECT, 0.0, f"Not correct: {parsed.answer.error}.",
                       diagnoses=(Code.SIZES_DO_NOT_FIT,))
    if not parsed.ok:
        member = parsed.answer
        return Verdict.saying(Status.INVALID, 0.0, unreadable(member.error or "it is not a formula", parsed.text,
                                                              member.column), column=member.column)
    kind = kind or options.kind or infer_kind(expected)
    value = parsed.value
    shown = render(value)
    if options.exact and has_float(value):
        return Verdict(Status.INCORRECT, 0.0, "give an exact value, not a decimal (for example √2/2, not 0.707)",
                       shown, diagnoses=(Code.DECIMAL_NOT_EXACT,))
    if is_matrix(expected) and 1 in expected.shape and not is_matrix(value):
        value = _basis_vector(value, expected, options) or value  # `e_3`, `-2i + 2j`
    if uses_matrix_symbols(value) or uses_matrix_symbols(expected):  # the spec's `matrices:` (X^T (X w - b))
        return check_symbolic_matrices(value, expected, options, shown)
    if options.compare and is_matrix(expected) and is_matrix(value):
        from mathgrade.check.modes import check_modes  # noqa: PLC0415 - modes build on this package's comparators

        return check_modes(value, expected, options, shown)
    if is_matrix(expected) or is_matrix(value):
        return _check_matrix(value, expected, options, kind, shown)
    outcome = compare_scalar(value, expected, options)
    if outcome.equal is None:
        return Verdict(Status.MANUAL, 0.0, "This answer could not be checked automatically (" + outcome.reason
                       + "); your instructor will grade it by hand.", shown)
    if outcome.equal:
        return Verdict(Status.CORRECT, 1.0, _correct_words(value, expected), shown)
    found = diagnose(value, expected, replace(options, kind=kind)) if not outcome.reason and options.diagnose else ()
    words = _incorrect_words(value, expected, outcome.reason)
    # A shape the comparison could not line up is a diagnosis of its own (w for a scalar, a number for w).
    if outcome.code is not None:
        return Verdict.saying(Status.INCORRECT, 0.0, say(words), shown, diagnoses=(outcome.code,))
    if found:
        words = "Not correct. " + _messages(found, options)
    return Verdict.saying(Status.INCORRECT, 0.0, say(words), shown, diagnoses=tuple(d.code for d in found))


def _messages(found: Any, options: CheckOptions) -> Message:
    """The diagnoses' messages, each followed by the course's own hint for its code (spec `hints:`), if any."""
    hints = dict(options.hints)
    out = say()
    for k, d in enumerate(found):
        out = say(out, " " if k else "", d.message, " " + hints[d.code] if d.code in hints else "")
    return out


def _correct_words(value: Any, expected: Any) -> str:
    return "Correct (within tolerance)." if has_float(value) and not has_float(expected) else "Correct."


def _incorrect_words(value: Any, expected: Any, reason: str) -> str | Message:
    if reason:
        return f"Not correct: {reason}."
    if not is_matrix(value):
        extra = sorted(names_in(value) - names_in(expected) - {"K", "n", "i", "j", "k"})
        if extra and names_in(expected):
            names = [piece for k, x in enumerate(extra) for piece in ((", " if k else ""), sympy.Symbol(x))]
            return say("Not correct: your answer uses ", *names, ", which the expected answer does not depend on.")
        if not value.free_symbols and expected.free_symbols:
            return "Not correct: the expected answer is an expression, not a single number."
    return "Not correct."


def _shape_words(shape: tuple[int, int], kind: Kind) -> str:
    if 1 in shape:  # not the part's kind: a 2×2 answer to a vector part is "a 2×2 matrix", not "a vector"
        return f"a vector with {max(shape)} entries"
    return f"a {shape[0]}×{shape[1]} matrix"


def _check_matrix(value: Any, expected: Any, options: CheckOptions, kind: Kind, shown: Rendering) -> Verdict:
    if not is_matrix(expected):
        if value.shape == (1, 1):
            return check_parsed(_single(value), expected, options, kind)
        return Verdict(Status.INCORRECT, 0.0, "Not correct: expected a single value, not a vector or matrix.",
                       shown, diagnoses=(Code.VECTOR_FOR_SCALAR,))
    if not is_matrix(value):
        if expected.shape == (1, 1):  # wᵀx written as a number, as [3] for 3 above: the same value
            return check_parsed(_scalar(value), expected[0, 0], options, kind)
        return Verdict(Status.INCORRECT, 0.0, f"Not correct: expected {_shape_words(expected.shape, kind)}, "
                       "not a single value.", shown, diagnoses=(Code.SCALAR_FOR_VECTOR,))
    student = value
    is_vector = 1 in expected.shape
    if is_vector and not options.orientation and 1 in student.shape and student.shape != expected.shape:
        student = student.T
    if student.shape != expected.shape:
        if is_vector and 1 in value.shape and max(value.shape) == max(expected.shape):
            # same length, other orientation: "a vector with 2 entries, got a vector with 2 entries" says nothing
            want, got = ("column", "row") if expected.shape[1] == 1 else ("row", "column")
            return Verdict(Status.INCORRECT, 0.0, f"Not correct: expected a {want} vector with "
                           f"{max(expected.shape)} entries, got a {got} vector.", shown, diagnoses=(Code.WRONG_SHAPE,))
        return Verdict(Status.INCORRECT, 0.0, f"Not correct: expected {_shape_words(expected.shape, kind)}, "
                       f"got {_shape_words(value.shape, kind)}.", shown, diagnoses=(Code.WRONG_SHAPE,))
    if options.matrix_tolerance == "norm" and within_norm(student, expected, options):
        return Verdict(Status.CORRECT, 1.0, _correct_words(value, expected), shown)
    wrong, reason = entrywise(student, expected, options)
    if not wrong:
        return Verdict(Status.CORRECT, 1.0, _correct_words(value, expected), shown)
    if reason and len(wrong) == 1:
        return Verdict(Status.MANUAL, 0.0, f"This answer could not be checked automatically ({reason}); your "
                       "instructor will grade it by hand.", shown)
    total = expected.rows * expected.cols
    where = _entries_named(wrong, is_vector)
    words = f"Not correct: {len(wrong)} of {total} entries {'is' if len(wrong) == 1 else 'are'} wrong ({where})."
    if len(wrong) == total:
        words = "Not correct: no entry matches."
    found = diagnose(student, expected, options, wrong) if options.diagnose else ()
    message = say(words)
    if found:
        message = say(words, " ", _messages(found, options))
    if student.shape != value.shape:  # the wrong entries are reported as the student wrote them
        wrong = [(c, r) for r, c in wrong]
    score = options.share_score(total - len(wrong), total)
    if score > 0:
        message = message.replace_first("Not correct:", "Partly correct:") + \
            f" Credit for {total - len(wrong)} of {total}."
    return Verdict.saying(Status.PARTIAL if score > 0 else Status.INCORRECT, score, message, shown,
                          wrong_entries=tuple(wrong), diagnoses=tuple(d.code for d in found))


def _entries_named(wrong: list[tuple[int, int]], is_vector: bool) -> str:
    """"entries 1 and 3" in a vector; "row 1, column 2; row 2, column 1" in a matrix (each has a comma of its own)."""
    if not is_vector:
        return "; ".join(_entry_name(e, is_vector) for e in wrong)
    numbers = [str(max(e)) for e in wrong]
    if len(numbers) == 1:
        return f"entry {numbers[0]}"
    return "entries " + ", ".join(numbers[:-1]) + " and " + numbers[-1]


def _entry_name(entry: tuple[int, int], is_vector: bool) -> str:
    r, c = entry
    return f"entry {max(r, c)}" if is_vector else f"row {r}, column {c}"


def _single(value: Any) -> Parsed:
    """A 1×1 matrix as the number it holds."""
    return _scalar(value[0, 0])


def _scalar(value: Any) -> Parsed:
    from mathgrade.parse import Member

    return Parsed(str(value), (Member(str(value), 0, value),))

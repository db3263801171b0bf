"""Compile a spec's references: parse its named values, run its solvers, once per assignment.

Everything here reads instructor text (trusted but fallible): failures are SpecErrors with file, line and field.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Any

from mathgrade import solvers
from mathgrade.check import parse_expected
from mathgrade.check.budget import TooExpensive, work_budget
from mathgrade.check.options import CheckOptions, Kind
from mathgrade.deadline import deadline
from mathgrade.errors import SpecError
from mathgrade.parse import ParseFailure, ParseOptions, parse_math
from mathgrade.parse.objects import frozen
from mathgrade.parse.tokens import tokenize
from mathgrade.parse.forms import FORM_HINT as _FORM_HINT
from mathgrade.parse.forms import read_form
from mathgrade.spec import Assignment, DerivationText, Mistake, Part, PartValue, SolverCall
from mathgrade.solvers import FOLLOW_THROUGH, DerivationRef, MapRef, RotationRef, SolverError


@dataclass(frozen=True)
class Reference:
    """The computed reference of a part, its accepted alternatives, and the instructor's known mistakes."""

    value: Any
    alternatives: tuple[Any, ...] = ()
    mistakes: tuple[tuple[Any, Mistake], ...] = ()


def parse_values(assignment: Assignment) -> tuple[tuple[str, Any], ...]:
    """Parse the text values in order; each may use the ones before it (`A: U Sigma V^T`)."""
    values: list[tuple[str, Any]] = []
    declared = assignment.defaults
    for name, text in assignment.values:
        if isinstance(text, PartValue):
            continue
        try:
            values.append((name, parse_math(text, ParseOptions(values=tuple(values), functions=declared.functions,
                                                               matrices=declared.matrices))))
        except ParseFailure as exc:
            raise SpecError(f"cannot read the value: {exc}", file=assignment.file, field=f"values.{name}") from None
    return tuple(values)


SOLVER_SECONDS = 10.0
"""Wall time one solver call may take on the spec's own values. A spec is shared between courses and trusted
only so far: a 6×6 matrix of symbols given to `inverse` would otherwise hang `validate` and every `grade`."""

FOLLOW_THROUGH_SECONDS = 0.5
"""A solver recomputing a reference from a student's own wrong answer runs inside that answer's time limit."""


class SolverTimeout(Exception):
    """A solver call ran past its deadline."""


def _deadline(seconds: float) -> AbstractContextManager[None]:
    """SolverTimeout after `seconds` (see mathgrade/deadline.py)."""
    return deadline(seconds, SolverTimeout)


def _param(value: Any, values: tuple[tuple[str, Any], ...], where: str, file: str,
           declared: CheckOptions = CheckOptions()) -> Any:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        raise SpecError("a mathematical parameter must be text such as `V` or `e1/sqrt(2)`", file=file, field=where)
    try:
        return parse_math(value, ParseOptions(values=values, functions=declared.functions,
                                              matrices=declared.matrices))
    except ParseFailure as exc:
        raise SpecError(f"cannot read {value!r}: {exc}", file=file, field=where) from None


SOLVED_KEPT = 4096
_SOLVED: dict[tuple[Any, ...], Any] = {}
"""Solver results by (solver, parsed parameters). Solvers are pure functions of their parameters; with
per-student variants (grade/variants.py) most calls repeat across variants (a softmax Jacobian does not depend on
a drawn angle), and compiling each variant's key would otherwise run them all again."""


def _memo_key(name: str, kwargs: dict[str, Any]) -> tuple[Any, ...] | None:
    items = []
    for key, value in sorted(kwargs.items()):
        if isinstance(value, list):
            value = tuple(frozen(v) for v in value)
        else:
            value = frozen(value)
        items.append((key, value))
    key = (name, tuple(items))
    try:
        hash(key)
    except TypeError:
        return None
    return key


def run_call(call: SolverCall, values: tuple[tuple[str, Any], ...], file: str, field: str,
             declared: CheckOptions = CheckOptions()) -> Any:
    """Run one solver call with its parameters parsed against the assignment's values (and the spec's declared
    functions and matrix symbols, from `declared`)."""
    try:
        spec = solvers.get(call.name)
    except KeyError as exc:
        raise SpecError(str(exc.args[0]), file=file, field=f"{field}.solver") from None
    params = dict(call.params)
    known = set(spec.math_params) | set(spec.word_params) | set(spec.list_params)
    for key in params:
        if key not in known:
            raise SpecError(f"solver {call.name!r} has no parameter {key!r} (it takes: "
                            f"{', '.join(sorted(known)) or 'none'})", file=file, field=f"{field}.params.{key}")
    kwargs: dict[str, Any] = {}
    for key in spec.math_params:
        if key not in params and key in spec.optional:
            continue
        if key not in params:
            raise SpecError(f"solver {call.name!r} needs parameter {key!r}", file=file, field=f"{field}.params")
        kwargs[key] = _param(params[key], values, f"{field}.params.{key}", file, declared)
    for key in spec.list_params:
        if key not in params and key in spec.optional:
            continue
        if key in spec.single and isinstance(params.get(key), (str, int, float)):
            kwargs[key] = _param(params[key], values, f"{field}.params.{key}", file, declared)
            continue
        if key not in params or not isinstance(params[key], tuple):
            raise SpecError(f"solver {call.name!r} needs parameter {key!r} as a list", file=file,
                            field=f"{field}.params.{key}")
        kwargs[key] = [_param(v, values, f"{field}.params.{key}[{n}]", file, declared)
                       for n, v in enumerate(params[key])]
    for key in spec.word_params:
        if key in params:
            kwargs[key] = str(params[key])
    memo = _memo_key(call.name + ("'" if FOLLOW_THROUGH.get() else ""), kwargs)  # follow-through skips simplify
    if memo is not None and memo in _SOLVED:
        return _SOLVED[memo]
    seconds = FOLLOW_THROUGH_SECONDS if FOLLOW_THROUGH.get() else SOLVER_SECONDS
    try:
        with _deadline(seconds), work_budget():
            value = spec.func(**kwargs)
            if memo is not None:
                if len(_SOLVED) >= SOLVED_KEPT:
                    _SOLVED.clear()
                _SOLVED[memo] = value
            return value
    except (SolverTimeout, TooExpensive):
        raise SpecError(f"solver {call.name!r} took longer than {seconds:g} s on these values: make them smaller "
                        "or give the reference as text", file=file, field=field) from None
    except SolverError as exc:
        raise SpecError(f"solver {call.name!r}: {exc}", file=file, field=field) from None
    except (TypeError, KeyError, ValueError) as exc:  # a missing or ill-typed parameter the solver needs
        raise SpecError(f"solver {call.name!r} cannot run with these parameters ({type(exc).__name__}: {exc}); "
                        f"it takes: {', '.join(sorted(known)) or 'none'}", file=file, field=f"{field}.params") from None


def _expect_type(part: Part, value: Any, file: str) -> None:
    field = f"parts.{part.id}.reference"
    if part.kind is Kind.ROTATION and not isinstance(value, (RotationRef, MapRef)):
        raise SpecError("a rotation part needs the `rotation` solver (it gives angle and scale); a map part needs "
                        "`linear_map` with `give: description`", file=file, line=part.line, field=field)
    if isinstance(value, MapRef) and part.kind is not Kind.ROTATION:
        raise SpecError("`give: description` is a sentence to grade: use it with `kind: map`", file=file,
                        line=part.line, field=field)
    if part.kind is Kind.DERIVATION and not isinstance(value, DerivationRef):
        raise SpecError("a derivation part needs a solver that gives a start and a target", file=file,
                        line=part.line, field=field)
    if part.kind is Kind.CHOICE and not isinstance(value, str):
        raise SpecError("a choice part's reference must be a word", file=file, line=part.line, field=field)
    if isinstance(value, RotationRef) and part.kind is not Kind.ROTATION:
        raise SpecError("the `rotation` solver gives an angle and a scale: use it with `kind: rotation`", file=file,
                        line=part.line, field=field)
    if isinstance(value, DerivationRef) and part.kind is not Kind.DERIVATION:
        raise SpecError("this solver gives a start and a target: use it with `kind: derivation`", file=file,
                        line=part.line, field=field)


def _compute(part: Part, ref: str | SolverCall | DerivationText, values: tuple[tuple[str, Any], ...], file: str,
             field: str) -> Any:
    if isinstance(ref, SolverCall):
        return run_call(ref, values, file, field, part.options)
    if isinstance(ref, DerivationText):
        ends = []
        for name, text in (("start", ref.start), ("target", ref.target)):
            try:
                ends.append(parse_math(text, part.options.parse_options() if not values else
                                       ParseOptions(variables=part.options.variables, values=values,
                                                    functions=part.options.functions,
                                                    matrices=part.options.matrices,
                                                    imaginary=part.options.imaginary)))
            except ParseFailure as exc:
                raise SpecError(f"cannot read {field}.{name}: {exc}", file=file, line=part.line,
                                field=f"{field}.{name}") from None
        return DerivationRef(*ends)
    try:
        if part.kind is Kind.CHOICE:
            return ref
        options = ParseOptions(variables=part.options.variables, values=values, functions=part.options.functions,
                               matrices=part.options.matrices, imaginary=part.options.imaginary)
        if _FORM_HINT.search(ref):  # an equation, inequality, set, interval or percentage stays one
            reading = read_form(ref, options, expect="equation")
            if not reading.ok:
                raise ParseFailure(reading.error or "cannot read", reading.column)
            return reading.value
        return parse_math(ref, options)
    except ParseFailure as exc:
        raise SpecError(f"cannot read {field}: {exc}", file=file, line=part.line, field=field) from None


def compile_part(part: Part, values: tuple[tuple[str, Any], ...], file: str) -> Reference:
    """The reference for one part (text parts have none)."""
    if part.reference is None:
        return Reference(None)
    value = _compute(part, part.reference, values, file, f"parts.{part.id}.reference")
    _expect_type(part, value, file)
    alternatives = []
    for n, alt in enumerate(part.alternatives):
        try:
            alternatives.append(parse_expected(alt, part.kind if part.kind is Kind.CHOICE else None,
                                               part.options.variables, part.options))
        except ParseFailure as exc:
            raise SpecError(f"cannot read the alternative: {exc}", file=file, line=part.line,
                            field=f"parts.{part.id}.alternatives[{n}]") from None
    mistakes = tuple((_compute(part, m.answer, values, file, f"parts.{part.id}.mistakes[{n}]"), m)
                     for n, m in enumerate(part.mistakes))
    return Reference(value, tuple(alternatives), mistakes)


PARTS_KEPT = 8192
"""Compiled parts a PartMemo keeps; past that it starts again (a spec with a huge draw space only recompiles)."""


class PartMemo:
    """Compiled parts shared by the variants of one spec, each kept by the values its texts can use.

    `compile_part` is a pure function of the part and of the values its texts read (parsed with the spec's value
    names; spec texts and solver calls are themselves remembered per text and per parameters). Per-student variants
    compile the same parts again and again with other drawn values, and most parts use only a few of them (2a
    reads B alone, which has far fewer forms than the variant as a whole), so a part compiled for one variant is the
    part for every variant that agrees on those values. The key holds every value whose name occurs anywhere in
    the part's texts or in one of their words as the tokenizer reads them (a superset, as `Ru` may be R times u),
    and the names of all values in order; with a name or text outside ASCII (Σ is the word Sigma) it holds every
    value. So a kept part is never another variant's: at worst a part is compiled again."""

    def __init__(self) -> None:
        self._uses: dict[tuple[int, tuple[str, ...]], tuple[Part, frozenset[str] | None]] = {}
        self._parts: dict[tuple[Any, ...], tuple[Part, Reference]] = {}

    def names_used(self, part: Part, names: tuple[str, ...]) -> frozenset[str] | None:
        """The value names the part's texts may use; None when its texts cannot be listed (never kept)."""
        key = (id(part), names)
        hit = self._uses.get(key)
        if hit is None or hit[0] is not part:
            texts = _texts((part.reference, tuple(m.answer for m in part.mistakes)))
            used: frozenset[str] | None = None
            if texts is not None:
                words = _words(texts) if all(t.isascii() for t in (*texts, *names)) else None
                used = frozenset(names) if words is None else frozenset(
                    n for n in names if any(n in t for t in texts) or any(n in w for w in words))
            hit = self._uses[key] = (part, used)
        return hit[1]

    def key(self, part: Part, values: tuple[tuple[str, Any], ...], file: str) -> tuple[Any, ...] | None:
        """The memo key of this part compiled with these values, or None when it cannot be kept."""
        names = tuple(name for name, _ in values)
        used = self.names_used(part, names)
        if used is None:
            return None
        key = (id(part), file, names, tuple(frozen(v) for name, v in values if name in used))
        try:
            hash(key)
        except TypeError:  # a value sympy cannot hash
            return None
        return key

    def compile(self, part: Part, values: tuple[tuple[str, Any], ...], file: str) -> Reference:
        """`compile_part(part, values, file)`, kept by `key`."""
        key = self.key(part, values, file)
        if key is None:
            return compile_part(part, values, file)
        hit = self._parts.get(key)
        if hit is None or hit[0] is not part:
            if len(self._parts) >= PARTS_KEPT:
                self._parts.clear()
            hit = self._parts[key] = (part, compile_part(part, values, file))
        return hit[1]


def _texts(value: Any) -> list[str] | None:
    """Every text inside a reference or mistake (solver parameters, derivation ends); None for anything else."""
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, (int, float)):
        return [str(value)]
    if isinstance(value, SolverCall):
        try:
            words = set(solvers.get(value.name).word_params)  # `factor: Sigma` is a word, never read with values
        except KeyError:
            return None
        return _texts(tuple(v for k, v in value.params if k not in words))
    if isinstance(value, DerivationText):
        return [value.start, value.target]
    if isinstance(value, (tuple, list)):
        out: list[str] = []
        for item in value:
            found = _texts(item)
            if found is None:
                return None
            out.extend(found)
        return out
    return None


def _words(texts: list[str]) -> set[str] | None:
    """The NAME tokens of the texts, as the parser's tokenizer reads them; None when one cannot be read."""
    words: set[str] = set()
    for text in texts:
        try:
            words.update(str(t) for t in tokenize(text) if t.type == "NAME")
        except Exception:  # noqa: BLE001 - unreadable here: the key then holds every value
            return None
    return words


@dataclass
class CompiledAssignment:
    """References for every part, and the values they were computed from (for follow-through)."""

    assignment: Assignment
    values: tuple[tuple[str, Any], ...]
    references: dict[str, Reference]

    def with_student_values(self, part: Part, student: dict[str, Any]) -> Any | None:
        """This part's reference recomputed with the student's own answers to its follow-through sources."""
        sources = {name: pv.part for name, pv in self.assignment.values
                   if isinstance(pv, PartValue) and pv.part in part.follow_through and pv.part in student}
        if not sources or part.reference is None:
            return None
        values = tuple((name, student[sources[name]]) if name in sources else (name, v) for name, v in self.values)
        token = FOLLOW_THROUGH.set(True)
        try:
            return _compute(part, part.reference, values, self.assignment.file, f"parts.{part.id}.reference")
        except (SpecError, ValueError, TypeError, ArithmeticError):
            return None  # the student's value does not fit the solver (wrong shape, ...): no follow-through
        finally:
            FOLLOW_THROUGH.reset(token)


def compile_assignment(assignment: Assignment, memo: PartMemo | None = None) -> CompiledAssignment:
    """Compile every part in order; a `{part: ID}` value becomes available once that part is compiled. With a
    `memo` (one per spec's variants), a part whose values were compiled before is taken from it."""
    values = list(parse_values(assignment))
    part_values = [(name, pv.part) for name, pv in assignment.values if isinstance(pv, PartValue)]
    references: dict[str, Reference] = {}
    for part in assignment.parts:
        references[part.id] = (compile_part(part, tuple(values), assignment.file) if memo is None
                               else memo.compile(part, tuple(values), assignment.file))
        for name, source in part_values:
            if source == part.id:
                values.append((name, references[part.id].value))
    return CompiledAssignment(assignment, tuple(values), references)


def compile_references(assignment: Assignment) -> dict[str, Reference]:
    """References for every part of the assignment, keyed by part id."""
    return compile_assignment(assignment).references

"""Grading with per-student variants: each student's values, their `where:` conditions, a compiled key per variant.

A variant is the tuple of drawn (name, text) pairs. The grader for a variant is an ordinary `Grader` over the
spec with those texts placed before its `values:` (so references, mistakes, follow-through and the expected
answers shown all come from the student's own numbers); it is built once per distinct variant and kept, so a
class of 10,000 students compiles as many keys as it has distinct variants, not 10,000.

Answer groups across variants cannot compare answers (two students' right answers differ): a variant grader
fingerprints an answer by its relation to the student's own key instead (`relative_fingerprint`).
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

import numpy as np
import sympy

from mathgrade.check.options import Kind
from mathgrade.check.verdict import Verdict
from mathgrade.errors import SpecError
from mathgrade.grade.fingerprints import fingerprint
from mathgrade.grade.references import CompiledAssignment, PartMemo, Reference, parse_values
from mathgrade.grade.results import Fingerprint, StudentResult
from mathgrade.grade.sheets import Submission
from mathgrade.parse import ParseFailure, ParseOptions, parse_math
from mathgrade.parse.objects import frozen, is_matrix
from mathgrade.parse.tokens import tokenize
from mathgrade.spec import Assignment, Part
from mathgrade.spec.predicates import NamedCondition, PredicateError, decide, read_condition
from mathgrade.spec.variants import Candidate, Draw, VariantSpec, candidate

if TYPE_CHECKING:
    from mathgrade.grade import Grader

__all__ = [
    "KEY_STUDENT",
    "SharedVerdicts",
    "Values",
    "VariantBook",
    "degenerate",
    "relative_fingerprint",
    "relative_sample_fingerprint",
    "structural_key",
    "substitute",
    "value_text",
    "variant_assignment",
    "variant_sample_fingerprints",
]

Values = tuple[tuple[str, str], ...]

KEY_STUDENT = "(instructor key)"
"""The pseudo-student whose variant stands for the spec where one version is needed (locating answers in
documents, override samples)."""

STUDENTS_KEPT = 200_000
"""Students' variants remembered per process (a class is far smaller; past this the memory starts again)."""

GRADERS_KEPT = 4096
"""Compiled variants kept per process; a spec whose space is larger recompiles the least recently used."""

_OPS = ("!=", "==", "<=", ">=", "<", ">")
_CONDITION = re.compile(r"^(.*?)(!=|==|<=|>=|<|>)(.*)$", re.DOTALL)
_EQUAL_RTOL = 1e-9
_NAMED = ("is", "is not")
"""The operator of a named condition ("symmetric B" is (B, "is", "symmetric")), decided by spec/predicates.py."""


def variant_assignment(assignment: Assignment, values: Values) -> Assignment:
    """The spec as one student sees it: the drawn texts first among its values, and no variants left."""
    return replace(assignment, values=tuple(values) + assignment.values, variants=None)


def _numbers(value: Any) -> np.ndarray | None:
    """A value's entries as complex numbers, or None when it has symbols or is not math."""
    try:
        items = list(value) if is_matrix(value) else [value]
        if not all(isinstance(v, sympy.Basic) and not v.free_symbols for v in items):
            return None
        return np.array([complex(sympy.N(v, 20)) for v in items], dtype=complex)
    except (TypeError, ValueError, ArithmeticError, AttributeError):
        return None


def _equal(a: np.ndarray, b: np.ndarray) -> bool:
    return a.shape == b.shape and bool(np.all(np.abs(a - b) <= _EQUAL_RTOL * (1 + np.abs(a) + np.abs(b))))


_SREPRS: dict[Any, str] = {}


def _srepr(value: Any) -> str:
    """sympy's srepr, remembered per process: every variant's grader signs all its references, and most of them
    are the same objects in every variant (spec texts are parsed once per text and values)."""
    try:
        hit = _SREPRS.get(value)
    except TypeError:
        return sympy.srepr(value)
    if hit is None:
        hit = sympy.srepr(value)
        if len(_SREPRS) >= 8192:
            _SREPRS.clear()
        _SREPRS[value] = hit
    return hit


def signature(value: Any) -> str:
    """A text that two values share only when they are the same mathematics, written the same way: sympy's
    `srepr` (which keeps assumptions and structure) for math, field by field for dataclasses (a RotationRef, a
    Mistake), item by item for tuples."""
    if isinstance(value, (sympy.MatrixBase, sympy.Basic)):
        return _srepr(frozen(value))
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        inner = ", ".join(signature(getattr(value, f.name)) for f in dataclasses.fields(value))
        return f"{type(value).__qualname__}({inner})"
    if isinstance(value, (tuple, list)):
        return "(" + ", ".join(signature(v) for v in value) + ",)"
    return f"{type(value).__qualname__}:{value!r}"


def structural_key(value: Any) -> Any:
    """A hashable key that two values share only when they are the same mathematics written the same way (sympy's
    structural equality, which tells 0.5 from 1/2 and keeps assumptions): matrices made immutable, dataclasses
    field by field. Cheaper than `signature`'s printed form, which a class with thousands of variants paid for
    every reference of every variant."""
    if isinstance(value, sympy.MatrixBase):
        return ("matrix", frozen(value))
    if isinstance(value, sympy.Basic):
        return value
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return (type(value).__qualname__,) + tuple(structural_key(getattr(value, f.name))
                                                    for f in dataclasses.fields(value))
    if isinstance(value, (tuple, list)):
        return ("seq",) + tuple(structural_key(v) for v in value)
    return (type(value).__qualname__, value)


class SharedVerdicts:
    """Verdicts and fingerprints shared by every variant of one spec, keyed by (part, its compiled key, answer).

    grade_answer and the fingerprints are pure functions of the part, its Reference and the answer text, so two
    variants whose references for a part are the same (the softmax parts of K2 do not use the drawn angle) can
    share them: a class of 10,000 students then checks each distinct answer to such a part once, as the fixed
    spec does, instead of once per variant. Parts that do depend on the drawn values get one token per distinct
    reference, which is the variant's own (or shared with the variants that happen to have the same key)."""

    def __init__(self) -> None:
        self.parts = PartMemo()
        self.verdicts: dict[tuple[object, str | None], Verdict] = {}
        self.prints: dict[tuple[object, str | None], Fingerprint | None] = {}
        self.carried: dict[tuple[object, ...], Verdict] = {}
        """Verdicts against references recomputed from students' own values (follow-through), by that reference."""
        self._tokens: dict[object, object] = {}
        self._by_object: dict[tuple[str, int], tuple[Reference, object]] = {}

    def tokens(self, parts: Sequence[Part], references: dict[str, Reference]) -> dict[str, object]:
        """Per part id, the cache token of its compiled reference: equal references get one token object."""
        out: dict[str, object] = {}
        for part in parts:
            # a Reference object shared by variants (PartMemo) has its token already: no structural key again
            seen = self._by_object.get((part.id, id(references[part.id])))
            if seen is not None and seen[0] is references[part.id]:
                out[part.id] = seen[1]
                continue
            try:
                key: object = (part.id, structural_key(references[part.id]))
                hash(key)
            except TypeError:  # something sympy cannot hash: its printed structure instead
                key = (part.id, hashlib.sha256(signature(references[part.id]).encode("utf-8")).hexdigest())
            out[part.id] = self._tokens.setdefault(key, (part.id, len(self._tokens)))
            if len(self._by_object) >= 8192:
                self._by_object.clear()
            self._by_object[(part.id, id(references[part.id]))] = (references[part.id], out[part.id])
        return out


class VariantBook:
    """Draws each student's variant (meeting the spec's `where:` conditions) and keeps a grader per variant."""

    def __init__(self, assignment: Assignment, secret: str | None = None, today: str | None = None) -> None:
        assert assignment.variants is not None
        self.assignment = assignment
        self.spec: VariantSpec = assignment.variants
        self.secret = secret if secret is not None else self.spec.secret()
        self.today = today
        self._conditions = [self._condition(n, text) for n, text in enumerate(self.spec.where)]
        self._names = [d.name for d in self.spec.draws] + [k for k, v in assignment.values if isinstance(v, str)]
        self._uses = {k: self._mentions(v) - {k} for k, v in assignment.values if isinstance(v, str)}
        self._needs = [self._closure(left if op in _NAMED else f"{left} {right}")
                       for left, op, right in self._conditions]
        # one tuple object per distinct set of draws: a candidate builds each set's values once
        lists: dict[tuple[Draw, ...], tuple[Draw, ...]] = {}
        self._need_draws = [lists.setdefault(t, t) for t in
                            (tuple(d for d in self.spec.draws if d.name in needs) for needs in self._needs)]
        self._held: dict[tuple[int, Values], bool] = {}
        self._met: dict[Values, int | None] = {}
        self._chosen: dict[str, Values] = {}
        self._family: frozenset[str] | None = None
        self._graders: OrderedDict[Values, Grader] = OrderedDict()
        self.shared = SharedVerdicts()

    def digest(self) -> str:
        """What keys reused results besides the spec: the secret (hashed), which changes every variant, and the
        pins (overrides.yaml's are not in the spec's hash)."""
        out = "\0variants=" + hashlib.sha256(self.secret.encode("utf-8")).hexdigest()
        if self.spec.pins:
            out += "\0pins=" + hashlib.sha256(repr(sorted(self.spec.pins)).encode("utf-8")).hexdigest()
        return out

    def _condition(self, n: int, text: str) -> tuple[str, str, str]:
        try:
            named = read_condition(text)
        except PredicateError as exc:
            raise SpecError(str(exc), file=self.spec.file, line=self.spec.line,
                            field=f"variants.where[{n}]") from None
        if named is not None:
            return named.name, _NAMED[named.negated], named.phrase
        m = _CONDITION.match(text.replace("≠", "!=").replace("≤", "<=").replace("≥", ">="))
        if m is None or not m.group(1).strip() or not m.group(3).strip():
            raise SpecError(f"a condition is `left OP right` with OP one of {', '.join(_OPS)}; got {text!r}",
                            file=self.spec.file, line=self.spec.line, field=f"variants.where[{n}]")
        return m.group(1).strip(), m.group(2), m.group(3).strip()

    def _mentions(self, text: str) -> set[str]:
        """The drawn and named values a text may use: every name that is part of the text or of one of its
        words as the parser reads them (Σ is the word Sigma), so implicit products (`ab`) count too. More than
        it uses is harmless; fewer is caught anyway (an unknown name stays a symbol: `_holds` then redoes the
        condition with every value)."""
        found = {name for name in self._names if name in text}
        try:
            words = [str(t) for t in tokenize(text) if t.type == "NAME"]
        except ParseFailure:
            return set(self._names)
        return found | {name for name in self._names for w in words if name in w}

    def _closure(self, text: str) -> set[str]:
        seen: set[str] = set()
        todo = list(self._mentions(text))
        while todo:
            name = todo.pop()
            if name not in seen:
                seen.add(name)
                todo.extend(self._uses.get(name, ()))
        return seen

    def _named(self, values: Values, names: set[str] | None) -> tuple[tuple[str, Any], ...]:
        """The spec's values parsed with these drawn ones (only those in `names`, and what they need)."""
        if names is None:
            return parse_values(variant_assignment(self.assignment, values))
        kept = tuple((k, v) for k, v in values if k in names)
        return parse_values(replace(self.assignment, values=kept + tuple(
            (k, v) for k, v in self.assignment.values if k in names), variants=None))

    def _holds(self, n: int, values: Values, names: set[str] | None) -> bool | None:
        """Whether condition n holds for these values; None when, restricted to `names`, it is not a number
        (the caller then asks again with every value)."""
        left, op, right = self._conditions[n]
        field = f"variants.where[{n}]"
        named = self._named(values, names)
        if op in _NAMED:
            value = dict(named).get(left)
            if names is not None and (value is None or getattr(value, "free_symbols", None)):
                return None
            line = self.spec.where_line or self.spec.line
            if value is None:
                raise SpecError(f"{left} has no value when the draw is made (a part's answer cannot be a condition)",
                                file=self.spec.file, line=line, field=field)
            try:
                return decide(NamedCondition(right, left, op == "is not"), value)
            except PredicateError as exc:
                raise SpecError(str(exc), file=self.spec.file, line=line, field=field) from None
        try:
            a = _numbers(parse_math(left, ParseOptions(values=named)))
            b = _numbers(parse_math(right, ParseOptions(values=named)))
        except ParseFailure as exc:
            if names is not None:
                return None
            raise SpecError(f"cannot read the condition: {exc}", file=self.spec.file, line=self.spec.line,
                            field=field) from None
        if a is None or b is None or (a.shape != b.shape and a.size != 1 and b.size != 1):
            if names is not None:
                return None
            raise SpecError("a condition must compare numbers (or matrices of the same shape) once the drawn "
                            "values are in", file=self.spec.file, line=self.spec.line, field=field)
        if op in ("==", "!="):
            same = _equal(*np.broadcast_arrays(a, b))
            return same if op == "==" else not same
        if np.any(np.abs(a.imag) > 1e-12) or np.any(np.abs(b.imag) > 1e-12) or a.size != 1 or b.size != 1:
            raise SpecError(f"`{op}` compares two real numbers", file=self.spec.file, line=self.spec.line,
                            field=field)
        x, y = float(a.real[0]), float(b.real[0])
        return {"<": x < y, ">": x > y, "<=": x <= y, ">=": x >= y}[op]

    def _failed(self, values: Values) -> int | None:
        """The index of the first condition these values break, or None when they meet them all.

        Each condition is decided once per combination of the drawn values it uses (`a != b` once per (a, b),
        not once per full variant): a class meets hundreds of candidate variants, and parsing every value for
        each cost more than grading."""
        if values in self._met:
            return self._met[values]
        given = dict(values)
        failed = self._first_failed(lambda draws: values if draws is self.spec.draws
                                    else tuple((d.name, given[d.name]) for d in draws if d.name in given))
        self._met[values] = failed
        return failed

    def _first_failed(self, drawn: Callable[[Sequence[Draw]], Values]) -> int | None:
        """`_failed` of the candidate whose values `drawn(draws)` gives for any draws (in their order), asked
        only for what each condition uses until one fails."""
        for n in range(len(self._conditions)):
            values = drawn(self._need_draws[n])
            key = (n, values)
            ok = self._held.get(key)
            if ok is None:
                ok = self._holds(n, values, self._needs[n])
                if ok is None:  # not decidable on the names found: with every value, remembered per variant
                    values = drawn(self.spec.draws)
                    key = (n, values)
                    ok = self._held.get(key)
                    if ok is None:
                        ok = bool(self._holds(n, values, None))
                self._held[key] = ok
            if not ok:
                return n
        return None

    def variant_for(self, student: str) -> Values:
        """The student's variant: the first candidate (attempt 0, 1, ...) that meets every condition. Remembered
        per student: the pool's parent draws every student to route their files (`likely_variant`), and the
        workers it forks afterwards find the draws made."""
        hit = self._chosen.get(student)
        if hit is not None:
            return hit
        failed = None
        pinned = dict(dict(self.spec.pins).get(student, ()))
        for attempt in range(self.spec.redraws):
            # drawn lazily: a candidate that fails a condition never draws what only later ones use
            drawn = Candidate(self.spec, self.secret, self.assignment.id, student, attempt, pinned)
            failed = self._first_failed(drawn.values)
            if failed is None:
                if len(self._chosen) >= STUDENTS_KEPT:
                    self._chosen.clear()
                values = self._chosen[student] = drawn.values(self.spec.draws)
                return values
        assert failed is not None
        raise SpecError(f"no variant for student {student!r} met `{self.spec.where[failed]}` in "
                        f"{self.spec.redraws} draws: widen the ranges or relax the condition", file=self.spec.file,
                        line=self.spec.line, field=f"variants.where[{failed}]")

    def likely_variant(self, student: str) -> str:
        """What a student's files need prepared, naming it for the worker pool: the values of their variant that
        most parts' keys are built from (`family`). Files that agree on them go to one worker, which compiles
        those parts and checks their answers once: with a variant of one's own for nearly every student, the
        whole variant would name one file each. Routing only: the worker draws (or finds) the variant itself,
        and a student whose draw fails is named by their first candidate."""
        try:
            values = self.variant_for(student)
        except SpecError:
            return repr(candidate(self.spec, self.secret, self.assignment.id, student, 0))
        family = self.family()
        return repr(tuple((k, v) for k, v in values if k in family))

    def family(self) -> frozenset[str]:
        """The drawn names that the largest number of parts' references and mistakes depend on (through the
        values they name; the first such set in part order on a tie); every drawn name when no part uses one."""
        if self._family is None:
            names = tuple([d.name for d in self.spec.draws] + [k for k, _ in self.assignment.values])
            drawn = {d.name for d in self.spec.draws}
            counts: dict[frozenset[str], int] = {}
            for part in self.assignment.parts:
                used = self.shared.parts.names_used(part, names)
                seen: set[str] = set()
                todo = list(names if used is None else used)
                while todo:
                    name = todo.pop()
                    if name not in seen:
                        seen.add(name)
                        todo.extend(self._uses.get(name, ()))
                if seen & drawn:
                    key = frozenset(seen & drawn)
                    counts[key] = counts.get(key, 0) + 1
            self._family = max(counts, key=lambda k: counts[k]) if counts else frozenset(drawn)
        return self._family

    def grader_for(self, values: Values) -> Grader:
        """The grader of one variant, compiled once and kept (least recently used dropped past GRADERS_KEPT)."""
        grader = self._graders.get(values)
        if grader is None:
            from mathgrade.grade import Grader

            grader = Grader(variant_assignment(self.assignment, values), today=self.today, relative=True,
                            shared=self.shared)
            if len(self._graders) >= GRADERS_KEPT:
                self._graders.popitem(last=False)
            self._graders[values] = grader
        else:
            self._graders.move_to_end(values)
        return grader

    def grade(self, sub: Submission, skip: dict[str, str] | None = None,
              on_part: Callable[[str], None] | None = None) -> StudentResult:
        """Grade a submission against the key of its student's own variant; the variant is in the result."""
        if sub.error is not None:  # unreadable: no student to draw for, every part is missing anyway
            return self.grader_for(self.variant_for(KEY_STUDENT)).grade(sub, skip=skip, on_part=on_part)
        values = self.variant_for(sub.student_id)
        return replace(self.grader_for(values).grade(sub, skip=skip, on_part=on_part), variant=values)


def relative_fingerprint(part: Part, reference: Any, answer: str | None, verdict: Verdict) -> Fingerprint | None:
    """An answer's fingerprint by its relation to the student's own key, comparable across variants.

    An answer the instructor named as a mistake is keyed by that mistake's code ("forgot the transpose" groups
    every variant's transposed answer); rotations by what the verdict diagnosed; other math by the values of
    (answer − own reference) at the sample points, so every right answer fingerprints as zero and an answer off
    by the same constant in every variant groups too. Other wrong answers, which differ in every variant, stay
    apart (the groups cannot know two different wrong numbers are one idea)."""
    codes = {m.code for m in part.mistakes}
    if verdict.diagnoses and verdict.diagnoses[0] in codes:
        return Fingerprint(shape=(0, 0), key=f"mistake:{verdict.diagnoses[0]}")
    if part.kind is Kind.ROTATION:
        return Fingerprint(shape=(0, 0), key=f"rotation:{verdict.status.value}:{','.join(verdict.diagnoses)}")
    return fingerprint(part, reference, answer, relative=True)


def relative_sample_fingerprint(part: Part, reference: Reference, answer: str) -> Fingerprint | None:
    """An override's sample graded against one variant's key and fingerprinted as that variant's students' answers
    are (run in a limited child: a sample is evaluated like an answer)."""
    from mathgrade.grade.answer import grade_answer  # noqa: PLC0415 - answer imports this package's neighbours

    return relative_fingerprint(part, reference.value, answer, grade_answer(part, reference, answer))


def variant_sample_fingerprints(overrides: Sequence[Any], book: VariantBook, students: Sequence[StudentResult],
                                limits: Any = None) -> dict[tuple[Any, ...], Fingerprint | None]:
    """The overrides' sample answers read in each student's own variant: (part, sample, variant) → fingerprint.

    `{Name}` in a sample is the variant's value (as in validate's samples). A sample is fingerprinted once per
    distinct key of its part among the students who answered it (once in all for a part that does not depend on
    the drawn values), each in a limited child; one that overruns matches nobody."""
    from mathgrade.grade.boundary import LimitedRunner, Overrun  # noqa: PLC0415 - boundary imports grade's pool
    from mathgrade.grade.pool import Limits  # noqa: PLC0415

    parts = {p.id: p for p in book.assignment.parts}
    wanted = sorted({(o.part, o.answer) for o in overrides if o.answer is not None
                     and parts[o.part].kind not in (Kind.TEXT, Kind.CHOICE, Kind.DERIVATION)})
    jobs: dict[tuple[Any, ...], tuple[Part, Reference, str, list[tuple[Any, ...]]]] = {}
    seen: set[tuple[Any, ...]] = set()
    for s in students:
        if not s.variant:
            continue
        answered = {p.id for p in s.parts if p.fingerprint is not None}
        for part_id, sample in wanted:
            if part_id not in answered or (part_id, sample, s.variant) in seen:
                continue
            seen.add((part_id, sample, s.variant))
            grader = book.grader_for(s.variant)
            text = substitute(sample, dict(grader.compiled.values))
            token = book.shared.tokens([parts[part_id]], grader.references)[part_id]
            job = jobs.setdefault((text, token), (parts[part_id], grader.references[part_id], text, []))
            job[3].append((part_id, sample, s.variant))
    out: dict[tuple[Any, ...], Fingerprint | None] = {}
    if not jobs:
        return out
    with LimitedRunner(limits or Limits()) as runner:
        for part, reference, text, keys in jobs.values():
            try:
                found = runner.call(relative_sample_fingerprint, part, reference, text)
            except Overrun:
                found = None
            for key in keys:
                out[key] = found
    return out


_BRACED = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")


def substitute(sample: str, named: dict[str, Any]) -> str:
    """A self-test sample with `{Name}` replaced by the variant's value of Name, as text a student could have
    written (sympy's printing, parenthesised). Braces around other names (LaTeX groups) are left alone."""
    def one(m: re.Match[str]) -> str:
        name = m.group(1)
        if name not in named:
            return m.group(0)
        text = value_text(named[name])
        return text if re.fullmatch(r"[0-9.]+|\[.*\]", text) else f"({text})"

    return _BRACED.sub(one, sample)


def value_text(value: Any) -> str:
    """A value as text the answer parser reads back: `[[a, b], [c, d]]` for a matrix, `[a, b]` for a column."""
    if is_matrix(value):
        rows = [[sympy.sstr(v) for v in value.row(r)] for r in range(value.shape[0])]
        if value.shape[1] == 1:
            return "[" + ", ".join(r[0] for r in rows) + "]"
        return "[" + ", ".join("[" + ", ".join(r) + "]" for r in rows) + "]"
    return sympy.sstr(value)


def degenerate(compiled: CompiledAssignment) -> list[str]:
    """What makes this variant a poor test: singular square matrices among its values, zero references, a
    reference equal to one of its own mistakes (the mistake could never be told apart), and two parts with
    equal references."""
    out = []
    for name, value in compiled.values:
        if is_matrix(value) and value.shape[0] == value.shape[1] and value.shape[0] > 1:
            det = _numbers(value.det())
            if det is not None and abs(det[0]) <= 1e-12:
                out.append(f"value {name} is a singular matrix")
    seen: list[tuple[str, Any, np.ndarray]] = []
    for part in compiled.assignment.parts:
        ref = compiled.references[part.id]
        mine = _numbers(ref.value)
        if mine is None:
            continue
        if np.all(np.abs(mine) <= 1e-12):
            out.append(f"part {part.id}: the reference is zero")
        for value, mistake in ref.mistakes:
            theirs = _numbers(value)
            if theirs is not None and _equal(mine, theirs):
                out.append(f"part {part.id}: the reference equals mistake {mistake.code}")
        shape = getattr(ref.value, "shape", ())
        for other, other_shape, theirs in seen:
            if other_shape == shape and _equal(mine, theirs):
                out.append(f"parts {other} and {part.id} have equal references")
        seen.append((part.id, shape, mine))
    return out

"""Instructor overrides: fix the grader's judgement once for everyone who wrote the same thing.

`overrides.yaml` (beside the spec, or `--overrides FILE`) lists entries such as

    overrides:
      - {part: 4c, answer: "rotates 45 degrees clockwise", action: accept, points: 2, reason: "..."}
      - {part: 7a, student: s017, points: 3, reason: "graded by hand"}

An `answer` entry applies to every student whose answer to that part is equivalent to the sample (the same
equivalence the grader uses); a `student` entry to one student's part. Overrides are applied on every regrade,
after grading, and each application is recorded: who benefitted, from what to what, and why.

With `variants:` in the spec, an entry can also pin a student's variant (the values not given are drawn as usual):

      - {student: s017, variant: {d: 60, a: 2}, reason: "sat the printed version A"}

Pins act before grading (grade_paths hands them to the draw, `pinned_assignment`) and are recorded like the
others (`VariantPin`). An `answer` entry then matches by the answer's relation to each student's own key, as
answer groups do: the sample is read in the student's variant (`{Name}` in it is that variant's value), so
`answer: "{Sigma} {V}"` finds everyone who forgot the transpose, whatever their numbers
(grade/variants.py, `variant_sample_fingerprints`).

Equivalence is decided on fingerprints (grade/fingerprints.py): each student's was computed by the worker that
graded the answer, under its limits, and each sample's is computed once per entry in a limited child process
(`sample_fingerprints`). Applying overrides evaluates no student math, so an answer a worker refused as too
expensive is never re-checked here: it has no fingerprint and matches no `answer` entry.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from mathgrade.check.choice import compact
from mathgrade.check.codes import Code
from mathgrade.check.options import Kind
from mathgrade.check.verdict import Status
from mathgrade.errors import SpecError
from mathgrade.grade.boundary import LimitedRunner, Overrun
from mathgrade.grade.fingerprints import sample_fingerprint
from mathgrade.grade.pool import Limits
from mathgrade.grade.results import ClassResult, Fingerprint, PartResult, StudentResult
from mathgrade.spec import Assignment
from mathgrade.spec.yamlload import line_of, load_yaml

ACTIONS = ("accept", "reject", "points")


@dataclass(frozen=True)
class Override:
    """One entry of overrides.yaml."""

    part: str
    reason: str
    action: str
    points: float | None = None
    answer: str | None = None
    student: str | None = None
    line: int = 0
    variant: tuple[tuple[str, str], ...] = ()
    """For a pin (no part): the student's values, name → text."""


@dataclass(frozen=True)
class VariantPin:
    """A pin applied: the student graded with these values (recorded in results.json's `overrides` and, under
    the part name `variant`, in the gradebook's reasons)."""

    student: str
    values: tuple[tuple[str, str], ...]
    reason: str
    line: int
    part: str = "variant"

    def to_dict(self) -> dict[str, Any]:
        return {"student": self.student, "variant": dict(self.values), "reason": self.reason, "line": self.line}


@dataclass(frozen=True)
class Adjustment:
    """An override applied to one student's part: before and after, and the entry's reason."""

    student: str
    part: str
    before: float
    after: float
    reason: str
    line: int

    def to_dict(self) -> dict[str, Any]:
        return {"student": self.student, "part": self.part, "before": self.before, "after": self.after,
                "reason": self.reason, "line": self.line}


def load_overrides(path: Path, assignment: Assignment) -> tuple[Override, ...]:
    """Read overrides.yaml. Raises SpecError with file, line and field on any mistake."""
    file = str(path)
    try:
        data = load_yaml(path.read_text(encoding="utf-8"), file)
    except OSError as exc:
        raise SpecError(f"cannot read the overrides: {exc.strerror}", file=file) from None
    entries = data.get("overrides") if isinstance(data, dict) else data
    if entries is None:
        return ()
    if not isinstance(entries, list):
        raise SpecError("`overrides` must be a list", file=file, line=line_of(data, "overrides"), field="overrides")
    parts = {p.id: p for p in assignment.parts}
    out = []
    for n, e in enumerate(entries):
        where = f"overrides[{n}]"
        if not isinstance(e, dict):
            raise SpecError("each override must be a mapping", file=file, field=where)
        line = line_of(e) or 0
        if "variant" in e:
            out.append(_pin(e, assignment, file, where, line))
            continue
        part = str(e.get("part", ""))
        if part not in parts:
            raise SpecError(f"unknown part {part!r}", file=file, line=line, field=f"{where}.part")
        if ("answer" in e) == ("student" in e):
            raise SpecError("give exactly one of `answer` (a group) or `student` (one student)", file=file,
                            line=line, field=where)
        reason = e.get("reason")
        if not isinstance(reason, str) or not reason.strip():
            raise SpecError("every override needs a `reason` (students see it)", file=file, line=line,
                            field=f"{where}.reason")
        action = str(e.get("action", "points" if "points" in e else "accept"))
        if action not in ACTIONS:
            raise SpecError(f"action must be one of {', '.join(ACTIONS)}", file=file, line=line,
                            field=f"{where}.action")
        points = e.get("points")
        if points is not None and (not isinstance(points, (int, float)) or isinstance(points, bool)
                                   or not 0 <= points <= parts[part].points):
            raise SpecError(f"points must be a number from 0 to {parts[part].points:g}", file=file, line=line,
                            field=f"{where}.points")
        if action == "points" and points is None:
            raise SpecError("action `points` needs `points`", file=file, line=line, field=f"{where}.points")
        out.append(Override(part, reason.strip(), action, None if points is None else float(points),
                            None if "answer" not in e else str(e["answer"]),
                            None if "student" not in e else str(e["student"]), line))
    return tuple(out)


def _pin(e: dict[str, Any], assignment: Assignment, file: str, where: str, line: int) -> Override:
    """A variant pin: `{student: ID, variant: {name: value}, reason: ...}` and nothing else."""
    if assignment.variants is None:
        raise SpecError("`variant` pins a student's drawn values: this spec has no `variants:`", file=file,
                        line=line, field=f"{where}.variant")
    extra = sorted(set(e) - {"student", "variant", "reason"})
    if extra:
        raise SpecError(f"a variant pin takes student, variant and reason only (not {', '.join(extra)})",
                        file=file, line=line, field=f"{where}.{extra[0]}")
    student = e.get("student")
    if not isinstance(student, (str, int)) or isinstance(student, bool) or not str(student).strip():
        raise SpecError("a variant pin needs the `student` id it applies to", file=file, line=line,
                        field=f"{where}.student")
    values = e["variant"]
    names = {d.name for d in assignment.variants.draws}
    if not isinstance(values, dict) or not values:
        raise SpecError("`variant` must map drawn names to values, e.g. {d: 60}", file=file, line=line,
                        field=f"{where}.variant")
    for k, v in values.items():
        if str(k) not in names:
            raise SpecError(f"{k!r} is not a drawn value (drawn: {', '.join(sorted(names))})", file=file,
                            line=line, field=f"{where}.variant.{k}")
        if isinstance(v, bool) or not isinstance(v, (str, int, float)):
            raise SpecError("a pinned value is a number or an expression text", file=file, line=line,
                            field=f"{where}.variant.{k}")
    reason = e.get("reason")
    if not isinstance(reason, str) or not reason.strip():
        raise SpecError("every override needs a `reason` (students see it)", file=file, line=line,
                        field=f"{where}.reason")
    return Override("", reason.strip(), "pin", student=str(student).strip(), line=line,
                    variant=tuple((str(k), str(v)) for k, v in values.items()))


def variant_pins(overrides: tuple[Override, ...]) -> tuple[Override, ...]:
    """The entries that pin a variant (they have no part)."""
    return tuple(o for o in overrides if o.variant)


Samples = dict[tuple[Any, ...], Fingerprint | None]


def sample_fingerprints(overrides: tuple[Override, ...], assignment: Assignment, references: dict[str, Any],
                        limits: Limits = Limits()) -> Samples:
    """Fingerprints of the overrides' sample answers, each computed in a limited child process: a sample is
    instructor text, but it is evaluated like an answer and may be just as expensive. A sample that overruns
    matches nobody (and says so: its entry's fingerprint is None)."""
    parts = {p.id: p for p in assignment.parts}
    wanted = sorted({(o.part, o.answer) for o in overrides if o.answer is not None
                     and parts[o.part].kind not in (Kind.TEXT, Kind.CHOICE, Kind.DERIVATION)})
    out: Samples = {}
    if not wanted:
        return out
    with LimitedRunner(limits) as runner:
        for part_id, answer in wanted:
            reference = references[part_id]
            try:
                out[(part_id, answer)] = runner.call(sample_fingerprint, parts[part_id], reference, answer)
            except Overrun:
                out[(part_id, answer)] = None
    return out


class _Matcher:
    """Decides whether a student's answer belongs to an override's group, with the grader's own equivalence."""

    def __init__(self, assignment: Assignment, samples: Samples) -> None:
        self.parts = {p.id: p for p in assignment.parts}
        self.samples = samples

    def same(self, part_id: str, sample: str, result: PartResult, variant: tuple[tuple[str, str], ...] = ()) -> bool:
        """Whether `result`'s answer is equivalent to the sample (read in the student's `variant`, if any)."""
        answer = result.answer
        if answer is None or not answer.strip():
            return False
        part = self.parts[part_id]
        if part.kind in (Kind.TEXT, Kind.CHOICE):
            return compact(sample) == compact(answer)
        if part.kind is Kind.DERIVATION:
            return " ".join(sample.split()) == " ".join(answer.split())
        theirs = self.samples.get((part_id, sample, variant) if variant else (part_id, sample))
        return theirs is not None and theirs.matches(result.fingerprint, part.options.rtol)


def _apply(p: PartResult, o: Override) -> PartResult:
    if o.action == "accept":
        score = p.max if o.points is None else o.points
    elif o.action == "reject":
        score = 0.0 if o.points is None else o.points
    else:
        score = o.points or 0.0
    status = Status.CORRECT if score >= p.max else Status.PARTIAL if score > 0 else Status.INCORRECT
    added = f" Adjusted by your instructor ({score:g} of {p.max:g} points): {o.reason}"
    return replace(p, status=status, score=round(score, 4), feedback=p.feedback + added,
                   message=None if p.message is None else p.message + added,
                   diagnoses=(*p.diagnoses, Code.OVERRIDE))


def apply_overrides(result: ClassResult, overrides: tuple[Override, ...], assignment: Assignment,
                    samples: Samples | None = None) -> tuple[ClassResult, tuple[Adjustment | VariantPin, ...]]:
    """Apply every override to every student it concerns; later entries win over earlier ones. `samples` are
    the `answer` entries' fingerprints (`sample_fingerprints`); without them no `answer` entry of a
    mathematical or rotation part matches."""
    if not overrides:
        return result, ()
    matcher = _Matcher(assignment, samples or {})
    adjustments: list[Adjustment | VariantPin] = []
    pins = {o.student: o for o in variant_pins(overrides)}  # the last pin of a student is the one drawn with
    for s in result.students:
        pin = pins.get(s.original_id or s.id) if s.variant else None
        if pin is not None:
            adjustments.append(VariantPin(s.id, s.variant, pin.reason, pin.line))
    students: list[StudentResult] = []
    for s in result.students:
        parts = list(s.parts)
        changed = False
        for k, p in enumerate(parts):
            for o in overrides:
                if o.part != p.id:
                    continue
                hit = (o.student is not None and o.student.lower() in (s.id.lower(), s.name.lower())) or (
                    o.answer is not None and matcher.same(p.id, o.answer, s.parts[k], s.variant))
                if hit:
                    new = _apply(s.parts[k], o)
                    adjustments.append(Adjustment(s.id, p.id, s.parts[k].score, new.score, o.reason, o.line))
                    parts[k] = new
                    changed = True
        if changed:
            s = replace(s, parts=tuple(parts), score=round(sum(p.score for p in parts), 4))
        students.append(s)
    return replace(result, students=tuple(students)), tuple(adjustments)


def pinned_assignment(assignment: Assignment, overrides: tuple[Override, ...]) -> Assignment:
    """The assignment with overrides.yaml's variant pins added to the spec's own (`variants.pin`); for a student
    pinned in both, the overrides' values win name by name."""
    pins = variant_pins(overrides)
    if not pins or assignment.variants is None:
        return assignment
    merged = {student: dict(values) for student, values in assignment.variants.pins}
    for o in pins:
        assert o.student is not None
        merged.setdefault(o.student, {}).update(dict(o.variant))
    return replace(assignment, variants=replace(assignment.variants, pins=tuple(
        (student, tuple(values.items())) for student, values in merged.items())))

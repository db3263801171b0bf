"""Grading: collect (spec × submissions) → check each answer → immutable results.

`Grader` compiles the spec's references once and grades submissions one by one (or in worker processes).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from mathgrade.check.codes import REVIEW_REASONS, Code
from mathgrade.check.compare import has_float
from mathgrade.check.render import render
from mathgrade.check.verdict import Rendering, Status, Verdict
from mathgrade.errors import UsageError
from mathgrade.grade.answer import grade_answer, student_value
from mathgrade.grade.fingerprints import verdict_fingerprint
from mathgrade.grade.groups import answer_groups
from mathgrade.grade.references import Reference, compile_assignment
from mathgrade.grade.results import ClassResult, Fingerprint, PartResult, Review, StudentResult, SubmissionStatus
from mathgrade.grade.gradebook import Gradebook, file_hash, spec_hash
from mathgrade.grade.ids import unique_ids
from mathgrade.grade.overrides import (Override, apply_overrides, pinned_assignment, sample_fingerprints,
                                       variant_pins)
from mathgrade.grade.pool import TOO_EXPENSIVE, Limits, Supervisor
from mathgrade.grade.sheets import (DOCUMENT_SUFFIXES, Submission, collect, declared_student, for_other_assignment,
                                    read_sheet, safe_id, sibling_assignments)
from mathgrade.grade.variants import (KEY_STUDENT, SharedVerdicts, VariantBook, relative_fingerprint,
                                      structural_key, variant_assignment, variant_sample_fingerprints)
from mathgrade.parse.objects import frozen, remembered
from mathgrade.solvers import DerivationRef, MapRef, RotationRef
from mathgrade.spec import Assignment, Part, load_spec

__all__ = ["Grader", "grade_paths", "collect", "read_sheet", "unique_ids"]


CACHE_SIZE = 200_000


def _points(value: float) -> float:
    return round(value + 0.0, 4)


def _expected(part: Part, ref: Reference) -> Rendering | None:
    value = ref.value
    if value is None:
        return None
    if isinstance(value, RotationRef):
        angle = float(value.angle)
        turn = "counterclockwise" if angle > 0 else "clockwise"
        shown = render(value.scale)
        if value.axis is not None:  # 3×3: the angle is counterclockwise seen from the tip of the axis
            words = f"rotation by {angle:g}° about the axis ({', '.join(render(x).text for x in value.axis)})"
            return Rendering(latex=r"\text{" + words.replace("°", "") + r"}^\circ\text{, scale }" + shown.latex,
                             text=f"{words}, scale {shown.text}")
        if shown.text == "1":  # the same words as the student's reading (check/rotation.py) for the same thing
            return Rendering(latex=rf"\text{{rotation by {abs(angle):g}° {turn}, no scaling}}",
                             text=f"rotation by {abs(angle):g}° {turn}, no scaling")
        return Rendering(latex=rf"\text{{rotation by {abs(angle):g}° {turn}, scaled by }}{shown.latex}",
                         text=f"rotation by {abs(angle):g}° {turn}, scaled by {shown.text}")
    if isinstance(value, MapRef):
        return Rendering(latex=r"\text{" + value.words.replace("_", " ") + "}", text=value.words)
    if isinstance(value, DerivationRef):
        return render(value.target)
    if isinstance(value, str):
        return Rendering(latex=r"\text{" + value + "}", text=value)
    return _rendered(value)


_RENDERED: dict[object, Rendering] = {}


def _hashable(value: object) -> object:
    """A student's value as a cache key: the value itself when sympy can hash it (printing a matrix to key it
    cost more than the lookup saved), else its printed form."""
    key = frozen(value)
    try:
        hash(key)
    except TypeError:
        return str(value)
    return key


def _rendered(value: object) -> Rendering:
    """A reference rendered once per process: each variant's grader shows its expected answers, and most of them
    are the same in every variant."""
    return remembered(_RENDERED, value, render)


@dataclass
class Grader:
    """Grades submissions against one assignment. References are computed once, here.

    `today` decides `reveal: after_due` (an ISO date; None means the real date). With `variants:` in the spec,
    each student is graded by the grader of their own variant (grade/variants.py; `secret` overrides the course
    secret, for `validate`), and this one holds the key of the pseudo-student KEY_STUDENT; `relative` is set on
    those per-variant graders (fingerprints relative to the own key). `shared` (a VariantBook's) holds verdicts
    and fingerprints for all its variants, keyed by each part's reference: a part whose key does not depend on
    the drawn values is graded once per answer for the whole class, not once per variant.
    """

    assignment: Assignment
    today: str | None = None
    secret: str | None = None
    relative: bool = False
    shared: SharedVerdicts | None = None

    def __post_init__(self) -> None:
        self.variants = (VariantBook(self.assignment, self.secret, self.today)
                         if self.assignment.variants is not None else None)
        self.compiled = compile_assignment(self.assignment if self.variants is None else variant_assignment(
            self.assignment, self.variants.variant_for(KEY_STUDENT)), None if self.shared is None
            else self.shared.parts)
        self.references = self.compiled.references
        a = self.assignment
        today = self.today or date.today().isoformat()
        reveal = a.reveal == "always" or (a.reveal == "after_due" and a.due is not None and today >= a.due)
        self.expected = {p.id: (_expected(p, self.references[p.id]) if reveal else None) for p in a.parts}
        self._cache: dict[tuple[object, str | None], Verdict] = {} if self.shared is None else self.shared.verdicts
        self._prints: dict[tuple[object, str | None], Fingerprint | None] = (
            {} if self.shared is None else self.shared.prints)
        self._tokens: dict[str, object] = ({p.id: p.id for p in a.parts} if self.shared is None
                                           else self.shared.tokens(a.parts, self.references))
        self._carried: dict[tuple[object, ...], Verdict | None] = {}
        self._against_cache: dict[tuple[object, ...], Verdict] = {} if self.shared is None else self.shared.carried

    def _follow_through(self, part: Part, answer: str | None, verdict: Verdict,
                        wrong_values: dict[str, object], own_values: dict[str, object] | None = None,
                        right_values: dict[str, object] | None = None, failed: frozenset[str] = frozenset()) -> Verdict:
        """Credit an answer that is right for the student's own wrong answer to an earlier part.

        `own_values` are earlier answers accepted under a comparison mode (V up to sign): they need not equal the
        reference, and what follows from them is what the student must be consistent with (U = A V Σ⁻¹ for the
        student's own V), so with one of them this part is judged against the recomputed reference alone."""
        if not part.carry_forms and verdict.status is Status.CORRECT and any(
                p in part.follow_through and p in failed for p in wrong_values):
            # UΣVᵀ = A written after a wrong U: right as the key, but not what the student's own factors give
            # (a U that is the key's but not the one the student's own flipped V gives is wrong for them too)
            return replace(verdict, diagnoses=(*verdict.diagnoses, Code.KEY_OVER_OWN))
        own = {p: v for p, v in (own_values or {}).items() if p in part.follow_through} if part.carry_forms else {}
        if own and not (set(wrong_values) & set(part.follow_through)) \
                and all(self._as_reference(p, v) for p, v in own.items()):
            # the student's own values are the key's, written the same way: what follows from them is the key
            # itself, so the verdict against the key (with its named mistakes) is the verdict
            return verdict
        if own and answer is not None:
            # every source as the student wrote it: U right as written goes with V flipped as written
            others = {**(right_values or {}), **wrong_values}
            return self._consistent(part, answer, verdict, {**{p: v for p, v in others.items()
                                                               if p in part.follow_through}, **own})
        if verdict.status is Status.CORRECT or not part.follow_through or answer is None:
            return verdict
        carried = {p: v for p, v in wrong_values.items() if p in part.follow_through}
        if not carried:
            return verdict
        # only whether it is right for the student's own values counts here: no diagnosis of the recomputation
        again = self._recomputed(part, answer, carried, diagnose=False)
        if again is None:
            return verdict
        if again.status is not Status.CORRECT:
            return verdict
        sources = ", ".join(sorted(carried))
        return Verdict(Status.CORRECT, 1.0, f"Correct for your answer to {sources}, which was not right: full "
                       "credit for this step (error carried forward).", again.interpreted_as,
                       diagnoses=(Code.FOLLOW_THROUGH,))

    def _as_reference(self, part_id: str, value: object) -> bool:
        """Whether a student's value is the reference itself (sympy's structural equality: the same form)."""
        try:
            return bool(value == self.references[part_id].value)
        except (TypeError, ValueError, AttributeError):
            return False

    def _recomputed(self, part: Part, answer: str, carried: dict[str, object],
                    diagnose: bool = True) -> Verdict | None:
        """The answer graded against the reference recomputed from the student's own earlier values; students who
        made the same mistake carry the same value, so the result is shared. None where nothing recomputes.
        Without `diagnose`, a wrong answer's verdict says only that it is wrong."""
        key = (part.id, answer, tuple(sorted((p, _hashable(v)) for p, v in carried.items())), diagnose)
        if key not in self._carried:
            if len(self._carried) >= CACHE_SIZE:
                self._carried.clear()
            reference = self.compiled.with_student_values(part, carried)
            if any(has_float(v) for v in carried.values()):
                # a product of the student's rounded decimals: an entry that cancels (0 in UΣVᵀ) carries the
                # rounding of the large ones, so the recomputed matrix is held to rtol of its own size
                part = replace(part, options=replace(part.options, matrix_tolerance="norm"))
            self._carried[key] = None if reference is None else self._against(part, reference, answer, diagnose)
        return self._carried[key]

    def _against(self, part: Part, reference: object, answer: str, diagnose: bool) -> Verdict:
        """grade_answer against a recomputed reference, remembered by (part, that reference, answer): a pure
        function of the three, so variants whose students' own values give the same reference (the same A and
        the same V up to sign) share it, like the verdicts against the keys themselves."""
        try:
            key: tuple[object, ...] | None = (part.id, structural_key(reference), answer, diagnose)
            hash(key)
        except TypeError:  # something sympy cannot hash: graded afresh
            key = None
        verdict = None if key is None else self._against_cache.get(key)
        if verdict is None:
            graded = part if diagnose else replace(part, options=replace(part.options, diagnose=False))
            verdict = grade_answer(graded, Reference(reference), answer)
            if key is not None:
                if len(self._against_cache) >= CACHE_SIZE:
                    self._against_cache.clear()
                self._against_cache[key] = verdict
        return verdict

    def _consistent(self, part: Part, answer: str, verdict: Verdict, carried: dict[str, object]) -> Verdict:
        """The verdict against the reference recomputed from the student's own earlier answers."""
        again = self._recomputed(part, answer, carried)
        if again is None:
            return verdict
        sources = ", ".join(sorted(carried))
        if again.status is Status.CORRECT:
            if verdict.status is Status.CORRECT:
                return verdict
            return Verdict(Status.CORRECT, 1.0, f"Correct: consistent with your own answer to {sources} (accepted "
                           "in the form you gave it).", again.interpreted_as, diagnoses=(Code.FOLLOW_THROUGH,))
        added = f" (Compared with what follows from your own answer to {sources}.)"
        return replace(again, feedback=again.feedback + added, message=None if again.message is None
                       else again.message + added, diagnoses=(*again.diagnoses, Code.INCONSISTENT_WITH_OWN))

    def read(self, path: Path) -> Submission:
        """Read any submission file: an answer sheet, or a free-form document located against this spec."""
        if path.suffix.lower() in DOCUMENT_SUFFIXES:
            # documents build on grade's references and results: imported here to keep the packages acyclic
            from mathgrade.documents import read_document  # noqa: PLC0415

            return read_document(path, self.assignment, self.references)
        return read_sheet(path)

    def _grade_part(self, part: Part, answer: str | None) -> Verdict:
        """grade_answer, remembered per (part, answer text): most students write one of a few answers."""
        key = (self._tokens[part.id], answer)
        verdict = self._cache.get(key)
        if verdict is None:
            verdict = grade_answer(part, self.references[part.id], answer)
            if len(self._cache) >= CACHE_SIZE:
                self._cache.clear()
            self._cache[key] = verdict
        return verdict

    def _fingerprint(self, part: Part, answer: str | None, verdict: Verdict) -> Fingerprint | None:
        """The answer's fingerprint (for groups and overrides), remembered like its verdict; computed here, in
        the worker, inside the part's own time limit, so the main process never evaluates student math."""
        if verdict.status in (Status.MISSING, Status.INVALID, Status.ERROR):
            return None
        key = (self._tokens[part.id], answer)
        if key not in self._prints:
            if len(self._prints) >= CACHE_SIZE:
                self._prints.clear()
            reference = self.references[part.id].value
            self._prints[key] = (relative_fingerprint(part, reference, answer, verdict) if self.relative
                                 else verdict_fingerprint(part, reference, answer, verdict))
        return self._prints[key]

    def grade(self, sub: Submission, skip: dict[str, str] | None = None,
              on_part: Callable[[str], None] | None = None) -> StudentResult:
        """Grade one submission. Every part of the spec gets a result, answered or not.

        `skip` maps part ids to the reason they were not graded (a supervisor stopped them); `on_part` is told
        each part's id before it is graded, so a supervisor knows what overran.
        """
        if self.variants is not None:
            return self.variants.grade(sub, skip, on_part)
        skip = skip or {}
        total = _points(self.assignment.max_points)
        if sub.error is not None:
            parts = tuple(PartResult(p.id, Status.MISSING, 0.0, p.points, None, None,
                                     "The submission could not be read.") for p in self.assignment.parts)
            return StudentResult(sub.student_id, sub.name, sub.email, sub.file, SubmissionStatus.ERROR, 0.0, total,
                                 parts, error=sub.error)
        answers = dict(sub.answers)
        sources = dict(sub.sources)
        reviews = dict(sub.reviews)
        notes = dict(sub.notes)
        known = {p.id for p in self.assignment.parts}
        needed = {source for p in self.assignment.parts for source in p.follow_through}
        wrong_values: dict[str, object] = {}
        own_values: dict[str, object] = {}
        right_values: dict[str, object] = {}
        unreadable: set[str] = set()
        failed: set[str] = set()  # earlier parts graded wrong (not merely right for the student's own values)
        results = []
        for part in self.assignment.parts:
            answer = answers.get(part.id)
            if on_part is not None:
                on_part(part.id)
            prints: Fingerprint | None = None
            try:
                if part.id in skip:
                    verdict = Verdict(Status.INVALID, 0.0, f"This answer is {skip[part.id]}; it was not graded.")
                else:
                    verdict = self._follow_through(part, answer, self._grade_part(part, answer), wrong_values,
                                                   own_values, right_values, frozenset(failed))
                    prints = self._fingerprint(part, answer, verdict)
                # the key rounded to the places written (Σ = diag(6.71, 2.24)) is no value of the student's own:
                # what follows from it is compared with the key, not with the rounding carried on
                rounded = Code.ROUNDED in verdict.diagnoses
                if part.id in needed and verdict.status in (Status.INCORRECT, Status.PARTIAL) and not rounded:
                    failed.add(part.id)
                if part.id in needed and not rounded and (verdict.status in (Status.INCORRECT, Status.PARTIAL)
                                          or Code.FOLLOW_THROUGH in verdict.diagnoses):
                    # right only for an earlier wrong answer: what follows builds on the student's value, not the key's
                    value = student_value(part, answer)
                    if value is not None:
                        wrong_values[part.id] = value
                elif part.id in needed and verdict.status is Status.CORRECT:
                    # right up to sign, scale or order (a comparison mode): later parts must agree with the form
                    # the student chose; right as such: kept in case another source was accepted in a mode
                    value = student_value(part, answer)
                    if value is not None:
                        (own_values if part.options.compare else right_values)[part.id] = value
            except MemoryError:
                verdict = Verdict(Status.INVALID, 0.0, f"This answer is {TOO_EXPENSIVE} (it needs too much memory).")
            except Exception as exc:  # noqa: BLE001 - one bad answer must not stop the batch
                verdict = Verdict(Status.ERROR, 0.0, "This answer could not be graded because of a fault in the "
                                  f"grader ({type(exc).__name__}); your instructor will grade it by hand.")
            if part.id in needed and verdict.status is Status.INVALID and answer is not None:
                unreadable.add(part.id)
            review = reviews.get(part.id)
            blind = sorted(set(part.follow_through) & unreadable)
            if blind and review is None and verdict.status is not Status.MISSING:
                # U right for the key's V, but the student's own V could not be read: whether U goes with it (the
                # question follow-through asks) is the instructor's to see
                review = Review(f"graded against the key: the answer to {', '.join(blind)} could not be read, so "
                                f"whether this one follows from it was not checked. Please check.", ())
            doubts = [REVIEW_REASONS[c] for c in verdict.diagnoses if c in REVIEW_REASONS]
            if doubts and review is None:
                reason = " ".join(dict.fromkeys(doubts))
                review = Review(reason[0].upper() + reason[1:], ())
            feedback, message = verdict.feedback, verdict.message
            if verdict.status is Status.MISSING and part.id in notes:
                feedback, message = f"No answer was found: {notes[part.id]}.", None
            results.append(PartResult(
                id=part.id, status=verdict.status, score=_points(part.points * verdict.score), max=part.points,
                answer=answer, interpreted_as=verdict.interpreted_as, feedback=feedback, message=message,
                # under follow-through the answer is right only for the carried value: show the true one too
                expected=self.expected[part.id] if verdict.status is not Status.CORRECT
                or Code.FOLLOW_THROUGH in verdict.diagnoses else None,
                wrong_entries=verdict.wrong_entries, diagnoses=verdict.diagnoses, source=sources.get(part.id),
                fingerprint=prints, review=review))
        unknown = tuple(sorted(k for k in answers if k not in known))
        score = _points(sum(r.score for r in results))
        return StudentResult(sub.student_id, sub.name, sub.email, sub.file, SubmissionStatus.GRADED, score, total,
                             tuple(results), unknown_parts=unknown)


class _Compactor:
    """Share equal strings and renderings between results that came back pickled from workers.

    Each worker's result is a fresh copy; a class repeats the same few answers, feedbacks and expected
    renderings thousands of times, so sharing them keeps the parent's memory near one copy per distinct answer.
    """

    def __init__(self, grader: Grader) -> None:
        self.seen: dict[object, object] = {}
        for value in grader.expected.values():
            if value is not None:
                self.seen.setdefault(value, value)

    def _one(self, value: object) -> object:
        if value is None:
            return None
        return self.seen.setdefault(value, value)

    def __call__(self, result: StudentResult) -> StudentResult:
        parts = []
        for p in result.parts:
            shared = self.seen.get(p)
            if shared is None:
                # Created by unpickling a moment ago and referred to by nothing else yet, so swapping fields in
                # place is safe; rebuilding frozen dataclasses cost more than the grading of most students.
                for name in ("answer", "feedback", "interpreted_as", "expected"):
                    object.__setattr__(p, name, self._one(getattr(p, name)))
                shared = self.seen.setdefault(p, p)
            parts.append(shared)
        # Equal part results become one object: reporters render and encode each distinct one once.
        object.__setattr__(result, "parts", tuple(parts))
        return result


def error_result(grader: Grader, path: Path, why: str) -> StudentResult:
    sub = Submission(file=str(path), student_id=safe_id(path.stem), name=safe_id(path.stem), email="", answers=(),
                     error=why)
    return grader.grade(sub)


def grade_paths(spec_path: str, files: list[Path], jobs: int = 1,
                progress: Callable[[int, int], None] | None = None, limits: Limits = Limits(),
                today: str | None = None, gradebook: Gradebook | None = None,
                fresh: bool = False, overrides: tuple[Override, ...] = (),
                scheduler: str | None = None, refused: tuple[tuple[str, str], ...] = (),
                groups: bool = True) -> ClassResult:
    """Grade every file; results come back in a stable order whatever the number of jobs.

    Answers are always graded in supervised worker processes under `limits` (there is no unlimited path, not even
    for tests: they would not notice a runaway). With a `gradebook`, results
    of unchanged submissions are reused (unless `fresh`) and every fresh result is stored as it arrives
    (committed within half a second), so a killed batch resumes where it stopped. `overrides` are applied
    last, on every run. With `scheduler` (a Dask scheduler address) the grading runs on that cluster instead
    of local workers. `refused` lists
    inputs that were not even unpacked (name, reason): each becomes an error result, so nothing is lost.
    Without `groups`, the answer groups are left for the caller to compute (`with_groups`), when it has
    something else to do meanwhile.
    """
    grader = Grader(pinned_assignment(load_spec(spec_path), overrides), today=today)
    if scheduler is not None and variant_pins(overrides):
        raise UsageError("variant pins in overrides are not sent to a Dask cluster yet: pin in the spec "
                         "(variants.pin) or grade without --scheduler")
    # A folder may hold other assignments' classes (submissions/<set>/): files that say they were written for
    # another assignment are left to it; cmd_grade names them.
    siblings = sibling_assignments(spec_path)
    files = [f for f in files if for_other_assignment(f, grader.assignment.id, siblings) is None]
    revealed = any(v is not None for v in grader.expected.values())
    # Everything that can change a verdict keys the reuse: the spec, the code (in spec_hash), the limits
    # (an answer "too expensive" at 0.5 s may be graded at 2 s) and what the run reveals.
    digest = spec_hash(Path(spec_path), f"reveal={revealed}\0time={limits.answer_seconds!r}\0"
                                        f"memory={limits.memory_mb}\0read={limits.read_seconds!r}"
                                        + (grader.variants.digest() if grader.variants is not None else ""))
    run = gradebook.begin_run(grader.assignment.id, digest, spec_path) if gradebook else 0
    hashes = {str(f): file_hash(f) for f in files} if gradebook else {}
    results: list[StudentResult] = []
    todo: list[Path] = []
    for f in files:
        cached = gradebook.cached(digest, hashes[str(f)], str(f)) if gradebook and not fresh else None
        if cached is not None:
            results.append(cached)
        else:
            todo.append(f)
    reused = {r.file for r in results}

    def stream() -> Iterator[StudentResult]:
        if scheduler is not None:
            from mathgrade.grade.distributed import grade_on_cluster  # noqa: PLC0415 - optional dependency

            yield from grade_on_cluster(spec_path, todo, scheduler, limits, today)
            return
        book = grader.variants
        affinity = None if book is None else (lambda path: book.likely_variant(declared_student(path)))
        for index, outcome in Supervisor(grader, jobs, limits).run(todo, affinity):
            yield outcome if isinstance(outcome, StudentResult) else error_result(grader, todo[index], outcome)

    if progress and results:
        progress(len(results), len(files))
    compact = _Compactor(grader)
    for name, why in refused:
        results.append(error_result(grader, Path(name), why))
    for result in stream():
        result = compact(result)
        results.append(result)
        if gradebook is not None:
            gradebook.store(digest, hashes[result.file], result)
        if progress:
            progress(len(results), len(files))
    if gradebook is not None:
        gradebook.flush()
    results = unique_ids(results)
    results.sort(key=lambda r: (r.id, r.file))
    a = grader.assignment
    graded = ClassResult(a.id, a.title, _points(a.max_points), tuple(results))
    if not overrides:
        samples = {}
    elif grader.variants is not None:  # samples read in each student's own variant, as their answers were
        samples = variant_sample_fingerprints(overrides, grader.variants, graded.students, limits)
    else:
        samples = sample_fingerprints(overrides, a, grader.references, limits)
    graded, adjustments = apply_overrides(graded, overrides, a, samples)
    if gradebook is not None:
        reasons: dict[str, dict[str, str]] = {}
        for x in adjustments:
            reasons.setdefault(x.student, {})[x.part] = x.reason
        gradebook.record_runs(run, [(r, hashes.get(r.file, "unreadable"), r.file in reused, reasons.get(r.id, {}))
                                    for r in graded.students])
        gradebook.finish_run(run)
    graded = replace(graded, adjustments=adjustments)
    return with_groups(graded, a) if groups else graded


def with_groups(result: ClassResult, assignment: Assignment) -> ClassResult:
    """`result` with its answer groups (students who gave the same answer, up to equivalence) computed."""
    parts = assignment.parts
    return replace(result, groups=answer_groups(result.students, [p.id for p in parts], {p.id: p for p in parts}))


def default_jobs() -> int:
    """All cores, as the CLI's default for --jobs."""
    return max(1, os.cpu_count() or 1)

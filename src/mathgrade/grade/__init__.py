"""Grading: collect (spec × submissions) → check each answer → immutable results.

`Grader` compiles the spec's references once and grades submissions one by one (or in worker processes).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from mathgrade.check.render import render
from mathgrade.check.verdict import Rendering, Status, Verdict
from mathgrade.grade.answer import grade_answer, student_value
from mathgrade.grade.groups import answer_groups
from mathgrade.grade.references import Reference, compile_assignment
from mathgrade.grade.results import ClassResult, PartResult, StudentResult, SubmissionStatus
from mathgrade.grade.sheets import DOCUMENT_SUFFIXES, Submission, collect, read_sheet
from mathgrade.solvers import DerivationRef, RotationRef
from mathgrade.spec import Assignment, Part, load_spec

__all__ = ["Grader", "grade_paths", "collect", "read_sheet"]


def _points(value: float) -> float:
    return round(value + 0.0, 4)


def _expected(part: Part, ref: Reference) -> Rendering | None:
    value = ref.value
    if value is None:
        return None
    if isinstance(value, RotationRef):
        angle = float(value.angle)
        words = f"rotation by {abs(angle):g}° " + ("counterclockwise" if angle > 0 else "clockwise")
        scale = render(value.scale).text
        return Rendering(latex=r"\text{" + words.replace("°", "") + r"}^\circ\text{, scale }" + render(
            value.scale).latex, text=f"{words}, scale {scale}")
    if isinstance(value, DerivationRef):
        return render(value.target)
    if isinstance(value, str):
        return Rendering(latex=r"\text{" + value + "}", text=value)
    return render(value)


@dataclass
class Grader:
    """Grades submissions against one assignment. References are computed once, here.

    `today` decides `reveal: after_due` (an ISO date; None means the real date).
    """

    assignment: Assignment
    today: str | None = None

    def __post_init__(self) -> None:
        self.compiled = compile_assignment(self.assignment)
        self.references = self.compiled.references
        a = self.assignment
        today = self.today or date.today().isoformat()
        reveal = a.reveal == "always" or (a.reveal == "after_due" and a.due is not None and today >= a.due)
        self.expected = {p.id: (_expected(p, self.references[p.id]) if reveal else None) for p in a.parts}

    def _follow_through(self, part: Part, answer: str | None, verdict: Verdict,
                        wrong_values: dict[str, object]) -> Verdict:
        """Credit an answer that is right for the student's own wrong answer to an earlier part."""
        if verdict.status is Status.CORRECT or not part.follow_through or answer is None:
            return verdict
        carried = {p: v for p, v in wrong_values.items() if p in part.follow_through}
        if not carried:
            return verdict
        reference = self.compiled.with_student_values(part, carried)
        if reference is None:
            return verdict
        again = grade_answer(part, Reference(reference), answer)
        if again.status is not Status.CORRECT:
            return verdict
        sources = ", ".join(sorted(carried))
        return Verdict(Status.CORRECT, 1.0, f"Correct for your answer to {sources}, which was not right: full "
                       "credit for this step (error carried forward).", again.interpreted_as,
                       diagnoses=("follow_through",))

    def read(self, path: Path) -> Submission:
        """Read any submission file: an answer sheet, or a free-form document located against this spec."""
        if path.suffix.lower() in DOCUMENT_SUFFIXES:
            # documents build on grade's references and results: imported here to keep the packages acyclic
            from mathgrade.documents import read_document  # noqa: PLC0415

            return read_document(path, self.assignment, self.references)
        return read_sheet(path)

    def grade(self, sub: Submission) -> StudentResult:
        """Grade one submission. Every part of the spec gets a result, answered or not."""
        total = _points(self.assignment.max_points)
        if sub.error is not None:
            parts = tuple(PartResult(p.id, Status.MISSING, 0.0, p.points, None, None,
                                     "The submission could not be read.") for p in self.assignment.parts)
            return StudentResult(sub.student_id, sub.name, sub.email, sub.file, SubmissionStatus.ERROR, 0.0, total,
                                 parts, error=sub.error)
        answers = dict(sub.answers)
        sources = dict(sub.sources)
        notes = dict(sub.notes)
        known = {p.id for p in self.assignment.parts}
        needed = {source for p in self.assignment.parts for source in p.follow_through}
        wrong_values: dict[str, object] = {}
        results = []
        for part in self.assignment.parts:
            answer = answers.get(part.id)
            try:
                verdict = grade_answer(part, self.references[part.id], answer)
                verdict = self._follow_through(part, answer, verdict, wrong_values)
                if part.id in needed and verdict.status in (Status.INCORRECT, Status.PARTIAL):
                    value = student_value(part, answer)
                    if value is not None:
                        wrong_values[part.id] = value
            except Exception as exc:  # noqa: BLE001 - one bad answer must not stop the batch
                verdict = Verdict(Status.ERROR, 0.0, f"internal error while grading ({type(exc).__name__}); "
                                  "reported to the instructor")
            feedback = verdict.feedback
            if verdict.status is Status.MISSING and part.id in notes:
                feedback = f"No answer was found: {notes[part.id]}."
            results.append(PartResult(
                id=part.id, status=verdict.status, score=_points(part.points * verdict.score), max=part.points,
                answer=answer, interpreted_as=verdict.interpreted_as, feedback=feedback,
                expected=self.expected[part.id] if verdict.status is not Status.CORRECT else None,
                wrong_entries=verdict.wrong_entries, diagnoses=verdict.diagnoses, source=sources.get(part.id)))
        unknown = tuple(sorted(k for k in answers if k not in known))
        score = _points(sum(r.score for r in results))
        return StudentResult(sub.student_id, sub.name, sub.email, sub.file, SubmissionStatus.GRADED, score, total,
                             tuple(results), unknown_parts=unknown)


_WORKER: Grader | None = None


def _init_worker(spec_path: str) -> None:
    global _WORKER
    _WORKER = Grader(load_spec(spec_path))


def _grade_file(path: str) -> StudentResult:
    assert _WORKER is not None
    return _WORKER.grade(_WORKER.read(Path(path)))


def grade_paths(spec_path: str, files: list[Path], jobs: int = 1,
                progress: Callable[[int, int], None] | None = None) -> ClassResult:
    """Grade every file; results come back in a stable order whatever the number of jobs."""
    grader = Grader(load_spec(spec_path))
    results: list[StudentResult] = []

    def stream() -> Iterator[StudentResult]:
        if jobs <= 1 or len(files) < 2 * jobs:
            for f in files:
                yield grader.grade(grader.read(f))
            return
        with ProcessPoolExecutor(max_workers=jobs, initializer=_init_worker, initargs=(spec_path,)) as pool:
            yield from pool.map(_grade_file, [str(f) for f in files], chunksize=max(1, len(files) // (jobs * 8)))

    for n, result in enumerate(stream(), start=1):
        results.append(result)
        if progress:
            progress(n, len(files))
    results = _unique_ids(results)
    results.sort(key=lambda r: (r.id, r.file))
    a = grader.assignment
    students = tuple(results)
    return ClassResult(a.id, a.title, _points(a.max_points), students,
                       answer_groups(students, [p.id for p in a.parts]))


def _unique_ids(results: Iterable[StudentResult]) -> list[StudentResult]:
    """Two files for one student id both stay: the later ones get `-2`, `-3` so reports never overwrite."""
    seen: dict[str, int] = {}
    out = []
    for r in sorted(results, key=lambda r: (r.id, r.file)):
        seen[r.id] = seen.get(r.id, 0) + 1
        out.append(r if seen[r.id] == 1 else replace(r, id=f"{r.id}-{seen[r.id]}"))
    return out


def default_jobs() -> int:
    """All cores, as the CLI's default for --jobs."""
    return max(1, os.cpu_count() or 1)

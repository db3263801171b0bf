"""Grade one answer to one part: dispatch on the part's kind, try accepted alternatives, keep the best verdict."""

from __future__ import annotations

from mathgrade.check import check
from mathgrade.check.budget import TOO_EXPENSIVE, TooExpensive, work_budget
from mathgrade.check.derivation import check_derivation
from mathgrade.check.forbidden import forbidden_verdict
from mathgrade.check.map_sentences import check_map_sentence
from mathgrade.check.options import Kind
from mathgrade.check.rotation import check_rotation, check_rotation_3d
from mathgrade.check.verdict import Rendering, Status, Verdict
from mathgrade.check import names_in
from mathgrade.grade.references import Reference
from mathgrade.solvers import MapRef
from mathgrade.parse import parse_answer
from mathgrade.spec import Part

MAX_ANSWER_CHARS = 20_000


def grade_answer(part: Part, reference: Reference, answer: str | None) -> Verdict:
    """The verdict for `answer` (None or blank: missing). Never raises on student text.

    Each check inside runs under its own work budget; derivations and rotation sentences, which are not one
    check, run under one budget for the whole answer."""
    try:
        with work_budget():
            return _grade_answer(part, reference, answer)
    except TooExpensive as exc:
        return Verdict(Status.INVALID, 0.0, f"This answer is {TOO_EXPENSIVE} ({exc}).")


def _grade_answer(part: Part, reference: Reference, answer: str | None) -> Verdict:
    if answer is None or not answer.strip():
        return Verdict(Status.MISSING, 0.0, "No answer was given.")
    if len(answer) > MAX_ANSWER_CHARS:
        return Verdict(Status.INVALID, 0.0, f"The answer is too long ({len(answer)} characters).")
    if part.kind is Kind.TEXT:
        shown = Rendering(latex="", text=answer.strip())
        return Verdict(Status.MANUAL, 0.0, "This part is graded by your instructor.", shown)
    value = reference.value
    if part.kind is Kind.ROTATION:
        if isinstance(value, MapRef):
            return check_map_sentence(answer, value.matrix, value.kind, value.words)
        if value.axis is not None:
            return check_rotation_3d(answer, value.angle, value.scale, value.axis,
                                     silent_scale=part.options.silent_scale)
        return check_rotation(answer, value.angle, value.scale, silent_scale=part.options.silent_scale)
    if part.kind is Kind.DERIVATION:
        options = part.options
        parsed = parse_answer(answer, options.parse_options(names_in(value.start)))
        return check_derivation(parsed, value.start, value.target, options)
    refused = forbidden_verdict(answer, part.options)
    if refused is not None:
        return refused
    best = check(answer, value, part.options)
    for alternative in reference.alternatives:
        if best.status is Status.CORRECT:
            break
        other = check(answer, alternative, part.options)
        if other.score > best.score or (other.status is Status.CORRECT and best.status is not Status.CORRECT):
            best = other
    if best.status in (Status.INCORRECT, Status.PARTIAL):
        for mistake_value, mistake in reference.mistakes:
            if check(answer, mistake_value, part.options).status is Status.CORRECT:
                score = max(mistake.score, best.score)
                return Verdict(Status.PARTIAL if score > 0 else Status.INCORRECT, score, mistake.feedback,
                               best.interpreted_as, wrong_entries=best.wrong_entries,
                               diagnoses=(mistake.code, *best.diagnoses))
    return best


def student_value(part: Part, answer: str | None) -> object | None:
    """The parsed value of an answer (for follow-through), or None when there is none to carry forward."""
    if answer is None or not answer.strip() or part.kind not in (Kind.NUMBER, Kind.EXPRESSION, Kind.VECTOR,
                                                                 Kind.MATRIX):
        return None
    parsed = parse_answer(answer, part.options.parse_options())
    return parsed.value if parsed.ok else None

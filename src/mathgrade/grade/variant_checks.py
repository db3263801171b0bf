"""`mathgrade validate` for a spec with variants: every self-test through N drawn variants, and degenerate keys.

Samples may name the spec's values in braces (`accept: ["{V}^T"]`): each is replaced, as text, by the variant's
value before the sample is graded exactly like a student's answer (in the limited child, like every self-test).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass

from mathgrade.check.verdict import Status
from mathgrade.errors import SpecError
from mathgrade.grade.answer import grade_answer
from mathgrade.grade.boundary import LimitedRunner, Overrun
from mathgrade.grade.pool import Limits
from mathgrade.grade.variants import Values, VariantBook, degenerate, substitute
from mathgrade.spec import Assignment

__all__ = ["DEFAULT_VARIANTS", "VALIDATE_SECRET", "VariantReport", "validate_variants"]

DEFAULT_VARIANTS = 200

VALIDATE_SECRET = "mathgrade validate: no course secret"
"""Used only by `validate` when no secret is set: it checks the space of variants, not any student's."""

_BOOK: VariantBook | None = None
"""Set before the limited child is forked, so the child inherits the spec (as commands.py does)."""


def _self_test(values: Values, part_id: str, sample: str) -> tuple[str, str]:
    assert _BOOK is not None
    grader = _BOOK.grader_for(values)
    part = grader.assignment.part(part_id)
    verdict = grade_answer(part, grader.references[part_id], sample)
    return verdict.status.value, verdict.feedback


@dataclass(frozen=True)
class VariantReport:
    """What validation found: self-tests run and failed (with one example variant each), degenerate keys."""

    drawn: int
    distinct: int
    tests: int
    failures: tuple[tuple[str, int, str], ...]
    """(where, how many variants, an example message)."""
    degenerate: tuple[tuple[str, int, str], ...]
    """(what, how many variants, an example variant)."""


def _show(values: Values) -> str:
    return ", ".join(f"{k}={v}" for k, v in values)


def validate_variants(assignment: Assignment, limits: Limits, n: int = DEFAULT_VARIANTS) -> VariantReport:
    """Draw `n` variants (for pseudo-students validate-0 ...), grade every sample in each distinct one."""
    global _BOOK
    assert assignment.variants is not None
    try:
        secret = assignment.variants.secret()
    except SpecError:
        secret = VALIDATE_SECRET
    # not a Grader: that compiles the instructor key's variant first, which may be one of the broken ones
    book = VariantBook(assignment, secret)
    drawn = [book.variant_for(f"validate-{k}") for k in range(n)]
    distinct = list(dict.fromkeys(drawn))
    _BOOK = book
    failures: dict[str, tuple[int, str]] = {}
    degenerates: dict[str, tuple[int, str]] = {}
    tests = 0
    with LimitedRunner(limits) as runner:
        for values in distinct:
            try:
                compiled = book.grader_for(values).compiled
            except SpecError as exc:  # this variant's key cannot be computed: grading such a student would stop
                where = f"{exc.field or 'spec'} (key not computable)"
                count, example = failures.get(where, (0, f"with {_show(values)}: {exc}"))
                failures[where] = (count + 1, example)
                continue
            for what in dict.fromkeys(degenerate(compiled)):
                count, example = degenerates.get(what, (0, _show(values)))
                degenerates[what] = (count + 1, example)
            named = dict(compiled.values)
            for part in assignment.parts:
                for want, samples in (("accept", part.accept), ("reject", part.reject)):
                    for k, sample in enumerate(samples):
                        tests += 1
                        text = substitute(sample, named)
                        try:
                            status, feedback = runner.call(_self_test, values, part.id, text)
                        except Overrun as exc:
                            status, feedback = Status.INVALID.value, exc.reason
                        if (status == Status.CORRECT.value) != (want == "accept"):
                            where = f"parts.{part.id}.{want}[{k}]"
                            first = f"with {_show(values)}: {text!r} was graded {status} ({feedback})"
                            count, example = failures.get(where, (0, first))
                            failures[where] = (count + 1, example)
    return VariantReport(n, len(distinct), tests, tuple((w, c, e) for w, (c, e) in failures.items()),
                         tuple((w, c, e) for w, (c, e) in degenerates.items()))


def print_report(assignment: Assignment, report: VariantReport) -> int:
    """Print the report the way `validate` prints; 1 when a self-test failed in some variant, else 0."""
    for where, count, example in report.failures:
        print(f"{assignment.file}: {where}: fails in {count} of {report.distinct} variants, e.g. {example}",
              file=sys.stderr)
    for what, count, example in report.degenerate:
        if count == report.distinct:  # the same in every variant: the spec's design, not bad luck in a draw
            print(f"note: {assignment.file}: {what} in every variant", file=sys.stderr)
        else:
            print(f"warning: {assignment.file}: {what} in {count} of {report.distinct} variants, e.g. {example} "
                  "(add a `where:` condition under variants)", file=sys.stderr)
    print(f"{assignment.file}: {report.drawn} variants drawn ({report.distinct} distinct); {report.tests} "
          f"self-tests, {sum(c for _, c, _ in report.failures)} failed; "
          f"{len(report.degenerate)} {'kind' if len(report.degenerate) == 1 else 'kinds'} of degenerate variant")
    return 1 if report.failures else 0

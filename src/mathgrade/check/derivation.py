"""Derivations: a chain of equalities that starts at the given left side, ends at the target, every step valid.

Each adjacent pair is compared with the same numeric equivalence as any answer, so a step that is right but
written differently passes, and the report can name the first step that is not.
"""

from __future__ import annotations

from typing import Any

from mathgrade.check.compare import compare_scalar
from mathgrade.check.options import CheckOptions
from mathgrade.check.render import render
from mathgrade.check.verdict import Rendering, Status, Verdict
from mathgrade.parse import Parsed
from mathgrade.parse.objects import is_matrix


def _equal(a: Any, b: Any, options: CheckOptions) -> bool:
    if is_matrix(a) or is_matrix(b):
        return False
    return compare_scalar(a, b, options).equal is True


def check_derivation(parsed: Parsed, start: Any, target: Any, options: CheckOptions) -> Verdict:
    """Grade an equality chain. The feedback names the first step that fails, counting from 1."""
    members = parsed.members
    for n, m in enumerate(members, start=1):
        if m.error is not None:
            where = f" at column {m.column}" if m.column else ""
            return Verdict(Status.INVALID, 0.0, f"could not read expression {n} of the chain: {m.error}{where}",
                           column=m.column)
    values = [m.value for m in members]
    shown = Rendering(latex=" = ".join(render(v).latex for v in values),
                      text=" = ".join(render(v).text for v in values))
    if len(values) < 2:
        return Verdict(Status.INCORRECT, 0.0, "A derivation needs steps: write a chain a = b = ... from the given "
                       "left side to the result.", shown, diagnoses=("no_steps",))
    if not _equal(values[0], start, options):
        return Verdict(Status.INCORRECT, 0.0, "The chain does not start at the expression you were asked to "
                       f"transform (it starts with {render(values[0]).text}).", shown,
                       diagnoses=("wrong_start",))
    for n in range(len(values) - 1):
        if not _equal(values[n], values[n + 1], options):
            return Verdict(Status.INCORRECT, 0.0, f"Step {n + 1} is not valid: {render(values[n]).text} is not "
                           f"equal to {render(values[n + 1]).text}.", shown, diagnoses=(f"invalid_step_{n + 1}",))
    if not _equal(values[-1], target, options):
        return Verdict(Status.INCORRECT, 0.0, "Every step is valid, but the chain does not reach the result you "
                       "were asked to show.", shown, diagnoses=("wrong_end",))
    return Verdict(Status.CORRECT, 1.0, f"Correct: all {len(values) - 1} steps are valid.", shown)

"""Derivations: a chain of equalities that starts at the given left side, ends at the target, every step valid.

Each adjacent pair is compared with the same numeric equivalence as any answer, so a step that is right but
written differently passes, and the report can name the first step that is not.
"""

from __future__ import annotations

import re
from typing import Any

import sympy

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


def _symbols(value: Any) -> set[str]:
    """Free names: z for z_i, i when it is free. A summation index is bound, whatever it is called (z_k in Σ_k)."""
    return set() if is_matrix(value) else {s.name for s in value.free_symbols if isinstance(s, sympy.Symbol)}


# `softmax(z - c)_i`, `\text{softmax}(z)_i`, `σ(z)_i`: the name of the expression a chain starts or ends at,
# written as its first or last member. The grader has no value for it; it is a label, not a step.
_LABEL = re.compile(r"^\s*(?:\\(?:text|operatorname|mathrm)\s*\{\s*)?(?:softmax|sigma|\\sigma|σ)\s*\}?\s*"
                    r"(?:\\left)?\(.*\)\s*_\s*\{?\s*[a-z]\s*\}?\s*$", re.I)


def _without_labels(members: tuple[Any, ...]) -> tuple[tuple[Any, ...], list[str]]:
    """The chain without a first or last member that only names the start or the target (see _LABEL)."""
    dropped = []
    members = tuple(members)
    if len(members) > 2 and members[0].error is not None and _LABEL.match(members[0].text):
        dropped.append(members[0].text.strip())
        members = members[1:]
    if len(members) > 2 and members[-1].error is not None and _LABEL.match(members[-1].text):
        dropped.append(members[-1].text.strip())
        members = members[:-1]
    return members, dropped


def _every_step(n: int) -> str:
    return "the step is" if n == 1 else "both steps are" if n == 2 else f"all {n} steps are"


def check_derivation(parsed: Parsed, start: Any, target: Any, options: CheckOptions) -> Verdict:
    """Grade an equality chain. The feedback names the first step that fails, counting from 1."""
    members, labels = _without_labels(parsed.members)
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
    # Starting at the start means its form too: the target is numerically equal to the start (that is the
    # identity), so "target = target" would otherwise pass. The first member must use every name the start does.
    missing = _symbols(start) - _symbols(values[0])
    links = [_equal(values[0], start, options) and not missing]
    links += [_equal(values[n], values[n + 1], options) for n in range(len(values) - 1)]
    # Reaching the target means its form too: a chain that stops at the start is "equal" to the target when the
    # identity holds, but it has not shown it. The last member may use no symbol the target does not use.
    extra = _symbols(values[-1]) - _symbols(target)
    links.append(_equal(values[-1], target, options) and not extra)
    note = (" (" + " and ".join(f"`{t}`" for t in labels) + " read as the name of the expression, not a step)"
            if labels else "")
    if all(links):
        return Verdict(Status.CORRECT, 1.0, f"Correct: {_every_step(len(values) - 1)} valid.{note}", shown)
    score = options.share_score(sum(links[1:-1]), len(links) - 2) if links[0] and links[-1] else 0.0
    if not links[0]:
        words = "The chain does not start at the expression you were asked to transform (see its first line)."
        if missing and _equal(values[0], start, options):
            words += " It is equal to it, but it is the result, not the given expression: " + \
                ", ".join(sorted(missing)) + " does not appear."
        code = "wrong_start"
    elif not all(links[1:-1]):
        n = links[1:-1].index(False) + 1
        # by position, not as printed formulas: the report shows the chain line by line with this step marked
        words = f"Step {n} is not valid: line {n + 1} of your chain is not equal to line {n}."
        code = f"invalid_step_{n}"
    else:
        words = "Every step is valid, but the chain does not reach the result you were asked to show."
        if extra:
            words += " Its last expression still contains " + ", ".join(sorted(extra)) + "."
        code = "wrong_end"
    status = Status.PARTIAL if score > 0 else Status.INCORRECT
    if score > 0:
        words += f" Credit for {sum(links[1:-1])} of {len(links) - 2} valid steps."
    words += note
    return Verdict(status, score, words, shown, diagnoses=(code,))

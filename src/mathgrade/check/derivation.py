"""Derivations: a chain of equalities that starts at the given left side, ends at the target, every step valid.

Each adjacent pair is compared with the same numeric equivalence as any answer, so a step that is right but
written differently passes, and the report can name the first step that is not.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

import sympy

from mathgrade.check.codes import Code, invalid_step
from mathgrade.check.compare import compare_scalar
from mathgrade.check.message import Formula, say, unreadable
from mathgrade.check.options import CheckOptions
from mathgrade.check.render import render
from mathgrade.check.verdict import Rendering, Status, Verdict
from mathgrade.parse import Parsed
from mathgrade.parse.functions import expand_declared, has_declared
from mathgrade.parse.objects import is_matrix
from mathgrade.parse.vocabulary import GREEK, UNICODE_GREEK


def _scalar_of(value: Any) -> Any:
    """A 1×1 bracket in a chain of scalars is grouping (`[1/(1 + e⁻ˣ)]·[e⁻ˣ/(1 + e⁻ˣ)]`): its entry."""
    return value[0, 0] if is_matrix(value) and value.shape == (1, 1) else value


def _equal(a: Any, b: Any, options: CheckOptions) -> bool:
    if not (is_matrix(a) and is_matrix(b)):
        a, b = _scalar_of(a), _scalar_of(b)
    if is_matrix(a) or is_matrix(b):  # a chain of matrices ((AB)ᵀ = BᵀAᵀ written out): equal entry by entry
        return is_matrix(a) and is_matrix(b) and a.shape == b.shape and all(
            compare_scalar(x, y, options).equal is True for x, y in zip(a, b, strict=True))
    return compare_scalar(a, b, options).equal is True


def _symbols(value: Any) -> set[str]:
    """Free names: z for z_i, i when it is free. A summation index is bound, whatever it is called (z_k in Σ_k).
    A declared function's call has the names of what it stands for: LSE(z) those of log Σ_{k=1}^K e^{z_k}."""
    if is_matrix(value):
        return set().union(*(_symbols(v) for v in value))
    return {s.name for s in expand_declared(value).free_symbols if isinstance(s, sympy.Symbol)}


@lru_cache(maxsize=64)
def _label_pattern(labels: tuple[str, ...]) -> re.Pattern[str] | None:
    """`softmax(z - c)_i`, `\\text{softmax}(z)_i`, `σ(z)`: the name of the expression a chain starts or ends at,
    written as its first or last member, for the names the spec lists (`labels:`, declared functions). The grader
    has no value for it; it is a label, not a step."""
    spellings: set[str] = set()
    for label in labels:
        spellings.add(label)
        if label in GREEK:  # sigma: also \sigma and σ
            spellings.add("\\" + label)
            spellings.update(c for c, name in UNICODE_GREEK.items() if name == label)
    if not spellings:
        return None
    names = "|".join(re.escape(s) for s in sorted(spellings, key=lambda s: (-len(s), s)))
    return re.compile(r"^\s*(?:\\(?:text|operatorname|mathrm)\s*\{\s*)?(?:" + names + r")\s*\}?\s*"
                      r"(?:\\left)?\(.*\)\s*(?:_\s*\{?\s*[a-z]\s*\}?|[ᵢⱼₖₗₘₙ])?\s*[.,;]?\s*$", re.I)  # softmax(z)ᵢ too


_BOUND = sympy.Symbol("bound_index")


def _form(value: Any) -> Any:
    """The expression with every summation index renamed alike, so Σ_j and Σ_k of the same terms compare equal."""
    if is_matrix(value) or not isinstance(value, sympy.Basic):
        return value
    return value.replace(lambda e: isinstance(e, sympy.Sum) and len(e.limits) == 1,
                         lambda e: sympy.Sum(e.function.xreplace({e.limits[0][0]: _BOUND}), (_BOUND, *e.limits[0][1:])))


def _same_form(a: Any, b: Any) -> bool:
    """Written the same way (up to sympy's ordering and the names of summation indices), not just equal."""
    try:
        return bool(_form(a) == _form(b))
    except (TypeError, ValueError, AttributeError):
        return False


def _same_start(first: Any, start: Any) -> bool:
    """The start as written, up to splitting or joining powers (e^{z - c} = e^z e^{-c}): a first member equal to
    the start but written otherwise (e^x/(1+e^x)^2 for e^{-x}/(1+e^{-x})^2) has skipped the first step."""
    if is_matrix(first) or is_matrix(start) or not isinstance(first, sympy.Basic):
        return _same_form(first, start)

    def joined(value: Any) -> Any:
        return sympy.bottom_up(value, lambda e: sympy.powsimp(e) if isinstance(e, sympy.Mul) else e)
    try:
        if _same_form(first, start) or _same_form(joined(first), joined(start)):
            return True
        # A course's function written out by its definition is the same start (LSE(z + c) and log Σ_k e^{z_k + c},
        # as the prompt itself equates them); only the definition is unfolded, nothing else is rewritten.
        if has_declared(first) or has_declared(start):
            return _same_form(expand_declared(first), expand_declared(start))
        return False
    except (TypeError, ValueError, AttributeError):
        return False


def _without_labels(members: tuple[Any, ...], labels: tuple[str, ...]) -> tuple[tuple[Any, ...], list[str]]:
    """The chain without a first or last member that only names the start or the target (see _label_pattern)."""
    dropped: list[str] = []
    members = tuple(members)
    label = _label_pattern(labels)
    if label is None:
        return members, dropped
    if len(members) > 2 and members[0].error is not None and label.match(members[0].text):
        dropped.append(members[0].text.strip())
        members = members[1:]
    if len(members) > 2 and members[-1].error is not None and label.match(members[-1].text):
        dropped.append(members[-1].text.strip())
        members = members[:-1]
    return members, dropped


_SPOKEN = {"exp": "an exponential", "log": "a logarithm", "Sum": "a sum"}


def _heads(value: Any) -> set[str]:
    """The functions a formula applies (exp, log, σ, a sum), as written: what its form is made of."""
    if not isinstance(value, sympy.Basic):
        return set()
    heads = {type(f).__name__ for f in value.atoms(sympy.Function)}
    return heads | ({"Sum"} if value.has(sympy.Sum) else set())


def _every_step(n: int) -> str:
    return "the step is" if n == 1 else "both steps are" if n == 2 else f"all {n} steps are"


# Formulas longer than this (both lines of a bad step, as plain text) are not repeated in the feedback: the report
# shows the chain line by line with the step marked.
_SHORT = 80


def check_derivation(parsed: Parsed, start: Any, target: Any, options: CheckOptions) -> Verdict:
    """Grade an equality chain. The feedback names the first step that fails, counting from 1."""
    members, labels = _without_labels(parsed.members, options.labels)
    for n, m in enumerate(members, start=1):
        if m.error is not None:
            return Verdict.saying(Status.INVALID, 0.0, unreadable(m.error, parsed.text, m.column,
                                                                  f"line {n} of your chain"), column=m.column)
    values = [m.value for m in members]
    shown = Rendering(latex=" = ".join(render(v).latex for v in values),
                      text=" = ".join(render(v).text for v in values))
    if len(values) < 2:
        from mathgrade.check import _WORDS, _mathematical_word, names_in  # noqa: PLC0415 - check imports this module

        text = members[0].text.strip() if members else ""
        if _WORDS.fullmatch(text) and not _mathematical_word(text, options.variables | names_in(start)
                                                             | names_in(target)):
            # "see my paper": words, as for any other kind (check/words.py), not a one-member chain of letters
            return Verdict(Status.INVALID, 0.0, f"`{text[:40]}` is words, not a chain of equalities: write "
                           "a = b = ... from the given left side to the result.")
        return Verdict(Status.INCORRECT, 0.0, "A derivation needs steps: write a chain a = b = ... from the given "
                       "left side to the result.", shown, diagnoses=(Code.NO_STEPS,))
    # Starting at the start means its form too: the target is numerically equal to the start (that is the
    # identity), so "target = target" would otherwise pass. The first member must use every name the start does.
    missing = _symbols(start) - _symbols(values[0])
    # An identity whose two sides use the same names (LSE(z + c) = LSE(z) + c) needs the form too: a chain that
    # starts at the target (or ends at the start) has shown nothing.
    distinct_ends = not _same_form(start, target)
    starts_at_target = distinct_ends and _same_form(values[0], target) and not _same_form(values[0], start)
    ends_at_start = distinct_ends and _same_form(values[-1], start) and not _same_form(values[-1], target)
    # ... and a first member equal to the start but written otherwise (e^x/(1+e^x)^2 for e^{-x}/(1+e^{-x})^2) has
    # skipped the first step: sympy's canonical form already absorbs spacing, notation and factor order.
    links = [_equal(values[0], start, options) and not missing and not starts_at_target
             and (not distinct_ends or _same_start(values[0], start))]
    links += [_equal(values[n], values[n + 1], options) for n in range(len(values) - 1)]
    # Reaching the target means its form too: a chain that stops at the start is "equal" to the target when the
    # identity holds, but it has not shown it. The last member may use no symbol the target does not use.
    extra = _symbols(values[-1]) - _symbols(target)
    # ... nor, where the target is written with a declared function (σ(x)(1 − σ(x))) and the last member uses it too,
    # a function the target does not use: "σ(x)·e^{-x}/(1 + e^{-x})" is equal to it, but half of it is still the
    # start's form (a last member written out in full, 1/(1 + e^{-x})·(1 − 1/(1 + e^{-x})), is the target unfolded)
    unfinished = sorted(_heads(values[-1]) - _heads(target)) \
        if has_declared(target) and has_declared(values[-1]) else []
    links.append(_equal(values[-1], target, options) and not extra and not ends_at_start and not unfinished)
    note = (" (Your first and last lines only name the expressions: they are not counted as steps.)"
            if len(labels) > 1 else " (Your line that only names the expression is not counted as a step.)"
            if labels else "")
    if all(links) and len(values) - 1 < options.min_steps:
        # A part may ask for more than "start = target", which restates the claim rather than showing it
        return Verdict(Status.INCORRECT, 0.0, f"A derivation needs steps: this one has {len(values) - 1}, the "
                       f"question asks for at least {options.min_steps}; write the expressions in between that "
                       "show why.", shown, diagnoses=(Code.NO_STEPS,))
    if all(links):
        return Verdict(Status.CORRECT, 1.0, f"Correct: {_every_step(len(values) - 1)} valid.{note}", shown)
    score = options.share_score(sum(links[1:-1]), len(links) - 2) if links[0] and links[-1] else 0.0
    if not links[0]:
        words = say("The chain does not start at the expression you were asked to transform (see its first line).")
        if missing and _equal(values[0], start, options):
            words += say(" It is equal to it, but it is the result, not the given expression: ",
                         *_listed(sorted(missing)), " does not appear." if len(missing) == 1 else " do not appear.")
        code: str = Code.WRONG_START
    elif not all(links[1:-1]):
        n = links[1:-1].index(False) + 1
        # by position, not as printed formulas: the report shows the chain line by line with this step marked
        words = say(f"Step {n} is not valid: line {n + 1} of your chain is not equal to line {n}.")
        before, after = Formula.of(values[n - 1]), Formula.of(values[n])
        if len(before.text) + len(after.text) <= _SHORT:  # both fit in a sentence on a phone
            words = say(f"Step {n} is not valid: line {n + 1} of your chain, ", after, f", is not equal to line {n}, ",
                        before, ".")
        code = invalid_step(n)
    else:
        words = say("Every step is valid, but the chain does not reach the result you were asked to show.")
        if extra:
            words += say(" Its last line still contains ", *_listed(sorted(extra)), ".")
        elif unfinished:
            words += say(" Its last line is equal to the result but not yet written as it: it still uses "
                         f"{', '.join(_SPOKEN.get(h, h) for h in unfinished)}, which the result does not.")
        code = Code.WRONG_END
    status = Status.PARTIAL if score > 0 else Status.INCORRECT
    doubts: tuple[str, ...] = ()
    if score > 0:
        words += f" Credit for {sum(links[1:-1])} of {len(links) - 2} valid steps."
        steps = links[1:-1]
        if False in steps and any(steps[steps.index(False) + 1:]):
            doubts = (Code.CREDIT_AFTER_BREAK,)  # valid steps after a false one: the tables split on their credit
    words += note
    return Verdict.saying(status, score, words, shown, diagnoses=(code, *doubts))


def _listed(names: list[str]) -> list[Any]:
    """Names as formulas, with commas and a final "and" between them."""
    out: list[Any] = []
    for k, name in enumerate(names):
        if k:
            out.append(" and " if k == len(names) - 1 else ", ")
        out.append(Formula.of(sympy.Symbol(name)))
    return out

"""`mathgrade handout`: one printable HTML problem sheet per student with their own numbers, and a key.

A prompt names values in braces (`Let $V = {V}$`): on a student's sheet each is replaced by the LaTeX of their
variant's value (sympy's printer over parsed values, never student text), then rendered as MathML like every
prompt. The key lists every student's drawn values and reference answers; it is for the instructor only.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import sympy

from mathgrade.check.render import render
from mathgrade.errors import UsageError
from mathgrade.grade.ids import page_name
from mathgrade.grade.references import CompiledAssignment, parse_values
from mathgrade.grade.variants import Values, VariantBook, variant_assignment
from mathgrade.lms.roster import Person
from mathgrade.parse.objects import remembered
from mathgrade.report.files import write_atomic
from mathgrade.report.html import environment
from mathgrade.solvers import DerivationRef, MapRef, RotationRef
from mathgrade.spec import Assignment

__all__ = ["fill_prompt", "version_code", "with_numbers", "write_handouts"]

_BRACED = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")


def fill_prompt(prompt: str, named: dict[str, Any]) -> str:
    """`prompt` with `{Name}` replaced by the LaTeX of the value Name (other braces left alone)."""
    def one(m: re.Match[str]) -> str:
        value = named.get(m.group(1))
        if not isinstance(value, (sympy.Basic, sympy.MatrixBase)):
            return m.group(0)
        return _latex(value)

    return _BRACED.sub(one, prompt)


_LATEX: dict[Any, str] = {}


def _latex(value: Any) -> str:
    """The LaTeX of a value, remembered: every variant's report and sheet fills its prompts, and the values
    repeat across variants (a class of 10,000 has a few hundred distinct matrices)."""
    return remembered(_LATEX, value, _printed)


def _printed(value: Any) -> str:
    if isinstance(value, sympy.MatrixBase):
        rows = [" & ".join(sympy.latex(v) for v in value.row(r)) for r in range(value.shape[0])]
        return r"\begin{bmatrix}" + r" \\ ".join(rows) + r"\end{bmatrix}"
    return sympy.latex(value)


def version_code(values: Values) -> str:
    """A short code naming a version (the same numbers give the same code), printed on the sheet."""
    return hashlib.sha256(repr(values).encode("utf-8")).hexdigest()[:6].upper()


def _answer(value: Any) -> tuple[str, str]:
    """(LaTeX, text) of a reference for the key."""
    if value is None:
        return "", "graded by hand"
    if isinstance(value, RotationRef):
        angle = float(value.angle)
        return "", (f"rotation by {abs(angle):g}° " + ("counterclockwise" if angle > 0 else "clockwise")
                    + f", scale {render(value.scale).text}")
    if isinstance(value, MapRef):
        return "", value.words
    if isinstance(value, DerivationRef):
        return render(value.target).latex, ""
    if isinstance(value, str):
        return "", value
    shown = render(value)
    return shown.latex, shown.text


@dataclass(frozen=True)
class _Sheet:
    person: Person
    values: Values
    code: str
    answers: tuple[tuple[str, str, str], ...]


def _prompts(assignment: Assignment, compiled: CompiledAssignment) -> dict[str, str]:
    named = dict(compiled.values)
    out = {p.id: fill_prompt(p.prompt, named) for p in assignment.problems}
    out.update({p.id: fill_prompt(p.prompt, named) for p in assignment.parts})
    return out


_FILLED: dict[tuple[int, Values], tuple[Assignment, Assignment]] = {}
"""(the spec, its filled copy) by (id of the spec, values): the spec is kept so that its id cannot be reused by a
later spec (a server regrading after a change) and return the old spec's prompts."""


def with_numbers(assignment: Assignment, values: Values) -> Assignment:
    """The assignment with every prompt's `{Name}` filled with this variant's values (remembered per variant).

    Each prompt is filled once per value of the drawn names it depends on (`_drawn_behind`): a class of 10,000
    with a variant each has a few dozen distinct A's to show, and parsing every variant's values for its report
    cost more than rendering it."""
    key = (id(assignment), values)
    hit = _FILLED.get(key)
    if hit is not None and hit[0] is assignment:
        return hit[1]

    def filled_part(p: Any) -> Any:  # a prompt without values stays the same object (no copy of the part)
        prompt = _filled(assignment, p.prompt, values)
        return p if prompt == p.prompt else replace(p, prompt=prompt)

    filled = replace(assignment, problems=tuple(
        replace(prob, prompt=_filled(assignment, prob.prompt, values),
                parts=tuple(filled_part(p) for p in prob.parts))
        for prob in assignment.problems))
    if len(_FILLED) >= 4096:
        _FILLED.clear()
    _FILLED[key] = (assignment, filled)
    return filled


_PROMPTS: dict[tuple[Any, ...], tuple[Assignment, str]] = {}
_BEHIND: dict[tuple[int, str], tuple[Assignment, frozenset[str]]] = {}


def _filled(assignment: Assignment, prompt: str, values: Values) -> str:
    """fill_prompt with the variant's values, remembered by the drawn values the prompt depends on."""
    if not _BRACED.search(prompt):
        return prompt
    drawn = _drawn_behind(assignment, prompt)
    key = (id(assignment), prompt, tuple((k, v) for k, v in values if k in drawn))
    hit = _PROMPTS.get(key)
    if hit is None or hit[0] is not assignment:
        named = dict(parse_values(_prompt_values(variant_assignment(assignment, values), prompt)))
        if len(_PROMPTS) >= 8192:
            _PROMPTS.clear()
        hit = _PROMPTS[key] = (assignment, fill_prompt(prompt, named))
    return hit[1]


def _drawn_behind(assignment: Assignment, prompt: str) -> frozenset[str]:
    """The drawn names whose texts the values a prompt shows are read from: the closure of 'its name occurs in
    the text' over the spec's values, with a drawn name standing for every text it can be drawn as."""
    hit = _BEHIND.get((id(assignment), prompt))
    if hit is not None and hit[0] is assignment:
        return hit[1]
    draws = assignment.variants.draws if assignment.variants is not None else ()
    texts = {k: v for k, v in assignment.values if isinstance(v, str)}
    texts.update({d.name: " ".join(d.options) for d in draws})
    seen: set[str] = set()
    todo = [m.group(1) for m in _BRACED.finditer(prompt)]
    while todo:
        name = todo.pop()
        if name not in seen:
            seen.add(name)
            todo.extend(other for other in texts if other in texts.get(name, ""))
    found = frozenset(seen & {d.name for d in draws})
    if len(_BEHIND) >= 4096:
        _BEHIND.clear()
    _BEHIND[(id(assignment), prompt)] = (assignment, found)
    return found


def _prompt_values(assignment: Assignment, prompt: str) -> Assignment:
    """The assignment with only the values a prompt shows and what those are read from: every value whose name
    occurs in the text of one kept (the superset the parser's memo keys by, so each is read exactly as in the
    whole spec)."""
    wanted = {m.group(1) for m in _BRACED.finditer(prompt)}
    kept: list[tuple[str, Any]] = []
    for name, text in reversed(assignment.values):  # a value is read from the ones before it
        if name in wanted:
            kept.append((name, text))
            if isinstance(text, str):
                wanted |= {other for other, _ in assignment.values if other in text}
    return replace(assignment, values=tuple(reversed(kept)))


def write_handouts(assignment: Assignment, people: tuple[Person, ...], out: Path) -> int:
    """Write `sheets/<student>.html` per person and `key.html` into `out`; returns the number of sheets."""
    if assignment.variants is None:
        raise UsageError(f"{assignment.file} has no `variants:`: every student has the same sheet")
    if not people:
        raise UsageError("the roster has no students")
    book = VariantBook(assignment)
    env = environment()
    sheet = env.get_template("handout.html.j2")
    sheets = []
    out.mkdir(parents=True, exist_ok=True)
    for person in people:
        values = book.variant_for(person.id)
        compiled = book.grader_for(values).compiled
        code = version_code(values)
        html = sheet.render(title=assignment.title, person=person, code=code, problems=[
            (prob, prob.parts) for prob in assignment.problems], prompts=_prompts(assignment, compiled))
        # sheets in their own folder: no student id can take the key's name
        write_atomic(out / "sheets" / page_name(person.id), html, durable=False)
        answers = tuple((p.id, *_answer(compiled.references[p.id].value)) for p in assignment.parts)
        sheets.append(_Sheet(person, values, code, answers))
    key = env.get_template("key.html.j2").render(title=assignment.title, students=sheets,
                                                  distinct=len({s.values for s in sheets}))
    write_atomic(out / "key.html", key)
    return len(sheets)

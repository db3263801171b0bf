"""Functions a part forbids in answers (`forbid: ["sigma'"]`): the answer to "compute σ'(x)" is not `σ'(x)`.

Like STACK's forbidden words, but on the parse tree rather than the text: the names are those of the functions the
answer applies (declared functions, their derivatives with ', built-in ones), however the student spelled them.
"""

from __future__ import annotations

from typing import Any

import sympy

from mathgrade.check.codes import Code
from mathgrade.check.verdict import Status, Verdict
from mathgrade.parse import parse_answer
from mathgrade.parse.functions import Declared

__all__ = ["forbidden_verdict"]


def _applied(value: Any) -> set[str]:
    if isinstance(value, sympy.MatrixBase):
        return set().union(*(_applied(v) for v in value))
    if not isinstance(value, sympy.Basic):
        return set()
    names = set()
    for f in value.atoms(sympy.Function):
        names.add(f.declared.name if isinstance(f, Declared) else type(f).__name__)
    return names


def forbidden_verdict(answer: str, options: Any) -> Verdict | None:
    """An `incorrect` verdict when the answer applies a function the part forbids; None otherwise (an answer that
    does not parse is left to the ordinary check, which says why)."""
    if not options.forbid:
        return None
    parsed = parse_answer(answer, options.parse_options())
    if not parsed.ok:
        return None
    used = sorted(_applied(parsed.value) & set(options.forbid))
    if not used:
        return None
    names = ", ".join(f"`{n}`" for n in used)
    return Verdict(Status.INCORRECT, 0.0, f"Not accepted: your answer uses {names}, which is what this question "
                   "asks you to work out. Write it without it.", diagnoses=(Code.FORBIDDEN_FUNCTION,))

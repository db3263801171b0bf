"""`check` for the kinds the grading layer builds on top of the core: rotations, derivations and free text.

`mathgrade check --kind rotation|derivation|text` used to grade the answer as an expression; these kinds have
their own checkers, and `check` reaches them here with a reference written as text:
- rotation: a 2×2 matrix (`[[0, -2], [2, 0]]`), or `angle, scale` with the signed angle in degrees
  (positive = counterclockwise): `-30, 3`;
- map (the same kind): a 2×2 or 3×3 matrix that is not a scaled rotation (`[[0, 1], [1, 0]]`): the sentence
  is read as a reflection, projection, shear or scaling (check/map_sentences.py);
- derivation: `start = target` (the chain must start at `start` and end at `target`);
- text: no reference; the verdict is `manual`.
"""

from __future__ import annotations

from typing import Any

from mathgrade.check.derivation import check_derivation
from mathgrade.check.map_sentences import check_map_sentence
from mathgrade.check.options import CheckOptions, Kind
from mathgrade.check.rotation import check_rotation
from mathgrade.check.verdict import Rendering, Status, Verdict
from mathgrade.parse import ParseFailure, ParseOptions, parse_answer, parse_math, split_top_level
from mathgrade.parse.objects import is_matrix


def _rotation_reference(expected: Any) -> tuple[Any, Any]:
    if hasattr(expected, "angle") and hasattr(expected, "scale"):
        return expected.angle, expected.scale
    text = str(expected)
    value = parse_answer(text, ParseOptions())
    if value.ok and is_matrix(value.value) and value.value.shape == (2, 2):
        from mathgrade.solvers.linear import rotation  # noqa: PLC0415 - solvers import the checker

        ref = rotation(value.value)
        return ref.angle, ref.scale
    pieces = [p for _, p in split_top_level(text, ",")]
    if len(pieces) != 2:
        raise ParseFailure("a rotation reference is a 2×2 matrix or `angle in degrees, scale` such as `-30, 3`")
    return parse_math(pieces[0]), parse_math(pieces[1])


def _map_reference(expected: Any) -> tuple[Any, str, str] | None:
    """`--kind map` (or rotation) with a 2×2 or 3×3 matrix that is not a 2×2 scaled rotation: the map a sentence
    must describe (matrix, kind, words), as `linear_map {give: description}` gives it."""
    if hasattr(expected, "matrix") and hasattr(expected, "words"):
        return expected.matrix, expected.kind, expected.words
    if hasattr(expected, "angle"):
        return None
    value = parse_answer(str(expected), ParseOptions())
    if not (value.ok and is_matrix(value.value) and value.value.shape in ((2, 2), (3, 3))):
        return None
    from mathgrade.solvers import SolverError  # noqa: PLC0415 - solvers import the checker
    from mathgrade.solvers.linear import rotation  # noqa: PLC0415
    from mathgrade.solvers.maps import linear_map  # noqa: PLC0415

    if value.value.shape == (2, 2):
        try:
            rotation(value.value)
            return None  # a scaled rotation: graded by angle, direction and scale
        except SolverError:
            pass
    try:
        ref = linear_map(value.value, "description")
    except SolverError as exc:
        raise ParseFailure(str(exc)) from None
    return ref.matrix, ref.kind, ref.words


def check_described(answer: str, expected: Any, options: CheckOptions) -> Verdict:
    """Grade a rotation description, a derivation or a text answer (see the module docstring)."""
    if not answer.strip():
        return Verdict(Status.INVALID, 0.0, "no answer was given")
    if options.kind is Kind.TEXT:
        return Verdict(Status.MANUAL, 0.0, "This part is graded by your instructor.",
                       Rendering(latex="", text=answer.strip()))
    if options.kind is Kind.ROTATION:
        described_map = _map_reference(expected)
        if described_map is not None:
            return check_map_sentence(answer, *described_map)
        angle, scale = _rotation_reference(expected)
        return check_rotation(answer, angle, scale, silent_scale=options.silent_scale)
    if hasattr(expected, "start") and hasattr(expected, "target"):
        start, target = expected.start, expected.target
    else:
        members = parse_answer(str(expected), ParseOptions(variables=options.variables)).members
        if len(members) != 2 or any(m.error for m in members):
            raise ParseFailure("a derivation reference is `start = target`")
        start, target = members[0].value, members[1].value
    from mathgrade.check import names_in  # noqa: PLC0415 - this module is imported by check

    parsed = parse_answer(answer, ParseOptions(variables=options.variables | names_in(start) | names_in(target)))
    return check_derivation(parsed, start, target, options)

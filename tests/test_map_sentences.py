"""`kind: map`: a reflection, projection, shear or scaling described in one sentence, against `linear_map`.

The spec is another course's quiz (2D and 3D maps given as matrices); the answers are sentences as students write
them, decided by hand before the first run. The sentence is read into the matrix it describes and compared with
the reference, so words that reach the same map are right ("scales x by −1" is the reflection in the y-axis) and
every near-miss is a different matrix: the other diagonal, the other axis, the other factor, an orthogonal
projection where the map is oblique, a hedge between two lines.
"""

from __future__ import annotations

import pytest

from mathgrade.check import Status
from mathgrade.errors import SpecError
from mathgrade.grade.answer import grade_answer
from mathgrade.grade.references import compile_references
from mathgrade.spec import parse_spec

C, W, X = Status.CORRECT, Status.INCORRECT, Status.INVALID
P = pytest.param

QUIZ = r"""
id: maps-quiz
title: Geometry of matrices, quiz 2
values:
  F: "[[0, 1], [1, 0]]"
  G: "[[1, 0], [0, -1]]"
  S: "[[1, 2], [0, 1]]"
  Pr: "[[1/2, 1/2], [1/2, 1/2]]"
  Q: "[[1, -1], [0, 0]]"
  D: "[[2, 0], [0, 3]]"
  H: "[[1, 0, 0], [0, 1, 0], [0, 0, 0]]"
  K: "[[1, 0, 0], [0, 1, 0], [0, 0, -1]]"
  V: "[[1, 0], [-1, 1]]"
  N: "[[-1, 0], [0, 1]]"
  M: "[[-1, 0], [0, -1]]"
problems:
  - id: "1"
    parts:
      - {id: F, points: 1, kind: map, reference: {solver: linear_map, params: {M: F, give: description}}}
      - {id: G, points: 1, kind: map, reference: {solver: linear_map, params: {M: G, give: description}}}
      - {id: S, points: 1, kind: map, reference: {solver: linear_map, params: {M: S, give: description}}}
      - {id: P, points: 1, kind: map, reference: {solver: linear_map, params: {M: Pr, give: description}}}
      - {id: Q, points: 1, kind: map, reference: {solver: linear_map, params: {M: Q, give: description}}}
      - {id: D, points: 1, kind: map, reference: {solver: linear_map, params: {M: D, give: description}}}
      - {id: H, points: 1, kind: map, reference: {solver: linear_map, params: {M: H, give: description}}}
      - {id: K, points: 1, kind: map, reference: {solver: linear_map, params: {M: K, give: description}}}
      - {id: V, points: 1, kind: map, reference: {solver: linear_map, params: {M: V, give: description}}}
      - {id: N, points: 1, kind: map, reference: {solver: linear_map, params: {M: N, give: description}}}
      - {id: M, points: 1, kind: map, reference: {solver: linear_map, params: {M: M, give: description}}}
"""

_ASSIGNMENT = parse_spec(QUIZ, "quiz.yaml")
_REFERENCES = compile_references(_ASSIGNMENT)

ROWS = [
    # F: reflection in y = x
    P("F", "reflection across the line y = x", C, id="F-plain"),
    P("F", "it reflects every vector over the line y=x", C, id="F-verb"),
    P("F", "mirror image in the line y = x", C, id="F-mirror"),
    P("F", "swaps the coordinates: (x, y) ↦ (y, x)", C, id="F-mapsto"),
    P("F", "reflection in the line spanned by (1, 1)", C, id="F-spanned"),
    P("F", "reflects across $y = x$", C, id="F-dollars"),
    P("F", "reflection across the line y = -x", W, id="F-other-diagonal"),
    P("F", "reflection across the x-axis", W, id="F-x-axis"),
    P("F", "rotation by 90 degrees counterclockwise", W, id="F-rotation"),
    P("F", "a reflection", W, id="F-no-line"),
    P("F", "projection onto y = x", W, id="F-projection"),
    P("F", "reflection across y = x or y = -x", W, id="F-hedge"),
    P("F", "reflection across y = 2x", W, id="F-steeper-line"),
    # G: reflection in the x-axis
    P("G", "reflects over the x-axis", C, id="G-plain"),
    P("G", "reflection in the horizontal axis", C, id="G-horizontal"),
    P("G", "flip across the line y = 0", C, id="G-equation"),
    P("G", "(x, y) → (x, -y)", C, id="G-arrow"),
    P("G", "reflects over the y-axis", W, id="G-y-axis"),
    P("G", "reflection across x = 0", W, id="G-x-equals-0"),
    P("G", "projection onto the x-axis", W, id="G-projection"),
    # S: shear parallel to x, factor 2
    P("S", "shear parallel to x with factor 2", C, id="S-plain"),
    P("S", "horizontal shear by 2", C, id="S-horizontal"),
    P("S", "shear in the x-direction, k = 2", C, id="S-k"),
    P("S", "(x,y) ↦ (x + 2y, y)", C, id="S-mapsto"),
    P("S", "shear parallel to y with factor 2", W, id="S-other-direction"),
    P("S", "horizontal shear by 3", W, id="S-factor-3"),
    P("S", "shear parallel to x with factor 1/2", W, id="S-factor-half"),
    P("S", "vertical shear, k = 2", W, id="S-vertical"),
    P("S", "a shear", W, id="S-incomplete"),
    P("S", "horizontal shear by -2", W, id="S-sign"),
    # P: orthogonal projection onto y = x
    P("P", "orthogonal projection onto the line y = x", C, id="P-plain"),
    P("P", "projects onto y = x", C, id="P-verb"),
    P("P", "projection onto the line spanned by (1, 1)", C, id="P-spanned"),
    P("P", "orthogonal projection onto the x-axis", W, id="P-x-axis"),
    P("P", "projection onto y = -x", W, id="P-other-diagonal"),
    P("P", "reflection across y = x", W, id="P-reflection"),
    P("P", "oblique projection onto y = x along the x-axis", W, id="P-oblique-claimed"),
    # Q: oblique projection onto the x-axis along y = x
    P("Q", "projection onto the x-axis along the line y = x", C, id="Q-along"),
    P("Q", "oblique projection onto the x-axis parallel to (1, 1)", C, id="Q-parallel-vector"),
    P("Q", "orthogonal projection onto the x-axis", W, id="Q-orthogonal"),
    P("Q", "projection onto the x-axis", W, id="Q-orthogonal-by-default"),
    P("Q", "projection onto the x-axis along the y-axis", W, id="Q-wrong-direction"),
    P("Q", "oblique projection onto the x-axis", W, id="Q-no-direction"),
    # D: scaling 2, 3
    P("D", "scales x by 2 and y by 3", C, id="D-plain"),
    P("D", "stretches horizontally by 2 and vertically by 3", C, id="D-words"),
    P("D", "scaling by 2 in x and 3 in y", C, id="D-in-x"),
    P("D", "(x, y) ↦ (2x, 3y)", C, id="D-mapsto"),
    P("D", "scales x by 3 and y by 2", W, id="D-swapped"),
    P("D", "scales by 2", W, id="D-uniform"),
    P("D", "scales x by 2", W, id="D-one-axis"),
    P("D", "scales x by 2 and y by 1/3", W, id="D-inverse-factor"),
    # H: orthogonal projection onto the plane z = 0 (3D)
    P("H", "orthogonal projection onto the plane z = 0", C, id="H-plain"),
    P("H", "projects onto the xy-plane", C, id="H-xy-plane"),
    P("H", "projection onto the x-y plane", C, id="H-x-y-plane"),
    P("H", "projection onto the plane x = 0", W, id="H-yz-plane"),
    P("H", "projection onto the z-axis", W, id="H-z-axis"),
    P("H", "reflection in the plane z = 0", W, id="H-reflection"),
    # K: reflection in the plane z = 0 (3D)
    P("K", "reflection in the xy-plane", C, id="K-plain"),
    P("K", "reflects across the plane z = 0", C, id="K-equation"),
    P("K", "mirror in the plane z=0", C, id="K-mirror"),
    P("K", "reflection in the plane x = 0", W, id="K-other-plane"),
    P("K", "reflection in the plane x + y + z = 0", W, id="K-diagonal-plane"),
    P("K", "projection onto the xy-plane", W, id="K-projection"),
    P("K", "reflection across the z-axis", W, id="K-line-reflection"),
    # V: shear parallel to y, factor −1
    P("V", "shear parallel to y with factor -1", C, id="V-plain"),
    P("V", "vertical shear with k = -1", C, id="V-vertical"),
    P("V", "vertical shear with k = 1", W, id="V-sign"),
    P("V", "shear parallel to x with factor -1", W, id="V-direction"),
    # N: reflection in the y-axis, also a scaling of x by −1
    P("N", "reflection across the y-axis", C, id="N-plain"),
    P("N", "scales x by -1", C, id="N-as-scaling"),
    P("N", "reflection across the x-axis", W, id="N-x-axis"),
    # nothing of a map
    P("N", "idk", X, id="nothing"),
    P("F", "no idea, sorry", X, id="nothing-sentence"),
]


@pytest.mark.parametrize("part,answer,expected", ROWS)
def test_map_sentence(part: str, answer: str, expected: Status) -> None:
    verdict = grade_answer(_ASSIGNMENT.part(part), _REFERENCES[part], answer)
    assert verdict.status is expected, verdict.feedback


def test_expected_answer_in_words() -> None:
    assert _REFERENCES["S"].value.words == "shear along the x-axis, factor 2"
    assert _REFERENCES["K"].value.words == "reflection in the plane with normal (0, 0, 1)"


def test_description_needs_kind_map() -> None:
    spec = QUIZ.replace("kind: map, reference: {solver: linear_map, params: {M: F,",
                        "kind: vector, reference: {solver: linear_map, params: {M: F,")
    with pytest.raises(SpecError, match="kind: map"):
        compile_references(parse_spec(spec, "quiz.yaml"))


# --- held out: written after the reader was built, in other students' words, decided before this half ran -------
# The first run's disagreements are marked in place (xfail with the reason) rather than removed; see the note of
# issue 13 for the agreement figures.

HELD_OUT = [
    P("F", "It's a reflection about the line y=x.", C, id="h-F-about"),
    P("F", "Reflection over the diagonal y = x (swaps the two coordinates)", C, id="h-F-gloss"),
    P("F", "reflects points across the line $y=x$", C, id="h-F-points"),
    P("F", "Reflection w.r.t. the line x = y", C, id="h-F-x-equals-y"),
    P("F", "reflection across the line through the origin and (2, 2)", C, id="h-F-through-point"),
    P("F", "reflection across the line y = x + 1", W, id="h-F-affine-line"),
    P("F", "reflection through the origin", W, id="h-F-point-reflection"),
    # `incorrect` on the held-out run; compositions are `manual` since (a person decides: a quarter turn followed
    # by the right reflection is this map)
    P("F", "a 90 degree rotation followed by a reflection", Status.MANUAL, id="h-F-composition"),
    P("G", "Flips the plane upside down over the x axis", C, id="h-G-upside-down"),
    P("G", "mirror about the horizontal axis", C, id="h-G-mirror-horizontal"),
    P("G", "reflection in the line y=0", C, id="h-G-y-equals-0"),
    P("G", "negates the y-coordinate", C, id="h-G-negates"),
    P("G", "reflection across the vertical axis", W, id="h-G-vertical"),
    P("S", "Horizontal shear with shear factor 2", C, id="h-S-shear-factor"),
    P("S", "shears horizontally by a factor of 2", C, id="h-S-adverb"),
    P("S", "shear along the x-axis with k=2", C, id="h-S-along"),
    P("S", "x-shear with factor 2", C, id="h-S-x-shear"),
    P("S", "shear: (x, y) -> (x + 2y, y)", C, id="h-S-arrow"),
    P("S", "vertical shear by 2", W, id="h-S-vertical"),
    P("S", "horizontal shear with factor 0.5", W, id="h-S-half"),
    P("P", "Orthogonal projection onto the line through (1,1)", C, id="h-P-through"),
    P("P", "projects every vector perpendicularly onto the line y = x", C, id="h-P-perpendicularly"),
    P("P", "projection onto the diagonal", C, id="h-P-diagonal"),
    P("P", "projection onto y = x along y = -x", C, id="h-P-along-normal"),
    P("P", "projection onto the line y = x along the y-axis", W, id="h-P-oblique-wrong"),
    P("Q", "projects onto the x-axis in the direction of (1, 1)", C, id="h-Q-direction-of"),
    P("Q", "projection onto the x-axis parallel to the line y = x", C, id="h-Q-parallel-line"),
    P("Q", "orthogonal projection onto the line y = x", W, id="h-Q-other-projection"),
    P("D", "stretch by 2 along x and by 3 along y", C, id="h-D-along"),
    P("D", "scales the x-coordinate by 2 and the y-coordinate by 3", C, id="h-D-coordinates"),
    P("D", "horizontal stretch by 2, vertical stretch by 3", C, id="h-D-adjectives"),
    P("D", "non-uniform scaling: factor 2 in x, factor 3 in y", C, id="h-D-factor-in"),
    P("D", "scales x by 2 and y by 2", W, id="h-D-uniform-2"),
    P("D", "scales y by 2 and x by 3", W, id="h-D-swapped-order"),
    P("H", "drops the z component: (x, y, z) ↦ (x, y, 0)", C, id="h-H-mapsto"),
    P("H", "orthogonal projection onto the xy plane", C, id="h-H-xy-space"),
    P("H", "projection onto the plane with normal (0, 0, 1)", C, id="h-H-normal"),
    P("H", "projection onto the plane y = 0", W, id="h-H-xz-plane"),
    P("K", "(x, y, z) -> (x, y, -z)", C, id="h-K-arrow"),
    P("K", "mirror reflection through the x-y plane", C, id="h-K-mirror-through"),
    P("K", "reflection in the plane with normal (0, 0, 1)", C, id="h-K-normal"),
    P("K", "reflection in the plane with normal (1, 0, 0)", W, id="h-K-other-normal"),
    P("K", "reflection in the xz-plane", W, id="h-K-xz-plane"),
    P("N", "reflection across the line x = 0", C, id="h-N-x-equals-0"),
    P("N", "flips the sign of x", C, id="h-N-flips-sign"),
    P("N", "reflection over the y axis, no scaling", C, id="h-N-no-scaling"),
    P("N", "reflection across the y-axis and scaling by 2", W, id="h-N-scaled"),
]

# After the held-out run: the six false rejects above were fixed by rows in the reader's tables (x-shear, the
# diagonal, "in the direction of", "horizontal stretch by", negated coordinates). Negation reads only the
# coordinates named after the verb; these rows, written after the fix, guard it (M is −I).
AFTER_FIX = [
    P("N", "negates x and leaves y unchanged", C, id="f-N-negates-x-only"),
    P("M", "negates x and leaves y unchanged", W, id="f-M-negates-x-only"),
    P("M", "negates both x and y", C, id="f-M-negates-both"),
    P("M", "flips the sign of the x and y coordinates", C, id="f-M-sign-of-both"),
    P("M", "rotation by 180 degrees", C, id="f-M-half-turn"),
    P("M", "reflection through the origin", C, id="f-M-point-reflection"),
    P("M", "reflection across the origin line y = x", W, id="f-M-line-not-point"),
    P("M", "scales by -1", C, id="f-M-scale-minus-one"),
    P("M", "reflection across the x-axis", W, id="f-M-axis-reflection"),
    P("P", "projection onto the anti-diagonal", W, id="f-P-anti-diagonal"),
    P("F", "reflection across the anti-diagonal", W, id="f-F-anti-diagonal"),
    # more near-misses, written after the fix (so that at least half of the whole table is wrong answers)
    P("F", "reflection across the line spanned by (1, 2)", W, id="n-F-other-vector"),
    P("F", "reflection across the line spanned by (1, -1)", W, id="n-F-perpendicular-vector"),
    P("F", "projection onto the line spanned by (1, 1)", W, id="n-F-projection-same-line"),
    P("F", "(x, y) ↦ (y, -x)", W, id="n-F-mapsto-rotation"),
    P("F", "(x, y) ↦ (-y, -x)", W, id="n-F-mapsto-other-diagonal"),
    P("G", "(x, y) → (-x, y)", W, id="n-G-mapsto-other-axis"),
    P("G", "reflection across y = x", W, id="n-G-diagonal"),
    P("S", "(x, y) ↦ (x + y, y)", W, id="n-S-factor-1"),
    P("S", "(x, y) ↦ (x, 2x + y)", W, id="n-S-mapsto-vertical"),
    # these two hedges were false accepts when first run (a number offered after `or` was not read); fixed by a
    # hedge rule (NUMBER_HEDGE), guarded by the restatements below
    P("S", "shear parallel to x with factor 2 or 3", W, id="n-S-hedge"),
    P("S", "horizontal shear with factor 2 (or 2.0)", C, id="n-S-restated"),
    P("D", "scales x by 2 or 3 and y by 3", W, id="n-D-hedge-first"),
    P("S", "shear along the y-axis with k=2", W, id="n-S-along-y"),
    P("P", "projection onto the line through (1, 2)", W, id="n-P-other-line"),
    P("P", "projection onto y = x along the x-axis", W, id="n-P-oblique-along-x"),
    P("Q", "projection onto the y-axis along the line y = x", W, id="n-Q-onto-y"),
    P("Q", "projection onto the x-axis along the line y = -x", W, id="n-Q-other-direction"),
    P("D", "(x, y) ↦ (3x, 2y)", W, id="n-D-mapsto-swapped"),
    P("D", "stretches horizontally by 3 and vertically by 2", W, id="n-D-words-swapped"),
    P("D", "scales x by 2 and y by 3 or by 4", W, id="n-D-hedge"),
    P("H", "projection onto the plane x + y = 0", W, id="n-H-diagonal-plane"),
    P("H", "(x, y, z) ↦ (x, 0, z)", W, id="n-H-mapsto-other"),
    P("K", "(x, y, z) ↦ (x, -y, z)", W, id="n-K-mapsto-other"),
    P("K", "reflection in the plane z = 1", W, id="n-K-affine-plane"),
    P("M", "rotation by 90 degrees", W, id="n-M-quarter-turn"),
    P("M", "scales by -2", W, id="n-M-scale-minus-two"),
    P("N", "flips the sign of y", W, id="n-N-other-sign"),
    P("N", "negates x and y", W, id="n-N-both-signs"),
    P("N", "reflection across the y-axis or the x-axis", W, id="n-N-hedge"),
    P("F", "(x, y) ↦ (y, x) or maybe (x, y) ↦ (-y, -x)", W, id="n-F-two-formulas"),
    P("F", "(x, y) ↦ (y, x), i.e. (x, y) -> (y, x)", C, id="n-F-formula-restated"),
    # found by a random-sentence search for accepted answers: a formula with words that say something else, and
    # sentences that deny something, go to a person (manual) instead of being read as the formula alone
    P("F", "not (x, y) ↦ (y, x)", Status.MANUAL, id="s-F-denied-formula"),
    P("F", "it is not a rotation: (x, y) ↦ (y, x)", Status.MANUAL, id="s-F-denies-other-kind"),
    P("F", "(x, y) ↦ (y, x), the reflection across y = -x", W, id="s-F-formula-and-other-line"),
    P("F", "y = -x (x, y) ↦ (y, x)", Status.MANUAL, id="s-F-formula-and-stray-line"),
    P("F", "(x, y) ↦ (y, x), a rotation", Status.MANUAL, id="s-F-formula-and-wrong-kind"),
    P("F", "(x, y) ↦ (y, x), the reflection across y = x", C, id="s-F-formula-and-same-words"),
    P("F", "reflection across y = x, not y = -x", Status.MANUAL, id="s-F-line-and-denied-line"),
    P("F", "it isn't a reflection across y = -x", Status.MANUAL, id="s-F-only-denial"),
    P("G", "reflects over the x-axis, no scaling", C, id="s-G-no-scaling-is-not-a-denial"),
    P("F", "reflection across y = x, then a reflection across y = x again", Status.MANUAL, id="s-F-composition"),
    P("F", "the reflection across the diagonal applied twice", Status.MANUAL, id="s-F-twice"),
    # the one false reject the note listed, as a row of the reader's tables (WORD_PER_AXIS), with its near-misses
    P("D", "doubles x and triples y", C, id="w-D-words-per-axis"),
    P("D", "doubles the x-coordinate and triples the y-coordinate", C, id="w-D-words-coordinates"),
    P("D", "doubles y and triples x", W, id="w-D-words-swapped"),
    P("D", "doubles lengths", W, id="w-D-words-uniform"),
    P("D", "doubles x", W, id="w-D-words-one-axis"),
    P("N", "halves x", W, id="w-N-halves"),
    P("F", "shear (x, y) ↦ (y, x) negates scales", Status.MANUAL, id="s-F-formula-and-many-kinds"),
    P("F", "x-axis (x, y) ↦ (y, x) y = x reflection", Status.MANUAL, id="s-F-formula-kind-and-two-lines"),
    P("F", "reflection across y = x with no scaling, but it stretches", W, id="s-F-stretch-after-no-scaling"),
]


@pytest.mark.parametrize("part,answer,expected", HELD_OUT)
def test_map_sentence_held_out(part: str, answer: str, expected: Status) -> None:
    verdict = grade_answer(_ASSIGNMENT.part(part), _REFERENCES[part], answer)
    assert verdict.status is expected, verdict.feedback


@pytest.mark.parametrize("part,answer,expected", AFTER_FIX)
def test_map_sentence_after_fix(part: str, answer: str, expected: Status) -> None:
    verdict = grade_answer(_ASSIGNMENT.part(part), _REFERENCES[part], answer)
    assert verdict.status is expected, verdict.feedback


# The lead's spot check after merging (33 sentences decided before the run, 3 false rejects: "swaps x and y" was not
# read); the rows below were decided before the fix that reads swaps.
SPOT_CHECK = [
    P("F", "swaps x and y", C, id="spot-F-swaps"),
    P("F", "exchanges the two coordinates", C, id="spot-F-exchanges-coordinates"),
    P("F", "interchanges x and y", C, id="spot-F-interchanges"),
    P("F", "swaps x and -y", W, id="spot-F-swap-with-sign"),
    P("F", "swaps x and y and doubles both", W, id="spot-F-swap-and-double"),
    P("G", "swaps x and y", W, id="spot-G-swap-is-not-a-flip"),
    P("M", "swaps x and y", W, id="spot-M-swap"),
    P("M", "reflection through the origin", C, id="spot-M-point-reflection"),
    P("M", "rotation by 180 degrees", C, id="spot-M-half-turn"),
    P("N", "swaps x and y", W, id="spot-N-swap"),
]


@pytest.mark.parametrize("part,answer,expected", SPOT_CHECK)
def test_map_sentence_spot_check(part: str, answer: str, expected: Status) -> None:
    verdict = grade_answer(_ASSIGNMENT.part(part), _REFERENCES[part], answer)
    assert verdict.status is expected, verdict.feedback


@pytest.mark.parametrize("answer,status", [
    pytest.param("F est une réflexion (symétrie orthogonale)", "correct", id="fr-reflexion"),
    pytest.param("eine Spiegelung an der Geraden y = x", "correct", id="de-spiegelung"),
    pytest.param("это отражение", "correct", id="ru-otrazhenie"),
    pytest.param("une projection orthogonale", "incorrect", id="fr-projection-is-another-kind"),
    pytest.param("cisaillement (shear)", "incorrect", id="fr-cisaillement-is-a-shear"),
    pytest.param("pas une rotation : une réflexion", "correct", id="fr-negated-other-option"),
])
def test_kinds_of_maps_in_other_languages(answer: str, status: str) -> None:
    from mathgrade.check.choice import check_choice
    from mathgrade.check.options import CheckOptions
    options = CheckOptions(choices=("rotation", "reflection", "shear", "projection", "scaling"))
    assert check_choice(answer, "reflection", options).status.value == status

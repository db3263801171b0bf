"""Every diagnosis code the grader itself names, in one Enum.

A verdict's `diagnoses` holds these, plus the names an instructor gives the `mistakes:` of a part (their own
words, so plain strings). The `str` mixin keeps results.json, spec `hints:` keys and tests using the word.
The one family with a number in it, `invalid_step_N` (the first invalid step of a derivation), is made and read
by `invalid_step` and `step_of`, never by matching text elsewhere.
"""

from __future__ import annotations

import re
from enum import Enum


class Code(str, Enum):
    """A mistake, or a way of grading, that the grader names for programs (results.json) and hints."""

    # named by check/diagnose.py from the answer's value
    SIGN_ERROR = "sign_error"
    DEGREES_FOR_RADIANS = "degrees_for_radians"
    RADIANS_FOR_DEGREES = "radians_for_degrees"
    FACTOR_OFF = "factor_off"
    RECIPROCAL = "reciprocal"
    MISSING_SUM = "missing_sum"
    CONDITION_IGNORED = "condition_ignored"
    INDEX_MIXED_UP = "index_mixed_up"
    MISSING_TERM = "missing_term"
    SIGN_FLIP_ENTRY = "sign_flip_entry"
    TRANSPOSED = "transposed"
    ROWS_SWAPPED = "rows_swapped"
    COLUMNS_SWAPPED = "columns_swapped"
    ENTRIES_MISPLACED = "entries_misplaced"
    # the answer's kind or shape, named by the checker before any diagnosis runs (check/__init__.py)
    DECIMAL_NOT_EXACT = "decimal_not_exact"
    SCALAR_FOR_VECTOR = "scalar_for_vector"
    VECTOR_FOR_SCALAR = "vector_for_scalar"
    WRONG_ORIENTATION = "wrong_orientation"
    WRONG_SHAPE = "wrong_shape"
    SIZES_DO_NOT_FIT = "sizes_do_not_fit"
    FORBIDDEN_FUNCTION = "forbidden_function"
    # comparison modes (check/modes.py)
    NOT_A_MULTIPLE = "not_a_multiple"
    NOT_UP_TO_SIGN = "not_up_to_sign"
    NO_MATCH_IN_ANY_ORDER = "no_match_in_any_order"
    ZERO_VECTOR = "zero_vector"
    # derivations (check/derivation.py); invalid_step_N is made by `invalid_step`
    NO_STEPS = "no_steps"
    WRONG_START = "wrong_start"
    WRONG_END = "wrong_end"
    # rotations and maps described in words (check/rotation.py, check/map_sentences.py)
    NO_DESCRIPTION = "no_description"
    ROTATION_AXIS_WRONG = "rotation_axis_wrong"
    ROTATION_ANGLE_WRONG = "rotation_angle_wrong"
    ROTATION_DIRECTION_WRONG = "rotation_direction_wrong"
    ROTATION_SCALE_WRONG = "rotation_scale_wrong"
    DIRECTION_SWAPPED = "direction_swapped"
    ANGLE_MOD_180 = "angle_mod_180"
    MAP_UNSURE = "map_unsure"
    MAP_INCOMPLETE = "map_incomplete"
    MAP_DETAILS = "map_details"
    MAP_KIND = "map_kind"
    # how a part was graded (grade/)
    FOLLOW_THROUGH = "follow_through"
    INCONSISTENT_WITH_OWN = "inconsistent_with_own"
    OVERRIDE = "override"
    # doubts: a verdict the rules decide but an instructor may well decide otherwise (grade/ marks it for review)
    SILENT_SCALE = "silent_scale"
    ROUNDED = "rounded"
    KEY_OVER_OWN = "key_over_own"
    RENAMED = "renamed"
    CREDIT_AFTER_BREAK = "credit_after_break"

    def __str__(self) -> str:
        return self.value

    @classmethod
    def rotation_wrong(cls, component: str) -> Code:
        """The code for a wrong component of a rotation: "axis", "angle", "direction" or "scale"."""
        return cls(f"rotation_{component}_wrong")


REVIEW_REASONS: dict[Code, str] = {
    Code.SILENT_SCALE: "the description says nothing about scaling, and the map does not scale: it lost the scale "
                       "third because the spec reads silence as unanswered (set `silent_scale` on the part to decide "
                       "this for every student). Please check.",
    Code.ROUNDED: "the decimals are the key rounded to the places the student wrote, but outside the assignment's "
                  "tolerance (`rtol`), so they earned nothing. Please check.",
    Code.KEY_OVER_OWN: "the answer is the key's, but an earlier answer it is built from is wrong, so the student's "
                       "own factors do not give it (did they multiply, or write what it should be?). Please check.",
    Code.RENAMED: "the answer is right only with one of its names read as a name of the question it leaves out (t "
                  "written for θ, say), so it was accepted as the student's own notation. Please check.",
    Code.CREDIT_AFTER_BREAK: "the chain has a false step, and some of the steps it was credited for come after it "
                             "(`partial: proportional` counts every valid step); instructors differ on crediting "
                             "steps that rework a false line. Please check.",
}
"""The diagnoses that put a part on the instructor's review list, with the reason shown there."""


_STEP = re.compile(r"invalid_step_(\d+)")


def invalid_step(n: int) -> str:
    """The code for a derivation whose first invalid step is step `n` (1-based)."""
    return f"invalid_step_{n}"


def step_of(code: str) -> int | None:
    """The step number in an `invalid_step_N` code, else None."""
    m = _STEP.fullmatch(str(code))
    return int(m.group(1)) if m else None

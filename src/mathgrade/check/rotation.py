"""Rotation descriptions: "rotates by 45 degrees counter-clockwise, no scaling".

Three components, a third of the credit each: the angle, the direction and the scale. The angle and direction are
judged together first (150° clockwise is 210° counterclockwise); when they do not describe the reference rotation,
each is judged on its own.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

import sympy

from mathgrade.check.choice import BUILTIN_SYNONYMS, compact, find_choices
from mathgrade.check.verdict import Rendering, Status, Verdict
from mathgrade.parse import ParseOptions, parse_answer

_DEG = r"(?:°|\^\s*\{?\s*\\circ\s*\}?|\\degree|\s*deg(?:ree)?s?\b)"
_RAD = r"\s*(?:rad(?:ian)?s?\b)"
_NUM = r"(?:[-+−]?\s*\$?[\d.]+\$?)"
_ANGLE_DEG = re.compile(rf"(?P<num>{_NUM}){_DEG}", re.I)
_ANGLE_RAD = re.compile(r"(?P<num>[-+−]?[\d.]*\s*\\?(?:pi|π)(?:\s*/\s*\d+)?|\\frac\{[^{}]*\}\{[^{}]*\}|\d+(?:\.\d+)?)"
                        + _RAD, re.I)
_ANGLE_PI = re.compile(r"\bby\s+\$?(?P<num>[-+−]?\s*(?:\d+\s*)?\\?(?:pi|π)\s*(?:/\s*\d+)?|\\frac\{\d*\\pi\}\{\d+\})",
                       re.I)
_NO_SCALE = re.compile(r"\b(no|without|not|never|doesn'?t|does not)\s+(any\s+)?(re)?scal|"
                       r"\bpreserv\w*\s+(the\s+)?(length|norm|size|distance)|\b(length|norm|size|distance)s?\s+(are\s+|is\s+)?preserv|\bscal\w*\s+(factor\s+)?(of\s+|by\s+)?"
                       r"(a\s+factor\s+of\s+)?1\b(?!\s*/)|\bunchanged\s+(length|size)|\bpure\s+rotation", re.I)
_SCALE = re.compile(r"\b(?:re)?scal\w*|\bstretch\w*|\bshrink\w*|\bdilat\w*|\bfactor", re.I)
_VALUE = r"(?P<val>\$[^$]+\$|[^\s,;]+)"
# Tried in order: "by a factor of 2" must not read "a" as the value.
_SCALE_VALUES = [re.compile(p + r"\s+" + _VALUE, re.I) for p in (
    r"factor\s+of", r"by", r"factor", r"(?:re)?scal\w*\s+(?:factor\s+)?(?:of|is|=)?", r"(?:re)?scal\w*")]


@dataclass(frozen=True)
class RotationReading:
    """What was understood from the sentence. `None` means the student did not say."""

    angle: float | None
    direction: str | None
    scale: Any
    scale_claimed: bool


def _math_value(text: str) -> float | None:
    cleaned = text.strip().strip("$").replace("−", "-").rstrip(".")
    parsed = parse_answer(cleaned, ParseOptions())
    if not parsed.ok or isinstance(parsed.value, sympy.MatrixBase) or parsed.value.free_symbols:
        return None
    try:
        return float(parsed.value)
    except (TypeError, ValueError):
        return None


def read_rotation(text: str) -> RotationReading:
    """Extract angle (degrees), direction and scale from a sentence."""
    angle: float | None = None
    m = _ANGLE_DEG.search(text)
    if m:
        angle = _math_value(m.group("num").replace(" ", ""))
    if angle is None:
        m = _ANGLE_RAD.search(text) or _ANGLE_PI.search(text)
        if m:
            value = _math_value(m.group("num"))
            angle = None if value is None else math.degrees(value)
    spelling = {compact(s): compact(w) for w, syns in BUILTIN_SYNONYMS.items() if "clockwise" in w
                for s in (w, *syns) if s not in ("positive", "negative")}
    named = list(dict.fromkeys(find_choices(text, spelling)))
    direction = named[0] if len(named) == 1 else None
    scale: Any = None
    claimed = False
    if _NO_SCALE.search(text):
        scale = 1.0
    elif _SCALE.search(text):
        claimed = True
        after = text[_SCALE.search(text).start():]  # type: ignore[union-attr]
        for pattern in _SCALE_VALUES:
            v = pattern.search(after)
            if v and (value := _math_value(v.group("val"))) is not None:
                scale = value
                break
    if angle is not None and angle < 0:
        angle = -angle
        direction = {"clockwise": "counterclockwise", "counterclockwise": "clockwise"}.get(direction or "",
                                                                                        "clockwise")
    return RotationReading(angle, direction, scale, claimed)


def _describe(reading: RotationReading) -> Rendering:
    angle = "?" if reading.angle is None else f"{reading.angle:g}°"
    direction = reading.direction or "?"
    scale = "not mentioned" if reading.scale is None else f"{reading.scale:g}"
    if reading.scale is None and reading.scale_claimed:
        scale = "scaled (factor not given)"
    text = f"rotation by {angle} {direction}, scale {scale}"
    return Rendering(latex=r"\text{" + text.replace("°", r"^\circ") + "}", text=text)


def check_rotation(answer: str, angle: Any, scale: Any, *, tolerance: float = 0.5) -> Verdict:
    """Grade a description against a signed angle in degrees (positive = counterclockwise) and a scale."""
    reading = read_rotation(answer)
    shown = _describe(reading)
    want = float(angle) % 360.0
    want_dir = None if want in (0.0, 180.0) else ("counterclockwise" if want < 180 else "clockwise")
    want_mag = want if want <= 180 else 360 - want
    right: list[str] = []
    wrong: list[str] = []
    signed = 0.0
    if reading.angle is not None and reading.direction is not None:
        signed = reading.angle if reading.direction == "counterclockwise" else -reading.angle
        same = abs((signed - want + 180) % 360 - 180) <= tolerance
    else:
        same = False
    angle_ok = same or (reading.angle is not None and abs(reading.angle % 360 - want_mag) <= tolerance)
    direction_ok = same or (want_dir is None and reading.angle is not None) or (
        reading.direction is not None and reading.direction == want_dir)
    (right if angle_ok else wrong).append("angle")
    (right if direction_ok else wrong).append("direction")
    want_scale = float(scale)
    if reading.scale is not None:
        scale_ok = abs(float(reading.scale) - want_scale) <= 1e-3 * max(1.0, want_scale)
    else:  # silence about scale means "a rotation", which is right only if nothing is scaled
        described = reading.angle is not None or reading.direction is not None
        scale_ok = described and not reading.scale_claimed and abs(want_scale - 1.0) <= 1e-9
    (right if scale_ok else wrong).append("scale")
    score = len(right) / 3
    if not wrong:
        return Verdict(Status.CORRECT, 1.0, "Correct: angle, direction and scale.", shown)
    missing = []
    if reading.angle is None:
        missing.append("no angle was found")
    if reading.direction is None and want_dir is not None:
        missing.append("no direction (clockwise or counterclockwise) was found")
    if reading.scale is None and reading.scale_claimed:
        missing.append("the scaling factor was not given")
    feedback = ("Right: " + ", ".join(right) + ". " if right else "") + "Not right: " + ", ".join(wrong) + "."
    if missing:
        feedback += " (" + "; ".join(missing) + ")"
    status = Status.PARTIAL if right else Status.INCORRECT
    codes = tuple(f"rotation_{w}_wrong" for w in wrong)
    if not same and reading.direction and want_dir and reading.direction != want_dir and angle_ok:
        codes += ("direction_swapped",)
        feedback += " Clockwise and counterclockwise are swapped."
    # Off by 180° as a rotation (the signed angles, when a direction was given): 30° counterclockwise for 150°
    # clockwise is, 330° counterclockwise for 150° clockwise is not.
    off = (signed - want) if reading.direction else (reading.angle or 0.0) - want_mag
    if reading.angle is not None and not angle_ok and abs(off % 360 - 180) <= tolerance:
        codes += ("angle_mod_180",)
        feedback += " Your rotation is off by exactly 180°."
    return Verdict(status, score, feedback, shown, diagnoses=codes)

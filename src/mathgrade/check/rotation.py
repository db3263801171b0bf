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

from mathgrade.check.choice import BUILTIN_SYNONYMS, compact, find_choices, fold
from mathgrade.check.codes import Code
from mathgrade.check.verdict import Rendering, Status, Verdict
from mathgrade.check.words import NUMBER_WORDS
from mathgrade.languages import alternation, phrases
from mathgrade.parse import ParseOptions, parse_answer
from mathgrade.parse.vocabulary import EASTERN_DIGITS

# degrees, and every language file's words for them, glued to the number or not ("45 grados", "90градусов")
_DEG = (r"(?:°|º|\^\s*\{?\s*\\circ\s*\}?|\\degree|\s*deg(?:ree)?s?\b"
        rf"|\s*{alternation(phrases('degrees'), open_start=True)})")
_RAD = r"\s*(?:rad(?:ian)?s?\b)"
_NUM = r"(?:(?:(?<![^\W\d_])[-+−])?\s*\$?[\d.]+\$?)"  # (a dash glued to a word is a hyphen: "ב-45°", "by-45°")
_ANGLE_DEG = re.compile(rf"(?P<num>{_NUM}){_DEG}|{alternation(phrases('degrees_before'))}\s*(?P<num2>{_NUM})(?![\d.])", re.I)
# A multiple of π, in every spelling a sentence uses: `7*pi/6`, `7π/6`, `\frac{7\pi}{6}`, `-\pi/4 rad`.
_PI = r"(?:\\pi(?![a-z])|(?<![a-z])pi(?![a-z])|(?<![\u0370-\u03bf\u03c1-\u03ff])π(?![\u0370-\u03bf\u03c1-\u03ff]))"  # (not the π of a Greek word)
_ANGLE_PI = re.compile(
    rf"(?P<num>\\[dt]?frac\s*\{{\s*\d*\s*{_PI}\s*\}}\s*\{{\s*\d+\s*\}}|[-+−]?\s*(?:\d+(?:\.\d+)?\s*\*?\s*)?{_PI}"
    rf"(?:\s*/\s*\d+)?)(?:{_RAD})?", re.I)
_ANGLE_RAD = re.compile(rf"(?P<num>[-+−]?\d+(?:\.\d+)?|\\frac\{{[^{{}}]*\}}\{{[^{{}}]*\}}){_RAD}", re.I)
# Longest spellings first, so that `counter-clockwise` is not also read as `clockwise`.
# A turn "to the left" is counterclockwise, as a driver or a dancer says it; other languages' words are in their
# language files (mathgrade/languages).
_DIRECTION = re.compile(
    r"(?P<ccw>\b(?:(?:counter|anti)[\s-]?clockwise|ccw|acw|to\s+the\s+left"
    # "by the right-hand rule", "in the (mathematically) positive sense": counterclockwise seen from the tip of the
    # axis, or in the plane
    r"|right[\s-]hand(?:ed)?\s+rule|(?:mathematically\s+)?positive\s+(?:sense|direction|orientation)"
    r"|mathematically\s+positive|positively\s+oriented)\b"
    rf"|{alternation(phrases('counterclockwise'))})"
    r"|(?P<cw>\b(?:clockwise|cw|to\s+the\s+right(?!\s+angle)"
    r"|(?:mathematically\s+)?negative\s+(?:sense|direction|orientation)|mathematically\s+negative)\b"
    rf"|{alternation(phrases('clockwise'))})", re.I)
_LENGTH = r"(?:length|norm|size|distance|magnitude)s?"
_GLOSS = re.compile(r"[-−]\s*\$?[\d.]+\$?\s*(?:°|\^\s*\{?\s*\\circ\s*\}?|deg\w*|rad\w*)?\s*"
                    r"(?:\(\s*(?:i\.?\s*e\.?,?|that\s+is,?|so|meaning)?\s*(?:clockwise|cw)\s*\)"
                    r"|,?\s*(?:i\.\s*e\.|that\s+is|meaning)\s*,?\s*(?:clockwise|cw)\b)", re.I)
_NO_SCALE = re.compile(
    r"\b(no|without|not|never|doesn'?t|does not)\s+(any\s+)?((re)?scal|stretch|shrink)"
    r"|\b(no|not|never|doesn'?t|does not|without)\s+(chang|alter|affect)\w*\s+(of\s+|in\s+|to\s+)?"
    r"(its\s+|the\s+|their\s+|any\s+)?"
    rf"{_LENGTH}"
    rf"|\b(preserv|keep|leav)\w*\s+(the\s+|all\s+|its\s+|their\s+)?{_LENGTH}"
    rf"|\b{_LENGTH}\s+(does\s+not|doesn'?t|do\s+not|don'?t|will\s+not|won'?t)\s+chang"
    rf"|\bno\s+change\s+(in|of)\s+(the\s+)?{_LENGTH}"
    rf"|\b{_LENGTH}[\s-]+((are|is|stay|stays|remain|remains)\s+)?(preserv|unchang|(the\s+)?same\b|kept)"
    rf"|\b(the\s+)?same\s+{_LENGTH}"
    r"|\bscal\w*[\s:=]+(factor[\s:=]+)?(of\s+|by\s+|is\s+)?(a\s+factor\s+of\s+)?1(\.0+)?(?!\.?\d)(?!\s*[/^*])"
    rf"|\bunchanged\s+{_LENGTH}|\bpure(ly)?\s+(a\s+)?rotation|\bisom[eé]tr"
    # a negation and a scale word of two languages, as students mix them ("sans scaling", "ohne escala"): each
    # language's own phrases are in its file (mathgrade/languages)
    r"|\b(sin|sem|sans|ohne)\s+(ninguna\s+|nenhuma\s+)?(escala\w*|mise\s+à\s+l'échelle|échelle|skalierung)"
    r"|\b(no|without|keine?|ohne|sin|sem|sans|ingen|fără|bez|χωρίς|tiada|senza|không|без|ללא|بدون)\s+"
    r"(skal\w*|streck\w*|escal\w*|dilat\w*|homoth\w*|scal\w*)"
    # "dilatazione nessuna", "escala: nenhuma", "scaling: none": the scale word, then "none"
    r"|\b(?:dilataz\w*|(?:re)?scal\w*|escala|skal\w*|échelle|penskalaan)\s*:?\s*(?:nessuna|nessun|nenhuma|ninguna|none|keine"
    r"|aucune|tiada|không|nil)\b"
    rf"|{alternation(phrases('no_scale'))}", re.I)
_SCALE = re.compile(r"\b(?:re)?scal\w*|\bstretch\w*|\bshrink\w*|\bdilat\w*|\bfactor|\bmultipl\w*|\benlarg\w*|\bhomoth\w*"
                    rf"|{alternation(phrases('scale'))}", re.I)
# ("escala 1,5": a decimal comma between digits is one value, as most of Europe writes it)
_VALUE = r"(?P<val>\$[^$]+\$|\d+,\d+(?![\d,])|[^\s,;]+)"
# Tried in order: "by a factor of 2" must not read "a" as the value.
# (a language's own words may stand right against the value, as 缩放因子为2 does: no space is asked for there)
_SCALE_BY = alternation(phrases("scale_by"))
_SCALE_VALUES = [re.compile(p + (r"\s*" if p is _SCALE_BY else r"\s+") + _VALUE, re.I) for p in (
    # (the bare "by" of Spanish, Portuguese and Italian, and a bare "escala", only after every language's phrases:
    # "escalado por un factor de 2" reads the factor, not "un")
    r"factor\s+of", _SCALE_BY, r"por", r"per", r"escala", r"by", r"factor[:=]?",
    r"(?:re)?scal\w*\s*[:=]?\s*(?:factor\s*[:=]?\s*)?(?:of|is|=)?", r"(?:re)?scal\w*")]


@dataclass(frozen=True)
class RotationReading:
    """What was understood from the sentence. `None` means the student did not say.

    `conflict` is set when the sentence describes two different rotations ("45° clockwise or counterclockwise"):
    restating one rotation another way ("150° clockwise, i.e. 210° counterclockwise") is not a conflict."""

    angle: float | None
    direction: str | None
    scale: Any
    scale_claimed: bool
    conflict: bool = False


def _math_value(text: str) -> float | None:
    cleaned = text.strip().strip("$").replace("−", "-").rstrip(".").lstrip("×")  # "scales ×2"
    cleaned = cleaned[len("\\times"):] if cleaned.startswith("\\times") else cleaned  # "κλιμάκωση $\times 2$"
    cleaned = re.sub(r"^[xX*]\s*(?=\d)", "", cleaned)  # "scale x2", typed without ×
    cleaned = re.sub(r"^(\d+),(\d+)$", r"\1.\2", cleaned)  # "1,5": a decimal comma
    parsed = parse_answer(cleaned, ParseOptions())
    if not parsed.ok or isinstance(parsed.value, sympy.MatrixBase) or parsed.value.free_symbols:
        return None
    try:
        return float(parsed.value)
    except (TypeError, ValueError):
        return None


MAX_ANGLES = 20


def _angles(text: str) -> list[tuple[int, float]]:
    """Every angle named in the text, in degrees, with its position; degrees first, then multiples of π, then
    plain radians, never two readings of the same characters."""
    found: list[tuple[int, int, float]] = []
    for pattern, to_degrees in ((_ANGLE_DEG, False), (_ANGLE_PI, True), (_ANGLE_RAD, True)):
        for m in pattern.finditer(text):
            if len(found) >= MAX_ANGLES:  # a description names one or two; thousands are an attack on our time
                break
            if any(a < m.end() and m.start() < b for a, b, _ in found):
                continue
            value = _math_value((m.group("num") or m.group("num2") or "").replace(" ", ""))
            if value is not None:
                found.append((m.start(), m.end(), math.degrees(value) if to_degrees else value))
    for m in _TURNS.finditer(text):  # "a quarter turn": an angle in words
        if len(found) < MAX_ANGLES and not any(a < m.end() and m.start() < b for a, b, _ in found):
            found.append((m.start(), m.end(), _TURN_DEGREES[(m.group("turn") or m.group("right")).lower()]))
    if not found:  # "rotation by 90 ccw": a bare angle too large to be radians is degrees; a small one is not read
        for m in _BARE_ANGLE.finditer(text):
            value = float(m.group("num").replace("−", "-").replace(" ", ""))
            if abs(value) >= BARE_DEGREES_FROM and len(found) < MAX_ANGLES:
                found.append((m.start(), m.end(), value))
    return sorted((start, value) for start, _, value in found)


BARE_DEGREES_FROM = 7.0
"""A bare angle (no °, rad or π) of at least this size is degrees: more than a full turn in radians is no answer."""
_BARE_ANGLE = re.compile(r"\b(?:rotat\w*|turn\w*)(?:\s+(?:(?:counter|anti)[\s-]?clockwise|clockwise|c?cw|acw))?\s+"
                         r"(?:by\s+|through\s+)?(?P<num>[-+−]?\d+(?:\.\d+)?)(?![\w.^/*°]|\s*(?:\^|\\|[πp]))", re.I)


_TURN_DEGREES = {"quarter": 90.0, "half": 180.0, "full": 360.0, "right": 90.0}
# "through a right angle" is 90° in every geometry book; "a right-angled triangle" is not a turn (hence `angle\b`).
_TURNS = re.compile(r"\b(?:a\s+)?(?:(?P<turn>quarter|half|full)[\s-]+turn|(?P<right>right)\s+angle)\b", re.I)
# "doubles lengths", "halves every vector": a scale in words.


def _pairs(angles: list[tuple[int, float]], directions: list[tuple[int, str]],
           leading: frozenset[int] = frozenset()) -> list[tuple[float, str | None]]:
    """Each angle with its direction: the first named after it (before the next angle), else the last named before
    it (after the previous angle). "45° counterclockwise" and "counterclockwise by 45°" both pair. A direction at a
    position in `leading` (Chinese, Japanese, Korean: 逆时针旋转150°) goes with the angle after it only."""
    after: dict[int, tuple[int, str]] = {}
    for n, (pos, _) in enumerate(angles):
        nxt = angles[n + 1][0] if n + 1 < len(angles) else 1 << 30
        first = next(((p, d) for p, d in directions if pos < p < nxt and p not in leading), None)
        if first:
            after[n] = first
    claimed = {p for p, _ in after.values()}
    out: list[tuple[float, str | None]] = []
    for n, (pos, value) in enumerate(angles):
        prev = angles[n - 1][0] if n else -1
        before = [d for p, d in directions if prev < p < pos and p not in claimed]
        out.append((value, after[n][1] if n in after else before[-1] if before else None))
    return out


_OVER = re.compile(r"\{\s*([^{}]{1,20}?)\s*\}\s+over\s+\{\s*([^{}]{1,20}?)\s*\}")
_MATRIX = re.compile(r"\\begin\{([pbBvV]?matrix|array|smallmatrix)\}.*?\\end\{\1\}", re.S)


def _signed(angle: float, direction: str | None) -> float:
    return -angle if direction == "clockwise" else angle


_SIUNITX_ANGLE = re.compile(r"\\ang\s*\{\s*([-+−]?[\d.]+)\s*\}")


def read_rotation(text: str) -> RotationReading:
    """Extract angle (degrees), direction and scale from a sentence."""
    text = fold(text)  # "oramutato jarasaval ellentetesen", typed without its accents (the patterns are folded too)
    # "$V = \begin{pmatrix}\cos\frac\pi4 & …\end{pmatrix}$, so V rotates anticlockwise through π/4": the matrix's
    # entries are the working, the words after it the description
    text = _MATRIX.sub(" ", text) if "\\begin" in text else text
    text = text.translate(EASTERN_DIGITS)  # ۴۵ درجه: Persian and Arabic-Indic digits are the same numbers
    text = _SIUNITX_ANGLE.sub(r"\1°", text) if "\\ang" in text else text  # siunitx: \ang{90}
    text = text.replace("**", "").replace("__", "") if "**" in text or "__" in text else text  # Markdown bold
    # LibreOffice Math, as Word and Writer users type it: "{π} over {2}"
    text = _OVER.sub(r"\1/\2", text) if " over " in text else text
    directions = [(m.start(), "counterclockwise" if m.group("ccw") else "clockwise") for m in _DIRECTION.finditer(text)]
    angles = _angles(text)
    # in Chinese, Japanese and Korean the direction comes before the turn and its angle (逆时针旋转45°)
    # (unless no angle follows it: "旋轉 90°（逆時針）" puts it after, in brackets)
    leading = frozenset(p for p, _ in directions if "\u2e80" <= text[p] <= "\ud7ff" and any(a[0] > p for a in angles))
    pairs = _pairs(angles, directions, leading)
    unused = {d for _, d in directions} - {d for _, d in pairs}
    # A negative angle turns the other way: "-45° counterclockwise" is 45° clockwise, a bare "-45°" too. But a
    # direction written as a gloss on the sign, "−30° (i.e. clockwise)", "-45 degrees (clockwise)", says the same
    # thing as the sign: clockwise.
    glossed = bool(_GLOSS.search(text))
    pairs = [(-a, "clockwise" if glossed else {"clockwise": "counterclockwise"}.get(d or "", "clockwise"))
             if a < 0 else (a, d) for a, d in pairs]
    stated = [(a, d) for a, d in pairs if d is not None] or pairs
    angle: float | None = None
    direction: str | None = None
    conflict = False
    if stated:
        angle, direction = stated[0]
        turns = {round(_signed(a, d) % 360.0, 1) % 360.0 for a, d in stated}
        sizes = {round(a % 360.0, 1) for a, _ in stated}
        # An angle without a direction restates the turn ("150° clockwise, that is 210°") or names another one.
        loose = {round(a % 360.0, 1) for a, d in pairs if d is None} - {t for u in turns for t in (u, (360 - u) % 360)}
        if (direction and len(turns) > 1) or (not direction and len(sizes) > 1) or (direction and loose) or unused:
            conflict = True
            angle = angle if len(sizes) == 1 and not loose else None
            direction = direction if len({d for _, d in stated}) == 1 and not unused else None
    elif len({d for _, d in directions}) == 1:
        direction = directions[0][1]
    elif directions:
        conflict = True
    scale, claimed = _scale(text)
    return RotationReading(angle, direction, scale, claimed, conflict)


# Scale said in words: "doubles lengths", "lengths tripled", "3 times longer", "halves".
_WORD_SCALES = [(re.compile(p, re.I), v) for p, v in (
    (r"\b(?:doubl\w*|twice)\b", 2.0), (r"\b(?:tripl\w*|thrice)\b", 3.0), (r"\bquadrupl\w*", 4.0),
    (r"\bhalv\w*|\bhalf\s+(?:as\s+long|the\s+length)", 0.5),
    # (every language's own words for them)
    (alternation(phrases("doubles")), 2.0), (alternation(phrases("triples")), 3.0),
    (alternation(phrases("halves")), 0.5))]
# "; ×2", "scale: $\times 2$", "(×2)": a bare factor where a scale is given
# (after a comma too, and typed as x: "rot 90deg acw, x2"; or after the number: "natažení 2×", "2배")
_BARE_TIMES = re.compile(r"(?:^|[;:(,]|\|)\s*\$?\s*(?:×|\\times|[xX](?=\d))\s*(?P<val>\d+(?:\.\d+)?)\s*\$?\s*(?:$|[;)|.,])"
                         r"|(?<![\w.])(?P<val2>\d+(?:\.\d+)?)\s*(?:×|배|x(?=\s+[^\W\d_]{3}))(?!\s*\d)")
# "de 2 ori", "2 razy", "2krát", "2-szer", "в 2 раза": a factor and a language's word for "times" after it
_TIMES_WORD = re.compile(rf"(?<![\w.,])(?P<val>\d+(?:[.,]\d+)?)\s*-?\s*{alternation(phrases('times'), open_start=True)}", re.I)
_TIMES = re.compile(r"(?P<val>\d+(?:\.\d+)?)\s*(?:times|x|×)\s+(?:as\s+)?(?:long|longer|larger|bigger|the\s+length)"
                    r"|(?P<val2>\d+(?:\.\d+)?)\s*倍", re.I)  # "2倍に拡大": the factor before 倍
_SHRINK = re.compile(r"\bshrink\w*|\bcontract\w*|\breduc\w*", re.I)
_MORE_VALUES = re.compile(r"^(?:\s*,\s*[\d.]+)*\s*(?:,\s*)?(?:or|and)\s*(?:maybe\s+|perhaps\s+|possibly\s+)?"
                          r"(?:by\s+)?[\d.]+", re.I)


# a Chinese or Japanese numeral before 倍 (times): 兩倍, 两倍, 二倍, 三倍
_CJK_NUMERALS = {"一": "1", "二": "2", "兩": "2", "两": "2", "三": "3", "四": "4", "五": "5", "半": "0.5"}
_CJK_TIMES = re.compile(r"([一二兩两三四五半])(?=\s*倍)")
_NUMBER_WORD = re.compile(r"\b(?:" + "|".join(NUMBER_WORDS) + r")\b", re.I)


def _scale(text: str) -> tuple[Any, bool]:
    """The scale a sentence states, and whether it claims one. A sentence that states two different scales
    ("scaled by 1, 2, 3 or 4", "stretches by 5, lengths preserved") hedges: no scale is read from it."""
    text = _NUMBER_WORD.sub(lambda m: NUMBER_WORDS[m.group().lower()], text)  # "scales by two"
    text = _CJK_TIMES.sub(lambda m: _CJK_NUMERALS[m.group(1)], text) if "倍" in text else text  # 放大兩倍: 2倍
    values: list[float] = []
    claimed = False
    for m in _NO_SCALE.finditer(text):
        values.append(1.0)
        more = _MORE_VALUES.match(text[m.end():])  # "scale 1 or 10"
        if more:
            values.extend(float(x) for x in re.findall(r"\d+(?:\.\d+)?", more.group()))
    for pattern, value in _WORD_SCALES:
        if pattern.search(text):
            claimed = True
            values.append(value)
    for m in (*_TIMES.finditer(text), *_BARE_TIMES.finditer(text), *_TIMES_WORD.finditer(text)):
        claimed = True
        values.append(float((m.group("val") or m.group("val2")).replace(",", ".")))  # (all name their value so)
    consumed = 0
    unscaled = [(n.start(), n.end()) for n in _NO_SCALE.finditer(text)]
    for m in _SCALE.finditer(text):
        if m.start() < consumed or any(a <= m.start() < b for a, b in unscaled):
            continue
        claimed = True
        after = text[m.start():]
        for pattern in _SCALE_VALUES:
            v = pattern.search(after)
            if v and (value := _math_value(v.group("val"))) is not None:
                shrink = bool(_SHRINK.match(m.group())) and value > 1
                values.append(1.0 / value if shrink else value)
                consumed = m.start() + v.end()
                # "by 1, 2, 3 or 4": every value listed is a claim
                values.extend(float(x) for x in re.findall(r"[\d.]+", (_MORE_VALUES.match(after[v.end():]) or
                                                                     re.match("", "")).group()) if _is_float(x))
                break
    distinct = {round(v, 9) for v in values}
    if len(distinct) == 1:
        return values[0], claimed
    return None, claimed or len(distinct) > 1


def _is_float(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _describe(reading: RotationReading) -> Rendering:
    # Words only (no "?" or internal states): this is shown to the student as what the grader understood.
    turn = "rotation" if reading.angle is None else f"rotation by {reading.angle:g}°"
    if reading.direction:
        turn += f" {reading.direction}"
    missing = [w for w, v in (("angle", reading.angle), ("direction", reading.direction)) if v is None]
    if missing:
        turn += f" ({' and '.join(missing)} not found)"
    if reading.scale is not None:
        scale = "no scaling" if reading.scale == 1 else f"scaled by {reading.scale:g}"
    else:
        scale = "scaled by a factor that was not given" if reading.scale_claimed else "scaling not mentioned"
    text = f"{turn}, {scale}"
    return Rendering(latex=r"\text{" + text + "}", text=text)


_NOTHING = Verdict(Status.INVALID, 0.0, "No rotation was described: no angle, direction or scaling was found in "
                   "the answer.", diagnoses=(Code.NO_DESCRIPTION,))


_MAP_WORDS = re.compile(r"reflect|project|shear|rotat|turn|scal|stretch|flip|mirror|identity|swap", re.I)


def _nothing_read(reading: RotationReading, text: str) -> bool:
    """Nothing of a map in the text ("idk", "?", a bare number): it cannot be read as a description. "It is a
    reflection" is a description, and a wrong one."""
    return (reading.angle is None and reading.direction is None and reading.scale is None
            and not reading.scale_claimed and not reading.conflict and not _MAP_WORDS.search(text))


def _silent_doubt(silent_scale: str, reading: RotationReading, described: bool, want_scale: float) -> tuple[Code, ...]:
    """The review code for a pure rotation described without a word on scaling, where the spec left open whether
    silence is an unanswered scale (`silent_scale: review`)."""
    silent = reading.scale is None and not reading.scale_claimed and described
    return (Code.SILENT_SCALE,) if silent_scale == "review" and silent and abs(want_scale - 1.0) <= 1e-9 else ()


def check_rotation(answer: str, angle: Any, scale: Any, *, tolerance: float = 0.5,
                   silent_scale: str = "review") -> Verdict:
    """Grade a description against a signed angle in degrees (positive = counterclockwise) and a scale.

    `silent_scale` says what a description that never mentions scaling earns: "unanswered" (the question asked for
    the scale and none was given), "unscaled" (a described rotation is read as a pure one, for courses that ask
    only to "describe the rotation") or "review" (the default: unanswered, and marked for the instructor's review
    where the map does not scale, since instructors differ on it)."""
    reading = read_rotation(answer)
    shown = _describe(reading)
    if _nothing_read(reading, answer):
        return _NOTHING
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
    else:
        described = reading.angle is not None or reading.direction is not None
        scale_ok = (silent_scale == "unscaled" and described and not reading.scale_claimed
                    and abs(want_scale - 1.0) <= 1e-9)
    (right if scale_ok else wrong).append("scale")
    score = len(right) / 3
    if not wrong:
        return Verdict(Status.CORRECT, 1.0, "Correct: angle, direction and scale.", shown)
    missing = []
    if reading.conflict:
        missing.append("the answer describes more than one rotation: give one")
    elif reading.angle is None:
        missing.append("no angle was found")
    if reading.direction is None and want_dir is not None and not reading.conflict:
        missing.append("no direction (clockwise or counterclockwise) was found")
    if reading.scale is None and reading.scale_claimed:
        missing.append("the scaling factor was not given")
    elif reading.scale is None and not scale_ok:
        missing.append("nothing was said about scaling")
    feedback = ("Right: " + ", ".join(right) + ". " if right else "") + "Not right: " + ", ".join(wrong) + "."
    if missing:
        feedback += _sentences(missing)
    status = Status.PARTIAL if right else Status.INCORRECT
    codes = tuple(Code.rotation_wrong(w) for w in wrong) + _silent_doubt(
        silent_scale, reading, reading.angle is not None or reading.direction is not None, want_scale)
    if not same and reading.direction and want_dir and reading.direction != want_dir and angle_ok:
        codes += (Code.DIRECTION_SWAPPED,)
        feedback += " Clockwise and counterclockwise are swapped."
    # Off by 180° as a rotation (the signed angles, when a direction was given): 30° counterclockwise for 150°
    # clockwise is, 330° counterclockwise for 150° clockwise is not.
    off = (signed - want) if reading.direction else (reading.angle or 0.0) - want_mag
    if reading.angle is not None and not angle_ok and abs(off % 360 - 180) <= tolerance:
        codes += (Code.ANGLE_MOD_180,)
        feedback += " Your rotation is off by exactly 180°."
    return Verdict(status, score, feedback, shown, diagnoses=codes)


# --- 3×3 rotations: an axis besides angle, direction and scale ----------------------------------------------------

_AXIS_VECTOR = re.compile(r"(?:axis|about|around|along)[^\[\(\n.;]{0,40}?(?P<vec>[\(\[][^()\[\]]{1,80}[\)\]])", re.I)
_AXIS_NAMED = re.compile(
    r"(?P<sign>[-−+]\s*)?\$?\b(?P<name>[xyz])\$?[\s-]*axis"
    r"|(?:axis|about|around)\s+(?:the\s+)?(?:positive\s+|negative\s+(?P<neg>))?(?P<sign2>[-−+]\s*)?\$?"
    r"(?P<name2>[xyz])\$?(?![\w(])"
    r"|(?:axis|about|around)\s+(?:the\s+)?(?P<sign3>[-−]\s*)?\$?e_?\{?(?P<k>[123])\}?\$?"
    # French: "d'axe dirigé par e_3" (an axis named by its basis vector)
    r"|\baxe\s+dirig\w*\s+par\s+\$?e_?\{?(?P<k2>[123])\}?\$?"
    # Chinese: 绕 z 轴 (about the z axis); Japanese and Korean: z 軸まわり, z축 (the letter glued to what stands before it)
    r"|绕\s*\$?(?P<name6>[xyz])\$?\s*轴"
    r"|\$?(?P<name8>[xyz])\$?\s*[軸축]"
    # every language file's axis words, before the letter ("оси z", "eix z", "sumbu-x", "l'axe (Oz)") or after it
    # ("z ašį", "z-tengely")
    rf"|{alternation(phrases('axis'))}\s*[=:]?\s*\$?\(?\s*O?\s*(?P<name9>[xyz])\s*\)?\$?(?!\w)"
    rf"|(?P<sign9>[-−+]\s*)?\$?\b(?P<name10>[xyz])\$?[\s-]*{alternation(phrases('axis_after'), open_start=True)}", re.I)
_AXES = {"x": 0, "y": 1, "z": 2}


# "ccw in the xy-plane", "z unchanged": the axis named by the plane turned in or the coordinate kept, seen from +.
_AXIS_PLANE = re.compile(r"\b(?:in|within)\s+the\s+\$?(?P<plane>xy|yx|yz|zy|xz|zx)\$?[\s-]*plane"
                         r"|\b(?P<kept>[xyz])(?:[\s-]*(?:axis|coordinate|component))?\s+(?:is\s+|stays\s+|remains\s+)?"
                         r"(?:unchanged|fixed|preserved)\b", re.I)


def _axis_by_plane(text: str) -> tuple[float, float, float] | None:
    m = _AXIS_PLANE.search(text)
    if m is None:
        return None
    name = m.group("kept") or ({"x", "y", "z"} - set(m.group("plane").lower())).pop()
    out = [0.0, 0.0, 0.0]
    out[_AXES[name.lower()]] = 1.0
    return (out[0], out[1], out[2])


def read_axis(text: str) -> tuple[float, float, float] | None:
    """The rotation axis a sentence names, as a unit vector: `about the z-axis`, `around -y`, `axis (1, 1, 1)`,
    `about e_3`. None when there is none (or it is the zero vector)."""
    text = fold(text)
    v = _AXIS_VECTOR.search(text)
    if v is not None:
        pieces = [p for p in re.split(r"[,;\s]+", v.group("vec")[1:-1].strip()) if p]
        values = [_math_value(p) for p in pieces]
        if len(values) == 3 and all(x is not None for x in values):
            norm = math.sqrt(sum(x * x for x in values))  # type: ignore[operator]
            if norm > 0:
                return tuple(x / norm for x in values)  # type: ignore[return-value, operator]
    m = _AXIS_NAMED.search(text)
    if m is None:
        return _axis_by_plane(text)
    k = m.group("k") or m.group("k2")
    index = _AXES[(m.group("name") or m.group("name2") or m.group("name6") or m.group("name8") or m.group("name9")
                   or m.group("name10")).lower()] \
        if k is None else int(k) - 1
    negative = any((m.group(g) or "").strip() in ("-", "−") for g in ("sign", "sign2", "sign3", "sign9")) or \
        m.group("neg") is not None
    out = [0.0, 0.0, 0.0]
    out[index] = -1.0 if negative else 1.0
    return (out[0], out[1], out[2])


def check_rotation_3d(answer: str, angle: Any, scale: Any, axis: Any, *, tolerance: float = 0.5,
                      silent_scale: str = "review") -> Verdict:
    """Grade a description of a 3×3 rotation against its unit axis, its angle in [0, 180] (counterclockwise seen
    from the axis tip) and its scale. Four components, a quarter each: axis, angle, direction, scale.

    The axis is a line: "90° clockwise about −z" is "90° counterclockwise about z". The direction must be said (a
    word, or a negative angle for clockwise): an angle without one earns no credit for the direction, as in 2D."""
    reading = read_rotation(answer)
    said = read_axis(answer)
    if said is None and _nothing_read(reading, answer):
        return _NOTHING
    want = [float(x) for x in axis]
    want_angle = float(angle)
    shown_text = _describe(reading).text + (", axis " + ("?" if said is None else
                                                         "(" + ", ".join(f"{x:.3g}" for x in said) + ")"))
    shown = Rendering(latex=r"\text{" + shown_text.replace("°", r"^\circ") + "}", text=shown_text)
    dot = 0.0 if said is None else sum(a * b for a, b in zip(said, want, strict=True))
    axis_ok = abs(abs(dot) - 1) <= 1e-3
    signed = None
    if reading.angle is not None:
        signed = -reading.angle if reading.direction == "clockwise" else reading.angle
    about_reference = None if signed is None or not axis_ok else (signed if dot > 0 else -signed)
    same = about_reference is not None and abs((about_reference - want_angle + 180) % 360 - 180) <= tolerance
    half_turn = abs(want_angle - 180) <= tolerance
    angle_ok = same or (reading.angle is not None and abs(reading.angle % 360 - want_angle) <= tolerance)
    # The question asks for the direction: "90° about the z-axis" leaves it to the right-hand rule, which a grader
    # cannot tell from a student who forgot it (instructors give no credit for it, as for a 2D rotation); a
    # signed angle ("−90° about z") does state it
    stated = reading.direction is not None or (reading.angle is not None and reading.angle < 0)
    direction_ok = (half_turn and angle_ok) or stated and (same or (
        about_reference is not None and not angle_ok and about_reference % 360 < 180))
    want_scale = float(scale)
    if reading.scale is not None:
        scale_ok = abs(float(reading.scale) - want_scale) <= 1e-3 * max(1.0, want_scale)
    else:
        scale_ok = (silent_scale == "unscaled" and reading.angle is not None and not reading.scale_claimed
                    and abs(want_scale - 1.0) <= 1e-9)
    checks = (("axis", axis_ok), ("angle", angle_ok), ("direction", direction_ok), ("scale", scale_ok))
    right = [name for name, ok in checks if ok]
    wrong = [name for name, ok in checks if not ok]
    if not wrong:
        return Verdict(Status.CORRECT, 1.0, "Correct: axis, angle, direction and scale.", shown)
    notes = []
    if said is None:
        notes.append("no axis was found: say “about the z-axis” or “about the axis (1, 1, 0)”")
    if reading.conflict:
        notes.append("the answer describes more than one rotation: give one")
    elif reading.angle is None:
        notes.append("no angle was found")
    if not stated and not half_turn and reading.angle is not None and not reading.conflict:
        notes.append("no direction (clockwise or counterclockwise, seen from the tip of the axis) was found")
    if reading.scale is None and not scale_ok:
        notes.append("the scaling factor was not given" if reading.scale_claimed else "nothing was said about scaling")
    feedback = ("Right: " + ", ".join(right) + ". " if right else "") + "Not right: " + ", ".join(wrong) + "."
    if notes:
        feedback += _sentences(notes)
    codes = tuple(Code.rotation_wrong(w) for w in wrong) + _silent_doubt(
        silent_scale, reading, reading.angle is not None, want_scale)
    if axis_ok and angle_ok and not direction_ok and stated:
        codes += (Code.DIRECTION_SWAPPED,)
        feedback += (" The rotation turns the other way about this axis (counterclockwise is seen from the tip of "
                     "the axis, by the right-hand rule).")
    return Verdict(Status.PARTIAL if right else Status.INCORRECT, len(right) / 4, feedback, shown, diagnoses=codes)


def _sentences(notes: list[str]) -> str:
    """What was missing from the description, as sentences after the verdict (not in nested parentheses)."""
    return "".join(" " + n[0].upper() + n[1:] + "." for n in notes)


def _folded(pattern: re.Pattern[str]) -> re.Pattern[str]:
    return re.compile(fold(pattern.pattern), pattern.flags)


# The word patterns above are written with their accents; the text is read folded (see `fold`), so are they.
_DIRECTION, _NO_SCALE, _SCALE, _AXIS_NAMED, _ANGLE_DEG, _TIMES_WORD = (
    _folded(p) for p in (_DIRECTION, _NO_SCALE, _SCALE, _AXIS_NAMED, _ANGLE_DEG, _TIMES_WORD))
_SCALE_VALUES = [_folded(p) for p in _SCALE_VALUES]
_WORD_SCALES = [(_folded(p), v) for p, v in _WORD_SCALES]

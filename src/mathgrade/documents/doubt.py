"""Why a placement is doubtful: the review notes the locator attaches to a part, and the reasons it gives.

The locator (locate.py) decides which candidate answers which part; this module holds what it says when it is
unsure: rivals that disagree, math left under a part's own label, a description it could read only in part, and
the reason a part was not found. None of it looks at whether an answer is right.
"""

from __future__ import annotations

import re
from typing import Any

from mathgrade.check.options import Kind
from mathgrade.check.rotation import read_axis, read_rotation
from mathgrade.documents.assign import labelled_for, lines, lines_of
from mathgrade.documents.candidates import Candidate
from mathgrade.grade.results import Alternative, Review
from mathgrade.parse.objects import is_matrix
from mathgrade.spec import Part


def left_unsure(part_id: str, c: Any, reason: str) -> tuple[str, Review]:
    """A part left missing with the candidate the instructor should look at."""
    return part_id, Review(reason, (Alternative(c.start, c.end, c.text[:200]),))


def has_math(c: Any) -> bool:
    """A candidate that holds some mathematics: a chain, or words with a number or a formula in them."""
    return c.kind == "chain" or bool(re.search(r"[\d$\\=]", c.text))


_WORDS_ONLY = re.compile(r"^[\sA-Za-z'’,.;:!?()#*_\-–—]*$")


def math_under_label(part: Part, cands: list[Candidate]) -> Candidate | None:
    """The first candidate under this part's own label that holds math (a formula, a digit), if any: a part
    the locator could not fill although the student wrote something mathematical for it."""
    for c in cands:
        if c.kind in ("label", "paragraph") or not labelled_for(part, c):
            continue
        text = c.text if c.kind != "chain" else " = ".join(c.members)
        if text.strip() and not _WORDS_ONLY.match(text):
            return c
    return None


def problem_stretch(parts: list[Part], chosen: dict[int, int], k: int, m: int) -> tuple[int, int]:
    """The candidates between the answers chosen for earlier problems and those chosen for later ones."""
    pid = parts[k].problem
    mine = [q for q, p in enumerate(parts) if p.problem == pid]
    lo = max((chosen[q] for q in chosen if q < mine[0]), default=-1) + 1
    hi = min((chosen[q] for q in chosen if q > mine[-1]), default=m)
    return lo, max(lo, hi)


def trusted_window(parts: list[Part], cands: list[Candidate], chosen: dict[int, int], k: int) -> tuple[int, int]:
    """Where rivals of a part's answer may stand: between the answers chosen for its neighbours in its problem."""
    if k not in chosen:
        return (0, 0)
    here = chosen[k]
    same = [chosen[q] for q in chosen if q != k and parts[q].problem == parts[k].problem]
    lo = max((t for t in same if t < here), default=-1) + 1
    hi = min((t for t in same if t > here), default=len(cands))
    return lo, hi


def rival_review(chosen: Candidate, rivals: list[Candidate]) -> Review:
    alternatives: list[Alternative] = []
    seen: set[tuple[int, int]] = set()
    for r in rivals:
        if (r.start, r.end) in seen or (r.start, r.end) == (chosen.start, chosen.end):
            continue
        seen.add((r.start, r.end))
        alternatives.append(Alternative(r.start, r.end, r.text[:200]))
    where = ", ".join(lines_of(a.start, a.end) for a in alternatives[:3]) or "the same line"
    reason = (f"another answer at {where} disagrees; graded the answer at {lines(chosen)} (the best match). "
              "Please check.")
    return Review(reason, tuple(alternatives[:5]))


_SAYS = (("an angle", re.compile(r"\d\s*\{?\s*(?:°|\^\s*\{?\s*\\circ|deg|degree)|\\pi|π|quarter|half[- ]turn"
                                 r"|right\s+angle", re.I),
          lambda r: r.angle is not None),
         ("a direction", re.compile(r"clock|counter|anti", re.I), lambda r: r.direction is not None),
         ("a scale", re.compile(r"scal|stretch|factor|length|shrink|enlarg", re.I),
          lambda r: r.scale is not None or r.scale_claimed))
_AXIS_WORD = re.compile(r"axis", re.I)


def unread_words(text: str) -> list[str]:
    """What a rotation description says that the reading did not catch (an angle written `90{^\\circ}`, a
    direction "counter-clockwise"): the verdict then rests on a partial reading."""
    reading = read_rotation(text)
    missed = [name for name, said, read in _SAYS if said.search(text) and not read(reading)]
    if _AXIS_WORD.search(text) and read_axis(text) is None:
        missed.append("an axis")
    return missed


def missing_reason(part: Part) -> str:
    wanted = {Kind.VECTOR: "a vector", Kind.MATRIX: "a matrix", Kind.ROTATION: "a sentence describing a rotation",
              Kind.CHOICE: "a sentence naming one of " + ", ".join(part.options.choices),
              Kind.DERIVATION: "a chain of equalities starting at the given expression",
              Kind.TEXT: "an explanation in words"}.get(part.kind, "an equation whose result fits this part")
    return f"not found in the document (looked for {wanted}, in the order of the parts)"


def same_value(a: Any, b: Any) -> bool:
    """Two parsed constants (numbers or matrices of numbers) equal to rounding; False for anything with a name."""
    if a is None or b is None or is_matrix(a) != is_matrix(b):
        return False
    try:
        if is_matrix(a):
            if a.shape != b.shape:
                return False
            pairs = list(zip(list(a), list(b)))
        else:
            pairs = [(a, b)]
        return all(abs(complex((x - y).evalf())) < 1e-9 for x, y in pairs)
    except (TypeError, ValueError, AttributeError):
        return False


ROTATION = re.compile(r"rotat|turn|\bangle\b|\brota|\bgira|\btourne|\bdreht|\bxoay", re.I)  # also rota, gira, tourne
# "-\sqrt{3} / 2 \sqrt{2}", "1/2x": a number after a slash, then a factor without a sign between (an OCR'd or typed
# fraction whose denominator may be the whole product)
SLASH_PRODUCT = re.compile(r"/\s*\d+(?:\.\d+)?\s*(?:\\(?:sqrt|pi|sin|cos|tan|exp|log|ln)(?![A-Za-z])|sqrt|√|π|"
                            r"[A-Za-z])")
CALL = re.compile(r"(?<![A-Za-z\\_])([A-Za-z])'*\(\s*([A-Za-z])\s*\)")


def description(cands: list[Candidate], t: int) -> tuple[str, int]:
    """A rotation sentence with the rest of its paragraph: "V rotates by 45°. It does not scale vectors." says the
    scale in its second sentence. Stops before a sentence that describes a rotation of its own."""
    first = cands[t]
    paragraph = next((p for p in cands if p.kind == "paragraph" and p.start <= first.start and first.end <= p.end),
                     None)
    if paragraph is None:
        return first.text, first.end
    texts, end = [first.text], first.end
    for c in cands[t + 1:]:
        if c.start > paragraph.end:
            break
        if c.kind != "sentence":
            continue
        if ROTATION.search(c.text) or c.label != first.label:
            break
        texts.append(c.text)
        end = c.end
    return " ".join(texts), end

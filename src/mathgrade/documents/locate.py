"""Answer location: which candidate in a document answers which part.

Each (part, candidate) pair gets a fit from what the part asks for (a 2-entry vector, a 2×2 matrix, a chain that
starts at the given expression, a sentence about a rotation), the part's `locate:` hints matched against the left
side of the chain or the sentence, and the student's own markers. Parts are then aligned to candidates in reading
order by dynamic programming, as students answer in order. The fit never looks at whether an answer is right: a
grader that picks the right one of several attempts would reward guessing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from mathgrade.check import names_in
from mathgrade.check.choice import compact, find_choices
from mathgrade.check.compare import compare_scalar
from mathgrade.check.options import Kind
from mathgrade.check.rotation import read_rotation
from mathgrade.documents.candidates import Candidate
from mathgrade.grade.references import Reference
from mathgrade.parse import ParseOptions, parse_answer
from mathgrade.parse.objects import is_matrix
from mathgrade.solvers import DerivationRef
from mathgrade.spec import Assignment, Part

_NORM = re.compile(r"\\left|\\right|\\mathbf|\\boldsymbol|\\mathrm|[\s{}$\\]")
MAX_START_MEMBERS = 50
_ROTATION = re.compile(r"rotat|turn", re.I)
_DEFINITION = re.compile(r"\$\s*([^$=]{1,20}?)\s*=(?!=)")
_TRAILING = ("\\quad", "\\qquad", "\\,", "\\;", "\\!", "\\:")
"""Spacing a student leaves after an answer; stripped from the end one piece at a time (the pattern
`(?:\\\\quad|...|\\s)+$` rescanned every run of spaces from each of its positions: 20,000 spaces took 55 s)."""


def _strip_trailing(text: str) -> str:
    """`text` without the whitespace and LaTeX spacing commands at its end, in time linear in what is removed."""
    end = len(text)
    while end:
        if text[end - 1].isspace():
            end -= 1
            continue
        command = next((c for c in _TRAILING if text.endswith(c, 0, end)), None)
        if command is None:
            break
        end -= len(command)
    return text[:end]


@dataclass(frozen=True)
class Found:
    """The answer located for a part: the text to grade, where it is, and a reason to review it (or None)."""

    part: str
    answer: str
    start: int
    end: int
    snippet: str
    review: str | None = None


@dataclass(frozen=True)
class Extraction:
    """Everything located in one document, and the parts not found with the reason."""

    found: tuple[Found, ...]
    missing: tuple[tuple[str, str], ...]


def _norm(text: str) -> str:
    return _NORM.sub("", text).lower().replace("^t", "t").replace("^{t}", "t").replace("*", "")


@lru_cache(maxsize=4096)
def _parse(text: str, options: ParseOptions) -> Any:
    parsed = parse_answer(text.strip().rstrip(".,;:"), options)
    return parsed.value if parsed.ok else None


class Locator:
    """Scores candidates for the parts of one assignment (references already computed)."""

    def __init__(self, assignment: Assignment, references: dict[str, Reference]) -> None:
        self.assignment = assignment
        self.references = references
        self.given = {name.lower() for name, _ in assignment.values}
        # "Let $z_i = w^T x_i - u$" in a problem's prompt: a student who copies that line is not answering.
        self.defined = {_norm(m.group(1)) for prob in assignment.problems for m in _DEFINITION.finditer(prob.prompt)}
        self._known_variables: dict[str, ParseOptions] = {}

    def _variables(self, part: Part) -> ParseOptions:
        # Asked once per candidate and part: remembered, since walking the reference's tree costs more than
        # the rest of a fit (a document of 4,000 formulas spent two thirds of its reading time here).
        known = self._known_variables.get(part.id)
        if known is None:
            ref = self.references[part.id].value
            value = ref.start if isinstance(ref, DerivationRef) else ref
            known = self._known_variables[part.id] = part.options.parse_options(names_in(value))
        return known

    def _value(self, part: Part, cand: Candidate) -> Any:
        return _parse(cand.final, self._variables(part))

    def _derivation_start(self, part: Part, cand: Candidate) -> int | None:
        ref = self.references[part.id].value
        variables = self._variables(part)
        # A derivation starts within its first few members; a chain of 25,000 `a=` must not cost 25,000 parses
        # and comparisons (show and gradescope read with no time limit around them).
        for k, member in enumerate(cand.members[:-1][:MAX_START_MEMBERS]):
            value = _parse(member, variables)
            if value is not None and not is_matrix(value) and compare_scalar(value, ref.start,
                                                                             part.options).equal:
                return k
        return None

    def fit(self, part: Part, cand: Candidate) -> float | None:
        """How well a candidate fits a part (None: it cannot be the answer)."""
        base = self._kind_fit(part, cand)
        if base is None:
            return None
        if self.hinted(part, cand):
            base += 1.0
        if cand.label.problem is not None and cand.label.problem == part.problem:
            base += 0.3
        elif cand.label.problem is not None and part.kind in (Kind.ROTATION, Kind.CHOICE):
            # A description under another problem's heading likely describes that problem's matrix; students also
            # number their own way (the seed's "(5)" heads problem 7), so it stays possible, just less likely.
            base -= 0.5
        sub = _sub_of(part)
        if cand.label.sub is not None and sub is not None and cand.label.problem in (None, part.problem):
            # "(a)" under Problem 3 is 3a: the student's own marker outweighs the order and the kind, and an
            # answer marked for another part of this problem is unlikely to be this one.
            base += 1.0 if cand.label.sub == sub else -0.8
        restated = self.given | self.defined
        if cand.kind == "chain" and _norm(cand.members[0]) in restated and len(cand.members) <= 2:
            base -= 0.5  # "V = [...]", "z_i = w^T x_i - u": restating a given value, not answering
        return base

    def hinted(self, part: Part, cand: Candidate, lhs_only: bool = False) -> bool:
        """Whether one of the part's locate hints names this candidate: its left side, or (unless `lhs_only`)
        the prose or computation just before it."""
        own = cand.members[0] if cand.kind == "chain" else cand.text
        haystack = _norm(own if lhs_only else own + " " + cand.context)
        return any(_norm(h) and _norm(h) in haystack for h in part.locate)

    def _kind_fit(self, part: Part, cand: Candidate) -> float | None:
        kind = part.kind
        ref = self.references[part.id].value
        if kind is Kind.ROTATION:
            return 1.0 if cand.kind == "sentence" and _ROTATION.search(cand.text) else None
        if kind is Kind.CHOICE:
            if cand.kind != "sentence":
                return None
            spelling = {compact(c): compact(c) for c in part.options.choices} or {compact(ref): compact(ref)}
            return 1.0 if find_choices(cand.text, spelling) else None
        if kind is Kind.TEXT:
            words = len(cand.text.split())
            if cand.kind == "paragraph":
                return 0.6 if words >= 8 else None
            return 0.3 if cand.kind == "sentence" and words >= 8 and not _ROTATION.search(cand.text) else None
        if cand.kind != "chain" or not cand.final:
            return None
        if kind is Kind.DERIVATION:
            return 1.5 if len(cand.members) >= 2 and self._derivation_start(part, cand) is not None else None
        value = self._value(part, cand)
        if value is None:
            return 0.1 if len(cand.members) > 1 else None
        if kind is Kind.VECTOR:
            ok = is_matrix(value) and 1 in value.shape and max(value.shape) == max(ref.shape)
            return 1.0 if ok else None
        if kind is Kind.MATRIX:
            if not is_matrix(value) or 1 in value.shape:
                return None
            return 1.0 if value.shape == ref.shape else 0.6 if value.shape == ref.shape[::-1] else None
        if is_matrix(value):
            return None
        if kind is Kind.NUMBER:
            return 0.6 if not value.free_symbols else 0.2
        overlap = names_in(value) & names_in(ref)
        return 0.4 + (0.3 if overlap or (not value.free_symbols and not ref.free_symbols) else 0.0)

    def answer_text(self, part: Part, cand: Candidate) -> str:
        """The text graded for this part: the chain's last member, the derivation from its start, or prose."""
        if cand.kind != "chain":
            return cand.text
        if part.kind is Kind.DERIVATION:
            k = self._derivation_start(part, cand) or 0
            return " = ".join(m.strip() for m in cand.members[k:])
        return _strip_trailing(cand.final).rstrip(".,;:")

    def same_answer(self, part: Part, a: Candidate, b: Candidate) -> bool:
        """Whether two candidates say the same thing (used only to flag disagreement for review)."""
        if part.kind is Kind.ROTATION:
            return read_rotation(a.text) == read_rotation(b.text)
        if a.kind != "chain" or b.kind != "chain":
            return compact(a.text) == compact(b.text)
        va, vb = self._value(part, a), self._value(part, b)
        if va is None or vb is None:
            return compact(a.final) == compact(b.final)
        if is_matrix(va) or is_matrix(vb):
            return is_matrix(va) and is_matrix(vb) and va.shape == vb.shape and all(
                compare_scalar(x, y, part.options).equal for x, y in zip(va, vb))
        return compare_scalar(va, vb, part.options).equal is True


def _sub_of(part: Part) -> str | None:
    """The letter a student writes for this part: `a` for part 3a of problem 3 (None if ids are not so built)."""
    rest = part.id[len(part.problem):] if part.id.startswith(part.problem) else ""
    return rest.strip(".-_ ").lower() or None


def _reorder(assignment: Assignment, cands: list[Candidate]) -> list[Candidate]:
    """Put problems answered out of order back in spec order, when the student's markers say so clearly."""
    order = {prob.id: k for k, prob in enumerate(assignment.problems)}
    runs: list[str] = []
    for c in cands:
        p = c.label.problem
        if p is not None and (not runs or runs[-1] != p):
            runs.append(p)
    clean = len(runs) == len(set(runs)) and all(p in order for p in runs) and len(runs) >= 2
    if not clean or runs == sorted(runs, key=lambda p: order[p]):
        return cands
    return sorted(cands, key=lambda c: order.get(c.label.problem or "", -1))


_PROSE = (Kind.ROTATION, Kind.CHOICE, Kind.TEXT)


def _align(parts: list[int], slots: list[int], fits: list[list[float | None]]) -> dict[int, int]:
    """Monotone alignment of parts (indices, in order) to candidate slots (indices, in order) maximising the fit.

    Later candidates win ties: a student who answers twice usually means the second.
    """
    n, m = len(parts), len(slots)
    if not n or not m:
        return {}

    def gain(i: int, j: int) -> float | None:
        # Ties: a later candidate (a correction) and an earlier part ((a) is the first of parts alike).
        f = fits[parts[i]][slots[j]]
        return None if f is None else f + 1e-6 * (j + 1) / m - 1e-7 * (i + 1) / n

    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(1, n + 1):
        row, prev = best[i], best[i - 1]
        for j in range(1, m + 1):
            value = max(prev[j], row[j - 1])
            g = gain(i - 1, j - 1)
            if g is not None:
                value = max(value, prev[j - 1] + g)
            row[j] = value
    chosen: dict[int, int] = {}
    i, j = n, m
    while i > 0 and j > 0:
        g = gain(i - 1, j - 1)
        if g is not None and abs(best[i][j] - (best[i - 1][j - 1] + g)) < 1e-12:
            chosen[parts[i - 1]] = slots[j - 1]
            i, j = i - 1, j - 1
        elif best[i][j] == best[i - 1][j]:
            i -= 1
        else:
            j -= 1
    return chosen


def locate(assignment: Assignment, references: dict[str, Reference], cands: list[Candidate]) -> Extraction:
    """Align parts to candidates; flag parts where another nearby candidate disagrees.

    Computations are aligned first. Descriptions (rotation, choice, text) are then aligned within their problem's
    stretch of the document, from the previous problem's last located computation to the next problem's first:
    students describe a matrix before its computations as often as after the first product.
    """
    loc = Locator(assignment, references)
    parts = list(assignment.parts)
    cands = _reorder(assignment, cands)
    m = len(cands)
    fits = [[loc.fit(p, c) for c in cands] for p in parts]
    # A candidate whose left side names one part ("U x = ...") is not an answer to another part of its kind.
    for t, c in enumerate(cands):
        named = {k for k, p in enumerate(parts) if fits[k][t] is not None and c.kind == "chain"
                 and loc.hinted(p, c, lhs_only=True)}
        if named:
            for k in range(len(parts)):
                if k not in named and fits[k][t] is not None and parts[k].locate:
                    fits[k][t] = None
    math_parts = [k for k, p in enumerate(parts) if p.kind not in _PROSE]
    chosen = _align(math_parts, list(range(m)), fits)
    problem_of = [p.problem for p in parts]
    problems = list(dict.fromkeys(problem_of))
    windows: dict[int, tuple[int, int]] = {}
    for pid in problems:
        mine = [k for k, p in enumerate(parts) if p.problem == pid]
        before = [chosen[k] for k in chosen if k < mine[0]]
        later = [chosen[k] for k in chosen if problem_of[k] != pid and k > mine[-1]]
        # The stretch starts after the previous problem's last computation, not at this problem's first: a
        # description often comes first ("R rotates by 90°; so R u = ...", "F is a reflection; its line is ...").
        lo = max(before) + 1 if before else 0
        hi = min(later) if later else m
        prose = [k for k in mine if parts[k].kind in _PROSE]
        taken = [cands[t] for t in chosen.values()]
        slots = [t for t in range(lo, hi) if t not in chosen.values()
                 and not any(_overlap(cands[t], c) for c in taken)]
        chosen.update(_align(prose, slots, fits))
        for k in mine:
            windows[k] = (lo, hi)
    used = set(chosen.values())
    found: list[Found] = []
    missing: list[tuple[str, str]] = []
    for k, part in enumerate(parts):
        if k not in chosen:
            missing.append((part.id, _missing_reason(part)))
            continue
        c = cands[chosen[k]]
        if part.kind in _PROSE:
            lo, hi = windows[k]
        else:
            lo = max((chosen[q] for q in chosen if q < k and q in math_parts), default=-1) + 1
            hi = min((chosen[q] for q in chosen if q > k and q in math_parts), default=m)
        # A rival computation must fit as well as the chosen one (intermediate steps nearby are not rivals); any
        # other description of the same thing in the problem's stretch is one.
        slack = 10.0 if part.kind in _PROSE else 0.05
        # So is an earlier chain for the same left side ("∂y_i/∂u = ..." twice): the student answered twice.
        rivals = [cands[t] for t in range(lo, hi) if t not in used and fits[k][t] is not None
                  and (fits[k][t] >= fits[k][chosen[k]] - slack or _same_left(cands[t], c))
                  and not _overlap(cands[t], c) and not loc.same_answer(part, cands[t], c)]
        review = None
        if rivals:
            where = ", ".join(_lines(r) for r in rivals[:3])
            review = (f"another answer at {where} disagrees; graded the answer at {_lines(c)} (the best match). "
                      "Please check.")
        text, end, snippet = loc.answer_text(part, c), c.end, c.text
        if part.kind is Kind.ROTATION and c.kind == "sentence":
            text, end = _description(cands, chosen[k])
            snippet = text
        found.append(Found(part.id, text, c.start, end, snippet[:400], review))
    return Extraction(tuple(found), tuple(missing))


def _description(cands: list[Candidate], t: int) -> tuple[str, int]:
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
        if _ROTATION.search(c.text) or c.label != first.label:
            break
        texts.append(c.text)
        end = c.end
    return " ".join(texts), end


def _same_left(a: Candidate, b: Candidate) -> bool:
    return (a.kind == b.kind == "chain" and len(a.members) > 1 and len(b.members) > 1
            and _norm(a.members[0]) == _norm(b.members[0]) and a.label == b.label)


def _overlap(a: Candidate, b: Candidate) -> bool:
    return a.start <= b.end and b.start <= a.end


def _lines(c: Candidate) -> str:
    return f"line {c.start}" if c.start == c.end else f"lines {c.start}–{c.end}"


def _missing_reason(part: Part) -> str:
    what = {Kind.VECTOR: "a vector", Kind.MATRIX: "a matrix", Kind.ROTATION: "a sentence describing a rotation",
            Kind.CHOICE: "a sentence naming one of " + ", ".join(part.options.choices),
            Kind.DERIVATION: "a chain of equalities starting at the given expression",
            Kind.TEXT: "an explanation in words"}.get(part.kind, "an equation whose result fits this part")
    return f"not found in the document (looked for {what}, in the order of the parts)"

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
from mathgrade.documents.labels import expand_range
from mathgrade.grade.references import Reference
from mathgrade.grade.results import Alternative, Review
from mathgrade.parse import ParseOptions, parse_answer
from mathgrade.parse.objects import is_matrix
from mathgrade.solvers import DerivationRef
from mathgrade.spec import Assignment, Part

_NORM = re.compile(r"\\left|\\right|\\mathbf|\\boldsymbol|\\mathrm|[\s{}$\\]")
_ROTATION = re.compile(r"rotat|turn|\bangle\b", re.I)
_DEFINITION = re.compile(r"\$\s*([^$=]{1,20}?)\s*=(?!=)")
_PAIR = re.compile(r"\$\s*([^$=]{1,40}?)\s*=\s*([^$=]{1,80}?)\s*\$")
_NEGATED = re.compile(r"\b(?:not|never|isn'?t|aren'?t|nor|neither)\s+(?:an?\s+|the\s+)?\w+", re.I)
_TRAILING = re.compile(r"(?:\\(?:quad|qquad|,|;|!|:)|\s)+$")


@dataclass(frozen=True)
class Found:
    """The answer located for a part: the text to grade, where it is, and a reason to review it (or None)."""

    part: str
    answer: str
    start: int
    end: int
    snippet: str
    review: Review | None = None


@dataclass(frozen=True)
class Extraction:
    """Everything located in one document, and the parts not found with the reason."""

    found: tuple[Found, ...]
    missing: tuple[tuple[str, str], ...]


@lru_cache(maxsize=8192)
def _norm(text: str) -> str:
    text = text.replace("\\top", "T").replace("\\intercal", "T").replace("ᵀ", "^T").replace("√", "sqrt")
    text = re.sub(r"_\{?(\d)\}?", r"\1", text.replace("−", "-"))
    return _NORM.sub("", text).lower().replace("^t", "t").replace("^{t}", "t").replace("*", "")


@lru_cache(maxsize=4096)
def _parse(text: str, variables: frozenset[str]) -> Any:
    parsed = parse_answer(text.strip().rstrip(".,;:"), ParseOptions(variables=variables))
    return parsed.value if parsed.ok else None


@lru_cache(maxsize=4096)
def _names_of(value: Any) -> frozenset[str]:
    return frozenset(names_in(value))


class Locator:
    """Scores candidates for the parts of one assignment (references already computed)."""

    def __init__(self, assignment: Assignment, references: dict[str, Reference]) -> None:
        self.assignment = assignment
        self.references = references
        self._names: dict[str, frozenset[str]] = {}
        self.given = {name.lower() for name, _ in assignment.values}
        # "Let $z_i = w^T x_i - u$" in a problem's prompt: a student who copies that line is not answering.
        self.defined = {_norm(m.group(1)) for prob in assignment.problems for m in _DEFINITION.finditer(prob.prompt)}
        # "for $x = e_1/\\sqrt{2}$" in a part's prompt: the pair (left, right) copied is set-up, not an answer.
        prompts = [prob.prompt for prob in assignment.problems] + [p.prompt for p in assignment.parts]
        # "Compute $V e_1$": the expression a part asks about, which a student may copy above the answer.
        self.prompt_math = {_norm(m.group(1)) for p in assignment.parts
                            for m in re.finditer(r"\$([^$]{1,80})\$", p.prompt or "")}
        self.definitions = {(_norm(m.group(1)), _norm(m.group(2))) for text in prompts
                            for m in _PAIR.finditer(text or "")}

    def _variables(self, part: Part) -> frozenset[str]:
        # Asked for every (part, candidate) pair: the reference's names are walked once per part.
        known = self._names.get(part.id)
        if known is None:
            ref = self.references[part.id].value
            value = ref.start if isinstance(ref, DerivationRef) else ref
            known = self._names[part.id] = part.options.variables | names_in(value)
        return known

    def _value(self, part: Part, cand: Candidate) -> Any:
        return _parse(cand.final, self._variables(part))

    def _derivation_start(self, part: Part, cand: Candidate) -> int | None:
        ref = self.references[part.id].value
        for k, member in enumerate(cand.members[:-1]):
            value = _parse(member, self._variables(part))
            if value is not None and not is_matrix(value) and compare_scalar(value, ref.start,
                                                                             part.options).equal:
                return k
        return None

    def base_fit(self, part: Part, cand: Candidate) -> float | None:
        """How well a candidate fits a part by what it is and what it is about, before any label is read."""
        base = self._kind_fit(part, cand)
        if base is None:
            return None
        if self.hinted(part, cand):
            base += 1.0
        if cand.kind == "chain" and len(cand.members) == 1 and _norm(cand.members[0]) in self.prompt_math:
            return None  # "(a) $V e_1$" above a notebook cell: the question restated, not an answer
        if cand.kind == "chain" and len(cand.members) == 2:
            pair = (_norm(cand.members[0]), _norm(cand.members[1]))
            if pair in self.definitions:
                return None  # "z_i = w^T x_i - u", "x = e_1/√2": the problem's own set-up, copied
        restated = self.given | self.defined
        if cand.kind == "chain" and _norm(cand.members[0]) in restated and len(cand.members) <= 2:
            base -= 0.5  # "V = [...]", "z_i = w^T x_i - u": restating a given value, not answering
        if cand.boxed:
            base += 0.5
        return base

    def restates(self, cand: Candidate) -> bool:
        """A copied question (`$V e_1$`) or set-up line (`x = e_1/√2`): never an answer, even under a label."""
        if cand.kind != "chain":
            return False
        if len(cand.members) == 1:
            return _norm(cand.members[0]) in self.prompt_math
        return len(cand.members) == 2 and (_norm(cand.members[0]), _norm(cand.members[1])) in self.definitions

    def unread_start(self, part: Part, cand: Candidate) -> bool:
        """A derivation whose matching start is not its first expression, and what precedes it cannot be read."""
        k = self._derivation_start(part, cand) if cand.kind == "chain" else None
        return bool(k) and any(_parse(m, self._variables(part)) is None for m in cand.members[:k])

    def fit(self, part: Part, cand: Candidate, trusted: bool = False, base: float | None = None,
            known: bool = False) -> float | None:
        """How well a candidate fits a part (None: it cannot be the answer). With `trusted` labels, the label
        decides which part a candidate can be (see `locate`); otherwise a label is a strong hint. `base` (with
        `known`) is `base_fit`, when the caller has it already."""
        if not known:
            base = self.base_fit(part, cand)
        if base is None:
            return None
        if trusted:
            return base
        if cand.label.problem is not None and cand.label.problem == part.problem:
            base += 0.3
        sub = _sub_of(part)
        if cand.label.sub is not None and sub is not None and cand.label.problem in (None, part.problem):
            # "(a)" under Problem 3 is 3a: the student's own marker outweighs the order and the kind, and an
            # answer marked for another part of this problem is unlikely to be this one.
            base += 1.0 if cand.label.sub == sub else -1.5
        return base

    def choices_named(self, part: Part, cand: Candidate) -> list[str]:
        """The options of a choice part that a sentence names."""
        ref = self.references[part.id].value
        spelling = {compact(c): compact(c) for c in part.options.choices} or {compact(ref): compact(ref)}
        return find_choices(cand.text, spelling)

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
            if cand.kind != "sentence":
                return None
            reading = read_rotation(cand.text)
            if not _ROTATION.search(cand.text) and (reading.angle is None or reading.direction is None):
                return None  # no "rotate" word: an angle with a direction still describes one
            # "Now the rotation itself." names a rotation but describes none: no angle, direction or scale.
            said = reading.angle is not None or reading.direction is not None or reading.scale_claimed \
                or reading.scale is not None
            return 1.0 if said else None
        if kind is Kind.CHOICE:
            if cand.kind != "sentence":
                return None
            spelling = {compact(c): compact(c) for c in part.options.choices} or {compact(ref): compact(ref)}
            # "not a square" names an option only to rule it out: such a sentence is not an answer by itself.
            return 1.0 if find_choices(_NEGATED.sub(" ", cand.text), spelling) else None
        if kind is Kind.TEXT:
            words = len(cand.text.split())
            if cand.kind == "paragraph":
                return 0.6 if words >= 8 else None
            if cand.kind != "sentence" or words < 6 or cand.text.rstrip().endswith(":") \
                    or cand.text.lstrip().startswith("#"):
                return None
            # An explanation may well mention a rotation (7b: "A rotates, scales, rotates"): it only ranks lower.
            return 0.2 if _ROTATION.search(cand.text) else 0.3
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
        overlap = _names_of(value) & self._variables(part)
        return 0.4 + (0.3 if overlap or (not value.free_symbols and not ref.free_symbols) else 0.0)

    def answer_text(self, part: Part, cand: Candidate) -> str:
        """The text graded for this part: the chain's last member, the derivation from its start, or prose."""
        if cand.kind != "chain":
            return cand.text
        if part.kind is Kind.DERIVATION:
            k = self._derivation_start(part, cand) or 0
            return " = ".join(m.strip() for m in cand.members[k:])
        return _TRAILING.sub("", cand.final).rstrip(".,;:")

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


def _labelled_for(part: Part, cand: Candidate) -> bool:
    """The candidate carries this part's own label (`2a)`, problem 2 then `(a)`, `Problem 1` for part 1)."""
    sub = _sub_of(part)
    return cand.label.problem == part.problem and cand.label.sub == sub


def _subs(cand: Candidate) -> list[str]:
    return expand_range(cand.label.sub)


def _allowed(part: Part, cand: Candidate) -> bool:
    """Whether the student's labels leave this candidate open to this part (another problem's or part's is not).
    A description or explanation must stand under its problem: the title and the preamble describe nothing."""
    if cand.label.problem is not None and cand.label.problem != part.problem:
        return False
    if cand.label.problem is None and part.kind in _PROSE:
        return False
    sub = _sub_of(part)
    return cand.label.sub is None or sub is None or sub in _subs(cand)


def _labels_trusted(parts: list[Part], cands: list[Candidate], base: list[list[float | None]]) -> bool:
    """Whether the student's labels agree with the spec: most labelled answers fit a part with that label.

    One decision for the whole document. A transcript whose circled numbers are the student's own counting (②
    over the rotation problem) keeps the labels as hints only; a document labelled 2a), 2b), ... is read by them.
    """
    labelled = consistent = 0
    for t, c in enumerate(cands):
        if c.label.problem is None or c.kind != "chain":
            continue  # prose fits a description or an explanation almost anywhere: only computations tell
        # Only a firm fit is evidence (a vector, a matrix, a derivation, a hinted line): any scalar working
        # ("cos θ = -√3/2") fits some expression part somewhere, which says nothing about the labels.
        if not any(base[k][t] is not None and base[k][t] >= 1.0 for k in range(len(parts))):
            continue
        labelled += 1
        consistent += any(_allowed(parts[k], c) for k in range(len(parts)) if base[k][t] is not None)
    if labelled >= 2:
        return consistent >= 0.8 * labelled
    # Too few labelled computations to judge: labels that each name a part of the spec are trusted.
    named = {(c.label.problem, c.label.sub) for c in cands if c.label.problem is not None and c.label.sub}
    ids = {(p.problem, _sub_of(p)) for p in parts}
    singles = {n for n in named if "-" not in (n[1] or "")}
    return len(singles) >= 2 and singles <= ids


def _choose_labelled(loc: Locator, parts: list[Part], cands: list[Candidate],
                     fits: list[list[float | None]]) -> tuple[dict[int, int], set[int], dict[int, str]]:
    """Parts the student labelled: each takes the best-fitting answer under its own label (the last one when
    two fit alike: a correction). Where nothing under the label fits, an equation the student wrote under it is
    still theirs (graded, and marked for review); a label with only words or nothing after it stays unanswered."""
    chosen: dict[int, int] = {}
    slotted: set[int] = set()
    unsure: dict[int, str] = {}
    for k, part in enumerate(parts):
        mine = [t for t, c in enumerate(cands) if _labelled_for(part, c)]
        if not mine:
            continue
        slotted.add(k)
        fitting = [t for t in mine if fits[k][t] is not None]
        if fitting:
            chosen[k] = max(fitting, key=lambda t: (fits[k][t], t))
            continue
        written = [t for t in mine if cands[t].kind == "chain" and re.search(r"\w", cands[t].final)
                   and not loc.restates(cands[t]) and part.kind not in _PROSE]
        if written:
            chosen[k] = written[-1]
            unsure[k] = (f"the answer under the label {part.id} at {_lines(cands[written[-1]])} does not read as "
                         f"{_what(part)}; it was graded as written")
    return chosen, slotted, unsure


def _by_labels(loc: Locator, parts: list[Part], cands: list[Candidate],
               fits: list[list[float | None]]) -> tuple[dict[int, int], dict[int, str]]:
    """Assignment in a document whose labels are trusted: labelled parts first, then the rest of each problem
    in reading order among the answers its labels leave open. A labelled part with no answer under its label
    may take an unlabelled answer of its problem written just above the label ("the matrix printed above"),
    marked for review."""
    chosen, slotted, unsure = _choose_labelled(loc, parts, cands, fits)
    used = set(chosen.values())
    free = [t for t, c in enumerate(cands) if c.kind != "label"
            and not any(_labelled_for(parts[q], c) for q in range(len(parts)))]
    local = [[fits[k][t] if _allowed(parts[k], cands[t]) else None for t in range(len(cands))]
             for k in range(len(parts))]
    # First the parts the student pointed at ("5a is the matrix above"): they outrank unlabelled parts.
    for k in sorted(slotted - set(chosen)):
        pid = parts[k].problem
        label_at = min(t for t, c in enumerate(cands) if _labelled_for(parts[k], c))
        after = max((chosen[q] for q in chosen if parts[q].problem == pid and chosen[q] < label_at), default=-1)
        above = [t for t in range(after + 1, label_at) if t not in used and t in free
                 and cands[t].label.problem in (pid, None) and local[k][t] is not None]
        if above:
            chosen[k] = max(above, key=lambda t: (local[k][t], t))
            used.add(chosen[k])
            unsure[k] = (f"no answer stands under the label {parts[k].id}; the answer at "
                         f"{_lines(cands[chosen[k]])}, just above it, was graded")
    for pid in dict.fromkeys(p.problem for p in parts):
        mine = [k for k, p in enumerate(parts) if p.problem == pid and k not in slotted]
        if not mine:
            continue
        open_ = [t for t in free if t not in used and any(_allowed(parts[k], cands[t]) for k in mine)]
        math = [k for k in mine if parts[k].kind not in _PROSE]
        got = _align(math, open_, local)
        chosen.update(got)
        used |= set(got.values())
        taken = [cands[t] for t in used]
        rest = [t for t in open_ if t not in used and not any(_overlap(cands[t], c) for c in taken)]
        got = _align([k for k in mine if parts[k].kind in _PROSE], rest, local)
        chosen.update(got)
        used |= set(got.values())
    return chosen, unsure


def _by_order(parts: list[Part], cands: list[Candidate], fits: list[list[float | None]]
              ) -> tuple[dict[int, int], dict[int, tuple[int, int]]]:
    """Assignment in reading order (labels as hints only): computations first, then each problem's descriptions
    within its stretch of the document."""
    m = len(cands)
    math_parts = [k for k, p in enumerate(parts) if p.kind not in _PROSE]
    chosen = _align(math_parts, list(range(m)), fits)
    problem_of = [p.problem for p in parts]
    windows: dict[int, tuple[int, int]] = {}
    for pid in dict.fromkeys(problem_of):
        mine = [k for k, p in enumerate(parts) if p.problem == pid]
        located = [chosen[k] for k in mine if k in chosen]
        before = [chosen[k] for k in chosen if k < mine[0]]
        later = [chosen[k] for k in chosen if problem_of[k] != pid and k > mine[-1]]
        lo = min(located) if located else (max(before) + 1 if before else 0)
        hi = min(later) if later else m
        prose = [k for k in mine if parts[k].kind in _PROSE]
        taken = [cands[t] for t in chosen.values()]
        slots = [t for t in range(lo, hi) if t not in chosen.values()
                 and not any(_overlap(cands[t], c) for c in taken)]
        chosen.update(_align(prose, slots, fits))
        for k in mine:
            windows[k] = (lo, hi)
    return chosen, windows


def locate(assignment: Assignment, references: dict[str, Reference], cands: list[Candidate]) -> Extraction:
    """Decide, for the whole document at once, which candidate answers which part; mark the unsure ones.

    The student's labels decide where they agree with the spec (`_labels_trusted`); otherwise parts are aligned
    in reading order, computations first, descriptions within their problem's stretch. Where another candidate
    fits as well and says something else, the part is graded and marked for the instructor's review with the
    alternatives. Nothing here looks at whether an answer is right.
    """
    loc = Locator(assignment, references)
    parts = list(assignment.parts)
    cands = _reorder(assignment, cands)
    m = len(cands)
    base = [[loc.base_fit(p, c) for c in cands] for p in parts]
    trusted = _labels_trusted(parts, cands, base)
    fits = [[loc.fit(p, c, trusted, base[k][t], known=True) for t, c in enumerate(cands)]
            for k, p in enumerate(parts)]
    if not trusted:
        # Even where labels are only hints, "3f)" in front of an answer 3f can take is that part's, not 2a's.
        for t, c in enumerate(cands):
            own = [k for k, p in enumerate(parts) if _labelled_for(p, c) and base[k][t] is not None]
            if own and c.label.sub is not None:
                for k in range(len(parts)):
                    if k not in own:
                        fits[k][t] = None
    # A candidate whose left side names one part ("U x = ...") is not an answer to another part of its kind.
    for t, c in enumerate(cands):
        named = {k for k, p in enumerate(parts) if fits[k][t] is not None and c.kind == "chain"
                 and loc.hinted(p, c, lhs_only=True)}
        if named:
            for k in range(len(parts)):
                if k not in named and fits[k][t] is not None and parts[k].locate:
                    fits[k][t] = None
    unsure: dict[int, str] = {}
    if trusted:
        chosen, unsure = _by_labels(loc, parts, cands, fits)
        windows = {k: _trusted_window(parts, cands, chosen, k) for k in range(len(parts))}
    else:
        chosen, windows = _by_order(parts, cands, fits)
    math_parts = [k for k, p in enumerate(parts) if p.kind not in _PROSE]
    used = set(chosen.values())
    found: list[Found] = []
    missing: list[tuple[str, str]] = []
    for k, part in enumerate(parts):
        if k not in chosen:
            missing.append((part.id, _missing_reason(part)))
            continue
        c = cands[chosen[k]]
        if trusted:
            lo, hi = windows[k]
            pool = [t for t in range(lo, hi) if _allowed(part, cands[t])
                    and (_labelled_for(part, cands[t]) or not _labelled_for(part, c))]
        elif part.kind in _PROSE:
            lo, hi = windows[k]
            pool = list(range(lo, hi))
        else:
            lo = max((chosen[q] for q in chosen if q < k and q in math_parts), default=-1) + 1
            hi = min((chosen[q] for q in chosen if q > k and q in math_parts), default=m)
            pool = list(range(lo, hi))
        # A rival computation must fit as well as the chosen one (intermediate steps nearby are not rivals); any
        # other description of the same thing in the problem's stretch is one.
        slack = 10.0 if part.kind in _PROSE else 0.05
        # So is an earlier chain for the same left side ("∂y_i/∂u = ..." twice): the student answered twice.
        rivals = [cands[t] for t in pool if t not in used and fits[k][t] is not None
                  and (fits[k][t] >= fits[k][chosen[k]] - slack or _same_left(cands[t], c))
                  and not _overlap(cands[t], c) and not loc.same_answer(part, cands[t], c)]
        review = None
        if rivals:
            review = _review(c, rivals)
        elif k in unsure:
            review = Review(unsure[k], ())
        elif part.kind is Kind.DERIVATION and loc.unread_start(part, c):
            review = Review(f"the first expressions of the chain at {_lines(c)} could not be read, so it was "
                            "graded from the first one that matches the given start", ())
        elif part.kind is Kind.CHOICE and len(set(loc.choices_named(part, c))) > 1:
            review = Review(f"the sentence graded at {_lines(c)} names more than one option "
                            f"({', '.join(dict.fromkeys(loc.choices_named(part, c)))})", ())
        text, end, snippet = loc.answer_text(part, c), c.end, c.text
        if part.kind is Kind.ROTATION and c.kind == "sentence":
            text, end = _description(cands, chosen[k])
            snippet = text
        found.append(Found(part.id, text, c.start, end, snippet[:400], review))
    return Extraction(tuple(found), tuple(missing))


def _trusted_window(parts: list[Part], cands: list[Candidate], chosen: dict[int, int], k: int) -> tuple[int, int]:
    """Where rivals of a part's answer may stand: between the answers chosen for its neighbours in its problem."""
    if k not in chosen:
        return (0, 0)
    here = chosen[k]
    same = [chosen[q] for q in chosen if q != k and parts[q].problem == parts[k].problem]
    lo = max((t for t in same if t < here), default=-1) + 1
    hi = min((t for t in same if t > here), default=len(cands))
    return lo, hi


def _review(chosen: Candidate, rivals: list[Candidate]) -> Review:
    alternatives: list[Alternative] = []
    seen: set[tuple[int, int]] = set()
    for r in rivals:
        if (r.start, r.end) in seen or (r.start, r.end) == (chosen.start, chosen.end):
            continue
        seen.add((r.start, r.end))
        alternatives.append(Alternative(r.start, r.end, r.text[:200]))
    where = ", ".join(_lines_of(a.start, a.end) for a in alternatives[:3]) or "the same line"
    reason = (f"another answer at {where} disagrees; graded the answer at {_lines(chosen)} (the best match). "
              "Please check.")
    return Review(reason, tuple(alternatives[:5]))


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
    return _lines_of(c.start, c.end)


def _lines_of(start: int, end: int) -> str:
    return f"line {start}" if start == end else f"lines {start}–{end}"


def _what(part: Part) -> str:
    return {Kind.VECTOR: "a vector", Kind.MATRIX: "a matrix",
            Kind.DERIVATION: "a chain of equalities from the given start"}.get(part.kind, "an answer of this part's kind")


def _missing_reason(part: Part) -> str:
    what = {Kind.VECTOR: "a vector", Kind.MATRIX: "a matrix", Kind.ROTATION: "a sentence describing a rotation",
            Kind.CHOICE: "a sentence naming one of " + ", ".join(part.options.choices),
            Kind.DERIVATION: "a chain of equalities starting at the given expression",
            Kind.TEXT: "an explanation in words"}.get(part.kind, "an equation whose result fits this part")
    return f"not found in the document (looked for {what}, in the order of the parts)"

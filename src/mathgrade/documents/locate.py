"""Answer location: which candidate in a document answers which part.

Each (part, candidate) pair gets a fit from what the part asks for (a 2-entry vector, a 2×2 matrix, a chain that
starts at the given expression, a sentence about a rotation), the part's `locate:` hints matched against the left
side of the chain or the sentence, and the student's own markers. Parts are then aligned to candidates in reading
order by dynamic programming, as students answer in order. The fit never looks at whether an answer is right: a
grader that picks the right one of several attempts would reward guessing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

import sympy

from mathgrade.check import names_in
from mathgrade.check.choice import affirmed_text, compact, find_choices, spellings
from mathgrade.check.compare import compare_scalar
from mathgrade.check.options import Compare, Kind
from mathgrade.check.rotation import read_rotation
from mathgrade.documents.assign import (PROSE, allowed, by_labels, by_order, labelled_for, labels_trusted,
                                        lines, named_answers, overlap, reorder, sub_of, what)
from mathgrade.documents.candidates import Candidate, lhs_key
from mathgrade.documents.doubt import (CALL, ROTATION, SLASH_PRODUCT, description, has_math, left_unsure,
                                       math_under_label, missing_reason, problem_stretch, rival_review, same_value,
                                       trusted_window, unread_words)
from mathgrade.documents.labels import Label, expand_range
from mathgrade.documents.notation import TypedNames, as_typed, contradicts, typed_names
from mathgrade.grade.references import Reference
from mathgrade.grade.results import Review
from mathgrade.parse import ParseOptions, parse_answer, split_top_level
from mathgrade.parse.objects import is_matrix
from mathgrade.solvers import DerivationRef
from mathgrade.spec import Assignment, Part

_NORM = re.compile(r"\\left|\\right|\\mathbf|\\boldsymbol|\\mathrm|[\s{}$\\]")
_DEFINITION = re.compile(r"\$\s*([^$=]{1,20}?)\s*=(?!=)")
_PAIR = re.compile(r"\$\s*([^$=]{1,40}?)\s*=\s*([^$=]{1,80}?)\s*\$")
MAX_START_MEMBERS = 50
_SET = re.compile(r"^\s*(?:\\left)?\s*\\?\{\s*((?:[^{}\\]|\\[ ,;:!])*?)\s*(?:\\right)?\s*\\?\}\s*$")
_MEMBERSHIP = re.compile(r"^\s*(?:[^\W\d_]|\\[A-Za-z]+)(?:_\{?\w+\}?)?\s*(?:\\in(?![A-Za-z])|∈)(?=\s*(?:\\left)?\s*\\?\{)")
_UNBOUNDED_SUM = re.compile(r"\\sum_\{?\s*[a-z]\s*\}?(?!\s*\^)|\bsum_\{?[a-z]\}?(?!\s*\^)")
_TRAILING = ("\\quad", "\\qquad", "\\,", "\\;", "\\!", "\\:")
"""Spacing a student leaves after an answer; stripped from the end one piece at a time (the pattern
`(?:\\\\quad|...|\\s)+$` rescanned every run of spaces from each of its positions: 20,000 spaces took 55 s)."""


_WORKING = 0.2  # the fit of a formula where the part asks for a value: working, ranked low
# "work for 5a:", "working:", "scratch:", "Rechnung:", "brouillon :": a line the student calls working
_WORK_LINE = re.compile(r"^\s*[-*>]*\s*(?:\*\*)?(?:work(?:ing)?|scratch(?:\s+work)?|rough\s+work|side\s+calc\w*|rechnung|"
                        r"nebenrechnung|brouillon|borrador|cálculos?)\b[^:]{0,20}:", re.I)


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
    review: Review | None = None


@dataclass(frozen=True)
class Extraction:
    """Everything located in one document, and the parts not found with the reason."""

    found: tuple[Found, ...]
    missing: tuple[tuple[str, str], ...]
    unsure_missing: tuple[tuple[str, Review], ...] = ()
    """Parts left unanswered although the student wrote math under their label: the instructor should look."""


_SUP_SUB = re.compile(r"\^(\{[^{}]*\}|\w)_(\{[^{}]*\}|\w)")


def _mentions(hint: str, text: str) -> bool:
    """Whether a normalised hint occurs in a normalised text other than raised to a power (`\nabla_u` is not
    `\nabla_u^2`, the Hessian)."""
    start = text.find(hint)
    while start >= 0:
        if not text.startswith("^", start + len(hint)):
            return True
        start = text.find(hint, start + 1)
    return False


@lru_cache(maxsize=8192)
def _norm(text: str) -> str:
    text = text.replace("\\top", "T").replace("\\intercal", "T").replace("ᵀ", "^T").replace("√", "sqrt")
    # `\nabla^2_u` and `\nabla_u^2` are one symbol: the subscript first
    text = _SUP_SUB.sub(r"_\2^\1", text) if "^" in text and "_" in text else text
    text = re.sub(r"_\{?(\d)\}?", r"\1", text.replace("−", "-"))
    return _NORM.sub("", text).lower().replace("^t", "t").replace("^{t}", "t").replace("*", "")


_ONE_LABEL = r"\d{1,2}\s*\.?\s*\(?[a-h]\)?"
# ("(2a, 3b)" in round brackets may be a vector in a and b: only a bare or square-bracketed list is labels)
_LABELS_ONLY = re.compile(rf"\s*\[?\s*{_ONE_LABEL}(?:\s*(?:,|;|&|\band\b|--|–|-)\s*{_ONE_LABEL})+\s*\]?\s*[.,;]?\s*")


_CONSTANTS = ParseOptions()  # how a given value and its copy are read: numbers and matrices of numbers


@lru_cache(maxsize=4096)
def _parse(text: str, options: ParseOptions) -> Any:
    parsed = parse_answer(text.strip().rstrip(".,;:"), options)
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
        self._parse_options: dict[str, ParseOptions] = {}
        self._indexed: dict[str, TypedNames] = {}
        self.given = {name.lower() for name, _ in assignment.values}
        self.given_text = {_norm(name): value for name, value in assignment.values if isinstance(value, str)}
        # "Let $z_i = w^T x_i - u$" in a problem's prompt: a student who copies that line is not answering.
        self.defined = {_norm(m.group(1)) for prob in assignment.problems for m in _DEFINITION.finditer(prob.prompt)}
        # "for $x = e_1/\\sqrt{2}$" in a part's prompt: the pair (left, right) copied is set-up, not an answer.
        prompts = [prob.prompt for prob in assignment.problems] + [p.prompt for p in assignment.parts]
        # "Compute $V e_1$": the expression a part asks about, which a student may copy above the answer.
        self.prompt_math = {_norm(m.group(1)) for p in assignment.parts
                            for m in re.finditer(r"\$([^$]{1,80})\$", p.prompt or "")}
        # A part's own question restated is not its answer; another part's expression may well be (1b starts
        # its chain where 1a's answer ends).
        self.own_prompt = {p.id: {_norm(m.group(1)) for m in re.finditer(r"\$([^$]{1,80})\$", p.prompt or "")}
                           for p in assignment.parts}
        self.definitions = {(_norm(m.group(1)), _norm(m.group(2))) for text in prompts
                            for m in _PAIR.finditer(text or "")}
        # ... but a claim one part asks to show ("Show that σ'(x) = σ(x)(1 − σ(x))" in 1b) may be another part's
        # answer (1e: the second derivative of the softplus is σ'(x) = ...): only the problem's set-up, the part's
        # own prompt, and a condition on one variable ("for x = e_1/√2") are set-up for every part
        self.shared_pairs = {(_norm(m.group(1)), _norm(m.group(2))) for prob in assignment.problems
                             for m in _PAIR.finditer(prob.prompt or "")}
        self.own_pairs = {p.id: {(_norm(m.group(1)), _norm(m.group(2))) for m in _PAIR.finditer(p.prompt or "")}
                          for p in assignment.parts}

    def _options(self, part: Part) -> ParseOptions:
        """The parser's options for this part: its names, and the spec's declared functions and matrices."""
        known = self._parse_options.get(part.id)
        if known is None:
            known = self._parse_options[part.id] = part.options.parse_options(self._variables(part))
        return known

    def _variables(self, part: Part) -> frozenset[str]:
        # Asked for every (part, candidate) pair: the reference's names are walked once per part.
        known = self._names.get(part.id)
        if known is None:
            ref = self.references[part.id].value
            value = ref.start if isinstance(ref, DerivationRef) else ref
            known = self._names[part.id] = part.options.variables | names_in(value)
        return known

    def _value(self, part: Part, cand: Candidate) -> Any:
        return _parse(self._final(part, cand), self._options(part))

    def _final(self, part: Part, cand: Candidate) -> str:
        """The chain's result as graded: "3, 1" is the list [3, 1] where the part asks for a list."""
        final = self.indexed(part, _strip_trailing(cand.final).rstrip(".,;:"))
        if part.kind is Kind.VECTOR and Compare.UNORDERED in part.options.compare:
            # the eigenvalues as a set, {1, 3} or λ ∈ {1, 3}: a list in any order is what the part asks for
            final = _SET.sub(r"[\1]", _MEMBERSHIP.sub("", final, count=1))
        pieces = split_top_level(final, ",") if part.kind is Kind.VECTOR else []
        if len(pieces) > 1 and all(p.count("=") == 1 for _, p in pieces):
            # "λ₁ = 45, λ₂ = 5" (one box, one name): the list of the values
            sides = [p.split("=") for _, p in pieces]
            if len({lhs_key(lhs) for lhs, _ in sides}) == 1:
                return "[" + ", ".join(rhs.strip().rstrip("\\ ,") for _, rhs in sides) + "]"
        if part.kind is Kind.VECTOR and not re.match(r"\s*(?:[\[(]|\\left|\\begin)", final) \
                and len(pieces) > 1 and "=" not in final:
            return f"[{final}]"
        return final

    def indexed(self, part: Part, text: str) -> str:
        """Plain text's `yi(1-yi)`, `xi`, `dij` as y_i, x_i, δ_ij where the part's answer uses those names
        (documents/notation.py)."""
        names = self._indexed.get(part.id)
        if names is None:
            names = self._indexed[part.id] = typed_names(self.references[part.id].value)
        return as_typed(text, names)

    def _derivation_start(self, part: Part, cand: Candidate) -> int | None:
        ref = self.references[part.id].value
        options = self._options(part)
        # A derivation starts within its first few members; a chain of 25,000 `a=` must not cost 25,000 parses
        # and comparisons.
        for k, member in enumerate(cand.members[:-1][:MAX_START_MEMBERS]):
            value = _parse(member, options)
            if value is not None and not is_matrix(value) and compare_scalar(value, ref.start,
                                                                             part.options).equal:
                return k
        return None

    def base_fit(self, part: Part, cand: Candidate) -> float | None:
        """How well a candidate fits a part by what it is and what it is about, before any label is read."""
        if cand.quoted:
            return None  # the sheet's words quoted (a blockquote, `Q:`, a set-up callout), not the student's
        if cand.kind == "chain" and _LABELS_ONLY.fullmatch(cand.final):
            return None  # "- [ ] 3a, 3b, 3c": a to-do list of parts names them, it answers none
        base = self._kind_fit(part, cand)
        if base is None:
            return None
        if cand.kind == "chain" and contradicts(part.locate, cand.context, cand.final):
            return None  # "For λ = 1 the eigenvector is (1, 1)": another quantity than the part's "λ = 3"
        if cand.kind == "chain" and _WORK_LINE.match(cand.context) and cand.final.replace(" ", "") in \
                cand.context.replace(" ", ""):
            return min(base, _WORKING)  # "work for 5a: $F\,Rot$ = [..][..]": the student's working, not the result
        if self.hinted(part, cand):
            # the hint names the quantity; where the part asks for its value, the formula is not yet the answer
            base += 1.0 if base != _WORKING else 0.3
        if cand.kind == "chain" and len(cand.members) == 1 and _norm(cand.members[0]) in self.own_prompt[part.id]:
            return None  # "(a) $V e_1$" above a notebook cell: the question restated, not an answer
        if cand.kind == "chain" and len(cand.members) == 2:
            pair = (_norm(cand.members[0]), _norm(cand.members[1]))
            setup = pair in self.shared_pairs or pair in self.own_pairs[part.id] or (
                pair in self.definitions and re.fullmatch(r"[a-z]+\d?", pair[0]) is not None) or self._own_point(
                part, pair[0], cand.members[1])
            if setup or self.copies_given(cand):
                return None  # "z_i = w^T x_i - u", "x = e_1/√2": the problem's own set-up, copied
        restated = self.given | self.defined
        if cand.kind == "chain" and _norm(cand.members[0]) in restated and len(cand.members) <= 2:
            base -= 0.5  # "V = [...]", "z_i = w^T x_i - u": restating a given value, not answering
        if cand.boxed:
            base += 1.1  # the student's own mark of the result (\boxed, "ans:") outranks a hint on the working
        return base

    def _own_point(self, part: Part, left: str, right: str) -> bool:
        r"""`θ = \frac{\pi}{3}` under a part that asks for a value "at $\theta = \pi/3$": the point restated in
        other notation (compared by value), not the answer."""
        given = next((v for lhs, v in self.own_pairs[part.id] if lhs == left), None)
        if given is None:
            return False
        return same_value(_parse(given, _CONSTANTS), _parse(right, _CONSTANTS))

    def restates(self, cand: Candidate) -> bool:
        """A copied question (`$V e_1$`) or set-up line (`x = e_1/√2`): never an answer, even under a label."""
        if cand.quoted:
            return True
        if cand.kind != "chain":
            return False
        if len(cand.members) == 1:
            return _norm(cand.members[0]) in self.prompt_math
        return len(cand.members) == 2 and ((_norm(cand.members[0]), _norm(cand.members[1])) in self.definitions
                                           or self.copies_given(cand))

    def unknown_call(self, part: Part, cand: Candidate) -> str | None:
        """`s(x)` in an answer whose variables include x but not s, and no declared function is called s: the
        student's own name for a function (σ written s), which the grader reads as s·x."""
        text = self.answer_text(part, cand)
        variables = self._variables(part)
        for m in CALL.finditer(text):
            name, arg = m.group(1), m.group(2)
            declared = {w for f in part.options.functions for w in (f.name, *f.words)}
            if arg in variables and name not in variables and name not in declared:
                return m.group(0)
        return None

    def copies_given(self, cand: Candidate) -> bool:
        """`B = (2 1; 1 2)` under problem 2 whose text gives B: the student copied a given value, in their own
        notation (the sheet's `bmatrix` written as a `pmatrix`, or as a list), which answers nothing. Only
        constants are compared, so no part's names are needed to read them."""
        given = self.given_text.get(_norm(cand.members[0]))
        if given is None:
            return False
        return same_value(_parse(cand.members[1], _CONSTANTS), _parse(given, _CONSTANTS))

    def readable(self, part: Part, cand: Candidate) -> bool:
        """Whether the text graded for this part reads as math in full (prose parts are read by their checker).
        An answer that does not is graded (as invalid) and marked: the reader, not the student, may be wrong."""
        if part.kind in PROSE or part.kind is Kind.TEXT or cand.kind != "chain":
            return True
        text = self.answer_text(part, cand)
        if part.kind is Kind.DERIVATION:
            return all(_parse(m, self._options(part)) is not None for m in text.split(" = "))
        return _parse(text, self._options(part)) is not None

    def unbounded_sum(self, part: Part, cand: Candidate) -> bool:
        """A result written with `\\sum_j` and no range, for a part whose reference has no sum: the student means
        the terms of this problem, the parser can only read a sum up to an unknown bound."""
        if cand.kind != "chain" or part.kind in PROSE or not _UNBOUNDED_SUM.search(self.answer_text(part, cand)):
            return False
        ref = self.references[part.id].value
        value = ref.start if isinstance(ref, DerivationRef) else ref
        return "Sum" not in str(value)

    def unread_start(self, part: Part, cand: Candidate) -> bool:
        """A derivation whose matching start is not its first expression, and what precedes it cannot be read."""
        k = self._derivation_start(part, cand) if cand.kind == "chain" else None
        return bool(k) and any(_parse(m, self._options(part)) is None for m in cand.members[:k])

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
        sub = sub_of(part)
        if cand.label.sub is not None and sub is not None and cand.label.problem in (None, part.problem):
            # "(a)" under Problem 3 is 3a: the student's own marker outweighs the order and the kind, and an
            # answer marked for another part of this problem is unlikely to be this one.
            base += 1.0 if cand.label.sub == sub else -1.5
        return base

    def choices_named(self, part: Part, cand: Candidate) -> list[str]:
        """The options of a choice part that a sentence names."""
        ref = self.references[part.id].value
        spelling = spellings(part.options, str(ref))
        return find_choices(affirmed_text(cand.text, spelling), spelling)  # "no scaling": none

    def hinted(self, part: Part, cand: Candidate, lhs_only: bool = False) -> bool:
        """Whether one of the part's locate hints names this candidate: its left side, or (unless `lhs_only`)
        the prose or computation just before it."""
        own = cand.members[0] if cand.kind == "chain" else cand.text
        haystack = _norm(own if lhs_only else own + " " + cand.context)
        if any(_norm(h) and _mentions(_norm(h), haystack) for h in part.locate):
            return True
        # A hint "Σ =" names the whole left side `Σ` of a chain (its `=` is the chain's own separator).
        return cand.kind == "chain" and len(cand.members) > 1 and any(
            h.rstrip().endswith("=") and _norm(h).rstrip("=") == _norm(own) for h in part.locate)

    def _kind_fit(self, part: Part, cand: Candidate) -> float | None:
        kind = part.kind
        ref = self.references[part.id].value
        if kind is Kind.ROTATION:
            if cand.kind not in ("sentence", "paragraph"):
                return None
            reading = read_rotation(cand.text)
            if not ROTATION.search(cand.text) and (reading.angle is None or reading.direction is None):
                return None  # no "rotate" word: an angle with a direction still describes one
            # "Now the rotation itself." names a rotation but describes none: no angle, direction or scale.
            said = [reading.angle is not None, reading.direction is not None,
                    reading.scale_claimed or reading.scale is not None]
            if cand.kind == "paragraph":
                # "... which is at −150°. So U is a rotation by 150° clockwise, with no scaling": a description
                # over two sentences is read whole when it says more than any one of them
                return 0.75 + 0.1 * sum(said) if sum(said) >= 2 and not reading.conflict else None
            return 0.8 + 0.1 * sum(said) if any(said) else None
        if kind is Kind.CHOICE:
            if cand.kind != "sentence":
                return None
            spelling = spellings(part.options, str(ref))  # synonyms too: "réflexion", "Spiegelung"
            # "not a square" names an option only to rule it out: such a sentence is not an answer by itself.
            return 1.0 if find_choices(affirmed_text(cand.text, spelling), spelling) else None
        if kind is Kind.TEXT:
            words = len(cand.text.split())
            if cand.kind == "paragraph":
                return 0.6 if words >= 8 else None
            # ("b) rotate, stretch, rotate again": under a part's own label a short answer is still an answer)
            if cand.kind != "sentence" or words < (3 if cand.label.sub is not None else 6) \
                    or cand.text.rstrip().endswith(":") \
                    or cand.text.lstrip().startswith("#"):
                return None
            # An explanation may well mention a rotation (7b: "A rotates, scales, rotates"): it only ranks lower.
            return 0.2 if ROTATION.search(cand.text) else 0.3
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
        if value.free_symbols and not getattr(ref, "free_symbols", True):
            # the part asks for a value ("at r = 2, θ = π/3"): a formula in the variables is the working before it
            return _WORKING
        shared = _names_of(value) & self._variables(part)
        return 0.4 + (0.3 if shared or (not value.free_symbols and not ref.free_symbols) else 0.0)

    def answer_text(self, part: Part, cand: Candidate) -> str:
        """The text graded for this part: the chain's last member, the derivation from its start, or prose."""
        if cand.kind != "chain":
            return cand.text
        if part.kind is Kind.DERIVATION:
            k = self._derivation_start(part, cand) or 0
            members = [self.indexed(part, m.strip()) for m in cand.members[k:]]
            members[-1] = _strip_trailing(members[-1]).rstrip(".,;:")  # "... = x ." ends a display sentence
            return " = ".join(members)
        return self._final(part, cand)

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


def locate(assignment: Assignment, references: dict[str, Reference], cands: list[Candidate]) -> Extraction:
    """Decide, for the whole document at once, which candidate answers which part; mark the unsure ones.

    The student's labels decide where they agree with the spec (`labels_trusted`); otherwise parts are aligned
    in reading order, computations first, descriptions within their problem's stretch. Where another candidate
    fits as well and says something else, the part is graded and marked for the instructor's review with the
    alternatives. Nothing here looks at whether an answer is right.
    """
    loc = Locator(assignment, references)
    parts = list(assignment.parts)
    cands = _past_descriptions(parts, reorder(assignment, cands))
    m = len(cands)
    base = [[loc.base_fit(p, c) for c in cands] for p in parts]
    restated = frozenset(t for t, c in enumerate(cands) if c.kind == "chain" and len(c.members) == 2
                         and _norm(c.members[0]) in loc.given)
    trusted = labels_trusted(parts, cands, base, restated)
    fits = [[loc.fit(p, c, trusted, base[k][t], known=True) for t, c in enumerate(cands)]
            for k, p in enumerate(parts)]
    if not trusted:
        # Even where labels are only hints, "3f)" in front of an answer 3f can take is that part's, not 2a's.
        for t, c in enumerate(cands):
            own = [k for k, p in enumerate(parts) if labelled_for(p, c) and base[k][t] is not None]
            if own and c.label.sub is not None:
                for k in range(len(parts)):
                    if k not in own:
                        fits[k][t] = None
    # A candidate whose left side names one part ("U x = ...") is not an answer to another part of its kind.
    for t, c in enumerate(cands):
        named = {k for k, p in enumerate(parts) if fits[k][t] is not None and c.kind == "chain"
                 and loc.hinted(p, c, lhs_only=True)}
        if named:
            # ... unless the student boxed it under their own label (1e's "the second derivative is
            # σ'(x) = \boxed{...}" names 1a's quantity): a label spread over a run of values is not as sure
            # (or wrote it under that part's own single label: "**1e.** so the second derivative is σ'(x) = …")
            own = {k for k, p in enumerate(parts) if labelled_for(p, c)} \
                if trusted and (c.boxed or (c.label.sub is not None and len(c.label.sub) == 1)) else set()
            for k in range(len(parts)):
                if k not in named and k not in own and fits[k][t] is not None and parts[k].locate:
                    fits[k][t] = None
    # "3b. (skipped — same idea as 3a)", "7b) I will bring it on paper": the student's own word that a part is
    # not answered here; nothing else is placed in it
    declined = {k for k, p in enumerate(parts)
                if any(c.kind == "declined" and (c.label.sub is not None and labelled_for(p, c)
                                                 or c.label.sub is None and c.label.problem == p.problem)
                       for c in cands)}
    for k in declined:
        fits[k] = [None] * m
    unsure: dict[int, str] = {}
    if trusted:
        chosen, unsure = by_labels(loc, parts, cands, fits)
        windows = {k: trusted_window(parts, cands, chosen, k) for k in range(len(parts))}
    else:
        chosen, windows = by_order(parts, cands, fits)
    named_answers(loc, parts, cands, fits, chosen)
    for k in declined:
        chosen.pop(k, None)
        unsure.pop(k, None)
    math_parts = [k for k, p in enumerate(parts) if p.kind not in PROSE]
    used = set(chosen.values())

    def placed(q: int) -> bool:
        c = cands[chosen[q]]
        return labelled_for(parts[q], c) or loc.hinted(parts[q], c, lhs_only=True) or (
            c.label.problem == parts[q].problem and sum(p.problem == parts[q].problem for p in parts) == 1)

    # A part left unanswered next to an answer that order alone gave to a part of the same kind: either could be
    # the one the student answered (a skipped part shifts the order).
    shifted: dict[int, int] = {}
    for k in range(len(parts)):
        if k in chosen or parts[k].kind in PROSE:
            continue
        for q in chosen:
            if parts[q].problem == parts[k].problem and fits[k][chosen[q]] is not None and not placed(q):
                shifted.setdefault(k, chosen[q])
                shifted.setdefault(q, chosen[q])
    found: list[Found] = []
    missing: list[tuple[str, str]] = []
    unsure_missing: list[tuple[str, Review]] = []
    for k, part in enumerate(parts):
        if k in declined:
            said = next(c.text for c in cands if c.kind == "declined" and (
                labelled_for(part, c) or c.label.sub is None and c.label.problem == part.problem))
            missing.append((part.id, f"the document says it is not answered here (“{said[:80]}”)"))
            continue
        if k not in chosen:
            missing.append((part.id, missing_reason(part)))
            written = math_under_label(part, cands)
            if written is None and k in shifted:
                written = cands[shifted[k]]
            if written is None:
                # a description or a choice under the part's own label that fits it, left unassigned
                written = next((cands[t] for t in range(m) if t not in used and fits[k][t] is not None
                                and labelled_for(part, cands[t])), None)
            if written is None:
                # Nothing carries its label, but an answer of its kind was left over: the order may be wrong.
                written = next((cands[t] for t in range(m) if t not in used and fits[k][t] is not None
                                and allowed(part, cands[t]) and not loc.restates(cands[t])
                                and part.kind not in PROSE), None)
            if written is None:
                # A description with no problem label to stand under (a thread of questions and answers, a page
                # with no numbers) is not read, but a sentence of its kind in its problem's stretch may be it.
                lo, hi = problem_stretch(parts, chosen, k, m)
                written = next((cands[t] for t in range(lo, hi) if t not in used and fits[k][t] is not None
                                and cands[t].label.problem in (None, part.problem)
                                and not loc.restates(cands[t])), None)
            if written is not None:
                unsure_missing.append(left_unsure(
                    part.id, written, f"no answer was assigned to {part.id}, but the math at {lines(written)} could "
                    f"be one ({what(part)} was looked for); it was left unanswered. Please check."))
                continue
            # Last: math left over between the answers of the neighbouring parts, of no kind this part takes. A
            # reader that did not understand it cannot say the part was unanswered, only that it found nothing.
            lo = max((chosen[q] for q in chosen if q < k), default=-1) + 1
            hi = min((chosen[q] for q in chosen if q > k), default=m)
            leftover = next((cands[t] for t in range(lo, hi) if t not in used and has_math(cands[t])
                             and part.kind not in PROSE and not loc.restates(cands[t])
                             and (cands[t].output or not (cands[t].label.sub is not None
                                                          and not labelled_for(part, cands[t])))), None)
            if leftover is None and part.kind not in PROSE:
                # The problem's answers were found under a number the reader inferred (a thread's questions):
                # a part of it left unanswered may be in a sentence the reader did not take apart.
                leftover = next((cands[chosen[q]] for q in chosen if parts[q].problem == part.problem
                                 and cands[chosen[q]].guessed), None)
            if leftover is not None:
                unsure_missing.append(left_unsure(
                    part.id, leftover, f"no answer was found for {part.id}; the math at {lines(leftover)} was not "
                    f"understood as one ({what(part)} was looked for). Please check."))
            continue
        c = cands[chosen[k]]
        if trusted:
            lo, hi = windows[k]
            pool = [t for t in range(lo, hi) if allowed(part, cands[t])
                    and (labelled_for(part, cands[t]) or not labelled_for(part, c))]
        elif part.kind in PROSE:
            lo, hi = windows[k]
            pool = list(range(lo, hi))
        else:
            lo = max((chosen[q] for q in chosen if q < k and q in math_parts), default=-1) + 1
            hi = min((chosen[q] for q in chosen if q > k and q in math_parts), default=m)
            pool = list(range(lo, hi))
        # A rival computation must fit as well as the chosen one (intermediate steps nearby are not rivals); any
        # other description of the same thing in the problem's stretch is one.
        # An answer placed by order alone (no label of its own, no hint on its left side) is as doubtful as its
        # neighbours: any other fitting answer nearby that says something else is a rival.
        slack = 10.0 if part.kind in PROSE or not placed(k) else 0.05
        # So is an earlier chain for the same left side ("∂y_i/∂u = ..." twice): the student answered twice.
        rivals = [cands[t] for t in pool if t not in used and fits[k][t] is not None
                  and (fits[k][t] >= fits[k][chosen[k]] - slack or _same_left(cands[t], c) or cands[t].boxed)
                  and not overlap(cands[t], c) and not loc.same_answer(part, cands[t], c)]
        review = None
        if rivals:
            review = rival_review(c, rivals)
        elif not trusted and c.label.sub is not None and sub_of(part) is not None \
                and c.label.problem in (None, part.problem) and sub_of(part) not in expand_range(c.label.sub):
            # The labels were not trusted, and this answer stands under another part of the same problem: say so.
            # (Under another problem's number it is the student's own counting, as in the seed: no news.)
            review = Review(f"the answer graded at {lines(c)} stands under the student's label "
                            f"{c.label.problem or ''}{c.label.sub}, not {part.id}; it was placed by order. "
                            "Please check.", ())
        elif k in unsure:
            review = Review(unsure[k], ())
        elif k in shifted:
            review = Review(f"the answer at {lines(c)} was given to {part.id} by order alone, and a part of its "
                            "problem with an answer of the same kind is unanswered: it may be that part's. "
                            "Please check.", ())
        elif part.kind is Kind.DERIVATION and loc.unread_start(part, c):
            review = Review(f"the first expressions of the chain at {lines(c)} could not be read, so it was "
                            "graded from the first one that matches the given start", ())
        elif part.kind is Kind.CHOICE and len(set(loc.choices_named(part, c))) > 1:
            review = Review(f"the sentence graded at {lines(c)} names more than one option "
                            f"({', '.join(dict.fromkeys(loc.choices_named(part, c)))})", ())
        elif not loc.readable(part, c):
            review = Review(f"the math graded at {lines(c)} could not be read in full; the reading may be at "
                            "fault rather than the student. Please check.", ())
        elif part.kind not in PROSE and (call := loc.unknown_call(part, c)) is not None:
            review = Review(f"the answer at {lines(c)} writes {call}, a function the problem does not define (the "
                            f"student's name for one it does?); it was read as a product. Please check.", ())
        elif part.kind not in PROSE and SLASH_PRODUCT.search(loc.answer_text(part, c)):
            review = Review(f"the answer at {lines(c)} writes a product after a slash (“1 / 2 √2”): it was read as "
                            "(1/2)·√2, as written; a handwritten 1/(2√2) reads the same once typed. Please check.", ())
        elif loc.unbounded_sum(part, c):
            review = Review(f"the answer at {lines(c)} sums over an index without saying its range; it was read "
                            "as a sum with an unknown upper bound. Please check.", ())
        elif c.guessed and not placed(k):
            review = Review(f"the answer at {lines(c)} was matched to {part.id} through what it speaks of (the "
                            "question it replies to, or the problem's matrix) and the order of the answers; the "
                            "student did not number it. Please check.", ())
        elif trusted and not placed(k) and part.kind not in PROSE and c.label.problem is None:
            # The student labelled their answers, but not this one, nor its problem: it was placed by order alone,
            # and may be working written before the labelled answers.
            review = Review(f"the answer at {lines(c)} carries no label, not even its problem's, and was given to "
                            f"{part.id} by order alone. Please check.", ())
        elif trusted and not placed(k) and part.kind not in PROSE and any(
                q in unsure for q in range(len(parts)) if parts[q].problem == part.problem):
            # Another part of this problem points at an answer away from its label ("3a is the first output"):
            # the answers of the problem were matched to its parts by order, and this one by order alone.
            review = Review(f"the answer at {lines(c)} carries no label of its own and was given to {part.id} by "
                            "order, next to a part whose answer stands away from its label. Please check.", ())
        text, end, snippet = loc.answer_text(part, c), c.end, c.text
        if part.kind is Kind.ROTATION and c.kind == "sentence":
            text, end = description(cands, chosen[k])
            snippet = text
            unread = unread_words(text)
            if review is None and unread:
                review = Review(f"the description at {lines(c)} mentions {', '.join(unread)} that could not be "
                                "read; it was graded on what could. Please check.", ())
        found.append(Found(part.id, text, c.start, end, snippet[:400], review))
    return Extraction(tuple(found), tuple(missing), tuple(unsure_missing))


def _past_descriptions(parts: list[Part], cands: list[Candidate]) -> list[Candidate]:
    """A notebook's printed outputs on lines below a description's label ("c) so V rotates by 45° …", then two
    printed vectors with no label of their own) carry only their problem's number: a description takes no formula,
    and a notebook prints the next parts' answers before the student labels them."""
    prose = {(p.problem, sub_of(p)) for p in parts if p.kind in PROSE}
    first: dict[tuple[str | None, str | None], int] = {}
    for c in cands:
        first.setdefault((c.label.problem, c.label.sub), c.start)
    return [replace(c, label=Label(c.label.problem, None))
            if c.kind == "chain" and c.output and (c.label.problem, c.label.sub) in prose
            and c.start > first[(c.label.problem, c.label.sub)]
            else c for c in cands]


def _same_left(a: Candidate, b: Candidate) -> bool:
    return (a.kind == b.kind == "chain" and len(a.members) > 1 and len(b.members) > 1
            and _norm(a.members[0]) == _norm(b.members[0]) and a.label == b.label)



"""Assignment of candidates to parts: the student's labels when they can be trusted, reading order otherwise.

Two strategies over the same fit table (parts × candidates, from `locate.Locator`): `by_labels` for documents
whose labels agree with the spec, `by_order` (monotone alignment) for the rest. Both are one decision over the
whole document, and neither looks at whether an answer is right.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from mathgrade.check.options import Kind
from mathgrade.documents.candidates import Candidate
from mathgrade.documents.labels import expand_range, several
from mathgrade.spec import Assignment, Part

if TYPE_CHECKING:
    from mathgrade.documents.locate import Locator


def sub_of(part: Part) -> str | None:
    """The letter a student writes for this part: `a` for part 3a of problem 3 (None if ids are not so built)."""
    rest = part.id[len(part.problem):] if part.id.startswith(part.problem) else ""
    return rest.strip(".-_ ").lower() or None


def reorder(assignment: Assignment, cands: list[Candidate]) -> list[Candidate]:
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


PROSE = (Kind.ROTATION, Kind.CHOICE, Kind.TEXT)


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


def labelled_for(part: Part, cand: Candidate) -> bool:
    """The candidate carries this part's own label (`2a)`, problem 2 then `(a)`, `Problem 1` for part 1)."""
    sub = sub_of(part)
    return cand.label.problem == part.problem and cand.label.sub == sub


def _subs(cand: Candidate) -> list[str]:
    return expand_range(cand.label.sub)


def allowed(part: Part, cand: Candidate) -> bool:
    """Whether the student's labels leave this candidate open to this part (another problem's or part's is not).
    A description or explanation must stand under its problem: the title and the preamble describe nothing."""
    if cand.label.problem is not None and cand.label.problem != part.problem:
        return False
    if cand.label.problem is None and part.kind in PROSE:
        return False
    sub = sub_of(part)
    return cand.label.sub is None or sub is None or sub in _subs(cand)


def labels_trusted(parts: list[Part], cands: list[Candidate], base: list[list[float | None]],
                   restated: frozenset[int] = frozenset()) -> bool:
    """Whether the student's labels agree with the spec: most labelled answers fit a part with that label.

    One decision for the whole document. A transcript whose circled numbers are the student's own counting (②
    over the rotation problem) keeps the labels as hints only; a document labelled 2a), 2b), ... is read by them.
    """
    labelled = consistent = 0
    for t, c in enumerate(cands):
        if c.label.problem is None or c.kind != "chain" or t in restated:
            # prose fits a description or an explanation almost anywhere: only computations tell; and a given
            # matrix restated under its problem's heading ("Problem 1   R = [0 -2; 2 0]") answers nothing
            continue
        # Only a firm fit is evidence (a vector, a matrix, a derivation, a hinted line): any scalar working
        # ("cos θ = -√3/2") fits some expression part somewhere, which says nothing about the labels.
        if not any(base[k][t] is not None and base[k][t] >= 1.0 for k in range(len(parts))):
            continue
        # Working printed under a label that fits nothing of its own problem (a console's `P^2 - P` check under
        # "4a: projection") says nothing about the labels either.
        if c.label.sub is not None and not any(base[k][t] is not None and base[k][t] >= 1.0
                                               for k in range(len(parts)) if parts[k].problem == c.label.problem):
            continue  # (a part's own label: a problem number alone, as ② in a transcript, still counts)
        own = [p for p in parts if labelled_for(p, c)]
        if own and all(p.kind in PROSE for p in own):
            continue  # "1a: e₁ ↦ (0, 2), e₂ ↦ (-2, 0) → R rotates …": working under a description's label
        labelled += 1
        consistent += any(allowed(parts[k], c) for k in range(len(parts)) if base[k][t] is not None)
    if labelled >= 2:
        return consistent >= 0.8 * labelled
    # Too few labelled computations to judge: labels that each name a part of the spec are trusted.
    named = {(c.label.problem, c.label.sub) for c in cands if c.label.problem is not None and c.label.sub}
    ids = {(p.problem, sub_of(p)) for p in parts}
    singles = {n for n in named if not several(n[1])}
    return len(singles) >= 2 and singles <= ids


_POINTS_UP = re.compile(r"\b(?:above|printed\s+before|from\s+the\s+(?:previous|last)\s+(?:cell|output))\b", re.I)
_CORRECTION = re.compile(r"\b(?:that'?s\s+wrong|is\s+wrong|was\s+wrong|mistake|typo|re-?run|corrected|correction|"
                         r"scratch\s+that|ignore\s+(?:the\s+)?(?:above|previous)|oops)\b", re.I)


def _choose_labelled(loc: Locator, parts: list[Part], cands: list[Candidate],
                     fits: list[list[float | None]]) -> tuple[dict[int, int], set[int], dict[int, str]]:
    """Parts the student labelled: each takes the best-fitting answer under its own label (the last one when
    two fit alike: a correction). Where nothing under the label fits, an equation the student wrote under it is
    still theirs (graded, and marked for review); a label with only words or nothing after it stays unanswered."""
    chosen: dict[int, int] = {}
    slotted: set[int] = set()
    unsure: dict[int, str] = {}
    for k, part in enumerate(parts):
        mine = [t for t, c in enumerate(cands) if labelled_for(part, c)]
        if not mine:
            continue
        slotted.add(k)
        fitting = [t for t in mine if fits[k][t] is not None]
        # "hmm that's wrong, ... rerun:" between two answers: the student corrected the first
        said = [t for t in mine if cands[t].kind == "sentence" and _CORRECTION.search(cands[t].text)]
        if said and [t for t in fitting if t > said[-1]]:
            fitting = [t for t in fitting if t > said[-1]]
        if fitting:
            chosen[k] = max(fitting, key=lambda t: (fits[k][t], t))
            continue
        written = [t for t in mine if cands[t].kind == "chain" and re.search(r"\w", cands[t].final)
                   and not loc.restates(cands[t]) and part.kind not in PROSE]
        if written:
            chosen[k] = written[-1]
            unsure[k] = (f"the answer under the label {part.id} at {lines(cands[written[-1]])} does not read as "
                         f"{what(part)}; it was graded as written")
    return chosen, slotted, unsure


def by_labels(loc: Locator, parts: list[Part], cands: list[Candidate],
               fits: list[list[float | None]]) -> tuple[dict[int, int], dict[int, str]]:
    """Assignment in a document whose labels are trusted: labelled parts first, then the rest of each problem
    in reading order among the answers its labels leave open. A labelled part with no answer under its label
    may take an unlabelled answer of its problem written just above the label ("the matrix printed above"),
    marked for review."""
    chosen, slotted, unsure = _choose_labelled(loc, parts, cands, fits)
    free = [t for t, c in enumerate(cands) if c.kind != "label"
            and not any(labelled_for(parts[q], c) for q in range(len(parts)))]
    local = [[fits[k][t] if allowed(parts[k], cands[t]) else None for t in range(len(cands))]
             for k in range(len(parts))]
    # "(c) the `vecs` matrix above": the student points back at a value printed before the label; what stands
    # under the label (the next cell's output) is not it
    for k in sorted(slotted):
        mine = [c for c in cands if labelled_for(parts[k], c)]
        # ("**6c** and **6d** are the outputs above": the line the label stands on says it for both)
        said = [t for t, c in enumerate(cands) if c.kind == "sentence" and _POINTS_UP.search(c.text)
                and (labelled_for(parts[k], c) or c.label.problem == parts[k].problem
                     and any(m.start == c.start and m.kind == "sentence" and len(m.text.split()) <= 2 for m in mine))]
        if not said or parts[k].kind in PROSE or (k in chosen and k not in unsure):
            continue  # (an answer of the part's kind under the label is the answer: "from the list above, … = 1")
        pid = parts[k].problem
        label_at = min(t for t, c in enumerate(cands) if labelled_for(parts[k], c))
        # anywhere in its problem above the label (the value may be printed before the problem's first part)
        after = max((chosen[q] for q in chosen if parts[q].problem != pid and chosen[q] < label_at), default=-1)
        # (a printed value carries the label of the text above its cell, not of the part that points at it)
        above = [t for t in range(after + 1, label_at) if (t in free or cands[t].output) and t not in chosen.values() and (
            cands[t].label.problem in (pid, None) and local[k][t] is not None
            or cands[t].output and cands[t].kind == "chain" and fits[k][t] is not None)]
        if above:
            chosen[k] = max(above, key=lambda t: (fits[k][t] or 0.0, t))
            unsure[k] = (f"the student points at an answer above the label {parts[k].id} (“{cands[said[0]].text[:60]}”); "
                         f"the one at {lines(cands[chosen[k]])} was graded")
    # "(c)–(d) are the outputs above": a run of parts pointing back at the values printed before it, in order
    for t0, c in enumerate(cands):
        if c.kind != "sentence" or not several(c.label.sub) or not _POINTS_UP.search(c.text):
            continue
        run = [k for k, p in enumerate(parts) if p.problem == (c.label.problem or p.problem)
               and sub_of(p) in expand_range(c.label.sub) and k not in chosen and p.kind not in PROSE]
        if not run or c.label.problem is None:
            continue
        after = max((chosen[q] for q in chosen if parts[q].problem != c.label.problem and chosen[q] < t0), default=-1)
        above = [t for t in range(after + 1, t0) if cands[t].kind == "chain" and t not in chosen.values()
                 and cands[t].output]
        for k in run:
            pick = next((t for t in above[-len(run):] if fits[k][t] is not None and t not in chosen.values()), None)
            if pick is not None:
                chosen[k] = pick
                unsure[k] = (f"the student points at the values above (“{c.text[:60]}”); the one at "
                             f"{lines(cands[pick])} was graded for {parts[k].id}")
    used = set(chosen.values())
    # First the parts the student pointed at ("5a is the matrix above"): they outrank unlabelled parts.
    for k in sorted(slotted - set(chosen)):
        pid = parts[k].problem
        label_at = min(t for t, c in enumerate(cands) if labelled_for(parts[k], c))
        after = max((chosen[q] for q in chosen if parts[q].problem == pid and chosen[q] < label_at), default=-1)
        above = [t for t in range(after + 1, label_at) if t not in used and t in free
                 and cands[t].label.problem in (pid, None) and local[k][t] is not None]
        if above:
            chosen[k] = max(above, key=lambda t: (local[k][t], t))
            used.add(chosen[k])
            unsure[k] = (f"no answer stands under the label {parts[k].id}; the answer at "
                         f"{lines(cands[chosen[k]])}, just above it, was graded")
    for pid in dict.fromkeys(p.problem for p in parts):
        mine = [k for k, p in enumerate(parts) if p.problem == pid and k not in slotted]
        if not mine:
            continue
        open_ = [t for t in free if t not in used and any(allowed(parts[k], cands[t]) for k in mine)]
        math = [k for k in mine if parts[k].kind not in PROSE]
        got = _align(math, open_, local)
        chosen.update(got)
        used |= set(got.values())
        taken = [cands[t] for t in used]
        rest = [t for t in open_ if t not in used and not any(holds(cands[t], c, choice=True) for c in taken)]
        prose_fits = _prose_fits(parts, cands, local, taken)
        got = _align([k for k in mine if parts[k].kind in PROSE], rest, prose_fits)
        chosen.update(got)
        used |= set(got.values())
    return chosen, unsure


def by_order(parts: list[Part], cands: list[Candidate], fits: list[list[float | None]]
              ) -> tuple[dict[int, int], dict[int, tuple[int, int]]]:
    """Assignment in reading order (labels as hints only): computations first, then each problem's descriptions
    within its stretch of the document."""
    m = len(cands)
    math_parts = [k for k, p in enumerate(parts) if p.kind not in PROSE]
    chosen = _align(math_parts, list(range(m)), fits)
    problem_of = [p.problem for p in parts]
    windows: dict[int, tuple[int, int]] = {}
    for pid in dict.fromkeys(problem_of):
        mine = [k for k, p in enumerate(parts) if p.problem == pid]
        located = [chosen[k] for k in mine if k in chosen]
        before = [chosen[k] for k in chosen if k < mine[0]]
        later = [chosen[k] for k in chosen if problem_of[k] != pid and k > mine[-1]]
        start = max(before) + 1 if before else 0
        # a description may come before the problem's computations ("(a) Reflection" above "(b) … (1, 1)"): from
        # the end of the problems before, when one of this problem's own labels stands there
        own_before = [t for t in range(start, min(located)) if cands[t].label.problem == pid] if located else []
        lo = min(own_before) if own_before else min(located) if located else start
        hi = min(later) if later else m
        prose = [k for k in mine if parts[k].kind in PROSE]
        taken = [cands[t] for t in chosen.values()]
        # Read by order, a sentence holding a formula stays that formula's: its problem is itself a guess here.
        slots = [t for t in range(lo, hi) if t not in chosen.values()
                 and not any(holds(cands[t], c) for c in taken)]
        chosen.update(_align(prose, slots, fits))
        for k in mine:
            windows[k] = (lo, hi)
    return chosen, windows


def overlap(a: Candidate, b: Candidate) -> bool:
    return a.start <= b.end and b.start <= a.end


def holds(prose: Candidate, taken: Candidate, choice: bool = False) -> bool:
    """Whether a piece of prose holds an answer already taken (the sentence around a chosen formula): it is not
    another description's answer. With `choice`, a sentence that also names a kind of map is kept: the choice is
    read from its words, the formula from its math ("a reflection; the mirror is the line through $(1,1)$", a
    table row "Problem 2: $F$ ; kind reflection ; $(1,1)$")."""
    if not overlap(prose, taken):
        return False
    return not (choice and prose.kind == "sentence" and taken.kind == "chain")


def _prose_fits(parts: list[Part], cands: list[Candidate], fits: list[list[float | None]],
                taken: list[Candidate]) -> list[list[float | None]]:
    """The fit table for descriptions: a sentence holding a taken formula is open to choice parts only."""
    held = {t for t, c in enumerate(cands) if any(holds(c, d) for d in taken)}
    if not held:
        return fits
    return [row if parts[k].kind is Kind.CHOICE else [None if t in held else f for t, f in enumerate(row)]
            for k, row in enumerate(fits)]


def lines(c: Candidate) -> str:
    return lines_of(c.start, c.end)


def lines_of(start: int, end: int) -> str:
    return f"line {start}" if start == end else f"lines {start}–{end}"


def what(part: Part) -> str:
    return {Kind.VECTOR: "a vector", Kind.MATRIX: "a matrix",
            Kind.DERIVATION: "a chain of equalities from the given start"}.get(part.kind, "an answer of this part's kind")

def named_answers(loc: Locator, parts: list[Part], cands: list[Candidate], fits: list[list[float | None]],
                  chosen: dict[int, int]) -> None:
    """Order is only a hint: a chain whose left side names one part ("∂L/∂z_1 = …" written after 3b's) is that
    part's answer wherever it stands, in place of one order alone gave it (a part the student labelled keeps hers).
    Changes `chosen` in place."""
    m = len(cands)
    for k, part in enumerate(parts):
        if part.kind in PROSE or any(labelled_for(part, c) for c in cands):
            continue
        named = [t for t in range(m) if fits[k][t] is not None and cands[t].kind == "chain"
                 and loc.hinted(part, cands[t], lhs_only=True)]
        if not named and k not in chosen:
            # a part order left unanswered, named by the words just before a value further on ("eigenvector for 3
            # is (0.7071, 0.7071)" under the outputs of 2c-2e): that value, if nothing else holds it
            said = {c.start for c in cands if c.kind == "sentence" and loc.hinted(part, c, lhs_only=True)}
            named = [t for t in range(m) if fits[k][t] is not None and cands[t].kind == "chain"
                     and cands[t].start in said and t not in chosen.values()
                     and cands[t].label.problem in (None, part.problem)]
        if len(named) != 1 or (k in chosen and (loc.hinted(part, cands[chosen[k]], lhs_only=True)
                                                or fits[k][named[0]] < fits[k][chosen[k]])):
            continue  # (nor over a better fit: "∂y/∂θ = r cos θ" is the working of 1c's value at a point)
        holder = next((q for q, t in chosen.items() if t == named[0]), None)
        if holder is not None and (loc.hinted(parts[holder], cands[named[0]], lhs_only=True)
                                   or labelled_for(parts[holder], cands[named[0]])):
            continue  # the holder's own name or label for it outranks this one ("1e. σ'(x) = …" names 1a's σ')
        old = chosen.get(k)
        chosen[k] = named[0]
        if holder is not None:  # the part order gave it to takes this part's old answer, if that fits it
            if old is not None and fits[holder][old] is not None:
                chosen[holder] = old
            else:
                del chosen[holder]

"""Labels listed together, answered in order by what follows them.

A notebook heads a run of cells with "(c) singular values, (d) Σ, (e) V, (f) U" and prints four outputs below it;
a worksheet writes "b) c) d)" on one line and three displays under it. Each label names its part and no answer
follows it on its line: the answers are the next lines of math, one per label, in the order listed. Only an exact
match is read so (as many lines with one formula each as there are labels, before the next label); any other count
leaves the candidates under the last label, as before, and the locator's doubt applies.
"""

from __future__ import annotations

import re
from dataclasses import replace
from itertools import groupby

from mathgrade.documents.candidates import Candidate
from mathgrade.documents.labels import Label, expand_range

# A label's text that names the part's topic but answers nothing ("singular values,", "Σ,", "U", "the matrix V"):
# no formula, no digit, no equation.
_NO_ANSWER = re.compile(r"^[^$\d=\\\[\](){}]{0,40}$")
MAX_LISTED = 8


def _listed(line: list[Candidate]) -> list[str] | None:
    """The part letters a line lists with nothing after each, or None if the line is not such a list. A run
    (`5b–5e: the four corners`) may restate its question; several labels must each stand alone ("(d) Σ,")."""
    heads = [c for c in line if c.kind in ("sentence", "label") and c.label.sub is not None]
    if not heads or len(heads) > MAX_LISTED or any(c.kind == "chain" and len(c.members) > 1 for c in line):
        return None
    problems = {c.label.problem for c in heads}
    subs = [s for label in dict.fromkeys(c.label for c in heads) for s in expand_range(label.sub)]
    if len(problems) != 1 or len(set(subs)) != len(subs) or not 2 <= len(subs) <= MAX_LISTED:
        return None
    if len(heads) > 1 and not all(_NO_ANSWER.match(c.text.strip()) for c in heads):
        return None
    return subs


def answer_listed_labels(cands: list[Candidate]) -> list[Candidate]:
    """Candidates with the answers below a listed run of labels given those labels, one line each, in order."""
    lines = [list(g) for _, g in groupby(cands, key=lambda c: c.start)]
    out = list(cands)
    index = {id(c): k for k, c in enumerate(cands)}
    for n, line in enumerate(lines):
        subs = _listed(line)
        if subs is None:
            continue
        last = line[-1].label
        below: list[Candidate] = []
        for later in lines[n + 1:]:
            if any(c.label != last for c in later):
                break  # the next label starts: the listed parts' answers are all above it
            chains = [c for c in later if c.kind == "chain"]
            if len(chains) > 1:
                if len(below) != len(subs):
                    below = []
                # two formulas on one line: which answers which is not the order of lines (but one line for each
                # label above it, then a remark with two formulas, "⇒ σ₁ = 3√5, σ₂ = √5", is the list answered)
                break
            below.extend(chains)
        if len(below) != len(subs):
            continue
        for chain, sub in zip(below, subs):
            out[index[id(chain)]] = replace(chain, label=Label(last.problem, sub))
    return out

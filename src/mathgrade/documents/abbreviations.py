"""A student's own abbreviations: `Let $e = v_1\\tanh(w_1x) + v_2\\tanh(w_2x) - t$`, then `e` in the answers.

The grader reads an answer on its own, so a name the student defined in their working is read as the symbol it
usually is (`e` as Euler's number, `S` as an unknown): a right answer can come out wrong. The reader does not
substitute the definition (what the student meant by it is theirs to say); it marks every located answer that
uses such a name for the instructor's review, with the line of the definition.
"""

from __future__ import annotations

import re
from dataclasses import replace

from mathgrade.documents.locate import Extraction
from mathgrade.grade.results import Alternative, Review

__all__ = ["mark_abbreviations"]

# "Let $e = ...$", "where $S = ...$", "Define $g := ...$", "with e = ... " (plain text): one letter, maybe indexed
_DEFINITION = re.compile(r"\b(?:let|define|set|write|where|with|denote)\s+\$?\s*(?P<name>[A-Za-z])\s*(?::=|=)"
                         r"\s*(?P<value>[^$\n]{1,200})", re.I)
MAX_DEFINITIONS = 20


def _uses(answer: str, name: str) -> bool:
    """The name as a symbol of its own in the answer (not inside a word or a LaTeX command, not a subscript's)."""
    return re.search(rf"(?<![A-Za-z\\_]){re.escape(name)}(?![A-Za-z])", answer) is not None


def mark_abbreviations(text: str, extraction: Extraction, given: set[str],
                       known: dict[str, set[str]] | None = None) -> Extraction:
    """`extraction` with each answer that uses a name the student defined marked for review, unless the spec
    gives that name itself (`Let $A = ...$` restating the problem), the part's reference uses it (`Let $x =
    e_1/\\sqrt2$`: the problem's own x), or the answer is already marked. `known`: names per part id."""
    known = known or {}
    definitions: list[tuple[int, str, str]] = []  # (line, name, value) in reading order
    for k, line in enumerate(text.split("\n"), start=1):
        for m in _DEFINITION.finditer(line):
            if m.group("name") not in given and len(definitions) < MAX_DEFINITIONS:
                definitions.append((k, m.group("name"), m.group("value").strip().rstrip(".,;")))
    if not definitions:
        return extraction
    found = []
    for f in extraction.found:
        # the definition in force: the latest one above the answer of a name the answer uses
        before = [d for d in definitions if d[0] < f.start and _uses(f.answer, d[1])
                  and d[1] not in known.get(f.part, set())]
        if f.review is None and before:
            line, name, value = before[-1]
            review = Review(f"the answer uses {name}, which the student defined at line {line} as {value[:80]}; "
                            f"it was read on its own, where {name} is not that. Please check.",
                            (Alternative(line, line, f"{name} = {value}"[:200]),))
            f = replace(f, review=review)
        found.append(f)
    return replace(extraction, found=tuple(found))

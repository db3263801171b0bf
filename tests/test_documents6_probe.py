"""Probe documents of the third session (issue 15): twenty-one documents in styles none of the other corpora has
(a chat export, org-mode, a notebook that prints in loops and names cells by variable, knitr output, the exam
class's solutions, an e-mail answered inline, Notion toggles, an HTML table, a sympy notebook, answers set in
blockquotes, answers in fenced text blocks, unicode plain text, Typst-like text, nested Google Docs lists, a
notebook of Markdown only, a LaTeX tabular, reStructuredText headings, pandoc definition lists, German, an align
with \\intertext, working followed by a summary table), in seven rounds of three, each round's verdict table
written before its first run and after the fixes for the round before.

First runs: 34/41 (5 disagreements not marked for review), 26/35 (5 unmarked), 24/37 (4 unmarked), 36/41 (0
unmarked), 36/37 (0 unmarked), 40/40, 36/41 (2 unmarked), all with no false accept; the first six rounds now
agree in full, the seventh is at 38/41 with its 3 disagreements marked for review. They are small; they guard the rules they
led to. `python tests/test_documents6_probe.py` prints every part that disagrees.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from corpus_tables import Outcome  # noqa: E402
from corpus_tables import outcomes as corpus_outcomes  # noqa: E402

CORPUS = ROOT / "tests" / "data" / "documents6"
TABLE = yaml.safe_load((ROOT / "tests" / "data" / "documents6_verdicts.yaml").read_text(encoding="utf-8"))
DOCUMENTS = {d["file"]: d for d in TABLE["documents"]}


def outcomes(name: str) -> list[Outcome]:
    return corpus_outcomes(name, DOCUMENTS[name], CORPUS / name)


FLAGGED = {"u1-german.md", "u2-latex-align.tex", "u3-working-then-summary.md"}
"""The seventh round: parts that still disagree, every one marked for review (a German rotation sentence, and two
parts left unanswered that got math from the working above the summary table, placed by order)."""


@pytest.mark.parametrize("name", [pytest.param(n, id=n.rsplit(".", 1)[0]) for n in DOCUMENTS])
def test_probe_document_agrees(name: str) -> None:
    for o in outcomes(name):
        assert not o.false_accept, o
        assert o.agrees or (name in FLAGGED and o.reviewed), o


def test_probe_styles_are_new() -> None:
    styles = {e["style"] for e in DOCUMENTS.values()}
    third = yaml.safe_load((ROOT / "tests" / "data" / "documents3_verdicts.yaml").read_text(encoding="utf-8"))
    assert len(DOCUMENTS) == 21 and not styles & {d["style"] for d in third["documents"]}


if __name__ == "__main__":
    for name in DOCUMENTS:
        for o in outcomes(name):
            if not o.agrees:
                print(f"{o.file:30} {o.part:4} want {o.want:9} got {o.got:9} {'review' if o.reviewed else 'UNFLAGGED'}")

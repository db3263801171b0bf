"""New free-form K2 documents in many styles, graded against verdict tables an instructor wrote before the run.

tests/data/documents2_verdicts.yaml holds the tables; tests/data/documents2/ the documents. Every part either agrees
with the table, or is marked for the instructor's review; none is accepted where the table says it is not right.
`python tests/test_documents_corpus.py` prints the agreement per style and per half of the corpus.
"""

from __future__ import annotations

import sys
from collections import defaultdict
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from corpus_tables import Outcome  # noqa: E402
from corpus_tables import outcomes as corpus_outcomes  # noqa: E402

CORPUS = ROOT / "tests" / "data" / "documents2"
TABLE = yaml.safe_load((ROOT / "tests" / "data" / "documents2_verdicts.yaml").read_text(encoding="utf-8"))
DOCUMENTS = {d["file"]: d for d in TABLE["documents"]}
TARGET = 0.97


def outcomes(name: str) -> list[Outcome]:
    """Each part of a document, compared with its table row (tests/corpus_tables.py)."""
    entry = DOCUMENTS[name]
    return corpus_outcomes(name, {**entry, "assignment": TABLE["assignment"]}, CORPUS / name)

def agreement_table() -> str:
    """Agreement per style and per half, as the note quotes it."""
    rows: dict[tuple[int, str], list[Outcome]] = defaultdict(list)
    for name, entry in DOCUMENTS.items():
        rows[(entry["half"], entry["style"])].extend(outcomes(name))
    lines = [f"{'half':>4} {'style':<14} {'docs':>4} {'parts':>5} {'agree':>6} {'rate':>7} {'false+':>6} "
             f"{'unflagged':>9}"]
    for half in sorted({h for h, _ in rows}):
        total: list[Outcome] = []
        for (h, style), items in sorted(rows.items()):
            if h != half:
                continue
            total += items
            docs = sum(1 for e in DOCUMENTS.values() if e["half"] == half and e["style"] == style)
            lines.append(_row(str(half), style, docs, items))
        docs = sum(1 for e in DOCUMENTS.values() if e["half"] == half)
        lines.append(_row(str(half), "ALL", docs, total))
    return "\n".join(lines)


def _row(half: str, style: str, docs: int, items: list[Outcome]) -> str:
    agree = sum(o.agrees for o in items)
    false = sum(o.false_accept for o in items)
    unflagged = sum(not o.agrees and not o.reviewed for o in items)
    return (f"{half:>4} {style:<14} {docs:>4} {len(items):>5} {agree:>6} {agree / max(1, len(items)):>7.1%} "
            f"{false:>6} {unflagged:>9}")


@pytest.mark.parametrize("name", [pytest.param(n, id=n.split(".")[0]) for n in DOCUMENTS])
def test_document_parts_agree_or_are_flagged(name: str) -> None:
    """No false accept; a part that disagrees with the table must be marked for the instructor's review."""
    for o in outcomes(name):
        assert not o.false_accept, o
        assert o.agrees or o.reviewed, o


def test_agreement_by_style_meets_the_target() -> None:
    table = agreement_table()
    print("\n" + table)
    every = [o for name in DOCUMENTS for o in outcomes(name)]
    rate = sum(o.agrees for o in every) / len(every)
    assert rate >= TARGET, table


def test_corpus_has_sixty_documents_in_two_halves() -> None:
    halves = [e["half"] for e in DOCUMENTS.values()]
    assert len(DOCUMENTS) >= 60 and halves.count(1) >= 30 and halves.count(2) >= 30
    assert all((CORPUS / name).is_file() for name in DOCUMENTS)


if __name__ == "__main__":
    print(agreement_table())
    for name in DOCUMENTS:
        for o in outcomes(name):
            if not o.agrees:
                flag = "review" if o.reviewed else "UNFLAGGED"
                print(f"  {o.file:<36} {o.part:<3} want {o.want:<9} got {o.got:<9} {flag}"
                      f"{'  FALSE ACCEPT' if o.false_accept else ''}")

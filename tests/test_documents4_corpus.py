"""Free-form documents for the other homework sets (ML calculus, Jacobians, linear maps, eigen/SVD), graded against
verdict tables an instructor wrote before the run.

tests/data/documents4_verdicts.yaml holds the tables; tests/data/documents4/ the documents. Every part either agrees
with the table, or is marked for the instructor's review; none is accepted where the table says it is not right.
`python tests/test_documents4_corpus.py` prints the agreement per style and the review rates.
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

CORPUS = ROOT / "tests" / "data" / "documents4"
TABLE = yaml.safe_load((ROOT / "tests" / "data" / "documents4_verdicts.yaml").read_text(encoding="utf-8"))
DOCUMENTS = {d["file"]: d for d in TABLE["documents"]}
TARGET = 0.97
# Parts flagged for review that agreed anyway: the instructor's wasted reading. Kept under this share of all parts.
FALSE_REVIEW_LIMIT = 0.15


def outcomes(name: str) -> list[Outcome]:
    """Each part of a document, compared with its table row (tests/corpus_tables.py)."""
    entry = DOCUMENTS[name]
    return corpus_outcomes(name, {**entry, "assignment": entry["assignment"]}, CORPUS / name)

def agreement_table() -> str:
    """Agreement, false accepts, unflagged disagreements and false reviews per style, as the note quotes them."""
    lines = [f"{'half':>4} {'style':<14} {'docs':>4} {'parts':>5} {'agree':>6} {'rate':>7} {'false+':>6} "
             f"{'unflagged':>9} {'false-rev':>9}"]
    for half in sorted({e["half"] for e in DOCUMENTS.values()}):
        rows: dict[str, list[Outcome]] = defaultdict(list)
        for name, entry in DOCUMENTS.items():
            if entry["half"] == half:
                rows[entry["style"]].extend(outcomes(name))
        total: list[Outcome] = []
        for style, items in sorted(rows.items()):
            total += items
            docs = sum(1 for e in DOCUMENTS.values() if e["style"] == style and e["half"] == half)
            lines.append(f"{half:>4} " + _row(style, docs, items))
        lines.append(f"{half:>4} " + _row("ALL", sum(1 for e in DOCUMENTS.values() if e["half"] == half), total))
    return "\n".join(lines)


def _row(style: str, docs: int, items: list[Outcome]) -> str:
    agree = sum(o.agrees for o in items)
    false = sum(o.false_accept for o in items)
    unflagged = sum(not o.agrees and not o.reviewed for o in items)
    false_review = sum(o.agrees and o.reviewed for o in items)
    return (f"{style:<14} {docs:>4} {len(items):>5} {agree:>6} {agree / max(1, len(items)):>7.1%} "
            f"{false:>6} {unflagged:>9} {false_review:>9}")


# Disagreements that are the checker's, not the reader's: the reader found the right text, and the table says so.
CHECKER_GAPS = {
    "d11-pandoc-word-eigen.md": "1f under follow-through is compared with A V Σ⁻¹ for the student's wrong Σ (1d), so the "
                                "true U is marked incorrect (grade/ follow-through, not the reader)",
}


@pytest.mark.parametrize("name", [
    pytest.param(n, id=n.split(".")[0], marks=[pytest.mark.xfail(strict=True, reason=CHECKER_GAPS[n])]
                 if n in CHECKER_GAPS else []) for n in DOCUMENTS])
def test_document_parts_agree_or_are_flagged(name: str) -> None:
    """No false accept; a part that disagrees with the table must be marked for the instructor's review."""
    for o in outcomes(name):
        assert not o.false_accept, o
        assert o.agrees or o.reviewed, o


def test_agreement_meets_the_target_and_reviews_stay_few() -> None:
    table = agreement_table()
    print("\n" + table)
    every = [o for name in DOCUMENTS for o in outcomes(name)]
    assert sum(o.agrees for o in every) / len(every) >= TARGET, table
    assert sum(o.agrees and o.reviewed for o in every) / len(every) <= FALSE_REVIEW_LIMIT, table


def test_corpus_covers_every_other_homework_set() -> None:
    assignments = {e["assignment"] for e in DOCUMENTS.values()}
    assert assignments == {"ml-calculus", "jacobians", "linear-maps", "eigen-svd"}
    assert len(DOCUMENTS) >= 24
    assert all((CORPUS / name).is_file() for name in DOCUMENTS)


if __name__ == "__main__":
    print(agreement_table())
    for name in DOCUMENTS:
        for o in outcomes(name):
            if not o.agrees or o.reviewed:
                flag = "review" if o.reviewed else "UNFLAGGED"
                print(f"  {o.file:<36} {o.part:<3} want {o.want:<9} got {o.got:<9} {flag}"
                      f"{'  FALSE ACCEPT' if o.false_accept else ''}")

"""The problem library beyond K2: each set's sample class against its verdict table, decided by hand.

Prints the agreement per set (run with -s to see it); a false accept (the grader gives more than the table) fails.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from mathgrade.grade import grade_paths
from mathgrade.grade.sheets import collect

ROOT = Path(__file__).resolve().parents[1]
SETS = ["ml-calculus", "jacobians", "linear-maps", "eigen-svd"]


def table(name: str) -> dict[str, Any]:
    return yaml.safe_load((ROOT / "tests" / "data" / f"{name}_verdicts.yaml").read_text(encoding="utf-8"))


def agrees(want: str, status: str, score: float) -> bool:
    kind, _, points = want.partition(":")
    if kind == "blank":
        return status in ("missing", "invalid")
    if kind == "partial":
        return status == "partial" and score == pytest.approx(float(points), abs=1e-3)
    return status == kind


def too_generous(want: str, status: str, score: float, full: float) -> bool:
    """The grader gave points the table does not: a false accept (or false partial credit)."""
    kind, _, points = want.partition(":")
    allowed = full if kind == "correct" else float(points) if kind == "partial" else 0.0
    return score > allowed + 1e-9


@pytest.fixture(scope="module", params=SETS)
def graded(request: pytest.FixtureRequest) -> tuple[str, dict[str, Any], dict[str, Any]]:
    name = request.param
    files = collect([str(ROOT / "submissions" / name)])
    results = grade_paths(str(ROOT / "problems" / f"{name}.yaml"), files).students
    return name, table(name), {Path(s.file).name: s for s in results}


def test_sample_class_against_the_verdict_table(graded: tuple[str, dict[str, Any], dict[str, Any]]) -> None:
    name, want, got = graded
    assert set(got) == set(want["sheets"]), "every file in the class has a row in the table, and back"
    total = agree = 0
    generous, disagreements = [], []
    for file, parts in want["sheets"].items():
        result = {p.id: p for p in got[file].parts}
        for pid, part in result.items():
            verdict = str(parts.get(pid, "missing"))
            total += 1
            if agrees(verdict, part.status.value, part.score):
                agree += 1
            else:
                disagreements.append((file, pid, verdict, part.status.value, part.score, part.answer, part.feedback))
            if too_generous(verdict, part.status.value, part.score, part.max):
                generous.append((file, pid, verdict, part.status.value, part.answer))
    print(f"\n{name}: {agree}/{total} part verdicts agree with the table ({100 * agree / total:.1f} %), "
          f"{len(generous)} false accepts")
    for d in disagreements:
        print("  disagree:", d)
    assert not generous, generous
    known = {(k["file"], k["part"]) for k in want.get("known", [])}
    assert {(d[0], d[1]) for d in disagreements} == known, disagreements

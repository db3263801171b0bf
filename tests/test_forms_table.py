"""The answer-forms verdict tables (tests/data/forms_verdicts.yaml, forms2_verdicts.yaml): every case decided by a
human beforehand.

A case marked `w` or `x` that the checker calls correct is a false accept, the worst bug a grader can have; the
tables must hold none. `python tests/test_forms_table.py` prints the agreement per table and half and lists
disagreements.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from mathgrade.check import CheckOptions, Kind, Status, Verdict, check

TABLE = Path(__file__).parent / "data" / "forms_verdicts.yaml"
TABLE2 = Path(__file__).parent / "data" / "forms2_verdicts.yaml"
"""The second table (issue 14, second session): inequalities as solution sets, systems, kinks, far magnitudes."""
MINIMUM = {TABLE: 600, TABLE2: 200}
WANTED = {"c": (Status.CORRECT,), "w": (Status.INCORRECT, Status.PARTIAL),
          "x": (Status.INVALID,)}


def cases(table: Path = TABLE) -> Iterator[tuple[str, int, str, str, str, dict[str, Any]]]:
    """(group, half, verdict, answer, expected, options) for every line of a table."""
    data = yaml.safe_load(table.read_text(encoding="utf-8"))
    for group in data["groups"]:
        for line in group["cases"].splitlines():
            if not line.strip():
                continue
            verdict, answer, expected = (p.strip() for p in line.split(";;"))
            yield group["name"], int(group.get("half", 1)), verdict, answer, expected, dict(group.get("options", {}))


def run(answer: str, expected: str, raw: dict[str, Any]) -> Verdict:
    fields = dict(raw)
    if "kind" in fields:
        fields["kind"] = Kind(fields["kind"])
    if "choices" in fields:
        fields["choices"] = tuple(fields["choices"])
    if "domains" in fields:
        fields["domains"] = tuple(tuple(d) for d in fields["domains"])
    return check(answer, expected, CheckOptions(**fields))


def known_disagreements(table: Path = TABLE) -> dict[str, str]:
    """`answer ;; expected` → why the checker differs from the human verdict on purpose."""
    data = yaml.safe_load(table.read_text(encoding="utf-8"))
    return {d["case"]: d["reason"] for d in data.get("known_disagreements") or []}


def _params() -> list[Any]:
    out = []
    for table in MINIMUM:
        seen: dict[str, int] = {}
        known = known_disagreements(table)
        prefix = "" if table == TABLE else "t2-"
        for group, half, verdict, answer, expected, options in cases(table):
            seen[group] = seen.get(group, 0) + 1
            reason = known.get(f"{answer} ;; {expected}")
            marks = [pytest.mark.xfail(reason=reason, strict=True)] if reason else []
            out.append(pytest.param(verdict, answer, expected, options, id=f"{prefix}{group}-{seen[group]}",
                                    marks=marks))
    return out


@pytest.mark.parametrize("verdict,answer,expected,options", _params())
def test_forms_verdict(verdict: str, answer: str, expected: str, options: dict[str, Any]) -> None:
    got = run(answer, expected, options)
    assert got.status in WANTED[verdict], (answer, expected, got.status, got.feedback)
    assert got.feedback


@pytest.mark.parametrize("table", list(MINIMUM), ids=lambda t: t.stem)
def test_known_disagreements_are_in_the_table(table: Path) -> None:
    rows = {f"{c[3]} ;; {c[4]}" for c in cases(table)}
    assert set(known_disagreements(table)) <= rows


@pytest.mark.parametrize("table", list(MINIMUM), ids=lambda t: t.stem)
def test_table_is_mostly_near_misses(table: Path) -> None:
    """At least half of each table is answers that must not get full marks."""
    verdicts = [c[2] for c in cases(table)]
    assert len(verdicts) >= MINIMUM[table]
    assert sum(v != "c" for v in verdicts) * 2 >= len(verdicts)


def main() -> None:
    """Agreement per table and half, and the disagreements (false accepts first)."""
    totals: dict[tuple[str, int], list[int]] = {}
    rows = []
    for table, (group, half, verdict, answer, expected, options) in ((t, c) for t in MINIMUM for c in cases(t)):
        try:
            got = run(answer, expected, options)
        except Exception as exc:  # noqa: BLE001 - a report, not a test: an option the checker lacks is a miss
            got = Verdict(Status.ERROR, 0.0, f"{type(exc).__name__}: {exc}")
        ok = got.status in WANTED[verdict]
        t = totals.setdefault((table.stem, half), [0, 0, 0])
        t[0] += 1
        t[1] += ok
        false_accept = verdict != "c" and got.status is Status.CORRECT
        t[2] += false_accept
        if not ok:
            rows.append((not false_accept, group, verdict, got.status.value, answer, expected, got.feedback[:90]))
    for (stem, half), (n, agree, fa) in sorted(totals.items()):
        print(f"{stem} half {half}: {agree}/{n} agree ({100 * agree / n:.1f} %), {fa} false accepts")
    for row in sorted(rows):
        print(("FALSE ACCEPT " if not row[0] else "") + " | ".join(row[1:]))


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    main()

"""Grading a corpus of documents against a verdict table decided by hand: what the three corpus tests share.

A table row gives, per document, its assignment, a default verdict and the parts that differ from it. A verdict is
a status (`correct`, `incorrect`, `missing`, …) or a dict with `verdict: partial` and the instructor's share of
the part's points: `fraction` (rounded, so compared within 1 % of the points) or `components` of `of` (default 3,
exact).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from mathgrade.grade import Grader
from mathgrade.grade.results import PartResult
from mathgrade.spec import load_spec

ROOT = Path(__file__).resolve().parents[1]
FRACTION_TOLERANCE = 0.01
"""A rounded `fraction` (0.6667 for 2/3) is the same grade within this share of the part's points."""


@dataclass(frozen=True)
class Outcome:
    """One part of one document: what the table says, what the grader said, and whether it asked for review."""

    file: str
    part: str
    want: str
    got: str
    agrees: bool
    false_accept: bool
    reviewed: bool


@lru_cache(maxsize=None)
def grader_for(assignment: str) -> Grader:
    return Grader(load_spec(ROOT / "problems" / f"{assignment}.yaml"))


@lru_cache(maxsize=None)
def graded(path: Path, assignment: str) -> tuple[PartResult, ...] | str:
    """The graded parts of a document, or the reason it could not be read at all (then every part disagrees)."""
    grader = grader_for(assignment)
    try:
        return tuple(grader.grade(grader.read(path)).parts)
    except Exception as exc:  # noqa: BLE001 - a crash on a student's document is a measured outcome here
        return f"{type(exc).__name__}: {exc}"


def expected(entry: dict, part: str) -> dict:
    verdict = entry.get("parts", {}).get(part, entry.get("default", "missing"))
    return verdict if isinstance(verdict, dict) else {"verdict": verdict}


def share(want: dict) -> float | None:
    """The instructor's share of the part's points for a partial row, None where the row gives none."""
    if "fraction" in want:
        return float(want["fraction"])
    if "components" in want:
        return want["components"] / want.get("of", 3)
    return None


def reviewed(part: PartResult) -> bool:
    return part.review is not None or bool(part.source is not None and part.source.review)


def outcomes(name: str, entry: dict, path: Path) -> list[Outcome]:
    """Each part of the document at `path`, compared with its table row `entry`."""
    parts = graded(path, entry["assignment"])
    if isinstance(parts, str):
        spec = grader_for(entry["assignment"]).assignment
        return [Outcome(name, p.id, expected(entry, p.id)["verdict"], "crash", False, False, False)
                for p in spec.parts]
    out = []
    for part in parts:
        want = expected(entry, part.id)
        portion = share(want)
        slack = FRACTION_TOLERANCE * part.max if "fraction" in want else 1e-9
        agrees = part.status.value == want["verdict"]
        if agrees and portion is not None:
            agrees = abs(part.score - part.max * portion) <= slack
        if want["verdict"] == "correct":
            allowed = part.max
        elif want["verdict"] == "partial":  # a partial row without its share: anything short of full marks
            allowed = part.max * portion if portion is not None else part.max - 1e-6
        else:
            allowed = 0.0
        out.append(Outcome(name, part.id, want["verdict"], part.status.value, agrees,
                           part.score > allowed + slack, reviewed(part)))
    return out


class HeldOut:
    """A held-out corpus: tests/data/<name>/ and its table tests/data/<name>_verdicts.yaml, with the agreement
    table per style and per assignment and the list of disagreements that the notes quote."""

    def __init__(self, name: str) -> None:
        import yaml  # noqa: PLC0415 - only the held-out tests need it

        self.folder = ROOT / "tests" / "data" / name
        table = yaml.safe_load((ROOT / "tests" / "data" / f"{name}_verdicts.yaml").read_text(encoding="utf-8"))
        self.documents: dict[str, dict] = {d["file"]: d for d in table["documents"]}

    def outcomes(self, name: str) -> list[Outcome]:
        """Each part of one document, compared with its table row."""
        return outcomes(name, self.documents[name], self.folder / name)

    def every(self) -> list[Outcome]:
        return [o for name in self.documents for o in self.outcomes(name)]

    def agreement_table(self) -> str:
        """Agreement per style, per assignment and overall."""
        header = f"{'':<16} {'docs':>4} {'parts':>5} {'agree':>6} {'rate':>7} {'false+':>6} {'unflagged':>9}"
        lines = []
        for key in ("style", "assignment"):
            groups: dict[str, list[str]] = {}
            for name, entry in self.documents.items():
                groups.setdefault(entry[key], []).append(name)
            lines += [f"by {key}", header]
            for label, names in sorted(groups.items()):
                lines.append(_row(label, len(names), [o for n in names for o in self.outcomes(n)]))
            lines.append("")
        lines.append(_row("ALL", len(self.documents), self.every()))
        return "\n".join(lines)

    def disagreements(self) -> str:
        """Every part that disagrees with the table: marked for review, unmarked, or falsely accepted."""
        lines = []
        for name, entry in self.documents.items():
            crash = graded(self.folder / name, entry["assignment"])
            if isinstance(crash, str):
                lines.append(f"  {name:<34} could not be graded: {crash[:120]}")
                continue
            for o in self.outcomes(name):
                if not o.agrees:
                    flag = "review" if o.reviewed else "UNFLAGGED"
                    lines.append(f"  {o.file:<34} {o.part:<3} want {o.want:<9} got {o.got:<9} {flag}"
                                 f"{'  FALSE ACCEPT' if o.false_accept else ''}")
        return "\n".join(lines)


def _row(label: str, docs: int, items: list[Outcome]) -> str:
    agree = sum(o.agrees for o in items)
    false = sum(o.false_accept for o in items)
    unflagged = sum(not o.agrees and not o.reviewed for o in items)
    return (f"{label:<16} {docs:>4} {len(items):>5} {agree:>6} {agree / max(1, len(items)):>7.1%} {false:>6} "
            f"{unflagged:>9}")


def graded_text(grader: Grader, folder: Path, name: str, text: str) -> dict:
    """A small document written to `folder/name`, read and graded: its parts by id (the unit tests' documents)."""
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return {p.id: p for p in grader.grade(grader.read(path)).parts}

"""The sample class in submissions/: every sheet graded as an instructor reads it, part by part."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from mathgrade.grade import grade_paths
from mathgrade.grade.sheets import collect

ROOT = Path(__file__).resolve().parents[1]
K2 = ROOT / "problems" / "k2.yaml"
ALL = ["1", "2a", "2b", "2c", "3a", "3b", "3c", "3d", "3e", "3f", "4a", "4b", "4c", "4d", "4e", "4f", "4g", "5a",
       "5b", "5c", "5d", "5e", "5f", "6a", "6b", "6c", "6d", "6e", "7a", "7b"]


def everything(status: str, **overrides: str) -> dict[str, str]:
    out = {p: status for p in ALL}
    out.update({k.replace("p", "", 1) if k.startswith("p") else k: v for k, v in overrides.items()})
    return out


# status per part; parts not listed are "missing". "partial:N" asserts the points too.
EXPECTED: dict[str, tuple[float, dict[str, str]]] = {
    "s01": (48, everything("correct", p7b="manual")),
    "s02": (48, everything("correct", p7b="manual")),
    "s03": (22, {p: "correct" for p in ["2a", "2b", "4a", "4b", "4d", "4e", "4f", "5a", "5b", "5c", "5d", "5e",
                                         "6a", "6b", "6c", "6d", "7a"]}),
    "s04": (7, {"2a": "correct", "2b": "incorrect", "2c": "incorrect", "3e": "incorrect", "3f": "incorrect",
                "4a": "incorrect", "4b": "incorrect", "4c": "partial:2", "4d": "incorrect", "4g": "partial:1",
                "5a": "incorrect", "5f": "incorrect", "6e": "partial:2", "7a": "incorrect"}),
    "s05": (3, {"3c": "correct", "5f": "correct"}),
    "s06": (0, {"2a": "invalid", "2b": "invalid", "3a": "invalid", "4a": "invalid", "4d": "invalid",
                "5b": "invalid", "7b": "manual"}),
    "s07": (7, {"5a": "incorrect", "5b": "correct", "5c": "correct", "5d": "correct", "5e": "correct",
                "7a": "correct"}),
    "s08": (20, {p: "correct" for p in ["2a", "2c", "3d", "3e", "3f", "4a", "4b", "4d", "5a", "5b", "6a", "6e"]}),
    "s09": (3.5, {"1": "incorrect", "6e": "partial:2", "7a": "partial:1.5"}),
}
DIAGNOSES = {
    ("s04", "2b"): "sign_error", ("s04", "2c"): "condition_ignored", ("s04", "3e"): "missing_sum",
    ("s04", "3f"): "one_term_only", ("s04", "4a"): "sign_flip_entry", ("s04", "4b"): "factor_off",
    ("s04", "4c"): "direction_swapped", ("s04", "4d"): "gave_V", ("s04", "5a"): "transposed",
    ("s04", "7a"): "wrong_order", ("s07", "5b"): "follow_through", ("s07", "7a"): "follow_through",
    ("s09", "1"): "invalid_step_1",
}


@pytest.fixture(scope="module")
def results():
    files = [f for f in collect([str(ROOT / "submissions")]) if f.name.startswith("s0")]
    return {s.id: s for s in grade_paths(str(K2), files).students}


@pytest.mark.parametrize("sid", list(EXPECTED))
def test_sheet_verdicts(results, sid: str) -> None:
    total, expected = EXPECTED[sid]
    got = {p.id: p for p in results[sid].parts}
    for pid in ALL:
        want = expected.get(pid, "missing")
        status, _, points = want.partition(":")
        assert got[pid].status.value == status, (sid, pid, got[pid].answer, got[pid].feedback)
        if points:
            assert got[pid].score == float(points), (sid, pid)
    assert results[sid].score == total


@pytest.mark.parametrize("sid,pid", list(DIAGNOSES), ids=[f"{s}-{p}" for s, p in DIAGNOSES])
def test_lost_points_come_with_a_named_reason(results, sid: str, pid: str) -> None:
    part = next(p for p in results[sid].parts if p.id == pid)
    assert DIAGNOSES[(sid, pid)] in part.diagnoses, (part.feedback, part.diagnoses)


def test_every_lost_point_in_the_class_has_a_reason(results) -> None:
    for s in results.values():
        for p in s.parts:
            if p.score < p.max and p.status.value not in ("missing", "manual"):
                assert p.feedback.strip() not in ("Not correct.", "Not correct", ""), (s.id, p.id, p.answer)


def test_unknown_part_is_reported(results) -> None:
    assert results["s07"].unknown_parts == ("9z",)


# -- sheets s10-s21: graded against an independent verdict table (tests/data/sample_verdicts.yaml), computed with
# numpy/sympy and finite differences by someone who did not read the grader's code --

TABLE = yaml.safe_load((ROOT / "tests" / "data" / "sample_verdicts.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def table_results():
    files = [ROOT / "submissions" / name for name in TABLE["sheets"]]
    graded = grade_paths(str(K2), files).students
    return {Path(s.file).name: s for s in graded}


@pytest.mark.parametrize("name", list(TABLE["sheets"]))
def test_sheet_matches_the_independent_table(table_results, name: str) -> None:
    want = TABLE["sheets"][name]
    got = table_results[name]
    assert got.id == want["student"]
    parts = {p.id: p for p in got.parts}
    for pid, verdict in want["parts"].items():
        part = parts[pid]
        if isinstance(verdict, dict):
            assert part.status.value == verdict["status"], (name, pid, part.answer, part.feedback)
            assert part.score == pytest.approx(part.max * verdict["components"] / 3), (name, pid, part.feedback)
        else:
            assert part.status.value == verdict, (name, pid, part.answer, part.feedback)
    assert set(got.unknown_parts) == set(want.get("unknown_parts", []))
    assert got.score == want["score"]


def test_every_lost_point_in_the_whole_sample_class_has_a_reason() -> None:
    """Sheets s01-s21, the seed transcript and the worked solutions: no bare "Not correct." anywhere."""
    graded = grade_paths(str(K2), collect([str(ROOT / "submissions")])).students
    assert len(graded) == 29
    bare = [(s.id, p.id, p.answer) for s in graded for p in s.parts
            if p.score < p.max and p.status.value not in ("missing", "manual")
            and p.feedback.strip() in ("Not correct.", "Not correct", "")]
    assert not bare

"""Grading K2 end to end: the seed student's verdicts, the grade/validate commands, reruns, broken sheets."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from mathgrade.cli import main
from mathgrade.grade import Grader, grade_paths
from mathgrade.grade.sheets import read_sheet
from mathgrade.spec import load_spec

ROOT = Path(__file__).resolve().parents[1]
K2 = ROOT / "problems" / "k2.yaml"
SEED = ROOT / "tests" / "data" / "k2-pallav-kumar-sheet.yaml"

# An instructor's reading of the seed transcript (shared/seed/), part by part: (status, points).
SEED_VERDICTS = {
    "1": ("correct", 4),        # the cancelled e^c is struck out, so each step holds
    "2a": ("correct", 2),       # y_i(1 - y_j) with i = j
    "2b": ("correct", 2),
    "2c": ("correct", 2),
    "3a": ("correct", 1),       # w^T: either convention
    "3b": ("correct", 1),       # x for x_i: the spec accepts it
    "3c": ("correct", 1),
    "3d": ("correct", 2),
    "3e": ("incorrect", 0),     # no x_k and no sum over k
    "3f": ("incorrect", 0),     # should be 0: softmax is shift invariant
    "4a": ("incorrect", 0),     # V e1 = (1/√2, 1/√2), the student flipped the second sign
    "4b": ("correct", 1),
    "4c": ("partial", 2),       # 45° ccw right, the scale √2 wrong
    "4d": ("correct", 1),
    "4e": ("correct", 1),
    "4f": ("correct", 1),
    "4g": ("partial", 2),       # 45° cw right, the scale 1/√2 wrong
    "5a": ("correct", 2),
    "5b": ("correct", 1), "5c": ("correct", 1), "5d": ("correct", 1), "5e": ("correct", 1),
    "5f": ("correct", 2),
    "6a": ("correct", 1), "6b": ("correct", 1),
    "6c": ("correct", 1),       # the working mis-copies x, but the result is U(-e1/√2)
    "6d": ("correct", 1),
    "6e": ("partial", 1),       # clockwise is right; no angle; "rescaling" is wrong
    "7a": ("partial", 1.5),     # the first row is wrong; 7a gives credit per entry
    "7b": ("manual", 0),
}


@pytest.fixture(scope="module")
def seed_result():
    return Grader(load_spec(K2)).grade(read_sheet(SEED))


@pytest.mark.parametrize("part_id", list(SEED_VERDICTS))
def test_seed_student_part_verdicts(seed_result, part_id: str) -> None:
    part = next(p for p in seed_result.parts if p.id == part_id)
    status, points = SEED_VERDICTS[part_id]
    assert (part.status.value, part.score) == (status, points), part.feedback


def test_seed_student_total(seed_result) -> None:
    assert seed_result.score == 37.5
    assert seed_result.max == 50


def test_seed_feedback_names_the_wrong_entries(seed_result) -> None:
    parts = {p.id: p for p in seed_result.parts}
    assert parts["4a"].wrong_entries == ((2, 1),)
    assert parts["7a"].wrong_entries == ((1, 1), (1, 2))
    assert "scale" in parts["4c"].feedback


def test_validate_k2_passes(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(K2)]) == 0
    assert "0 failed" in capsys.readouterr().out


def _class(tmp_path: Path) -> Path:
    folder = tmp_path / "subs"
    folder.mkdir()
    shutil.copy(SEED, folder / SEED.name)
    (folder / "broken.yaml").write_text("student: {id: s9\nanswers: [", encoding="utf-8")
    (folder / "binary.json").write_bytes(b"\x00\xff\xfe garbage")
    (folder / "extra.yaml").write_text(
        "student: {id: '<script>alert(1)</script>', name: '=HYPERLINK(\"x\")'}\n"
        "answers: {'9z': '1', 4a: '[1/sqrt(2), 1/sqrt(2)]', 2a: '((('}\n", encoding="utf-8")
    return folder


def test_grade_writes_every_result_and_survives_broken_sheets(tmp_path: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    assert main(["grade", str(K2), str(_class(tmp_path)), "--out", str(out), "--jobs", "1"]) == 0
    results = json.loads((out / "results.json").read_text(encoding="utf-8"))
    by_file = {Path(s["file"]).name: s for s in results["students"]}
    assert set(by_file) == {SEED.name, "broken.yaml", "binary.json", "extra.yaml"}
    assert by_file["broken.yaml"]["status"] == "error" and "could not read" in by_file["broken.yaml"]["error"]
    assert by_file["binary.json"]["status"] == "error"
    extra = by_file["extra.yaml"]
    assert extra["id"] == "script_alert_1_script"
    assert extra["unknown_parts"] == ["9z"]
    statuses = {p["id"]: p["status"] for p in extra["parts"]}
    assert statuses["4a"] == "correct" and statuses["2a"] == "invalid" and statuses["3a"] == "missing"
    assert len(extra["parts"]) == 30
    for s in results["students"]:
        assert (out / f"{s['id']}.html").exists()
    csv_text = (out / "grades.csv").read_text(encoding="utf-8")
    assert "'=HYPERLINK" in csv_text  # a name that would be a spreadsheet formula is defused
    assert "unknown part ids 9z" in capsys.readouterr().out


def test_rerun_is_byte_identical(tmp_path: Path) -> None:
    folder = _class(tmp_path)
    outputs = []
    for n in range(2):
        out = tmp_path / f"out{n}"
        assert main(["grade", str(K2), str(folder), "--out", str(out), "--quiet", "--jobs", "1"]) == 0
        outputs.append({f.name: f.read_bytes() for f in sorted(out.iterdir())
                        if not f.name.startswith("gradebook.sqlite")})  # the gradebook is a log of runs
    assert outputs[0] == outputs[1]
    assert "results.json" in outputs[0] and "grades.csv" in outputs[0]


def test_regrade_in_place_reuses_results_and_changes_no_byte(tmp_path: Path,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    folder = _class(tmp_path)
    out = tmp_path / "out"
    snapshots = []
    for _ in range(2):
        assert main(["grade", str(K2), str(folder), "--out", str(out), "--quiet", "--jobs", "1"]) == 0
        snapshots.append({f.name: f.read_bytes() for f in sorted(out.iterdir()) if f.suffix in (".json", ".csv",
                                                                                               ".html")})
    assert snapshots[0] == snapshots[1]
    assert main(["history", "pallav-kumar", "--out", str(out)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("run 1 at ") and "37.5 / 50" in lines[0]
    assert lines[1].startswith("run 2 at ") and lines[1].endswith("(unchanged, reused)")


def test_parallel_jobs_give_the_same_results(tmp_path: Path) -> None:
    folder = tmp_path / "many"
    folder.mkdir()
    text = SEED.read_text(encoding="utf-8")
    for n in range(8):
        (folder / f"s{n}.yaml").write_text(text.replace("id: pallav-kumar", f"id: s{n}"), encoding="utf-8")
    files = sorted(folder.iterdir())
    serial = grade_paths(str(K2), files, jobs=1)
    parallel = grade_paths(str(K2), files, jobs=2)
    assert serial == parallel
    assert all(s.score == 37.5 for s in serial.students)


@pytest.mark.parametrize("argv,message", [
    pytest.param(["grade", str(K2), "/no/such/folder"], "no such file", id="missing-path"),
    pytest.param(["grade", "/no/spec.yaml", "."], "cannot read the spec", id="missing-spec"),
    pytest.param(["grade", str(K2), str(SEED), "--jobs", "0"], "--jobs must be at least 1", id="jobs-0"),
    pytest.param(["grade", str(K2), "EMPTY"], "no submissions", id="no-sheets"),
])
def test_grade_usage_errors(argv: list[str], message: str, capsys: pytest.CaptureFixture[str],
                            tmp_path: Path) -> None:
    argv = [str(tmp_path) if a == "EMPTY" else a for a in argv]
    assert main(argv) == 2
    assert message in capsys.readouterr().err


def test_golden_results_and_report_for_the_seed(tmp_path: Path, golden) -> None:
    out = tmp_path / "out"
    folder = tmp_path / "one"
    folder.mkdir()
    shutil.copy(SEED, folder / SEED.name)
    assert main(["grade", str(K2), str(folder), "--out", str(out), "--quiet", "--jobs", "1"]) == 0
    results = (out / "results.json").read_text(encoding="utf-8").replace(str(folder), "<submissions>")
    golden("seed-results.json", results)
    golden("seed-grades.csv", (out / "grades.csv").read_text(encoding="utf-8").replace(str(folder), "<submissions>"))
    golden("seed-report.html", (out / "pallav-kumar.html").read_text(encoding="utf-8"))


# (part, answer, whether the part goes on the review list): the checker's doubts (codes.REVIEW_REASONS) reach
# the instructor as a review, never the student's page; a settled verdict does not
DOUBTS = [
    pytest.param("4g", "rotates 45° clockwise", True, id="4g-silent-scale-default-review"),
    pytest.param("4g", "rotates 45° clockwise, no scaling", False, id="4g-scale-said"),
    pytest.param("4c", "rotates 45° counterclockwise", False, id="4c-prompt-asks-for-scaling"),
    pytest.param("5a", "[[1.41, 1.41], [-2.83, 2.83]]", True, id="5a-rounded-outside-rtol"),
    pytest.param("5a", "[[1.414, 1.414], [-2.828, 2.828]]", False, id="5a-within-rtol"),
    pytest.param("5a", "[[1.41, -1.41], [-2.83, 2.83]]", False, id="5a-wrong-sign-is-no-doubt"),
]


@pytest.mark.parametrize("part_id,answer,doubt", DOUBTS)
def test_checker_doubts_go_on_the_review_list(part_id: str, answer: str, doubt: bool) -> None:
    from mathgrade.grade.sheets import Submission
    result = Grader(load_spec(K2)).grade(Submission("s.yaml", "s1", "S", "", ((part_id, answer),)))
    part = next(p for p in result.parts if p.id == part_id)
    assert (part.review is not None) is doubt, part
    if doubt:
        assert "Please check" in part.review.reason and part.review.reason[0].isupper()

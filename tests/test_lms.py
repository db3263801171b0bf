"""LMS pipelines: exports against their documented columns (goldens), rosters, and download names."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mathgrade.cli import main
from mathgrade.lms.downloads import parse_download
from mathgrade.lms.exports import FORMATS, export
from mathgrade.lms.roster import Person, apply_roster, normal_name, read_roster

ROOT = Path(__file__).resolve().parents[1]
K2 = ROOT / "problems" / "k2.yaml"
SHEET = (ROOT / "tests" / "data" / "k2-pallav-kumar-sheet.yaml").read_text(encoding="utf-8")
ROSTER = """Student ID,Name,Email,SIS User ID,SIS Login ID,Section,Canvas ID
s1,"Doe, Jane",jane@uni.edu,SIS001,jdoe,A,1001
s2,José O'Neil,jose@uni.edu,SIS002,joneil,B,1002
s3,=cmd|' /C calc'!A0,evil@uni.edu,SIS003,evil,A,1003
s4,Ann Lee,ann@uni.edu,SIS004,alee,B,1004
s5,Ann Lee,ann2@uni.edu,SIS005,alee2,B,1005
"""


@pytest.fixture
def graded(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[Path, Path, str]:
    folder = tmp_path / "download"
    folder.mkdir()
    (folder / "doejane_1001_555_hw.yaml").write_text(SHEET.replace("{id: pallav-kumar, name: Pallav Kumar}",
                                                                   "{id: x1, name: Jane}"), encoding="utf-8")
    (folder / "oneiljose_LATE_1002_556_hw.yaml").write_text(
        SHEET.replace("{id: pallav-kumar, name: Pallav Kumar}", "{id: x2, name: Jose ONeil}"), encoding="utf-8")
    moodle = folder / "Cmd Evil_1003_assignsubmission_file_"
    moodle.mkdir()
    (moodle / "answers.yaml").write_text(SHEET.replace("{id: pallav-kumar, name: Pallav Kumar}",
                                                       "{id: x3, name: Someone}"), encoding="utf-8")
    (folder / "ann.yaml").write_text(SHEET.replace("{id: pallav-kumar, name: Pallav Kumar}",
                                                   "{id: ann, name: Ann Lee}"), encoding="utf-8")
    (folder / "stranger.yaml").write_text(SHEET.replace("{id: pallav-kumar, name: Pallav Kumar}",
                                                        "{id: zz, name: Nobody Known}"), encoding="utf-8")
    roster = tmp_path / "roster.csv"
    roster.write_text(ROSTER, encoding="utf-8")
    out = tmp_path / "out"
    assert main(["grade", str(K2), str(folder), "--out", str(out), "--quiet", "--jobs", "1",
                 "--roster", str(roster)]) == 0
    return out, roster, capsys.readouterr().err


def test_roster_maps_download_names_and_warns(graded: tuple[Path, Path, str]) -> None:
    out, _, err = graded
    students = {s["id"]: s for s in json.loads((out / "results.json").read_text(encoding="utf-8"))["students"]}
    assert {"s1", "s2", "s3"} <= set(students)
    assert students["s1"]["name"] == "Doe, Jane" and students["s1"]["email"] == "jane@uni.edu"
    assert "ann.yaml: matches several students on the roster" in err
    assert "stranger.yaml: matches no one on the roster" in err


@pytest.mark.parametrize("fmt", FORMATS)
def test_exports_match_their_goldens(graded: tuple[Path, Path, str], fmt: str, golden) -> None:
    out, roster, _ = graded
    target = out / f"export.{fmt}"
    assert main(["export", str(out), "--to", fmt, "--roster", str(roster), "--title", "Homework K2",
                 "--out", str(target)]) == 0
    golden(f"export-{fmt}.{'json' if fmt == 'json' else 'csv'}", target.read_text(encoding="utf-8"))


def test_canvas_layout(graded: tuple[Path, Path, str]) -> None:
    out, roster, _ = graded
    results = json.loads((out / "results.json").read_text(encoding="utf-8"))
    lines = export(results, "canvas", "Homework K2", read_roster(roster)).splitlines()
    assert lines[0] == "Student,ID,SIS User ID,SIS Login ID,Section,Homework K2 (k2)"
    assert lines[1] == "Points Possible,,,,,50"
    assert '"Doe, Jane",1001,SIS001,jdoe,A,37.5' in lines
    assert not any(line.startswith("=") or ",=" in line for line in lines)  # formula defused


@pytest.mark.parametrize("path,expected", [
    pytest.param("doejane_1001_555_hw.yaml", ("canvas", "doejane", "1001", False, "hw.yaml"), id="canvas"),
    pytest.param("doejane_LATE_1001_555_hw 2 (final).md", ("canvas", "doejane", "1001", True, "hw 2 (final).md"),
                 id="canvas-late-odd-name"),
    pytest.param("oneill_1_2_a_b_c.tex", ("canvas", "oneill", "1", False, "a_b_c.tex"), id="canvas-underscores"),
    pytest.param("José O'Neil-Ünal_4711_assignsubmission_file_/answers.yaml",
                 ("moodle", "José O'Neil-Ünal", "4711", False, "answers.yaml"), id="moodle-accents"),
    pytest.param("Ann Lee_12_assignsubmission_file_/sub/dir/k2.md", ("moodle", "Ann Lee", "12", False, "k2.md"),
                 id="moodle-nested"),
    pytest.param("homework.yaml", None, id="plain"),
    pytest.param("_LATE__.yaml", None, id="garbage"),
    pytest.param("Name_abc_assignsubmission_file_/x.yaml", None, id="moodle-non-numeric"),
])
def test_download_names(path: str, expected: tuple | None) -> None:
    parsed = parse_download(Path(path))
    got = None if parsed is None else (parsed.lms, parsed.name, parsed.user_id, parsed.late, parsed.original)
    assert got == expected


@pytest.mark.parametrize("name,normal", [
    pytest.param("José  O'Neil", "jose oneil", id="accents-apostrophe"),
    pytest.param("ANN LEE", "ann lee", id="case"),
    pytest.param("Zoë Ünal-Smith", "zoe unalsmith", id="umlauts-hyphen"),
])
def test_normal_name(name: str, normal: str) -> None:
    assert normal_name(name) == normal


def test_roster_errors(tmp_path: Path) -> None:
    bad = tmp_path / "r.csv"
    bad.write_text("colour,size\nred,2\n", encoding="utf-8")
    with pytest.raises(Exception, match="needs an id or a name column"):
        read_roster(bad)


PEOPLE = (Person("s1", "Jane Doe", "jane@uni.edu", lms_id="1001"), Person("s2", "José O'Neil", "jose@uni.edu"),
          Person("s4", "Ann Lee"), Person("s5", "Ann Lee"))


@pytest.mark.parametrize("sid,name,email,lms,matched", [
    pytest.param("s1", "x", "", "", "s1", id="by-id"),
    pytest.param("zz", "x", "JOSE@uni.edu", "", "s2", id="by-email-any-case"),
    pytest.param("zz", "jose o neil", "", "", None, id="name-spacing-differs"),
    pytest.param("zz", "JOSÉ O'NEIL", "", "", "s2", id="by-name-accents"),
    pytest.param("zz", "x", "", "1001", "s1", id="by-lms-id"),
    pytest.param("zz", "Ann Lee", "", "", "ambiguous", id="two-ann-lees"),
    pytest.param("zz", "Nobody", "", "", None, id="no-one"),
])
def test_roster_matching(sid: str, name: str, email: str, lms: str, matched: str | None) -> None:
    from mathgrade.grade.results import ClassResult, StudentResult, SubmissionStatus

    student = StudentResult(sid, name, email, "f.yaml", SubmissionStatus.GRADED, 1.0, 1.0, ())
    result, warnings = apply_roster(ClassResult("k", "K", 1.0, (student,)), PEOPLE, {"f.yaml": lms} if lms else {})
    if matched == "ambiguous":
        assert "several students" in warnings[0] and result.students[0].id == sid
    elif matched is None:
        assert "matches no one" in warnings[0]
    else:
        assert warnings == [] and result.students[0].id == matched


def test_gradescope_mode_on_a_fake_autograder_tree(tmp_path: Path) -> None:
    root = tmp_path / "autograder"
    (root / "submission").mkdir(parents=True)
    (root / "submission" / "answers.yaml").write_text(SHEET, encoding="utf-8")
    (root / "submission_metadata.json").write_text(json.dumps({
        "created_at": "2026-12-02T10:00:00", "assignment": {"due_date": "2026-12-01T23:59:00"},
        "users": [{"email": "pk@uni.edu", "name": "Pallav Kumar"}]}), encoding="utf-8")
    assert main(["gradescope", str(K2), "--submission", str(root / "submission"), "--metadata",
                 str(root / "submission_metadata.json"), "--results", str(root / "results" / "results.json")]) == 0
    body = json.loads((root / "results" / "results.json").read_text(encoding="utf-8"))
    assert body["score"] == 37.5 and "late" in body["output"]
    assert len(body["tests"]) == 30
    first = body["tests"][0]
    assert set(first) == {"name", "number", "score", "max_score", "status", "output", "visibility"}
    statuses = {t["number"]: t["status"] for t in body["tests"]}
    assert statuses["2a"] == "passed" and statuses["4a"] == "failed"
    assert sum(t["score"] for t in body["tests"]) == body["score"]


def test_gradescope_mode_without_files(tmp_path: Path) -> None:
    (tmp_path / "submission").mkdir()
    assert main(["gradescope", str(K2), "--submission", str(tmp_path / "submission"), "--metadata",
                 str(tmp_path / "none.json"), "--results", str(tmp_path / "results.json")]) == 0
    body = json.loads((tmp_path / "results.json").read_text(encoding="utf-8"))
    assert body["score"] == 0 and "No answer file" in body["output"] and body["tests"] == []


def test_late_policy_takes_its_share_from_late_submissions(tmp_path: Path) -> None:
    spec = tmp_path / "k2.yaml"
    spec.write_text(K2.read_text(encoding="utf-8").replace("reveal: always", "reveal: always\nlate: {penalty: 10%}"),
                    encoding="utf-8")
    folder = tmp_path / "download"
    folder.mkdir()
    (folder / "kumarpallav_LATE_7_8_hw.yaml").write_text(SHEET, encoding="utf-8")
    (folder / "ontime_9_10_hw.yaml").write_text(SHEET.replace("pallav-kumar", "on-time"), encoding="utf-8")
    out = tmp_path / "out"
    assert main(["grade", str(spec), str(folder), "--out", str(out), "--quiet", "--jobs", "1"]) == 0
    students = {s["id"]: s for s in json.loads((out / "results.json").read_text(encoding="utf-8"))["students"]}
    assert students["pallav-kumar"]["score"] == 33.75 and students["pallav-kumar"]["late_penalty"] == 3.75
    assert students["on-time"]["score"] == 37.5 and "late_penalty" not in students["on-time"]
    assert "Submitted late" in (out / "pallav-kumar.html").read_text(encoding="utf-8")

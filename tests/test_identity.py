"""Nothing lost, nobody impersonated: hostile archives, ids, LMS names, huge files, escapes, CSV formulas.

Every test builds the real input (a zip with an encrypted flag or a flipped byte, 300 students under --jobs 2, a
sparse 3 GB file under an address-space limit, ...) and checks that every *other* student's result is there,
graded, with the score decided by hand below.
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
import warnings
import zipfile
from pathlib import Path

import pytest

from mathgrade.cli import main

SPEC = """\
id: tiny
title: Tiny quiz
reveal: always
problems:
  - id: "1"
    parts:
      - {id: a, points: 2, reference: "sqrt(2)"}
      - {id: b, points: 1, reference: "3/4"}
"""
# Answers and the points they earn, decided before the run: a is sqrt(2) (2 points), b is 3/4 (1 point).
RIGHT = {"a": "sqrt(2)", "b": "0.75"}
HALF = {"a": "2^(1/2)", "b": "4/3"}      # a right (2), b wrong: 2 points
WRONG = {"a": "1.4", "b": "3/5"}         # both wrong (1.4 is 1 % off sqrt(2)): 0 points
SCORES = {"right": 3.0, "half": 2.0, "wrong": 0.0}
ANSWERS = {"right": RIGHT, "half": HALF, "wrong": WRONG}


def sheet(sid: str, name: str, kind: str = "right", extra: dict[str, str] | None = None) -> bytes:
    """An answer sheet as JSON (JSON is YAML too): escapes and odd keys survive exactly."""
    return json.dumps({"student": {"id": sid, "name": name}, "answers": {**ANSWERS[kind], **(extra or {})}}
                      ).encode()


@pytest.fixture
def spec(tmp_path: Path) -> Path:
    path = tmp_path / "tiny.yaml"
    path.write_text(SPEC, encoding="utf-8")
    return path


def grade(spec: Path, paths: list[Path], out: Path, *more: str) -> dict[str, dict]:
    """Run `mathgrade grade` and return results.json's students by id (ids must be unique)."""
    assert main(["grade", str(spec), *map(str, paths), "--out", str(out), "--quiet", *more]) == 0
    students = json.loads((out / "results.json").read_text(encoding="utf-8"))["students"]
    ids = [s["id"] for s in students]
    assert len(ids) == len(set(ids)), f"duplicate ids in results.json: {ids}"
    return {s["id"]: s for s in students}


def assert_graded(students: dict[str, dict], expected: dict[str, float]) -> None:
    for sid, score in expected.items():
        assert sid in students, f"{sid} lost; have {sorted(students)}"
        assert students[sid]["status"] == "graded" and students[sid]["score"] == score, students[sid]


# ---------------------------------------------------------------------------------------------------------------
# Archives: one bad member is one error result; every other member (and every other file) is graded.

GOOD_MEMBERS = [("class/alice.json", sheet("alice", "Alice A", "right")),
                ("class/bob.json", sheet("bob", "Bob B", "half")),
                ("class/carol.json", sheet("carol", "Carol C", "wrong"))]
GOOD_SCORES = {"alice": 3.0, "bob": 2.0, "carol": 0.0, "dave": 2.0}
LONG = "x" * 296 + ".json"


def _encrypted(zf: zipfile.ZipFile) -> None:
    zf.writestr("class/eve.json", sheet("eve", "Eve E"))
    zf.getinfo("class/eve.json").flag_bits |= 0x1  # what a password-protecting zip tool sets


def _bad_crc(zf: zipfile.ZipFile) -> None:
    zf.writestr("class/eve.json", sheet("eve", "Eve E"), compress_type=zipfile.ZIP_STORED)


def _flip_byte(path: Path, member: str) -> None:
    """Flip one byte of a stored member's data: its CRC no longer matches."""
    with zipfile.ZipFile(path) as zf:
        info = zf.getinfo(member)
    raw = bytearray(path.read_bytes())
    name_len = int.from_bytes(raw[info.header_offset + 26:info.header_offset + 28], "little")
    extra_len = int.from_bytes(raw[info.header_offset + 28:info.header_offset + 30], "little")
    at = info.header_offset + 30 + name_len + extra_len + 5
    raw[at] ^= 0x01
    path.write_bytes(bytes(raw))


ARCHIVE_CASES = [
    pytest.param(_encrypted, None, {}, [("class/eve.json", "encrypted")], id="encrypted-member"),
    pytest.param(_bad_crc, "class/eve.json", {}, [("class/eve.json", "bad CRC")], id="bad-crc"),
    pytest.param(lambda zf: (zf.writestr("class/m.json", sheet("m1", "M")),
                             zf.writestr("class/m.json/x.json", sheet("mx", "Mx", "half"))),
                 None, {"mx": 2.0}, [("class/m.json", "folder with this name")], id="file-and-folder-clash"),
    pytest.param(lambda zf: zf.writestr("class/" + LONG, sheet("longname", "L")),
                 None, {}, [("class/" + LONG, "longer than")], id="300-character-name"),
    pytest.param(lambda zf: (zf.writestr("class/dup.json", sheet("dup", "First copy")),
                             zf.writestr("class/dup.json", sheet("dup", "Second copy", "wrong"))),
                 None, {}, [("class/dup.json", "2 files in the archive have this name"),
                            ("class/dup.json", "2 files in the archive have this name")], id="duplicate-names"),
    pytest.param(lambda zf: (zf.writestr("class/Eve.json", sheet("eve1", "E1")),
                             zf.writestr("class/eve.json", sheet("eve2", "E2"))),
                 None, {}, [("class/Eve.json", "up to case"), ("class/eve.json", "up to case")],
                 id="names-differing-in-case"),
]


@pytest.mark.parametrize("add,flip,also,bad", ARCHIVE_CASES)
def test_a_bad_member_costs_only_itself(spec: Path, tmp_path: Path, add, flip: str | None, also: dict[str, float],
                                        bad: list[tuple[str, str]], capsys: pytest.CaptureFixture[str]) -> None:
    archive = tmp_path / "in" / "class.zip"
    archive.parent.mkdir()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns about the duplicate name we write on purpose
        with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as zf:
            for name, data in GOOD_MEMBERS[:2]:
                zf.writestr(name, data)
            add(zf)
            zf.writestr(*GOOD_MEMBERS[2])
    if flip:
        _flip_byte(archive, flip)
    dave = tmp_path / "dave.json"  # an unrelated sheet on the same command line
    dave.write_bytes(sheet("dave", "Dave D", "half"))
    out = tmp_path / "out"
    assert main(["grade", str(spec), str(archive), str(dave), "--out", str(out), "--jobs", "1"]) == 0
    printed = capsys.readouterr().out
    students = json.loads((out / "results.json").read_text(encoding="utf-8"))["students"]
    graded = {s["id"]: s for s in students if s["status"] == "graded"}
    assert set(graded) == set(GOOD_SCORES) | set(also)
    assert_graded(graded, {**GOOD_SCORES, **also})
    errors = sorted((s["file"].split("!", 1)[1], s["error"]) for s in students if s["status"] == "error")
    assert len(errors) == len(bad), errors
    for (member, why), (got_member, got_error) in zip(sorted(bad), errors):
        assert got_member == member and why in got_error, (got_member, got_error)
    assert all(s["file"].startswith(f"{archive}!") for s in students if s["status"] == "error")
    assert f"Graded {len(students)} submissions for tiny ({len(bad)} unreadable)" in printed


def test_a_member_over_the_archive_total_is_refused_alone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from mathgrade.grade import archives

    monkeypatch.setattr(archives, "MAX_TOTAL_BYTES", 250)
    archive = tmp_path / "a.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for name, data in GOOD_MEMBERS:
            zf.writestr(name, data)
    files, refused = archives.unpack(archive, tmp_path / "into")
    assert len(files) + len(refused) == 3 and files and refused
    assert all("expands to more than" in r.reason for r in refused)


# ---------------------------------------------------------------------------------------------------------------
# Ids: reserved names never replace the summary; de-duplication never collides with a real id.

RESERVED_IDS = ["index", "INDEX", "results", "grades", "gradebook", "index.html", "student-index", "con"]


def test_reserved_ids_with_two_jobs_and_300_students(spec: Path, tmp_path: Path) -> None:
    folder = tmp_path / "class"
    folder.mkdir()
    kinds = ["right", "half", "wrong"]
    expected: dict[str, tuple[str, float]] = {}
    for k in range(300):
        sid = RESERVED_IDS[k] if k < len(RESERVED_IDS) else f"s{k:03d}"
        kind = kinds[k % 3]
        (folder / f"f{k:03d}.json").write_bytes(sheet(sid, f"Student Number{k:03d}", kind))
        expected[sid] = (f"Student Number{k:03d}", SCORES[kind])
    # a refused archive member named ../index.yaml becomes an error result with id `index` too
    with zipfile.ZipFile(folder / "z.zip", "w") as zf:
        zf.writestr("../index.yaml", b"x")
    out = tmp_path / "out"
    students = grade(spec, [folder], out, "--jobs", "2")
    assert len(students) == 301
    for sid, (name, score) in expected.items():
        assert students[sid]["status"] == "graded" and students[sid]["score"] == score
        assert students[sid]["name"] == name
    summary = (out / "index.html").read_text(encoding="utf-8")
    assert "Student Number000" in summary and "<h1>" in summary and "Score:" not in summary.split("<main")[0]
    pages = [p.name for p in out.glob("*.html") if p.name != "index.html"]
    assert len(pages) == 301, "every result has exactly one page"
    for sid, (name, _) in expected.items():
        # the student's row of the class grid: <tr><th scope="row" ...><a href="PAGE">ID</a>
        link = [line for line in summary.splitlines() if f">{sid}</a>" in line and '<th scope="row"' in line]
        assert link, sid
        page = link[0].split('<th scope="row"')[1].split('href="')[1].split('"')[0]
        assert page not in ("index.html", "results.html", "grades.html", "gradebook.html")
        assert name in (out / page).read_text(encoding="utf-8"), (sid, page)
    assert not (out / "con.html").exists()


def test_dedup_suffix_never_takes_a_real_id(spec: Path, tmp_path: Path) -> None:
    folder = tmp_path / "class"
    folder.mkdir()
    (folder / "a.json").write_bytes(sheet("s01", "First Sheet", "right"))
    (folder / "b.json").write_bytes(sheet("s01", "Second Sheet", "wrong"))
    (folder / "c.json").write_bytes(sheet("s01-2", "Real S01-2", "half"))
    out = tmp_path / "out"
    students = grade(spec, [folder], out, "--jobs", "1")
    assert {sid: (s["name"], s["score"], s.get("original_id")) for sid, s in students.items()} == {
        "s01": ("First Sheet", 3.0, None), "s01-2": ("Real S01-2", 2.0, None),
        "s01-3": ("Second Sheet", 0.0, "s01")}
    rows = list(csv.DictReader(io.StringIO((out / "grades.csv").read_text(encoding="utf-8"))))
    assert sorted(r["id"] for r in rows) == ["s01", "s01-2", "s01-3"]
    for sid, s in students.items():
        assert s["name"] in (out / f"{sid}.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("ids,pages", [
    pytest.param(["index"], ["student-index.html"], id="reserved"),
    pytest.param(["index", "student-index"], ["student-index-2.html", "student-index.html"], id="prefix-taken"),
    pytest.param(["S01", "s01"], ["S01.html", "s01-2.html"], id="case-only"),
    pytest.param(["Results.json"], ["student-Results.json.html"], id="reserved-stem-any-case"),
    pytest.param(["a/b"], ["a_b.html"], id="roster-id-with-slash"),
])
def test_page_names(ids: list[str], pages: list[str]) -> None:
    from mathgrade.grade.ids import unique_ids
    from mathgrade.grade.results import StudentResult, SubmissionStatus

    results = [StudentResult(i, i, "", f"{i}.yaml", SubmissionStatus.GRADED, 0.0, 1.0, ()) for i in ids]
    assert [r.report for r in unique_ids(results)] == pages


# ---------------------------------------------------------------------------------------------------------------
# LMS download names: the LMS's prefix decides, never the part a student typed.

@pytest.mark.parametrize("path,lms,user,late", [
    pytest.param("turingalan_LATE_1002_5002_x_1002_assignsubmission_file_answers.yaml", "canvas", "1002", True,
                 id="canvas-late-with-moodle-looking-tail"),
    pytest.param("turingalan_1002_5002_x_1001_assignsubmission_file_extra.yaml", "canvas", "1002", False,
                 id="canvas-with-another-users-moodle-tail"),
    pytest.param("Alan Turing_1002_assignsubmission_file_doejane_1001_5001_x.yaml", "moodle", "1002", False,
                 id="moodle-flat-with-canvas-tail"),
    pytest.param("Alan Turing_1002_assignsubmission_file_/Jane Doe_1001_assignsubmission_file_/a.yaml", "moodle",
                 "1002", False, id="moodle-folder-inside-moodle-folder"),
    pytest.param("Alan Turing_1002_assignsubmission_file_/doejane_1001_5001_a.yaml", "moodle", "1002", False,
                 id="canvas-name-inside-moodle-folder"),
    pytest.param("answers_1001_5001.yaml", None, None, False, id="no-trailing-name-not-canvas"),
])
def test_download_names_read_the_lms_prefix_only(path: str, lms: str | None, user: str | None, late: bool) -> None:
    from pathlib import PurePosixPath

    from mathgrade.lms.downloads import parse_download

    got = parse_download(PurePosixPath("downloads") / path)
    assert (got.lms, got.user_id, got.late) == (lms, user, late) if lms else got is None


ROSTER = """Student ID,Name,Email,Canvas ID
s1,"Doe, Jane",jane@uni.edu,1001
s2,"Turing, Alan",alan@uni.edu,1002
s3,"Noether, Emmy",emmy@uni.edu,1003
"""


def _lms_class(tmp_path: Path, files: dict[str, bytes]) -> tuple[Path, Path]:
    folder = tmp_path / "download"
    for name, data in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)
    roster = tmp_path / "roster.csv"
    roster.write_text(ROSTER, encoding="utf-8")
    return folder, roster


def _zip_bytes(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


LMS_CASES = [
    pytest.param({"doejane_1001_5001_hw.json": sheet("x1", "Jane", "right"),
                  "turingalan_1002_5002_x_1001_assignsubmission_file_extra.json": sheet("x2", "Alan", "wrong"),
                  "noetheremmy_1003_5003_hw.json": sheet("x3", "Emmy", "half")},
                 {"s1": 3.0, "s2": 0.0, "s3": 2.0}, [], id="canvas-tail-naming-another-user"),
    pytest.param({"turingalan_LATE_1002_5002_x_1002_assignsubmission_file_answers.json": sheet("x2", "Alan"),
                  "doejane_1001_5001_hw.json": sheet("x1", "Jane", "half"),
                  "noetheremmy_1003_5003_hw.json": sheet("x3", "Emmy", "wrong")},
                 {"s1": 2.0, "s2": 2.7, "s3": 0.0}, [], id="canvas-late-is-late"),
    pytest.param({"turingalan_1002_5002_hw.zip": _zip_bytes({"doejane_1001_5009_answers.json": sheet("x2", "Alan")}),
                  "doejane_1001_5001_hw.json": sheet("x1", "Jane", "wrong"),
                  "noetheremmy_1003_5003_hw.json": sheet("x3", "Emmy", "half")},
                 {"s1": 0.0, "s2": 3.0, "s3": 2.0}, [], id="student-zip-with-another-users-canvas-name"),
    pytest.param({"Alan Turing_1002_assignsubmission_file_/Jane Doe_1001_assignsubmission_file_/a.json":
                  sheet("x2", "Alan", "half"),
                  "Jane Doe_1001_assignsubmission_file_/a.json": sheet("x1", "Jane", "right"),
                  "Emmy Noether_1003_assignsubmission_file_/a.json": sheet("x3", "Emmy", "wrong")},
                 {"s1": 3.0, "s2": 2.0, "s3": 0.0}, [], id="moodle-folder-nested-in-student-files"),
    pytest.param({"turingalan_1002_5002_hw.json": sheet("s1", "Doe, Jane", "wrong"),
                  "doejane_1001_5001_hw.json": sheet("s1", "Jane", "right"),
                  "noetheremmy_1003_5003_hw.json": sheet("x3", "Emmy", "half")},
                 {"s1": 3.0, "s2": 0.0, "s3": 2.0},
                 ["turingalan_1002_5002_hw.json: the LMS file name says Turing, Alan (s2) but the submission says"],
                 id="sheet-claims-another-students-id"),
    pytest.param({"hopperg_1009_5009_hw.json": sheet("s3", "Emmy", "wrong"),
                  "noetheremmy_1003_5003_hw.json": sheet("x3", "Emmy", "half"),
                  "doejane_1001_5001_hw.json": sheet("x1", "Jane", "right")},
                 {"s1": 3.0, "s3": 2.0, "s3-2": 0.0},
                 ["the LMS file name says user 1009, who is not on the roster",
                  "2 submissions match the roster row s3"], id="unknown-lms-id-falls-back-with-warnings"),
]


@pytest.mark.parametrize("files,scores,warned", LMS_CASES)
def test_lms_identity(spec: Path, tmp_path: Path, files: dict[str, bytes], scores: dict[str, float],
                      warned: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    spec.write_text(SPEC.replace("reveal: always", "reveal: always\nlate: {penalty: 10%}"), encoding="utf-8")
    folder, roster = _lms_class(tmp_path, files)
    out = tmp_path / "out"
    assert main(["grade", str(spec), str(folder), "--out", str(out), "--quiet", "--jobs", "1",
                 "--roster", str(roster)]) == 0
    err = capsys.readouterr().err
    students = {s["id"]: s for s in json.loads((out / "results.json").read_text(encoding="utf-8"))["students"]}
    assert {sid: s["score"] for sid, s in students.items()} == scores
    for w in warned:
        assert w in err, err
    if not warned:
        assert "warning" not in err, err
    export = tmp_path / "canvas.csv"
    assert main(["export", str(out), "--to", "canvas", "--roster", str(roster), "--out", str(export)]) == 0
    rows = {r["ID"]: r for r in csv.DictReader(io.StringIO(export.read_text(encoding="utf-8")))}
    lms = {"s1": "1001", "s2": "1002", "s3": "1003"}
    for sid, score in scores.items():
        if sid in lms:
            assert any(r["ID"] == lms[sid] and r[next(iter(r.keys() - {"Student", "ID", "SIS User ID",
                       "SIS Login ID", "Section"}))] == f"{score:g}" for r in rows.values()), (sid, rows)


# ---------------------------------------------------------------------------------------------------------------
# Huge files: refused from their size, never read whole.

def test_sparse_3gb_file_under_an_address_space_limit(spec: Path, tmp_path: Path) -> None:
    folder = tmp_path / "class"
    folder.mkdir()
    (folder / "alice.json").write_bytes(sheet("alice", "Alice", "right"))
    (folder / "bob.json").write_bytes(sheet("bob", "Bob", "half"))
    with (folder / "huge.txt").open("wb") as f:
        f.truncate(3 * 1024 ** 3)  # sparse: 3 GB long, nothing on disk
    with zipfile.ZipFile(folder / "z.zip", "w") as zf:
        zf.writestr("carol.json", sheet("carol", "Carol", "wrong"))
    out = tmp_path / "out"
    code = (
        "import resource, sys\n"
        "resource.setrlimit(resource.RLIMIT_AS, (2_500 * 1024 ** 2, resource.RLIM_INFINITY))\n"
        "from mathgrade.cli import main\n"
        f"sys.exit(main(['grade', {str(spec)!r}, {str(folder)!r}, '--out', {str(out)!r}, '--quiet', '--jobs', '1']))\n")
    run = subprocess.run([sys.executable, "-c", code], check=False, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    students = {s["id"]: s for s in json.loads((out / "results.json").read_text(encoding="utf-8"))["students"]}
    assert_graded(students, {"alice": 3.0, "bob": 2.0, "carol": 0.0})
    assert students["huge"]["status"] == "error" and "3221.2 MB" in students["huge"]["error"]


@pytest.mark.parametrize("suffix,cap", [pytest.param(".json", 1_000_000, id="sheet"),
                                        pytest.param(".md", 2_000_000, id="document")])
def test_readers_refuse_from_the_size(tmp_path: Path, suffix: str, cap: int) -> None:
    from mathgrade.grade import Grader
    from mathgrade.spec import parse_spec

    path = tmp_path / f"big{suffix}"
    with path.open("wb") as f:
        f.truncate(cap + 1)
    sub = Grader(parse_spec(SPEC)).read(path)
    assert sub.error is not None and "at most" in sub.error


def test_gradebook_hash_stops_at_its_cap(tmp_path: Path) -> None:
    from mathgrade.grade.gradebook import MAX_HASHED_BYTES, file_hash

    small, big = tmp_path / "small.json", tmp_path / "big.txt"
    small.write_bytes(b"{}")
    with big.open("wb") as f:
        f.truncate(MAX_HASHED_BYTES + 1)
    assert file_hash(small) == "44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a"
    assert file_hash(big) == "unreadable"


# ---------------------------------------------------------------------------------------------------------------
# Linear scans of student text: the new scanners find exactly what the old patterns found.

def test_display_and_inline_scanners_agree_with_the_patterns_they_replace() -> None:
    import random
    import re

    from mathgrade.documents.blocks import _displays, _inline

    display = re.compile(  # with issue 15's rule: `\\[2pt]` (a row break) opens and closes nothing
        r"\$\$(?P<dollar>.+?)\$\$|(?<!\\)\\\[(?P<bracket>.+?)(?<!\\)\\\]"
        r"|\\begin\{(?P<env>equation|align|gather|multline|eqnarray|displaymath)(?P<star>\*?)\}(?P<body>.+?)"
        r"\\end\{(?P=env)(?P=star)\}", re.DOTALL)
    inline = re.compile(r"(?<![\\$])\$(?!\$)(?P<m>[^$\n]{1,2000}?)(?<!\\)\$|\\\((?P<p>.{1,2000}?)\\\)")
    pieces = ["$$", "$", "\\[", "\\]", "\\(", "\\)", "a", "\n", "\\", "\\begin{align}", "\\end{align}",
              "\\begin{align*}", "\\end{align*}", "\\end{equation}", "x" * 900]
    rng = random.Random(19)
    for _ in range(5000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 16)))
        assert _displays(text) == [(m.start(), m.end(), m.group("dollar") or m.group("bracket") or m.group("body")
                                    or "") for m in display.finditer(text)], text
        assert _inline(text) == [(m.start(), m.end(), m.group("m") if m.group("m") is not None else m.group("p"))
                                 for m in inline.finditer(text)], text


def test_markers_read_after_leading_whitespace_as_before() -> None:
    """read_marker skips leading whitespace once, then reads the label as labels.read_label does."""
    import random

    from mathgrade.documents import blocks
    from mathgrade.documents.labels import read_label

    pieces = [" ", "\n", "*", "Problem", "Q", "1", "12", "(a)", "a)", "## ", "\\section{", "\\textcircled{3}", "①",
              "Part ", "x", ".", "\t", "\u3000"]
    rng = random.Random(19)
    for _ in range(5000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 8)))
        found, rest = read_label(text.lstrip())
        assert blocks.read_marker(text) == ((found, rest) if found is not None else (None, text)), text
    found, rest = blocks.read_marker(" " * 20000 + "(b) $x$")
    assert found is not None and found.sub == "b" and rest.strip() == "$x$"


def test_trailing_spacing_strip_agrees_with_the_pattern_it_replaces() -> None:
    import random
    import re

    from mathgrade.documents.locate import _strip_trailing

    trailing = re.compile(r"(?:\\(?:quad|qquad|,|;|!|:)|\s)+$")
    pieces = ["\\quad", "\\qquad", "\\,", "\\;", "\\!", "\\:", " ", "\n", "a", "\\", "q", "quad", ",", "\u3000"]
    rng = random.Random(19)
    for _ in range(5000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 12)))
        assert _strip_trailing(text) == trailing.sub("", text), text


# ---------------------------------------------------------------------------------------------------------------
# Terminal output: control characters from students are shown as text.

ESCAPES = [
    pytest.param("\x1b]0;pwned\x07", "\\x1b]0;pwned\\x07", id="osc-retitle"),
    pytest.param("\x1b[2K\r", "\\x1b[2K\\r", id="erase-line"),
    pytest.param("ok\u202egnp.exe", "ok\\u202egnp.exe", id="bidi-override"),
    pytest.param("\x9b31m", "\\x9b31m", id="c1-csi"),
]


@pytest.mark.parametrize("evil,shown", ESCAPES)
def test_grade_summary_escapes_student_text(spec: Path, tmp_path: Path, evil: str, shown: str,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "class"
    folder.mkdir()
    (folder / "alice.json").write_bytes(sheet("alice", "Alice", "right", {evil: "1"}))
    (folder / f"bad{evil}.json").write_bytes(b"{oops")
    (folder / "bob.json").write_bytes(sheet("bob", "Bob", "half"))
    out = tmp_path / "out"
    assert main(["grade", str(spec), str(folder), "--out", str(out), "--jobs", "1"]) == 0
    printed = capsys.readouterr().out
    assert evil not in printed and "\x1b" not in printed and "\x07" not in printed and "\r" not in printed
    assert f"unknown part ids {shown}" in printed
    assert f"bad{shown}.json" in printed
    students = {s["id"]: s for s in json.loads((out / "results.json").read_text(encoding="utf-8"))["students"]}
    assert_graded(students, {"alice": 3.0, "bob": 2.0})


@pytest.mark.parametrize("evil,shown", ESCAPES)
def test_show_escapes_student_text(spec: Path, tmp_path: Path, evil: str, shown: str,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "s.json"
    path.write_text(json.dumps({"student": {"id": "x", "name": f"Eve{evil}"}, "answers": {"a": f"1{evil}"}}),
                    encoding="utf-8")
    assert main(["show", str(spec), str(path)]) == 0
    printed = capsys.readouterr().out
    assert evil not in printed and "\x1b" not in printed and "\x07" not in printed
    assert shown in printed and "[a]" in printed


# ---------------------------------------------------------------------------------------------------------------
# CSV: formula characters behind whitespace or look-alikes are guarded too.

@pytest.mark.parametrize("cell,guarded", [
    pytest.param("=1+1", True, id="equals"),
    pytest.param(" =HYPERLINK(\"x\")", True, id="leading-space"),
    pytest.param("\u3000=1", True, id="ideographic-space"),
    pytest.param("\ufeff=1", True, id="bom"),
    pytest.param("\u200b@SUM(A1)", True, id="zero-width-space"),
    pytest.param("\u202e=1", True, id="rtl-override"),
    pytest.param("\uff1dcmd|' /C calc'!A0", True, id="fullwidth-equals"),
    pytest.param("\uff0b1", True, id="fullwidth-plus"),
    pytest.param("\ufe62x", True, id="small-plus"),
    pytest.param("\uff20x", True, id="fullwidth-at"),
    pytest.param("\t=1", True, id="tab"),
    pytest.param("-x", True, id="minus-text"),
    pytest.param("-3.5", False, id="negative-number"),
    pytest.param("Ann-Lee", False, id="hyphen-inside"),
    pytest.param("José O'Neil", False, id="plain-name"),
    pytest.param("3", False, id="number"),
])
def test_csv_formula_guard(cell: str, guarded: bool) -> None:
    from mathgrade.grade.results import ClassResult, StudentResult, SubmissionStatus
    from mathgrade.report.tables import grades_csv

    s = StudentResult("s1", cell, "", "s1.yaml", SubmissionStatus.GRADED, 1.0, 3.0, ())
    row = list(csv.reader(io.StringIO(grades_csv(ClassResult("t", "T", 3.0, (s,)), []))))[1]
    assert row[1] == ("'" + cell if guarded else cell)


@pytest.mark.parametrize("answer,expected,words", [
    pytest.param("[[1], [2]]", "[[1, 2]]", "expected a row vector with 2 entries, got a column vector",
                 id="column-for-row"),
    pytest.param("[[1, 2]]", "[[1], [2]]", "expected a column vector with 2 entries, got a row vector",
                 id="row-for-column"),
    pytest.param("[[1, 2, 3]]", "[[1], [2]]", "expected a vector with 2 entries, got a vector with 3 entries",
                 id="other-length"),
])
def test_orientation_message(answer: str, expected: str, words: str) -> None:
    from mathgrade.check import CheckOptions, Kind, check

    verdict = check(answer, expected, CheckOptions(kind=Kind.VECTOR, orientation=True))
    assert verdict.status.value == "incorrect" and words in verdict.feedback


def test_gradescope_grades_under_the_same_limits(spec: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import time

    from mathgrade import grade as grade_module
    from mathgrade.grade.pool import Limits
    from mathgrade.lms import gradescope

    real = grade_module.grade_answer

    def slow_on_a(part, reference, answer):  # what sympy can do on a hostile answer: never return
        if answer == "SLOW":
            time.sleep(120)
        return real(part, reference, answer)

    monkeypatch.setattr(grade_module, "grade_answer", slow_on_a)
    (tmp_path / "submission").mkdir()
    (tmp_path / "submission" / "answers.json").write_bytes(sheet("x", "Eve", "right", {"a": "SLOW"}))
    started = time.monotonic()
    body = gradescope.run(str(spec), tmp_path / "submission", tmp_path / "none.json", tmp_path / "results.json",
                          limits=Limits(answer_seconds=0.5, memory_mb=256, read_seconds=5))
    assert time.monotonic() - started < 60
    tests = {t["number"]: t for t in body["tests"]}
    assert tests["a"]["score"] == 0 and "too expensive" in tests["a"]["output"]
    assert tests["b"]["score"] == 1 and body["score"] == 1

"""Zip archives: members unpacked only inside their folder; refused members become error results, never lost."""

from __future__ import annotations

import json
import stat
import zipfile
from pathlib import Path

import pytest

from mathgrade.cli import main
from mathgrade.grade.archives import MAX_MEMBERS, unpack

ROOT = Path(__file__).resolve().parents[1]
K2 = ROOT / "problems" / "k2.yaml"
SHEET = (ROOT / "tests" / "data" / "k2-pallav-kumar-sheet.yaml").read_text(encoding="utf-8")


def _zip(path: Path, members: list[tuple[str, bytes]], links: tuple[str, ...] = ()) -> Path:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, data in members:
            zf.writestr(name, data)
        for name in links:
            info = zipfile.ZipInfo(name)
            info.external_attr = (stat.S_IFLNK | 0o777) << 16
            zf.writestr(info, "/etc/passwd")
    return path


@pytest.mark.parametrize("name,reason", [
    pytest.param("../evil.yaml", "unsafe path", id="dot-dot"),
    pytest.param("a/../../evil.yaml", "unsafe path", id="nested-dot-dot"),
    pytest.param("/etc/evil.yaml", "unsafe path", id="absolute"),
    pytest.param("C:/evil.yaml", "unsafe path", id="drive-letter"),
    pytest.param("..\\evil.yaml", "unsafe path", id="backslash-dot-dot"),
])
def test_traversal_members_are_refused(tmp_path: Path, name: str, reason: str) -> None:
    archive = _zip(tmp_path / "class.zip", [(name, SHEET.encode()), ("ok/s1.yaml", SHEET.encode())])
    files, refused = unpack(archive, tmp_path / "into")
    assert [f.name for f in files] == ["s1.yaml"]
    assert len(refused) == 1 and reason in refused[0].reason and name in refused[0].name
    assert not (tmp_path / "evil.yaml").exists() and not (tmp_path.parent / "evil.yaml").exists()
    assert all(tmp_path / "into" in f.parents for f in files)


def test_symlinks_bombs_and_limits(tmp_path: Path) -> None:
    archive = _zip(tmp_path / "a.zip", [("big.yaml", b"a: " + b"0" * 4_000_000), ("huge.md", b"x" * 6_000_000),
                                        ("README.md", b"ignored"), ("__MACOSX/s.yaml", b"ignored"),
                                        ("notes.pdf", b"ignored")], links=("link.yaml",))
    files, refused = unpack(archive, tmp_path / "into")
    reasons = {r.name.split("!")[1]: r.reason for r in refused}
    assert files == []
    assert "zip bomb" in reasons["big.yaml"]
    assert "larger than 5 MB" in reasons["huge.md"]
    assert "not a regular file" in reasons["link.yaml"]
    assert not (tmp_path / "into" / "a").exists() or not any((tmp_path / "into").rglob("link.yaml"))


def test_too_many_members_and_corrupt_archives(tmp_path: Path) -> None:
    many = _zip(tmp_path / "many.zip", [(f"s{k}.yaml", b"x") for k in range(MAX_MEMBERS + 1)])
    assert unpack(many, tmp_path / "into")[1][0].reason.startswith(f"more than {MAX_MEMBERS}")
    corrupt = tmp_path / "corrupt.zip"
    corrupt.write_bytes(b"PK\x03\x04 not really a zip")
    files, refused = unpack(corrupt, tmp_path / "into")
    assert files == [] and "cannot open the archive" in refused[0].reason


def test_grading_a_zip_keeps_every_submission(tmp_path: Path) -> None:
    folder = tmp_path / "download"
    folder.mkdir()
    _zip(folder / "class.zip", [("alice/s1.yaml", SHEET.replace("pallav-kumar", "alice").encode()),
                                ("../escape.yaml", SHEET.encode()), ("bob/bad.json", b"{oops")])
    out = tmp_path / "out"
    assert main(["grade", str(K2), str(folder), "--out", str(out), "--quiet", "--jobs", "1"]) == 0
    students = json.loads((out / "results.json").read_text(encoding="utf-8"))["students"]
    by_status = sorted((s["id"], s["status"]) for s in students)
    assert by_status == [("alice", "graded"), ("bad", "error"), ("escape", "error")]
    escape = next(s for s in students if s["id"] == "escape")
    assert "unsafe path" in escape["error"]
    assert not (tmp_path / "escape.yaml").exists()

"""Overrides: accept or reject an answer group by equivalence, or one student's part; applied on every regrade."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from mathgrade.cli import main
from mathgrade.errors import SpecError
from mathgrade.grade.overrides import load_overrides
from mathgrade.spec import load_spec

ROOT = Path(__file__).resolve().parents[1]
K2 = ROOT / "problems" / "k2.yaml"


def _class(folder: Path) -> Path:
    folder.mkdir()
    sheets = {
        "a": {"4a": "[1/2, 1/2]", "6e": "rotates 150 degrees clockwise, scale 2"},
        "b": {"4a": "[0.5, 0.5]", "6e": "rotation by 150° cw and scaling by 2"},
        "c": {"4a": "[1, 1]", "6e": "rotates by 150 degrees clockwise, no scaling"},
    }
    for sid, answers in sheets.items():
        body = "\n".join(f"  {k}: '{v}'" for k, v in answers.items())
        (folder / f"{sid}.yaml").write_text(f"student: {{id: {sid}, name: Student {sid.upper()}}}\nanswers:\n{body}\n",
                                            encoding="utf-8")
    return folder


OVERRIDES = """overrides:
  - part: 4a
    answer: "[sqrt(2)/(2 sqrt 2), 1/2]"
    action: points
    points: 0.5
    reason: "Half credit: the direction is right, the length is not."
  - part: 6e
    answer: "rotates by 150 degrees clockwise with scale 2"
    action: accept
    reason: "The question was ambiguous about the scale."
  - part: 7a
    student: c
    points: 3
    reason: "Graded by hand from the scanned page."
"""


def test_overrides_apply_to_every_equivalent_answer_and_are_recorded(tmp_path: Path) -> None:
    folder = _class(tmp_path / "class")
    overrides = tmp_path / "overrides.yaml"
    overrides.write_text(OVERRIDES, encoding="utf-8")
    out = tmp_path / "out"
    argv = ["grade", str(K2), str(folder), "--out", str(out), "--quiet", "--jobs", "1", "--overrides", str(overrides)]
    assert main(argv) == 0
    results = json.loads((out / "results.json").read_text(encoding="utf-8"))
    parts = {s["id"]: {p["id"]: p for p in s["parts"]} for s in results["students"]}
    assert parts["a"]["4a"]["score"] == parts["b"]["4a"]["score"] == 0.5
    assert parts["a"]["4a"]["status"] == "partial" and "Half credit" in parts["a"]["4a"]["feedback"]
    assert parts["c"]["4a"]["score"] == 0.0  # [1, 1] is a different answer: no override
    assert parts["a"]["6e"]["status"] == parts["b"]["6e"]["status"] == "correct"
    assert parts["c"]["6e"]["status"] == "correct"  # right on its own (no scaling, as it says)
    assert parts["c"]["7a"]["score"] == 3 and parts["c"]["7a"]["status"] == "correct"
    benefitted = {(o["student"], o["part"]) for o in results["overrides"]}
    assert benefitted == {("a", "4a"), ("b", "4a"), ("a", "6e"), ("b", "6e"), ("c", "7a")}
    assert "ambiguous about the scale" in (out / "a.html").read_text(encoding="utf-8")
    with sqlite3.connect(str(out / "gradebook.sqlite")) as db:
        rows = db.execute("SELECT student_id, part FROM part_results WHERE override IS NOT NULL").fetchall()
    assert set(rows) == benefitted
    # Regrade without the overrides: the stored (unchanged) results come back without them.
    assert main(argv[:-2]) == 0
    again = json.loads((out / "results.json").read_text(encoding="utf-8"))
    assert "overrides" not in again
    assert {p["id"]: p for p in again["students"][0]["parts"]}["4a"]["score"] == 0.0


@pytest.mark.parametrize("text,message,line", [
    pytest.param("overrides:\n  - {part: 9z, answer: '1', reason: x}\n", "unknown part '9z'", 2, id="unknown-part"),
    pytest.param("overrides:\n  - {part: 4a, answer: '1'}\n", "needs a `reason`", 2, id="no-reason"),
    pytest.param("overrides:\n  - {part: 4a, answer: '1', student: s, reason: x}\n", "exactly one of", 2,
                 id="answer-and-student"),
    pytest.param("overrides:\n  - {part: 4a, student: s, points: 7, reason: x}\n", "from 0 to 1", 2,
                 id="too-many-points"),
    pytest.param("overrides:\n  - {part: 4a, student: s, action: bless, reason: x}\n", "action must be", 2,
                 id="bad-action"),
    pytest.param("overrides: {part: 4a}\n", "must be a list", 1, id="not-a-list"),
])
def test_override_file_errors_name_file_line_and_field(tmp_path: Path, text: str, message: str, line: int) -> None:
    path = tmp_path / "overrides.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SpecError, match=message) as info:
        load_overrides(path, load_spec(K2))
    assert info.value.file == str(path) and info.value.line == line

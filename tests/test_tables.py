"""results.json is encoded one distinct part at a time: the pieces must add up to plain json.dumps, whatever the
students wrote (NUL characters and text that looks like the encoder's own placeholders included)."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from mathgrade.grade import grade_paths
from mathgrade.report.tables import results_json

ROOT = Path(__file__).resolve().parents[1]
SHEET = ROOT / "tests" / "data" / "k2-pallav-kumar-sheet.yaml"


@pytest.fixture(scope="module")
def graded():
    return grade_paths(str(ROOT / "problems" / "k2.yaml"), [SHEET])


@pytest.mark.parametrize("name", [
    "Ada", "\x000\x00", "\x00" + "0" * 16 + "1\x00", '"\\u00000\\u0000"', "日本語 \u202e", "a\nb\tc",
], ids=["plain", "nul-digit", "nul-long", "escaped-lookalike", "unicode-bidi", "controls"])
def test_results_json_equals_plain_json_dumps(graded, name: str) -> None:
    student = graded.students[0]
    parts = tuple(replace(p, answer=name if p.answer is not None else None) for p in student.parts)
    twin = replace(student, id="b", name=name, parts=parts)
    result = replace(graded, students=(replace(student, name=name), twin, student))
    assert results_json(result) == json.dumps(result.to_dict(), ensure_ascii=False, indent=2) + "\n"

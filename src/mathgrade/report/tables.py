"""results.json and grades.csv: the class results an LMS or a script imports. Deterministic bytes."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator

from mathgrade.grade.results import ClassResult


def results_json(result: ClassResult) -> str:
    """The documented results.json: assignment, max_points, students with their parts."""
    return "".join(results_json_chunks(result))


def results_json_chunks(result: ClassResult) -> Iterator[str]:
    """results.json piece by piece, one student at a time, byte-identical to json.dumps(indent=2)."""
    head = result.to_dict()
    students = head.pop("students")
    overrides = head.pop("overrides", None)
    del students  # rebuilt one by one below
    yield "{\n"
    for key, value in head.items():
        yield f"  {json.dumps(key)}: {json.dumps(value, ensure_ascii=False)},\n"
    yield '  "students": ['
    for k, s in enumerate(result.students):
        body = json.dumps(s.to_dict(), ensure_ascii=False, indent=2).replace("\n", "\n    ")
        yield ("," if k else "") + "\n    " + body
    yield ("\n  ]" if result.students else "]")
    if overrides is not None:
        body = json.dumps(overrides, ensure_ascii=False, indent=2).replace("\n", "\n  ")
        yield f',\n  "overrides": {body}'
    yield "\n}\n"


def grades_csv(result: ClassResult, part_ids: list[str]) -> str:
    """One row per submission: identity, status, total, then points per part (blank where missing)."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(["id", "name", "email", "file", "status", "score", "max"] + part_ids)
    for s in result.students:
        by_id = {p.id: p for p in s.parts}
        row = [s.id, s.name, s.email, s.file, s.status.value, f"{s.score:g}", f"{s.max:g}"]
        row += [f"{by_id[p].score:g}" if p in by_id and by_id[p].answer is not None else "" for p in part_ids]
        writer.writerow([_no_formula(c) for c in row])
    return buf.getvalue()


def _no_formula(cell: str) -> str:
    """Spreadsheets run cells that start with = + - @ as formulas: a student name must never be one."""
    if cell and cell[0] in "=+@\t\r" or (cell.startswith("-") and not _is_number(cell)):
        return "'" + cell
    return cell


def _is_number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True

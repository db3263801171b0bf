"""results.json and grades.csv: the class results an LMS or a script imports. Deterministic bytes."""

from __future__ import annotations

import csv
import io
import json
import re
import secrets
import unicodedata
from collections.abc import Iterator

from mathgrade.grade.results import ClassResult, PartResult, StudentResult


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
    encoded: dict[PartResult, str] = {}
    for k, s in enumerate(result.students):
        yield ("," if k else "") + "\n    " + _student_json(s, encoded)
    yield ("\n  ]" if result.students else "]")
    if overrides is not None:
        body = json.dumps(overrides, ensure_ascii=False, indent=2).replace("\n", "\n  ")
        yield f',\n  "overrides": {body}'
    yield "\n}\n"


# Stands for a part in the student's JSON until the part's own encoding replaces it. Random per process, so that
# no student text (a name with NUL characters) can pose as one.
_SLOT = "\x00" + secrets.token_hex(8)
_SLOTS = re.compile(re.escape(json.dumps(_SLOT)[:-1]) + r"(\d+)\\u0000\"")


def _student_json(s: StudentResult, encoded: dict[PartResult, str]) -> str:
    """json.dumps(s.to_dict(), indent=2) at the depth of the students list, encoding each distinct part once."""
    data = s.to_dict()
    data["parts"] = [f"{_SLOT}{n}\x00" for n in range(len(s.parts))]
    texts = []
    for p in s.parts:
        text = encoded.get(p)
        if text is None:
            text = encoded[p] = json.dumps(p.to_dict(), ensure_ascii=False, indent=2).replace("\n", "\n    ")
        texts.append(text)
    body = _SLOTS.sub(lambda m: texts[int(m.group(1))], json.dumps(data, ensure_ascii=False, indent=2))
    return body.replace("\n", "\n    ")


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


_FORMULA_START = frozenset("=+-@")


def _no_formula(cell: str) -> str:
    """Spreadsheets run cells that start with = + - @ as formulas: a student name must never be one.

    Excel and LibreOffice skip leading spaces (and Sheets some invisible characters) before deciding, and some
    map look-alikes (fullwidth `＝`, small `﹢`) to the ASCII sign: the first visible character decides, after
    compatibility folding (NFKC), and whitespace, BOM, zero-width and bidi characters in front do not hide it.
    """
    if not cell:
        return cell
    if cell[0] in "\t\r\n":
        return "'" + cell
    k = 0
    while k < len(cell) and (cell[k].isspace() or unicodedata.category(cell[k]) in ("Cf", "Cc", "Zs")):
        k += 1
    first = unicodedata.normalize("NFKC", cell[k:k + 1])[:1]
    if first in _FORMULA_START and not (first == "-" and k == 0 and _is_number(cell)) or first == "\u2212":
        return "'" + cell
    return cell


def _is_number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True

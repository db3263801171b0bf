"""Exports of class results for LMS gradebook imports. They read results.json; they never recompute a grade.

- `csv`: generic, one row per student.
- `canvas`: Canvas' gradebook import: Student, ID, SIS User ID, SIS Login ID, Section, then one column
  `<title> (<assignment id>)`, and a second row `Points Possible` with the maximum under that column.
- `moodle`: Moodle's grade import CSV, keyed by email address or ID number, with the assignment's column.
- `json`: a list of {id, name, email, sis_id, score, max}.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from mathgrade.lms.roster import Person
from mathgrade.report.tables import _no_formula

FORMATS = ("csv", "canvas", "moodle", "json")


def _rows(results: dict[str, Any], people: tuple[Person, ...]) -> list[tuple[dict[str, Any], Person | None]]:
    by_id = {p.id: p for p in people}
    return [(s, by_id.get(s["id"])) for s in results["students"]]


def _csv(rows: list[list[str]]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    for row in rows:
        writer.writerow([_no_formula(str(c)) for c in row])
    return buf.getvalue()


def _score(s: dict[str, Any]) -> str:
    return f"{s['score']:g}" if s.get("status") == "graded" else ""


def export(results: dict[str, Any], fmt: str, title: str, people: tuple[Person, ...] = (),
           moodle_key: str = "email") -> str:
    """The export text for `fmt`. `title` names the assignment column (Canvas, Moodle)."""
    rows = _rows(results, people)
    assignment = results["assignment"]
    if fmt == "csv":
        out = [["id", "name", "email", "sis_id", "section", "score", "max", "percent", "status"]]
        for s, p in rows:
            percent = f"{100 * s['score'] / s['max']:.1f}" if s["max"] else ""
            out.append([s["id"], s["name"], (p.email if p else "") or s.get("email", ""), p.sis_id if p else "",
                        p.section if p else "", _score(s), f"{s['max']:g}", percent, s["status"]])
        return _csv(out)
    if fmt == "canvas":
        column = f"{title} ({assignment})"
        out = [["Student", "ID", "SIS User ID", "SIS Login ID", "Section", column],
               ["Points Possible", "", "", "", "", f"{results['max_points']:g}"]]
        for s, p in rows:
            out.append([p.name if p else s["name"], p.lms_id if p else "", p.sis_id if p else "",
                        p.login if p else "", p.section if p else "", _score(s)])
        return _csv(out)
    if fmt == "moodle":
        key = "Email address" if moodle_key == "email" else "ID number"
        out = [[key, title]]
        for s, p in rows:
            ident = ((p.email if p else "") or s.get("email", "")) if moodle_key == "email" else (
                (p.sis_id if p else "") or s["id"])
            out.append([ident, _score(s)])
        return _csv(out)
    if fmt == "json":
        return json.dumps([{"id": s["id"], "name": s["name"], "email": (p.email if p else "") or s.get("email", ""),
                            "sis_id": p.sis_id if p else "", "score": s["score"] if s["status"] == "graded" else None,
                            "max": s["max"]} for s, p in rows], ensure_ascii=False, indent=2) + "\n"
    raise ValueError(f"unknown export format {fmt!r} (one of {', '.join(FORMATS)})")

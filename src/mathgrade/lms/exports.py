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


def check_results(results: Any) -> None:
    """ValueError unless `results` has the shape of a results.json (a hand-edited or foreign file)."""
    if not isinstance(results, dict) or not isinstance(results.get("students"), list) \
            or not isinstance(results.get("assignment"), str) or "max_points" not in results:
        raise ValueError("this is not a mathgrade results.json (it needs assignment, max_points and students)")
    for n, s in enumerate(results["students"]):
        if not isinstance(s, dict) or not {"id", "name", "score", "max", "status"} <= set(s):
            raise ValueError(f"student {n + 1} in results.json lacks id, name, score, max or status")


def export(results: dict[str, Any], fmt: str, title: str, people: tuple[Person, ...] = (),
           moodle_key: str = "email") -> str:
    """The export text for `fmt`. `title` names the assignment column (Canvas, Moodle)."""
    return export_with_warnings(results, fmt, title, people, moodle_key)[0]


def export_with_warnings(results: dict[str, Any], fmt: str, title: str, people: tuple[Person, ...] = (),
                         moodle_key: str = "email") -> tuple[str, list[str]]:
    """`export`, and what the instructor should know: students left out because the LMS could not match them."""
    check_results(results)
    rows = _rows(results, people)
    warnings: list[str] = []
    assignment = results["assignment"]
    if fmt == "csv":
        out = [["id", "name", "email", "sis_id", "section", "score", "max", "percent", "status"]]
        for s, p in rows:
            percent = f"{100 * s['score'] / s['max']:.1f}" if s["max"] and s["status"] == "graded" else ""
            out.append([s["id"], s["name"], (p.email if p else "") or s.get("email", ""), p.sis_id if p else "",
                        p.section if p else "", _score(s), f"{s['max']:g}", percent, s["status"]])
        return _csv(out), warnings
    if fmt == "canvas":
        column = f"{title} ({assignment})"
        out = [["Student", "ID", "SIS User ID", "SIS Login ID", "Section", column],
               ["Points Possible", "", "", "", "", f"{results['max_points']:g}"]]
        for s, p in rows:
            out.append([p.name if p else s["name"], p.lms_id if p else "", p.sis_id if p else "",
                        p.login if p else "", p.section if p else "", _score(s)])
        return _csv(out), warnings
    if fmt == "moodle":
        key = "Email address" if moodle_key == "email" else "ID number"
        out = [[key, title]]
        for s, p in rows:
            # Moodle aborts the whole import on a key it cannot match (and gives a blank key's grade to the row
            # above): only keys Moodle knows are written, the rest are named for the instructor.
            if moodle_key == "email":
                ident = (p.email if p else "") or s.get("email", "")
            else:
                ident = p.sis_id if p else ""
            if not ident:
                warnings.append(f"{s['id']} ({s['name']}) left out of the Moodle file: no "
                                f"{'email address' if moodle_key == 'email' else 'ID number in the roster'}")
                continue
            out.append([ident, _score(s)])
        return _csv(out), warnings
    if fmt == "json":
        return json.dumps([{"id": s["id"], "name": s["name"], "email": (p.email if p else "") or s.get("email", ""),
                            "sis_id": p.sis_id if p else "", "score": s["score"] if s["status"] == "graded" else None,
                            "max": s["max"]} for s, p in rows], ensure_ascii=False, indent=2) + "\n", warnings
    raise ValueError(f"unknown export format {fmt!r} (one of {', '.join(FORMATS)})")

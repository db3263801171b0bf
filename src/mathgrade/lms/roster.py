"""Rosters: who is in the class, and which document belongs to whom.

A roster is a CSV with a header; column names are matched case-insensitively (id / student id, name, email,
sis_id / sis user id, login / sis login id, section, canvas_id / user id); other columns are ignored.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from dataclasses import dataclass, replace
from pathlib import Path

from mathgrade.errors import UsageError
from mathgrade.grade.ids import unique_ids
from mathgrade.grade.results import ClassResult, StudentResult

_COLUMNS = {
    "id": ("id", "student id", "student_id", "username"), "name": ("name", "student", "full name", "student name"),
    "email": ("email", "email address", "e-mail"), "sis_id": ("sis_id", "sis user id", "sis id", "id number"),
    "login": ("login", "sis login id", "login id"), "section": ("section",),
    "lms_id": ("canvas_id", "user id", "lms_id", "canvas id", "participant id"),
}


@dataclass(frozen=True)
class Person:
    """One roster row."""

    id: str
    name: str
    email: str = ""
    sis_id: str = ""
    login: str = ""
    section: str = ""
    lms_id: str = ""


def normal_name(name: str) -> str:
    """Case, accents, punctuation and spacing do not tell students apart: `José  O'Neil` is `jose oneil`."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return " ".join("".join(c if c.isalnum() or c.isspace() else "" for c in text).split())


def read_roster(path: Path) -> tuple[Person, ...]:
    """Read a roster CSV. Raises UsageError if it cannot be read or has no id or name column."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"cannot read the roster {path}: {exc}") from None
    try:
        return _people(path, csv.DictReader(io.StringIO(text)))
    except csv.Error as exc:  # a malformed file, or a cell over csv.field_size_limit() (128 KiB)
        raise UsageError(f"cannot read the roster {path}: {exc}") from None


def _people(path: Path, reader: csv.DictReader) -> tuple[Person, ...]:  # type: ignore[type-arg]
    headers = {h.strip().lower(): h for h in (reader.fieldnames or [])}
    pick = {field: next((headers[a] for a in aliases if a in headers), None) for field, aliases in _COLUMNS.items()}
    if pick["id"] is None and pick["name"] is None:
        raise UsageError(f"the roster {path} needs an id or a name column (found: {', '.join(headers) or 'none'})")
    people = []
    for row in reader:
        values = {f: (row.get(col) or "").strip() if col else "" for f, col in pick.items()}
        if values["id"] or values["name"]:
            people.append(Person(**{**values, "id": values["id"] or values["name"]}))
    return tuple(people)


def match(result: StudentResult, people: tuple[Person, ...], lms_id: str = "") -> list[Person]:
    """Roster rows this submission could belong to: by LMS user id, id, email, then name."""
    for key, value in (("lms_id", lms_id), ("id", result.id), ("email", result.email.lower()),
                       ("login", result.id)):
        if value:
            found = [p for p in people if getattr(p, key) and getattr(p, key).lower() == value.lower()]
            if found:
                return found
    name = normal_name(result.name)
    return [p for p in people if name and normal_name(p.name) == name]


def apply_roster(result: ClassResult, people: tuple[Person, ...],
                 lms_ids: dict[str, str] | None = None) -> tuple[ClassResult, list[str]]:
    """Give each submission its roster identity; warn about submissions matching nobody or several people.

    The LMS user id from a download's prefix decides (a student cannot write it); when the sheet's own id, email
    or name points at someone else, when the LMS id is not on the roster, or when two submissions land on one
    roster row, the instructor is told: a grade never moves to another row silently.
    """
    lms_ids = lms_ids or {}
    warnings: list[str] = []
    students = []
    owners: dict[str, list[str]] = {}
    rank: dict[str, int] = {}
    for s in result.students:
        lms_id = lms_ids.get(s.file, "")
        declared = match(s, people)
        found = match(s, people, lms_id)
        if lms_id and not any(p.lms_id.lower() == lms_id.lower() for p in people if p.lms_id):
            warnings.append(f"{s.file}: the LMS file name says user {lms_id}, who is not on the roster; "
                            f"matched by what the submission says instead")
        elif lms_id and len(found) == 1 and declared and found[0] not in declared:
            others = ", ".join(f"{p.name} ({p.id})" for p in declared)
            warnings.append(f"{s.file}: the LMS file name says {found[0].name} ({found[0].id}) but the submission "
                            f"says {s.name!r} (id {s.id}), which is {others} on the roster; graded as "
                            f"{found[0].id}, the LMS's user: check")
        if len(found) == 1:
            p = found[0]
            owners.setdefault(p.id, []).append(s.file)
            rank[s.file] = 0 if lms_id and p.lms_id and p.lms_id.lower() == lms_id.lower() else 1
            s = replace(s, id=p.id, name=p.name or s.name, email=p.email or s.email)
        elif not found:
            warnings.append(f"{s.file}: matches no one on the roster (read as {s.name!r}, id {s.id})")
        else:
            names = ", ".join(f"{p.name} ({p.id})" for p in found)
            warnings.append(f"{s.file}: matches several students on the roster: {names}; kept as {s.id}")
        students.append(s)
    for pid, files in owners.items():
        if len(files) > 1:
            warnings.append(f"{len(files)} submissions match the roster row {pid}: {', '.join(files)}; each keeps "
                            "its own result (the later ones with a new id): check which one counts")
    # Two submissions on one row: the one the LMS's user id put there keeps the row's id.
    return replace(result, students=tuple(unique_ids(students, rank))), warnings

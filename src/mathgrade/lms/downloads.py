"""LMS bulk-download names: who a file belongs to, and whether it was late.

Canvas "Download Submissions" names files `<name>[_LATE]_<user id>_<attachment id>_<original name>`, the name
being the student's sortable name in lowercase letters (`doejane`). Moodle puts each student's files in a folder
`<full name>_<participant id>_assignsubmission_file_` (or, without folders, names each file
`<full name>_<participant id>_assignsubmission_file_<original name>`). Anything else is not an LMS name (None).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path

from mathgrade.grade.results import ClassResult

# Canvas strips non-word characters from the sortable name (Ruby's [[:word:]] keeps accented and CJK letters),
# and some versions lowercase the whole prefix, LATE included.
_CANVAS = re.compile(r"^(?P<name>[^\W_]+?)(?P<late>_LATE|_late)?_(?P<user>\d+)_(?P<attachment>\d+)_(?P<file>.+)$")
_MOODLE = re.compile(r"^(?P<name>.+?)_(?P<user>\d+)_assignsubmission_(?:file|onlinetext)_?$")
# "Download submissions in folders" off (and Moodle before 3.1): one flat file per submission.
_MOODLE_FLAT = re.compile(r"^(?P<name>.+?)_(?P<user>\d+)_assignsubmission_(?:file|onlinetext)_(?P<file>.+)$")


@dataclass(frozen=True)
class DownloadName:
    """What an LMS file name says: the student's name as the LMS wrote it, its user id, lateness, the file."""

    lms: str
    name: str
    user_id: str
    late: bool
    original: str


def parse_download(path: Path) -> DownloadName | None:
    """Read a Canvas file name or a Moodle folder name on the way to `path`; None when it is neither."""
    m = _MOODLE_FLAT.match(path.name)
    if m:
        return DownloadName("moodle", m.group("name"), m.group("user"), False, m.group("file"))
    m = _CANVAS.match(path.name)
    if m:
        return DownloadName("canvas", m.group("name"), m.group("user"), bool(m.group("late")), m.group("file"))
    for folder in (path.parent, *path.parents):
        m = _MOODLE.match(folder.name)
        if m:
            return DownloadName("moodle", m.group("name"), m.group("user"), False, path.name)
    return None


def apply_late(result: ClassResult, late_files: set[str], penalty: float) -> ClassResult:
    """Take `penalty` (a share) of the score of every submission whose LMS name says it was late."""
    if not late_files or penalty <= 0:
        return result
    students = []
    for s in result.students:
        if s.file in late_files and s.score > 0:
            taken = round(s.score * penalty, 4)
            s = replace(s, score=round(s.score - taken, 4), late_penalty=taken)
        students.append(s)
    return replace(result, students=tuple(students))

"""LMS bulk-download names: who a file belongs to, and whether it was late.

Canvas "Download Submissions" names files `<name>[_LATE]_<user id>_<attachment id>_<original name>`, the name
being the student's sortable name in lowercase letters (`doejane`). Moodle puts each student's files in a folder
`<full name>_<participant id>_assignsubmission_file_` (or, without folders, names each file
`<full name>_<participant id>_assignsubmission_file_<original name>`). Anything else is not an LMS name (None).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import PurePath, PurePosixPath

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


def parse_download(path: PurePath) -> DownloadName | None:
    """Read a Canvas file name or a Moodle folder name on the way to `path`; None when it is neither.

    Only the LMS's own prefix is read, with anchored patterns in an order the student's part of the name cannot
    steer: the outermost Moodle folder first (everything below it came from the student's files), then a Canvas
    name (a name without `_`, then two numbers: no Moodle name has that shape), then a flat Moodle name (whose
    first `_<number>_assignsubmission_` is Moodle's).
    """
    for folder in reversed(path.parents):
        m = _MOODLE.match(folder.name)
        if m:
            return DownloadName("moodle", m.group("name"), m.group("user"), False, path.name)
    m = _CANVAS.match(path.name)
    if m:
        return DownloadName("canvas", m.group("name"), m.group("user"), bool(m.group("late")), m.group("file"))
    m = _MOODLE_FLAT.match(path.name)
    if m:
        return DownloadName("moodle", m.group("name"), m.group("user"), False, m.group("file"))
    return None


def download_identity(path: PurePath, origin: tuple[PurePath, str] | None = None) -> DownloadName | None:
    """What the LMS says about a submission file; `origin` is (archive, name inside it) for an unpacked file.

    A zip whose own name is an LMS name is one student's upload: its members' names were written by the student,
    so the archive's name decides. Any other zip is a bulk download: the names inside it are the LMS's, read from
    the archive's root (never from the folder the instructor unpacked it into).
    """
    if origin is None:
        return parse_download(path)
    archive, member = origin
    outer = parse_download(PurePath(archive.name))
    if outer is not None:
        return replace(outer, original=member)
    return parse_download(PurePosixPath(member))


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

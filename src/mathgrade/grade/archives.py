"""Zip archives of submissions (an LMS bulk download), unpacked without trusting a single member name.

Members are written only below one folder per archive: absolute names, `..` components, drive letters,
symlinks and device files are refused, as are archives over the count or size limits and members whose
compression ratio marks a zip bomb. A refused member is not lost: it becomes an `error` result with the reason.
"""

from __future__ import annotations

import hashlib
import stat
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from mathgrade.grade.sheets import SUBMISSION_SUFFIXES

MAX_MEMBERS = 5000
MAX_MEMBER_BYTES = 5_000_000
MAX_TOTAL_BYTES = 500_000_000
MAX_RATIO = 200


@dataclass(frozen=True)
class Refused:
    """A member (or a whole archive) that was not unpacked, and why."""

    name: str
    reason: str


def _safe_name(name: str) -> PurePosixPath | None:
    """The member's relative path if it stays inside the target folder, else None."""
    path = PurePosixPath(name.replace("\\", "/"))
    if path.is_absolute() or not path.parts or any(p in ("..", "") for p in path.parts):
        return None
    if ":" in path.parts[0] or any(p.startswith("~") for p in path.parts[:1]):
        return None
    return path


def unpack(archive: Path, into: Path) -> tuple[list[Path], list[Refused]]:
    """Unpack the submissions in `archive` below `into/<stem>-<hash>/`; returns the files and what was refused."""
    label = str(archive)
    try:
        digest = hashlib.sha256(archive.read_bytes()).hexdigest()[:10]
        target = into / f"{archive.stem}-{digest}"
        with zipfile.ZipFile(archive) as zf:
            members = zf.infolist()
            if len(members) > MAX_MEMBERS:
                return [], [Refused(label, f"more than {MAX_MEMBERS} files in the archive")]
            if sum(m.file_size for m in members) > MAX_TOTAL_BYTES:
                return [], [Refused(label, f"archive expands to more than {MAX_TOTAL_BYTES // 1_000_000} MB")]
            files: list[Path] = []
            refused: list[Refused] = []
            for m in members:
                where = f"{label}!{m.filename}"
                if m.is_dir():
                    continue
                mode = m.external_attr >> 16
                rel = _safe_name(m.filename)
                if rel is None:
                    refused.append(Refused(where, "unsafe path in the archive (absolute or with ..)"))
                elif stat.S_IFMT(mode) not in (0, stat.S_IFREG):  # writers that set no type bits mean a file
                    refused.append(Refused(where, "not a regular file (a link or a device) in the archive"))
                elif rel.suffix.lower() not in SUBMISSION_SUFFIXES or rel.name.startswith(".") or \
                        rel.name.upper().startswith("README") or rel.parts[0] == "__MACOSX":
                    continue
                elif m.file_size > MAX_MEMBER_BYTES:
                    refused.append(Refused(where, f"file larger than {MAX_MEMBER_BYTES // 1_000_000} MB"))
                elif m.compress_size and m.file_size / m.compress_size > MAX_RATIO:
                    refused.append(Refused(where, "compression ratio of a zip bomb"))
                else:
                    dest = target.joinpath(*rel.parts)
                    data = zf.read(m)
                    if len(data) > MAX_MEMBER_BYTES:  # the header lied about the size
                        refused.append(Refused(where, f"file larger than {MAX_MEMBER_BYTES // 1_000_000} MB"))
                        continue
                    dest.parent.mkdir(parents=True, exist_ok=True)
                    dest.write_bytes(data)
                    files.append(dest)
            return sorted(files), refused
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError, EOFError) as exc:
        return [], [Refused(label, f"cannot open the archive: {exc}"[:300])]


def expand(files: list[Path], into: Path) -> tuple[list[Path], list[Refused]]:
    """Replace every .zip in `files` by the submissions inside it."""
    out: list[Path] = []
    refused: list[Refused] = []
    for f in files:
        if f.suffix.lower() == ".zip":
            got, bad = unpack(f, into)
            out.extend(got)
            refused.extend(bad)
        else:
            out.append(f)
    return out, refused

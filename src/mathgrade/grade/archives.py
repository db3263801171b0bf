"""Zip archives of submissions (an LMS bulk download), unpacked without trusting a single member name.

Members are written only below one folder per archive: absolute names, `..` components, drive letters,
symlinks and device files are refused, as are members over the size limits and members whose compression ratio
marks a zip bomb. Each member stands alone: one that cannot be unpacked (encrypted, a bad checksum, a name that
is too long, a name used twice, a file that is also a folder) becomes an `error` result naming the archive and
the member, and every other member is still unpacked and graded. Sizes are taken from the headers and enforced
again while streaming; nothing is read whole before a size check.
"""

from __future__ import annotations

import stat
import zipfile
import zlib
from collections import Counter
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from mathgrade.grade.sheets import SUBMISSION_SUFFIXES, safe_id, stream_hash

MAX_MEMBERS = 5000
MAX_MEMBER_BYTES = 5_000_000
MAX_TOTAL_BYTES = 500_000_000
MAX_RATIO = 200
MAX_ARCHIVE_BYTES = MAX_TOTAL_BYTES + 50_000_000
"""An archive larger than this cannot unpack within MAX_TOTAL_BYTES (headers aside): refused from its size."""
MAX_NAME_PART = 200
"""Characters in one component of a member's name: most file systems stop at 255 bytes, and UTF-8 needs up to 4
bytes a character, so a longer name could not be written everywhere the same way."""
MAX_NAME = 1000


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


def _key(rel: PurePosixPath) -> tuple[str, ...]:
    # Case-insensitive file systems (macOS, Windows) would write `A.yaml` and `a.yaml` to one file: the result of
    # a batch must not depend on where it runs, so they count as the same name everywhere.
    return tuple(p.casefold() for p in rel.parts)


def _read_member(zf: zipfile.ZipFile, m: zipfile.ZipInfo) -> bytes | None:
    """The member's bytes, streamed and checked (CRC at the end of the stream); None if over the size limit."""
    with zf.open(m) as src:
        data = src.read(MAX_MEMBER_BYTES + 1)
        if len(data) > MAX_MEMBER_BYTES:  # the header lied about the size
            return None
        src.read(1)  # reach the end of the stream, where zipfile checks the CRC
    return data


def _member_error(exc: BaseException) -> str:
    if isinstance(exc, RuntimeError) and "encrypted" in str(exc):
        return "the file is encrypted (password-protected); upload it without a password"
    if isinstance(exc, zipfile.BadZipFile) and "CRC" in str(exc):
        return "the file is damaged in the archive (bad CRC checksum)"
    if isinstance(exc, NotImplementedError):
        return f"the file uses a compression method that cannot be read ({exc})"[:300]
    return f"the file cannot be read from the archive ({type(exc).__name__}: {exc})"[:300]


def unpack(archive: Path, into: Path) -> tuple[list[Path], list[Refused]]:
    """Unpack the submissions in `archive` below `into/<stem>-<hash>/`; returns the files and what was refused.

    Every member that looks like a submission is either in the files or in what was refused (with the reason
    and the name `archive!member`); one bad member never costs the others.
    """
    label = str(archive)
    try:
        size = archive.stat().st_size
        if size > MAX_ARCHIVE_BYTES:
            return [], [Refused(label, f"archive larger than {MAX_ARCHIVE_BYTES // 1_000_000} MB")]
        digest = (stream_hash(archive) or "")[:10]
        target = into / f"{safe_id(archive.stem)[:60]}-{digest}"
        with zipfile.ZipFile(archive) as zf:
            return _unpack_members(zf, label, target)
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError, EOFError, RuntimeError,
            zlib.error) as exc:
        return [], [Refused(label, f"cannot open the archive: {exc}"[:300])]


def _unpack_members(zf: zipfile.ZipFile, label: str, target: Path) -> tuple[list[Path], list[Refused]]:
    members = [m for m in zf.infolist() if not m.is_dir()]
    refused: list[Refused] = []
    if len(members) > MAX_MEMBERS:
        refused.append(Refused(f"{label}!{members[MAX_MEMBERS].filename}",
                               f"more than {MAX_MEMBERS} files in the archive: the last "
                               f"{len(members) - MAX_MEMBERS} were not unpacked"))
        members = members[:MAX_MEMBERS]
    wanted: list[tuple[zipfile.ZipInfo, PurePosixPath]] = []
    for m in members:
        where = f"{label}!{m.filename}"
        mode = m.external_attr >> 16
        rel = _safe_name(m.filename)
        if rel is None:
            refused.append(Refused(where, "unsafe path in the archive (absolute or with ..)"))
        elif stat.S_IFMT(mode) not in (0, stat.S_IFREG):  # writers that set no type bits mean a file
            refused.append(Refused(where, "not a regular file (a link or a device) in the archive"))
        elif rel.suffix.lower() not in SUBMISSION_SUFFIXES or rel.name.startswith(".") or \
                rel.name.upper().startswith("README") or rel.parts[0] == "__MACOSX":
            continue
        elif len(m.filename) > MAX_NAME or any(len(p) > MAX_NAME_PART for p in rel.parts):
            refused.append(Refused(where[:MAX_NAME], f"file name longer than {MAX_NAME_PART} characters"))
        else:
            wanted.append((m, rel))
    copies = Counter(_key(rel) for _, rel in wanted)
    folders = {_key(rel)[:k] for _, rel in wanted for k in range(1, len(rel.parts))}
    files: list[Path] = []
    total = 0
    for m, rel in wanted:
        where = f"{label}!{m.filename}"
        key = _key(rel)
        if copies[key] > 1:
            refused.append(Refused(where, f"{copies[key]} files in the archive have this name (up to case): "
                                          "none was graded, since which one counts is not clear"))
        elif key in folders:
            refused.append(Refused(where, "the archive also has a folder with this name"))
        elif m.flag_bits & 0x1:
            refused.append(Refused(where, _member_error(RuntimeError("encrypted"))))
        elif m.file_size > MAX_MEMBER_BYTES:
            refused.append(Refused(where, f"file larger than {MAX_MEMBER_BYTES // 1_000_000} MB"))
        elif m.compress_size and m.file_size / m.compress_size > MAX_RATIO:
            refused.append(Refused(where, "compression ratio of a zip bomb"))
        elif total + m.file_size > MAX_TOTAL_BYTES:
            refused.append(Refused(where, f"the archive expands to more than {MAX_TOTAL_BYTES // 1_000_000} MB"))
        else:
            try:
                data = _read_member(zf, m)
                if data is None:
                    refused.append(Refused(where, f"file larger than {MAX_MEMBER_BYTES // 1_000_000} MB"))
                    continue
                dest = target.joinpath(*rel.parts)
                dest.parent.mkdir(parents=True, exist_ok=True)
                dest.write_bytes(data)
            except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError, EOFError, ValueError,
                    zlib.error) as exc:
                refused.append(Refused(where, _member_error(exc)))
                continue
            total += len(data)
            files.append(dest)
    return sorted(files), refused


def expand(files: list[Path], into: Path,
           origins: dict[str, tuple[Path, str]] | None = None) -> tuple[list[Path], list[Refused]]:
    """Replace every .zip in `files` by the submissions inside it.

    `origins`, when given, is filled with each unpacked file → (its archive, its name inside the archive): who
    wrote a name matters (an LMS prefix on the archive is the LMS's, a member's name is the student's).
    """
    out: list[Path] = []
    refused: list[Refused] = []
    for f in files:
        if f.suffix.lower() == ".zip":
            got, bad = unpack(f, into)
            out.extend(got)
            refused.extend(bad)
            if origins is not None:
                for g in got:
                    origins[str(g)] = (f, "/".join(g.relative_to(_target_of(g, into)).parts))
        else:
            out.append(f)
    return out, refused


def _target_of(path: Path, into: Path) -> Path:
    """The per-archive folder `into/<stem>-<hash>` that holds an unpacked `path`."""
    return into / path.relative_to(into).parts[0]

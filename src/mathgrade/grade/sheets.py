"""Answer sheets (YAML or JSON): collected from files and folders, read without trusting a byte of them.

A sheet that cannot be read still becomes a `Submission`, with its error, so it is graded as `error` and never lost.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from mathgrade.errors import UsageError
from mathgrade.grade.results import Review, Source

SHEET_SUFFIXES = (".yaml", ".yml", ".json")
# Quarto (.qmd) and R Markdown (.Rmd) are Markdown with code chunks: read by the Markdown reader.
DOCUMENT_SUFFIXES = (".md", ".markdown", ".qmd", ".rmd", ".tex", ".txt", ".ipynb")
SUBMISSION_SUFFIXES = SHEET_SUFFIXES + DOCUMENT_SUFFIXES
MAX_SHEET_BYTES = 1_000_000
_SAFE_ID = re.compile(r"[^A-Za-z0-9._-]+")


@dataclass(frozen=True)
class Submission:
    """What one file said: the student, and their answers by part id (text), or why it could not be read."""

    file: str
    student_id: str
    name: str
    email: str
    answers: tuple[tuple[str, str], ...]
    assignment: str | None = None
    error: str | None = None
    sources: tuple[tuple[str, Source], ...] = ()
    notes: tuple[tuple[str, str], ...] = ()
    """For documents: why a part was not found."""
    reviews: tuple[tuple[str, Review], ...] = ()
    """For documents: parts whose answer the reader was unsure of, with the alternatives, for the instructor."""


def safe_id(text: str) -> str:
    """A student id usable as a file name: letters, digits, `.`, `_`, `-` only, never empty or hidden."""
    cleaned = _SAFE_ID.sub("_", text).strip("._") or "student"
    return cleaned[:80]


def collect(paths: list[str]) -> list[Path]:
    """Answer-sheet files under the given files and folders, sorted, each once. Missing paths are usage errors."""
    found: dict[str, Path] = {}
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            for f in sorted(p.rglob("*")):
                if f.is_file() and f.suffix.lower() in SUBMISSION_SUFFIXES + (".zip",) and not f.is_symlink() \
                        and not f.name.upper().startswith("README") \
                        and not any(part.startswith(".") for part in f.relative_to(p).parts):
                    found.setdefault(str(f.resolve()), f)
        elif p.is_file():
            found.setdefault(str(p.resolve()), p)
        else:
            raise UsageError(f"no such file or folder: {raw}")
    return sorted(found.values(), key=lambda f: str(f))


def stream_hash(path: Path, limit: int | None = None) -> str | None:
    """sha256 of a file read in 1 MB chunks (never whole); None when it holds more than `limit` bytes."""
    h = hashlib.sha256()
    seen = 0
    with path.open("rb") as f:
        while chunk := f.read(1 << 20):
            seen += len(chunk)
            if limit is not None and seen > limit:
                return None
            h.update(chunk)
    return h.hexdigest()


def read_capped(path: Path, limit: int) -> bytes:
    """The file's bytes, never more than `limit` of them: ValueError when it is larger. The size is taken from
    the file system first and the read is bounded too, so a sparse 3 GB file is refused without being read."""
    with path.open("rb") as f:
        size = os.fstat(f.fileno()).st_size
        raw = f.read(limit + 1) if size <= limit else b""
    if size > limit or len(raw) > limit:
        shown = max(size, len(raw))
        raise ValueError(f"the file is {shown / 1e6:.1f} MB; a submission may be at most {limit / 1e6:g} MB")
    return raw
_DECLARED = re.compile(r"""^[ \t]*(?:%[ \t]*)?"?assignment"?[ \t]*:[ \t]*["']?([A-Za-z0-9._-]+)""", re.M | re.I)
_DECLARED_JSON = re.compile(r'"assignment"\s*:\s*"([A-Za-z0-9._-]+)"')
PEEK_BYTES = 4096


def declared_assignment(path: Path) -> str | None:
    """The assignment a file says it was written for, from its first lines: `assignment: k2` in a sheet or a
    document's front matter, `"assignment": "k2"` in JSON, `% assignment: k2` in LaTeX. None when it says none
    (or cannot be read: then it is graded, and its error reported, as any unreadable file)."""
    try:
        with path.open("rb") as f:
            head = f.read(PEEK_BYTES).decode("utf-8", errors="replace")
    except OSError:
        return None
    m = _DECLARED.search(head) or _DECLARED_JSON.search(head)
    return m.group(1) if m else None


_STUDENT_ID = re.compile(r"""^[ \t]+"?id"?[ \t]*:[ \t]*["']?([^"'\s,}]+)""", re.M)
_STUDENT_ID_JSON = re.compile(r'"student"\s*:\s*\{[^{}]*?"id"\s*:\s*"([^"]+)"')


def declared_student(path: Path) -> str:
    """The student id a sheet gives in its first lines (`student: {id: ...}`), else the file's stem: a guess for
    sending a student's file to the worker that has their variant ready, never used to grade."""
    try:
        with path.open("rb") as f:
            head = f.read(PEEK_BYTES).decode("utf-8", errors="replace")
    except OSError:
        head = ""
    m = _STUDENT_ID_JSON.search(head) or _STUDENT_ID.search(head)
    return safe_id(m.group(1)) if m else safe_id(path.stem)


_SPEC_ID = re.compile(r"^id[ \t]*:[ \t]*[\"']?([A-Za-z0-9._-]+)", re.M)


def sibling_assignments(spec_path: str | Path) -> frozenset[str]:
    """Ids of the other specs in the spec's own folder (problems/*.yaml): the assignments a file may name to say
    it belongs elsewhere."""
    spec = Path(spec_path)
    ids: set[str] = set()
    for other in sorted(spec.parent.glob("*.y*ml")):
        if other.resolve() == spec.resolve():
            continue
        try:
            with other.open("rb") as f:
                m = _SPEC_ID.search(f.read(PEEK_BYTES).decode("utf-8", errors="replace"))
        except OSError:
            continue
        if m:
            ids.add(m.group(1).casefold())
    return frozenset(ids)


def for_other_assignment(path: Path, assignment_id: str, siblings: frozenset[str]) -> str | None:
    """The other assignment a file declares, when it is one of `siblings` (so it is left to that assignment),
    or None. A file that names an assignment nobody has (a typo, `k3` for k2) is graded, never dropped: what a
    student wrote must not make their work disappear."""
    declared = declared_assignment(path)
    if declared is None or declared.casefold() == assignment_id.casefold() or declared.casefold() not in siblings:
        return None
    return declared


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float, str)):
        return str(value)
    raise TypeError(type(value).__name__)


def read_sheet(path: Path) -> Submission:
    """Read one sheet; never raises. The error, if any, is on the result."""
    stem = safe_id(path.stem)
    try:
        raw = read_capped(path, MAX_SHEET_BYTES)
        text = raw.decode("utf-8")
        data = json.loads(text) if path.suffix.lower() == ".json" else yaml.safe_load(text)
        if not isinstance(data, dict):
            raise ValueError("the sheet must be a mapping with `student` and `answers`")
        student = data.get("student") or {}
        if not isinstance(student, dict):
            raise ValueError("`student` must be a mapping with id and name")
        answers = data.get("answers")
        if not isinstance(answers, dict):
            raise ValueError("`answers` must be a mapping from part id to answer")
        pairs = tuple((str(k), _text(v)) for k, v in answers.items())
        sid = safe_id(_text(student.get("id")) or stem)
        return Submission(file=str(path), student_id=sid, name=_text(student.get("name")) or sid,
                          email=_text(student.get("email")), answers=pairs,
                          assignment=_text(data.get("assignment")) or None)
    except (OSError, UnicodeDecodeError, ValueError, TypeError, yaml.YAMLError, RecursionError) as exc:
        reason = f"{type(exc).__name__}: {exc}" if not isinstance(exc, ValueError) else str(exc)
        return Submission(file=str(path), student_id=stem, name=stem, email="", answers=(),
                          error=f"could not read the sheet: {reason}"[:500])

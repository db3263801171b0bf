"""The gradebook: an embedded SQLite file beside the reports that remembers every run.

It records each run, each submission's content hash and each part's result, so that
- a regrade is incremental: an unchanged submission under an unchanged spec reuses its stored result;
- a batch killed midway resumes: results are committed as they finish (in batches of at most 64 or half a
  second), and the rerun grades only the rest;
- a grade's history can be audited (`mathgrade history STUDENT`).
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
import sqlite3
import time
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from mathgrade import __version__
from mathgrade.grade import records
from mathgrade.grade.results import StudentResult
from mathgrade.grade.sheets import stream_hash

SCHEMA = """
CREATE TABLE IF NOT EXISTS runs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    assignment TEXT NOT NULL,
    spec_hash TEXT NOT NULL,
    spec_file TEXT NOT NULL,
    version TEXT NOT NULL,
    started TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    finished TEXT
);
CREATE TABLE IF NOT EXISTS results (
    spec_hash TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    file TEXT NOT NULL,
    record TEXT NOT NULL,
    PRIMARY KEY (spec_hash, content_hash, file)
);
CREATE TABLE IF NOT EXISTS submissions (
    run_id INTEGER NOT NULL REFERENCES runs(id),
    file TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    student_id TEXT NOT NULL,
    name TEXT NOT NULL,
    score REAL NOT NULL,
    max REAL NOT NULL,
    status TEXT NOT NULL,
    reused INTEGER NOT NULL,
    PRIMARY KEY (run_id, file)
);
CREATE TABLE IF NOT EXISTS part_results (
    run_id INTEGER NOT NULL REFERENCES runs(id),
    file TEXT NOT NULL,
    student_id TEXT NOT NULL,
    part TEXT NOT NULL,
    status TEXT NOT NULL,
    score REAL NOT NULL,
    max REAL NOT NULL,
    answer TEXT,
    override TEXT,
    PRIMARY KEY (run_id, file, part)
);
"""


MAX_HASHED_BYTES = 8_000_000
"""Above every reader's cap (sheets 1 MB, documents 2 MB, archive members 5 MB): such a file is an error anyway."""


def file_hash(path: Path) -> str:
    """sha256 of a file's bytes ("unreadable" when it cannot be read or is larger than any readable submission:
    it is then graded, never reused). Streamed, and stopped at the cap: a sparse 3 GB file is not read whole."""
    try:
        return stream_hash(path, MAX_HASHED_BYTES) or "unreadable"
    except OSError:
        return "unreadable"


@lru_cache(maxsize=1)
def code_hash() -> str:
    """sha256 of mathgrade's own installed files (code, grammar, schema, templates).

    The version number alone is not enough: an editable install, a fix released under the same version or a
    patched copy changes verdicts without changing it, and a stored "too expensive" or wrong verdict must not be
    served after the code that produced it changed."""
    root = Path(__file__).resolve().parents[1]
    h = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        if path.suffix in (".py", ".lark", ".json", ".j2", ".css") and "__pycache__" not in path.parts:
            h.update(str(path.relative_to(root)).encode())
            h.update(b"\0")
            h.update(path.read_bytes())
    return h.hexdigest()


def spec_hash(spec_file: Path, extra: str = "") -> str:
    """What a stored result depends on besides the submission: the spec's bytes, mathgrade's version and code,
    and `extra` (the limits and options of the run)."""
    h = hashlib.sha256(spec_file.read_bytes())
    h.update(f"\0{__version__}\0{code_hash()}\0{extra}".encode())
    return h.hexdigest()


@dataclass(frozen=True)
class HistoryRow:
    """One run's view of one student: when, total, and each part's status and score."""

    run: int
    started: str
    file: str
    score: float
    max: float
    reused: bool
    parts: tuple[tuple[str, str, float], ...]


FLUSH_EVERY = 64
FLUSH_SECONDS = 0.5


class Gradebook:
    """One SQLite file. Fresh results are committed in small batches (64 results or half a second, whichever
    comes first), so a kill loses at most that much work, which the rerun regrades."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(str(path), timeout=30)
        self.db.execute("PRAGMA journal_mode=WAL")
        # WAL with synchronous=NORMAL: a commit survives a kill of the process (what resuming needs) without an
        # fsync per result; only a power cut can lose the last few, which a rerun then regrades.
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.executescript(SCHEMA)
        self._pending: list[tuple[str, str, str, str]] = []
        self._flushed = time.monotonic()

    def close(self) -> None:
        self.flush()
        self.db.close()

    def flush(self) -> None:
        """Commit the results stored since the last commit."""
        if self._pending:
            with self.db:
                self.db.executemany("INSERT OR REPLACE INTO results VALUES (?, ?, ?, ?)", self._pending)
            self._pending.clear()
        self._flushed = time.monotonic()

    def begin_run(self, assignment: str, spec_digest: str, spec_file: str) -> int:
        with self.db:
            cur = self.db.execute("INSERT INTO runs (assignment, spec_hash, spec_file, version) VALUES (?, ?, ?, ?)",
                                  (assignment, spec_digest, spec_file, __version__))
        return int(cur.lastrowid or 0)

    def finish_run(self, run: int) -> None:
        with self.db:
            self.db.execute("UPDATE runs SET finished = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE id = ?", (run,))

    def cached(self, spec_digest: str, content: str, file: str) -> StudentResult | None:
        """A stored result for this exact submission under this exact spec, if any."""
        if content == "unreadable":
            return None
        row = self.db.execute("SELECT record FROM results WHERE spec_hash = ? AND content_hash = ? AND file = ?",
                              (spec_digest, content, file)).fetchone()
        return None if row is None else records.loads(row[0])

    def store(self, spec_digest: str, content: str, result: StudentResult) -> None:
        """Remember a fresh result; committed with the next batch (what a resumed run finds)."""
        if content == "unreadable":
            return
        self._pending.append((spec_digest, content, result.file, records.dumps(result)))
        if len(self._pending) >= FLUSH_EVERY or time.monotonic() - self._flushed >= FLUSH_SECONDS:
            self.flush()

    def record_run(self, run: int, result: StudentResult, content: str, reused: bool,
                   overrides: dict[str, str] | None = None) -> None:
        """The audit trail: this run's view of a submission and its parts."""
        with self.db:
            self._record(run, result, content, reused, overrides or {})

    def record_runs(self, run: int, rows: list[tuple[StudentResult, str, bool, dict[str, str]]]) -> None:
        """record_run for a whole batch in one transaction."""
        with self.db:
            for result, content, reused, overrides in rows:
                self._record(run, result, content, reused, overrides)

    def _record(self, run: int, result: StudentResult, content: str, reused: bool,
                overrides: dict[str, str]) -> None:
        self.db.execute("INSERT OR REPLACE INTO submissions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        (run, result.file, content, result.id, result.name, result.score, result.max,
                         result.status.value, int(reused)))
        self.db.executemany(
            "INSERT OR REPLACE INTO part_results VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(run, result.file, result.id, p.id, p.status.value, p.score, p.max, p.answer, overrides.get(p.id))
             for p in result.parts])

    def history(self, student: str) -> list[HistoryRow]:
        """Every run's result for a student (matched by id or name, case-insensitive), oldest first."""
        rows = self.db.execute(
            "SELECT s.run_id, r.started, s.file, s.score, s.max, s.reused FROM submissions s JOIN runs r "
            "ON r.id = s.run_id WHERE lower(s.student_id) = lower(?) OR lower(s.name) = lower(?) "
            "ORDER BY s.run_id, s.file", (student, student)).fetchall()
        out = []
        for run, started, file, score, maximum, reused in rows:
            parts = self.db.execute("SELECT part, status, score FROM part_results WHERE run_id = ? AND file = ? "
                                    "ORDER BY rowid", (run, file)).fetchall()
            out.append(HistoryRow(run, started, file, score, maximum, bool(reused),
                                  tuple((p, s, sc) for p, s, sc in parts)))
        return out


def open_gradebook(path: Path) -> closing[Gradebook]:
    """A gradebook to use in a `with` block."""
    return closing(Gradebook(path))

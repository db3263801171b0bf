"""What the server remembers: attempts, sessions, LTI states, line items and posted scores.

SQLite (stdlib, WAL) by default; PostgreSQL by URL (psycopg 3) for courses that outgrow one file. The SQL is
written once, with `?` placeholders and two words that differ between the two (`{id}`, `{blob}`). Every write
commits before it returns, so an attempt the student was told about survives a SIGKILL of the server.
"""

from __future__ import annotations

import asyncio
import json
import secrets
import sqlite3
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

_SCHEMA = [
    """CREATE TABLE IF NOT EXISTS users (
        user_key TEXT PRIMARY KEY, name TEXT NOT NULL, email TEXT NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS sessions (
        token TEXT PRIMARY KEY, user_key TEXT NOT NULL, role TEXT NOT NULL, assignment TEXT,
        issuer TEXT, client_id TEXT, lineitem TEXT, lineitems TEXT, resource_link TEXT, expires DOUBLE PRECISION)""",
    """CREATE TABLE IF NOT EXISTS attempts (
        id {id}, assignment TEXT NOT NULL, user_key TEXT NOT NULL, part TEXT NOT NULL, number INTEGER NOT NULL,
        answer TEXT NOT NULL, status TEXT NOT NULL, points DOUBLE PRECISION NOT NULL,
        raw DOUBLE PRECISION NOT NULL, factor DOUBLE PRECISION NOT NULL, result TEXT NOT NULL,
        created DOUBLE PRECISION NOT NULL, UNIQUE (assignment, user_key, part, number))""",
    """CREATE TABLE IF NOT EXISTS states (
        state TEXT PRIMARY KEY, nonce TEXT NOT NULL, issuer TEXT NOT NULL, expires DOUBLE PRECISION NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS nonces (nonce TEXT PRIMARY KEY, expires DOUBLE PRECISION NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS links (
        issuer TEXT NOT NULL, resource_link TEXT NOT NULL, assignment TEXT NOT NULL, lineitem TEXT,
        PRIMARY KEY (issuer, resource_link))""",
    """CREATE TABLE IF NOT EXISTS posted (
        assignment TEXT NOT NULL, user_key TEXT NOT NULL, lineitem TEXT NOT NULL,
        score DOUBLE PRECISION NOT NULL, posted DOUBLE PRECISION NOT NULL,
        PRIMARY KEY (assignment, user_key, lineitem))""",
    """CREATE TABLE IF NOT EXISTS keys (kid TEXT PRIMARY KEY, pem TEXT NOT NULL, created DOUBLE PRECISION)""",
]
_DIALECT = {"sqlite": {"id": "INTEGER PRIMARY KEY"}, "postgresql": {"id": "BIGSERIAL PRIMARY KEY"}}


@dataclass(frozen=True)
class Session:
    """Who is signed in: a learner or an instructor, for one assignment (None: every assignment, the admin)."""

    token: str
    user_key: str
    role: str
    assignment: str | None
    issuer: str | None = None
    client_id: str | None = None
    lineitem: str | None = None
    lineitems: str | None = None
    resource_link: str | None = None

    @property
    def instructor(self) -> bool:
        return self.role == "instructor"


@dataclass(frozen=True)
class Attempt:
    """One recorded answer to one part: its verdict (the PartResult as JSON) and the points it earned."""

    id: int
    assignment: str
    user_key: str
    part: str
    number: int
    answer: str
    status: str
    points: float
    raw: float
    factor: float
    result_json: str
    created: float

    @cached_property
    def result(self) -> dict[str, Any]:
        """The PartResult as a dict, decoded on first use (a page decodes only the attempts it shows)."""
        return json.loads(self.result_json)  # type: ignore[no-any-return]


class AttemptLimit(Exception):
    """The student has used every attempt this part allows."""


class Storage:
    """A thread-safe store. `url` is `sqlite:///path`, a bare path, or `postgresql://...`."""

    def __init__(self, url: str) -> None:
        self.url = url
        self._lock = threading.RLock()
        self._local = threading.local()
        scheme = urlparse(url).scheme
        self._integrity: tuple[type[Exception], ...] = (sqlite3.IntegrityError,)
        if scheme in ("postgresql", "postgres"):
            self.dialect = "postgresql"
            import psycopg  # noqa: PLC0415 - only for PostgreSQL URLs (mathgrade[serve])

            self._integrity = (psycopg.IntegrityError,)
        elif scheme in ("sqlite", ""):
            self.dialect = "sqlite"
            self.path = url.removeprefix("sqlite:///")
            if self.path not in (":memory:", ""):
                Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        else:
            raise ValueError(f"unknown database URL {url!r}: use sqlite:///PATH or postgresql://...")
        with self._tx() as cur:
            for statement in _SCHEMA:
                cur.execute(statement.format(**_DIALECT[self.dialect]))

    def _connect(self) -> Any:
        if self.dialect == "postgresql":
            import psycopg

            return psycopg.connect(self.url, autocommit=False)
        conn = sqlite3.connect(self.path, timeout=30, check_same_thread=False, isolation_level=None)
        # WAL: readers never block the writer. synchronous=NORMAL survives a killed process (the WAL is in the
        # OS's hands at commit); only a power cut can lose the last commits, which FULL would add an fsync for.
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
        return conn

    def _conn(self) -> Any:
        # SQLite: one connection behind a lock (one writer at a time anyway); PostgreSQL: one per thread.
        holder = self if self.dialect == "sqlite" else self._local
        conn = getattr(holder, "_connection", None)
        if conn is None:
            conn = holder._connection = self._connect()
        return conn

    @contextmanager
    def _tx(self) -> Iterator[Any]:
        """A transaction: committed when the block ends, rolled back if it raises."""
        with self._lock if self.dialect == "sqlite" else _nolock():
            conn = self._conn()
            if self.dialect == "sqlite":
                conn.execute("BEGIN IMMEDIATE")
                cur = _Cursor(conn.cursor(), "?")
            else:
                cur = _Cursor(conn.cursor(), "%s")
            try:
                yield cur
            except BaseException:
                conn.rollback()
                raise
            conn.commit()

    async def call(self, method: Any, *args: Any, **kwargs: Any) -> Any:
        """Run a storage method from the event loop: inline for SQLite (well under a millisecond, no fsync at
        commit, and a thread hop costs more than that on a busy machine), in a thread for PostgreSQL (network)."""
        if self.dialect == "sqlite":
            return method(*args, **kwargs)
        return await asyncio.to_thread(method, *args, **kwargs)

    def close(self) -> None:
        """Close this thread's connection (SQLite: the only one)."""
        holder = self if self.dialect == "sqlite" else self._local
        conn = getattr(holder, "_connection", None)
        if conn is not None:
            conn.close()
            holder._connection = None

    # users and sessions

    def start_session(self, user_key: str, name: str, email: str, role: str, assignment: str | None,
                      hours: float = 12.0, **lti: str | None) -> Session:
        """Remember the user and open a session for them; returns it with its new random token."""
        token = secrets.token_urlsafe(32)
        with self._tx() as cur:
            cur.execute("DELETE FROM users WHERE user_key = ?", (user_key,))
            cur.execute("INSERT INTO users (user_key, name, email) VALUES (?, ?, ?)", (user_key, name, email))
            cur.execute("INSERT INTO sessions (token, user_key, role, assignment, issuer, client_id, lineitem, "
                        "lineitems, resource_link, expires) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        (token, user_key, role, assignment, lti.get("issuer"), lti.get("client_id"),
                         lti.get("lineitem"), lti.get("lineitems"), lti.get("resource_link"),
                         time.time() + hours * 3600))
        return Session(token, user_key, role, assignment, lti.get("issuer"), lti.get("client_id"),
                       lti.get("lineitem"), lti.get("lineitems"), lti.get("resource_link"))

    def session(self, token: str) -> Session | None:
        """The live session with this token, or None (unknown or expired)."""
        with self._tx() as cur:
            cur.execute("SELECT token, user_key, role, assignment, issuer, client_id, lineitem, lineitems, "
                        "resource_link FROM sessions WHERE token = ? AND expires > ?", (token, time.time()))
            row = cur.fetchone()
        return Session(*row) if row else None

    def instructors(self) -> set[str]:
        """User keys that have signed in as instructors (their own tries are not the class's)."""
        with self._tx() as cur:
            cur.execute("SELECT DISTINCT user_key FROM sessions WHERE role = 'instructor'")
            return {str(r[0]) for r in cur.fetchall()}

    def names(self) -> dict[str, tuple[str, str]]:
        """user key → (name, email)."""
        with self._tx() as cur:
            cur.execute("SELECT user_key, name, email FROM users")
            return {k: (n, e) for k, n, e in cur.fetchall()}

    # LTI state, nonces, links, line items, posted scores

    def put_state(self, state: str, nonce: str, issuer: str, seconds: float = 600) -> None:
        """Remember a login's state and nonce until the launch comes back (at most `seconds`)."""
        with self._tx() as cur:
            cur.execute("DELETE FROM states WHERE expires < ?", (time.time(),))
            cur.execute("INSERT INTO states (state, nonce, issuer, expires) VALUES (?, ?, ?, ?)",
                        (state, nonce, issuer, time.time() + seconds))

    def take_state(self, state: str) -> tuple[str, str] | None:
        """(nonce, issuer) of a live state, which is used up by this call; None when unknown or used."""
        with self._tx() as cur:
            cur.execute("SELECT nonce, issuer FROM states WHERE state = ? AND expires > ?", (state, time.time()))
            row = cur.fetchone()
            cur.execute("DELETE FROM states WHERE state = ?", (state,))
        return (row[0], row[1]) if row else None

    def use_nonce(self, nonce: str, until: float) -> bool:
        """Mark a launch nonce used; False if it was used before (a replayed launch)."""
        with self._tx() as cur:
            cur.execute("DELETE FROM nonces WHERE expires < ?", (time.time(),))
            cur.execute("SELECT 1 FROM nonces WHERE nonce = ?", (nonce,))
            if cur.fetchone():
                return False
            cur.execute("INSERT INTO nonces (nonce, expires) VALUES (?, ?)", (nonce, until))
        return True

    def link(self, issuer: str, resource_link: str, assignment: str | None) -> str | None:
        """The assignment a resource link shows: fixed at its first launch (`assignment`), read afterwards."""
        with self._tx() as cur:
            cur.execute("SELECT assignment FROM links WHERE issuer = ? AND resource_link = ?", (issuer, resource_link))
            row = cur.fetchone()
            if row:
                return str(row[0])
            if assignment is None:
                return None
            cur.execute("INSERT INTO links (issuer, resource_link, assignment) VALUES (?, ?, ?)",
                        (issuer, resource_link, assignment))
        return assignment

    def lineitem(self, issuer: str, resource_link: str) -> str | None:
        """The line item URL created for this resource link, if any."""
        with self._tx() as cur:
            cur.execute("SELECT lineitem FROM links WHERE issuer = ? AND resource_link = ?", (issuer, resource_link))
            row = cur.fetchone()
        return row[0] if row else None

    def set_lineitem(self, issuer: str, resource_link: str, url: str) -> str:
        """Store a line item URL unless one is stored already; returns the one that is kept."""
        with self._tx() as cur:
            cur.execute("UPDATE links SET lineitem = ? WHERE issuer = ? AND resource_link = ? AND lineitem IS NULL",
                        (url, issuer, resource_link))
            cur.execute("SELECT lineitem FROM links WHERE issuer = ? AND resource_link = ?", (issuer, resource_link))
            row = cur.fetchone()
        return str(row[0]) if row and row[0] else url

    def last_posted(self, assignment: str, user_key: str, lineitem: str) -> float | None:
        """The score last posted to this line item for this user, or None."""
        with self._tx() as cur:
            cur.execute("SELECT score FROM posted WHERE assignment = ? AND user_key = ? AND lineitem = ?",
                        (assignment, user_key, lineitem))
            row = cur.fetchone()
        return float(row[0]) if row else None

    def mark_posted(self, assignment: str, user_key: str, lineitem: str, score: float) -> None:
        """Remember a score the platform accepted."""
        with self._tx() as cur:
            cur.execute("DELETE FROM posted WHERE assignment = ? AND user_key = ? AND lineitem = ?",
                        (assignment, user_key, lineitem))
            cur.execute("INSERT INTO posted (assignment, user_key, lineitem, score, posted) VALUES (?, ?, ?, ?, ?)",
                        (assignment, user_key, lineitem, score, time.time()))

    def lineitems_for(self, assignment: str) -> list[tuple[str, str, str, str | None]]:
        """(user key, lineitem, issuer, client id) of every learner session that can post this assignment."""
        with self._tx() as cur:
            cur.execute("SELECT DISTINCT user_key, lineitem, issuer, client_id FROM sessions WHERE assignment = ? "
                        "AND role = 'learner' AND lineitem IS NOT NULL", (assignment,))
            return [tuple(r) for r in cur.fetchall()]  # type: ignore[misc]

    def tool_key(self, make: Any) -> tuple[str, str]:
        """(kid, private key PEM) of the tool's signing key; `make()` creates one the first time."""
        with self._tx() as cur:
            cur.execute("SELECT kid, pem FROM keys ORDER BY created LIMIT 1")
            row = cur.fetchone()
            if row:
                return str(row[0]), str(row[1])
            kid, pem = make()
            cur.execute("INSERT INTO keys (kid, pem, created) VALUES (?, ?, ?)", (kid, pem, time.time()))
        return kid, pem

    # attempts

    def add_attempts(self, assignment: str, user_key: str, rows: Sequence[tuple[str, str, str, float, float,
                                                                                  dict[str, Any]]],
                     limit: int | None, penalty: float, late_factor: float = 1.0) -> list[Attempt]:
        """Record answers (part, answer, status, part points, share of the points, PartResult JSON), numbered per
        part. Each attempt earns points × share × factor, the factor being (1 − penalty × earlier attempts, never
        below 0) × `late_factor`. All or nothing: AttemptLimit (and nothing stored) if a part has used its `limit`."""
        for _ in range(5):
            try:
                return self._add_attempts(assignment, user_key, rows, limit, penalty, late_factor)
            except self._integrity:
                continue  # two tabs numbered the same attempt at once (PostgreSQL): count again
        raise RuntimeError("could not number the attempt")

    def _add_attempts(self, assignment: str, user_key: str, rows: Sequence[tuple[str, str, str, float, float,
                                                                                   dict[str, Any]]],
                      limit: int | None, penalty: float, late_factor: float) -> list[Attempt]:
        now = time.time()
        out = []
        with self._tx() as cur:
            if self.dialect == "postgresql":
                # One student's submissions are numbered one at a time (two tabs at once); SQLite's BEGIN
                # IMMEDIATE already does this for the whole database.
                cur.execute("SELECT pg_advisory_xact_lock(hashtext(?))", (f"{assignment}\n{user_key}",))
            for part, answer, status, points, share, result in rows:
                cur.execute("SELECT COUNT(*) FROM attempts WHERE assignment = ? AND user_key = ? AND part = ?",
                            (assignment, user_key, part))
                used = int(cur.fetchone()[0])
                if limit is not None and used >= limit:
                    raise AttemptLimit(part)
                factor = max(0.0, 1.0 - penalty * used) * late_factor
                earned = round(points * share * factor, 4)
                text = json.dumps(result, sort_keys=True)
                cur.execute("INSERT INTO attempts (assignment, user_key, part, number, answer, status, points, raw, "
                            "factor, result, created) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                            (assignment, user_key, part, used + 1, answer, status, earned, share, factor, text, now))
                out.append(Attempt(int(cur.fetchone()[0]), assignment, user_key, part, used + 1, answer, status,
                                   earned, share, factor, text, now))
        return out

    def attempts(self, assignment: str, user_key: str | None = None) -> list[Attempt]:
        """Attempts in the order they were made (one user's, or everyone's)."""
        query = ("SELECT id, assignment, user_key, part, number, answer, status, points, raw, factor, result, "
                 "created FROM attempts WHERE assignment = ?")
        args: tuple[Any, ...] = (assignment,)
        if user_key is not None:
            query += " AND user_key = ?"
            args += (user_key,)
        with self._tx() as cur:
            cur.execute(query + " ORDER BY id", args)
            rows = cur.fetchall()
        return [Attempt(*r) for r in rows]

    def rescore(self, changes: Sequence[tuple[int, str, float, float, dict[str, Any]]]) -> None:
        """Replace verdicts after a regrade: (attempt id, status, share, points earned, PartResult JSON)."""
        with self._tx() as cur:
            for attempt_id, status, share, earned, result in changes:
                cur.execute("UPDATE attempts SET status = ?, raw = ?, points = ?, result = ? WHERE id = ?",
                            (status, share, earned, json.dumps(result, sort_keys=True), attempt_id))


@contextmanager
def _nolock() -> Iterator[None]:
    yield


class _Cursor:
    """A DB-API cursor that takes `?` placeholders for both databases."""

    def __init__(self, cursor: Any, mark: str) -> None:
        self.cursor = cursor
        self.mark = mark

    def execute(self, sql: str, args: tuple[Any, ...] = ()) -> None:
        self.cursor.execute(sql if self.mark == "?" else sql.replace("?", self.mark), args)

    def fetchone(self) -> Any:
        return self.cursor.fetchone()

    def fetchall(self) -> list[Any]:
        return list(self.cursor.fetchall())


def best_points(attempts: Sequence[Attempt]) -> dict[tuple[str, str], Attempt]:
    """(user, part) → the attempt that counts: most points, the later one on a tie (a later try never costs)."""
    best: dict[tuple[str, str], Attempt] = {}
    for a in attempts:
        key = (a.user_key, a.part)
        if key not in best or a.points >= best[key].points:
            best[key] = a
    return best

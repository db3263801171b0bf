"""The server on a real PostgreSQL (Debian's postgresql, installed by .ci/run): started here in a temporary folder.

Skipped, with the reason in the summary, where no PostgreSQL server binaries are installed.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from serve_helpers import free_port, live_server, notice, problems, submit

from mathgrade.serve.course import Policy
from mathgrade.serve.storage import AttemptLimit, Storage

BIN = next(iter(sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)), None)
pytestmark = pytest.mark.skipif(BIN is None or shutil.which("psql") is None,
                                reason="no PostgreSQL server here (apt-get install postgresql): skipped")


def _as_postgres(args: list[str]) -> list[str]:
    # PostgreSQL refuses to run as root; CI runs as root, a developer usually not.
    return ["runuser", "-u", "postgres", "--", *args] if os.geteuid() == 0 else args


@pytest.fixture(scope="module")
def postgres() -> Iterator[str]:
    """A PostgreSQL server on 127.0.0.1 for this module; its URL."""
    # Not under pytest's tmp_path: that is private to root, and the server runs as the postgres user.
    folder = Path(tempfile.mkdtemp(prefix="mathgrade-pg-"))
    data = folder / "data"
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres")
    port = free_port()
    subprocess.run(_as_postgres([f"{BIN}/initdb", "-D", str(data), "-U", "mathgrade", "--auth=trust", "-E", "UTF8"]),
                   check=True, capture_output=True, timeout=120)
    started = subprocess.run(_as_postgres([f"{BIN}/pg_ctl", "-D", str(data), "-l", str(folder / "log"), "-w", "-o",
                                           f"-h 127.0.0.1 -p {port} -k {folder} -F", "start"]),
                             capture_output=True, text=True, timeout=120)
    assert started.returncode == 0, started.stderr + (folder / "log").read_text()
    try:
        yield f"postgresql://mathgrade@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run(_as_postgres([f"{BIN}/pg_ctl", "-D", str(data), "-m", "immediate", "stop"]),
                       capture_output=True, timeout=60)
        shutil.rmtree(folder, ignore_errors=True)


def test_storage_on_postgres(postgres: str) -> None:
    store = Storage(postgres)
    assert store.dialect == "postgresql"
    session = store.start_session("pg#ann", "Ann", "ann@example.edu", "learner", "quiz3")
    assert store.session(session.token) == session
    result = {"id": "A1", "status": "correct"}
    made = store.add_attempts("quiz3", "pg#ann", [("A1", "3", "correct", 3.0, 1.0, result)], limit=2, penalty=0.5)
    again = store.add_attempts("quiz3", "pg#ann", [("A1", "3", "correct", 3.0, 1.0, result)], limit=2, penalty=0.5)
    assert [(a.number, a.points) for a in made + again] == [(1, 3.0), (2, 1.5)]
    with pytest.raises(AttemptLimit):
        store.add_attempts("quiz3", "pg#ann", [("A1", "3", "correct", 3.0, 1.0, result)], limit=2, penalty=0.5)
    assert len(store.attempts("quiz3", "pg#ann")) == 2  # the refused attempt left nothing behind
    store.put_state("s1", "n1", "iss")
    assert store.take_state("s1") == ("n1", "iss") and store.take_state("s1") is None
    assert store.use_nonce("n1", 1e12) and not store.use_nonce("n1", 1e12)
    assert store.link("iss", "rl", "quiz3") == "quiz3" and store.link("iss", "rl", "hw5") == "quiz3"
    assert store.set_lineitem("iss", "rl", "u1") == "u1" and store.set_lineitem("iss", "rl", "u2") == "u1"
    first = store.tool_key(lambda: ("kid1", "PEM"))
    assert store.tool_key(lambda: ("kid2", "OTHER")) == first
    store.close()


def test_server_on_postgres_keeps_attempts_across_restarts(postgres: str, tmp_path: Path) -> None:
    folder = problems(tmp_path)
    with live_server(folder, postgres, Policy(attempts=3)) as live:
        session = live.course.storage.start_session("pg#bea", "Bea", "", "learner", "quiz3")
        with live.client() as bea:
            bea.cookies.set("mg_session", session.token)
            assert "A1: correct" in notice(submit(bea, "quiz3", {"A1": "3", "B1": "2xy"}).text)
    with live_server(folder, postgres, Policy(attempts=3)) as live:
        attempts = live.course.storage.attempts("quiz3", "pg#bea")
        assert [(a.part, a.status) for a in attempts] == [("A1", "correct"), ("B1", "incorrect")]
        assert live.course.total(live.course.assignment("quiz3"), "pg#bea") == 3.0


def test_concurrent_attempts_are_numbered_once(postgres: str) -> None:
    """Two tabs (threads, each with its own connection) submitting at once: no number twice, none lost."""
    import threading

    store = Storage(postgres)
    rows = [("B1", "x", "correct", 5.0, 1.0, {"id": "B1"})]

    def tab() -> None:
        for _ in range(15):
            store.add_attempts("race", "pg#tab", rows, limit=None, penalty=0.0)

    threads = [threading.Thread(target=tab) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(a.number for a in store.attempts("race", "pg#tab")) == list(range(1, 31))

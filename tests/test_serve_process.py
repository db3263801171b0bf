"""`mathgrade serve` as students' browsers meet it: the real command, killed with SIGKILL, started again.

Every answer the server acknowledged before the kill is there after the restart (attempts are committed before
the response). The load version of this is benchmarks/serve_bench.py.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import httpx
from serve_helpers import ADMIN, free_port, problems

from mathgrade.serve.app import csrf_token
from mathgrade.serve.storage import Storage

ROOT = Path(__file__).resolve().parents[1]


def _serve(folder: Path, db: str, port: int) -> subprocess.Popen[bytes]:
    process = subprocess.Popen([sys.executable, "-m", "mathgrade.cli", "serve", str(folder), "--port", str(port),
                                "--db", db, "--admin-token", ADMIN, "--jobs", "1"],
                               env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert process.poll() is None, process.stderr.read().decode() if process.stderr else ""
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/openapi.json", timeout=1):
                return process
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise AssertionError("mathgrade serve did not start")


def _children(pid: int) -> list[int]:
    out = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", encoding="ascii") as f:
                    if int(f.read().rsplit(")", 1)[1].split()[1]) == pid:
                        out.append(int(entry))
            except OSError:
                continue
    return out


def _state(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as f:
            return f.read().rsplit(")", 1)[1].split()[0]
    except OSError:
        return "Z"


def test_sigkill_loses_no_acknowledged_attempt(tmp_path: Path) -> None:
    folder, db, port = problems(tmp_path), f"sqlite:///{tmp_path}/serve.sqlite", free_port()
    store = Storage(db)
    session = store.start_session("local#pat", "Pat", "", "learner", "quiz3")
    store.close()
    server = _serve(folder, db, port)
    acknowledged = []
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30) as client:
            client.cookies.set("mg_session", session.token)
            for k in range(12):
                answer = f"x^2 + cos(y) + 0*w{k}"
                reply = client.post("/assignments/quiz3/submit", data={"csrf": csrf_token(session), "part": "B1",
                                                                      "answer-B1": answer})
                if reply.status_code == 200 and "Recorded." in reply.text:
                    acknowledged.append(answer)
        workers = _children(server.pid)
        assert workers, "the server has its check workers"
    finally:
        server.send_signal(signal.SIGKILL)
        server.wait()
    assert len(acknowledged) == 12
    # The workers see their pipe close and leave: nothing keeps the port or lingers after a killed server.
    deadline = time.monotonic() + 20
    while (alive := [pid for pid in workers if _state(pid) != "Z"]) and time.monotonic() < deadline:
        time.sleep(0.1)
    for pid in alive:
        os.kill(pid, signal.SIGKILL)  # do not leave them behind on this shared machine, then fail
    assert alive == [], f"workers outlived the killed server: {alive}"
    server = _serve(folder, db, port)
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30) as client:
            results = client.get("/api/results/quiz3", headers={"Authorization": f"Bearer {ADMIN}"}).json()
    finally:
        server.terminate()
        server.wait(timeout=30)
    stored = [a.answer for a in Storage(db).attempts("quiz3", "local#pat")]
    assert stored == acknowledged
    [pat] = results["students"]
    assert (pat["id"], pat["score"], pat["parts"][2]["status"]) == ("pat", 5.0, "correct")  # 0*w12 is 0

"""Load on `mathgrade serve` over 127.0.0.1 only, bounded in count and time. Prints req/s and p50/p99 latency.

    python benchmarks/serve_bench.py [--students 200] [--think 1.5] [--seconds 20] [--inflight 20] [--jobs 2]

1. Students: `--students` simulated students, each thinking (exponential, mean `--think` s) then submitting one
   answer from the student page (grade in a worker under the limits + SQLite commit + the page back): an arrival
   rate of students/think checks per second (200 / 1.5 ≈ 133/s).
2. Saturation: `--inflight` requests always in flight, each a `POST /api/check` of one record, and then each a
   student submission.
3. SIGKILL: students submit answers that are each unique; the server is killed with SIGKILL mid-run and started
   again on the same database; every answer the server acknowledged must be there (lost = acknowledged − found).

The server runs as `mathgrade serve` in its own process (uvicorn, --jobs workers); this client shares the machine,
so the figures include its cost. On a shared, busy machine they vary from run to run: quote them with that caveat.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import hmac
import json
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from mathgrade.serve.storage import Storage

ADMIN = "bench-admin-token"
MAX_REQUESTS = 20_000  # per phase: a hard bound whatever the options say
# (part, answer): what a class types for quiz3, right and wrong, in several spellings.
ANSWERS = [("A1", "3"), ("A1", "3.0"), ("A1", "1"), ("A1", "6/2"), ("A1", "2"), ("A2", "[1/sqrt(2), 1/sqrt(2)]"),
           ("A2", "[1, 1]"), ("A2", "[0.7071, 0.7071]"), ("A2", "[sqrt(2)/2, sqrt(2)/2]"),
           ("A2", "[1/sqrt(2), -1/sqrt(2)]"), ("B1", "x^2 + cos(y)"), ("B1", "2xy"), ("B1", "x^2 - cos(y)"),
           ("B1", "cos y + x x"), ("B1", "x^2 y + cos(y)"), ("B1", "\\cos(y) + x^{2}")]
CHECKS = [{"answer": "y_i(1 - y_i)", "expected": "y_i - y_i^2"}, {"answer": "0.333", "expected": "1/3"},
          {"answer": "[[1, 2], [3, 4]]", "expected": "[[1, 2], [3, 5]]"},
          {"answer": "sqrt(2)/2", "expected": "1/sqrt(2)"},
          {"answer": "(x+1)^2", "expected": "x^2+2x+1"}, {"answer": "sin(x)^2+cos(x)^2", "expected": "1"}]


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Served:
    """`mathgrade serve` in a subprocess on 127.0.0.1."""

    def __init__(self, folder: Path, db: str, jobs: int) -> None:
        self.port = _port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.args = [sys.executable, "-m", "mathgrade.cli", "serve", str(folder), "--host", "127.0.0.1", "--port",
                     str(self.port), "--db", db, "--admin-token", ADMIN, "--jobs", str(jobs)]
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
        self.process = subprocess.Popen(self.args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"{self.url}/openapi.json", timeout=1) as reply:
                    if reply.status == 200:
                        return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("the server did not start")

    def kill(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=30)


class Conn:
    """One keep-alive HTTP/1.1 connection to the server (a browser's): a minimal client, so that the client's own
    cost on this shared machine stays small next to the server's."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def request(self, method: str, path: str, body: bytes = b"", **headers: str) -> tuple[int, bytes]:
        head = f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: {len(body)}\r\n" + "".join(
            f"{k.replace('_', '-')}: {v}\r\n" for k, v in headers.items()) + "\r\n"
        for fresh in (False, True):  # the server closes idle keep-alive connections: open again, as browsers do
            if self.writer is None or fresh:
                self.close()
                self.reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port)
            assert self.reader is not None and self.writer is not None
            try:
                self.writer.write(head.encode("latin-1") + body)
                await self.writer.drain()
                line = await self.reader.readline()
            except ConnectionError:
                line = b""
            if line:
                break
        status = int(line.split()[1])
        length = 0
        while (line := await self.reader.readline()) not in (b"\r\n", b""):
            name, _, value = line.decode("latin-1").partition(":")
            if name.lower() == "content-length":
                length = int(value)
        return status, await self.reader.readexactly(length)

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            self.writer = None


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system) used so far by a process and its children (the server and its workers): a figure
    the machine's other load barely changes, unlike latency."""
    total = 0.0
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(entry) == pid or int(fields[1]) == pid:
            total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


def csrf(token: str) -> str:
    """The form token of a session (as the server derives it)."""
    return hmac.new(token.encode(), b"csrf", hashlib.sha256).hexdigest()


SERVER_PID = 0
_cpu_mark = 0.0


def figures(name: str, latencies: list[float], seconds: float, errors: int) -> None:
    global _cpu_mark
    ms = sorted(x * 1000 for x in latencies)
    p99 = ms[min(len(ms) - 1, int(len(ms) * 0.99))] if ms else float("nan")
    cpu = cpu_seconds(SERVER_PID)
    used, _cpu_mark = cpu - _cpu_mark, cpu
    print(f"{name}: {len(ms)} requests in {seconds:.1f} s = {len(ms) / seconds:.1f} req/s; "
          f"p50 {statistics.median(ms) if ms else float('nan'):.1f} ms, p99 {p99:.1f} ms; {errors} errors; "
          f"server CPU {used * 1000 / max(len(ms), 1):.2f} ms per request")


async def _submit(conn: Conn, token: str, part: str, answer: str) -> tuple[float, bool]:
    body = urllib.parse.urlencode({"csrf": csrf(token), "part": part, f"answer-{part}": answer}).encode()
    started = time.perf_counter()
    status, page = await conn.request("POST", "/assignments/quiz3/submit", body, Cookie=f"mg_session={token}",
                                      Content_Type="application/x-www-form-urlencoded")
    return time.perf_counter() - started, status == 200 and b"Recorded." in page


async def students(port: int, tokens: list[str], think: float, seconds: float) -> None:
    latencies: list[float] = []
    errors = 0
    stop = time.monotonic() + seconds
    rng = random.Random(7)

    async def student(token: str) -> None:
        nonlocal errors
        conn = Conn(port)
        await asyncio.sleep(rng.uniform(0, think))
        while time.monotonic() < stop and len(latencies) < MAX_REQUESTS:
            part, answer = rng.choice(ANSWERS)
            took, ok = await _submit(conn, token, part, answer)
            (latencies.append(took) if ok else None)
            errors += not ok
            await asyncio.sleep(rng.expovariate(1 / think))
        conn.close()

    await asyncio.gather(*(student(t) for t in tokens))
    # The rate over the phase's window: requests are only started inside it.
    figures(f"students ({len(tokens)}, think {think:g} s, offered ~{len(tokens) / think:.0f}/s, submit)",
            latencies, seconds, errors)


async def warm(port: int, tokens: list[str]) -> None:
    """Each distinct answer once (a running course has graded them all before): workers and caches warm."""
    conn = Conn(port)
    for k, (part, answer) in enumerate(ANSWERS):
        await _submit(conn, tokens[k % len(tokens)], part, answer)
    for record in CHECKS:
        await conn.request("POST", "/api/check", json.dumps(record).encode(), Authorization=f"Bearer {ADMIN}",
                           Content_Type="application/json")
    conn.close()


async def saturate(port: int, inflight: int, seconds: float, tokens: list[str]) -> None:
    for kind in ("api/check", "submit"):
        latencies: list[float] = []
        errors = 0
        stop = time.monotonic() + seconds
        rng = random.Random(11)

        async def loop(k: int) -> None:
            nonlocal errors
            conn = Conn(port)
            while time.monotonic() < stop and len(latencies) < MAX_REQUESTS:
                if kind == "api/check":
                    body = json.dumps(rng.choice(CHECKS)).encode()
                    started = time.perf_counter()
                    status, _ = await conn.request("POST", "/api/check", body, Authorization=f"Bearer {ADMIN}",
                                                   Content_Type="application/json")
                    took, ok = time.perf_counter() - started, status == 200
                else:
                    part, answer = rng.choice(ANSWERS)
                    took, ok = await _submit(conn, tokens[k], part, answer)
                (latencies.append(took) if ok else None)
                errors += not ok
            conn.close()

        began = time.monotonic()
        await asyncio.gather(*(loop(k) for k in range(inflight)))
        figures(f"saturation ({inflight} in flight, {kind})", latencies, time.monotonic() - began, errors)


async def killed(served: Served, tokens: list[str], seconds: float) -> set[str]:
    """Unique answers submitted until the server is SIGKILLed; returns those it acknowledged."""
    acknowledged: set[str] = set()
    counter = 0
    kill_at = time.monotonic() + seconds * random.Random(3).uniform(0.4, 0.8)

    async def student(token: str) -> None:
        nonlocal counter
        conn = Conn(served.port)
        while served.process is not None and served.process.poll() is None:
            counter += 1
            answer = f"x^2 + cos(y) + 0*u{counter}"
            try:
                _, ok = await _submit(conn, token, "B1", answer)
            except (OSError, asyncio.IncompleteReadError, IndexError, ValueError):
                return  # the server died under this request: not acknowledged
            if ok:
                acknowledged.add(answer)
            await asyncio.sleep(random.expovariate(10))
        conn.close()

    async def killer() -> None:
        await asyncio.sleep(max(0.0, kill_at - time.monotonic()))
        served.kill()

    await asyncio.gather(killer(), *(student(t) for t in tokens))
    return acknowledged


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=200)
    parser.add_argument("--think", type=float, default=1.5, help="mean think time in seconds")
    parser.add_argument("--seconds", type=float, default=20.0, help="length of each phase (at most 120)")
    parser.add_argument("--inflight", type=int, default=20)
    parser.add_argument("--jobs", type=int, default=2, help="the server's worker processes")
    args = parser.parse_args()
    seconds = min(args.seconds, 120.0)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "problems"
        folder.mkdir()
        (folder / "quiz3.yaml").write_text((ROOT / "tests/data/serve/quiz3.yaml").read_text())
        db = f"sqlite:///{tmp}/bench.sqlite"
        store = Storage(db)
        tokens = [store.start_session(f"bench#s{k}", f"Student {k}", "", "learner", "quiz3").token
                  for k in range(max(args.students, args.inflight))]
        store.close()
        served = Served(folder, db, args.jobs)
        served.start()
        try:
            print(f"mathgrade serve on 127.0.0.1, {args.jobs} workers, {os.cpu_count()} cores; "
                  f"load average {os.getloadavg()[0]:.1f} at start (shared machine: figures vary between runs)")
            global SERVER_PID, _cpu_mark
            assert served.process is not None
            SERVER_PID = served.process.pid
            asyncio.run(warm(served.port, tokens))
            _cpu_mark = cpu_seconds(SERVER_PID)
            asyncio.run(students(served.port, tokens[:args.students], args.think, seconds))
            asyncio.run(saturate(served.port, args.inflight, seconds / 2, tokens))
            before = len(Storage(db).attempts("quiz3"))
            acknowledged = asyncio.run(killed(served, tokens[:args.inflight], seconds / 2))
            served.start()
            stored = {a.answer for a in Storage(db).attempts("quiz3")}
            lost = acknowledged - stored
            print(f"SIGKILL mid-run: {len(acknowledged)} answers acknowledged before the kill, "
                  f"{len(stored & acknowledged)} found after the restart, {len(lost)} lost "
                  f"({before} attempts stored before this phase)")
            return 1 if lost else 0
        finally:
            served.stop()


if __name__ == "__main__":
    sys.exit(main())

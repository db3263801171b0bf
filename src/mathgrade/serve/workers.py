"""Every check the server makes runs here: in a few worker processes, each answer under a deadline and a memory cap.

This is the server's one limited-evaluation boundary, kept in one module so it can be switched to the batch's
shared one: the same `Limits` as `mathgrade grade`, the same rule (a part that overruns is killed with its worker
and graded `invalid`, "too expensive to evaluate", and the rest of the sheet is graded by a fresh worker). The
batch's Supervisor works on files and runs whole classes; a request needs one answer now, from an idle worker, and
an event loop that never blocks, hence this small pool.
"""

from __future__ import annotations

import asyncio
import multiprocessing as mp
import os
import resource
import stat
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any

from mathgrade.check.verdict import Status, Verdict
from mathgrade.grade import Grader
from mathgrade.grade.pool import TOO_EXPENSIVE, Limits
from mathgrade.grade.results import StudentResult
from mathgrade.grade.sheets import Submission

MAX_RETRIES = 50


@dataclass(frozen=True)
class Preview:
    """How an answer reads, for the live preview: LaTeX and text, or why it cannot be read."""

    latex: str = ""
    text: str = ""
    error: str | None = None


def _cap_memory(extra_mb: int) -> None:
    # The same cap as grade/pool.py's workers (kept here so this boundary has no private imports).
    try:
        with open("/proc/self/statm", encoding="ascii") as f:
            now = int(f.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
        cap = now + extra_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    except (OSError, ValueError):
        pass


def _preview(grader: Grader, part_id: str, text: str) -> Preview:
    from mathgrade.check.render import render
    from mathgrade.parse import ParseOptions, parse_answer

    part = grader.assignment.part(part_id)
    if part.kind.value in ("text", "choice", "rotation"):
        return Preview(text=text.strip())
    parsed = parse_answer(text, ParseOptions(variables=part.options.variables))
    if not parsed.ok:
        return Preview(error=str(parsed.answer.error or "cannot be read"))
    shown = render(parsed.value)
    return Preview(latex=shown.latex, text=shown.text)


def _close_sockets(keep: int) -> None:
    """Close the sockets a worker inherited (the server's listening socket, its clients' connections): a worker
    that outlives a killed server must not keep its port, and a worker never talks to a client."""
    try:
        fds = [int(name) for name in os.listdir("/proc/self/fd")]
    except OSError:
        return
    for fd in fds:
        try:
            if fd != keep and fd > 2 and stat.S_ISSOCK(os.fstat(fd).st_mode):
                os.close(fd)
        except OSError:
            pass


def _work(graders: dict[str, Grader], conn: Connection, memory_mb: int, state: Any) -> None:
    """Worker loop. `state` is shared memory: [part index or 0, monotonic start]; the parent reads it at deadlines."""
    _close_sockets(conn.fileno())
    _cap_memory(memory_mb)
    from mathgrade import cli

    while True:
        try:
            task = conn.recv()
        except EOFError:
            return
        if task is None:
            return
        kind, args = task
        state[0], state[1] = 0.0, time.monotonic()
        try:
            if kind == "grade":
                assignment, sub, skip = args
                grader = graders[assignment]
                order = {p.id: float(k) for k, p in enumerate(grader.assignment.parts)}

                def announce(part_id: str) -> None:
                    state[1] = time.monotonic()
                    state[0] = order[part_id]

                reply: Any = grader.grade(sub, skip=skip, on_part=announce)
            elif kind == "preview":
                assignment, part_id, text = args
                reply = _preview(graders[assignment], part_id, text)
            else:
                reply = cli.batch_line(*args)
            conn.send(("done", reply))
        except MemoryError:
            conn.send(("failed", f"{TOO_EXPENSIVE} (it needs too much memory)"))
        except Exception as exc:  # noqa: BLE001 - reported to the request, never a dead worker
            conn.send(("failed", f"{type(exc).__name__}: {exc}"[:300]))


class _Slot:
    def __init__(self, context: Any, graders: dict[str, Grader], memory_mb: int) -> None:
        parent, child = context.Pipe()
        self.state = context.Array("d", [0.0, time.monotonic()], lock=False)
        self.process = context.Process(target=_work, args=(graders, child, memory_mb, self.state), daemon=True)
        self.process.start()
        child.close()
        self.conn: Connection = parent

    def stop(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(timeout=5)
        self.conn.close()


class Overrun(Exception):
    """A task ran past its deadline; its worker was killed. `part` is the part index it was on."""

    def __init__(self, part: int) -> None:
        super().__init__(part)
        self.part = part


class CheckPool:
    """`jobs` forked workers holding every assignment's compiled grader; requests take an idle one."""

    def __init__(self, graders: dict[str, Grader], jobs: int = 2, limits: Limits = Limits()) -> None:
        self.graders = graders
        self.limits = limits
        self.jobs = max(1, jobs)
        # fork: the workers share the compiled specs instead of compiling them again
        self.context = mp.get_context("fork" if "fork" in mp.get_all_start_methods() else "spawn")
        self._idle: asyncio.Queue[_Slot] | None = None
        self._slots: list[_Slot] = []
        self.restarts = 0

    def start(self) -> None:
        """Start the workers (call before the server's threads exist: forking a threaded process is fragile)."""
        self._slots = [_Slot(self.context, self.graders, self.limits.memory_mb) for _ in range(self.jobs)]

    def close(self) -> None:
        """Stop every worker."""
        for slot in self._slots:
            try:
                slot.conn.send(None)
            except (OSError, ValueError):
                pass
            slot.stop()
        self._slots = []
        self._idle = None

    async def drain(self) -> None:
        """Wait until every worker is idle (requests already running finish on this pool), then stop them all."""
        if self._idle is not None:
            for _ in range(len(self._slots)):
                await self._idle.get()
        self.close()

    def _queue(self) -> asyncio.Queue[_Slot]:
        if self._idle is None:
            if not self._slots:
                self.start()
            self._idle = asyncio.Queue()
            for slot in self._slots:
                self._idle.put_nowait(slot)
        return self._idle

    async def _run(self, task: tuple[str, Any]) -> Any:
        idle = self._queue()
        slot = await idle.get()
        loop = asyncio.get_running_loop()
        clean = False  # the worker is idle with nothing unread: it may serve the next request
        try:
            slot.state[0], slot.state[1] = 0.0, time.monotonic()
            slot.conn.send(task)
            while True:
                ready: asyncio.Future[None] = loop.create_future()
                fd = slot.conn.fileno()
                loop.add_reader(fd, lambda: ready.done() or ready.set_result(None))
                left = slot.state[1] + self.limits.answer_seconds - time.monotonic()
                try:
                    await asyncio.wait_for(ready, timeout=max(0.005, left))
                    late = False
                except TimeoutError:
                    late = True
                finally:
                    loop.remove_reader(fd)
                if late:
                    if time.monotonic() < slot.state[1] + self.limits.answer_seconds:
                        continue  # the worker moved on to the next part: its clock restarted
                    part = int(slot.state[0])
                    slot, clean = self._replace(slot), True
                    raise Overrun(part)
                try:
                    kind, reply = slot.conn.recv()
                except (EOFError, OSError):
                    part = int(slot.state[0])
                    slot, clean = self._replace(slot), True
                    raise Overrun(part) from None
                clean = True
                if kind == "failed":
                    raise RuntimeError(reply)
                return reply
        finally:
            if not clean:
                # Cancelled while the worker works (the client went away): its late reply must never reach the
                # next request, so this worker goes and a fresh one takes its place.
                slot = self._replace(slot)
            idle.put_nowait(slot)

    def _replace(self, slot: _Slot) -> _Slot:
        slot.stop()
        self.restarts += 1
        fresh = _Slot(self.context, self.graders, self.limits.memory_mb)
        self._slots[self._slots.index(slot)] = fresh
        return fresh

    async def grade(self, assignment: str, sub: Submission) -> StudentResult:
        """Grade a sheet; a part that overruns is graded `invalid` and the rest graded again without it."""
        skip: dict[str, str] = {}
        parts = self.graders[assignment].assignment.parts
        for _ in range(MAX_RETRIES):
            try:
                return await self._run(("grade", (assignment, sub, skip)))  # type: ignore[no-any-return]
            except Overrun as over:
                why = f"took longer than {self.limits.answer_seconds:g} s"
                skip = {**skip, parts[over.part].id: f"{TOO_EXPENSIVE}: {why}"}
        raise RuntimeError("too many parts overran")

    async def preview(self, assignment: str, part: str, text: str) -> Preview:
        """How `text` reads as an answer to `part` (parsing only, under the same limits)."""
        try:
            return await self._run(("preview", (assignment, part, text)))  # type: ignore[no-any-return]
        except Overrun:
            return Preview(error=f"This answer is {TOO_EXPENSIVE}.")

    async def check_line(self, line: str, number: int) -> dict[str, Any]:
        """One `check --batch` line (JSON text) → its output object, under the per-answer limits."""
        try:
            return await self._run(("check", (line, number)))  # type: ignore[no-any-return]
        except Overrun:
            verdict = Verdict(Status.INVALID, 0.0, f"This answer is {TOO_EXPENSIVE} (took longer than "
                              f"{self.limits.answer_seconds:g} s).")
            return {"id": number, "status": verdict.status.value, "score": 0.0, "interpreted_as": None,
                    "feedback": verdict.feedback}

"""Supervised worker processes: every answer gets a wall-time limit and a memory cap, enforced from outside.

A signal or a thread cannot stop sympy inside a C loop, so answers are graded in worker processes that report
which part they are on. When a part overruns its time, the supervisor kills the worker, records that part as
`invalid` ("too expensive to evaluate"), and hands the submission to a fresh worker that skips it. A worker that
dies (out of memory, a crash) is treated the same way. One bad answer never stops the batch.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import resource
import time
import zlib
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any

from mathgrade.check.budget import TOO_EXPENSIVE
from mathgrade.grade.results import StudentResult

__all__ = ["TOO_EXPENSIVE", "Limits", "Supervisor", "cap_memory", "children_allowed"]


@contextmanager
def children_allowed() -> Iterator[None]:
    """Let a daemon process start the children that enforce limits.

    multiprocessing refuses children to daemon processes because a daemon's children could outlive it; Dask runs
    its workers as daemons. Our children are killed and joined by whoever started them (and exit on their own
    when their pipe closes), so the reason for the rule does not apply; without this, limits would silently not
    hold on a Dask worker."""
    process = mp.current_process()
    config = process._config  # noqa: SLF001 - the only switch multiprocessing offers
    was = config.get("daemon", False)
    config["daemon"] = False
    try:
        yield
    finally:
        config["daemon"] = was


@dataclass(frozen=True)
class Limits:
    """Per-answer limits. `read_seconds` bounds reading one file (documents are located before grading)."""

    answer_seconds: float = 2.0
    memory_mb: int = 1024
    read_seconds: float = 30.0

    def __post_init__(self) -> None:
        if not self.answer_seconds > 0 or not self.read_seconds > 0:
            raise ValueError(f"time limits must be positive: {self.answer_seconds!r}, {self.read_seconds!r}")
        if self.memory_mb < 64:
            raise ValueError(f"memory limit must be at least 64 MB: {self.memory_mb!r}")


def cap_memory(extra_mb: int) -> None:
    """Cap the address space at what the worker already uses plus `extra_mb` (libraries are mapped already)."""
    try:
        with open("/proc/self/statm", encoding="ascii") as f:
            pages = int(f.read().split()[0])
        now = pages * os.sysconf("SC_PAGE_SIZE")
        cap = now + extra_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    except (OSError, ValueError):  # no /proc or no rlimit: run without the cap rather than not at all
        pass


def _work(grader: Any, conn: Connection, memory_mb: int, state: Any) -> None:
    """Worker loop: grade one file at a time, writing the current part and its start time into `state`.

    `state` is shared memory ([part index or -1 while reading, monotonic start, task index]): the supervisor
    reads it when a deadline passes, so thirty parts per student cost no messages at all.
    """
    cap_memory(memory_mb)
    order = {p.id: float(k) for k, p in enumerate(grader.assignment.parts)}
    while True:
        try:
            task = conn.recv()
        except EOFError:
            return
        if task is None:
            return
        index, path, skip = task

        def announce(part_id: str) -> None:
            state[1] = time.monotonic()
            state[0] = order[part_id]

        try:
            state[0], state[1], state[2] = -1.0, time.monotonic(), float(index)
            result = grader.grade(grader.read(Path(path)), skip=skip, on_part=announce)
            conn.send(("done", index, result))
        except Exception as exc:  # noqa: BLE001 - reported to the supervisor as this file's error
            conn.send(("failed", index, f"{type(exc).__name__}: {exc}"[:300]))
        state[0], state[1] = -1.0, time.monotonic()  # between files: the read limit applies, not the answer's


Task = tuple[int, str, dict[str, str]]

POLL_SECONDS = 0.05
"""How often the supervisor looks at workers that are between parts (reading a file, or between files)."""

QUEUE_DEPTH = 3
"""Files handed to a worker ahead of time: while the supervisor stores one result, the worker grades the next."""


class _Pending:
    """Files not yet handed to a worker: one queue per worker (files of the same affinity share one), plus the
    files to redo first (those a replaced worker had queued, and the retried file)."""

    def __init__(self, workers: int) -> None:
        self.queues: list[deque[Task]] = [deque() for _ in range(max(1, workers))]
        self.urgent: deque[Task] = deque()

    def add(self, task: Task, affinity: str) -> None:
        # crc32, not hash(): the split must not depend on PYTHONHASHSEED (runs stay reproducible to debug)
        self.queues[zlib.crc32(affinity.encode("utf-8")) % len(self.queues)].append(task)

    def first(self, tasks: list[Task]) -> None:
        """Put tasks before every other, in this order."""
        self.urgent.extendleft(reversed(tasks))

    def take(self, worker: int) -> Task:
        """The next file for this worker: redo first, then its own queue, else the back of the longest other."""
        if self.urgent:
            return self.urgent.popleft()
        own = self.queues[worker % len(self.queues)]
        if own:
            return own.popleft()
        return max(self.queues, key=len).pop()

    def __bool__(self) -> bool:
        return bool(self.urgent) or any(self.queues)


@dataclass
class _Slot:
    process: Any
    conn: Connection
    state: Any
    tasks: deque[Task] = field(default_factory=deque)

    def current(self) -> Task | None:
        """The file the worker is on: the one its shared state names, else the oldest it was given."""
        if not self.tasks:
            return None
        on = int(self.state[2])
        return next((t for t in self.tasks if t[0] == on), self.tasks[0])


class Supervisor:
    """Runs `grader.grade(grader.read(path))` for many files in `jobs` supervised worker processes."""

    def __init__(self, grader: Any, jobs: int, limits: Limits = Limits()) -> None:
        self.grader = grader
        self.jobs = max(1, jobs)
        self.limits = limits
        methods = mp.get_all_start_methods()
        # fork shares the compiled spec with the workers; elsewhere each worker gets a pickled copy
        self.context = mp.get_context("fork" if "fork" in methods else "spawn")

    def _start(self) -> _Slot:
        parent, child = self.context.Pipe()
        state = self.context.Array("d", [-1.0, time.monotonic(), -1.0], lock=False)
        process = self.context.Process(target=_work, args=(self.grader, child, self.limits.memory_mb, state),
                                       daemon=True)
        with children_allowed():
            process.start()
        child.close()
        return _Slot(process, parent, state)

    def _part(self, slot: _Slot) -> str | None:
        k = int(slot.state[0])
        return None if k < 0 else self.grader.assignment.parts[k].id

    @staticmethod
    def _stop(slot: _Slot) -> None:
        if slot.process.is_alive():
            slot.process.kill()
        slot.process.join(timeout=5)
        slot.conn.close()

    def run(self, paths: list[Path], affinity: Callable[[Path], str] | None = None,
            ) -> Iterator[tuple[int, StudentResult | str]]:
        """Yield (index, result) as files finish; a string instead of a result is why the file failed.

        `affinity` names, per file, what the worker grading it must prepare (a per-student variant's key): files
        with the same name go to the same worker while it has work, so each key is compiled, and its verdicts
        are remembered, in one worker instead of all of them. An idle worker still takes another's files."""
        pending = _Pending(self.jobs if affinity is not None else 1)  # without: one queue, files in order
        for k, p in enumerate(paths):
            pending.add((k, str(p), {}), affinity(p) if affinity is not None else str(k))
        retries: dict[int, int] = {}
        slots = [self._start() for _ in range(min(self.jobs, len(paths)))]
        try:
            while pending or any(s.tasks for s in slots):
                for n, s in enumerate(slots):
                    while len(s.tasks) < QUEUE_DEPTH and pending:
                        task = pending.take(n)
                        if not s.tasks:  # an idle worker: its clock starts now, not when it last finished
                            s.state[0], s.state[1], s.state[2] = -1.0, time.monotonic(), float(task[0])
                        s.tasks.append(task)
                        s.conn.send(task)
                yield from self._wait(slots, pending, retries)
        finally:
            for s in slots:
                try:
                    s.conn.send(None)
                except (OSError, ValueError):
                    pass
                self._stop(s)

    def _limit(self, slot: _Slot) -> float:
        return self.limits.answer_seconds if slot.state[0] >= 0 else self.limits.read_seconds

    def _wait(self, slots: list[_Slot], pending: _Pending,
              retries: dict[int, int]) -> Iterator[tuple[int, StudentResult | str]]:
        busy = [s for s in slots if s.tasks]
        # Wake at the earliest possible deadline; a worker that moved on meanwhile is simply waited for again.
        timeout = max(0.01, min(s.state[1] + self._limit(s) for s in busy) - time.monotonic())
        if any(s.state[0] < 0 for s in busy):
            # A worker still reading may start a part at any moment, and that part's deadline is much nearer
            # than the reading's: look again soon, or a runaway part would run until the reading's deadline.
            timeout = min(timeout, POLL_SECONDS, self.limits.answer_seconds / 4)
        ready = wait([s.conn for s in busy], timeout=timeout)
        for s in busy:
            if s.conn in ready:
                try:
                    kind, index, payload = s.conn.recv()
                except (EOFError, OSError):
                    yield from self._retry(s, slots, pending, retries, "the worker stopped (out of memory?)")
                    continue
                s.tasks = deque(t for t in s.tasks if t[0] != index)
                yield index, payload
            elif time.monotonic() >= s.state[1] + self._limit(s):
                yield from self._retry(s, slots, pending, retries, f"took longer than {self._limit(s):g} s")

    def _retry(self, slot: _Slot, slots: list[_Slot], pending: _Pending,
               retries: dict[int, int], why: str) -> Iterator[tuple[int, StudentResult | str]]:
        """Replace the worker; skip the part it was stuck on and give its files to the next free workers."""
        stuck = slot.current()
        assert stuck is not None
        index, path, skip = stuck
        part = self._part(slot)
        waiting = [t for t in slot.tasks if t[0] != index]
        self._stop(slot)
        fresh = self._start()
        slots[slots.index(slot)] = fresh
        pending.first(waiting)  # the files queued behind the stuck one were never started
        retries[index] = retries.get(index, 0) + 1
        if part is None or retries[index] > 50:
            yield index, f"could not be read: {why}"
            return
        pending.first([(index, path, {**skip, part: f"{TOO_EXPENSIVE}: {why}"})])

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
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any

from mathgrade.grade.results import StudentResult

TOO_EXPENSIVE = "too expensive to evaluate"


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


def _cap_memory(extra_mb: int) -> None:
    """Cap the address space at what the worker already uses plus `extra_mb` (libraries are mapped already)."""
    try:
        with open("/proc/self/statm", encoding="ascii") as f:
            pages = int(f.read().split()[0])
        now = pages * os.sysconf("SC_PAGE_SIZE")
        cap = now + extra_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    except (OSError, ValueError):  # no /proc or no rlimit: run without the cap rather than not at all
        pass


def _work(grader: Any, conn: Connection, memory_mb: int) -> None:
    """Worker loop: grade one file at a time, announcing each part before grading it."""
    _cap_memory(memory_mb)
    while True:
        try:
            task = conn.recv()
        except EOFError:
            return
        if task is None:
            return
        index, path, skip = task

        def announce(part_id: str, index: int = index) -> None:
            conn.send(("part", index, part_id))

        try:
            conn.send(("part", index, None))
            result = grader.grade(grader.read(Path(path)), skip=skip, on_part=announce)
            conn.send(("done", index, result))
        except Exception as exc:  # noqa: BLE001 - reported to the supervisor as this file's error
            conn.send(("failed", index, f"{type(exc).__name__}: {exc}"[:300]))


@dataclass
class _Slot:
    process: Any
    conn: Connection
    task: tuple[int, str, dict[str, str]] | None = None
    part: str | None = None
    since: float = 0.0
    tries: dict[int, int] = field(default_factory=dict)


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
        process = self.context.Process(target=_work, args=(self.grader, child, self.limits.memory_mb), daemon=True)
        process.start()
        child.close()
        return _Slot(process, parent)

    @staticmethod
    def _stop(slot: _Slot) -> None:
        if slot.process.is_alive():
            slot.process.kill()
        slot.process.join(timeout=5)
        slot.conn.close()

    def run(self, paths: list[Path]) -> Iterator[tuple[int, StudentResult | str]]:
        """Yield (index, result) as files finish; a string instead of a result is why the file failed."""
        pending: deque[tuple[int, str, dict[str, str]]] = deque((k, str(p), {}) for k, p in enumerate(paths))
        retries: dict[int, int] = {}
        slots = [self._start() for _ in range(min(self.jobs, len(paths)))]
        try:
            while pending or any(s.task is not None for s in slots):
                for s in slots:
                    if s.task is None and pending:
                        s.task = pending.popleft()
                        s.part, s.since = None, time.monotonic()
                        s.conn.send(s.task)
                yield from self._wait(slots, pending, retries)
        finally:
            for s in slots:
                try:
                    s.conn.send(None)
                except (OSError, ValueError):
                    pass
                self._stop(s)

    def _deadline(self, slot: _Slot) -> float:
        limit = self.limits.answer_seconds if slot.part is not None else self.limits.read_seconds
        return slot.since + limit

    def _wait(self, slots: list[_Slot], pending: deque[tuple[int, str, dict[str, str]]],
              retries: dict[int, int]) -> Iterator[tuple[int, StudentResult | str]]:
        busy = [s for s in slots if s.task is not None]
        timeout = max(0.0, min(self._deadline(s) for s in busy) - time.monotonic())
        ready = wait([s.conn for s in busy], timeout=timeout)
        for s in busy:
            if s.conn in ready:
                try:
                    kind, index, payload = s.conn.recv()
                except (EOFError, OSError):
                    yield from self._retry(s, slots, pending, retries, "the worker stopped (out of memory?)")
                    continue
                if kind == "part":
                    s.part, s.since = payload, time.monotonic()
                    continue
                s.task = None
                yield index, payload
            elif time.monotonic() >= self._deadline(s):
                limit = self.limits.answer_seconds if s.part is not None else self.limits.read_seconds
                yield from self._retry(s, slots, pending, retries, f"took longer than {limit:g} s")

    def _retry(self, slot: _Slot, slots: list[_Slot], pending: deque[tuple[int, str, dict[str, str]]],
               retries: dict[int, int], why: str) -> Iterator[tuple[int, StudentResult | str]]:
        """Replace the worker; skip the part it was stuck on and give the file to the next free worker."""
        assert slot.task is not None
        index, path, skip = slot.task
        part = slot.part
        self._stop(slot)
        fresh = self._start()
        slots[slots.index(slot)] = fresh
        retries[index] = retries.get(index, 0) + 1
        if part is None or retries[index] > 50:
            yield index, f"could not be read: {why}"
            return
        pending.appendleft((index, path, {**skip, part: f"{TOO_EXPENSIVE}: {why}"}))

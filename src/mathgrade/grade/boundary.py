"""The limits boundary for work outside a batch: one call at a time in a killable child process.

`grade` runs whole submissions in supervised workers (pool.py). Everything else that computes on student-derived
math (`check`, `check --batch`, `show`, `validate`'s self-tests, `gradescope`, the server) goes through a
`LimitedRunner`: a forked child that runs one call at a time under the same `Limits` — an address-space cap,
and a wall-time limit per call, measured from when that call was sent. A call that overruns is answered with
`Overrun` and the child is killed and replaced, so the next call starts in a fresh process, on time.

A call that works through steps (a sheet's parts) calls `step(k)` in the child before each one: the clock restarts
there, so each step has the whole limit, as each part has in a batch, and an `Overrun` names the step it stopped
(`where`). A server waits with `acall` (the event loop watches the pipe instead of a thread blocking on it); the
limits, the kill and the outcome are the same code for both.

A signal or a thread cannot stop sympy inside a C loop (an mpmath reduction, a big-integer product), so the
limit is enforced by killing a process, never by interrupting one. The work budget (check/budget.py) stops the
common runaways earlier and more cheaply; this is the guarantee behind it.
"""

from __future__ import annotations

import asyncio
import multiprocessing as mp
import os
import stat
import time
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any

from mathgrade.check.budget import TOO_EXPENSIVE
from mathgrade.grade.pool import Limits, cap_memory, children_allowed


class Overrun(Exception):
    """A call ran over its time limit or died (out of memory, a crash); `reason` says which, for a student.
    `where` is the last step the call announced with `step` (-1: none)."""

    def __init__(self, reason: str, where: int = -1) -> None:
        super().__init__(reason)
        self.reason = reason
        self.where = where


_CLOCK: Any = None
"""In a child: the shared [step, monotonic start of that step] its parent reads at the deadline."""


def step(where: int) -> None:
    """Start step `where` of the current call: its clock restarts now (a no-op outside a limited child)."""
    if _CLOCK is not None:
        _CLOCK[1] = time.monotonic()
        _CLOCK[0] = float(where)


def _close_sockets(keep: int) -> None:
    """Close the sockets a child inherited (a server's listening socket and clients, the pipes of its sibling
    children): a child that outlives a killed parent must not keep a port, nor keep a sibling's pipe open so
    that the sibling never sees its parent go."""
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


def _serve(conn: Connection, memory_mb: int, clock: Any) -> None:
    global _CLOCK
    _close_sockets(conn.fileno())
    cap_memory(memory_mb)
    _CLOCK = clock
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        func, args = task
        try:
            conn.send(("ok", func(*args)))
        except MemoryError:
            conn.send(("overrun", f"{TOO_EXPENSIVE} (it needs too much memory)"))
        except Exception as exc:  # noqa: BLE001 - handed to the caller, who decides
            conn.send(("raised", exc))


def _warm() -> None:
    """Build, in this process, what every child needs (the parser's LALR tables take a good part of a second):
    a child forked after a kill inherits them instead of spending the next answer's time limit on them."""
    from mathgrade.check import check  # noqa: PLC0415 - the checker imports this package's neighbours

    check("x + 1", "1 + x")


class LimitedRunner:
    """Runs `func(*args)` calls one at a time in a forked child under `limits`.

    Use as a context manager. `call` (or, in an event loop, `acall`) returns the function's result, re-raises its
    exception, or raises `Overrun`. Functions must be importable module-level functions; arguments and results are pickled."""

    def __init__(self, limits: Limits = Limits()) -> None:
        self.limits = limits
        methods = mp.get_all_start_methods()
        self.context = mp.get_context("fork" if "fork" in methods else "spawn")
        self.process: Any = None
        self.conn: Connection | None = None
        self.clock: Any = None
        _warm()

    def __enter__(self) -> LimitedRunner:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def start(self) -> None:
        """Fork the child now (a server does this before it starts threads; otherwise the first call does)."""
        if self.conn is None:
            self._start()

    def _start(self) -> None:
        parent, child = self.context.Pipe()
        self.clock = self.context.Array("d", [-1.0, time.monotonic()], lock=False)
        with children_allowed():
            self.process = self.context.Process(target=_serve, args=(child, self.limits.memory_mb, self.clock),
                                                daemon=True)
            self.process.start()
        child.close()
        self.conn = parent

    def _kill(self) -> None:
        if self.process is not None:
            if self.process.is_alive():
                self.process.kill()
            self.process.join(timeout=5)
        if self.conn is not None:
            self.conn.close()
        self.process, self.conn = None, None

    def close(self) -> None:
        """Stop the child (it is also stopped when this process exits)."""
        if self.conn is not None:
            try:
                self.conn.send(None)
            except (OSError, ValueError):
                pass
        self._kill()

    def _send(self, func: Callable[..., Any], args: tuple[Any, ...]) -> Connection:
        if self.conn is None:
            self._start()
        assert self.conn is not None
        self.clock[0], self.clock[1] = -1.0, time.monotonic()
        self.conn.send((func, args))
        return self.conn

    def _left(self, limit: float) -> float:
        """Seconds until the deadline: `limit` from the start of the current step (or of the call)."""
        return float(self.clock[1]) + limit - time.monotonic()

    def _outcome(self, conn: Connection, limit: float) -> Any:
        """Read the child's answer (the pipe is ready) or, when `conn` is None, the deadline passed: the result,
        the call's own exception, or Overrun with the child killed."""
        where = int(self.clock[0])
        if conn is None:
            self._kill()
            raise Overrun(f"{TOO_EXPENSIVE} (it took longer than {limit:g} s)", where)
        try:
            kind, payload = conn.recv()
        except (EOFError, OSError):
            self._kill()
            raise Overrun(f"{TOO_EXPENSIVE} (it needs too much memory)", where) from None
        if kind == "ok":
            return payload
        if kind == "overrun":
            self._kill()  # a MemoryError may leave the child's heap fragmented: start clean
            raise Overrun(payload, where)
        raise payload

    def call(self, func: Callable[..., Any], *args: Any, seconds: float | None = None) -> Any:
        """`func(*args)` in the child, within `seconds` (default: the answer limit) from now, or from the last
        `step` the call announced."""
        limit = self.limits.answer_seconds if seconds is None else seconds
        try:
            conn = self._send(func, args)
            while not conn.poll(max(0.0, self._left(limit))):
                if self._left(limit) <= 0:
                    return self._outcome(None, limit)  # type: ignore[arg-type]
        except (EOFError, OSError):
            self._kill()
            raise Overrun(f"{TOO_EXPENSIVE} (it needs too much memory)") from None
        return self._outcome(conn, limit)

    async def acall(self, func: Callable[..., Any], *args: Any, seconds: float | None = None) -> Any:
        """`call`, awaited: the running event loop watches the pipe, so it goes on serving meanwhile. Cancelled
        while the child works, the child is killed: its late answer can never be read as the next call's."""
        limit = self.limits.answer_seconds if seconds is None else seconds
        loop = asyncio.get_running_loop()
        done = False
        try:
            try:
                conn = self._send(func, args)
            except (EOFError, OSError):
                self._kill()
                raise Overrun(f"{TOO_EXPENSIVE} (it needs too much memory)") from None
            while True:
                ready: asyncio.Future[None] = loop.create_future()
                fd = conn.fileno()

                def wake(future: asyncio.Future[None] = ready) -> None:
                    if not future.done():
                        future.set_result(None)

                loop.add_reader(fd, wake)
                try:
                    await asyncio.wait_for(ready, timeout=max(0.005, self._left(limit)))
                    late = False
                except TimeoutError:
                    late = True
                finally:
                    loop.remove_reader(fd)
                if not late or self._left(limit) <= 0:  # else the child started a new step: its clock restarted
                    break
            done = True
            return self._outcome(None if late else conn, limit)  # type: ignore[arg-type]
        finally:
            if not done:
                self._kill()

"""The limits boundary for work outside a batch: one call at a time in a killable child process.

`grade` runs whole submissions in supervised workers (pool.py). Everything else that computes on student-derived
math (`check`, `check --batch`, `show`, `validate`'s self-tests, `gradescope`, the server) goes through a
`LimitedRunner`: a forked child that runs one call at a time under the same `Limits` — an address-space cap,
and a wall-time limit per call, measured from when that call was sent. A call that overruns is answered with
`Overrun` and the child is killed and replaced, so the next call starts in a fresh process, on time.

A signal or a thread cannot stop sympy inside a C loop (an mpmath reduction, a big-integer product), so the
limit is enforced by killing a process, never by interrupting one. The work budget (check/budget.py) stops the
common runaways earlier and more cheaply; this is the guarantee behind it.
"""

from __future__ import annotations

import multiprocessing as mp
import time
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any

from mathgrade.check.budget import TOO_EXPENSIVE
from mathgrade.grade.pool import Limits, cap_memory, children_allowed


class Overrun(Exception):
    """A call ran over its time limit or died (out of memory, a crash); `reason` says which, for a student."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _serve(conn: Connection, memory_mb: int) -> None:
    cap_memory(memory_mb)
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

    Use as a context manager. `call` returns the function's result, re-raises its exception, or raises
    `Overrun`. Functions must be importable module-level functions; arguments and results are pickled."""

    def __init__(self, limits: Limits = Limits()) -> None:
        self.limits = limits
        methods = mp.get_all_start_methods()
        self.context = mp.get_context("fork" if "fork" in methods else "spawn")
        self.process: Any = None
        self.conn: Connection | None = None
        _warm()

    def __enter__(self) -> LimitedRunner:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _start(self) -> None:
        parent, child = self.context.Pipe()
        with children_allowed():
            self.process = self.context.Process(target=_serve, args=(child, self.limits.memory_mb), daemon=True)
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

    def call(self, func: Callable[..., Any], *args: Any, seconds: float | None = None) -> Any:
        """`func(*args)` in the child, within `seconds` (default: the answer limit) from now."""
        limit = self.limits.answer_seconds if seconds is None else seconds
        if self.conn is None:
            self._start()
        assert self.conn is not None
        deadline = time.monotonic() + limit
        try:
            self.conn.send((func, args))
            ready = self.conn.poll(max(0.0, deadline - time.monotonic()))
            outcome = self.conn.recv() if ready else None
        except (EOFError, OSError):
            self._kill()
            raise Overrun(f"{TOO_EXPENSIVE} (it needs too much memory)") from None
        if outcome is None:
            self._kill()
            raise Overrun(f"{TOO_EXPENSIVE} (it took longer than {limit:g} s)")
        kind, payload = outcome
        if kind == "ok":
            return payload
        if kind == "overrun":
            self._kill()  # a MemoryError may leave the child's heap fragmented: start clean
            raise Overrun(payload)
        raise payload

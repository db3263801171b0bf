"""A wall-clock deadline for trusted work that sympy may make slow: solving a spec's references.

Student text never needs this (it runs in a killable worker under the limits of grade/boundary.py). A spec is
shared between courses and trusted only so far, so a pathological reference must stop with an error of its own
rather than hang every check of its part.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any


@contextmanager
def deadline(seconds: float, error: type[Exception]) -> Iterator[None]:
    """Raise `error` inside the block after `seconds` (SIGALRM: sympy is Python code, which a signal interrupts).

    Only in the main thread and when no other timer is set; elsewhere the caller's own bound applies (the
    supervised worker's kill)."""
    usable = threading.current_thread() is threading.main_thread() and signal.getitimer(signal.ITIMER_REAL)[0] == 0

    def expire(_signum: int, _frame: Any) -> None:
        raise error()

    if not usable:
        yield
        return
    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)

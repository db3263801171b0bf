"""Every check the server makes runs here, through the project's one limits boundary (grade/boundary.py).

The pool holds `jobs` `LimitedRunner`s, the same class (same `Limits`, same kill, same "too expensive to evaluate")
that `check`, `check --batch`, `show`, `validate` and overrides use. A request takes an idle runner and awaits it
(`acall`: the event loop watches the pipe, it never blocks). Grading a sheet announces each part with
`boundary.step`, so each part has the whole answer limit, as in a batch; a part that overruns is killed with its
child and graded `invalid`, and the rest of the sheet is graded again in a fresh child without it, as the batch's
Supervisor does.

The children are forked from the server and find the compiled graders in this module's registry (`_GRADERS`),
so a request sends only the sheet, never a compiled spec.
"""

from __future__ import annotations

import asyncio
import itertools
from dataclasses import dataclass
from typing import Any

from mathgrade.check.message import Message
from mathgrade.check.verdict import Status, Verdict
from mathgrade.grade import Grader
from mathgrade.grade.boundary import LimitedRunner, Overrun, step
from mathgrade.grade.pool import Limits
from mathgrade.grade.results import StudentResult
from mathgrade.grade.sheets import Submission

MAX_RETRIES = 50

_GRADERS: dict[int, dict[str, Grader]] = {}
"""Each pool's graders by assignment id, under the pool's number: what its children inherit when forked."""
_NUMBERS = itertools.count(1)


@dataclass(frozen=True)
class Preview:
    """How an answer reads, for the live preview: LaTeX and text, or why it cannot be read."""

    latex: str = ""
    text: str = ""
    error: str | None = None
    message: Message | None = None
    """Why it cannot be read in plain words, with the spot marked in the student's text (as the report says it)."""


def _grader(pool: int, assignment: str) -> Grader:
    return _GRADERS[pool][assignment]


def _prepare(pool: int, assignment: str, student: str) -> None:
    """Compile the student's variant key in this child (spec work, not the student's: it gets the read limit)."""
    book = _grader(pool, assignment).variants
    if book is not None:
        book.grader_for(book.variant_for(student))


def _grade(pool: int, assignment: str, sub: Submission, skip: dict[str, str]) -> StudentResult:
    grader = _grader(pool, assignment)
    order = {p.id: k for k, p in enumerate(grader.assignment.parts)}
    return grader.grade(sub, skip=skip, on_part=lambda part_id: step(order[part_id]))


def _preview(pool: int, assignment: str, part_id: str, text: str) -> Preview:
    from mathgrade.check.message import unreadable
    from mathgrade.check.render import render
    from mathgrade.parse import ParseOptions, parse_answer

    part = _grader(pool, assignment).assignment.part(part_id)
    if part.kind.value in ("text", "choice", "rotation"):
        return Preview(text=text.strip())
    parsed = parse_answer(text, ParseOptions(variables=part.options.variables))
    if not parsed.ok:
        said = unreadable(parsed.answer.error or "it is not a formula", text, parsed.answer.column)
        return Preview(error=said.text, message=said)
    shown = render(parsed.value)
    return Preview(latex=shown.latex, text=shown.text)


def _check_line(line: str, number: int) -> dict[str, Any]:
    from mathgrade import cli

    return cli.batch_line(line, number)


class CheckPool:
    """`jobs` limited children holding every assignment's compiled grader; requests take an idle one."""

    def __init__(self, graders: dict[str, Grader], jobs: int = 2, limits: Limits = Limits()) -> None:
        self.graders = graders
        self.limits = limits
        self.jobs = max(1, jobs)
        self.number = next(_NUMBERS)
        _GRADERS[self.number] = graders
        self._runners = [LimitedRunner(limits) for _ in range(self.jobs)]
        self._idle: asyncio.Queue[LimitedRunner] | None = None
        self.restarts = 0
        """Children killed and replaced (an overrun, a crash, an abandoned request)."""

    def start(self) -> None:
        """Fork the children now (call before the server's threads exist: forking a threaded process is fragile;
        a child killed later is forked again by its runner)."""
        for runner in self._runners:
            runner.start()

    def close(self) -> None:
        """Stop every child; the pool cannot be used afterwards."""
        for runner in self._runners:
            runner.close()
        self._idle = None
        _GRADERS.pop(self.number, None)

    async def drain(self) -> None:
        """Wait until every runner is idle (requests already running finish on this pool), then stop them all."""
        if self._idle is not None:
            for _ in range(len(self._runners)):
                await self._idle.get()
        self.close()

    def _queue(self) -> asyncio.Queue[LimitedRunner]:
        if self._idle is None:
            self._idle = asyncio.Queue()
            for runner in self._runners:
                self._idle.put_nowait(runner)
        return self._idle

    async def _call(self, runner: LimitedRunner, func: Any, *args: Any, seconds: float | None = None) -> Any:
        alive = runner.process
        try:
            return await runner.acall(func, *args, seconds=seconds)
        except Overrun:
            self.restarts += 1
            raise
        except asyncio.CancelledError:
            if alive is not None:
                self.restarts += 1  # the runner killed its child: a late reply can never reach the next request
            raise

    async def grade(self, assignment: str, sub: Submission) -> StudentResult:
        """Grade a sheet; a part that overruns is graded `invalid` and the rest graded again without it."""
        idle = self._queue()
        runner = await idle.get()
        try:
            if self.graders[assignment].variants is not None and sub.error is None:
                await self._call(runner, _prepare, self.number, assignment, sub.student_id,
                                 seconds=self.limits.read_seconds)
            skip: dict[str, str] = {}
            parts = self.graders[assignment].assignment.parts
            for _ in range(MAX_RETRIES):
                try:
                    return await self._call(runner, _grade, self.number, assignment, sub, skip)  # type: ignore[no-any-return]
                except Overrun as over:
                    if over.where < 0:
                        continue  # stopped before its first part (a machine too busy): nothing to blame
                    skip = {**skip, parts[over.where].id: over.reason}
                    if self.graders[assignment].variants is not None:
                        await self._call(runner, _prepare, self.number, assignment, sub.student_id,
                                         seconds=self.limits.read_seconds)
            raise RuntimeError("too many parts overran")
        finally:
            idle.put_nowait(runner)

    async def _once(self, func: Any, *args: Any) -> Any:
        idle = self._queue()
        runner = await idle.get()
        try:
            return await self._call(runner, func, self.number, *args)
        finally:
            idle.put_nowait(runner)

    async def preview(self, assignment: str, part: str, text: str) -> Preview:
        """How `text` reads as an answer to `part` (parsing only, under the same limits)."""
        try:
            return await self._once(_preview, assignment, part, text)  # type: ignore[no-any-return]
        except Overrun as over:
            return Preview(error=f"This answer is {over.reason}.")

    async def check_line(self, line: str, number: int) -> dict[str, Any]:
        """One `check --batch` line (JSON text) → its output object, under the per-answer limits."""
        idle = self._queue()
        runner = await idle.get()
        try:
            return await self._call(runner, _check_line, line, number)  # type: ignore[no-any-return]
        except Overrun as over:
            verdict = Verdict(Status.INVALID, 0.0, f"This answer is {over.reason}.")
            return {"id": number, "status": verdict.status.value, "score": 0.0, "interpreted_as": None,
                    "feedback": verdict.feedback}
        finally:
            idle.put_nowait(runner)

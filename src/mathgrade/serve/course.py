"""The course a server runs: its assignments, the attempt policy, and how attempts become scores.

Grading is the batch's: each submission is an answer sheet (the student's latest answers, with the new ones) graded
by `Grader.grade` in the server's worker pool; only the parts submitted become attempts. Scores are read from the
attempts, never kept separately: a part counts its best attempt, each attempt worth its verdict times the attempt
penalty (and the spec's late penalty after the due date).
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from mathgrade.check.message import Message
from mathgrade.check.verdict import Rendering, Status
from mathgrade.errors import UsageError
from mathgrade.grade import Grader
from mathgrade.grade.results import ClassResult, PartResult, StudentResult, SubmissionStatus
from mathgrade.grade.sheets import Submission, safe_id
from mathgrade.grade.variants import Values
from mathgrade.report.handouts import with_numbers
from mathgrade.serve.storage import Attempt, Session, Storage, best_points
from mathgrade.serve.workers import CheckPool
from mathgrade.spec import Assignment, load_spec

log = logging.getLogger("mathgrade.serve")
NOT_SPECS = {"overrides.yaml", "serve.yaml", "lti.yaml", "platforms.yaml"}


@dataclass(frozen=True)
class Policy:
    """Attempts allowed per part (None: unlimited), the share lost per earlier attempt, and the clock."""

    attempts: int | None = None
    penalty: float = 0.0
    today: Callable[[], str] = lambda: datetime.now(UTC).date().isoformat()

    def __post_init__(self) -> None:
        if self.attempts is not None and self.attempts < 1:
            raise UsageError(f"--attempts must be at least 1, got {self.attempts}")
        if not 0.0 <= self.penalty <= 1.0:
            raise UsageError(f"--penalty must be a share from 0 to 1, got {self.penalty}")


class Closed(Exception):
    """The due date has passed and the spec has no late policy."""


@dataclass(frozen=True)
class Change:
    """One student's total before and after a regrade."""

    user_key: str
    name: str
    before: float
    after: float
    parts: tuple[tuple[str, float, float], ...] = ()
    """(part, points before, points after) for each part whose points change."""


def part_json(p: PartResult) -> dict[str, Any]:
    """A PartResult as stored with its attempt (everything the report template shows)."""

    def shown(r: Rendering | None) -> dict[str, Any] | None:
        return None if r is None else {"latex": r.latex, "text": r.text, "cells": [list(c) for c in r.cells]}

    return {"id": p.id, "status": p.status.value, "score": p.score, "max": p.max, "answer": p.answer,
            "interpreted_as": shown(p.interpreted_as), "feedback": p.feedback, "expected": shown(p.expected),
            "wrong_entries": [list(w) for w in p.wrong_entries], "diagnoses": list(p.diagnoses),
            "message": p.message.to_list() if p.message is not None else None}


def part_from(d: dict[str, Any], score: float | None = None) -> PartResult:
    """The PartResult back from its stored JSON; `score` replaces the points (after penalties)."""

    def shown(r: dict[str, Any] | None) -> Rendering | None:
        return None if r is None else Rendering(r["latex"], r["text"], tuple(tuple(c) for c in r["cells"]))

    return PartResult(d["id"], Status(d["status"]), d["score"] if score is None else score, d["max"], d["answer"],
                      shown(d["interpreted_as"]), d["feedback"], shown(d["expected"]),
                      tuple(tuple(w) for w in d["wrong_entries"]), tuple(d["diagnoses"]),  # type: ignore[arg-type]
                      message=Message.from_list(d["message"]) if d.get("message") else None)


def load_specs(folder: Path) -> dict[str, tuple[Path, Assignment]]:
    """Every spec (*.yaml, *.yml) in `folder` by assignment id; a broken spec stops the server with its error."""
    if not folder.is_dir():
        raise UsageError(f"no such folder: {folder}")
    out: dict[str, tuple[Path, Assignment]] = {}
    for path in sorted([*folder.glob("*.yaml"), *folder.glob("*.yml")]):
        if path.name in NOT_SPECS:
            continue
        assignment = load_spec(path)
        if assignment.id in out:
            raise UsageError(f"{path}: assignment id {assignment.id!r} is also used by {out[assignment.id][0]}")
        out[assignment.id] = (path, assignment)
    if not out:
        raise UsageError(f"no problem specs (*.yaml) in {folder}")
    return out


def _grader(assignment: Assignment) -> Grader:
    # Expected answers are always computed; whether a student sees one is decided when a page is shown (`shown`),
    # since a server runs across the due date.
    return Grader(assignment, today="9999-12-31")


class Course:
    """Assignments, their graders and worker pool, the store, and (with LTI) the tool that posts scores."""

    def __init__(self, folder: Path, storage: Storage, policy: Policy = Policy(), jobs: int = 2,
                 limits: Any = None, tool: Any = None) -> None:
        from mathgrade.grade.pool import Limits

        self.folder = folder
        self.storage = storage
        self.policy = policy
        self.tool = tool
        self.limits = limits or Limits()
        self.jobs = jobs
        self.specs = load_specs(folder)
        self.graders = {aid: _grader(a) for aid, (_, a) in self.specs.items()}
        self.pool = CheckPool(self.graders, jobs, self.limits)
        self.passbacks = 0
        """Score passbacks finished (posted, unchanged or failed): tests wait on it."""

    def assignment(self, assignment_id: str) -> Assignment | None:
        """The assignment with this id, or None."""
        spec = self.specs.get(assignment_id)
        return spec[1] if spec else None

    @staticmethod
    def student_id(user_key: str) -> str:
        """The student id a user is graded and drawn a variant under (the LMS user id, made safe): the id in
        /api/results, the one `mathgrade handout` needs in its roster to print this student's sheet."""
        return safe_id(user_key.rsplit("#", 1)[-1])

    def variant(self, assignment: Assignment, user_key: str) -> Values:
        """The values drawn for this student, or () when the spec has no `variants:`. The grader's VariantBook
        draws them, the same one the workers grade with, so the page and the key always agree."""
        grader = self.graders.get(assignment.id)
        if grader is None or grader.variants is None:
            return ()
        return grader.variants.variant_for(self.student_id(user_key))

    def for_student(self, assignment: Assignment, user_key: str) -> Assignment:
        """The assignment as this student sees it: with `variants:`, every prompt's `{Name}` filled with their
        own values (as the handouts do). Their answers are graded against their own key in the workers, which
        draw by the same student id (`_sheet`)."""
        values = self.variant(assignment, user_key)
        return with_numbers(assignment, values) if values else assignment

    def is_late(self, assignment: Assignment) -> bool:
        """Past the due date (the whole due day counts, in UTC)."""
        return assignment.due is not None and self.policy.today() > assignment.due

    def shown(self, assignment: Assignment, part: PartResult) -> PartResult:
        """A stored verdict as the student may see it now: the expected answer only where the spec reveals it
        today. `reveal: after_due` waits until the due day is over here (the batch reveals on the due day, when
        nobody can answer any more; a server still takes answers that day)."""
        reveal = assignment.reveal == "always" or (assignment.reveal == "after_due" and self.is_late(assignment))
        # The stored verdict holds the expected answer of the key it was graded against (the student's own
        # variant's; the workers' graders always compute it): shown or withheld, never replaced by another key's.
        expected = part.expected if reveal and part.status is not Status.CORRECT else None
        return part if part.expected == expected else replace(part, expected=expected)

    async def submit(self, session: Session, assignment: Assignment, answers: dict[str, str],
                     name: str = "") -> list[Attempt]:
        """Grade and record answers to some parts (committed before this returns). Raises Closed or
        storage.AttemptLimit (nothing recorded)."""
        late = self.is_late(assignment)
        if late and not assignment.late_penalty:
            raise Closed(assignment.due)
        known = {p.id for p in assignment.parts}
        answers = {k: v for k, v in answers.items() if k in known}
        sheet = {a.part: a.answer for a in await self.storage.call(self.storage.attempts, assignment.id,
                                                                    session.user_key)}
        sheet.update(answers)
        result = await self.pool.grade(assignment.id, self._sheet(session.user_key, name, sheet))
        by_part = {p.id: p for p in result.parts}
        rows = [(pid, text, by_part[pid].status.value, by_part[pid].max,
                 by_part[pid].score / by_part[pid].max if by_part[pid].max else 0.0, part_json(by_part[pid]))
                for pid, text in answers.items()]
        made: list[Attempt] = await self.storage.call(self.storage.add_attempts, assignment.id, session.user_key,
                                                      rows, self.policy.attempts, self.policy.penalty,
                                                      1.0 - assignment.late_penalty if late else 1.0)
        return made

    @classmethod
    def _sheet(cls, user_key: str, name: str, answers: dict[str, str]) -> Submission:
        sid = cls.student_id(user_key)
        return Submission(file=f"serve:{sid}", student_id=sid, name=name or sid, email="",
                          answers=tuple(sorted(answers.items())))

    def student_result(self, assignment: Assignment, user_key: str, attempts: list[Attempt],
                       name: str = "", email: str = "") -> StudentResult:
        """What the student has earned so far: per part the attempt that counts (missing parts: no answer)."""
        best = best_points(a for a in attempts if a.user_key == user_key)  # type: ignore[arg-type]
        parts = []
        for p in assignment.parts:
            a = best.get((user_key, p.id))
            if a is None:
                parts.append(PartResult(p.id, Status.MISSING, 0.0, p.points, None, None, "No answer yet."))
            else:
                parts.append(self.shown(assignment, part_from(a.result, a.points)))
        total = round(sum(x.score for x in parts), 4)
        sid = self.student_id(user_key)
        return StudentResult(sid, name or sid, email, f"serve:{sid}", SubmissionStatus.GRADED, total,
                             round(assignment.max_points, 4), tuple(parts),
                             variant=self.variant(assignment, user_key))

    def class_result(self, assignment: Assignment) -> tuple[ClassResult, dict[str, str]]:
        """Every student who made an attempt, as the batch's ClassResult; and student id → user key. Instructors'
        own tries (an instructor session, the admin) are left out."""
        staff = self.storage.instructors()
        attempts = [a for a in self.storage.attempts(assignment.id) if a.user_key not in staff]
        names = self.storage.names()
        users = sorted({a.user_key for a in attempts})
        students = []
        keys = {}
        for u in users:
            name, email = names.get(u, ("", ""))
            r = self.student_result(assignment, u, attempts, name, email)
            students.append(r)
            keys[r.id] = u
        return ClassResult(assignment.id, assignment.title, round(assignment.max_points, 4), tuple(students)), keys

    def total(self, assignment: Assignment, user_key: str) -> float:
        """The student's current score."""
        return self.student_result(assignment, user_key, self.storage.attempts(assignment.id, user_key)).score

    def post_score(self, session: Session, assignment: Assignment) -> bool:
        """Send the student's score to their LMS line item if it changed since the last post. True if posted."""
        if self.tool is None or session.lineitem is None or session.issuer is None or session.instructor:
            return False
        try:
            return self._post(assignment, session.user_key, session.issuer, session.client_id, session.lineitem)
        finally:
            self.passbacks += 1

    def _post(self, assignment: Assignment, user_key: str, issuer: str, client_id: str | None,
              lineitem: str) -> bool:
        score = self.total(assignment, user_key)
        if self.storage.last_posted(assignment.id, user_key, lineitem) == score:
            return False
        attempts = self.storage.attempts(assignment.id, user_key)
        complete = {a.part for a in attempts} >= {p.id for p in assignment.parts}
        try:
            self.tool.post_score(issuer, client_id, lineitem, user_key.rsplit("#", 1)[-1], score,
                                 round(assignment.max_points, 4), complete)
        except Exception as exc:  # noqa: BLE001 - the LMS being down must not lose the attempt; retried next time
            log.warning("score passback for %s on %s failed: %s", user_key, assignment.id, exc)
            return False
        self.storage.mark_posted(assignment.id, user_key, lineitem, score)
        return True

    async def regrade(self, assignment_id: str, apply: bool) -> list[Change]:
        """Grade every attempt again with the spec as it is on disk now. Dry run (`apply` false): only the list
        of students whose score would change. Applied: verdicts replaced, workers reloaded, changed scores
        posted. Each submission is graded with the answers the student had then, so follow-through holds."""
        specs = load_specs(self.folder)
        if assignment_id not in specs:
            raise UsageError(f"assignment {assignment_id!r} is no longer in {self.folder}")
        new = specs[assignment_id][1]
        graders = {**self.graders, assignment_id: _grader(new)}
        pool = CheckPool(graders, self.jobs, self.limits)
        attempts = await asyncio.to_thread(self.storage.attempts, assignment_id)
        names = await asyncio.to_thread(self.storage.names)
        try:
            updates, regraded = [], []
            sheets: dict[str, dict[str, str]] = {}
            events: dict[tuple[str, float], list[Attempt]] = {}
            for a in attempts:
                events.setdefault((a.user_key, a.created), []).append(a)
            parts = {p.id: p for p in new.parts}
            for (user, _), batch in events.items():
                sheet = sheets.setdefault(user, {})
                sheet.update({a.part: a.answer for a in batch})
                result = await pool.grade(assignment_id, self._sheet(user, names.get(user, ("", ""))[0], sheet))
                by_part = {p.id: p for p in result.parts}
                for a in batch:
                    if a.part not in parts:
                        continue
                    pr = by_part[a.part]
                    share = pr.score / pr.max if pr.max else 0.0
                    earned = round(pr.max * share * a.factor, 4)
                    updates.append((a.id, pr.status.value, share, earned, part_json(pr)))
                    regraded.append(replace(a, status=pr.status.value, raw=share, points=earned,
                                            result_json=json.dumps(part_json(pr), sort_keys=True)))
        finally:
            if not apply:
                pool.close()
        changes = []
        for user in sorted({a.user_key for a in attempts}):
            before = self.student_result(self.assignment(assignment_id) or new, user, attempts)
            after = self.student_result(new, user, regraded)
            was = {p.id: p.score for p in before.parts}
            moved = tuple((p.id, was.get(p.id, 0.0), p.score) for p in after.parts if was.get(p.id, 0.0) != p.score)
            if before.score != after.score or moved:
                changes.append(Change(user, names.get(user, (user, ""))[0], before.score, after.score, moved))
        if apply:
            await asyncio.to_thread(self.storage.rescore, updates)
            old = self.pool
            self.specs = specs
            self.graders = graders
            self.pool = pool
            await old.drain()  # new requests already go to the new pool; running ones finish on the old
            if self.tool is not None:
                for user, lineitem, issuer, client_id in await asyncio.to_thread(self.storage.lineitems_for,
                                                                                 assignment_id):
                    await asyncio.to_thread(self._post, new, user, issuer, client_id, lineitem)
        return changes


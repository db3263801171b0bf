"""Gradescope autograder mode: grade the one submission in Gradescope's container and write its results.json.

Gradescope runs `run_autograder` with the student's files in /autograder/submission/, metadata in
/autograder/submission_metadata.json, and reads /autograder/results/results.json: a total `score`, and `tests`
with `name`, `number`, `score`, `max_score`, `status` (passed/failed), `output` and `visibility`. Every path is a
parameter, so the mode is tested on a fake tree.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

from dataclasses import replace

from mathgrade.grade import Grader, error_result
from mathgrade.grade.pool import Limits, Supervisor
from mathgrade.grade.results import StudentResult
from mathgrade.grade.sheets import MAX_SHEET_BYTES, SUBMISSION_SUFFIXES, read_capped
from mathgrade.report.files import write_atomic
from mathgrade.spec import load_spec


def _tests(result: StudentResult) -> list[dict[str, Any]]:
    tests = []
    for p in result.parts:
        lines = [p.feedback]
        if p.answer is not None:
            lines.insert(0, f"Your answer: {p.answer}")
        if p.interpreted_as is not None:
            lines.insert(1, f"Read as: {p.interpreted_as.text}")
        tests.append({"name": f"Part {p.id}", "number": p.id, "score": p.score, "max_score": p.max,
                      "status": "passed" if p.score >= p.max else "failed", "output": "\n".join(lines),
                      "visibility": "visible"})
    return tests


def _late(metadata: dict[str, Any]) -> bool:
    """Submitted after the due date, comparing instants: Gradescope writes both with UTC offsets, which differ
    across a daylight-saving change, so their text does not sort."""
    try:
        created = datetime.fromisoformat(str(metadata["created_at"]))
        due = datetime.fromisoformat(str((metadata.get("assignment") or {})["due_date"]))
        return created > due
    except (KeyError, TypeError, ValueError):
        return False


def _grade(grader: Grader, path: Path, limits: Limits) -> StudentResult:
    """The submission graded by a supervised worker under `limits`, as in a batch: a part that overruns is
    "too expensive to evaluate" and the rest is graded, so results.json is always written."""
    for _index, outcome in Supervisor(grader, 1, limits).run([path]):
        if isinstance(outcome, StudentResult):
            return outcome
        return error_result(grader, path, outcome)
    return error_result(grader, path, "could not be read")


def _with_late_penalty(result: StudentResult, penalty: float) -> StudentResult:
    """The spec's `late:` penalty, as `mathgrade grade` applies it to LMS-marked late submissions."""
    if penalty <= 0 or result.score <= 0:
        return result
    taken = round(result.score * penalty, 4)
    return replace(result, score=round(result.score - taken, 4), late_penalty=taken)


def run(spec_path: str, submission_dir: Path, metadata_path: Path, results_path: Path,
        limits: Limits = Limits()) -> dict[str, Any]:
    """Grade the submission folder and write Gradescope's results.json; returns what was written.

    The file is read and graded in a supervised worker under `limits`, as `grade` does: a hostile answer costs
    its part (`invalid`, too expensive), never the whole autograder run.
    """
    grader = Grader(load_spec(spec_path))
    # Not hidden files or folders (a Mac zip's __MACOSX/._answers.yaml sorts first), never links (a link out of
    # the submission would quote another file's text into what the student sees).
    files = sorted(f for f in submission_dir.rglob("*") if f.suffix.lower() in SUBMISSION_SUFFIXES
                   and not f.is_symlink() and f.is_file()
                   and not any(part.startswith((".", "__MACOSX")) for part in f.relative_to(submission_dir).parts))
    metadata: dict[str, Any] = {}
    try:
        metadata = json.loads(read_capped(metadata_path, MAX_SHEET_BYTES).decode("utf-8"))
    except (OSError, ValueError):
        metadata = {}
    if not files:
        body: dict[str, Any] = {
            "score": 0.0, "output": "No answer file was found. Upload a .yaml, .json, .md, .tex or .txt file.",
            "tests": [], "visibility": "visible"}
    else:
        result = _grade(grader, files[0], limits)
        late = ""
        if _late(metadata):
            result = _with_late_penalty(result, grader.assignment.late_penalty)
            late = " (submitted late" + (f": {result.late_penalty:g} points taken" if result.late_penalty else "") + ")"
        summary = f"{result.score:g} / {result.max:g} on {grader.assignment.title}{late}."
        if result.error:
            summary += f" {result.error}"
        if len(files) > 1:
            summary += f" Graded {files[0].name}; other files were ignored."
        body = {"score": result.score, "output": summary, "tests": _tests(result), "visibility": "visible"}
    # Gradescope renders the top-level output as HTML by default (simple_format); ours quotes file names.
    body["output_format"] = "text"
    write_atomic(results_path, json.dumps(body, ensure_ascii=False, indent=2) + "\n")
    return body

"""Subcommands that work from a spec: `validate` (schema + self-tests) and `grade` (a batch of submissions)."""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

from mathgrade.check.verdict import Status
from mathgrade.errors import UsageError
from mathgrade.grade import Grader, collect, default_jobs, grade_paths, with_groups
from mathgrade.grade.archives import expand
from mathgrade.grade.gradebook import open_gradebook
from mathgrade.lms.downloads import apply_late, download_identity
from mathgrade.lms.exports import FORMATS, export_with_warnings
from mathgrade.lms.roster import apply_roster, read_roster
from mathgrade.grade.overrides import load_overrides
from mathgrade.grade.boundary import LimitedRunner, Overrun
from mathgrade.grade.pool import Limits
from mathgrade.grade.sheets import for_other_assignment, sibling_assignments
from mathgrade.grade.answer import grade_answer
from mathgrade.grade.results import SubmissionStatus
from mathgrade.report.files import write_atomic, write_atomic_chunks
from mathgrade.report.html import start_reports
from mathgrade.report.summary import class_summary_html
from mathgrade.report.tables import grades_csv, results_json_chunks
from mathgrade.spec import load_spec
from mathgrade.terminal import printable


_GRADER: Grader | None = None
"""The grader of the command that is running, for the functions its limited child runs (the child is forked
after this is set, so it inherits the compiled spec instead of receiving it pickled with every call)."""


def _grader() -> Grader:
    assert _GRADER is not None
    return _GRADER


def _self_test(part_id: str, sample: str) -> tuple[str, str]:
    grader = _grader()
    part = next(p for p in grader.assignment.parts if p.id == part_id)
    verdict = grade_answer(part, grader.references[part.id], sample)
    return verdict.status.value, verdict.feedback


def _limits(args: argparse.Namespace) -> Limits:
    try:
        return Limits(answer_seconds=args.time_limit, memory_mb=args.memory_limit)
    except ValueError as exc:
        raise UsageError(str(exc)) from None


def cmd_validate(args: argparse.Namespace) -> int:
    """Check the spec (schema, values, solvers) and run every part's accept/reject self-tests, each under the
    same limits as a student's answer (a sample is graded exactly as an answer would be)."""
    global _GRADER
    assignment = load_spec(args.spec)
    if assignment.variants is not None:
        from mathgrade.grade.variant_checks import print_report, validate_variants  # noqa: PLC0415

        if args.variants < 1:
            raise UsageError(f"--variants must be at least 1, got {args.variants}")
        return print_report(assignment, validate_variants(assignment, _limits(args), args.variants))
    _GRADER = Grader(assignment)
    failures = 0
    tests = 0
    with LimitedRunner(_limits(args)) as runner:
        for part in assignment.parts:
            for want, samples in (("accept", part.accept), ("reject", part.reject)):
                for n, sample in enumerate(samples):
                    tests += 1
                    try:
                        status, feedback = runner.call(_self_test, part.id, sample)
                    except Overrun as exc:
                        status, feedback = Status.INVALID.value, exc.reason
                    ok = (status == Status.CORRECT.value) == (want == "accept")
                    if not ok:
                        failures += 1
                        print(f"{assignment.file}: parts.{part.id}.{want}[{n}]: {sample!r} was graded "
                              f"{status} ({feedback})", file=sys.stderr)
    without = [p.id for p in assignment.parts if p.kind.value != "text" and not (p.accept and p.reject)]
    print(f"{assignment.file}: {len(assignment.parts)} parts, {assignment.max_points:g} points; "
          f"{tests} self-tests, {failures} failed")
    if without:
        print(f"note: parts without both accept and reject self-tests: {', '.join(without)}")
    return 1 if failures else 0


def cmd_handout(args: argparse.Namespace) -> int:
    """Write one HTML sheet per roster student (sheets/) and the instructor's key (key.html)."""
    from mathgrade.report.handouts import write_handouts  # noqa: PLC0415 - only this command needs it

    count = write_handouts(load_spec(args.spec), read_roster(Path(args.roster)), Path(args.out))
    print(f"Wrote {count} sheets to {args.out}/sheets/ and the key to {args.out}/key.html")
    return 0


class _Progress:
    """A one-line progress bar with rate and ETA on a terminal; silent in pipes and CI."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.start = time.monotonic()

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled:
            return
        elapsed = max(time.monotonic() - self.start, 1e-9)
        rate = done / elapsed
        eta = (total - done) / rate if rate else 0.0
        width = 30
        filled = int(width * done / max(total, 1))
        sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} "
                         f"{rate:.1f}/s ETA {eta:.0f}s ")
        if done == total:
            sys.stderr.write("\n")
        sys.stderr.flush()


def cmd_grade(args: argparse.Namespace) -> int:
    """Grade every submission under PATH...; write reports, results.json and grades.csv atomically."""
    assignment = load_spec(args.spec)
    out = Path(args.out)
    origins: dict[str, tuple[Path, str]] = {}
    files, refused = expand(collect(args.paths), out / ".unpacked", origins)
    if not files and not refused:
        raise UsageError("no submissions (.yaml, .yml, .json, .md, .tex, .txt, .zip) found in "
                         + ", ".join(args.paths))
    elsewhere: dict[str, int] = {}
    siblings = sibling_assignments(args.spec)
    for f in files:
        if (other := for_other_assignment(f, assignment.id, siblings)) is not None:
            elsewhere[other] = elsewhere.get(other, 0) + 1
    jobs = args.jobs if args.jobs is not None else default_jobs()
    if jobs < 1:
        raise UsageError(f"--jobs must be at least 1, got {jobs}")
    show = sys.stderr.isatty() and not args.quiet
    limits = _limits(args)
    overrides_file = Path(args.overrides) if args.overrides else Path(args.spec).with_name("overrides.yaml")
    if args.overrides and not overrides_file.is_file():
        raise UsageError(f"no such overrides file: {args.overrides}")
    overrides = load_overrides(overrides_file, assignment) if overrides_file.is_file() else ()
    with open_gradebook(out / "gradebook.sqlite") as book:
        result = grade_paths(args.spec, files, jobs=jobs, progress=_Progress(show), limits=limits,
                             gradebook=book, fresh=args.fresh, overrides=overrides, scheduler=args.scheduler,
                             refused=tuple((r.name, r.reason) for r in refused), groups=False)
    # Who a file belongs to is read from the LMS's prefix only (see lms/downloads.py), never from a member name
    # a student chose inside their own zip.
    downloads = {str(f): d for f in files if (d := download_identity(f, origins.get(str(f)))) is not None}
    if args.roster:
        people = read_roster(Path(args.roster))
        lms_ids = {name: d.user_id for name, d in downloads.items()}
        result, warnings = apply_roster(result, people, lms_ids)
        for warning in warnings:
            print(f"warning: {printable(warning)}", file=sys.stderr)
    late = {name for name, d in downloads.items() if d.late}
    result = apply_late(result, late, assignment.late_penalty)
    # Student pages are written by forked processes while this one groups answers and writes the class files.
    writers = start_reports(assignment, result, out, jobs)
    result = with_groups(result, assignment)
    summary = class_summary_html(assignment, result)
    write_atomic_chunks(out / "results.json", results_json_chunks(result))
    write_atomic(out / "grades.csv", grades_csv(result, [p.id for p in assignment.parts]))
    writers.join()
    # Last, after every student page: a page named like the summary could never replace it afterwards.
    write_atomic(out / "index.html", summary)
    errors = [s for s in result.students if s.status is SubmissionStatus.ERROR]
    graded = [s for s in result.students if s.status is SubmissionStatus.GRADED]
    mean = sum(s.score for s in graded) / len(graded) if graded else 0.0
    if not args.quiet:
        print(f"Graded {len(result.students)} submissions for {assignment.id} "
              f"({len(errors)} unreadable) -> {out}/")
        print(f"Mean score {mean:.1f} / {assignment.max_points:g}")
        if elsewhere:
            print("Not graded (written for other assignments): "
                  + ", ".join(f"{n} for {other}" for other, n in sorted(elsewhere.items())))
        for s in errors:
            print(f"  error: {printable(s.file)}: {printable(s.error)}")
        for s in result.students:
            if s.unknown_parts:
                print(f"  note: {printable(s.file)}: unknown part ids {printable(', '.join(s.unknown_parts))}")
            if s.original_id:
                print(f"  note: {printable(s.file)}: id {printable(s.original_id)} was taken by another "
                      f"submission; graded as {printable(s.id)}")
        if result.adjustments:
            print(f"Overrides applied to {len(result.adjustments)} answers "
                  f"({len({a.student for a in result.adjustments})} students)")
    return 0


def _show_read(path: str) -> Any:
    return _grader().read(Path(path))


def _show_reading(part_id: str, answer: str) -> str:
    from mathgrade.check.render import render  # noqa: PLC0415 - only `show` needs it
    from mathgrade.parse import parse_answer  # noqa: PLC0415

    part = next(p for p in _grader().assignment.parts if p.id == part_id)
    parsed = parse_answer(answer, part.options.parse_options())
    return render(parsed.value).text if parsed.ok else "unreadable: " + str(parsed.error)


def cmd_show(args: argparse.Namespace) -> int:
    """Print what was extracted from one submission for each part and how it reads, without grading.

    Reading the file and reading each answer run in a limited child, as in `grade`: a hostile document or
    answer prints "too expensive" for its part instead of hanging the command."""
    global _GRADER
    _GRADER = Grader(load_spec(args.spec))
    path = Path(args.file)
    if not path.is_file():
        raise UsageError(f"no such file: {args.file}")
    limits = _limits(args)
    with LimitedRunner(limits) as runner:
        try:
            sub = runner.call(_show_read, str(path), seconds=limits.read_seconds)
        except Overrun as exc:
            print(f"{printable(path)}: cannot read: {exc.reason}")
            return 1
        email = f" {printable(sub.email)}" if sub.email else ""
        print(f"{printable(path)}: student {printable(repr(sub.name))} (id {printable(sub.student_id)}){email}")
        if sub.error:
            print(f"  cannot read: {printable(sub.error)}")
            return 1
        answers, sources, notes = dict(sub.answers), dict(sub.sources), dict(sub.notes)
        for part in _GRADER.assignment.parts:
            answer = answers.get(part.id)
            if answer is None:
                print(f"[{part.id}] missing: {printable(notes.get(part.id, 'no answer given'))}")
                continue
            where = sources.get(part.id)
            lines = f" (lines {where.start}-{where.end})" if where else ""
            print(f"[{part.id}] {part.kind.value}{lines}: {printable(' '.join(answer.split())[:160])}")
            if part.kind.value in ("number", "expression", "vector", "matrix", "indexed"):
                try:
                    reading = runner.call(_show_reading, part.id, answer)
                except Overrun as exc:
                    reading = exc.reason
                print(f"      read as: {printable(reading)}")
            if where is not None and where.review:
                print(f"      review: {printable(where.review)}")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    """Write results.json in an LMS's import format."""
    source = Path(args.results)
    if source.is_dir():
        source = source / "results.json"
    try:
        results = json.loads(source.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise UsageError(f"cannot read {source}: {exc}") from None
    people = read_roster(Path(args.roster)) if args.roster else ()
    title = args.title or (results.get("assignment", "assignment") if isinstance(results, dict) else "assignment")
    try:
        text, warnings = export_with_warnings(results, args.to, title, people, args.moodle_key)
    except ValueError as exc:
        raise UsageError(f"{source}: {exc}") from None
    for warning in warnings:
        print(f"warning: {printable(warning)}", file=sys.stderr)
    if args.out:
        write_atomic(Path(args.out), text)
    else:
        sys.stdout.write(text)
    return 0


def cmd_gradescope(args: argparse.Namespace) -> int:
    """Gradescope autograder mode: grade /autograder/submission and write /autograder/results/results.json."""
    from mathgrade.lms import gradescope  # noqa: PLC0415 - only this command needs it

    body = gradescope.run(args.spec, Path(args.submission), Path(args.metadata), Path(args.results),
                          limits=_limits(args))
    print(f"score {body['score']:g}: {printable(body['output'])}")
    return 0


def cmd_history(args: argparse.Namespace) -> int:
    """Print a student's results run by run, with the parts that changed."""
    path = Path(args.out) / "gradebook.sqlite"
    if not path.exists():
        raise UsageError(f"no gradebook at {path}: run `mathgrade grade ... --out {args.out}` first")
    with open_gradebook(path) as book:
        rows = book.history(args.student)
    if not rows:
        print(f"no results for {printable(repr(args.student))} in {path}")
        return 1
    previous: dict[str, tuple[str, float]] = {}
    for row in rows:
        reused = " (unchanged, reused)" if row.reused else ""
        print(f"run {row.run} at {row.started}: {row.score:g} / {row.max:g}  {printable(row.file)}{reused}")
        for part, status, score in row.parts:
            if previous.get(part) not in (None, (status, score)):
                old_status, old_score = previous[part]
                print(f"    {printable(part)}: {old_status} {old_score:g} -> {status} {score:g}")
            previous[part] = (status, score)
    return 0


def _limit_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--time-limit", type=float, default=2.0, metavar="SECONDS",
                        help="wall time allowed for one answer (default 2)")
    parser.add_argument("--memory-limit", type=int, default=1024, metavar="MB",
                        help="memory one answer may add (default 1024)")


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add `validate` and `grade` to the `mathgrade` parser."""
    v = sub.add_parser("validate", help="check a spec and run its accept/reject self-tests")
    v.add_argument("spec", help="problem spec (YAML)")
    v.add_argument("--variants", type=int, default=200, metavar="N",
                   help="with `variants:` in the spec: how many variants to draw and test (default 200)")
    _limit_options(v)
    v.set_defaults(func=cmd_validate)

    ho = sub.add_parser("handout", help="a printable problem sheet per student with their own numbers, and a key")
    ho.add_argument("spec", help="problem spec (YAML) with `variants:`")
    ho.add_argument("--roster", required=True, metavar="CSV", help="roster with id and name columns")
    ho.add_argument("--out", default="handouts", help="output folder (default: handouts/)")
    ho.set_defaults(func=cmd_handout)

    s = sub.add_parser("show", help="show what is extracted from one submission, part by part, without grading")
    s.add_argument("spec", help="problem spec (YAML)")
    s.add_argument("file", help="a submission: answer sheet or document (.md, .tex, .txt)")
    _limit_options(s)
    s.set_defaults(func=cmd_show)

    g = sub.add_parser("grade", help="grade answer sheets and documents against a spec")
    g.add_argument("spec", help="problem spec (YAML)")
    g.add_argument("paths", nargs="+", metavar="PATH", help="answer sheets or folders of them")
    g.add_argument("--out", default="reports", help="output folder (default: reports/)")
    g.add_argument("--jobs", type=int, default=None, help="worker processes (default: all cores)")
    g.add_argument("--quiet", action="store_true", help="no progress bar and no summary")
    _limit_options(g)
    g.add_argument("--scheduler", metavar="ADDRESS",
                   help="grade on a Dask cluster, e.g. tcp://10.0.0.5:8786 (needs mathgrade[distributed])")
    g.add_argument("--overrides", metavar="FILE",
                   help="instructor overrides (default: overrides.yaml beside the spec, if present)")
    g.add_argument("--roster", metavar="CSV", help="roster (id, name, email, sis_id, section, ...) to name students")
    g.add_argument("--fresh", action="store_true",
                   help="regrade everything instead of reusing results of unchanged submissions")
    g.set_defaults(func=cmd_grade)

    e = sub.add_parser("export", help="results.json in an LMS import format (csv, canvas, moodle, json)")
    e.add_argument("results", nargs="?", default="reports", help="results.json or the folder holding it")
    e.add_argument("--to", required=True, choices=FORMATS, help="the format")
    e.add_argument("--roster", metavar="CSV", help="roster with SIS ids, emails, sections")
    e.add_argument("--title", help="assignment column title (default: the assignment id)")
    e.add_argument("--moodle-key", choices=("email", "idnumber"), default="email", help="Moodle's key column")
    e.add_argument("--out", metavar="FILE", help="write here instead of standard output")
    e.set_defaults(func=cmd_export)

    gs = sub.add_parser("gradescope", help="Gradescope autograder mode (inside Gradescope's container)")
    gs.add_argument("spec", help="problem spec (YAML)")
    gs.add_argument("--submission", default="/autograder/submission", help="the student's files")
    gs.add_argument("--metadata", default="/autograder/submission_metadata.json", help="Gradescope's metadata")
    gs.add_argument("--results", default="/autograder/results/results.json", help="where Gradescope reads results")
    _limit_options(gs)
    gs.set_defaults(func=cmd_gradescope)

    h = sub.add_parser("history", help="every graded run of one student, from the gradebook")
    h.add_argument("student", help="student id or name")
    h.add_argument("--out", default="reports", help="the folder that holds gradebook.sqlite (default: reports/)")
    h.set_defaults(func=cmd_history)

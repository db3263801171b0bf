"""The `mathgrade` command: `check` one answer or a JSON Lines stream, `validate` a spec, `grade` a class."""

from __future__ import annotations

import argparse
import json
import sys
from enum import IntEnum
from typing import Any, TextIO

from mathgrade.check import CheckOptions, Kind, Status, Verdict, check
from mathgrade.errors import MathgradeError, SpecError, UsageError
from mathgrade.grade.boundary import LimitedRunner, Overrun
from mathgrade.grade.pool import Limits
from mathgrade.parse import ParseFailure
from mathgrade.terminal import printable

MAX_BATCH_LINE = 1_000_000


class Exit(IntEnum):
    """Exit codes. `check` uses OK / WRONG; `grade` and `validate` use OK / FAILED; all use USAGE."""

    OK = 0
    WRONG = 1
    FAILED = 1
    USAGE = 2
    INTERRUPTED = 130


def _options(kind: str | None, rtol: Any, atol: Any, exact: Any, imaginary: Any = None) -> CheckOptions:
    try:
        fields: dict[str, Any] = {}
        if imaginary is not None:
            fields["imaginary"] = imaginary
        if kind is not None:
            try:
                fields["kind"] = Kind(kind)
            except ValueError:
                raise UsageError(f"unknown kind {kind!r} (one of: {', '.join(k.value for k in Kind)})") from None
        if rtol is not None:
            fields["rtol"] = rtol
        if atol is not None:
            fields["atol"] = atol
        if exact is not None:
            if not isinstance(exact, bool):
                raise UsageError(f"exact must be true or false, got {exact!r}")
            fields["exact"] = exact
        return CheckOptions(**fields)
    except ValueError as exc:
        raise UsageError(str(exc)) from None


def _check_in_child(answer: str, expected: str, options: CheckOptions) -> Verdict | str:
    """`check`, run in the limited child: a reference that cannot be read comes back as its message."""
    try:
        return check(answer, expected, options)
    except ParseFailure as exc:
        return str(exc)


def _verdict_for(answer: Any, expected: Any, options: CheckOptions, runner: LimitedRunner | None) -> Any:
    """The verdict, computed in `runner`'s child under the per-answer limits: an answer that overruns them is
    `invalid`, "too expensive to evaluate", and the next one starts on time in a fresh child. Without a runner
    the caller is itself a limited worker, and the check runs here."""
    if not isinstance(answer, str) or not isinstance(expected, str):
        raise UsageError("answer and expected must be strings")
    try:
        outcome = (runner.call(_check_in_child, answer, expected, options) if runner is not None
                   else _check_in_child(answer, expected, options))
    except Overrun as exc:
        return Verdict(Status.INVALID, 0.0, f"This answer is {exc.reason}.")
    if isinstance(outcome, str):
        raise UsageError(f"cannot read the expected answer: {outcome}")
    return outcome


def _limits(args: argparse.Namespace) -> Limits:
    try:
        return Limits(answer_seconds=args.time_limit, memory_mb=args.memory_limit)
    except ValueError as exc:
        raise UsageError(str(exc)) from None


def _check_one(args: argparse.Namespace, out: TextIO) -> Exit:
    if args.expected is None or args.answer is None:
        raise UsageError("check needs --expected EXPECTED and an ANSWER (or --batch FILE)")
    options = _options(args.kind, args.rtol, args.atol, args.exact, args.imaginary)
    with LimitedRunner(_limits(args)) as runner:
        verdict = _verdict_for(args.answer, args.expected, options, runner)
    if args.json:
        out.write(json.dumps(verdict.to_dict(), ensure_ascii=False, sort_keys=True) + "\n")
    else:
        out.write(f"{verdict.status.value} (score {verdict.score:g})\n")
        if verdict.interpreted_as is not None:
            out.write(f"interpreted as: {printable(verdict.interpreted_as.text)}\n")
        out.write(f"feedback: {printable(verdict.feedback)}\n")
    return Exit.OK if verdict.status is Status.CORRECT else Exit.WRONG


def _batch_line(line: str, number: int, runner: LimitedRunner | None) -> dict[str, Any]:
    record_id: Any = number
    try:
        if len(line) > MAX_BATCH_LINE:
            raise UsageError(f"line longer than {MAX_BATCH_LINE} characters")
        record = json.loads(line)
        if not isinstance(record, dict):
            raise UsageError("each line must be a JSON object")
        record_id = record.get("id", number)
        for key in ("answer", "expected"):
            if key not in record:
                raise UsageError(f"missing field {key!r}")
        options = _options(record.get("kind"), record.get("rtol"), record.get("atol"), record.get("exact"),
                           record.get("imaginary"))
        verdict = _verdict_for(record["answer"], record["expected"], options, runner)
        body = verdict.to_dict()
        return {"id": record_id, "status": body["status"], "score": body["score"],
                "interpreted_as": body["interpreted_as"], "feedback": body["feedback"],
                **({"column": body["column"]} if "column" in body else {})}
    except (UsageError, json.JSONDecodeError, TypeError) as exc:
        return {"id": record_id, "status": Status.ERROR.value, "score": 0.0, "interpreted_as": None,
                "feedback": f"line {number}: {exc}"}


def batch_line(line: str, number: int) -> dict[str, Any]:
    """One line of `check --batch` (JSON text, 1-based line number) → its output object (`serve`'s /api/check).

    Checked in this process: the caller is already a limited worker (serve/workers.py), the same boundary."""
    return _batch_line(line, number, None)


def _check_batch(path: str, out: TextIO, limits: Limits) -> Exit:
    try:
        source: TextIO = sys.stdin if path == "-" else open(path, encoding="utf-8", errors="replace")
    except OSError as exc:
        raise UsageError(f"cannot read {path}: {exc.strerror}") from None
    with source, LimitedRunner(limits) as runner:
        for number, line in enumerate(source, start=1):
            if not line.strip():
                continue
            result = _batch_line(line, number, runner)
            out.write(json.dumps(result, ensure_ascii=False, sort_keys=True) + "\n")
            out.flush()
    return Exit.OK


def cmd_check(args: argparse.Namespace) -> Exit:
    """`mathgrade check`: one answer (exit 0 correct, 1 not) or a JSON Lines batch (exit 0 when all answered)."""
    if args.batch is not None:
        if args.answer is not None or args.expected is not None:
            raise UsageError("--batch takes its answers from the file: give no ANSWER or --expected")
        return _check_batch(args.batch, sys.stdout, _limits(args))
    return _check_one(args, sys.stdout)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (exposed for the docs and the tests)."""
    parser = argparse.ArgumentParser(prog="mathgrade", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("check", help="check one answer, or a JSON Lines stream with --batch")
    p.add_argument("answer", nargs="?", help="the student's answer (plain text or LaTeX)")
    p.add_argument("--expected", help="the reference answer")
    p.add_argument("--kind", help="number, expression, vector, matrix, choice, rotation (expected: a 2×2 matrix or "
                   "`angle, scale`), map (expected: a 2×2 or 3×3 matrix), derivation (expected: `start = target`) or text "
                   "(inferred when omitted)")
    p.add_argument("--imaginary", choices=("i", "j"), help="the name of the imaginary unit (default: none)")
    p.add_argument("--rtol", type=float, help="relative tolerance for decimals (default 1e-3)")
    p.add_argument("--atol", type=float, help="absolute tolerance where a decimal reference is 0 (default 1e-8)")
    p.add_argument("--exact", action="store_true", default=None, help="reject decimals: ask for an exact value")
    p.add_argument("--json", action="store_true", help="print the verdict as JSON")
    p.add_argument("--batch", metavar="FILE", help="JSON Lines input ('-' for stdin); one JSON line out per line")
    p.add_argument("--time-limit", type=float, default=2.0, metavar="SECONDS",
                   help="wall time allowed for one answer (default 2)")
    p.add_argument("--memory-limit", type=int, default=1024, metavar="MB",
                   help="memory one answer may add (default 1024)")
    p.set_defaults(func=cmd_check)

    from mathgrade import commands  # noqa: PLC0415 - grading commands import the heavier stack lazily

    commands.register(sub)
    from mathgrade import serve  # noqa: PLC0415 - `serve` imports its web stack only when it runs

    serve.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the console script."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on usage errors already; keep its code
        return int(exc.code or 0)
    try:
        return int(args.func(args))
    except SpecError as exc:
        print(f"mathgrade: spec error: {printable(exc)}", file=sys.stderr)
        return Exit.USAGE
    except MathgradeError as exc:
        print(f"mathgrade: {printable(exc)}", file=sys.stderr)
        return Exit.USAGE
    except KeyboardInterrupt:
        print("mathgrade: interrupted", file=sys.stderr)
        return Exit.INTERRUPTED
    except BrokenPipeError:  # `mathgrade show ... | head`: the reader left, which is not an error
        sys.stderr.close()
        return Exit.OK


if __name__ == "__main__":
    sys.exit(main())

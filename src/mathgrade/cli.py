"""The `mathgrade` command: `check` one answer or a JSON Lines stream, `validate` a spec, `grade` a class."""

from __future__ import annotations

import argparse
import json
import sys
from enum import IntEnum
from typing import Any, TextIO

from mathgrade.check import CheckOptions, Kind, Status, check
from mathgrade.errors import MathgradeError, SpecError, UsageError
from mathgrade.parse import ParseFailure

MAX_BATCH_LINE = 1_000_000


class Exit(IntEnum):
    """Exit codes. `check` uses OK / WRONG; `grade` and `validate` use OK / FAILED; all use USAGE."""

    OK = 0
    WRONG = 1
    FAILED = 1
    USAGE = 2
    INTERRUPTED = 130


def _options(kind: str | None, rtol: Any, atol: Any, exact: Any) -> CheckOptions:
    try:
        fields: dict[str, Any] = {}
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


def _verdict_for(answer: Any, expected: Any, options: CheckOptions) -> Any:
    if not isinstance(answer, str) or not isinstance(expected, str):
        raise UsageError("answer and expected must be strings")
    try:
        return check(answer, expected, options)
    except ParseFailure as exc:
        raise UsageError(f"cannot read the expected answer: {exc}") from None


def _check_one(args: argparse.Namespace, out: TextIO) -> Exit:
    if args.expected is None or args.answer is None:
        raise UsageError("check needs --expected EXPECTED and an ANSWER (or --batch FILE)")
    verdict = _verdict_for(args.answer, args.expected, _options(args.kind, args.rtol, args.atol, args.exact))
    if args.json:
        out.write(json.dumps(verdict.to_dict(), ensure_ascii=False, sort_keys=True) + "\n")
    else:
        out.write(f"{verdict.status.value} (score {verdict.score:g})\n")
        if verdict.interpreted_as is not None:
            out.write(f"interpreted as: {verdict.interpreted_as.text}\n")
        out.write(f"feedback: {verdict.feedback}\n")
    return Exit.OK if verdict.status is Status.CORRECT else Exit.WRONG


def _batch_line(line: str, number: int) -> dict[str, Any]:
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
        options = _options(record.get("kind"), record.get("rtol"), record.get("atol"), record.get("exact"))
        verdict = _verdict_for(record["answer"], record["expected"], options)
        body = verdict.to_dict()
        return {"id": record_id, "status": body["status"], "score": body["score"],
                "interpreted_as": body["interpreted_as"], "feedback": body["feedback"],
                **({"column": body["column"]} if "column" in body else {})}
    except (UsageError, json.JSONDecodeError, TypeError) as exc:
        return {"id": record_id, "status": Status.ERROR.value, "score": 0.0, "interpreted_as": None,
                "feedback": f"line {number}: {exc}"}


def batch_line(line: str, number: int) -> dict[str, Any]:
    """One line of `check --batch` (JSON text, 1-based line number) → its output object (`serve`'s /api/check)."""
    return _batch_line(line, number)


def _check_batch(path: str, out: TextIO) -> Exit:
    try:
        source: TextIO = sys.stdin if path == "-" else open(path, encoding="utf-8", errors="replace")
    except OSError as exc:
        raise UsageError(f"cannot read {path}: {exc.strerror}") from None
    with source:
        for number, line in enumerate(source, start=1):
            if not line.strip():
                continue
            result = _batch_line(line, number)
            out.write(json.dumps(result, ensure_ascii=False, sort_keys=True) + "\n")
            out.flush()
    return Exit.OK


def cmd_check(args: argparse.Namespace) -> Exit:
    """`mathgrade check`: one answer (exit 0 correct, 1 not) or a JSON Lines batch (exit 0 when all answered)."""
    if args.batch is not None:
        if args.answer is not None or args.expected is not None:
            raise UsageError("--batch takes its answers from the file: give no ANSWER or --expected")
        return _check_batch(args.batch, sys.stdout)
    return _check_one(args, sys.stdout)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (exposed for the docs and the tests)."""
    parser = argparse.ArgumentParser(prog="mathgrade", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("check", help="check one answer, or a JSON Lines stream with --batch")
    p.add_argument("answer", nargs="?", help="the student's answer (plain text or LaTeX)")
    p.add_argument("--expected", help="the reference answer")
    p.add_argument("--kind", help="number, expression, vector, matrix or choice (inferred when omitted)")
    p.add_argument("--rtol", type=float, help="relative tolerance for decimals (default 1e-3)")
    p.add_argument("--atol", type=float, help="absolute tolerance near zero (default 1e-8)")
    p.add_argument("--exact", action="store_true", default=None, help="reject decimals: ask for an exact value")
    p.add_argument("--json", action="store_true", help="print the verdict as JSON")
    p.add_argument("--batch", metavar="FILE", help="JSON Lines input ('-' for stdin); one JSON line out per line")
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
        print(f"mathgrade: spec error: {exc}", file=sys.stderr)
        return Exit.USAGE
    except MathgradeError as exc:
        print(f"mathgrade: {exc}", file=sys.stderr)
        return Exit.USAGE
    except KeyboardInterrupt:
        print("mathgrade: interrupted", file=sys.stderr)
        return Exit.INTERRUPTED
    except BrokenPipeError:  # `mathgrade show ... | head`: the reader left, which is not an error
        sys.stderr.close()
        return Exit.OK


if __name__ == "__main__":
    sys.exit(main())

"""Atheris harness: feed arbitrary bytes to the parser and the checker; only verdicts may come out.

    make fuzz                    # 10 minutes, corpus in fuzz/corpus/
    python fuzz/fuzz_check.py -max_total_time=60 fuzz/corpus

Any exception escaping `check` is a crash (the fuzzer stops and writes the input). Resource limits are the
supervisor's job in a real run; here `-timeout` and `-rss_limit_mb` make a hang or a memory blow-up a finding too.
"""

from __future__ import annotations

import sys

import atheris

with atheris.instrument_imports():
    from mathgrade.check import CheckOptions, Kind, Status, check

EXPECTED = ["1/sqrt(2)", "[[1, 2], [3, 4]]", "[1, -2]", "y_i(delta_ij - y_j)", "x^2 + 2x + 1"]
KINDS = [None, Kind.NUMBER, Kind.EXPRESSION, Kind.VECTOR, Kind.MATRIX, Kind.INDEXED]


def test_one(data: bytes) -> None:
    fdp = atheris.FuzzedDataProvider(data)
    expected = EXPECTED[fdp.ConsumeIntInRange(0, len(EXPECTED) - 1)]
    kind = KINDS[fdp.ConsumeIntInRange(0, len(KINDS) - 1)]
    answer = fdp.ConsumeUnicodeNoSurrogates(fdp.remaining_bytes())
    options = CheckOptions(kind=kind, domains=(("y", "softmax"),)) if kind is Kind.INDEXED else CheckOptions(kind=kind)
    verdict = check(answer, expected, options)
    if verdict.status is Status.ERROR or not 0.0 <= verdict.score <= 1.0:
        raise AssertionError(f"bad verdict {verdict!r}")


def main() -> None:
    atheris.Setup(sys.argv, test_one)
    atheris.Fuzz()


if __name__ == "__main__":
    main()

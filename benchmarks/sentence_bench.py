"""Milliseconds per answer for map sentences (`kind: map`) and matrix-symbol answers with tr/det/rank, and seconds
to compile vector gradients and Hessians (sympy's matrix calculus plus the finite-difference check), as medians.

    python benchmarks/sentence_bench.py [--rounds 5]

The answers are the verdict tables' own (tests/test_map_sentences.py, tests/test_matrix_calculus.py). The machine is
shared: read the figures as orders of size.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

from mathgrade.grade.answer import grade_answer
from mathgrade.grade.references import _SOLVED, compile_references
from mathgrade.spec import parse_spec


def _times(fn, rounds: int) -> list[float]:
    out = []
    for _ in range(rounds):
        start = time.perf_counter()
        fn()
        out.append(time.perf_counter() - start)
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5)
    rounds = parser.parse_args().rounds
    from tests import test_map_sentences as maps
    from tests import test_matrix_calculus as calc

    def compile_regression() -> None:
        _SOLVED.clear()  # solver results are memoized across compiles: time the solvers, not the memo
        compile_references(parse_spec(calc.REGRESSION, "course.yaml"))

    print(f"compile the regression spec (6 vector gradients, 2 Hessians): "
          f"{statistics.median(_times(compile_regression, rounds)):.2f} s median of {rounds}")

    for name, assignment, references, rows in (
            ("map sentence", maps._ASSIGNMENT, maps._REFERENCES, maps.ROWS + maps.HELD_OUT),
            ("tr/det/rank answer", parse_spec(calc.TRACES, "c.yaml"), None, calc.TRACE_ROWS)):
        refs = references or compile_references(assignment)
        per = []
        for row in rows:
            part, answer, _ = row.values
            start = time.perf_counter()
            grade_answer(assignment.part(part), refs[part], answer)
            per.append(time.perf_counter() - start)
        per.sort()
        print(f"{name}: median {1000 * statistics.median(per):.1f} ms, slowest {1000 * per[-1]:.1f} ms "
              f"over {len(per)} answers")


if __name__ == "__main__":
    main()

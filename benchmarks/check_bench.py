"""Median microseconds per `check` (parse + compare) on a fixed table, beside the naive way in the same run.

    python benchmarks/check_bench.py [--rounds 5]

The naive way is `sympify` both sides and `simplify(a - b) == 0`, on the plain-Python spelling of the same pairs.
sympify evaluates its input: acceptable here only because it is the approach being measured, on our own table.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from mathgrade.check import CheckOptions, Kind, check, parse_expected  # noqa: E402

SOFTMAX = CheckOptions(kind=Kind.INDEXED, domains=(("y", "softmax"),))
# (answer as a student types it, the same in Python syntax for the naive way, expected, options)
TABLE: list[tuple[str, str, str, CheckOptions]] = [
    ("sqrt(2)/2", "sqrt(2)/2", "1/sqrt(2)", CheckOptions()),
    ("\\frac{\\sqrt{2}}{2}", "sqrt(2)/2", "1/sqrt(2)", CheckOptions()),
    ("0.7071", "0.7071", "1/sqrt(2)", CheckOptions()),
    ("1/2", "1/2", "1/sqrt(2)", CheckOptions()),
    ("(x+1)^2", "(x+1)**2", "x**2+2*x+1", CheckOptions()),
    ("x^2+2x+1", "x**2+2*x+1", "(x+1)**2", CheckOptions()),
    ("(x-1)^2", "(x-1)**2", "x**2+2*x+1", CheckOptions()),
    ("sin(x)^2+cos(x)^2", "sin(x)**2+cos(x)**2", "1", CheckOptions()),
    ("sqrt(6)/2", "sqrt(6)/2", "sqrt(3/2)", CheckOptions()),
    ("2(x+1)", "2*(x+1)", "2*x+2", CheckOptions()),
    ("e^(2 ln(x))", "exp(2*log(x))", "x**2", CheckOptions(domains=(("x", "positive"),))),
    ("(a+b)(a-b)", "(a+b)*(a-b)", "a**2-b**2", CheckOptions()),
    ("x/(x^2-1)", "x/(x**2-1)", "1/(2*(x-1)) + 1/(2*(x+1))", CheckOptions()),
    ("tan(x)", "tan(x)", "sin(x)/cos(x)", CheckOptions()),
    ("pi/4", "pi/4", "atan(1)", CheckOptions()),
    ("3/4", "3/4", "0.75", CheckOptions()),
    ("22/7", "22/7", "pi", CheckOptions()),
    ("[1/sqrt(2), 1/sqrt(2)]", "Matrix([1/sqrt(2), 1/sqrt(2)])", "Matrix([sqrt(2)/2, sqrt(2)/2])", CheckOptions()),
    ("[1, -2]", "Matrix([1, -2])", "Matrix([1, -2])", CheckOptions()),
    ("[[1,2],[3,4]]", "Matrix([[1,2],[3,4]])", "Matrix([[1,3],[2,4]])", CheckOptions()),
    ("[[sqrt(2), sqrt(2)], [-2sqrt(2), 2sqrt(2)]]", "Matrix([[sqrt(2), sqrt(2)], [-2*sqrt(2), 2*sqrt(2)]])",
     "Matrix([[sqrt(2), sqrt(2)], [-2*sqrt(2), 2*sqrt(2)]])", CheckOptions()),
    ("\\begin{bmatrix} 1 & 2 \\\\ 3 & 4 \\end{bmatrix}", "Matrix([[1,2],[3,4]])", "Matrix([[1,2],[3,4]])",
     CheckOptions()),
    ("[-sqrt(6)/4, -sqrt(2)/4]", "Matrix([-sqrt(6)/4, -sqrt(2)/4])",
     "Matrix([-sqrt(3)/(2*sqrt(2)), -1/(2*sqrt(2))])", CheckOptions()),
    ("y_i - y_i^2", "y_i - y_i**2", "y_i*(1-y_i)", SOFTMAX),
    ("y_i(1-y_j)", "y_i*(1-y_j)", "y_i*(1-y_j)", SOFTMAX),
    ("-y_i y_j", "-y_i*y_j", "-y_i*y_j", SOFTMAX),
    ("y_i(delta_ij - y_j)", "y_i*(KroneckerDelta(i, j) - y_j)", "y_i*(KroneckerDelta(i, j) - y_j)", SOFTMAX),
    ("x^3 - 3x^2 + 3x - 1", "x**3 - 3*x**2 + 3*x - 1", "(x-1)**3", CheckOptions()),
    ("log(x y)", "log(x*y)", "log(x) + log(y)", CheckOptions(domains=(("x", "positive"), ("y", "positive")))),
    ("1/(1+e^(-x))", "1/(1+exp(-x))", "exp(x)/(1+exp(x))", CheckOptions()),
]


def _references() -> list:
    """References parsed once, as the grader compiles each part's reference once (not per student)."""
    return [parse_expected(e.replace("**", "^").replace("Matrix(", "(").replace("KroneckerDelta(i, j)", "delta_ij"),
                           o.kind if o.kind is Kind.INDEXED else None) for _, _, e, o in TABLE]


def _ours(rounds: int) -> list[float]:
    from mathgrade.parse import _parse_remembered

    references = _references()
    times = []
    for _ in range(rounds):
        for (answer, _, _, options), reference in zip(TABLE, references):
            _parse_remembered.cache_clear()  # every check parses afresh: the parse cache would flatter rounds 2+
            started = time.perf_counter()
            check(answer, reference, options)  # parse of the answer + comparison + rendering
            times.append(time.perf_counter() - started)
    return times


def _naive(rounds: int) -> list[float]:
    import sympy

    times = []
    for _ in range(rounds):
        sympy.core.cache.clear_cache()  # no cache across students in the naive way either
        for _, python_answer, expected, _ in TABLE:
            started = time.perf_counter()
            a = sympy.sympify(python_answer)  # the naive way being measured, never product code
            b = sympy.sympify(expected)
            sympy.simplify(a - b) == 0  # noqa: B015 - only its cost matters
            times.append(time.perf_counter() - started)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    _ours(1)  # warm imports and the grammar, as a long-running grader would be
    ours, naive = _ours(args.rounds), _naive(args.rounds)

    def p90(xs: list[float]) -> float:
        return statistics.quantiles(xs, n=10)[-1]

    med_ours, med_naive = statistics.median(ours), statistics.median(naive)
    print(f"{len(TABLE)} pairs x {args.rounds} rounds")
    print(f"mathgrade check: median {1e6 * med_ours:8.0f} us   p90 {1e6 * p90(ours):8.0f} us")
    print(f"naive sympify+simplify: median {1e6 * med_naive:8.0f} us   p90 {1e6 * p90(naive):8.0f} us")
    print(f"ratio (naive / ours): {med_naive / med_ours:.1f}x on medians, "
          f"{statistics.mean(naive) / statistics.mean(ours):.1f}x on means")


if __name__ == "__main__":
    main()

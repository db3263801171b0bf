"""Seconds to compile each spec's references (every solver run once), and the slowest single solver calls of the
solver table, as medians over rounds.

    python benchmarks/solver_bench.py [--rounds 3]

Solvers run when a spec is read, in the main process and without the worker limits student answers get; their
bounds (solvers/bounds.py) are what keeps this small. The machine is shared: read the figures as orders of size.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

import yaml

from mathgrade import solvers
from mathgrade.grade.references import compile_assignment
from mathgrade.parse import parse_math
from mathgrade.spec import load_spec

ROOT = Path(__file__).resolve().parents[1]


def _median(fn, rounds: int) -> float:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=3)
    rounds = parser.parse_args().rounds
    print("spec compile (all references), median seconds:")
    for spec in sorted((ROOT / "problems").glob("*.yaml")):
        assignment = load_spec(spec)
        print(f"  {spec.stem:14s} {_median(lambda a=assignment: compile_assignment(a), rounds):7.3f}")
    cases = yaml.safe_load((ROOT / "tests" / "data" / "solver_cases.yaml").read_text(encoding="utf-8"))
    timings = []
    for text in cases["matrices"]:
        m = parse_math(text)
        for name, kwargs in (("eigenvalues", {}), ("singular_values", {}), ("svd", {"factor": "V"}),
                             ("svd", {"factor": "U"}), ("pinv", {})):
            def call(name: str = name, kwargs: dict = kwargs, m=m) -> None:
                try:
                    solvers.get(name).func(M=m, **kwargs)
                except solvers.SolverError:
                    pass
            timings.append((_median(call, rounds), f"{name}{kwargs or ''} {text}"))
    print("slowest matrix solver calls, median seconds:")
    for seconds, what in sorted(timings, reverse=True)[:5]:
        print(f"  {seconds:7.3f}  {what}")


if __name__ == "__main__":
    main()

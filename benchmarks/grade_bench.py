"""Benchmark a full `mathgrade grade` (reports included) on synthetic K2 classes, beside the naive way.

Prints, per class size N: median wall seconds over the repeats, answers per second, peak memory (largest
resident set of the command and its workers), and the cost per student, so linear growth can be read off. Then
the naive way, measured in the same run: `sympify` + `simplify(a - b) == 0` per answer with no cache, on a random
sample of the same answers, extrapolated to the same number of answers.

    python benchmarks/grade_bench.py                 # N = 100, 1,000, 10,000
    python benchmarks/grade_bench.py 100 1000 --repeats 3 --jobs 2
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT / "src"))

from synth import make_class  # noqa: E402

SPEC = ROOT / "problems" / "k2.yaml"


def run_grade(folder: Path, out: Path, jobs: int) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of one `mathgrade grade` run in a child process."""
    shutil.rmtree(out, ignore_errors=True)
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "mathgrade.cli", "grade", str(SPEC), str(folder), "--out", str(out),
                    "--quiet", "--jobs", str(jobs)], check=True)
    elapsed = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return elapsed, max(peak, before) / 1024


def naive_seconds_per_answer(folder: Path, sample: int, seed: int = 7) -> tuple[float, int, int]:
    """The naive way on a sample: sympify both sides and ask simplify(a - b) == 0. Returns s/answer, tried, failed.

    sympify runs eval on its input: acceptable here only because this measures the approach mathgrade replaces,
    on our own synthetic answers; it is never used on student text in the product.
    """
    import sympy

    from mathgrade.check.render import plain
    from mathgrade.grade.references import compile_references
    from mathgrade.solvers import DerivationRef, RotationRef
    from mathgrade.spec import load_spec

    assignment = load_spec(SPEC)
    refs = compile_references(assignment)
    pairs = []
    for path in sorted(folder.glob("*.json")):
        answers = json.loads(path.read_text(encoding="utf-8"))["answers"]
        for part in assignment.parts:
            ref = refs[part.id].value
            if part.id in answers and not isinstance(ref, (str, RotationRef, DerivationRef)) and ref is not None:
                pairs.append((answers[part.id], plain(ref)))
    rng = random.Random(seed)
    chosen = rng.sample(pairs, min(sample, len(pairs)))
    failed = 0
    spent = 0.0
    for answer, expected in chosen:
        started = time.perf_counter()
        try:
            a = sympy.sympify(answer.replace("^", "**"))  # the naive way: the thing mathgrade replaces
            b = sympy.sympify(expected.replace("^", "**"))
            sympy.simplify(a - b) == 0  # noqa: B015 - the verdict is not needed, only its cost
        except Exception:  # noqa: BLE001 - LaTeX and garbage: the naive way cannot read them at all
            failed += 1
            continue
        spent += time.perf_counter() - started
    # Only answers the naive way could read are timed: its instant failures would flatter it.
    return spent / max(1, len(chosen) - failed), len(chosen), failed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("sizes", nargs="*", type=int, default=[100, 1000, 10000])
    parser.add_argument("--repeats", type=int, default=3, help="runs per size below 10,000 (median reported)")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--naive-sample", type=int, default=300)
    args = parser.parse_args()
    parts = 30
    work = Path(tempfile.mkdtemp(prefix="mathgrade-bench-"))
    print(f"mathgrade grade on synthetic K2 classes ({parts} parts, --jobs {args.jobs}); work dir {work}")
    print(f"{'N':>7} {'median s':>9} {'answers/s':>10} {'peak MB':>8} {'ms/student':>11} runs")
    ours_rate = 0.0
    for n in args.sizes:
        folder = work / f"class-{n}"
        make_class(n, folder)
        repeats = 1 if n >= 10000 else args.repeats
        times, peaks = [], []
        for _ in range(repeats):
            elapsed, peak = run_grade(folder, work / f"out-{n}", args.jobs)
            times.append(elapsed)
            peaks.append(peak)
        median = statistics.median(times)
        ours_rate = n * parts / median
        print(f"{n:>7} {median:>9.2f} {ours_rate:>10.0f} {max(peaks):>8.0f} {1000 * median / n:>11.2f} {repeats}")
    sample_folder = work / f"class-{args.sizes[0]}"
    per_answer, tried, failed = naive_seconds_per_answer(sample_folder, args.naive_sample)
    naive_rate = 1 / per_answer
    print(f"naive (sympify + simplify, no cache): {1000 * per_answer:.1f} ms/answer, timed on the "
          f"{tried - failed} of {tried} sampled answers it could read, {naive_rate:.0f} answers/s")
    print(f"throughput ratio at N={args.sizes[-1]}: {ours_rate / naive_rate:.0f}x (ours, reports included / naive, "
          "checks only)")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

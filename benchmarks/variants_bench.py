"""Benchmark grading with per-student variants against the same problems in one fixed version.

The variant spec is problems/k2-variants.yaml (or `--spec`, e.g. problems/linear-maps-variants.yaml, whose draw
space is about eight times larger: most students of a big class get a variant of their own). Its fixed twin has the same parts, with the drawn names given
as plain `values` (one variant for everyone), so the two runs differ only by the variants. Each synthetic
student answers from the spec's self-test samples (`{V}` replaced by the student's own values, so the "correct"
ones are correct for their variant), plus unique decimals, garbage and blanks (benchmarks/synth.py's mix).

Prints, per class size: median wall seconds of `mathgrade grade` (reports included) for both, the ratio, and
the number of distinct variants in the class (= compiled keys per worker at most).

    python benchmarks/variants_bench.py                  # N = 1,000 and 10,000
    python benchmarks/variants_bench.py 500 --repeats 3 --jobs 2
    python benchmarks/variants_bench.py 2000 --spec problems/linear-maps-variants.yaml
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT / "src"))

from synth import GARBAGE, MIX, _unique

from mathgrade.grade.variants import VariantBook, substitute
from mathgrade.spec import load_spec

SPEC = ROOT / "problems" / "k2-variants.yaml"
SECRET = "variants-bench"


def fixed_twin(out: Path, spec: Path = SPEC) -> Path:
    """The variant spec with the variant of the first benchmark student written in as fixed values."""
    data = yaml.safe_load(spec.read_text(encoding="utf-8"))
    book = VariantBook(load_spec(spec), SECRET)
    values = dict(book.variant_for("s000000"))
    named = dict(book.grader_for(tuple(values.items())).compiled.values)
    del data["variants"]
    data["values"] = {**values, **data["values"]}
    data["id"] = f"{data['id']}-fixed-twin"
    for problem in data["problems"]:
        for part in problem["parts"]:
            for key in ("accept", "reject"):
                if key in part:
                    part[key] = [substitute(s, named) for s in part[key]]
    path = out / f"{data['id']}.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def make_class(n: int, spec: Path, out: Path, seed: int = 2026) -> int:
    """n answer sheets for `spec` (variant or fixed), samples filled with each student's own values. Returns the
    number of distinct variants."""
    assignment = load_spec(spec)
    book = VariantBook(assignment, SECRET) if assignment.variants is not None else None
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    kinds, weights = zip(*MIX.items())
    seen = set()
    fixed_named: dict[str, object] = {}
    for k in range(n):
        student = f"s{k:06d}"
        if book is not None:
            values = book.variant_for(student)
            seen.add(values)
            named = dict(book.grader_for(values).compiled.values)
        else:
            named = fixed_named
        answers: dict[str, str] = {}
        for part in assignment.parts:
            accept = [substitute(s, named) for s in part.accept]
            reject = [substitute(s, named) for s in part.reject]
            pick = rng.choices(kinds, weights)[0]
            if part.kind.value == "text":
                answers[part.id] = "It rotates, stretches, rotates." if pick != "blank" else ""
            elif pick == "correct" and accept:
                answers[part.id] = rng.choice(accept)
            elif pick == "mistake" and reject:
                answers[part.id] = rng.choice(reject)
            elif pick == "unique" and part.kind.value not in ("rotation", "choice", "derivation"):
                answers[part.id] = _unique(rng, accept)
            elif pick == "garbage":
                answers[part.id] = rng.choice(GARBAGE)
            elif pick != "blank":
                answers[part.id] = rng.choice(accept or ["1"])
        sheet = {"student": {"id": student, "name": f"Student {k}"}, "assignment": assignment.id,
                 "answers": answers}
        (out / f"{student}.json").write_text(json.dumps(sheet), encoding="utf-8")
    return max(1, len(seen))


def run_grade(spec: Path, folder: Path, out: Path, jobs: int) -> float:
    shutil.rmtree(out, ignore_errors=True)
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "mathgrade.cli", "grade", str(spec), str(folder), "--out", str(out),
                    "--quiet", "--jobs", str(jobs)], check=True, env={**os.environ, "MATHGRADE_SEED_SECRET": SECRET})
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("sizes", nargs="*", type=int, default=[1000, 10000])
    parser.add_argument("--repeats", type=int, default=1, help="runs per size and spec (median reported)")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--spec", type=Path, default=SPEC, help="a spec with variants (default k2-variants)")
    args = parser.parse_args()
    spec = args.spec.resolve()
    work = Path(tempfile.mkdtemp(prefix="mathgrade-variants-bench-"))
    twin = fixed_twin(work, spec)
    print(f"mathgrade grade, {spec.name} vs its fixed twin (--jobs {args.jobs}); the machine may be shared: "
          "read the ratio, not the seconds")
    print(f"{'N':>7} {'fixed s':>8} {'variants s':>11} {'ratio':>6} {'distinct variants':>18} {'load avg':>9}")
    for n in args.sizes:
        fixed_folder, variant_folder = work / f"fixed-{n}", work / f"variants-{n}"
        make_class(n, twin, fixed_folder)
        distinct = make_class(n, spec, variant_folder)
        fixed = statistics.median(run_grade(twin, fixed_folder, work / "out", args.jobs) for _ in range(args.repeats))
        varied = statistics.median(run_grade(spec, variant_folder, work / "out", args.jobs)
                                   for _ in range(args.repeats))
        load = os.getloadavg()[0]  # the machine is shared: a ratio measured at another load is not comparable
        print(f"{n:>7} {fixed:>8.1f} {varied:>11.1f} {varied / fixed:>6.2f} {distinct:>18} {load:>9.1f}")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

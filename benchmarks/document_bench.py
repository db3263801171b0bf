"""Documents per second through the free-form reader (format reader + candidates + locate) and through grading.

    python benchmarks/document_bench.py [--count 1000] [--seed 7]

1,000 distinct documents are made from the 60 in tests/data/documents2/ (every format: .tex, .md, .txt, .ipynb):
each copy gets its own student name and its own digits (about one digit in four inside math is changed), so no
two documents are the same text and the parse cache sees new answers, as it would on a real class. Figures are
wall-clock and CPU time of this process; on the shared 2-core development machine (load average ~11 while this
was written) the wall clock varies by a factor of two between runs, the CPU time much less: quote both.
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from mathgrade.grade import Grader  # noqa: E402
from mathgrade.spec import load_spec  # noqa: E402

CORPUS = ROOT / "tests" / "data" / "documents2"
_MATHY_LINE = re.compile(r"[$=\\]")


def _vary(text: str, rng: random.Random, k: int) -> str:
    """The same document written by another student: a new name line and some digits changed in math lines."""
    lines = text.split("\n")
    for n, line in enumerate(lines):
        if _MATHY_LINE.search(line):
            lines[n] = re.sub(r"\d", lambda m: str(rng.randrange(10)) if rng.random() < 0.25 else m.group(), line)
    return "\n".join(lines).replace("K2", f"K2 (copy {k})", 1)


def make_documents(folder: Path, count: int, seed: int) -> list[Path]:
    """`count` distinct documents in `folder`, cycling through the corpus."""
    rng = random.Random(seed)
    sources = sorted(CORPUS.iterdir())
    paths = []
    for k in range(count):
        src = sources[k % len(sources)]
        text = src.read_text(encoding="utf-8")
        if src.suffix == ".ipynb":
            # keep the notebook JSON valid: vary digits only inside its output strings
            text = re.sub(r'("text/plain": \[\n)(.*?)(\n\s*\])', lambda m: m.group(1) + _vary(m.group(2), rng, k)
                          + m.group(3), text, flags=re.S)
        else:
            text = _vary(text, rng, k)
        path = folder / f"{k:04d}-{src.name}"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    grader = Grader(load_spec(ROOT / "problems" / "k2.yaml"))
    with tempfile.TemporaryDirectory() as tmp:
        paths = make_documents(Path(tmp), args.count, args.seed)
        per_format: dict[str, list[float]] = defaultdict(list)
        subs = []
        start, cpu = time.perf_counter(), time.process_time()
        for path in paths:
            t0 = time.perf_counter()
            subs.append(grader.read(path))
            per_format[path.suffix].append(time.perf_counter() - t0)
        read_s, read_cpu = time.perf_counter() - start, time.process_time() - cpu
        start, cpu = time.perf_counter(), time.process_time()
        results = [grader.grade(s) for s in subs]
        grade_s, grade_cpu = time.perf_counter() - start, time.process_time() - cpu
    errors = sum(1 for r in results if r.error)
    print(f"{args.count} distinct documents, {errors} unreadable")
    # CPU seconds beside wall-clock: on a shared machine the wall clock mostly measures the neighbours.
    print(f"read + locate : {read_s:7.2f} s wall {args.count / read_s:8.1f} documents/s   "
          f"{read_cpu:7.2f} s cpu {args.count / read_cpu:8.1f} documents/s")
    print(f"grade         : {grade_s:7.2f} s wall {args.count / grade_s:8.1f} documents/s   "
          f"{grade_cpu:7.2f} s cpu {args.count / grade_cpu:8.1f} documents/s")
    both, both_cpu = read_s + grade_s, read_cpu + grade_cpu
    print(f"both          : {both:7.2f} s wall {args.count / both:8.1f} documents/s   "
          f"{both_cpu:7.2f} s cpu {args.count / both_cpu:8.1f} documents/s")
    for suffix, times in sorted(per_format.items()):
        print(f"  {suffix:<7} {len(times):4d} docs  median read {statistics.median(times) * 1000:7.2f} ms  "
              f"max {max(times) * 1000:7.2f} ms")


if __name__ == "__main__":
    main()

"""CPU seconds (process time: the machine is shared, wall time swings tenfold) to read (locate answers in)
hostile documents of growing size, as `show` and `gradescope` do with no time limit around them: linear growth
is the target (10x the text, about 10x the time, never 100x).

    python benchmarks/read_bench.py [--rounds 3]

Each document repeats one pattern that made a former pattern rescan the rest of the text from every opening:
`\\[a` (display math never closed), `\\(a` (inline math never closed), `$a\\` and `\\begin{align}`; `SPACES` is
one formula `$$a = b<spaces>c$$` (the answer's trailing spacing was stripped by a pattern that rescanned spaces);
`CHAIN` one formula `$$a = ba=a=...c$$` (every member was parsed and compared to find where a derivation starts);
`\\item ` a list of empty items (the marker patterns split the spaces left behind every possible way).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from mathgrade.grade import Grader  # noqa: E402
from mathgrade.spec import load_spec  # noqa: E402

PATTERNS = ["\\[a", "\\(a", "$a\\", "\\begin{align}", "\\item ", "a \\[ b \\] ", "SPACES", "CHAIN"]
SIZES = [60_000, 600_000, 1_900_000]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    grader = Grader(load_spec(Path(__file__).resolve().parents[1] / "problems" / "k2.yaml"))
    print(f"{'pattern':<16}" + "".join(f"{size // 1000:>10} KB" for size in SIZES) + "   (median CPU seconds)")
    with tempfile.TemporaryDirectory() as tmp:
        for pattern in PATTERNS:
            row = []
            for size in SIZES:
                path = Path(tmp) / "doc.md"
                text = {"SPACES": f"$$a = b{' ' * size}c$$", "CHAIN": f"$$a = b{'a=' * (size // 2)}c$$",
                        }.get(pattern, pattern * (size // len(pattern)))
                path.write_text(text, encoding="utf-8")
                times = []
                for _ in range(args.rounds):
                    start = time.process_time()
                    grader.read(path)
                    times.append(time.process_time() - start)
                row.append(statistics.median(times))
            print(f"{pattern!r:<16}" + "".join(f"{t:>13.2f}" for t in row))


if __name__ == "__main__":
    main()

"""Synthetic K2 classes for benchmarks: realistic answer variety, reproducible from a seed.

Answers per part are drawn from the spec's own self-test samples (its `accept:` list gives correct forms, its
`reject:` list common mistakes), plus unique noisy decimals, garbage and blanks, in proportions close to a real
class: most students write one of a few answers, a long tail writes something of their own.
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from mathgrade.spec import load_spec  # noqa: E402

GARBAGE = ["idk", "(((", "x +", "sinn(x)", "see attached", "[1, 2", "\\frac{1}{", "?", "42", "matrix"]
MIX = {"correct": 0.58, "mistake": 0.24, "unique": 0.08, "garbage": 0.05, "blank": 0.05}


def _unique(rng: random.Random, samples: list[str]) -> str:
    """An answer nobody else wrote: a correct form with a random decimal tail, or a random small integer."""
    base = rng.choice(samples) if samples else "1"
    return f"{base} + {rng.randint(1, 10 ** 6)}/10^9" if rng.random() < 0.5 else str(rng.uniform(-5, 5))


def make_class(n: int, out: Path, seed: int = 2026, spec: Path = ROOT / "problems" / "k2.yaml") -> list[Path]:
    """Write n JSON answer sheets into `out`; returns their paths."""
    assignment = load_spec(spec)
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    kinds, weights = zip(*MIX.items())
    paths = []
    for k in range(n):
        answers: dict[str, str] = {}
        for part in assignment.parts:
            pick = rng.choices(kinds, weights)[0]
            if part.kind.value == "text":
                pick = "blank" if pick == "blank" else "text"
            if pick == "correct" and part.accept:
                answers[part.id] = rng.choice(part.accept)
            elif pick == "mistake" and part.reject:
                answers[part.id] = rng.choice(part.reject)
            elif pick == "unique" and part.kind.value not in ("rotation", "choice", "derivation"):
                answers[part.id] = _unique(rng, list(part.accept))
            elif pick == "garbage":
                answers[part.id] = rng.choice(GARBAGE)
            elif pick == "text":
                answers[part.id] = "A rotates, then stretches along the axes, then rotates again."
            elif pick != "blank":
                answers[part.id] = rng.choice(list(part.accept) or ["1"])
        sheet = {"student": {"id": f"s{k:06d}", "name": f"Student {k}"}, "assignment": assignment.id,
                 "answers": answers}
        path = out / f"s{k:06d}.json"
        path.write_text(json.dumps(sheet), encoding="utf-8")
        paths.append(path)
    return paths


if __name__ == "__main__":
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 100
    target = Path(sys.argv[2]) if len(sys.argv) > 2 else Path("/tmp/mathgrade-synth")
    print(len(make_class(count, target)), "sheets in", target)

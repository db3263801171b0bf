"""Answers to problems/k2-variants.yaml computed by hand-written formulas from a student's drawn values (not by
mathgrade's solvers), for the variant tests and the sample class."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np

SYMBOLIC = {  # problems 1-3 are the same for everyone
    "1": "e^(z_i - c)/sum_j e^(z_j - c) = e^(z_i) e^(-c) / (e^(-c) sum_j e^(z_j)) = e^(z_i)/sum_j e^(z_j)",
    "2a": "y_i(1 - y_i)", "2b": "-y_i y_j", "2c": "y_i(delta_ij - y_j)",
    "3a": "w", "3b": "x_i", "3c": "-1", "3d": "y_i(delta_ij - y_j) w", "3e": "y_i(x_i - sum_k y_k x_k)", "3f": "0",
}


def _n(x: float) -> str:
    return f"{x:.6f}"


def _vec(v: np.ndarray) -> str:
    return "[" + ", ".join(_n(float(x)) for x in v) + "]"


def _mat(m: np.ndarray) -> str:
    return "[" + ", ".join(_vec(row) for row in m) + "]"


def right_answers(variant: dict[str, str]) -> dict[str, str]:
    """Every part of k2-variants answered correctly for this variant (7b, graded by hand, left out)."""
    d, a, b, g = (int(variant[k]) for k in "dabg")
    t, s = math.radians(d), math.radians(g)
    c, n = math.cos(t), math.sin(t)
    V = np.array([[c, -n], [n, c]])
    S = np.diag([a, b])
    U = np.array([[math.cos(s), -math.sin(s)], [math.sin(s), math.cos(s)]])
    SVt = S @ V.T
    r2 = math.sqrt(2)
    return {**SYMBOLIC,
            "4a": _vec(V[:, 0]), "4b": _vec(V[:, 1]),
            "4c": f"V rotates by {d} degrees counterclockwise and keeps lengths (no scaling)",
            "4d": _mat(V.T), "4e": _vec(V.T[:, 0]), "4f": _vec(V.T[:, 1]),
            "4g": f"rotation by {d} degrees clockwise, no scaling",
            "5a": _mat(SVt), "5b": _vec(SVt[:, 0] / r2), "5c": _vec(SVt[:, 1] / r2),
            # corners ±SVt e1/√2, ±SVt e2/√2: equal diagonals exactly when cos² = sin², i.e. 45° or 135°
            "5f": "rectangle" if d in (45, 135) else "parallelogram",
            "6a": _vec(U[:, 0] / r2),
            "6e": f"rotates by {g} degrees counterclockwise, no scaling",
            "7a": _mat(U @ SVt)}


def graded_class(spec: Path, folder: Path, secret: str, out: Path) -> dict[str, dict]:
    """`mathgrade grade` of a sample class under its course secret (restored afterwards): results.json's
    students by id."""
    import json
    import os

    from mathgrade.cli import main

    old = os.environ.get("MATHGRADE_SEED_SECRET")
    os.environ["MATHGRADE_SEED_SECRET"] = secret
    try:
        assert main(["grade", str(spec), str(folder), "--out", str(out), "--jobs", "1", "--quiet"]) == 0
    finally:
        if old is None:
            del os.environ["MATHGRADE_SEED_SECRET"]
        else:
            os.environ["MATHGRADE_SEED_SECRET"] = old
    data = json.loads((out / "results.json").read_text(encoding="utf-8"))
    return {s["id"]: s for s in data["students"]}

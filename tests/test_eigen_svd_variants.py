"""The eigen/SVD homework in variant form (problems/eigen-svd-variants.yaml) and its sample class."""

from __future__ import annotations

import json
import os
from dataclasses import replace
from pathlib import Path

import pytest

from mathgrade.cli import main
from mathgrade.grade import Grader
from mathgrade.grade.sheets import read_sheet
from mathgrade.grade.variants import VariantBook
from mathgrade.parse import ParseOptions, parse_math
from mathgrade.spec import load_spec
from mathgrade.spec.predicates import NamedCondition, decide

ROOT = Path(__file__).resolve().parents[1]
ESV = ROOT / "problems" / "eigen-svd-variants.yaml"
CLASS = ROOT / "examples" / "eigen-svd-variants"
SAMPLE_SECRET = "eigen-svd-variants-sample"
TOTAL = 23


def test_fixed_version_is_kept_and_has_the_same_parts() -> None:
    fixed, varied = load_spec(ROOT / "problems" / "eigen-svd.yaml"), load_spec(ESV)
    assert fixed.variants is None and varied.variants is not None
    assert [p.id for p in fixed.parts] == [p.id for p in varied.parts]
    assert sum(p.points for p in varied.parts) == TOTAL


# An instructor's reading of examples/eigen-svd-variants/ under MATHGRADE_SEED_SECRET=eigen-svd-variants-sample,
# written before the first run: (score out of 23, {part: status} for the parts that are not correct).
# First half (hn301, ob722, tf415) written and graded first; second half (rc068, ym233, jp590) written after.
SAMPLE = [
    pytest.param("hn301", 23, {}, id="hn301-all-right-exact"),
    pytest.param("ob722", 23, {}, id="ob722-right-latex-decimals-other-sign"),
    # copied ob722: A, B and C are all different (A = [[6, -7], [-2, -6]] against ob722's [[-3, 1], [-1, 3]]), so
    # only the rank of C survives; 1f and 1g are recomputed from the copied V, Σ and U, and still do not fit A.
    pytest.param("tf415", 1, {p: "incorrect" for p in ("1a", "1b", "1c", "1d", "1e", "1f", "1g", "2a", "2b", "2c",
                                                       "2d", "2e", "3b")}, id="tf415-copied-ob722"),
    pytest.param("rc068", 17, {"1b": "incorrect", "1c": "incorrect", "1g": "incorrect"},
                 id="rc068-eigenvalues-of-A-smallest-first-no-transpose"),
    # 1f follows the transposed V of 1e (U = A V Σ⁻¹ done right with it), and 1g is A again whatever V was
    pytest.param("ym233", 14, {"1a": "incorrect", "1c": "incorrect", "1e": "incorrect", "2b": "incorrect",
                               "3b": "incorrect"}, id="ym233-wrong-order-no-root-transposed-other-vector"),
    # 1f follows the unnormalised V of 1e (1d is blank, so Σ is the key's)
    pytest.param("jp590", 14, {"1d": "missing", "1e": "incorrect", "1g": "missing", "2c": "incorrect",
                               "3b": "incorrect"}, id="jp590-unnormalised-blanks-rows-adjugate"),
]

# Named mistakes the sheets make, found against each student's own key.
CODES = {("rc068", "1b"): "eigenvalues_of_A", ("rc068", "1c"): "smallest_first", ("rc068", "1g"): "missing_transpose",
         ("ym233", "1a"): "wrong_order", ("ym233", "1c"): "no_square_root", ("ym233", "1e"): "transposed",
         ("ym233", "2b"): "other_eigenvalue", ("ym233", "3b"): "divided_once", ("jp590", "3b"): "adjugate"}
# Right for the student's own earlier (wrong) answers: full credit, said so.
CARRIED = {("ym233", "1f"), ("jp590", "1f")}


@pytest.fixture(scope="module")
def sample_results(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict]:
    out = tmp_path_factory.mktemp("esv") / "out"
    old = os.environ.get("MATHGRADE_SEED_SECRET")
    os.environ["MATHGRADE_SEED_SECRET"] = SAMPLE_SECRET
    try:
        assert main(["grade", str(ESV), str(CLASS), "--out", str(out), "--jobs", "1", "--quiet"]) == 0
    finally:
        if old is None:
            del os.environ["MATHGRADE_SEED_SECRET"]
        else:
            os.environ["MATHGRADE_SEED_SECRET"] = old
    data = json.loads((out / "results.json").read_text(encoding="utf-8"))
    return {s["id"]: s for s in data["students"]}


@pytest.mark.parametrize("student,score,wrong", SAMPLE)
def test_sample_class(sample_results: dict[str, dict], student: str, score: float, wrong: dict[str, str]) -> None:
    got = sample_results[student]
    assert {p["id"]: p["status"] for p in got["parts"] if p["status"] != "correct"} == wrong
    assert got["score"] == score
    assert set(got["variant"]) == {"a", "b", "z", "c", "d", "t", "u", "Q", "l", "k", "f", "g"}
    codes = set(CODES.values())
    assert {(student, p["id"]) for p in got["parts"] if set(p.get("diagnosis", ())) & codes} \
        == {k for k in CODES if k[0] == student}
    for p in got["parts"]:
        if (student, p["id"]) in CODES:
            assert CODES[student, p["id"]] in p["diagnosis"]


@pytest.mark.parametrize("student,part", sorted(CARRIED))
def test_follow_through_from_a_wrong_v(sample_results: dict[str, dict], student: str, part: str) -> None:
    got = {p["id"]: p for p in sample_results[student]["parts"]}[part]
    assert got["status"] == "correct" and "follow_through" in got["diagnosis"]

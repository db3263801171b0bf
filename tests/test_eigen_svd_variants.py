"""The eigen/SVD homework in variant form (problems/eigen-svd-variants.yaml) and its sample class."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
import sympy

from mathgrade.cli import main
from variant_answers import graded_class
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
    # only the rank of C survives; 1f is recomputed from the copied V and Σ and does not fit A. 1g multiplies the
    # copied U, Σ and V correctly: right for the student's own (wrong) factors, so follow-through credits it (1g
    # follows 1d, 1e and 1f since UΣVᵀ of an unnormalised V is graded as its own product).
    pytest.param("tf415", 3, {p: "incorrect" for p in ("1a", "1b", "1c", "1d", "1e", "1f", "2a", "2b", "2c",
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
    return graded_class(ESV, CLASS, SAMPLE_SECRET, tmp_path_factory.mktemp("esv") / "out")


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


def test_the_copier_would_have_been_right_with_the_neighbours_numbers() -> None:
    """tf415's sheet graded as if it were ob722's gets full marks: the wrong verdicts come from the variant."""
    grader = Grader(load_spec(ESV), secret=SAMPLE_SECRET)
    copied = read_sheet(CLASS / "tf415.yaml")
    assert grader.grade(replace(copied, student_id="ob722")).score == TOTAL
    assert grader.grade(copied).score == 3  # the rank of C, and 1g carried from the copied factors


def _matrix(values: dict[str, str], text: str) -> sympy.Matrix:
    named: tuple[tuple[str, object], ...] = ()
    for name, value in values.items():
        named += ((name, parse_math(value, ParseOptions(values=named))),)
    return sympy.Matrix(parse_math(text, ParseOptions(values=named)))


# The named conditions hold on every student's numbers, checked here with plain sympy on matrices rebuilt from the
# drawn values (not through the predicates), and the ones that select really do rule candidates out.
def test_every_drawn_variant_meets_what_the_conditions_say() -> None:
    book = VariantBook(load_spec(ESV), "spread-secret")
    seen = [dict(book.variant_for(f"st{k:04d}")) for k in range(300)]
    for v in seen[:60]:
        a, b, z, c, d, t, u = (int(v[n]) for n in "abzcdtu")
        A = z * sympy.Matrix([[a, b], [b, -a]]) * sympy.diag(t + u, t) * sympy.Matrix([[c, -d], [d, c]]).T
        sigmas = sorted(sympy.sqrt(e) for e in (A.T * A).eigenvals(multiple=True))
        assert all(s.is_Integer for s in sigmas) and sigmas[0] != sigmas[1] and max(sigmas) <= 20, v
        assert A * A.T != A.T * A and all(e.is_real for e in A.eigenvals(multiple=True)), v
        B = _matrix(v, "Q [[l, 0], [0, k]] Q^T")
        eig = B.eigenvals(multiple=True)
        assert B == B.T and len(set(eig)) == 2 and all(e.is_Integer and e != 0 for e in eig), v
        assert sum(eig) not in (0, 1), v
    assert len({tuple(sorted(v.items())) for v in seen}) > 280  # neighbours rarely share a sheet
    assert len({tuple(v[n] for n in "abzcdtu") for v in seen}) > 30  # nor an A


@pytest.mark.parametrize("condition,rejects", [
    pytest.param("integer singular values of A", True, id="mixed-lengths-ruled-out"),
    pytest.param("distinct eigenvalues of B", True, id="l-equals-k-ruled-out"),
    pytest.param("invertible B", True, id="zero-eigenvalue-ruled-out"),
    pytest.param("real eigenvalues of A", False, id="guard-true-by-construction"),
    pytest.param("symmetric B", False, id="guard-symmetric"),
    pytest.param("orthogonal Q", False, id="guard-pythagorean-Q"),
])
def test_which_named_conditions_select(condition: str, rejects: bool) -> None:
    """Over 400 first candidates, the selecting conditions are false for some and the guards for none."""
    from mathgrade.spec.variants import candidate

    book = VariantBook(load_spec(ESV), "spread-secret")
    n = book.spec.where.index(condition)
    named = read_named(condition)
    held = []
    for k in range(400):
        values = candidate(book.spec, book.secret, "eigen-svd-variants", f"c{k}", 0)
        value = dict(book._named(values, None))[named.name]
        held.append(decide(named, value))
        assert book._holds(n, values, book._needs[n]) is held[-1]
    assert (not all(held)) is rejects


def read_named(text: str) -> NamedCondition:
    from mathgrade.spec.predicates import read_condition

    named = read_condition(text)
    assert named is not None
    return named


def test_validate_runs_every_self_test_in_drawn_variants(capsys: pytest.CaptureFixture[str]) -> None:
    # validate --variants 200 passes (run by hand, see docs/spec.md); 10 here to keep the suite fast
    assert main(["validate", str(ESV), "--variants", "10", "--time-limit", "30"]) == 0
    out, err = capsys.readouterr()
    assert "0 failed" in out, (out, err)
    assert "value C is a singular matrix in every variant" in out + err  # rank one by design: a note


@pytest.mark.parametrize("student,thirteens", [
    pytest.param("jp590", True, id="Q-from-5-12-13"),  # B = [[244, -180], [-180, 601]] / 169
    pytest.param("hn301", False, id="Q-from-3-4-5"),  # B = [[-59, 12], [12, -66]] / 25
    pytest.param("rc068", False, id="Q-reflection-3-4-5"),
])
def test_handout_sheets_show_each_students_own_matrices(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                         student: str, thirteens: bool) -> None:
    monkeypatch.setenv("MATHGRADE_SEED_SECRET", SAMPLE_SECRET)
    out = tmp_path / "handouts"
    assert main(["handout", str(ESV), "--roster", str(CLASS / "roster.csv"), "--out", str(out)]) == 0
    sheet = (out / "sheets" / f"{student}.html").read_text(encoding="utf-8")
    assert ("<mn>169</mn>" in sheet) is thirteens
    assert "{A}" not in sheet and "{B}" not in sheet and "<math" in sheet

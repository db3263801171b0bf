"""The second homework set in variant form (problems/linear-maps-variants.yaml) and its sample class."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
import yaml

from mathgrade.cli import main
from variant_answers import graded_class
from mathgrade.grade import Grader
from mathgrade.grade.sheets import read_sheet
from mathgrade.grade.variants import VariantBook
from mathgrade.spec import load_spec

ROOT = Path(__file__).resolve().parents[1]
LMV = ROOT / "problems" / "linear-maps-variants.yaml"
CLASS = ROOT / "examples" / "linear-maps-variants"
SAMPLE_SECRET = "linear-maps-variants-sample"


def test_fixed_version_is_kept_and_untouched_by_the_variant_form() -> None:
    fixed, varied = load_spec(ROOT / "problems" / "linear-maps.yaml"), load_spec(LMV)
    assert fixed.variants is None and varied.variants is not None
    assert len(fixed.parts) == len(varied.parts) == 16


def test_validates_against_the_schema() -> None:
    import jsonschema

    schema = json.loads((ROOT / "src" / "mathgrade" / "spec" / "schema.json").read_text(encoding="utf-8"))
    errors = list(jsonschema.Draft202012Validator(schema).iter_errors(yaml.safe_load(LMV.read_text(encoding="utf-8"))))
    # The schema does not yet allow a solver as a choice part's reference; the fixed linear-maps.yaml has the same
    # four errors (left to the schema's owner). Everything else, the variants block included, must validate.
    assert [e.message for e in errors if "linear_map" not in str(e.instance)] == []
    assert len(errors) == 4


# The `where:` conditions bite on real draws: with them, no student gets a projection onto the mirror line or a
# mirror line through u = (1, 1); the draw space without them has both.
def test_where_conditions_rule_out_what_they_say() -> None:
    book = VariantBook(load_spec(LMV), "spread-secret")
    seen = [dict(book.variant_for(f"st{k:04d}")) for k in range(600)]
    assert not any(v["p"] == "1" and v["q"] == "3" and v["c"] == "3" for v in seen)
    assert not any(v["p"] == "1" and v["q"] == "1" for v in seen)
    assert {(v["p"], v["q"]) for v in seen} == {("1", "-1"), ("1", "3"), ("2", "-1"), ("2", "1"), ("2", "3")}
    assert {v["d"] for v in seen} == {"30", "45", "60", "120", "135", "150"}
    assert len({tuple(sorted(v.items())) for v in seen}) > 400  # neighbours rarely share a sheet


def test_validate_runs_every_self_test_in_drawn_variants(capsys) -> None:
    # validate --variants 200 passes (run by hand, see docs/variants.md); 12 here to keep the suite fast
    # a generous time limit: this checks the samples, not the speed of a shared machine
    assert main(["validate", str(LMV), "--variants", "12", "--time-limit", "30"]) == 0
    out, err = capsys.readouterr()
    assert "0 failed" in out, (out, err)
    assert "value P is a singular matrix in every variant" in out + err  # a projection, by design: a note


# An instructor's reading of examples/linear-maps-variants/ under MATHGRADE_SEED_SECRET=linear-maps-variants-sample,
# written before the first run: (score out of 25, {part: status} for the parts that are not correct). The first
# three sheets were written and graded first; the last three were written after, and agreed 3/3 on first run.
SAMPLE = [
    pytest.param("jb204", 25, {}, id="jb204-all-right-exact"),
    pytest.param("kt117", 22, {"1b": "incorrect", "2b": "incorrect"}, id="kt117-forgot-scale-gave-normal"),
    # copied jb204 (d=120, r=3, mirror (2,3), k=3, c=2, w=120); theirs is d=135, r=3, (1,-1), k=2, c=3, w=90:
    # only the parts whose answer is the same for everyone (the kinds, rank, det) and the rotations' direction
    # and scale survive
    pytest.param("mr090", 11, {"1a": "partial", "1b": "incorrect", "2b": "incorrect", "2c": "incorrect",
                               "3b": "incorrect", "3c": "incorrect", "4b": "incorrect", "5a": "incorrect",
                               "6a": "partial", "6c": "incorrect"}, id="mr090-copier"),
    pytest.param("sd311", 21, {"3c": "incorrect", "5a": "incorrect", "6a": "partial"},
                 id="sd311-transposed-wrong-order-direction"),
    pytest.param("lw552", 17, {"3b": "missing", "6a": "missing", "6b": "missing", "6c": "missing"},
                 id="lw552-other-forms-and-blanks"),
    pytest.param("ep048", 13, {"1a": "partial", "2a": "incorrect", "3b": "incorrect", "4b": "incorrect",
                               "4c": "incorrect", "5a": "incorrect", "5b": "incorrect", "6b": "incorrect",
                               "6c": "missing"}, id="ep048-weaker"),
]

# Named mistakes the sheets make, found by each student's own key.
CODES = {("kt117", "1b"): "forgot_scale", ("kt117", "2b"): "gave_normal", ("sd311", "3c"): "transposed",
         ("sd311", "5a"): "wrong_order"}


@pytest.fixture(scope="module")
def sample_results(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict]:
    return graded_class(LMV, CLASS, SAMPLE_SECRET, tmp_path_factory.mktemp("lmv") / "out")


@pytest.mark.parametrize("student,score,wrong", SAMPLE)
def test_sample_class(sample_results: dict[str, dict], student: str, score: float, wrong: dict[str, str]) -> None:
    got = sample_results[student]
    assert {p["id"]: p["status"] for p in got["parts"] if p["status"] != "correct"} == wrong
    assert got["score"] == score
    assert set(got["variant"]) == {"d", "r", "p", "q", "k", "c", "w"}
    assert {(student, p["id"]) for p in got["parts"] if "diagnosis" in p and set(p["diagnosis"]) & set(CODES.values())} \
        == {k for k in CODES if k[0] == student}
    for p in got["parts"]:
        if (student, p["id"]) in CODES:
            assert CODES[student, p["id"]] in p["diagnosis"]


def test_the_copier_would_have_been_right_with_the_neighbours_numbers() -> None:
    """mr090's sheet graded as if it were jb204's gets full marks: the wrong verdicts come from the variant."""
    grader = Grader(load_spec(LMV), secret=SAMPLE_SECRET)
    copied = read_sheet(CLASS / "mr090.yaml")
    as_neighbour = grader.grade(replace(copied, student_id="jb204"))
    assert as_neighbour.score == 25
    assert grader.grade(copied).score == 11


@pytest.mark.parametrize("student,thirteenths", [
    pytest.param("jb204", True, id="mirror-2-3"),   # F = [[-5, 12], [12, 5]] / 13
    pytest.param("ep048", True, id="mirror-2-3-too"),
    pytest.param("kt117", False, id="mirror-1-minus-1"),  # F = [[0, -1], [-1, 0]]
    pytest.param("lw552", False, id="mirror-2-1"),  # F = [[3, 4], [4, -3]] / 5
])
def test_handout_sheets_show_each_students_own_matrices(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                         capsys, student: str, thirteenths: bool) -> None:
    monkeypatch.setenv("MATHGRADE_SEED_SECRET", SAMPLE_SECRET)
    out = tmp_path / "handouts"
    assert main(["handout", str(LMV), "--roster", str(CLASS / "roster.csv"), "--out", str(out)]) == 0
    sheet = (out / "sheets" / f"{student}.html").read_text(encoding="utf-8")
    assert ("<mn>13</mn>" in sheet) is thirteenths
    assert "{F}" not in sheet and "{R}" not in sheet and "<math" in sheet


def test_two_workers_give_the_same_results_as_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With variants, files are sent to workers by their student's likely variant (grade/pool.py): the order
    they are graded in changes, the results may not."""
    monkeypatch.setenv("MATHGRADE_SEED_SECRET", SAMPLE_SECRET)
    texts = []
    for jobs in ("1", "2"):
        out = tmp_path / f"out{jobs}"
        assert main(["grade", str(LMV), str(CLASS), "--out", str(out), "--jobs", jobs, "--quiet"]) == 0
        texts.append((out / "results.json").read_bytes())
    assert texts[0] == texts[1]

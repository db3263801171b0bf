"""Overrides with per-student variants: pinning a student's variant, and `answer` entries read in each
student's own variant (matched by the answer's relation to the student's own key)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mathgrade.cli import main
from mathgrade.errors import SpecError
from mathgrade.grade.overrides import load_overrides
from mathgrade.grade.variants import VariantBook
from mathgrade.spec import load_spec
from mathgrade.spec.variants import candidate

ROOT = Path(__file__).resolve().parents[1]
LMV = ROOT / "problems" / "linear-maps-variants.yaml"
K2V = ROOT / "problems" / "k2-variants.yaml"
CLASSES = {LMV: (ROOT / "examples" / "linear-maps-variants", "linear-maps-variants-sample"),
           K2V: (ROOT / "examples" / "k2-variants", "k2-variants-sample")}

# jb204's values under the sample secret (mr090 copied jb204's sheet)
JB204 = {"d": "120", "r": "3", "p": "2", "q": "3", "k": "3", "c": "2", "w": "120"}


def _grade(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, spec: Path, overrides: str) -> dict:
    folder, secret = CLASSES[spec]
    monkeypatch.setenv("MATHGRADE_SEED_SECRET", secret)
    path = tmp_path / "overrides.yaml"
    path.write_text(overrides, encoding="utf-8")
    out = tmp_path / "out"
    assert main(["grade", str(spec), str(folder), "--out", str(out), "--jobs", "1", "--quiet",
                 "--overrides", str(path)]) == 0
    return json.loads((out / "results.json").read_text(encoding="utf-8"))


def _scores(data: dict) -> dict[str, dict[str, float]]:
    return {s["id"]: {p["id"]: p["score"] for p in s["parts"]} for s in data["students"]}


# --- pins -----------------------------------------------------------------------------------------------------

def test_pinning_the_copier_to_the_neighbours_variant_makes_the_copied_sheet_right(tmp_path: Path,
                                                                                monkeypatch) -> None:
    values = ", ".join(f"{k}: {v}" for k, v in JB204.items())
    data = _grade(tmp_path, monkeypatch, LMV, f"""overrides:
  - {{student: mr090, variant: {{{values}}}, reason: "sat the exam with jb204's printed sheet"}}
""")
    students = {s["id"]: s for s in data["students"]}
    assert students["mr090"]["score"] == 25  # 11 without the pin (test_variant_sets)
    assert students["mr090"]["variant"] == JB204
    assert students["jb204"]["score"] == 25 and students["kt117"]["score"] == 22  # nobody else moves
    assert data["overrides"] == [{"student": "mr090", "variant": JB204,
                                  "reason": "sat the exam with jb204's printed sheet", "line": 2}]


def test_a_partial_pin_draws_the_rest_and_keeps_the_conditions(tmp_path: Path, monkeypatch) -> None:
    spec = load_spec(LMV)
    overrides = tmp_path / "o.yaml"
    overrides.write_text('overrides:\n  - {student: kt117, variant: {p: 2, q: 1, d: 45}, reason: "make-up"}\n',
                         encoding="utf-8")
    from mathgrade.grade.overrides import pinned_assignment

    book = VariantBook(pinned_assignment(spec, load_overrides(overrides, spec)), "linear-maps-variants-sample")
    before = dict(VariantBook(spec, "linear-maps-variants-sample").variant_for("kt117"))
    after = dict(book.variant_for("kt117"))
    assert (after["p"], after["q"], after["d"]) == ("2", "1", "45")
    # kt117's first draw had the mirror line (1, 3) with c = 3, which `2 P != F + I2` rules out, so unpinned
    # they got their second draw; pinned to (2, 1) the first draw meets every condition and the rest come from it
    first = dict(candidate(spec.variants, "linear-maps-variants-sample", spec.id, "kt117", 0))
    assert (first["p"], first["q"], first["c"]) == ("1", "3", "3") and before["q"] == "-1"
    assert {k: after[k] for k in ("r", "k", "c", "w")} == {k: first[k] for k in ("r", "k", "c", "w")}
    assert book.digest() != VariantBook(spec, "linear-maps-variants-sample").digest()  # no stale reuse
    # a mirror line along (1, 1) holds u = (1, 1), which `F u != u` rules out whatever else is drawn: the pin
    # cannot be met, and the error names the condition
    overrides.write_text('overrides:\n  - {student: kt117, variant: {p: 1, q: 1}, reason: "make-up"}\n',
                         encoding="utf-8")
    book = VariantBook(pinned_assignment(spec, load_overrides(overrides, spec)), "linear-maps-variants-sample")
    with pytest.raises(SpecError) as err:
        book.variant_for("kt117")
    assert err.value.field == "variants.where[1]"


@pytest.mark.parametrize("spec,entry,field", [
    pytest.param(ROOT / "problems" / "linear-maps.yaml", "{student: s1, variant: {d: 30}, reason: r}",
                 "overrides[0].variant", id="no-variants-in-spec"),
    pytest.param(LMV, "{student: s1, variant: {x: 30}, reason: r}", "overrides[0].variant.x", id="unknown-name"),
    pytest.param(LMV, "{student: s1, variant: {d: 30}}", "overrides[0].reason", id="no-reason"),
    pytest.param(LMV, "{student: s1, part: 1a, variant: {d: 30}, reason: r}", "overrides[0].part",
                 id="pin-with-a-part"),
    pytest.param(LMV, "{variant: {d: 30}, reason: r}", "overrides[0].student", id="no-student"),
    pytest.param(LMV, "{student: s1, variant: {d: [30]}, reason: r}", "overrides[0].variant.d", id="list-value"),
])
def test_pin_mistakes_name_the_field(tmp_path: Path, spec: Path, entry: str, field: str) -> None:
    path = tmp_path / "o.yaml"
    path.write_text(f"overrides:\n  - {entry}\n", encoding="utf-8")
    with pytest.raises(SpecError) as err:
        load_overrides(path, load_spec(spec))
    assert err.value.field == field


# --- answer entries, read in each student's own variant ------------------------------------------------------

# (spec, entry, {student: {part: score after}}, parts that must not move for anyone else). Decided from the
# sample classes' sheets (see test_variant_sets.SAMPLE and test_variants.SAMPLE) before the run.
ANSWER_ENTRIES = [
    # sd311 swapped the factors (Rot F for F Rot); in their variant only: nobody else wrote their own Rot F
    pytest.param(LMV, '{part: 5a, answer: "{Rot} {F}", points: 1, reason: "order swapped: half credit"}',
                 {"sd311": {"5a": 1.0}}, id="lmv-named-mistake-by-own-values"),
    # ep048 gave 1/k for the shear factor (k = -2, so -1/2); the sample in terms of k finds it in any variant
    pytest.param(LMV, '{part: 3b, answer: "1/{k}", points: 0.5, reason: "reciprocal"}',
                 {"ep048": {"3b": 0.5}}, id="lmv-relation-to-own-value"),
    # the same answer as a literal number: read in each student's variant, so it is 1/k only where k = -2
    pytest.param(LMV, '{part: 3b, answer: "-0.5", points: 0.5, reason: "reciprocal"}',
                 {"ep048": {"3b": 0.5}}, id="lmv-literal-in-own-variant"),
    # a part that does not depend on the drawn values: rank 2 for a projection
    pytest.param(LMV, '{part: 4c, answer: "2", points: 0.5, reason: "counted the columns"}',
                 {"ep048": {"4c": 0.5}}, id="lmv-variant-independent-part"),
    # a sample nobody wrote: no one moves (the copier's 5a is jb204's F Rot, not their own F)
    pytest.param(LMV, '{part: 5a, answer: "{F}", points: 1, reason: "forgot Rot"}', {}, id="lmv-nobody"),
    # k2: v04 forgot the transpose in 5a (Sigma V); the named mistake groups across variants
    pytest.param(K2V, '{part: 5a, answer: "{Sigma} {V}", points: 1, reason: "transpose forgotten"}',
                 {"v04": {"5a": 1.0}}, id="k2-forgot-transpose"),
    # k2: a right answer's relation to the key is "equal": accepting the key changes nobody's score
    pytest.param(K2V, '{part: 4a, answer: "{V}[1, 0]", action: accept, reason: "same as the key"}', {},
                 id="k2-sample-equal-to-own-key"),
]


@pytest.mark.parametrize("spec,entry,changed", ANSWER_ENTRIES)
def test_answer_entries_match_by_relation_to_own_key(tmp_path: Path, monkeypatch, spec: Path, entry: str,
                                                     changed: dict[str, dict[str, float]]) -> None:
    folder, secret = CLASSES[spec]
    monkeypatch.setenv("MATHGRADE_SEED_SECRET", secret)
    out = tmp_path / "plain"
    assert main(["grade", str(spec), str(folder), "--out", str(out), "--jobs", "1", "--quiet"]) == 0
    before = _scores(json.loads((out / "results.json").read_text(encoding="utf-8")))
    data = _grade(tmp_path, monkeypatch, spec, f"overrides:\n  - {entry}\n")
    after = _scores(data)
    moved = {s: {p: after[s][p] for p in after[s] if after[s][p] != before[s][p]} for s in after}
    assert {s: m for s, m in moved.items() if m} == changed
    assert {(a["student"], a["part"]) for a in data.get("overrides", [])} >= {
        (s, p) for s, m in changed.items() for p in m}

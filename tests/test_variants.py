"""Per-student variants: the draw (stable, spread), the spec block, grading against one's own key, validate."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
import yaml

from mathgrade.cli import main
from mathgrade.errors import SpecError
from mathgrade.grade import Grader, grade_paths
from mathgrade.grade.records import dumps, loads
from mathgrade.grade.sheets import Submission
from mathgrade.grade.variants import VariantBook, substitute
from mathgrade.parse import parse_math
from mathgrade.spec import load_spec, parse_spec
from mathgrade.spec.variants import uniform

sys.path.insert(0, str(Path(__file__).parent))
from variant_answers import right_answers

ROOT = Path(__file__).resolve().parents[1]
K2V = ROOT / "problems" / "k2-variants.yaml"
SECRET = "golden-secret"


@pytest.fixture(scope="module")
def book() -> VariantBook:
    return VariantBook(load_spec(K2V), SECRET)


# --- the draw -------------------------------------------------------------------------------------------------

# Golden draws: a change of algorithm (hash, message layout, option order, redraw rule) changes these and must
# come with a new ALGORITHM name in spec/variants.py: students' numbers must never change silently mid-course.
GOLDEN = [
    pytest.param("s01", {"d": "30", "a": "1", "b": "5", "g": "120"}, id="s01"),
    pytest.param("s02", {"d": "150", "a": "3", "b": "2", "g": "210"}, id="s02"),
    pytest.param("s03", {"d": "30", "a": "5", "b": "2", "g": "150"}, id="s03"),
    pytest.param("ada@example.edu", {"d": "30", "a": "1", "b": "3", "g": "240"}, id="email"),
    pytest.param("学生-7", {"d": "60", "a": "5", "b": "4", "g": "120"}, id="non-ascii"),
]


@pytest.mark.parametrize("student,values", GOLDEN)
def test_golden_draws(book: VariantBook, student: str, values: dict[str, str]) -> None:
    assert dict(book.variant_for(student)) == values


def test_uniform_golden() -> None:
    assert [uniform(SECRET, "k2-variants", s, 0, "d", 6) for s in ("s01", "s02", "s03", "s04", "s05")] == \
        [0, 5, 0, 4, 1]
    assert uniform(SECRET, "k2-variants", "s01", 3, "a", 1000003) == 816846


def test_same_variant_in_another_process_with_another_hash_seed() -> None:
    code = ("from mathgrade.spec import load_spec; from mathgrade.grade.variants import VariantBook; "
            f"b = VariantBook(load_spec({str(K2V)!r}), {SECRET!r}); "
            "print([b.variant_for(s) for s in ('s01', 'x9', 'ada@example.edu')])")
    outs = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                           env={**os.environ, "PYTHONHASHSEED": seed}).stdout for seed in ("0", "12345")}
    assert len(outs) == 1
    b = VariantBook(load_spec(K2V), SECRET)
    assert outs.pop().strip() == str([b.variant_for(s) for s in ("s01", "x9", "ada@example.edu")])


def test_other_secret_other_variants(book: VariantBook) -> None:
    other = VariantBook(load_spec(K2V), "another course")
    ids = [f"s{k:03d}" for k in range(50)]
    assert sum(book.variant_for(s) != other.variant_for(s) for s in ids) >= 40


def test_ids_spread_over_the_space(book: VariantBook) -> None:
    # 3,000 ids: each angle (6 options) and each g (4) is drawn near its share; a, b cover 1..5 and a != b holds.
    n = 3000
    drawn = [dict(book.variant_for(f"student-{k}")) for k in range(n)]
    for name, options in (("d", 4), ("g", 4)):  # d = 45 and 135 are ruled out by conditions
        counts = Counter(v[name] for v in drawn)
        assert len(counts) == options
        expected = n / options
        sigma = (expected * (1 - 1 / options)) ** 0.5
        assert all(abs(c - expected) < 5 * sigma for c in counts.values()), counts
    assert all(v["a"] != v["b"] for v in drawn)
    pairs = Counter((v["a"], v["b"]) for v in drawn)
    assert len(pairs) == 20  # every ordered pair of distinct values in 1..5
    # no d = 135 or 45 (where 4b, 4e or 4a, 4f would share an answer)
    assert all(v["d"] not in ("45", "135") for v in drawn)
    assert len({tuple(v.items()) for v in drawn}) > 300


# --- the spec block -------------------------------------------------------------------------------------------

BASE = """
id: t
values:
  M: "[[a, b], [0, c]]"
variants:
  seed: test
  draw:
{draw}
  where: {where}
problems:
  - id: "1"
    parts:
      - {{id: a, points: 1, kind: matrix, reference: {{solver: inverse, params: {{M: M}}}}}}
"""
DRAW = "    a: {integer: [1, 3]}\n    b: {rational: [-1, 1], denominators: [2]}\n    c: {choice: [2, 5]}"


@pytest.mark.parametrize("draw,where,field", [
    pytest.param(DRAW, '["a > 5"]', "variants.where[0]", id="where-never-met"),
    pytest.param(DRAW, '["a >"]', "variants.where[0]", id="where-half"),
    pytest.param(DRAW, '["M > 1"]', "variants.where[0]", id="order-on-matrix"),
    pytest.param("    a: {integer: [3, 1]}", "[]", "variants.draw.a.integer", id="range-upside-down"),
    pytest.param("    a: {integer: [1, 3], choice: [1]}", "[]", "variants.draw.a", id="two-ways"),
    pytest.param("    a: {integr: [1, 3]}", "[]", "variants.draw.a.integr", id="unknown-field"),
    pytest.param("    M: {integer: [1, 3]}", "[]", "variants.draw.M", id="also-a-value"),
    pytest.param("    a: {integer: [1, 1], exclude: [1]}", "[]", "variants.draw.a", id="nothing-left"),
])
def test_spec_errors_name_the_field(draw: str, where: str, field: str) -> None:
    with pytest.raises(SpecError) as info:
        Grader(parse_spec(BASE.format(draw=draw, where=where), "t.yaml"))
    assert info.value.field == field, str(info.value)


def test_no_secret_is_an_error_not_a_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MATHGRADE_SEED_SECRET", raising=False)
    with pytest.raises(SpecError) as info:
        Grader(load_spec(K2V))
    assert info.value.field == "variants.seed"
    monkeypatch.setenv("MATHGRADE_SEED_SECRET", SECRET)
    assert dict(Grader(load_spec(K2V)).variants.variant_for("s01"))["d"] == "30"


def test_draw_kinds_and_conditions() -> None:
    spec = parse_spec(BASE.format(draw=DRAW + "\n    t: {angle: [30, 135, -90]}", where='["det(M) != 0"]'))
    b = VariantBook(spec, "x")
    seen = [dict(b.variant_for(f"p{k}")) for k in range(300)]
    assert {v["a"] for v in seen} == {"1", "2", "3"}
    assert {v["b"] for v in seen} == {"-1", "-1/2", "0", "1/2", "1"}
    assert {v["c"] for v in seen} == {"2", "5"}
    assert {v["t"] for v in seen} == {"pi/6", "3*pi/4", "-pi/2"}


def test_pin_and_redraw_golden() -> None:
    text = BASE.format(draw=DRAW, where='["a == 3"]').replace("  seed: test", "  seed: test\n  pin: {p1: {a: 2}}")
    b = VariantBook(parse_spec(text), "x")
    assert dict(b.variant_for("p2"))["a"] == "3"  # redrawn until a == 3
    with pytest.raises(SpecError) as info:  # p1 is pinned to a = 2, which the condition refuses
        b.variant_for("p1")
    assert info.value.field == "variants.where[0]"


def test_without_variants_the_spec_has_none() -> None:
    assert load_spec(ROOT / "problems" / "k2.yaml").variants is None


def test_substitute_reads_back_as_the_value(book: VariantBook) -> None:
    compiled = book.grader_for(book.variant_for("s01")).compiled
    named = dict(compiled.values)
    assert substitute("{V}^T", named).startswith("[[")
    assert substitute(r"\frac{e^{z_i}}{c}", named) == r"\frac{e^{z_i}}{c}"  # braces around non-values stay
    assert parse_math(substitute("{V}", named)) == named["V"]
    assert substitute("rotates by {d} degrees", named) == "rotates by 30 degrees"


# --- grading --------------------------------------------------------------------------------------------------

CLASS = [f"v{k:02d}" for k in range(8)]


def _sheet(tmp: Path, student: str, answers: dict[str, str]) -> Path:
    path = tmp / f"{student}.yaml"
    path.write_text(yaml.safe_dump({"student": {"id": student, "name": student}, "assignment": "k2-variants",
                                    "answers": answers}, allow_unicode=True), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def graded(tmp_path_factory: pytest.TempPathFactory):
    os.environ["MATHGRADE_SEED_SECRET"] = SECRET
    tmp = tmp_path_factory.mktemp("class")
    b = VariantBook(load_spec(K2V), SECRET)
    variants = {s: dict(b.variant_for(s)) for s in CLASS}
    files = [_sheet(tmp, s, right_answers(variants[s])) for s in CLASS]
    # cheat copies v00's sheet; sloppy forgets the transpose in 5a, in their own variant
    files.append(_sheet(tmp, "cheat", right_answers(variants["v00"])))
    variants["cheat"] = dict(b.variant_for("cheat"))
    for name in ("sloppy", "sloppy2"):
        mine = dict(b.variant_for(name))
        variants[name] = mine
        wrong = right_answers(mine)
        other = right_answers({**mine, "d": str(-int(mine["d"]))})  # Σ V = Σ (Vᵀ with the angle negated)
        wrong["5a"] = other["5a"]
        files.append(_sheet(tmp, name, wrong))
    result = grade_paths(str(K2V), files, jobs=1)
    return result, variants


def test_each_student_right_for_their_own_variant_gets_full_marks(graded) -> None:
    result, variants = graded
    assert len({tuple(variants[s].items()) for s in CLASS}) >= 5  # the class really has different numbers
    for s in result.students:
        if s.id in CLASS:
            assert dict(s.variant) == variants[s.id]
            assert s.score == s.max - 2, [(p.id, p.status.value, p.feedback) for p in s.parts
                                          if p.status.value != "correct"]  # all but 7b (2 points, by hand)


def test_copied_answers_get_wrong_verdicts(graded) -> None:
    result, variants = graded
    cheat = next(s for s in result.students if s.id == "cheat")
    assert variants["cheat"] != variants["v00"]
    own, copied = right_answers(variants["cheat"]), right_answers(variants["v00"])
    differs = [p for p in own if own[p] != copied[p]]
    assert len(differs) >= 8
    for p in cheat.parts:
        if p.id not in differs:
            continue
        if "follow_through" in p.diagnoses:
            # 5b, 5c, 7a computed from the copied 5a are consistent with it: credit carried forward (see note)
            assert p.id in ("5b", "5c", "7a")
        else:
            assert p.status.value in ("incorrect", "partial"), (p.id, p.status, p.feedback)
    assert cheat.score < cheat.max / 2 + 12
    # the expected answers shown are the cheat's own key, not the one copied nor the instructor key's
    book = VariantBook(load_spec(K2V), SECRET)
    own_key = book.grader_for(book.variant_for("cheat")).expected
    copied_key = book.grader_for(book.variant_for("v00")).expected
    p4a = next(p for p in cheat.parts if p.id == "4a")
    assert p4a.expected == own_key["4a"] != copied_key["4a"]


def test_variant_in_results_json_and_gradebook_record(graded) -> None:
    result, variants = graded
    s = next(s for s in result.students if s.id == "v01")
    assert s.to_dict()["variant"] == variants["v01"]
    assert loads(dumps(s)) == s
    assert json.loads(dumps(s))["variant"] == [list(kv) for kv in s.variant]


def test_groups_by_relation_to_own_key(graded) -> None:
    result, variants = graded
    # right answers of 4d in every variant are one group
    g4d = [g for g in result.groups if g.part == "4d" and g.status.value == "correct"]
    assert len(g4d) == 1 and set(g4d[0].students) >= set(CLASS)
    # the named mistake (forgot_transpose) groups across variants: two students, two variants, one group
    assert variants["sloppy"] != variants["sloppy2"]
    for name in ("sloppy", "sloppy2"):
        p5a = next(p for s in result.students if s.id == name for p in s.parts if p.id == "5a")
        assert p5a.diagnoses[:1] == ("forgot_transpose",)
    g5a = [g for g in result.groups if g.part == "5a" and "sloppy" in g.students]
    assert len(g5a) == 1 and set(g5a[0].students) == {"sloppy", "sloppy2"}


def test_unreadable_submission_has_no_variant() -> None:
    grader = Grader(load_spec(K2V), secret=SECRET)
    result = grader.grade(Submission("bad.yaml", "bad", "bad", "", (), error="not YAML"))
    assert result.variant == () and result.status.value == "error"
    assert {p.status.value for p in result.parts} == {"missing"}


def test_fixed_spec_results_have_no_variant() -> None:
    result = Grader(load_spec(ROOT / "problems" / "k2.yaml")).grade(
        Submission("f", "s1", "s1", "", (("3c", "-1"),)))
    assert result.variant == () and "variant" not in result.to_dict()


# --- validate -------------------------------------------------------------------------------------------------

SMALL = """
id: small
variants:
  seed: {env: SMALL_SECRET_UNSET}
  draw:
    k: {integer: [-3, 3]}
    m: {integer: [1, 2]}
values:
  A: "[[k, 1], [0, m]]"
problems:
  - id: "1"
    parts:
      - id: a
        points: 1
        kind: matrix
        reference: {solver: inverse, params: {M: A}}
        mistakes: [{answer: "A^T", feedback: "transposed", code: transposed}]
        accept: ["{A}^(-1)"]
        reject: ["{A}^T", "{A}"]
"""


def test_validate_runs_samples_through_variants_and_reports_degenerate(tmp_path: Path, capsys) -> None:
    spec = tmp_path / "small.yaml"
    spec.write_text(SMALL, encoding="utf-8")
    code = main(["validate", str(spec), "--variants", "40"])
    out, err = capsys.readouterr()
    # k = 0 makes A singular: the inverse solver refuses; validate names the variant instead of stopping
    assert code == 1, (out, err)
    assert "(key not computable)" in err and "k=0" in err, err
    # with k = -1, m = 1, A is its own inverse: the reject sample "{A}" is right there, and validate says so
    assert "parts.a.reject[1]: fails in 1 of" in err and "k=-1, m=1" in err, err
    assert "parts.a.accept" not in err and "parts.a.reject[0]" not in err, err


def test_validate_flags_a_sample_that_only_fits_one_variant(tmp_path: Path, capsys) -> None:
    spec = tmp_path / "small.yaml"
    spec.write_text(SMALL.replace('k: {integer: [-3, 3]}', 'k: {integer: [1, 3]}')
                    .replace('accept: ["{A}^(-1)"]', 'accept: ["{A}^(-1)", "[[1, -1], [0, 1]]"]'),
                    encoding="utf-8")
    code = main(["validate", str(spec), "--variants", "12"])
    out, err = capsys.readouterr()
    assert code == 1
    assert "parts.a.accept[1]: fails in" in err
    assert "parts.a.accept[0]" not in err and "reject" not in err
    assert "6 distinct" in out


def test_k2_variants_validates_against_the_schema() -> None:
    import jsonschema

    schema = json.loads((ROOT / "src" / "mathgrade" / "spec" / "schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema).validate(yaml.safe_load(K2V.read_text(encoding="utf-8")))
    broken = yaml.safe_load(K2V.read_text(encoding="utf-8"))
    broken["variants"]["draw"]["d"] = {"integer": [1, 2], "choice": [3]}
    assert not jsonschema.Draft202012Validator(schema).is_valid(broken)


# --- the sample class and handouts ----------------------------------------------------------------------------

# An instructor's reading of examples/k2-variants/ under MATHGRADE_SEED_SECRET=k2-variants-sample: (score, parts not
# correct). 7b is graded by hand (manual) everywhere.
SAMPLE = {
    "v01": (43, {"7b"}),
    "v02": (42, {"4d", "7b"}),                                   # gave V for V^-1 (named mistake gave_V)
    # copied v01 (d = 120, g = 120; hers are 150, 150): 5f is a parallelogram for both; 5b, 5c carried forward
    "v03": (29, {"4a", "4b", "4c", "4d", "4e", "4f", "4g", "5a", "6a", "6e", "7a", "7b"}),
    "v04": (41, {"5a", "7b"}),                                   # forgot the transpose; 5b, 5c carried forward
    "v05": (43, {"7b"}),
    "v06": (38, {"4c", "6a", "7a", "7b"}),                       # wrong direction; two blanks
}


def test_sample_class(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    monkeypatch.setenv("MATHGRADE_SEED_SECRET", "k2-variants-sample")
    out = tmp_path / "out"
    assert main(["grade", str(K2V), str(ROOT / "examples" / "k2-variants"), "--out", str(out), "--jobs", "1",
                 "--quiet"]) == 0
    data = json.loads((out / "results.json").read_text(encoding="utf-8"))
    got = {s["id"]: (s["score"], {p["id"] for p in s["parts"] if p["status"] != "correct"}) for s in data["students"]}
    assert got == SAMPLE
    assert all(set(s["variant"]) == {"d", "a", "b", "g"} for s in data["students"])


def test_handout_sheets_and_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    monkeypatch.setenv("MATHGRADE_SEED_SECRET", "k2-variants-sample")
    out = tmp_path / "handouts"
    assert main(["handout", str(K2V), "--roster", str(ROOT / "examples" / "k2-variants" / "roster.csv"),
                 "--out", str(out)]) == 0
    sheets = sorted(p.name for p in (out / "sheets").iterdir())
    assert sheets == [f"v0{k}.html" for k in range(1, 7)]
    v01 = (out / "sheets" / "v01.html").read_text(encoding="utf-8")
    v03 = (out / "sheets" / "v03.html").read_text(encoding="utf-8")
    assert "{V}" not in v01 and "<mtable" in v01 and "@media print" in v01 and "$" not in v01
    assert "Zainab Okafor" in v01 and "Siobh" in v03
    assert v01.split("<main>")[1] != v03.split("<main>")[1]  # different numbers (d = 120 and d = 150)
    key = (out / "key.html").read_text(encoding="utf-8")
    assert key.count('class="student"') == 6 and "d = 150" in key


def test_handout_needs_variants(tmp_path: Path) -> None:
    from mathgrade.errors import UsageError
    from mathgrade.report.handouts import write_handouts

    with pytest.raises(UsageError):
        write_handouts(load_spec(ROOT / "problems" / "k2.yaml"), (), tmp_path)


def test_report_shows_the_students_own_numbers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MATHGRADE_SEED_SECRET", "k2-variants-sample")
    out = tmp_path / "out"
    assert main(["grade", str(K2V), str(ROOT / "examples" / "k2-variants"), "--out", str(out), "--jobs", "1",
                 "--quiet"]) == 0
    pages = {k: (out / f"v0{k}.html").read_text(encoding="utf-8") for k in (1, 3)}
    assert all("{V}" not in page and "{Sigma}" not in page for page in pages.values())
    # v01 (d = 120) and v03 (d = 150) see different matrices in problem 4's prompt
    # the problem's own section (the summary at the top of the page names it first)
    prompt = [page.split("Problem 4")[-1].split("</div>")[0] for page in pages.values()]
    assert "<mtable" in prompt[0] and prompt[0] != prompt[1]


# --- verdicts shared across variants --------------------------------------------------------------------------

# One answer text per row, graded in two variants that differ only in d (30° vs 60°): a part that does not use d
# is checked once for both (same verdict object); a part that does gets each variant's own verdict.
SHARED = [
    pytest.param("2a", "y_i(1 - y_i)", True, ("correct", "correct"), id="softmax-diagonal-shared"),
    pytest.param("3e", "y_i(1 - y_i) x_i", True, ("incorrect", "incorrect"), id="named-mistake-shared"),
    pytest.param("4a", "[cos(pi/6), sin(pi/6)]", False, ("correct", "incorrect"), id="V-e1-right-for-30-only"),
    # angle wrong for 30°, direction and scale right: 2 of 3
    pytest.param("4c", "rotates by 60 degrees counterclockwise, no scaling", False, ("partial", "correct"),
                 id="rotation-right-for-60-only"),
    # computed from d, but the key is the same word in both variants: one check serves both
    pytest.param("5f", "parallelogram", True, ("correct", "correct"), id="choice-same-word-shared"),
]


@pytest.mark.parametrize("part,answer,shared,statuses", SHARED)
def test_verdicts_shared_only_where_the_key_is_the_same(part: str, answer: str, shared: bool,
                                                        statuses: tuple[str, str]) -> None:
    import mathgrade.grade as grade_module

    book = VariantBook(load_spec(K2V), SECRET)
    thirty = (("d", "30"), ("a", "2"), ("b", "3"), ("g", "120"))
    sixty = (("d", "60"), ("a", "2"), ("b", "3"), ("g", "120"))
    calls: list[str] = []
    real = grade_module.grade_answer

    def counted(p, reference, text):
        calls.append(p.id)
        return real(p, reference, text)

    grade_module.grade_answer = counted
    try:
        first, second = (book.grader_for(v) for v in (thirty, sixty))
        the_part = next(p for p in book.assignment.parts if p.id == part)
        verdicts = [g._grade_part(the_part, answer) for g in (first, second)]
    finally:
        grade_module.grade_answer = real
    assert tuple(v.status.value for v in verdicts) == statuses
    assert calls == ([part] if shared else [part, part])


# --- conditions decided on the drawn values they use ----------------------------------------------------------

CONDITIONS = """
id: conditions
variants:
  seed: conditions-test
  draw:
    a: {integer: [-2, 2]}
    b: {integer: [-2, 2]}
    c: {choice: [1, 2]}
  where: [WHERE]
values:
  Sigma: "[[a, 0], [0, b]]"
  M: "[[c, a], [0, 1]]"
problems:
  - id: "1"
    parts:
      - {id: x, points: 1, reference: "a + b + c", accept: ["{a} + {b} + {c}"], reject: ["0.5"]}
"""


@pytest.mark.parametrize("where", [
    pytest.param("det(Σ) != 0", id="greek-letter-for-Sigma"),
    pytest.param("det(Sigma M) != 0", id="two-values"),
    pytest.param("a b != 2", id="product-of-drawn"),
    pytest.param("ab != 2", id="implicit-product-or-unknown-name"),
    pytest.param("a^2 + b^2 < 5", id="order"),
    pytest.param("M != Sigma", id="matrices"),
])
def test_conditions_restricted_to_their_names_decide_as_with_every_value(tmp_path: Path, where: str) -> None:
    from itertools import product as every

    spec = tmp_path / "c.yaml"
    spec.write_text(CONDITIONS.replace("WHERE", f'"{where}"'), encoding="utf-8")
    book = VariantBook(load_spec(spec))
    if where.startswith("det(Σ)"):  # restricted to what it uses: decided once per (a, b), not per (a, b, c)
        assert book._needs[0] == {"Sigma", "a", "b"}
    for a, b, c in every(range(-2, 3), range(-2, 3), (1, 2)):
        values = (("a", str(a)), ("b", str(b)), ("c", str(c)))
        try:
            oracle = book._holds(0, values, None)
        except SpecError:
            with pytest.raises(SpecError):
                book._failed(values)
            continue
        assert (book._failed(values) is None) is oracle, values

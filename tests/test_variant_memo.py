"""What per-student variants share between variants (grade/references.PartMemo, the follow-through verdicts kept by
recomputed reference), and the draw and the report prompts done with less work: every shared or shortened result
must be exactly the one the variant would have computed alone, the whole way."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest

from mathgrade.check.options import CheckOptions, Kind
from mathgrade.errors import SpecError
from mathgrade.grade import Grader
from mathgrade.grade.references import PartMemo, compile_assignment, parse_values
from mathgrade.grade.sheets import Submission
from mathgrade.grade.variants import VariantBook, structural_key, substitute, variant_assignment
from mathgrade.report.handouts import fill_prompt, with_numbers
from mathgrade.spec import Mistake, Part, SolverCall, load_spec, parse_spec
from mathgrade.spec.variants import candidate, uniform

ROOT = Path(__file__).resolve().parents[1]
ESV = ROOT / "problems" / "eigen-svd-variants.yaml"
SECRET = "memo-secret"


def _part(reference: object, mistakes: tuple[Mistake, ...] = ()) -> Part:
    return Part("x", "1", "", 1.0, Kind.EXPRESSION, reference, CheckOptions(), mistakes=mistakes)  # type: ignore[arg-type]


NAMES = ("a", "b", "R", "u", "Ru", "Sa", "s1", "Sigma")

# Which values a part's key holds: every name in its texts (a superset of what the parser reads there), never one
# fewer. Decided by reading each text as the parser would.
USED = [
    pytest.param("a + b", {"a", "b"}, id="plain-names"),
    pytest.param("R u", {"R", "u"}, id="product"),
    pytest.param("Ru", {"R", "u", "Ru"}, id="implicit-product-or-one-name"),
    pytest.param("Sa^{-1}", {"Sa", "a"}, id="name-inside-a-word"),
    pytest.param("s1^2", {"s1"}, id="name-with-digit"),
    pytest.param("2", set(), id="no-names"),
    pytest.param(SolverCall("product", (("factors", ("A", "R^T")),)), {"R"}, id="solver-list-param"),
    pytest.param(SolverCall("svd", (("M", "b"), ("factor", "Sigma"))), {"b"}, id="word-param-is-not-read"),
    pytest.param(SolverCall("eigenvectors", (("M", "b"), ("of", "Ru"))), {"b", "R", "u", "Ru"}, id="math-param"),
    pytest.param("Σ", set(NAMES), id="non-ascii-text-holds-all"),
]


@pytest.mark.parametrize("reference,used", USED)
def test_names_a_part_is_kept_by(reference: object, used: set[str]) -> None:
    assert PartMemo().names_used(_part(reference), NAMES) == frozenset(used)


def test_mistake_texts_count_and_feedback_does_not() -> None:
    part = _part("a", (Mistake("u + 1", "b Ru s1 Sigma: words in feedback are not parsed"),))
    assert PartMemo().names_used(part, NAMES) == frozenset({"a", "u"})


def test_texts_it_cannot_list_are_never_kept() -> None:
    memo = PartMemo()
    part = _part(SolverCall("product", (("factors", (object(),)),)))
    assert memo.key(part, (("a", 1),), "f.yaml") is None


@pytest.fixture(scope="module")
def variants() -> list[tuple[tuple[str, str], ...]]:
    book = VariantBook(load_spec(ESV), SECRET)
    return [book.variant_for(f"s{k:03d}") for k in range(40)]


def test_memo_compiles_exactly_what_each_variant_compiles_alone(variants: list) -> None:
    assignment = load_spec(ESV)
    memo = PartMemo()
    kept = 0
    for values in variants:
        alone = compile_assignment(variant_assignment(assignment, values))
        shared = compile_assignment(variant_assignment(assignment, values), memo)
        for part in assignment.parts:
            assert structural_key(shared.references[part.id]) == structural_key(alone.references[part.id]), part.id
        assert [structural_key(v) for _, v in shared.values] == [structural_key(v) for _, v in alone.values]
        kept += sum(shared.references[p.id] is not alone.references[p.id] for p in assignment.parts)
    assert kept > 0  # the memo was used (a part of one variant served another)


def test_a_part_is_recompiled_when_a_value_it_uses_changes(variants: list) -> None:
    assignment = load_spec(ESV)
    memo = PartMemo()
    first = dict(variants[0])
    ls = [v for v in ("-3", "-2", "-1", "2", "3", "4") if v not in (first["l"], first["k"])]
    other = tuple((k, ls[0] if k == "l" else v) for k, v in variants[0])  # B changes, A does not
    one = compile_assignment(variant_assignment(assignment, variants[0]), memo)
    two = compile_assignment(variant_assignment(assignment, other), memo)
    assert one.references["1a"] is two.references["1a"]  # AᵀA does not read B
    assert structural_key(one.references["2a"]) != structural_key(two.references["2a"])
    assert structural_key(two.references["2a"]) == structural_key(
        compile_assignment(variant_assignment(assignment, other)).references["2a"])


# Follow-through verdicts are kept by the recomputed reference, so students of different variants with the same A
# share them. Every sheet is graded by a book (sharing) and by a grader of that variant alone: same results.
def _sheets(values: tuple[tuple[str, str], ...], named: dict[str, object]) -> list[Submission]:
    assignment = load_spec(ESV)
    parts = {p.id: p for p in assignment.parts}
    out = []
    n = 0
    for d in (*parts["1d"].accept, *parts["1d"].reject):
        for e in (*parts["1e"].accept, *parts["1e"].reject):
            for f in (*parts["1f"].accept, *parts["1f"].reject, "[[1, 0], [0, 1]]"):
                answers = {"1d": d, "1e": e, "1f": f, "1g": parts["1g"].accept[0]}
                out.append(Submission(file=f"x{n}.json", student_id="s", name="s", email="",
                                      answers=tuple((k, substitute(v, named)) for k, v in answers.items())))
                n += 1
    return out


def test_follow_through_shared_between_variants_is_each_variants_own(variants: list) -> None:
    assignment = load_spec(ESV)
    book = VariantBook(assignment, SECRET)
    by_a: dict[tuple, list] = defaultdict(list)
    for values in variants:
        by_a[tuple(v for k, v in values if k in "abzcdtu")].append(values)
    pairs = [vs[:2] for vs in by_a.values() if len(vs) >= 2][:2]
    assert pairs, "no two variants with the same A among 40 students"
    hits = 0
    for pair in pairs:
        for values in pair:
            shared = book.grader_for(values)
            alone = Grader(variant_assignment(assignment, values), relative=True)
            before = len(book.shared.carried)
            for sheet in _sheets(values, dict(alone.compiled.values)):
                assert shared.grade(sheet) == alone.grade(sheet), sheet.answers
            hits += len(book.shared.carried) == before
    assert hits >= 1  # the second variant of a pair found every recomputed verdict already kept


# The draw, value by value (spec/variants.Candidate): the same texts as `uniform`'s message per value, and the same
# variant as trying every full candidate in turn.
@pytest.mark.parametrize("student", ["s1", "学生-7", "ada@example.edu"])
def test_lazy_candidate_draws_what_uniform_draws(student: str) -> None:
    spec = load_spec(ESV).variants
    assert spec is not None
    for attempt in range(4):
        want = tuple((d.name, d.options[uniform(SECRET, "eigen-svd-variants", student, attempt, d.name,
                                                len(d.options))]) for d in spec.draws)
        assert candidate(spec, SECRET, "eigen-svd-variants", student, attempt) == want


def test_variant_is_the_first_full_candidate_that_meets_every_condition() -> None:
    book = VariantBook(load_spec(ESV), SECRET)
    for k in range(25):
        student = f"q{k}"
        full = (candidate(book.spec, SECRET, "eigen-svd-variants", student, n) for n in range(book.spec.redraws))
        assert book.variant_for(student) == next(v for v in full if book._failed(v) is None)


def test_report_prompts_read_values_as_the_whole_spec_does(variants: list) -> None:
    assignment = load_spec(ESV)
    for values in variants[:12]:
        named = dict(parse_values(variant_assignment(assignment, values)))
        filled = with_numbers(assignment, values)
        assert [p.prompt for p in filled.problems] == [fill_prompt(p.prompt, named) for p in assignment.problems]
        assert [p.prompt for p in filled.parts] == [fill_prompt(p.prompt, named) for p in assignment.parts]
        assert any(p.prompt != q.prompt for p, q in zip(filled.problems, assignment.problems, strict=True))


# Routing (VariantBook.likely_variant): files go to the worker that has the values most parts are built from.
# Decided by reading the specs: eigen-svd-variants' problem 1 (7 parts) is built from A = z P diag(s, t) Rᵀ, with
# P from a, b, R from c, d and s = t + u; problem 2 (5 parts) from Q, l, k; problem 3 (2 parts) from f, g.
FAMILIES = [
    pytest.param("eigen-svd-variants", {"a", "b", "z", "c", "d", "t", "u"}, id="eigen-svd-A"),
    pytest.param("k2-variants", {"d", "g"}, id="k2-V-and-U-angles"),
]


@pytest.mark.parametrize("spec,family", FAMILIES)
def test_family_is_what_most_parts_are_built_from(spec: str, family: set[str]) -> None:
    assert VariantBook(load_spec(ROOT / "problems" / f"{spec}.yaml"), SECRET).family() == frozenset(family)


def test_students_are_routed_by_their_own_variants_family(variants: list) -> None:
    book = VariantBook(load_spec(ESV), SECRET)
    family = book.family()
    for k, values in enumerate(variants):
        assert book.likely_variant(f"s{k:03d}") == repr(tuple((n, v) for n, v in values if n in family))
    names = {book.likely_variant(f"s{k:03d}") for k in range(len(variants))}
    assert 1 < len(names) < len(set(variants))  # students share a family more often than a whole variant


def test_a_student_whose_draw_fails_is_still_routed_and_the_draw_still_fails() -> None:
    text = """
id: t
values:
  M: "[[a, 0], [0, a]]"
variants:
  seed: test
  draw:
    a: {integer: [1, 3]}
  where: ["a > 5"]
problems:
  - id: "1"
    parts:
      - {id: a, points: 1, kind: matrix, reference: {solver: inverse, params: {M: M}}}
"""
    book = VariantBook(parse_spec(text, "t.yaml"), "x")
    assert book.likely_variant("p1") == repr(candidate(book.spec, "x", "t", "p1", 0))
    with pytest.raises(SpecError):
        book.variant_for("p1")


def test_remembered_variant_is_the_drawn_one(variants: list) -> None:
    book = VariantBook(load_spec(ESV), SECRET)
    first = [book.variant_for(f"s{k:03d}") for k in range(len(variants))]
    again = [book.variant_for(f"s{k:03d}") for k in range(len(variants))]
    assert first == again == variants

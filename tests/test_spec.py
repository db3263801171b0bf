"""Spec errors: every instructor mistake names the file, the line and the field, with a message that says what."""

from __future__ import annotations

from pathlib import Path

import pytest

from mathgrade.cli import main
from mathgrade.errors import SpecError
from mathgrade.grade import Grader
from mathgrade.spec import load_spec, parse_spec

GOOD_PART = "      - {id: a, points: 1, reference: '1/sqrt(2)'}\n"


def spec(parts: str = GOOD_PART, top: str = "") -> str:
    return f"id: t\n{top}problems:\n  - id: '1'\n    parts:\n{parts}"


@pytest.mark.parametrize("text,message,line,field", [
    pytest.param("problems: []\n", "missing required field `id`", None, "(top level)", id="no-id"),
    pytest.param("id: t\nproblems: []\n", "`problems` must be a non-empty list", 2, "problems", id="no-problems"),
    pytest.param(spec("      - {id: a, reference: '1'}\n"), "points must be a positive number", 5, "points",
                 id="no-points"),
    pytest.param(spec("      - {id: a, points: -2, reference: '1'}\n"), "points must be a positive number", 5,
                 "points", id="negative-points"),
    pytest.param(spec("      - {id: a, points: 1}\n"), "missing required field `reference`", 5, "parts[0]",
                 id="no-reference"),
    pytest.param(spec("      - {id: a, points: 1, kind: colour, reference: '1'}\n"), "unknown kind 'colour'", 5,
                 "kind", id="unknown-kind"),
    pytest.param(spec("      - {id: a, points: 1, reference: '1', tolerance: 3}\n"), "unknown field `tolerance`", 5,
                 "tolerance", id="unknown-field"),
    pytest.param(spec("      - {id: a, points: 1, reference: '1', rtol: -0.1}\n"), "can't be negative", 5, "rtol",
                 id="negative-rtol"),
    pytest.param(spec("      - {id: a, points: 1, reference: '1', rtol: .nan}\n"), "finite", 5, "rtol",
                 id="nan-rtol"),
    pytest.param(spec("      - {id: a, points: 1, reference: '1', condition: 'i<j'}\n"), "condition must be any, or two index names",
                 5, "condition", id="bad-condition"),
    pytest.param(spec(GOOD_PART + GOOD_PART), "duplicate part id 'a'", 6, "parts[1].id", id="duplicate-part"),
    pytest.param("id: t\nid: u\nproblems: []\n", "duplicate key 'id'", 2, "id", id="duplicate-key"),
    pytest.param("id: t\nproblems: [\n", "not valid YAML", None, None, id="yaml-syntax"),
    pytest.param(spec(top="reveal: sometimes\n"), "reveal must be one of", 2, "reveal", id="bad-reveal"),
    pytest.param(spec(top="reveal: after_due\n"), "needs a `due` date", 2, "reveal", id="after-due-without-due"),
    pytest.param(spec(top="due: tomorrow\n"), "due must be a date", 2, "due", id="bad-due"),
    pytest.param(spec("      - {id: b, points: 1, reference: '1', follow_through: [a]}\n" + GOOD_PART),
                 "not an earlier part", 5, "follow_through", id="follow-through-forward"),
    pytest.param(spec(GOOD_PART + "      - {id: b, points: 1, reference: '1', follow_through: [a]}\n"),
                 "no value is `{part: a}`", 6, "follow_through", id="follow-through-without-a-value"),
    pytest.param(spec(top="symbols: {vector: [w]}\n"), "unknown field `vector` in symbols", 2, "vector",
                 id="symbols-typo"),
    pytest.param(spec(top="late: {penalty: 10%, after: 2}\n"), "unknown field `after` in late", 2, "after",
                 id="late-typo"),
    pytest.param(spec(top="values: {X: {part: 9z}}\n"), "names part '9z'", 2, "values.X", id="value-unknown-part"),
    pytest.param(spec("      - {id: a, points: 1, reference: '1', partial: half}\n"), "partial must be", 5,
                 "partial", id="bad-partial"),
    pytest.param(spec("      - {id: a, points: 1, reference: '1', mistakes: [{answer: '2'}]}\n"),
                 "missing required field `feedback`", 5, "mistakes[0]", id="mistake-without-feedback"),
    # Found by checking the loader against the JSON Schema: each was silently accepted or a traceback.
    pytest.param(spec("      - {id: a, points: .nan, reference: '1'}\n"), "finite", 5, "points", id="nan-points"),
    pytest.param(spec("      - {id: a, points: .inf, reference: '1'}\n"), "finite", 5, "points", id="inf-points"),
    pytest.param(spec("      - {id: a, points: 1, reference: '1', exact: 'false'}\n"), "must be true or false", 5,
                 "exact", id="exact-as-text"),
    pytest.param(spec("      - {id: a, points: 1, reference: '1', orientation: 1}\n"), "must be true or false", 5,
                 "orientation", id="orientation-as-number"),
    pytest.param(spec("      - {id: a, points: 1, reference: '1', partial: {min_share: 2}}\n"), "min_share", 5,
                 "partial", id="min-share-out-of-range"),
    pytest.param(spec("      - {id: a, points: 1, reference: '1', partial: {}}\n"), "takes mode and/or min_share",
                 5, "partial", id="empty-partial"),
    pytest.param(spec(top="choices: [a, b]\n"), "unknown field `choices` at the top level", 2, "choices",
                 id="top-level-choices"),
    pytest.param(spec(top="condition: i=j\n"), "unknown field `condition` at the top level", 2, "condition",
                 id="top-level-condition"),
    pytest.param("id: t\nproblems:\n  - {id: '1', colour: red, parts: [{id: a, points: 1, reference: '1'}]}\n",
                 "unknown field `colour` in a problem", 3, "colour", id="unknown-problem-field"),
    pytest.param("id: t\nproblems:\n  - {id: '1', parts: [{id: a, points: 1, reference: '1'}]}\n"
                 "  - {id: '1', parts: [{id: b, points: 1, reference: '1'}]}\n", "duplicate problem id", 4, "id",
                 id="duplicate-problem"),
    pytest.param(spec("      - {id: a, points: 1, kind: '', reference: '1'}\n"), "kind is empty", 5, "kind",
                 id="empty-kind"),
    pytest.param(spec("      - {id: a, points: 1, kind: text, reference: '1'}\n"), "no reference", 5, "reference",
                 id="text-with-reference"),
    pytest.param(spec("      - {id: a, points: 1, reference: '1', mistakes: [{answer: '2', solver: matvec, "
                      "feedback: x}]}\n"), "not both", 5, "solver", id="mistake-answer-and-solver"),
    pytest.param(spec("      - {id: a, points: 1, reference: '1', silent_scale: maybe}\n"), "silent_scale", 5,
                 "silent_scale", id="bad-silent-scale"),
])
def test_spec_errors_name_file_line_and_field(text: str, message: str, line: int | None, field: str | None) -> None:
    with pytest.raises(SpecError, match=message) as info:
        parse_spec(text, "course/hw.yaml")
    err = info.value
    assert err.file == "course/hw.yaml"
    if line is not None:
        assert err.line == line
    if field is not None:
        assert err.field is not None and err.field.endswith(field), err.field
    assert str(err).startswith("course/hw.yaml")


@pytest.mark.parametrize("parts,message,field", [
    pytest.param("      - {id: a, points: 1, reference: '(1+'}\n", "cannot read", "reference", id="bad-literal"),
    pytest.param("      - {id: a, points: 1, reference: {solver: nope}}\n", "unknown solver 'nope'", "solver",
                 id="unknown-solver"),
    pytest.param("      - {id: a, points: 1, reference: {solver: matvec, params: {M: V}}}\n",
                 "needs parameter 'x'", "params", id="missing-param"),
    pytest.param("      - {id: a, points: 1, reference: {solver: matvec, params: {M: V, x: e1, y: 2}}}\n",
                 "has no parameter 'y'", "params.y", id="extra-param"),
    pytest.param("      - {id: a, points: 1, reference: {solver: matvec, params: {M: V, x: '[1, 2, 3]'}}}\n",
                 "cannot multiply", "reference", id="shape-mismatch"),
    pytest.param("      - {id: a, points: 1, kind: rotation, reference: {solver: rotation, params: {M: S}}}\n",
                 "uniform scaling", "reference", id="not-a-rotation"),
    pytest.param("      - {id: a, points: 1, kind: rotation, reference: {solver: matvec, params: {M: V, x: e1}}}\n",
                 "needs the `rotation` solver", "reference", id="rotation-kind-needs-rotation"),
    pytest.param("      - {id: a, points: 1, reference: '1', alternatives: ['(']}\n", "cannot read the alternative",
                 "alternatives[0]", id="bad-alternative"),
    pytest.param("      - {id: a, points: 1, reference: {solver: linear_score}}\n", "cannot run with these",
                 "params", id="solver-without-its-word-params"),
    pytest.param("      - {id: a, points: 1, kind: vector, reference: {solver: rotation, params: {M: V}}}\n",
                 "use it with `kind: rotation`", "reference", id="rotation-solver-on-a-vector-part"),
    pytest.param("      - {id: a, points: 1, reference: {solver: softmax_shift}}\n",
                 "use it with `kind: derivation`", "reference", id="derivation-solver-on-an-expression-part"),
])
def test_reference_errors_when_compiling(parts: str, message: str, field: str) -> None:
    top = "values: {V: '[[0, -1], [1, 0]]', S: '[[2, 0], [0, 3]]', e1: '[1, 0]'}\n"
    assignment = parse_spec(spec(parts, top), "hw.yaml")
    with pytest.raises(SpecError, match=message) as info:
        Grader(assignment)
    assert info.value.file == "hw.yaml" and info.value.field is not None and field in info.value.field


def test_validate_reports_failing_self_tests(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "hw.yaml"
    path.write_text(spec("      - {id: a, points: 1, reference: '1/sqrt(2)', accept: ['1/2'], reject: ['sqrt(2)/2']}\n"),
                    encoding="utf-8")
    assert main(["validate", str(path)]) == 1
    err = capsys.readouterr().err
    assert "parts.a.accept[0]: '1/2' was graded incorrect" in err
    assert "parts.a.reject[0]: 'sqrt(2)/2' was graded correct" in err


def test_validate_spec_error_exit_code(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "hw.yaml"
    path.write_text("id: t\nproblems: []\n", encoding="utf-8")
    assert main(["validate", str(path)]) == 2
    assert f"{path}:2: problems:" in capsys.readouterr().err


def test_k2_loads_with_every_part_and_fifty_points() -> None:
    k2 = load_spec(Path(__file__).resolve().parents[1] / "problems" / "k2.yaml")
    ids = [p.id for p in k2.parts]
    assert ids == ["1", "2a", "2b", "2c", "3a", "3b", "3c", "3d", "3e", "3f", "4a", "4b", "4c", "4d", "4e", "4f",
                   "4g", "5a", "5b", "5c", "5d", "5e", "5f", "6a", "6b", "6c", "6d", "6e", "7a", "7b"]
    assert k2.max_points == 50
    assert all(p.accept and p.reject for p in k2.parts if p.kind.value != "text")


def test_yaml_alias_bomb_is_refused() -> None:
    levels = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    levels += [f"a{k}: &a{k} [" + ", ".join([f"*a{k - 1}"] * 9) + "]" for k in range(1, 9)]
    with pytest.raises(SpecError, match="expands to more than"):  # 72 aliases, 9^9 values
        parse_spec("\n".join(levels) + "\nid: t\nproblems: []\n", "bomb.yaml")
    many = "id: t\nx: &x 1\nys: [" + ", ".join(["*x"] * 150) + "]\nproblems: []\n"
    with pytest.raises(SpecError, match="more than 100 YAML aliases"):
        parse_spec(many, "many.yaml")


def test_huge_spec_is_refused() -> None:
    with pytest.raises(SpecError, match="larger than"):
        parse_spec("id: t\n# " + "x" * 2_100_000 + "\nproblems: []\n", "huge.yaml")


def test_python_object_tags_are_not_constructed() -> None:
    with pytest.raises(SpecError, match="not valid YAML"):
        parse_spec("id: !!python/object/apply:os.system ['touch /tmp/pwned']\nproblems: []\n", "evil.yaml")


@pytest.mark.parametrize("written", ["2026-12-01", "20261201"])
def test_due_dates_are_stored_in_one_form(written: str) -> None:
    """reveal: after_due compares today's date with `due` as text: a compact date must not sort wrongly."""
    assert parse_spec(spec(top=f"due: '{written}'\n")).due == "2026-12-01"

"""The published JSON Schema (src/mathgrade/spec/schema.json) against the loader, k2, and docs/spec.md.

The schema accepts what the loader accepts, except where the loader would silently ignore or misread a field
(unknown keys outside parts, `exact: "false"`, ...): there the schema is stricter, so an editor flags it.
"""

from __future__ import annotations

import copy
import datetime
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from mathgrade import solvers
from mathgrade.cli import main
from mathgrade.errors import SpecError
from mathgrade.grade.references import compile_assignment
from mathgrade.spec import parse_spec

ROOT = Path(__file__).resolve().parents[1]
SCHEMA_PATH = ROOT / "src" / "mathgrade" / "spec" / "schema.json"
SCHEMA = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
# Editors such as the YAML language server check `format: date`; so do these tests.
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
DOC = (ROOT / "docs" / "spec.md").read_text(encoding="utf-8")


def editor_view(data: Any) -> Any:
    """YAML data as an editor's YAML 1.2 language server sees it: dates (2026-12-01) are strings."""
    if isinstance(data, dict):
        return {k: editor_view(v) for k, v in data.items()}
    if isinstance(data, list):
        return [editor_view(v) for v in data]
    if isinstance(data, datetime.date):
        return data.isoformat()
    return data


def schema_accepts(data: Any) -> bool:
    return VALIDATOR.is_valid(data)


def loader_accepts(data: Any) -> bool:
    """Whether the loader, and the reference compiler that `mathgrade validate` runs next, accept the spec."""
    try:
        compile_assignment(parse_spec(yaml.safe_dump(data, allow_unicode=True), "broken.yaml"))
    except SpecError:
        return False
    return True


def minimal(**part: Any) -> dict[str, Any]:
    """A valid one-part spec; keyword arguments replace or add part fields (None removes one)."""
    fields = {"id": "a", "points": 1, "reference": "1", **part}
    return {"id": "t", "problems": [{"id": "1", "parts": [{k: v for k, v in fields.items() if v is not None}]}]}


def with_top(**top: Any) -> dict[str, Any]:
    spec = minimal()
    spec.update(top)
    return spec


def doc_example() -> str:
    """The complete example of docs/spec.md: the YAML block that starts with the yaml-language-server line."""
    blocks = re.findall(r"```yaml\n(.*?)```", DOC, re.S)
    complete = [b for b in blocks if b.startswith("# yaml-language-server: $schema=")]
    assert len(complete) == 1, "docs/spec.md must have exactly one complete example with the $schema comment"
    return complete[0]


# --- the schema itself, k2 and the documented example ----------------------------------------------------------


def test_schema_is_a_valid_draft_2020_12_schema() -> None:
    assert SCHEMA["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(SCHEMA)


def test_k2_validates() -> None:
    data = yaml.safe_load((ROOT / "problems" / "k2.yaml").read_text(encoding="utf-8"))
    VALIDATOR.validate(data)


def test_doc_example_validates_and_passes_its_self_tests(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = doc_example()
    VALIDATOR.validate(editor_view(yaml.safe_load(text)))
    path = tmp_path / "example.yaml"
    path.write_text(text, encoding="utf-8")
    assert main(["validate", str(path)]) == 0
    out = capsys.readouterr().out
    assert " 0 failed" in out and "note:" not in out  # every part has both accept and reject self-tests


def test_doc_mentions_the_schema_comment_for_editors() -> None:
    assert "# yaml-language-server: $schema=" in DOC
    assert "src/mathgrade/spec/schema.json" in DOC


# --- broken specs --------------------------------------------------------------------------------------------

# (id, spec, loader_rejects): loader_rejects is False where the schema is deliberately stricter than the loader
# (the loader would silently ignore or misread the field; see the module docstring).
BROKEN: list[tuple[str, dict[str, Any], bool]] = [
    ("no-assignment-id", {"problems": minimal()["problems"]}, True),
    ("boolean-id", with_top(id=True), True),
    ("no-problems", with_top(problems=[]), True),
    ("problem-without-parts", with_top(problems=[{"id": "1", "parts": []}]), True),
    ("part-without-id", minimal(id=None), True),
    ("part-without-points", minimal(points=None), True),
    ("zero-points", minimal(points=0), True),
    ("negative-points", minimal(points=-1), True),
    ("unknown-kind", minimal(kind="essay"), True),
    ("unknown-part-field", minimal(tol=0.1), True),
    ("missing-reference", minimal(reference=None), True),
    ("reference-as-yaml-list", minimal(kind="vector", reference=[1, 0]), True),
    ("negative-rtol", minimal(rtol=-0.1), True),
    ("rtol-100-percent", with_top(rtol=1), True),
    ("rtol-as-word", minimal(rtol="tight"), True),
    ("negative-atol", minimal(atol=-1e-9), True),
    ("bad-reveal", with_top(reveal="soon"), True),
    ("after-due-without-due", with_top(reveal="after_due"), True),
    ("due-not-a-date", with_top(due="next friday"), True),
    ("bad-condition", minimal(kind="indexed", condition="i<j"), True),
    ("bad-domain", with_top(symbols={"domains": {"y": "complex"}}), True),
    ("accept-nested-list", minimal(accept=[[0, 1]]), True),
    ("value-name-with-dash", with_top(values={"e-1": "1"}), True),
    ("value-boolean", with_top(values={"b": True}), True),
    ("value-part-and-more", with_top(values={"P": {"part": "a", "also": 1}}), True),
    ("partial-unknown-mode", minimal(partial="generous"), True),
    ("min-share-above-one", minimal(partial={"min_share": 1.5}), True),
    ("mistake-without-feedback", minimal(mistakes=[{"answer": "2"}]), True),
    ("mistake-without-answer-or-solver", minimal(mistakes=[{"feedback": "no"}]), True),
    ("mistake-score-one", minimal(mistakes=[{"answer": "2", "feedback": "no", "score": 1}]), True),
    ("late-penalty-150-percent", with_top(late={"penalty": "150%"}), True),
    ("solver-without-name", minimal(reference={"params": {"M": "1"}}), True),
    ("unknown-solver", minimal(reference={"solver": "determinant", "params": {"M": "[[1, 0], [0, 1]]"}}), True),
    ("solver-missing-param", minimal(kind="vector", reference={"solver": "matvec", "params": {"M": "[[1, 0], [0, 1]]"}}),
     True),
    ("solver-unknown-param", minimal(reference={"solver": "transpose", "params": {"M": "[[1]]", "N": "[[1]]"}}),
     True),
    ("solver-list-param-not-list", minimal(reference={"solver": "product", "params": {"factors": "[[1]]"}}), True),
    ("solver-bad-word", minimal(kind="indexed", reference={"solver": "softmax_jacobian",
                                                           "params": {"entry": "corner"}}), True),
    ("rotation-kind-without-rotation-solver", minimal(kind="rotation", reference="[[0, -1], [1, 0]]"), True),
    ("derivation-kind-without-derivation-solver", minimal(kind="derivation", reference="1"), True),
    ("choice-with-matrix-solver", minimal(kind="choice", reference={"solver": "transpose", "params": {"M": "[[1]]"}}),
     True),
    # Stricter than the loader, which would accept these and do the wrong thing:
    ("exact-as-text", minimal(exact="false"), False),          # bool("false") is True
    ("unknown-top-level-field", with_top(rtoll=0.5), False),    # silently ignored: the default rtol applies
    ("unknown-problem-field", with_top(problems=[{"id": "1", "points": 3, "parts": minimal()["problems"][0]["parts"]}]),
     False),
    ("unknown-symbols-field", minimal(symbols={"vector": ["w"]}), False),  # typo for vectors: ignored
    ("greek-value-name", with_top(values={"Σ": "3"}), False),  # text reads Σ as Sigma: never used
    ("mistake-with-answer-and-solver", minimal(mistakes=[{"answer": "2", "solver": "transpose", "feedback": "x"}]),
     False),
]


@pytest.mark.parametrize(("spec", "loader_rejects"), [(s, r) for _, s, r in BROKEN], ids=[i for i, _, _ in BROKEN])
def test_schema_rejects_broken_specs(spec: dict[str, Any], loader_rejects: bool) -> None:
    with pytest.raises(jsonschema.ValidationError):
        VALIDATOR.validate(spec)
    if loader_rejects:
        assert not loader_accepts(spec), "the loader accepts this spec: the schema is stricter than it"


def test_broken_table_is_broken_only_where_it_says() -> None:
    """Each broken spec differs from a valid one: the base specs themselves pass both checks."""
    for spec in (minimal(), with_top()):
        assert schema_accepts(spec) and loader_accepts(spec)


# What a JSON Schema cannot express (links between fields, the mathematics itself) only `mathgrade validate` finds.
VALIDATE_ONLY: list[tuple[str, dict[str, Any]]] = [
    ("duplicate-part-id", with_top(problems=[{"id": "1", "parts": [minimal()["problems"][0]["parts"][0]] * 2}])),
    ("follow-through-to-unknown-part", minimal(follow_through=["zz"])),
    ("value-names-unknown-part", with_top(values={"P": {"part": "zz"}})),
    ("unreadable-reference", minimal(reference="x +* 2")),
    ("unreadable-value", with_top(values={"A": "[[1, 2"})),
    ("singular-inverse", minimal(kind="matrix", reference={"solver": "inverse", "params": {"M": "[[1, 1], [1, 1]]"}})),
    ("reflection-is-no-rotation", minimal(kind="rotation", reference={"solver": "rotation",
                                                                      "params": {"M": "[[1, 0], [0, -1]]"}})),
]


@pytest.mark.parametrize("spec", [s for _, s in VALIDATE_ONLY], ids=[i for i, _ in VALIDATE_ONLY])
def test_what_only_validate_finds(spec: dict[str, Any]) -> None:
    assert schema_accepts(spec)
    assert not loader_accepts(spec)


# --- schema and loader agree on spellings the loader converts ------------------------------------------------

AGREE: list[tuple[str, dict[str, Any]]] = [
    *[(f"rtol={v!r}", minimal(rtol=v)) for v in (0, 0.5, "1e-3", "5e-1", "9.9e-1", " 0.25 ", 1, 1.5, -0.1,
                                                 "1e0", "2e-0", "abc", "")],
    *[(f"atol={v!r}", minimal(atol=v)) for v in (0, 1e-9, "1e-9", "3", -1, "x")],
    *[(f"points={v!r}", minimal(points=v)) for v in (1, 0.5, "2", "1e1", "0.5", 0, "0", "0e5", -2, "-2", "two")],
    *[(f"min_share={v!r}", minimal(partial={"min_share": v})) for v in (0.5, 1, "1", "5e-1", ".25", 0, "0.0",
                                                                       1.01, "2")],
    *[(f"mistake score={v!r}", minimal(mistakes=[{"answer": "2", "feedback": "f", "score": v}]))
      for v in (0, 0.5, "0.5", "5e-1", 1, -0.5, "1.0")],
    *[(f"penalty={v!r}", with_top(late={"penalty": v})) for v in (0, 0.1, 1, "10%", "10 %", "100%", "12.5%",
                                                                  "0.1", "150%", 1.5, -0.1, "ten", "%")],
    *[(f"condition={v!r}", minimal(kind="indexed", condition=v)) for v in ("any", "i=j", "i!=j", "i = j",
                                                                          "i != j", "i ≠ j", "i≠j", "i<j",
                                                                          "all", "ij")],
    *[(f"domain={v!r}", with_top(symbols={"domains": {"y": v}})) for v in ("real", "positive", "probability",
                                                                          "softmax", "softmax(z)", "softmax()",
                                                                          "softmax(1z)", "complex", "Real")],
    *[(f"condition={v!r}", minimal(kind="indexed", condition=v)) for v in ("k = l", "a≠b", "k<l", "i=j=k")],
    *[(f"top domain={v!r}", with_top(domains={"t": v})) for v in ("negative", [0, 6.28], [0, 1, 2], "Complex",
                                                                  {"is": "z_k + 1"}, {"is": "z_k", "over": "k"},
                                                                  {"index": "k"})],
    *[(f"matrices={v!r}", with_top(matrices=v)) for v in ({"X": ["n", "d"]}, {"w": [3]}, {"X": ["n", "d", "k"]},
                                                         {"X": [0]}, {"X": ["n+1"]}, {"X": []})],
    *[(f"functions={v!r}", with_top(functions=v)) for v in ({"f": {"of": ["x"], "is": "x^2"}},
                                                           {"f": {"of": ["x"], "is": "x", "names": ["φ"]}},
                                                           {"f": {"of": ["x"]}}, {"f": {"is": "1"}},
                                                           {"f": {"of": ["x"], "is": "x", "body": "x"}},
                                                           {"f": {"of": "x", "is": "x"}})],
    *[(f"reveal={v!r}", with_top(reveal=v, due="2026-12-01")) for v in ("never", "always", "after_due",
                                                                        "Always", "later")],
    *[(f"due={v!r}", with_top(due=v)) for v in ("2026-12-01", "2026-13-01", "2026-02-30", "tomorrow")],
    *[(f"kind={v!r}", minimal(kind=v, reference="2")) for v in ("number", "expression", "vector", "matrix",
                                                               "indexed", "Number")],
    *[(f"value {n!r}", with_top(values={n: "1"})) for n in ("V", "e1", "Sigma_2", "x_", "_", "e-1", "a b")],
    ("id as a number", with_top(id=7)),
    ("choices as one word", minimal(kind="choice", reference="square", choices="square")),
    ("synonyms as one word", minimal(kind="choice", reference="square", synonyms={"square": "quadrate"})),
    ("partial {}", minimal(partial={})),
    ("text part without reference", minimal(kind="text", reference=None)),
    ("softmax_jacobian without params", minimal(kind="indexed", reference={"solver": "softmax_jacobian"})),
    ("softmax_shift with params", minimal(kind="derivation", reference={"solver": "softmax_shift",
                                                                        "params": {"c": "1"}})),
    ("image_shape with three points", minimal(kind="choice", reference={
        "solver": "image_shape", "params": {"M": "[[1, 0], [0, 1]]", "points": ["[1, 0]", "[0, 1]", "[-1, 0]"]}})),
]


@pytest.mark.parametrize("spec", [s for _, s in AGREE], ids=[i for i, _ in AGREE])
def test_schema_and_loader_agree(spec: dict[str, Any]) -> None:
    assert schema_accepts(spec) == loader_accepts(spec)


# --- solvers: the registry, the schema and the docs ----------------------------------------------------------


def registry() -> dict[str, solvers.Solver]:
    solvers.get("matvec")  # loads every solver family
    return dict(solvers.REGISTRY)


def schema_solver_params() -> dict[str, tuple[set[str], set[str]]]:
    """Per solver name in the schema: (parameter names, required parameter names)."""
    out: dict[str, tuple[set[str], set[str]]] = {}
    for rule in SCHEMA["$defs"]["solverCall"]["allOf"]:
        name = rule["if"]["properties"]["solver"]["const"]
        params = rule["then"]["properties"]["params"]
        out[name] = (set(params.get("properties", {})), set(params.get("required", [])))
    return out


def test_every_solver_is_documented() -> None:
    for name, spec in registry().items():
        assert f"`{name}`" in DOC, f"solver {name} is not documented in docs/spec.md"
        for param in (*spec.math_params, *spec.word_params, *spec.list_params):
            assert f"`{param}`" in DOC, f"parameter {param} of solver {name} is not documented"


def test_schema_lists_exactly_the_registered_solvers_and_their_parameters() -> None:
    reg = registry()
    assert set(SCHEMA["$defs"]["solverName"]["enum"]) == set(reg)
    params = schema_solver_params()
    assert set(params) == set(reg)
    for name, spec in reg.items():
        names, required = params[name]
        assert names == {*spec.math_params, *spec.word_params, *spec.list_params}, name
        # math and list parameters are required by the reference compiler unless the solver marks them optional;
        # word parameters may have defaults
        assert required >= {*spec.math_params, *spec.list_params} - set(spec.optional), name
        assert not required & set(spec.optional), name


# --- every property carries a description (editors show it) --------------------------------------------------


def _resolve(node: dict[str, Any]) -> dict[str, Any]:
    ref = node.get("$ref")
    if ref is None:
        return node
    target: Any = SCHEMA
    for key in ref.removeprefix("#/").split("/"):
        target = target[key]
    return {**target, **{k: v for k, v in node.items() if k != "$ref"}}


def _properties(node: Any, path: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    if isinstance(node, dict):
        for name, sub in node.get("properties", {}).items():
            if isinstance(sub, dict):
                yield f"{path}.{name}", sub
        for key, sub in node.items():
            yield from _properties(sub, f"{path}/{key}")
    elif isinstance(node, list):
        for n, sub in enumerate(node):
            yield from _properties(sub, f"{path}[{n}]")


def test_every_property_has_a_description() -> None:
    found = list(_properties(SCHEMA))
    assert len(found) > 50
    missing = [p for p, node in found if "description" not in _resolve(node)]
    assert not missing, missing


def test_part_fields_match_the_loader() -> None:
    from mathgrade.spec import _PART_KEYS

    assert set(SCHEMA["$defs"]["part"]["properties"]) == _PART_KEYS
    assert SCHEMA["$defs"]["part"]["additionalProperties"] is False


def test_k2_with_each_part_broken_is_rejected() -> None:
    """A spot check on real data: breaking one field of one k2 part is caught."""
    data = yaml.safe_load((ROOT / "problems" / "k2.yaml").read_text(encoding="utf-8"))
    for field, value in (("kind", "vectr"), ("points", 0), ("rtol", 2), ("condition", "i==j")):
        broken = copy.deepcopy(data)
        broken["problems"][1]["parts"][0][field] = value
        assert not schema_accepts(broken), field

"""The published JSON Schema accepts the real specs and rejects broken ones; docs/spec.md's example is real."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest
import yaml

from mathgrade import solvers
from mathgrade.cli import main

ROOT = Path(__file__).resolve().parents[1]
SCHEMA = json.loads((ROOT / "src" / "mathgrade" / "spec" / "schema.json").read_text(encoding="utf-8"))
DOC = (ROOT / "docs" / "spec.md").read_text(encoding="utf-8")
EXAMPLE = re.search(r"```yaml\n(.*?)```", DOC, re.S).group(1)  # type: ignore[union-attr]


def test_schema_is_valid_and_accepts_k2() -> None:
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    jsonschema.validate(as_json((ROOT / "problems" / "k2.yaml").read_text(encoding="utf-8")), SCHEMA)


def as_json(text: str) -> object:
    """YAML as an editor's schema check sees it: dates (2026-12-01) are strings in JSON."""
    return json.loads(json.dumps(yaml.safe_load(text), default=str))


def test_doc_example_validates_and_passes_its_self_tests(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    jsonschema.validate(as_json(EXAMPLE), SCHEMA)
    path = tmp_path / "rot1.yaml"
    path.write_text(EXAMPLE, encoding="utf-8")
    assert main(["validate", str(path)]) == 0
    assert "0 failed" in capsys.readouterr().out


BROKEN = [
    ("no-id", {"problems": [{"id": "1", "parts": [{"id": "a", "points": 1, "reference": "1"}]}]}),
    ("no-problems", {"id": "t", "problems": []}),
    ("negative-points", {"id": "t", "problems": [{"id": "1", "parts": [{"id": "a", "points": -1}]}]}),
    ("bad-kind", {"id": "t", "problems": [{"id": "1", "parts": [{"id": "a", "points": 1, "kind": "essay"}]}]}),
    ("unknown-part-field", {"id": "t", "problems": [{"id": "1", "parts": [{"id": "a", "points": 1, "tol": 1}]}]}),
    ("negative-rtol", {"id": "t", "problems": [{"id": "1", "parts": [{"id": "a", "points": 1, "rtol": -1}]}]}),
    ("rtol-100-percent", {"id": "t", "rtol": 1, "problems": [{"id": "1", "parts": [{"id": "a", "points": 1}]}]}),
    ("bad-reveal", {"id": "t", "reveal": "soon", "problems": [{"id": "1", "parts": [{"id": "a", "points": 1}]}]}),
    ("bad-condition", {"id": "t", "problems": [{"id": "1", "parts": [{"id": "a", "points": 1, "condition": "i<j"}]}]}),
    ("solver-without-name", {"id": "t", "problems": [{"id": "1", "parts": [{"id": "a", "points": 1,
                                                                             "reference": {"params": {}}}]}]}),
    ("bad-domain", {"id": "t", "symbols": {"domains": {"y": "complex"}},
                    "problems": [{"id": "1", "parts": [{"id": "a", "points": 1}]}]}),
    ("mistake-without-feedback", {"id": "t", "problems": [{"id": "1", "parts": [
        {"id": "a", "points": 1, "mistakes": [{"answer": "1"}]}]}]}),
]


@pytest.mark.parametrize("spec", [s for _, s in BROKEN], ids=[i for i, _ in BROKEN])
def test_schema_rejects_broken_specs(spec: dict) -> None:
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(spec, SCHEMA)


def test_every_solver_is_documented() -> None:
    solvers.get("matvec")  # loads every family
    for name in solvers.REGISTRY:
        assert f"`{name}`" in DOC, name

"""Changing a value in a spec changes every reference computed from it, and nothing else.

For each set in problems/, one named value is replaced (YAML in, YAML out) and the references are compiled again;
the parts listed here, decided by reading the specs, must change and every other part must stay as it was.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import pytest
import sympy
import yaml

from mathgrade.grade.references import compile_assignment
from mathgrade.solvers import DerivationRef, RotationRef
from mathgrade.spec import parse_spec

ROOT = Path(__file__).resolve().parents[1]

CHANGES = [
    pytest.param("ml-calculus", "sig", "1/(1 + e^{-2 x})", {"1a", "1c"}, id="ml-calculus-sigmoid-slope"),
    pytest.param("ml-calculus", "softplus", "log(1 + e^{3 x})", {"1d", "1e"}, id="ml-calculus-softplus"),
    pytest.param("ml-calculus", "lse", "log(e^{x_1} + e^{x_2} + e^{2 x_3})", {"2a"}, id="ml-calculus-lse"),
    pytest.param("ml-calculus", "ce", "-log(e^{z_2}/(e^{z_1} + e^{z_2} + e^{z_3}))", {"3a", "3b", "3c"},
                 id="ml-calculus-true-class"),
    pytest.param("jacobians", "xpol", "2 r cos(theta)", {"1a", "1b", "3a", "3b"}, id="jacobians-polar-x"),
    pytest.param("jacobians", "ypol", "r sin(2 theta)", {"1a", "1b", "1c", "3a", "3b"}, id="jacobians-polar-y"),
    pytest.param("jacobians", "zsph", "r^2 cos(theta)", {"2a", "2b"}, id="jacobians-spherical-z"),
    pytest.param("jacobians", "loss", "(v_1 tanh(w_1 x) + v_2 tanh(w_2 x) - t)^2", {"4a", "4b"},
                 id="jacobians-loss"),
    # without the ½ the gradient and the Hessian double; nothing else uses the network
    pytest.param("jacobians", "net", "‖V W u - c‖^2", {"5a", "5b"}, id="jacobians-net"),
    # F Rot stays a reflection (now in the y-axis): 5b, a word, does not change
    pytest.param("linear-maps", "Rot", "[[0, 1], [-1, 0]]", {"1a", "1b", "5a"}, id="linear-maps-rot"),
    pytest.param("linear-maps", "S", "[[2, 0], [0, 2]]", {"3a", "3b", "3c"}, id="linear-maps-shear-to-scaling"),
    pytest.param("linear-maps", "P", "[[1, 0], [0, 0]]", {"4b"}, id="linear-maps-projection-line"),
    pytest.param("linear-maps", "u", "[1, 2]", {"1b", "3c"}, id="linear-maps-u"),
    pytest.param("linear-maps", "H", "[[1, 0, 0], [0, -1, 0], [0, 0, 1]]", {"6b", "6d"}, id="linear-maps-mirror"),
    pytest.param("linear-maps", "Q", "[[1, 0, 0], [0, 0, -1], [0, 1, 0]]", {"6a", "6d"}, id="linear-maps-axis"),
    pytest.param("eigen-svd", "A", "[[2, 0], [1, 2]]", {"1a", "1b", "1c", "1d", "1e", "1f", "1g"}, id="eigen-svd-A"),
    # 3 stays an eigenvalue (2b asks for its eigenvector): eigenvalues 3 and -2
    pytest.param("eigen-svd", "B", "[[2, 2], [2, -1]]", {"2a", "2b", "2c", "2d", "2e"}, id="eigen-svd-B"),
    pytest.param("eigen-svd", "C", "[[1, 3], [3, 9]]", {"3b"}, id="eigen-svd-C"),
]


def _compiled(data: dict[str, Any]) -> dict[str, Any]:
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    return {k: v.value for k, v in compile_assignment(parse_spec(text)).references.items()}


@functools.cache
def _original(name: str) -> dict[str, Any]:
    """The unchanged references, compiled once per set (solvers take seconds on a busy machine)."""
    return _compiled(yaml.safe_load((ROOT / "problems" / f"{name}.yaml").read_text(encoding="utf-8")))


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, RotationRef) and isinstance(b, RotationRef):
        return _same(a.angle, b.angle) and _same(a.scale, b.scale) and _same(a.axis, b.axis)
    if isinstance(a, DerivationRef) and isinstance(b, DerivationRef):
        return _same(a.start, b.start) and _same(a.target, b.target)
    if isinstance(a, sympy.MatrixBase) or isinstance(b, sympy.MatrixBase):
        return (isinstance(a, sympy.MatrixBase) and isinstance(b, sympy.MatrixBase) and a.shape == b.shape
                and all(sympy.simplify(x - y) == 0 for x, y in zip(a, b)))
    if isinstance(a, sympy.MatrixExpr) or isinstance(b, sympy.MatrixExpr):  # matrix symbols (jacobians' problem 5)
        return a == b or (isinstance(a, sympy.MatrixExpr) and isinstance(b, sympy.MatrixExpr)
                          and a.shape == b.shape and bool(sympy.simplify(a - b).is_ZeroMatrix))
    if isinstance(a, str) or isinstance(b, str) or a is None or b is None:
        return a == b
    return sympy.simplify(a - b) == 0


@pytest.mark.parametrize("name,value,text,changed", CHANGES)
def test_changing_a_value_changes_exactly_the_answers_that_depend_on_it(name: str, value: str, text: str,
                                                                      changed: set[str]) -> None:
    data = yaml.safe_load((ROOT / "problems" / f"{name}.yaml").read_text(encoding="utf-8"))
    before = _original(name)
    assert value in data["values"]
    data["values"][value] = text
    after = _compiled(data)
    moved = {pid for pid in before if not _same(before[pid], after[pid])}
    assert moved == changed


def test_every_value_of_every_set_is_changed_by_some_case() -> None:
    """No value is left out of the table above (part values excepted: they follow their part)."""
    covered = {(c.values[0], c.values[1]) for c in CHANGES}
    for name in ("ml-calculus", "jacobians", "linear-maps", "eigen-svd"):
        data = yaml.safe_load((ROOT / "problems" / f"{name}.yaml").read_text(encoding="utf-8"))
        for key, val in data["values"].items():
            if isinstance(val, str) and key not in ("R", "F", "xsph", "ysph", "fchain"):
                assert (name, key) in covered, (name, key)

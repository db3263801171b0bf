"""`mathgrade check`: the contract LMS pipelines script against (exit codes, JSON fields, batch behaviour)."""

from __future__ import annotations

import io
import json
import sys

import pytest

from mathgrade.cli import main


def run(argv: list[str], monkeypatch: pytest.MonkeyPatch, stdin: str = "") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    monkeypatch.setattr(sys, "stdout", out)
    monkeypatch.setattr(sys, "stderr", err)
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    code = main(argv)
    return code, out.getvalue(), err.getvalue()


@pytest.mark.parametrize("argv,code,status", [
    pytest.param(["check", "--expected", "1/sqrt(2)", "√2/2"], 0, "correct", id="correct-exit-0"),
    pytest.param(["check", "--expected", "1/sqrt(2)", "1/2"], 1, "incorrect", id="incorrect-exit-1"),
    pytest.param(["check", "--expected", "1/sqrt(2)", "1/("], 1, "invalid", id="invalid-exit-1"),
    pytest.param(["check", "--expected", "1/sqrt(2)", "0.7071", "--exact"], 1, "incorrect", id="exact-rejects"),
    pytest.param(["check", "--expected", "1/sqrt(2)", "0.7071"], 0, "correct", id="decimal-within-rtol"),
    pytest.param(["check", "--expected", "1/sqrt(2)", "0.7071", "--rtol", "1e-6"], 1, "incorrect",
                 id="tight-rtol-rejects"),
    pytest.param(["check", "--expected", "counterclockwise", "anti-clockwise", "--kind", "choice"], 0, "correct",
                 id="choice-synonym"),
    # issue 14: these kinds have their own checkers; an expression check would call the sentence words
    pytest.param(["check", "--expected", "[[0, -2], [2, 0]]", "rotates 90° counterclockwise, lengths doubled",
                  "--kind", "rotation"], 0, "correct", id="rotation-from-matrix"),
    pytest.param(["check", "--expected", "-30, 3", "rotates 30° counterclockwise, scale 3", "--kind", "rotation"],
                 1, "partial", id="rotation-angle-scale"),
    pytest.param(["check", "--expected", "[[0, 1], [1, 0]]", "reflection across the line y = x", "--kind", "map"],
                 0, "correct", id="map-sentence"),
    pytest.param(["check", "--expected", "[[0, 1], [1, 0]]", "reflection across the line y = -x", "--kind", "map"],
                 1, "incorrect", id="map-sentence-other-line"),
    pytest.param(["check", "--expected", "[[1, 0], [0, -1]]", "reflects over the x-axis", "--kind", "rotation"],
                 0, "correct", id="rotation-kind-with-a-reflection-matrix"),
    pytest.param(["check", "--expected", "(a+b)^2 = a^2 + 2ab + b^2", "(a+b)^2 = (a+b)(a+b) = a^2 + 2ab + b^2",
                  "--kind", "derivation"], 0, "correct", id="derivation"),
    pytest.param(["check", "--expected", "(a+b)^2 = a^2 + 2ab + b^2", "(a+b)^2 = a^2 + b^2",
                  "--kind", "derivation"], 1, "incorrect", id="derivation-wrong-step"),
    pytest.param(["check", "--expected", "", "because the map is linear", "--kind", "text"], 1, "manual",
                 id="text-is-manual"),
    pytest.param(["check", "--expected", "2i", "(1+i)^2", "--imaginary", "i"], 0, "correct", id="imaginary-unit"),
    pytest.param(["check", "--expected", "2i", "(1+i)^2"], 1, "incorrect", id="i-is-a-variable"),
    pytest.param(["check", "--expected", "x <= 2", "x >= 2"], 1, "incorrect", id="inequality-direction"),
])
def test_check_one_json(argv: list[str], code: int, status: str, monkeypatch: pytest.MonkeyPatch) -> None:
    got, out, _ = run(argv + ["--json"], monkeypatch)
    assert got == code
    body = json.loads(out)
    assert body["status"] == status
    assert set(body) >= {"status", "score", "interpreted_as", "feedback"}


@pytest.mark.parametrize("argv,message", [
    pytest.param(["check", "--expected", "x", "x", "--rtol", "-1"], "can't be negative", id="negative-rtol"),
    pytest.param(["check", "--expected", "x", "x", "--atol", "nan"], "NaN", id="nan-atol"),
    pytest.param(["check", "--expected", "(", "x"], "cannot read the expected answer", id="bad-expected"),
    pytest.param(["check", "x"], "needs --expected", id="no-expected"),
    pytest.param(["check", "--expected", "x", "x", "--kind", "colour"], "unknown kind", id="bad-kind"),
])
def test_check_usage_errors_exit_2(argv: list[str], message: str, monkeypatch: pytest.MonkeyPatch) -> None:
    code, _, err = run(argv, monkeypatch)
    assert code == 2
    assert message in err


def test_check_human_output_says_what_was_understood(monkeypatch: pytest.MonkeyPatch) -> None:
    code, out, _ = run(["check", "--expected", "x^2+2x+1", "(x+1)^2"], monkeypatch)
    assert code == 0
    assert "interpreted as: (x + 1)^2" in out


def test_batch_keeps_order_and_survives_bad_lines(monkeypatch: pytest.MonkeyPatch) -> None:
    lines = [
        {"id": "a", "answer": "2x", "expected": "x+x"},
        "this is not json",
        {"id": "c", "answer": "[1, 2]", "expected": "[1, 3]"},
        {"id": "d", "answer": "1", "expected": "1", "rtol": -3},
        {"id": "e"},
        {"id": "f", "answer": "((((", "expected": "1"},
        {"id": "g", "answer": "0.5", "expected": "1/2", "exact": True},
    ]
    stdin = "\n".join(x if isinstance(x, str) else json.dumps(x) for x in lines) + "\n"
    code, out, _ = run(["check", "--batch", "-"], monkeypatch, stdin)
    assert code == 0
    rows = [json.loads(line) for line in out.splitlines()]
    assert [r["id"] for r in rows] == ["a", 2, "c", "d", "e", "f", "g"]
    assert [r["status"] for r in rows] == ["correct", "error", "incorrect", "error", "error", "invalid",
                                           "incorrect"]
    assert "negative" in rows[3]["feedback"]
    assert "missing field 'answer'" in rows[4]["feedback"]
    for r in rows:
        assert set(r) >= {"id", "status", "score", "interpreted_as", "feedback"}


def test_batch_missing_file_is_usage_error(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    code, _, err = run(["check", "--batch", str(tmp_path / "nope.jsonl")], monkeypatch)
    assert code == 2
    assert "cannot read" in err

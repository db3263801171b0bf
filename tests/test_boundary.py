"""One limits boundary: real hostile answers, slow before the boundary, through every entry point.

Each answer here was measured slow (or unbounded) on the code before the boundary: nested sums cost K^depth in the
evaluator (the 10-sum answer: seconds), `sin(exp(999999))^2` made the parser ask sympy for 434,000 digits
(27 s), and `(y_i + y_j + z_i + z_j)^300` next to a plain answer hung answer grouping (the merge check expanded
it in the main process, 6–8 GB). None is monkeypatched: they are answers a student can type. Each entry point must
finish with its outputs, and each bad answer must cost one part.
"""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from mathgrade.check import check
from mathgrade.check.budget import expansion_terms
from mathgrade.grade import grade_paths
from mathgrade.grade.boundary import LimitedRunner, Overrun, step
from mathgrade.grade.pool import Limits
from mathgrade.spec import load_spec

import sympy

ROOT = Path(__file__).resolve().parents[1]
K2 = ROOT / "problems" / "k2.yaml"
CLEAN = {"4b": "[-1/sqrt(2), 1/sqrt(2)]", "5a": "[[sqrt(2), sqrt(2)], [-2sqrt(2), 2sqrt(2)]]", "3b": "x"}

NESTED = " ".join(f"sum_{v} y_{v}" for v in "abcdefghlm")  # 99 characters, ten nested sums
POWER_OF_SUM = "(y_i + y_j + z_i + z_j)^300"
_LETTERS = "abcdefghjkmnpqrs"
def _determinants(first: int = 0) -> str:
    return " + ".join("det([" + "; ".join(" ".join(f"{_LETTERS[4 * r + c]}_{k}" for c in range(4)) for r in range(4))
                      + "])" for k in range(first, first + 20))


DETERMINANTS = _determinants()
"""Twenty symbolic 4×4 determinants: each is allowed, and sympy expands them as the answer is read, which no
work budget counts (0.15 s quiet, 0.5 s on a busy machine): slow only for a small time limit, so it shows the
kill at the answer's own deadline."""
HOSTILE = [
    pytest.param("2a", NESTED, id="ten-nested-sums"),
    pytest.param("3c", "sin(exp(999999))^2", id="huge-argument-to-a-trig-function"),
    pytest.param("2b", POWER_OF_SUM, id="power-of-a-sum"),
    pytest.param("2c", "sum_{a=1}^{K} sum_{b=1}^{K} sum_{c=1}^{K} sum_{d=1}^{K} sum_{e=1}^{K} sum_{f=1}^{K} "
                 "sum_{g=1}^{K} sum_{h=1}^{K} sum_{l=1}^{K} sum_{m=1}^{K} y_a y_b y_c y_d y_e y_f y_g y_h y_l y_m",
                 id="sums-multiplied-through-a-product"),
    pytest.param("7a", "[" + ", ".join("[" + ", ".join(f"x_{r}{c}" for c in range(20)) + "]" for r in range(20))
                 + "]", id="20x20-matrix"),
    pytest.param("3a", "(" * 45 + "x" + ")" * 45, id="deep-nesting"),
    pytest.param("3c", "x^999*(x+1)^999 - (x-1)^999", id="many-term-polynomial"),
    pytest.param("3c", "100! * 99! * 98! * 97!", id="factorial-products"),
    pytest.param("3c", DETERMINANTS, id="twenty-symbolic-determinants"),
]


def _mathgrade(*args: str, stdin: str | None = None, timeout: float = 180) -> subprocess.CompletedProcess[str]:
    # A hang guard, not a speed target: before the boundary several of these never returned.
    return subprocess.run([sys.executable, "-m", "mathgrade.cli", *args], input=stdin, capture_output=True,
                          text=True, timeout=timeout)


def _sheet(folder: Path, name: str, answers: dict[str, str]) -> Path:
    lines = [f"student: {{id: {name}, name: {name}}}", "answers:"]
    lines += [f"  {k}: '{v}'" for k, v in {**CLEAN, **answers}.items()]
    path = folder / f"{name}.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


# -- the work budget: bounded even in-process ------------------------------------------------------------------

@pytest.mark.parametrize("answer,expected,status", [
    pytest.param(NESTED, "y_i", "invalid", id="nested-sums-stopped-by-the-budget"),
    pytest.param("a", "(a+b+c+d)^300", "incorrect", id="expensive-reference-costs-only-its-diagnosis"),
    pytest.param("(a+b+c+d)^300", "a", "incorrect", id="expensive-answer-plain-verdict"),
    pytest.param("sin(exp(999999))^2", "1/2", "incorrect", id="no-434000-digit-evaluation"),
    pytest.param("y_i (1 - y_j)", "y_i (\\delta_{ij} - y_j)", "incorrect", id="ordinary-near-miss-unaffected"),
    pytest.param("sum_k y_k x_k", "sum_j y_j x_j", "correct", id="ordinary-sum-unaffected"),
])
def test_in_process_check_is_bounded(answer: str, expected: str, status: str) -> None:
    verdict = check(answer, expected)
    assert verdict.status.value == status, verdict.feedback
    if status == "invalid":
        assert "too expensive to evaluate" in verdict.feedback


a, b, c, d, e, f, x = sympy.symbols("a b c d e f x")


@pytest.mark.parametrize("expr,terms", [
    pytest.param((a + b) ** 2, 3, id="binomial"),
    pytest.param((a + b + c + d) ** 40, 2001, id="multinomial-40"),
    pytest.param((a + b) ** 3000, 2001, id="binomial-3000"),
    pytest.param((a + b) * (c + d) * (e + f), 8, id="product-of-sums"),
    pytest.param(x ** 999, 1, id="monomial-power"),
    pytest.param((a + b) ** 3 * (c + d), 8, id="power-times-sum"),
])
def test_expansion_size_is_known_before_expanding(expr: sympy.Expr, terms: int) -> None:
    assert expansion_terms(expr) == terms


# -- the killable child ----------------------------------------------------------------------------------------

def _slow_check(answer: str) -> str:
    return check(answer, "y_i").status.value


def test_runner_stops_a_call_at_its_own_time_limit_and_goes_on() -> None:
    with LimitedRunner(Limits(answer_seconds=0.03)) as runner:
        with pytest.raises(Overrun, match="longer than 0.03 s"):
            runner.call(_slow_check, DETERMINANTS)
        assert runner.call(_slow_check, "y_i", seconds=30) == "correct"  # a fresh child; the limit is per call


def _steps(seconds: list[float]) -> int:
    for k, pause in enumerate(seconds):
        step(k)
        time.sleep(pause)
    return len(seconds)


def test_each_step_has_the_whole_limit_and_an_overrun_names_its_step() -> None:
    # A sheet's parts are steps: 1.5 s in all is fine when no part takes its 1 s; the stuck part is named.
    with LimitedRunner(Limits(answer_seconds=1.0)) as runner:
        assert runner.call(_steps, [0.5, 0.5, 0.5]) == 3
        with pytest.raises(Overrun, match="longer than 1 s") as over:
            runner.call(_steps, [0.1, 60, 0.1])
        assert over.value.where == 1
        with pytest.raises(Overrun) as before:
            runner.call(time.sleep, 60)
        assert before.value.where == -1  # no step announced: nothing to blame but the call


def test_awaited_calls_have_the_same_limits_and_a_cancelled_call_kills_its_child() -> None:
    async def scenario() -> None:
        with LimitedRunner(Limits(answer_seconds=1.0)) as runner:
            with pytest.raises(Overrun) as over:
                await runner.acall(_steps, [0.1, 60])
            assert over.value.where == 1
            assert await runner.acall(_steps, [0.6, 0.6]) == 2
            abandoned = asyncio.ensure_future(runner.acall(time.sleep, 60))
            await asyncio.sleep(0.3)
            child = runner.process
            abandoned.cancel()
            with pytest.raises(asyncio.CancelledError):
                await abandoned
            assert child is not None and not child.is_alive()  # its late answer can never be read as the next's
            assert await runner.acall(_slow_check, "y_i", seconds=30) == "correct"

    asyncio.run(scenario())


# -- every entry point -----------------------------------------------------------------------------------------

def test_grade_with_groups_and_overrides_finishes_and_each_answer_costs_one_part(tmp_path: Path) -> None:
    folder = tmp_path / "class"
    folder.mkdir()
    for n, param in enumerate(HOSTILE):
        part, answer = param.values
        _sheet(folder, f"h{n}", {part: answer})
    # Grouping: one student's answer would become the reference for another's.
    _sheet(folder, "pow", {"2a": POWER_OF_SUM})
    _sheet(folder, "plain", {"2a": "y_i"})
    _sheet(folder, "plain2", {"2a": "y_i"})
    _sheet(folder, "fine", {"2a": "y_i(1 - y_j)"})
    spec_dir = tmp_path / "spec"
    spec_dir.mkdir()
    spec = spec_dir / "k2.yaml"
    spec.write_text(K2.read_text(encoding="utf-8"), encoding="utf-8")
    # Overrides: every 2a answer is matched against the sample, the nested sum and the power included.
    (spec_dir / "overrides.yaml").write_text(
        "overrides:\n  - {part: 2a, answer: 'y_i', action: points, points: 0.5, reason: 'partly right'}\n"
        f"  - {{part: 2c, answer: '{POWER_OF_SUM}', action: reject, reason: 'no'}}\n", encoding="utf-8")
    out = tmp_path / "out"
    done = _mathgrade("grade", str(spec), str(folder), "--out", str(out), "--jobs", "2", "--time-limit", "1")
    assert done.returncode == 0, done.stderr
    results = json.loads((out / "results.json").read_text(encoding="utf-8"))
    assert (out / "index.html").is_file() and (out / "grades.csv").is_file()
    by_id = {s["id"]: {p["id"]: p for p in s["parts"]} for s in results["students"]}
    assert len(by_id) == len(HOSTILE) + 4
    for n, param in enumerate(HOSTILE):
        part, _answer = param.values
        parts = by_id[f"h{n}"]
        assert parts[part]["status"] in ("invalid", "incorrect"), (param.id, parts[part])
        for other, p in parts.items():  # the rest of the sheet is graded as if the bad answer were not there
            if other in CLEAN:
                assert p["status"] == "correct", (param.id, other)
    assert by_id["plain"]["2a"]["score"] == by_id["plain2"]["2a"]["score"] == 0.5  # the override matched both
    assert by_id["pow"]["2a"]["score"] == 0.0 and by_id["fine"]["2a"]["status"] == "correct"
    assert by_id["h0"]["2a"]["score"] == 0.0  # the nested sum is not "equivalent" to the override's sample


def test_time_limit_is_per_answer_from_when_it_starts(tmp_path: Path) -> None:
    """Four answers that each need more than the limit: each is stopped at its own deadline and says so."""
    folder = tmp_path / "class"
    folder.mkdir()
    # four different sets of symbols: no memo of one answer's determinants can speed up the next one
    _sheet(folder, "four", {pid: _determinants(20 * k) for k, pid in enumerate(("2a", "2b", "2c", "3a"))})
    result = grade_paths(str(K2), [folder / "four.yaml"], jobs=1, limits=Limits(answer_seconds=0.03))
    parts = {p.id: p for p in result.students[0].parts}
    for pid in ("2a", "2b", "2c", "3a"):
        assert parts[pid].status.value == "invalid", pid
        assert "too expensive to evaluate: took longer than 0.03 s" in parts[pid].feedback, parts[pid].feedback
    assert parts["4b"].status.value == "correct"


def test_check_answers_each_hostile_answer() -> None:
    for param in HOSTILE:
        _part, answer = param.values
        done = _mathgrade("check", "--expected", "y_i", "--json", "--time-limit", "0.5", answer)
        assert done.returncode == 1, (param.id, done.stderr)
        assert json.loads(done.stdout)["status"] in ("invalid", "incorrect"), param.id


def test_check_batch_answers_every_line_in_order() -> None:
    lines = [{"id": n, "answer": answer, "expected": "y_i"} for n, (_part, answer) in
             enumerate(p.values for p in HOSTILE)]
    lines.insert(3, {"id": "ok", "answer": "y_i", "expected": "y_i"})
    lines.append({"id": "last", "answer": "2", "expected": "2"})
    done = _mathgrade("check", "--batch", "-", "--time-limit", "1",
                      stdin="".join(json.dumps(x) + "\n" for x in lines))
    assert done.returncode == 0, done.stderr
    got = [json.loads(line) for line in done.stdout.splitlines()]
    assert [g["id"] for g in got] == [x["id"] for x in lines]
    assert got[3]["status"] == "correct" and got[-1]["status"] == "correct"
    assert all(g["status"] in ("invalid", "incorrect") for g in got[:3] + got[4:-1])


def test_show_prints_every_part(tmp_path: Path) -> None:
    sheet = _sheet(tmp_path, "h", {part: answer for part, answer in (p.values for p in HOSTILE)})
    done = _mathgrade("show", str(K2), str(sheet), "--time-limit", "0.5")
    assert done.returncode == 0, done.stderr
    for part in ("2a", "3c", "2b", "2c", "7a", "3a", "4b", "5a"):
        assert f"[{part}]" in done.stdout


def test_gradescope_always_writes_results(tmp_path: Path) -> None:
    submission = tmp_path / "submission"
    submission.mkdir()
    _sheet(submission, "answers", {"2a": NESTED, "3c": "sin(exp(999999))^2"})
    metadata = tmp_path / "meta.json"
    metadata.write_text(json.dumps({"created_at": "2026-11-02T10:00:00+00:00",
                                    "assignment": {"due_date": "2026-11-01T23:59:00+00:00"}}), encoding="utf-8")
    results = tmp_path / "results" / "results.json"
    done = _mathgrade("gradescope", str(K2), "--submission", str(submission), "--metadata", str(metadata),
                      "--results", str(results), "--time-limit", "1")
    assert done.returncode == 0, done.stderr
    body = json.loads(results.read_text(encoding="utf-8"))
    tests = {t["number"]: t for t in body["tests"]}
    assert "too expensive" in tests["2a"]["output"] and tests["4b"]["status"] == "passed"


def test_validate_runs_hostile_samples_under_limits(tmp_path: Path) -> None:
    text = K2.read_text(encoding="utf-8").replace("          - '\\frac{e^{z_i}}{\\sum_j e^{z_j}}'\n",
                                                   f"          - '\\frac{{e^{{z_i}}}}{{\\sum_j e^{{z_j}}}}'\n"
                                                   f"          - '{NESTED}'\n", 1)
    spec = tmp_path / "k2.yaml"
    spec.write_text(text, encoding="utf-8")
    assert NESTED in text
    done = _mathgrade("validate", str(spec), "--time-limit", "1")
    # the nested sum is a `reject` sample, and an answer stopped by the limit is not accepted: it passes
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 failed" in done.stdout


def test_expensive_solver_is_a_spec_error_naming_the_field(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import mathgrade.grade.references as references

    monkeypatch.setattr(references, "SOLVER_SECONDS", 1.0)  # the real default is 10 s; the behaviour is the same
    letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJ"
    rows = ", ".join("[" + ", ".join(letters[6 * r + c] for c in range(6)) + "]" for r in range(6))
    spec = tmp_path / "inv.yaml"
    spec.write_text(f'id: inv\ntitle: inverse\nvalues:\n  M: "[{rows}]"\nproblems:\n  - id: "1"\n    parts:\n'
                    '      - id: a\n        kind: matrix\n        points: 1\n'
                    '        reference: {solver: inverse, params: {M: M}}\n', encoding="utf-8")
    from mathgrade.errors import SpecError
    from mathgrade.grade import Grader

    with pytest.raises(SpecError, match=r"parts\.a\.reference.*took longer than 1 s"):
        Grader(load_spec(spec))


# -- what a stored result depends on -----------------------------------------------------------------------------

def _reused_runs(out: Path) -> list[int]:
    import sqlite3

    with sqlite3.connect(str(out / "gradebook.sqlite")) as db:
        return [r[0] for r in db.execute("SELECT reused FROM submissions ORDER BY run_id")]


@pytest.mark.parametrize("change,reused", [
    pytest.param(None, 1, id="nothing-changed-reused"),
    pytest.param("code", 0, id="code-changed-regraded"),
    pytest.param("time-limit", 0, id="time-limit-changed-regraded"),
    pytest.param("memory-limit", 0, id="memory-limit-changed-regraded"),
])
def test_stored_results_are_reused_only_under_the_same_code_spec_and_limits(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, change: str | None, reused: int) -> None:
    """A verdict "too expensive" at 0.5 s, or a wrong one from older code, must not be served after the change."""
    import mathgrade.grade.gradebook as gradebook
    from mathgrade.cli import main

    sheet = _sheet(tmp_path, "s1", {"2a": NESTED})
    out = tmp_path / "out"
    assert main(["grade", str(K2), str(sheet), "--out", str(out), "--quiet", "--jobs", "1"]) == 0
    argv = ["grade", str(K2), str(sheet), "--out", str(out), "--quiet", "--jobs", "1"]
    if change == "code":
        real = gradebook.code_hash()
        monkeypatch.setattr(gradebook, "code_hash", lambda: real[::-1])  # as after an upgrade
    elif change == "time-limit":
        argv += ["--time-limit", "5"]
    elif change == "memory-limit":
        argv += ["--memory-limit", "2048"]
    assert main(argv) == 0
    assert _reused_runs(out) == [0, reused]


def test_gradescope_applies_the_specs_late_penalty(tmp_path: Path) -> None:
    spec = tmp_path / "k2.yaml"
    spec.write_text(K2.read_text(encoding="utf-8").replace("reveal: always\n", "reveal: always\nlate: {penalty: 10%}\n",
                                                         1), encoding="utf-8")
    submission = tmp_path / "submission"
    submission.mkdir()
    _sheet(submission, "answers", {})
    scores = {}
    for name, created in (("on-time", "2026-11-01T10:00:00+00:00"), ("late", "2026-11-02T10:00:00+00:00")):
        metadata = tmp_path / f"{name}.json"
        metadata.write_text(json.dumps({"created_at": created,
                                        "assignment": {"due_date": "2026-11-01T23:59:00+00:00"}}), encoding="utf-8")
        results = tmp_path / name / "results.json"
        done = _mathgrade("gradescope", str(spec), "--submission", str(submission), "--metadata", str(metadata),
                          "--results", str(results))
        assert done.returncode == 0, done.stderr
        scores[name] = json.loads(results.read_text(encoding="utf-8"))
    assert scores["on-time"]["score"] > 0
    assert scores["late"]["score"] == pytest.approx(scores["on-time"]["score"] * 0.9)
    assert "submitted late" in scores["late"]["output"]

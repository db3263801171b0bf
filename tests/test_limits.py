"""Resource limits and nothing lost: runaway answers are stopped from outside, a killed batch resumes."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

import mathgrade.grade as grade_module
from mathgrade.check import check
from mathgrade.grade import grade_paths
from mathgrade.grade.pool import Limits

ROOT = Path(__file__).resolve().parents[1]
K2 = ROOT / "problems" / "k2.yaml"
SHEET = ROOT / "tests" / "data" / "k2-pallav-kumar-sheet.yaml"


def _sheet(folder: Path, name: str, overrides: dict[str, str]) -> Path:
    lines = [f"student: {{id: {name}, name: {name}}}", "answers:"]
    answers = {"4b": "[-1/sqrt(2), 1/sqrt(2)]", "5a": "[[sqrt(2), sqrt(2)], [-2sqrt(2), 2sqrt(2)]]", **overrides}
    lines += [f"  {k}: '{v}'" for k, v in answers.items()]
    path = folder / f"{name}.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def runaway(monkeypatch: pytest.MonkeyPatch):
    """Answers that sleep in C, kill their process, or ask for 8 GB: what sympy can do on hostile input."""
    real = grade_module.grade_answer

    def hostile(part, reference, answer):
        if answer == "SLOW":
            time.sleep(120)
        elif answer == "CRASH":
            os._exit(3)
        elif answer == "HOG":
            bytearray(8 * 1024 ** 3)
        return real(part, reference, answer)

    monkeypatch.setattr(grade_module, "grade_answer", hostile)


@pytest.mark.parametrize("jobs", [1, 2])
def test_runaway_answers_are_stopped_and_the_batch_goes_on(runaway, tmp_path: Path, jobs: int) -> None:
    files = [_sheet(tmp_path, "slow", {"4a": "SLOW"}), _sheet(tmp_path, "crash", {"4a": "CRASH"}),
             _sheet(tmp_path, "hog", {"4a": "HOG"}), _sheet(tmp_path, "fine", {"4a": "[1/sqrt(2), 1/sqrt(2)]"})]
    started = time.monotonic()
    result = grade_paths(str(K2), files, jobs=jobs, limits=Limits(answer_seconds=0.5, memory_mb=256))
    elapsed = time.monotonic() - started
    by_id = {s.id: {p.id: p for p in s.parts} for s in result.students}
    assert sorted(by_id) == ["crash", "fine", "hog", "slow"]
    for sid in ("slow", "crash", "hog"):
        assert by_id[sid]["4a"].status.value == "invalid", sid
        assert "too expensive to evaluate" in by_id[sid]["4a"].feedback
        assert by_id[sid]["4b"].status.value == "correct" and by_id[sid]["5a"].status.value == "correct"
    assert by_id["fine"]["4a"].status.value == "correct"
    assert elapsed < 60


def test_symbolic_determinant_that_would_hang_sympy_is_refused_fast() -> None:
    rows = "; ".join(" ".join(f"x{i}{j}" for j in range(7)) for i in range(7))
    started = time.monotonic()
    verdict = check(f"det([{rows}])", "1")
    assert verdict.status.value == "invalid" and "too expensive" in verdict.feedback
    assert time.monotonic() - started < 1.0


def test_limits_are_validated() -> None:
    with pytest.raises(ValueError, match="positive"):
        Limits(answer_seconds=0)
    with pytest.raises(ValueError, match="at least 64"):
        Limits(memory_mb=10)


def _outputs(out: Path) -> dict[str, bytes]:
    return {f.name: f.read_bytes() for f in sorted(out.iterdir()) if f.suffix in (".json", ".csv", ".html")}


def test_kill_9_midway_then_rerun_completes_with_identical_results(tmp_path: Path) -> None:
    COUNT = 1000
    folder = tmp_path / "class"
    folder.mkdir()
    text = SHEET.read_text(encoding="utf-8")
    # Enough sheets that the batch is still running after its first commits (the gradebook commits every 64
    # results or half a second).
    for n in range(COUNT):
        (folder / f"s{n:04d}.yaml").write_text(text.replace("id: pallav-kumar", f"id: s{n:04d}"), encoding="utf-8")
    command = [sys.executable, "-m", "mathgrade.cli", "grade", str(K2), str(folder), "--jobs", "1", "--quiet"]
    killed_out = tmp_path / "killed"
    proc = subprocess.Popen(command + ["--out", str(killed_out)], start_new_session=True)
    book = killed_out / "gradebook.sqlite"
    deadline = time.monotonic() + 120
    stored = 0
    while time.monotonic() < deadline and proc.poll() is None:
        if book.exists():
            try:
                with sqlite3.connect(str(book), timeout=1) as db:
                    stored = db.execute("SELECT count(*) FROM results").fetchone()[0]
            except sqlite3.Error:
                stored = 0
            if stored >= 64:
                break
        time.sleep(0.05)
    assert proc.poll() is None, "the batch finished before it could be killed"
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    assert not (killed_out / "results.json").exists()  # outputs are only ever whole
    assert 64 <= stored < COUNT
    subprocess.run(command + ["--out", str(killed_out)], check=True)
    clean_out = tmp_path / "clean"
    subprocess.run(command + ["--out", str(clean_out)], check=True)
    assert _outputs(killed_out) == _outputs(clean_out)
    results = json.loads((killed_out / "results.json").read_text(encoding="utf-8"))
    assert sorted(s["id"] for s in results["students"]) == [f"s{n:04d}" for n in range(COUNT)]
    with sqlite3.connect(str(book)) as db:
        reused = db.execute("SELECT count(*) FROM submissions WHERE run_id = 2 AND reused = 1").fetchone()[0]
    assert reused >= 64


def test_caches_do_not_keep_long_answers_alive() -> None:
    """The parse cache remembers short answers only: thousands of large distinct answers must not pile up."""
    from mathgrade.parse import MAX_REMEMBERED_CHARS, _parse_remembered, parse_answer

    long_answer = " + ".join(f"x^{n}" for n in range(1, 80))
    assert len(long_answer) > MAX_REMEMBERED_CHARS
    _parse_remembered.cache_clear()  # earlier tests may have filled it to its maximum
    before = _parse_remembered.cache_info().currsize
    assert parse_answer(long_answer).ok
    assert _parse_remembered.cache_info().currsize == before
    parse_answer("x + 12345")
    assert _parse_remembered.cache_info().currsize == before + 1

"""The class summary page: statistics from results, escaped student text, every part and group present."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from mathgrade.check.verdict import Rendering, Status
from mathgrade.cli import main
from mathgrade.grade.groups import answer_groups
from mathgrade.grade.results import ClassResult, PartResult, StudentResult, SubmissionStatus
from mathgrade.report.summary import class_summary_html, histogram, part_stats
from mathgrade.spec import parse_spec

SPEC = parse_spec("""
id: t
title: Tiny
problems:
  - id: "1"
    parts:
      - {id: a, points: 2, reference: "1"}
      - {id: b, points: 1, reference: "2"}
""")


def student(sid: str, name: str, a: tuple[str, float, str], b: tuple[str, float, str]) -> StudentResult:
    parts = tuple(PartResult(pid, Status(status), score, top, answer, Rendering(answer, answer), f"fb {answer}")
                  for pid, top, (status, score, answer) in (("a", 2.0, a), ("b", 1.0, b)))
    return StudentResult(sid, name, "", f"{sid}.yaml", SubmissionStatus.GRADED, sum(p.score for p in parts), 3.0,
                         parts)


STUDENTS = (
    student("s1", "Ann", ("correct", 2, "1"), ("correct", 1, "2")),
    student("s2", "<script>alert(1)</script>", ("incorrect", 0, "<img src=x onerror=alert(1)>"), ("correct", 1, "2")),
    student("s3", "Cy", ("correct", 2, "1"), ("incorrect", 0, "3")),
    student("s4", "Di", ("incorrect", 0, "<img src=x onerror=alert(1)>"), ("incorrect", 0, "3")),
)
RESULT = ClassResult("t", "Tiny", 3.0, STUDENTS, answer_groups(STUDENTS, ["a", "b"]))


def test_part_statistics_by_hand() -> None:
    stats = {s.id: s for s in part_stats(RESULT)}
    assert (stats["a"].mean, stats["a"].share_correct, stats["a"].lost) == (1.0, 0.5, 4.0)
    assert (stats["b"].mean, stats["b"].share_correct, stats["b"].lost) == (0.5, 0.5, 2.0)
    assert [s.id for s in part_stats(RESULT)] == ["a", "b"]  # most points lost first


def test_answers_waiting_for_the_instructor_are_pending_not_lost() -> None:
    waiting = tuple(student(f"m{n}", f"M{n}", ("manual", 0, "essay"), ("correct", 1, "2")) for n in range(3))
    mixed = (student("x", "X", ("correct", 2, "1"), ("manual", 0, "why")),)
    result = ClassResult("t", "Tiny", 3.0, waiting + mixed, answer_groups(waiting + mixed, ["a", "b"]))
    stats = {s.id: s for s in part_stats(result)}
    assert (stats["a"].mean, stats["a"].share_correct, stats["a"].lost, stats["a"].pending) == (2.0, 1.0, 0.0, 3)
    assert (stats["b"].share_correct, stats["b"].lost, stats["b"].pending) == (1.0, 0.0, 1)
    only_manual = (student("y", "Y", ("manual", 0, "essay"), ("incorrect", 0, "5")),)
    alone = {s.id: s for s in part_stats(ClassResult("t", "Tiny", 3.0, only_manual))}
    assert (alone["a"].mean, alone["a"].share_correct, alone["a"].lost) == (None, None, 0.0)
    page = class_summary_html(SPEC, ClassResult("t", "Tiny", 3.0, only_manual))
    assert "graded by hand" in page and "1 answer waits to be graded by hand" in page


@pytest.mark.parametrize("scores,maximum,counts", [
    pytest.param([0, 1, 2, 3], 3.0, [1, 0, 0, 1, 0, 0, 1, 0, 0, 1], id="ends"),
    pytest.param([50, 49.9, 0.1], 50.0, [1, 0, 0, 0, 0, 0, 0, 0, 0, 2], id="max-in-last-bin"),
    pytest.param([], 10.0, [0] * 10, id="empty"),
])
def test_histogram(scores: list[float], maximum: float, counts: list[int]) -> None:
    assert [b.count for b in histogram(scores, maximum)] == counts


def test_page_has_groups_and_escapes_student_text(golden) -> None:
    page = class_summary_html(SPEC, RESULT)
    # present only as escaped text; the one script is the grid's sorter, allowed by its hash in the CSP
    assert page.count("<script") == 1 and "<img" not in page
    assert "script-src 'sha256-" in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert page.count('class="group"') == len(RESULT.groups) == 4
    assert 'href="s2.html"' in page and "<svg" in page and "Content-Security-Policy" in page
    golden("summary.html", page)


def test_grade_writes_a_readable_summary(tmp_path: Path) -> None:
    out = tmp_path / "out"
    root = Path(__file__).resolve().parents[1]
    assert main(["grade", str(root / "problems" / "k2.yaml"), str(root / "submissions"), "--out", str(out),
                 "--quiet", "--jobs", "1"]) == 0
    index = out / "index.html"
    assert "class summary" in index.read_text(encoding="utf-8")
    assert stat.S_IMODE(index.stat().st_mode) & 0o044  # readable by others (a web server), not 0600

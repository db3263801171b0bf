"""Every student page of every sample class, read as a student would: no LaTeX commands as text, no code-like
mathematics outside MathML, no backticks, no column numbers, no internal codes, no Python words.

Graded here: K2 (every file in submissions/) and the four problem sets in submissions/<set>/. What is checked is
the text a reader sees: outside <math>, and outside the places that show the student's own text as typed (their
answer when it was not rendered, the folded source lines, a quoted spot; class `raw` or `verbatim`), which may
hold anything the student wrote.
"""

from __future__ import annotations

import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest

from mathgrade.check.diagnose import Code
from mathgrade.cli import main

ROOT = Path(__file__).resolve().parents[1]
SETS = ["eigen-svd", "jacobians", "linear-maps", "ml-calculus"]

# What a student must never read. Matrix entries are named "row 1, column 2" (plain words about a matrix): only
# a column *number in the student's text* is internal.
SNAKE_CODES = sorted(c for c in {*(code.value for code in Code), "follow_through", "inconsistent_with_own",
                                  "wrong_shape", "scalar_for_vector", "vector_for_scalar", "no_steps", "wrong_start",
                                  "wrong_end", "invalid_step", "decimal_not_exact"} if "_" in c)  # not "reciprocal"
FORBIDDEN = {
    "a LaTeX command": re.compile(r"\\[A-Za-z]+"),
    "a * or ** of code": re.compile(r"\*"),
    "^( of code": re.compile(r"\^\("),
    "_{ of code": re.compile(r"_\{"),
    "a backtick": re.compile(r"`"),
    "a column number": re.compile(r"\bat column\b|\bcolumn \d+ of (?:the|your) (?:answer|text|line)", re.I),
    "an enum name": re.compile(r"\b(?:Status|Kind|Code|Condition|Compare|Partial|SubmissionStatus)\.[A-Z_]+"),
    "a diagnosis code": re.compile(r"\b(?:" + "|".join(SNAKE_CODES) + r")(?:_\d+)?\b"),
    "None": re.compile(r"\bNone\b"),
    "nan": re.compile(r"\bnan\b|\bNaN\b"),
    "a Python repr": re.compile(r"\b(?:Symbol|Integer|Rational|Matrix|MutableDenseMatrix|Indexed|Float)\("),
    "a count that disagrees": re.compile(r"\b1 (?:entries|steps|points|columns|rows)\b"),
}
# where a page shows a star legitimately: inside a quoted keyboard hint ("write `*` between numbers")
QUOTED = ("code", "quote")


class _Text(HTMLParser):
    """The visible text of a page, skipping math, style, script and the places that show student text as typed."""

    VOID = {"meta", "br", "img", "input", "link", "mspace", "rect", "line", "none"}

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[tuple[str, bool, bool]] = []
        self.text: list[str] = []
        self.quoted: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.VOID:
            return
        classes = (dict(attrs).get("class") or "").split()
        hidden = tag in ("math", "style", "script", "title") or "verbatim" in classes or "raw" in classes \
            or "id" in classes  # the student's id, as the course's roster spells it
        self.stack.append((tag, hidden, tag == QUOTED[0] and QUOTED[1] in classes))

    def handle_endtag(self, tag: str) -> None:
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data: str) -> None:
        if any(hidden for _, hidden, _ in self.stack):
            return
        (self.quoted if any(q for _, _, q in self.stack) else self.text).append(data)


@pytest.fixture(scope="module")
def classes(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out: dict[str, Path] = {}
    k2 = tmp_path_factory.mktemp("k2-submissions")
    for path in (ROOT / "submissions").iterdir():
        if path.is_file():
            shutil.copy(path, k2 / path.name)
    runs = [("k2", ROOT / "problems" / "k2.yaml", k2)] + \
        [(name, ROOT / "problems" / f"{name}.yaml", ROOT / "submissions" / name) for name in SETS]
    for name, spec, src in runs:
        reports = tmp_path_factory.mktemp(f"reports-{name}")
        assert main(["grade", str(spec), str(src), "--out", str(reports), "--quiet", "--jobs", "1"]) in (0, 1)
        out[name] = reports
    return out


def _student_pages(classes: dict[str, Path]) -> list[Path]:
    return [p for reports in classes.values() for p in sorted(reports.glob("*.html")) if p.name != "index.html"]


def test_every_student_page_reads_as_plain_words_and_rendered_math(classes: dict[str, Path]) -> None:
    pages = _student_pages(classes)
    assert len(pages) >= 70, len(pages)  # K2's class and the four sets: every student, none skipped
    problems: list[tuple[str, str, str]] = []
    words = 0
    for path in pages:
        parser = _Text()
        parser.feed(path.read_text(encoding="utf-8"))
        text = " ".join(parser.text)
        words += len(text.split())
        for name, pattern in FORBIDDEN.items():
            problems += [(f"{path.parent.name}/{path.name}", name, m.group()) for m in pattern.finditer(text)]
        quoted = " ".join(parser.quoted)
        problems += [(f"{path.parent.name}/{path.name}", "a LaTeX command", m.group())
                     for m in FORBIDDEN["a LaTeX command"].finditer(quoted)]
    assert words > 20_000  # the pages do say things
    assert not problems, problems[:20]


def test_the_plain_text_feedback_says_where_without_columns(classes: dict[str, Path]) -> None:
    """results.json (read by LMS exports and terminals) carries the same plain words; the column stays only in
    the machine-readable verdict of `mathgrade check --json`."""
    unreadable = 0
    for reports in classes.values():
        for student in json.loads((reports / "results.json").read_text(encoding="utf-8"))["students"]:
            for part in student["parts"]:
                assert not FORBIDDEN["a column number"].search(part["feedback"]), part
                assert not FORBIDDEN["a diagnosis code"].search(part["feedback"]), part
                if part["status"] == "invalid" and "could not read" in part["feedback"]:
                    unreadable += 1
                    assert "The problem is" in part["feedback"], part
    assert unreadable >= 5

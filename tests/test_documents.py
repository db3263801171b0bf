"""Free-form documents: the seed transcript graded unchanged, markers, identity, and odd files that must not crash."""

from __future__ import annotations

from pathlib import Path

import pytest

from mathgrade.cli import main
from mathgrade.documents import identity
from mathgrade.documents.blocks import Label, read_marker, split_blocks
from mathgrade.documents.candidates import find_candidates
from mathgrade.grade import Grader
from mathgrade.grade.results import SubmissionStatus
from mathgrade.spec import load_spec

from test_grade import SEED_VERDICTS

ROOT = Path(__file__).resolve().parents[1]
K2 = ROOT / "problems" / "k2.yaml"
SEED_DOC = ROOT / "submissions" / "k2-submission-pallav-kumar.md"
SHARED_SEED = ROOT.parent / "shared" / "seed" / "k2-submission-pallav-kumar.md"


@pytest.fixture(scope="module")
def grader() -> Grader:
    return Grader(load_spec(K2))


@pytest.fixture(scope="module")
def seed(grader: Grader):
    sub = grader.read(SEED_DOC)
    return sub, grader.grade(sub)


def test_the_project_copy_of_the_seed_is_unchanged() -> None:
    if not SHARED_SEED.exists():
        pytest.skip("shared/seed is not beside this checkout")
    assert SEED_DOC.read_bytes() == SHARED_SEED.read_bytes()


@pytest.mark.parametrize("part_id", list(SEED_VERDICTS))
def test_seed_transcript_verdicts_match_the_instructor_reading(seed, part_id: str) -> None:
    _, result = seed
    part = next(p for p in result.parts if p.id == part_id)
    status, points = SEED_VERDICTS[part_id]
    assert (part.status.value, part.score) == (status, points), (part.answer, part.feedback)


def test_seed_transcript_identity_and_total(seed) -> None:
    sub, result = seed
    assert (sub.student_id, sub.name) == ("pallav-kumar", "Pallav Kumar")
    assert result.status is SubmissionStatus.GRADED
    assert result.score == 37.5


@pytest.mark.parametrize("part_id,lines", [
    pytest.param("1", (11, 13), id="derivation-across-blocks"),
    pytest.param("2b", (49, 53), id="off-diagonal-chain"),
    pytest.param("4a", (75, 78), id="vx-chain"),
    pytest.param("4c", (82, 82), id="first-description"),
    pytest.param("5b", (119, 119), id="labelled-a"),
    pytest.param("7a", (156, 158), id="usvt"),
    pytest.param("7b", (160, 162), id="paragraph"),
])
def test_seed_answers_come_from_the_right_lines(seed, part_id: str, lines: tuple[int, int]) -> None:
    sub, _ = seed
    source = dict(sub.sources)[part_id]
    assert (source.start, source.end) == lines
    text = SEED_DOC.read_text(encoding="utf-8").splitlines()
    assert source.snippet.split()[0].strip("$") in " ".join(text[lines[0] - 1:lines[1]])


def test_seed_disagreeing_descriptions_are_flagged_for_review(seed) -> None:
    sub, _ = seed
    sources = dict(sub.sources)
    assert sources["4c"].review and "line 90" in sources["4c"].review
    assert sources["5b"].review is None


@pytest.mark.parametrize("text,label,rest", [
    pytest.param("① softmax", Label("1"), " softmax", id="circled"),
    pytest.param("⑳ x", Label("20"), " x", id="circled-20"),
    pytest.param(r"\textcircled{3} \quad \Sigma", Label("3"), r" \quad \Sigma", id="textcircled"),
    pytest.param("## Problem 4", Label("4"), "", id="heading"),
    pytest.param("Problem 12: x", Label("12"), ": x", id="problem-word"),
    pytest.param("Q3 x", Label("3"), " x", id="q3"),
    pytest.param("(3) x", Label("3"), " x", id="paren-number"),
    pytest.param("3. Compute", Label("3"), "Compute", id="dot-number"),
    pytest.param("3) Compute", Label("3"), "Compute", id="paren-after"),
    pytest.param(r"\section{Problem 5}", Label("5"), "}", id="section"),
    pytest.param("(b) answer", Label(None, "b"), " answer", id="sub-letter"),
    pytest.param("c) answer", Label(None, "c"), "answer", id="sub-letter-paren"),
    pytest.param("3.5 is a number", None, "3.5 is a number", id="decimal-is-not-a-marker"),
    pytest.param("x = 3", None, "x = 3", id="no-marker"),
])
def test_markers(text: str, label: Label | None, rest: str) -> None:
    assert read_marker(text) == (label, rest)


def test_enumerate_items_label_problems_and_parts() -> None:
    doc = (r"\begin{enumerate}\item First \[ a = 1 \] \item Second \begin{enumerate} \item sub \[ b = 2 \]"
           r" \item sub \[ c = 3 \] \end{enumerate} \end{enumerate}")
    labels = [(b.label.problem, b.label.sub) for b in split_blocks(doc) if b.kind == "math"]
    assert labels == [("1", None), ("2", "a"), ("2", "b")]


def test_chains_continue_across_blocks_and_stop_at_justifications() -> None:
    doc = "$$a = b$$\n\n$$= c \\quad \\text{from } d = e$$\n\n$$x = \\begin{bmatrix} 1 & 2 \\\\ 3 & 4 \\end{bmatrix}$$"
    chains = [c.members for c in find_candidates(split_blocks(doc)) if c.kind == "chain"]
    assert [[m.strip() for m in c] for c in chains] == [
        ["a", "b", "c \\quad"], ["x", "\\begin{bmatrix} 1 & 2 \\\\ 3 & 4 \\end{bmatrix}"]]


@pytest.mark.parametrize("text,expected", [
    pytest.param("---\nname: Ada Lovelace\nid: s42\nemail: ada@x.org\n---\n# Problem 1", ("s42", "Ada Lovelace",
                                                                                      "ada@x.org"), id="front-matter"),
    pytest.param("\\documentclass{article}\\author{Grace Hopper}\\begin{document}", ("grace-hopper", "Grace Hopper", ""),
                 id="latex-author"),
    pytest.param("Name: Émile Borel\n\n1. x = 2", ("mile-borel", "Émile Borel", ""), id="name-line"),
    pytest.param("①\n\nPallaw K2\n\nPallav Kumar\n", ("pallav-kumar", "Pallav Kumar", ""), id="name-like-line"),
    pytest.param("$$x = 1$$", ("file-stem", "file-stem", ""), id="fallback-file-name"),
])
def test_identity(text: str, expected: tuple[str, str, str]) -> None:
    assert identity(text, "file-stem") == expected


@pytest.mark.parametrize("name,content", [
    pytest.param("empty.md", b"", id="empty"),
    pytest.param("binary.md", b"\x00\x01\x02\xff" * 100, id="binary"),
    pytest.param("latin1.txt", "café = 1".encode("latin-1"), id="undecodable"),
    pytest.param("unbalanced.md", b"$$ x = [1, 2 $ and $ y = \\frac{1}{ $$ $", id="unbalanced-dollars"),
    pytest.param("braces.tex", b"\\[" + b"{" * 5000 + b"\\]", id="deep-braces"),
    pytest.param("markers.md", "① ② ③ (a) (b) Problem 9 Q99".encode(), id="only-markers"),
    pytest.param("big.md", (b"$$ x = \\begin{bmatrix} 1 \\\\ 2 \\end{bmatrix} $$\nSome words here.\n") * 80_000,
                 id="5-megabytes"),
    pytest.param("long.md", (b"$$ x = \\begin{bmatrix} 1 \\\\ 2 \\end{bmatrix} $$\nSome words here.\n") * 20_000,
                 id="1-megabyte-many-candidates"),
    pytest.param("bidi.md", "$$V e_1 = [1, \u202e0]$$".encode(), id="bidi-control"),
])
def test_odd_documents_never_crash(grader: Grader, tmp_path: Path, name: str, content: bytes) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    result = grader.grade(grader.read(path))
    assert len(result.parts) == len(grader.assignment.parts)
    assert result.status in (SubmissionStatus.GRADED, SubmissionStatus.ERROR)
    if name in ("binary.md", "latin1.txt", "big.md"):
        assert result.status is SubmissionStatus.ERROR and result.error


def test_show_prints_each_part(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show", str(K2), str(SEED_DOC)]) == 0
    out = capsys.readouterr().out
    assert "student 'Pallav Kumar'" in out
    assert "[4a] vector (lines 75-78)" in out
    assert "read as: [sqrt(2)/2, -sqrt(2)/2]" in out
    assert "review:" in out


# Documents in other styles, each graded as an instructor reads it. Parts not listed: missing.
STYLES = {
    "k2-doc-latex-enumerate.tex": ("marie-curie", 15, {
        "1": "correct", "2a": "correct", "2b": "correct", "2c": "correct", "4a": "correct", "4b": "correct",
        "4c": "correct"}),
    "k2-doc-markdown-headings.md": ("s21", 8, {
        "4a": "correct", "4b": "correct", "4c": "correct", "4d": "correct", "5a": "correct", "5f": "incorrect"}),
    "k2-doc-inline-math.md": ("lise-meitner", 6, {
        "4a": "correct", "4b": "correct", "4e": "correct", "4f": "incorrect", "4g": "correct"}),
    "k2-doc-out-of-order.md": ("rosalind-franklin", 6, {
        "4a": "correct", "4b": "incorrect", "6a": "correct", "6b": "correct", "6e": "correct"}),
    "k2-doc-answered-twice.md": ("chien-shiung-wu", 4, {"5a": "correct", "5b": "correct", "5c": "correct"}),
    "k2-doc-no-markers.txt": ("paul-dirac", 8, {
        "2a": "correct", "2b": "correct", "2c": "correct", "4a": "correct", "4b": "correct"}),
}


@pytest.mark.parametrize("name", list(STYLES))
def test_documents_in_other_styles(grader: Grader, name: str) -> None:
    sid, total, expected = STYLES[name]
    sub = grader.read(ROOT / "submissions" / name)
    result = grader.grade(sub)
    assert result.id == sid
    got = {p.id: p for p in result.parts}
    for part in grader.assignment.parts:
        want = expected.get(part.id, "missing")
        assert got[part.id].status.value == want, (name, part.id, got[part.id].answer, got[part.id].feedback)
        if want == "missing":
            assert "not found in the document" in got[part.id].feedback
    assert result.score == total


def test_answered_twice_grades_the_correction_and_flags_it(grader: Grader) -> None:
    sub = grader.read(ROOT / "submissions" / "k2-doc-answered-twice.md")
    review = dict(sub.sources)["5a"].review
    assert review is not None and "line 3" in review and "line 7" in review


def test_out_of_order_diagnosis_and_sources(grader: Grader) -> None:
    result = grader.grade(grader.read(ROOT / "submissions" / "k2-doc-out-of-order.md"))
    parts = {p.id: p for p in result.parts}
    assert "sign_error" in parts["4b"].diagnoses
    assert (parts["6a"].source.start, parts["4a"].source.start) == (5, 13)

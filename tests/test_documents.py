"""Free-form documents: the seed transcript graded unchanged, markers, identity, and odd files that must not crash."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

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
    pytest.param("Problem 12: x", Label("12"), "x", id="problem-word"),
    pytest.param("Q3 x", Label("3"), "x", id="q3"),
    pytest.param("(3) x", Label("3"), "x", id="paren-number"),
    pytest.param("3. Compute", Label("3"), "Compute", id="dot-number"),
    pytest.param("3) Compute", Label("3"), "Compute", id="paren-after"),
    pytest.param(r"\section{Problem 5}", Label("5"), "", id="section"),
    pytest.param("(b) answer", Label(None, "b"), "answer", id="sub-letter"),
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
        ["a", "b", "c"], ["x", "\\begin{bmatrix} 1 & 2 \\\\ 3 & 4 \\end{bmatrix}"]]


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


# Documents in other styles (LaTeX enumerate, Markdown headings, inline math, out of order, answered twice, plain
# text without markers, circled numbers), graded against an independent verdict table: every answer in it was
# checked with sympy and finite differences by someone who did not read the locator.
TABLE = yaml.safe_load((ROOT / "tests" / "data" / "documents_verdicts.yaml").read_text(encoding="utf-8"))
DOCUMENTS = {d["file"]: d for d in TABLE["documents"]}


@pytest.mark.parametrize("name", list(DOCUMENTS))
def test_documents_match_the_independent_table(grader: Grader, name: str) -> None:
    want = DOCUMENTS[name]
    sub = grader.read(ROOT / "submissions" / name)
    result = grader.grade(sub)
    assert sub.name == want["student"]
    got = {p.id: p for p in result.parts}
    for pid, verdict in want["parts"].items():
        part = got[pid]
        detail = verdict if isinstance(verdict, dict) else {"verdict": verdict}
        assert part.status.value == detail["verdict"], (name, pid, part.answer, part.feedback)
        if "components" in detail:
            assert part.score == pytest.approx(part.max * detail["components"] / 3), (name, pid, part.feedback)
        if "entries" in detail:
            assert part.score == pytest.approx(part.max * detail["entries"] / 4), (name, pid, part.feedback)
        if detail.get("twice"):
            assert part.source is not None and part.source.review, (name, pid)
        if detail["verdict"] == "missing":
            assert "not found in the document" in part.feedback or "No answer" in part.feedback, (name, pid)


def test_answered_twice_grades_the_correction_and_flags_it(grader: Grader) -> None:
    sub = grader.read(ROOT / "submissions" / "k2-doc-answered-twice.md")
    source = dict(sub.sources)["3f"]
    assert source.start == 49
    assert source.review is not None and "line 45" in source.review and "line 49" in source.review


def test_out_of_order_parts_come_from_where_the_student_wrote_them(grader: Grader) -> None:
    result = grader.grade(grader.read(ROOT / "submissions" / "k2-doc-out-of-order.md"))
    first_line = {}
    for p in result.parts:
        if p.source is not None:
            first_line.setdefault(p.id.rstrip("abcdefg"), p.source.start)
    # The student wrote problems 5, 4, 7, 6, 3, 1, 2 in that order.
    assert sorted(first_line, key=first_line.get) == ["5", "4", "7", "6", "3", "1", "2"]
    part = next(p for p in result.parts if p.id == "7a")
    assert part.wrong_entries == ((1, 2),) and part.score == pytest.approx(part.max * 3 / 4)


@pytest.mark.parametrize("body,last", [
    pytest.param("A = U S &= \\begin{bmatrix} 1 & 2 \\\\ 3 & 4 \\end{bmatrix} \\\\ &= \\begin{bmatrix} 5 & 6 \\\\ 7 & 8 "
                 "\\end{bmatrix}", "\\begin{bmatrix} 5 & 6 \\\\ 7 & 8 \\end{bmatrix}", id="align-keeps-matrix-columns"),
    pytest.param("x &= 1 \\\\ &= 2", "2", id="align-continues"),
])
def test_align_rows_continue_a_chain_without_touching_matrices(body: str, last: str) -> None:
    from mathgrade.documents.candidates import _chains_in
    chains = _chains_in(body)
    assert len(chains) == 1 and chains[0][-1].strip() == last


@pytest.mark.parametrize("line,is_math", [
    ("K2 homework", False), ("Priya Raghunathan", False),
    ("softmax(z - c)_i = exp(z_i - c) / sum_j exp(z_j - c) = softmax(z)_i", True),
    ("V rotates vectors by 45 degrees counterclockwise and does not scale them.", False),
    ("all i, j:  dy_i/dz_j = y_i*(delta_ij - y_j)", True), ("x = 2", True),
])
def test_plain_text_lines_read_as_formulas_or_prose(line: str, is_math: bool) -> None:
    from mathgrade.documents.blocks import _looks_like_math
    assert _looks_like_math(line) is is_math

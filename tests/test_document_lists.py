"""Lists given in sentences, notebook outputs in LaTeX and sympy forms, and the reader's doubt, each probed on small
documents for the eigen/SVD and linear-maps homework (the K2 readers are in test_document_readers.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from corpus_tables import graded_text

from mathgrade.documents.blocks import bare_answers, inline_answers, split_blocks
from mathgrade.documents.candidates import find_candidates, normalise
from mathgrade.documents.labels import Label, read_label
from mathgrade.documents.readers import read_page
from mathgrade.grade import Grader
from mathgrade.grade.results import Status
from mathgrade.spec import load_spec

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def eigen() -> Grader:
    return Grader(load_spec(ROOT / "problems" / "eigen-svd.yaml"))


_grade = graded_text  # write a small document into tmp_path, read and grade it: its parts by id


def _lists(text: str, plain: bool = False) -> list[str]:
    return [c.final for c in find_candidates(split_blocks(text, plain)) if c.kind == "chain" and c.final.startswith("[")]


# ------------------------------------------------------------------------------------ lists in sentences

@pytest.mark.parametrize("text,plain,lists", [
    pytest.param("(a) the eigenvalues are $3$ and $1$.", False, ["[3, 1]"], id="are-3-and-1"),
    pytest.param("(a) $\\lambda = 3$ and $\\lambda = 1$", False, ["[3, 1]"], id="lambda-and-lambda"),
    pytest.param("(c) $\\sigma_1 = \\sqrt{45} = 3\\sqrt5, \\sigma_2 = \\sqrt5$", False, ["[3\\sqrt5, \\sqrt5]"],
                 id="sigma-comma-sigma"),
    pytest.param("(b) $\\det(M - \\lambda I) = 0$ gives $\\lambda = 45$ and $\\lambda = 5$.", False, ["[45, 5]"],
                 id="after-working"),
    pytest.param("eigenvalues are 45 and 5", True, ["[45, 5]"], id="plain-words"),
    pytest.param("**1b** so λ = 45 and λ = 5", False, ["[45, 5]"], id="unicode-without-dollars"),
    # a question and its answer are not a list; nor are two vectors
    pytest.param("for $x = e_1$ I get $Mx = 2$", False, [], id="question-and-answer"),
    pytest.param("(b) the images are $(1,2)$ and $(3,4)$", False, [], id="vectors-stay-apart"),
])
def test_values_in_one_sentence_make_one_list(text: str, plain: bool, lists: list[str]) -> None:
    assert _lists(text, plain) == lists


@pytest.mark.parametrize("sentence,labelled,answers", [
    pytest.param("det B = 3", True, ["det B = 3"], id="equation"),
    pytest.param("rank C = 2", False, ["rank C = 2"], id="word-kept-on-left"),
    pytest.param("eigenvalues: 3, 1", True, ["3, 1"], id="colon-list"),
    pytest.param("rank 1", True, ["1"], id="few-words-number"),
    pytest.param("see page 3", False, [], id="page-number-is-no-answer"),
    pytest.param("with 2 hidden units", False, [], id="count-in-prose"),
])
def test_answers_written_without_dollars(sentence: str, labelled: bool, answers: list[str]) -> None:
    assert bare_answers(sentence, labelled) == answers


def test_last_formula_of_a_labelled_sentence_is_its_result() -> None:
    assert inline_answers("It projects onto the line spanned by $(1,1)$.", True) == ["(1,1)"]
    assert inline_answers("$P^2 = P$, so $P$ is a projection.", True) == ["P^2 = P"]


@pytest.mark.parametrize("body,read", [
    pytest.param("\\binom{1}{1}", "\\begin{pmatrix}1\\\\1\\end{pmatrix}", id="mathpix-binom"),
    pytest.param("{\\lambda_{2} = 5}", "\\lambda_{2} = 5", id="pandoc-braces"),
    pytest.param("\\left\\lbrack a \\right\\rbrack", "\\left[ a \\right]", id="pandoc-lbrack"),
    pytest.param("\\operatorname{diag}(3, 5)", "\\begin{pmatrix}3 & 0 \\\\ 0 & 5\\end{pmatrix}", id="diag"),
    pytest.param("{a}+{b}", "{a}+{b}", id="two-groups-kept"),
])
def test_exporter_spellings(body: str, read: str) -> None:
    assert normalise(body) == read


@pytest.mark.parametrize("text,label", [
    pytest.param("### 3a and 3b", Label("3", "a-b"), id="numbered-pair"),
    pytest.param("(d), (e)", Label(None, "d-e"), id="bracketed-pair"),
    pytest.param("a: sigma'(x)", Label(None, "a"), id="letter-colon"),
    pytest.param("a and b are orthogonal", None, id="prose-is-no-pair"),
    pytest.param("ii. $3$", Label(None, "b"), id="roman-ii"),
    pytest.param("(iv) $QH$", Label(None, "d"), id="roman-iv"),
    pytest.param("i.e. this", None, id="i-e-is-no-label"),
    pytest.param("Q1.a x", Label("1", "a"), id="q-dot-letter"),
    pytest.param("[2b] x", Label("2", "b"), id="bracketed"),
])
def test_paired_labels(text: str, label: Label | None) -> None:
    assert read_label(text)[0] == label


# ----------------------------------------------------------------------------------------- whole documents

def _notebook(cells: list[dict]) -> str:
    return json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5})


def _out(source: str, plain: str, latex: str | None = None) -> dict:
    data = {"text/plain": plain} | ({"text/latex": latex} if latex else {})
    return {"cell_type": "code", "source": source, "execution_count": 1, "metadata": {},
            "outputs": [{"output_type": "execute_result", "data": data, "metadata": {}, "execution_count": 1}]}


def test_notebook_sympy_and_latex_outputs(eigen: Grader, tmp_path: Path) -> None:
    cells = [
        {"cell_type": "markdown", "source": "## Problem 1\n### (a)", "metadata": {}},
        # pretty-printed text/plain: the LaTeX form is read
        _out("A.T * A", "⎡25  20⎤\n⎢      ⎥\n⎣20  25⎦",
             "$\\displaystyle \\left[\\begin{matrix}25 & 20\\\\20 & 25\\end{matrix}\\right]$"),
        {"cell_type": "markdown", "source": "### (b)", "metadata": {}},
        _out("(A.T * A).eigenvals()", "{5: 1, 45: 1}"),
        {"cell_type": "markdown", "source": "## Problem 2\n(d), (e)", "metadata": {}},
        _out("B.det(), B.trace()", "(3, 5)"),
    ]
    parts = _grade(eigen, tmp_path, "nb.ipynb", _notebook(cells))
    assert parts["1a"].status is Status.CORRECT
    assert parts["1b"].status is Status.CORRECT
    assert parts["2d"].status is Status.CORRECT and parts["2e"].status is Status.INCORRECT


def test_latex_paragraph_labels_macros_and_broken_lines(eigen: Grader, tmp_path: Path) -> None:
    text = ("\\documentclass{article}\n\\newcommand{\\T}{^{\\mathsf T}}\n\\begin{document}\n"
            "\\paragraph{1(a)} $A\\T A = \\begin{pmatrix} 25 & 20\\\\ 20 & 25\\end{pmatrix}$\n\n"
            "\\paragraph{2(a)} Factoring, the eigenvalues are\n$3$ and $1$.\n\n"
            "\\paragraph{2(b)} It is spanned by\n$(1,-1)$.\n\\end{document}\n")
    parts = _grade(eigen, tmp_path, "hw.tex", text)
    assert parts["1a"].status is Status.CORRECT
    assert parts["2a"].status is Status.CORRECT
    assert parts["2b"].status is Status.INCORRECT and parts["2b"].review is None


@pytest.mark.parametrize("text,part", [
    # the answer is there, but not in a form the parser reads: graded, and the instructor asked to look
    pytest.param("(a) $A^TA = \\begin{pmatrix} 25 & 20 \\\\ 20 & 25 \\end{pmatrix} \\hspace{1em}$ ok\n\n"
                 "## 2\n(a) $\\lambda \\in \\{1, 3\\} \\cup \\oslash$\n", "2a", id="unreadable-answer"),
    # math under a label that nothing could take
    pytest.param("## 2\n(b) I think $v \\parallel (1,1)$ but not sure\n", "2b", id="math-under-label-unassigned"),
])
def test_doubtful_readings_are_marked_for_review(eigen: Grader, tmp_path: Path, text: str, part: str) -> None:
    parts = _grade(eigen, tmp_path, "doubt.md", text)
    assert parts[part].review is not None, parts[part]


def test_words_only_under_a_label_are_missing_without_review(eigen: Grader, tmp_path: Path) -> None:
    parts = _grade(eigen, tmp_path, "todo.md", "## 2\n(a) skipped, will ask in office hours\n(d) $\\det B = 3$\n")
    assert parts["2a"].status is Status.MISSING and parts["2a"].review is None
    assert parts["2d"].status is Status.CORRECT


def test_unread_math_next_to_a_missing_part_is_flagged(eigen: Grader, tmp_path: Path) -> None:
    # math the reader could not take as an answer (a characteristic polynomial where eigenvalues are asked) is not
    # "unanswered" for certain: the part stays missing, and the instructor is asked to look
    text = "## 2\nCharacteristic polynomial: $\\lambda^2 - 4\\lambda + 3 = 0$\n\n(d) $\\det B = 3$\n"
    parts = _grade(eigen, tmp_path, "odd.md", text)
    assert parts["2d"].status is Status.CORRECT
    assert parts["2a"].status is Status.MISSING and parts["2a"].review is not None


def test_a_page_of_candidates_is_read_in_time() -> None:
    # the list and soft-break passes are linear: a long document of sentences is read at once
    text = "\n".join(f"({'abcde'[k % 5]}) the values are ${k}$ and ${k + 1}$ and so" for k in range(3000))
    page = read_page(text, ".md")
    lists = [c for c in find_candidates(split_blocks(page.text)) if c.kind == "chain" and c.final.startswith("[")]
    assert len(lists) == 3000


@pytest.mark.parametrize("text,plain,part,status", [
    # the problem's label and the part's on one line
    pytest.param("**Q2.** (a) reflection (b) the direction is $(1,1)$\n**Q3.** (c) $Su = (4, 1)$", False, "3c",
                 Status.CORRECT, id="problem-then-part"),
    # "ans:" marks the result below the working
    pytest.param("Q1 a)  A^T A = [9 12; 12 41]\n       ans: [25 20; 20 25]", True, "1a", Status.CORRECT,
                 id="ans-marker"),
    pytest.param("## 2\na) $\\{1, 3\\}$", False, "2a", Status.CORRECT, id="set-for-unordered"),
    pytest.param("## 2\ni. eigenvalues $3$ and $1$\nii. $(1,1)$\niv. $3$", False, "2b", Status.CORRECT,
                 id="roman-numeral-parts"),
])
def test_more_ways_of_marking_answers(eigen: Grader, tmp_path: Path, text: str, plain: bool, part: str,
                                      status: Status) -> None:
    grader = eigen if part[0] in "123" and "Su" not in text and "reflection" not in text else Grader(
        load_spec(ROOT / "problems" / "linear-maps.yaml"))
    parts = _grade(grader, tmp_path, "more.txt" if plain else "more.md", text)
    assert parts[part].status is status, parts[part]


def test_notebook_prints_with_labels(eigen: Grader, tmp_path: Path) -> None:
    stream = {"cell_type": "code", "source": "print('2d:', det(B))\nprint('2e:', trace(B))", "metadata": {},
              "execution_count": 1, "outputs": [{"output_type": "stream", "name": "stdout",
                                                 "text": "2d: 2.9999999999999996\n2e: 4.0\n"}]}
    parts = _grade(eigen, tmp_path, "prints.ipynb", _notebook([stream]))
    assert parts["2d"].status is Status.CORRECT and parts["2e"].status is Status.CORRECT


def test_a_skipped_part_shifting_the_order_is_marked_on_both_parts(eigen: Grader, tmp_path: Path) -> None:
    # no part labels; the student skipped 2a, so order alone would give 2b's eigenvector to 2a
    text = "## Problem 2\n\n$v = (1, 1)$\n\n$P = \\begin{pmatrix}1&-1\\\\1&1\\end{pmatrix}$\n\n$\\det B = 3$\n"
    parts = _grade(eigen, tmp_path, "skip.md", text)
    assert parts["2a"].review is not None and parts["2b"].review is not None
    assert parts["2c"].review is None and parts["2d"].review is None

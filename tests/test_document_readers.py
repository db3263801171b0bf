"""The format readers, the label grammar and the review data, each probed on small documents written for it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from corpus_tables import graded_text

from mathgrade.documents.blocks import inline_answers
from mathgrade.documents.candidates import chains_with_boxes
from mathgrade.documents.labels import Label, expand_range, read_label, split_labelled
from mathgrade.documents.readers import READERS, read_page
from mathgrade.grade import Grader
from mathgrade.grade.records import dumps, loads
from mathgrade.grade.sheets import collect
from mathgrade.report.html import student_html
from mathgrade.spec import load_spec

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def grader() -> Grader:
    return Grader(load_spec(ROOT / "problems" / "k2.yaml"))


_grade = graded_text  # write a small document into tmp_path, read and grade it: its parts by id


# ------------------------------------------------------------------------------------------------ labels

@pytest.mark.parametrize("text,label,rest", [
    pytest.param("2a) y_i", Label("2", "a"), "y_i", id="2a-paren"),
    pytest.param("2a: x", Label("2", "a"), "x", id="2a-colon"),
    pytest.param("**2a** $w$", Label("2", "a"), "$w$", id="bold"),
    pytest.param("(2a) foo", Label("2", "a"), "foo", id="paren-both"),
    pytest.param("2(a) foo", Label("2", "a"), "foo", id="number-paren-letter"),
    pytest.param("4.a) x", Label("4", "a"), "x", id="dotted"),
    pytest.param("3.c  -1", Label("3", "c"), "-1", id="dotted-no-paren"),
    pytest.param("Q2a x", Label("2", "a"), "x", id="q2a"),
    pytest.param("Q. 6", Label("6"), "", id="q-dot"),
    pytest.param("Question 4 (b) x", Label("4", "b"), "x", id="question-and-part"),
    pytest.param("Answer to 4(a): (1, 2)", Label("4", "a"), "(1, 2)", id="answer-to"),
    pytest.param("**Answer (e):** it", Label(None, "e"), " it", id="answer-bold"),
    pytest.param("### (a)", Label(None, "a"), "", id="heading-part"),
    pytest.param("## Images of the corners (problem 5)", Label("5"), "", id="heading-names-problem"),
    pytest.param("Part (c) x", Label(None, "c"), "x", id="part-word"),
    pytest.param("a. dy/dz", Label(None, "a"), "dy/dz", id="letter-dot"),
    pytest.param("(b)--(e) The images", Label(None, "b-e"), "The images", id="range"),
    pytest.param("3.5 is a number", None, "3.5 is a number", id="decimal-is-not-a-label"),
    pytest.param("1c: .25", Label("1", "c"), ".25", id="decimal-point-after-a-label-is-the-answers"),
    pytest.param("1c: 0.25", Label("1", "c"), "0.25", id="decimal-after-a-label"),
    pytest.param("A. Smith wrote", None, "A. Smith wrote", id="capital-initial-is-not-a-part"),
    pytest.param("**Question 2 -- part b**", Label("2", "b"), "", id="problem-dashes-part"),
    pytest.param("Problem 3, (c) $x = 1$", Label("3", "c"), "$x = 1$", id="problem-comma-part"),
    pytest.param("Aufgabe 4 / b) 3", Label("4", "b"), "3", id="aufgabe-slash-part"),
    # (the dash between spaces after a label separates it from what follows: "3b - 3" answers 3)
    pytest.param("Problem 2 - 5 apples", Label("2", None), "5 apples", id="dash-then-no-part"),
    pytest.param("### Work for 1b", Label("1", "b"), "", id="heading-naming-a-part"),
    pytest.param("**b)** bis **e)**:", Label(None, "b-e"), "", id="run-in-german-with-bold"),
    pytest.param("`4a`: dL/dv = 1", Label("4", "a"), "dL/dv = 1", id="label-in-inline-code"),
    pytest.param("`code` here", None, "`code` here", id="inline-code-that-is-no-label"),
    pytest.param("(b) through (d) the images", Label(None, "b-d"), "the images", id="run-through"),
    pytest.param("(a) a rotation", Label(None, "a"), "a rotation", id="article-after-label-is-no-run"),
    pytest.param("### 6a–6d", Label("6", "a-d"), "", id="heading-naming-a-run-of-parts"),
    pytest.param("## Solution to 2 (c)", Label("2", "c"), "", id="heading-naming-a-bracketed-part"),
    pytest.param("# Week 12 a summary", None, "# Week 12 a summary", id="heading-with-an-article-is-no-part"),
    pytest.param("## K2 — softmax & 2×2 maps", None, "## K2 — softmax & 2×2 maps", id="heading-with-a-size"),
])
def test_label_grammar(text: str, label: Label | None, rest: str) -> None:
    assert read_label(text) == (label, rest)


@pytest.mark.parametrize("line,pieces", [
    pytest.param("(b) $(1,-2)$ (c) $(1,2)$", ["(b) $(1,-2)$ ", "(c) $(1,2)$"], id="two-parts"),
    pytest.param("2a) y_i(1-y_i); 2b) -y_i y_j", ["2a) y_i(1-y_i); ", "2b) -y_i y_j"], id="semicolons"),
    pytest.param("So (c) $V$ turns", ["So ", "(c) $V$ turns"], id="after-a-word"),
    pytest.param("1) exp(z_i - c)/sum_j exp(z_j - c) = 1", ["1) exp(z_i - c)/sum_j exp(z_j - c) = 1"],
                 id="operator-before-c-is-math"),
    pytest.param("my $\\Sigma V^T$ from 5(a) and", ["my $\\Sigma V^T$ from 5(a) and"], id="reference-not-label"),
    pytest.param("$f (a) = 1$ (b) x", ["$f (a) = 1$ ", "(b) x"], id="inside-math-not-cut"),
    # a terse plain-text list: bare labels set off by two or more spaces
    pytest.param("3a shear   3b 3   3c (4,1)", ["3a shear   ", "3b 3   ", "3c (4,1)"], id="spaced-bare-labels"),
    pytest.param("4a projection\t4b (1,1)", ["4a projection\t", "4b (1,1)"], id="tab-before-bare-label"),
    pytest.param("1a x = 2b + 1", ["1a x = 2b + 1"], id="one-space-is-a-product"),
    pytest.param("1a the total is 12  2b maybe", ["1a the total is 12  ", "2b maybe"], id="spaced-after-words"),
    pytest.param("(e) Differentiating (d) once more,", ["(e) Differentiating (d) once more,"],
                 id="gerund-names-a-part"),
    pytest.param("(f) Repeat (c) for $x = 2$", ["(f) Repeat (c) for $x = 2$"], id="verb-names-a-part"),
    pytest.param("(a) $3$ (b) $4$", ["(a) $3$ ", "(b) $4$"], id="math-before-label-still-cuts"),
])
def test_several_parts_on_one_line(line: str, pieces: list[str]) -> None:
    assert split_labelled(line) == pieces


def test_range_labels_expand_in_order() -> None:
    assert expand_range("b-e") == ["b", "c", "d", "e"] and expand_range("c") == ["c"] and expand_range(None) == []


# ----------------------------------------------------------------------------------------------- answers

@pytest.mark.parametrize("sentence,labelled,answers", [
    pytest.param("For $x = e_1/\\sqrt2$ I get $(1,2)$", False, ["(1,2)"], id="setup-then-result"),
    pytest.param("Let $z_i = w^T x_i - u$ and $S = \\sum_k e^{z_k}$.", False, [], id="setup-only"),
    pytest.param("For $i=j$: $\\partial y_i/\\partial z_i = y_i(1-y_i)$", False,
                 ["\\partial y_i/\\partial z_i = y_i(1-y_i)"], id="condition-then-answer"),
    pytest.param("the other two are $(-1,2)$ and $(-1,-2)$.", False, ["(-1,2)", "(-1,-2)"], id="are-and"),
    pytest.param("$0$ — the terms cancel in pairs here", True, ["0"], id="labelled-value-then-words"),
    pytest.param("$U$ rotates by $150°$ clockwise", True, [], id="subject-is-not-an-answer"),
    pytest.param("The rank of A is 2.", False, ["2"], id="number-in-words"),
    pytest.param("We have $s(z - c)_i = e^{z_i}/S$ which is $s(z)_i$.", False, ["s(z - c)_i = e^{z_i}/S = s(z)_i"],
                 id="which-is-continues-the-chain"),
    pytest.param("$U\\Sigma V^T = M$, which is $A$ as it should be.", True, ["U\\Sigma V^T = M", "A"],
                 id="which-is-with-a-comment-is-a-remark"),
])
def test_answers_in_sentences(sentence: str, labelled: bool, answers: list[str]) -> None:
    assert inline_answers(sentence, labelled) == answers


@pytest.mark.parametrize("body,final,boxed", [
    pytest.param("\\frac{a}{b} = \\boxed{y_i(1-y_i)}", "y_i(1-y_i)", True, id="boxed"),
    pytest.param("x = e_1/\\sqrt2 \\rightarrow (1,-2)", "(1,-2)", False, id="arrow"),
    pytest.param("A = \\begin{pmatrix} 1 & 2 \\\\[2pt] 3 & 4 \\end{pmatrix}",
                 "\\begin{pmatrix} 1 & 2 \\\\ 3 & 4 \\end{pmatrix}", False, id="row-spacing"),
    pytest.param("\\sum_{j}^{}e^{z_j}", "\\sum_{j}e^{z_j}", False, id="pandoc-empty-superscript"),
    pytest.param("-y_iy_j", "-y_i y_j", False, id="unbraced-subscripts"),
    pytest.param("\\sigma_1 = 3\\sqrt5 \\approx 6.708", "3\\sqrt5", False, id="exact-then-rounded-copy"),
    pytest.param("A = \\begin{bmatrix} \\sqrt2 & 1 \\end{bmatrix} ≈ [1.41, 1]", "\\begin{bmatrix} \\sqrt2 & 1 \\end{bmatrix}",
                 False, id="unicode-approx-after-exact-matrix"),
    pytest.param("\\nabla L = p - e_1 \\approx (-0.83, 0.33)", "(-0.83, 0.33)", False,
                 id="approx-after-a-symbolic-member-is-the-value"),
    pytest.param("\\sigma_1 \\approx 6.708", "6.708", False, id="only-approximate-keeps-the-decimals"),
])
def test_chain_results(body: str, final: str, boxed: bool) -> None:
    (members, was_boxed), = chains_with_boxes(body)
    assert (members[-1].strip(), was_boxed) == (final, boxed)


def test_side_by_side_equations_are_separate_chains() -> None:
    chains = chains_with_boxes("a = \\boxed{w}, \\qquad b = \\boxed{x_i}, \\qquad c = \\boxed{-1}")
    assert [m[-1].strip() for m, _ in chains] == ["w", "x_i", "-1"]


# ----------------------------------------------------------------------------------------------- readers

def test_every_document_suffix_has_a_reader() -> None:
    assert {".md", ".markdown", ".qmd", ".rmd", ".tex", ".txt", ".ipynb"} <= set(READERS)


@pytest.mark.parametrize("suffix,text,expected_lines", [
    pytest.param(".md", "| Part | Answer |\n|---|---|\n| 4a | $(1,2)$ |", ["", "", "4a) $(1,2)$"], id="md-table"),
    pytest.param(".md", "5b) ~~$(1, 2)$~~ $(1, -2)$", ["5b)  $(1, -2)$"], id="md-strikethrough"),
    pytest.param(".md", "```python\nV @ e1\n```", ["", "", ""], id="md-code-is-not-an-answer"),
    pytest.param(".md", "<!-- 4a) (9, 9) -->\n4a) (1, 2)", ["", "4a) (1, 2)"], id="md-html-comment"),
    pytest.param(".md", "## Problem 2\n1. $y_i$\n2. $-y_iy_j$", ["## Problem 2", "(a) $y_i$", "(b) $-y_iy_j$"],
                 id="md-ordered-list-under-problem-is-parts"),
    pytest.param(".md", "| Matrix | Angle | Scaling |\n|-|-|-|\n| 4c: $V$ | 45° | none |",
                 ["", "", "4c) $V$ ; angle 45° ; no scaling"], id="md-table-headers"),
    pytest.param(".tex", "\\documentclass{article}\n\\begin{document}\n% 4a) (9, 9)\n\\end{document}",
                 ["", "\\begin{document}", "", ""], id="tex-comment-and-preamble"),
    pytest.param(".txt", "Part  Answer\n----  ------\na     (1, 2)\n----  ------", ["", "", "(a) $(1, 2)$", ""],
                 id="txt-whitespace-table"),
    pytest.param(".qmd", "---\ntitle: HW\n---\n```{python}\nV @ e1\n```\n4a) $(1,2)$", ["", "", "", "", "", "", "4a) $(1,2)$"],
                 id="quarto-front-matter-and-chunk"),
    pytest.param(".Rmd", "```{r}\nA %*% x\n```\n4a) $(1,2)$", ["", "", "", "4a) $(1,2)$"], id="rmarkdown-chunk"),
    pytest.param(".md", "+------+---------+\n| Part | Answer  |\n+======+=========+\n| \\(b\\) | $(1,2)$ |\n"
                 "+------+---------+", ["", "", "", "(b) $(1,2)$", ""], id="md-grid-table"),
    pytest.param(".md", "+---+-----+\n| a | $(1,$ |\n|   | $2)$  |\n+---+-----+", ["", "(a) $(1,$ $2)$", "", ""],
                 id="md-grid-row-over-two-lines"),
    pytest.param(".md", "  Part   Answer\n  ------ -------\n  (a)    $3$\n\nProblem 6 part (e): text",
                 ["", "", "(a) $3$", "", "Problem 6 part (e): text"], id="md-simple-table-ends-at-blank-line"),
    # (pandoc writes Word's math italics as emphasis: *F* is the letter F)
    pytest.param(".md", "*F* Rot = \\[\\[1, 0\\], \\[0, −1\\]\\]", ["F Rot = [[1, 0], [0, −1]]"],
                 id="pandoc-escaped-brackets"),
    pytest.param(".md", "*Note:* 2*x*y is *the* answer", ["*Note:* 2*x*y is the answer"],
                 id="emphasis-of-words-and-a-typed-product-stay"),
    pytest.param(".md", "```\nJ = [[1, 2],\n     [3, 4]]\n```", ["", "J = [[1, 2], [3, 4]]", "", ""],
                 id="matrix-over-lines-in-a-plain-code-block"),
    pytest.param(".Rmd", "```\n## [1] 45  5\n```", ["", "$$ [45, 5] $$", ""], id="knitr-vector"),
    pytest.param(".Rmd", "```\n## [1] 3\n```", ["", "$$ 3 $$", ""], id="knitr-single-value"),
    pytest.param(".Rmd", "```\n##      [,1] [,2]\n## [1,]    9   12\n## [2,]   12   41\n```",
                 ["", "$$ [[9, 12], [12, 41]] $$", "", "", ""], id="knitr-matrix"),
    pytest.param(".Rmd", "```\n## $d\n## [1] 6.708204 -4.440892e-16\n```", ["", "", "$$ [6.708204, 0] $$", ""],
                 id="knitr-list-name-and-rounding-zero"),
    pytest.param(".Rmd", "```\n## exp(x)/(1 + exp(x))\n## eigen() decomposition\n```",
                 ["", "$$ exp(x)/(1 + exp(x)) $$", "", ""], id="knitr-printed-expression-and-words"),
    pytest.param(".md", "```\n## not R: a heading in a code block\nx = 1\n```", ["", "## not R: a heading in a code block",
                 "x = 1", ""], id="fence-that-is-not-console-output"),
])
def test_readers_rewrite_structure_line_for_line(suffix: str, text: str, expected_lines: list[str]) -> None:
    page = read_page(text, suffix)
    assert [line.rstrip() for line in page.text.split("\n")] == expected_lines


def test_latex_items_become_labels(grader: Grader, tmp_path: Path) -> None:
    doc = ("\\documentclass{article}\\begin{document}\n\\section*{Problem 4}\n\\begin{enumerate}\n"
           "\\item $V e_1 = (1/\\sqrt2, 1/\\sqrt2)$\n\\item[(e)] $V^T e_1 = (1/\\sqrt2, -1/\\sqrt2)$\n"
           "\\end{enumerate}\n\\end{document}\n")
    parts = _grade(grader, tmp_path, "items.tex", doc)
    assert parts["4a"].status.value == "correct" and parts["4e"].status.value == "correct"
    assert parts["4b"].status.value == "missing"


def _notebook(cells: list[dict]) -> str:
    return json.dumps({"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": cells})


def test_notebook_outputs_are_answers_and_code_is_not(grader: Grader, tmp_path: Path) -> None:
    cells = [
        {"cell_type": "markdown", "metadata": {}, "source": "## Problem 4\n(a)"},
        {"cell_type": "code", "metadata": {}, "execution_count": 1, "source": "V @ e1",
         "outputs": [{"output_type": "execute_result", "execution_count": 1, "metadata": {},
                      "data": {"text/plain": "array([0.70710678, 0.70710678])"}}]},
        {"cell_type": "markdown", "metadata": {}, "source": "(d)"},
        {"cell_type": "code", "metadata": {}, "execution_count": 2, "source": "np.linalg.inv(V)",
         "outputs": [{"output_type": "stream", "name": "stdout", "text": "[[ 0.7071  0.7071]\n [-0.7071  0.7071]]\n"}]},
        {"cell_type": "code", "metadata": {}, "execution_count": 3, "source": "W = V @ e2  # not printed",
         "outputs": []},
    ]
    parts = _grade(grader, tmp_path, "nb.ipynb", _notebook(cells))
    assert parts["4a"].status.value == "correct" and parts["4d"].status.value == "correct"
    assert parts["4b"].status.value == "missing"


@pytest.mark.parametrize("content", [
    pytest.param("{not json", id="not-json"),
    pytest.param('{"cells": "x"}', id="cells-not-a-list"),
    pytest.param('{"nbformat": 3, "worksheets": []}', id="format-3"),
])
def test_a_broken_notebook_is_an_error_result(grader: Grader, tmp_path: Path, content: str) -> None:
    path = tmp_path / "broken.ipynb"
    path.write_text(content, encoding="utf-8")
    result = grader.grade(grader.read(path))
    assert result.error and "notebook" in result.error and len(result.parts) == len(grader.assignment.parts)


def test_notebooks_are_collected(tmp_path: Path) -> None:
    (tmp_path / "a.ipynb").write_text(_notebook([]), encoding="utf-8")
    assert [p.name for p in collect([str(tmp_path)])] == ["a.ipynb"]


@pytest.mark.parametrize("suffix,content", [
    pytest.param(".tex", "\\begin{enumerate}" * 3000 + "\\item[(a)] x", id="deep-latex"),
    pytest.param(".tex", "\\item[" * 2000, id="unclosed-item-args"),
    pytest.param(".md", "|" * 5000 + "\n|-|\n" + "| 4a | $x$ |\n" * 2000, id="huge-table"),
    pytest.param(".md", "> " * 3000 + "4a) (1, 2)", id="deep-quotes"),
    pytest.param(".ipynb", _notebook([{"cell_type": "code", "source": "x", "outputs": [
        {"output_type": "stream", "text": "[" * 5000}]}]), id="notebook-unbalanced-output"),
])
def test_hostile_markup_never_crashes(grader: Grader, tmp_path: Path, suffix: str, content: str) -> None:
    parts = _grade(grader, tmp_path, "hostile" + suffix, content)
    assert len(parts) == len(grader.assignment.parts)


# ------------------------------------------------------------------------------------------------ review

TWICE = """# Problem 3
3f) $\\partial y_i/\\partial u = -y_i(1-y_i)$

3f) $\\partial y_i/\\partial u = 0$
"""


def test_review_is_data_for_the_instructor_not_text_for_the_student(grader: Grader, tmp_path: Path) -> None:
    path = tmp_path / "twice.md"
    path.write_text(TWICE, encoding="utf-8")
    result = grader.grade(grader.read(path))
    part = next(p for p in result.parts if p.id == "3f")
    assert part.status.value == "correct" and part.source is not None and part.source.start == 4
    assert part.review is not None and [a.start for a in part.review.alternatives] == [2]
    assert "line 2" in part.review.reason and part.review.reason.count("line 2") == 1
    assert part.to_dict()["review"]["alternatives"][0]["lines"] == [2, 2]
    assert loads(dumps(result)).parts == result.parts  # the review survives the gradebook's records
    html = student_html(grader.assignment, result)
    assert "Flagged for your instructor" not in html and "another answer" not in html


def test_a_labelled_part_left_empty_is_missing_not_incorrect(grader: Grader, tmp_path: Path) -> None:
    doc = "## Problem 3\nLet $z_i = w^T x_i - u$ and $S = \\sum_k e^{z_k}$.\n\n(a) $w$\n\n(b) ?\n\n(c)\n\n(d) not sure\n"
    parts = _grade(grader, tmp_path, "empty.md", doc)
    assert parts["3a"].status.value == "correct"
    assert [parts[p].status.value for p in ("3b", "3c", "3d", "3e", "3f")] == ["missing"] * 5


def test_an_equation_tag_labels_its_part(grader: Grader, tmp_path: Path) -> None:
    doc = "## Problem 5\n$$\\Sigma V^T x = (-1, -2) \\tag{e}$$\n\n$$\\Sigma V^T x = (1, -2) \\tag{b}$$\n"
    parts = _grade(grader, tmp_path, "tags.md", doc)
    assert (parts["5b"].status.value, parts["5e"].status.value) == ("correct", "correct")
    assert parts["5c"].status.value == "missing"


def test_a_restated_question_is_not_an_answer(grader: Grader, tmp_path: Path) -> None:
    # `V e_1` evaluates to the right vector from the spec's values: taking it would be a false accept.
    parts = _grade(grader, tmp_path, "restated.md", "## Problem 4\n(a) Compute $V e_1$.\n\n(b) Compute $Ve_2$.\n")
    assert parts["4a"].status.value == "missing" and parts["4b"].status.value == "missing"


# ------------------------------------------------------------------------------------------------ student macros

@pytest.mark.parametrize("preamble,use,expected", [
    pytest.param("\\newcommand{\\ans}[1]{\\fbox{$\\displaystyle #1$}}", "$x = \\ans{3}$", "$x = \\boxed{3}$",
                 id="fbox-with-displaystyle"),
    pytest.param("\\newcommand{\\res}[1]{\\boxed{#1}}", "$\\res{\\frac{1}{2}}$", "$\\boxed{\\frac{1}{2}}$",
                 id="boxed-nested-braces"),
    pytest.param("\\renewcommand{\\final}[1]{\\framebox{\\(#1\\)}}", "so $\\final{v = (1, 1)}$",
                 "so $\\boxed{v = (1, 1)}$", id="framebox-with-parens"),
    pytest.param("\\newcommand{\\ip}[2]{\\langle #1, #2 \\rangle}", "$\\ip{u}{v} = 0$",
                 "$\\langle u, v \\rangle = 0$", id="two-arguments"),
    # TeX reads one character as an argument where no brace group is given (`\vc11` for \vc{1}{1})
    pytest.param("\\newcommand{\\ans}[1]{\\fbox{$#1$}}", "$\\ans 3$", "$\\boxed{3}$", id="unbraced-one-character"),
    pytest.param("\\newcommand{\\ans}[1]{\\fbox{$#1$}}", "$\\ans\\,3$", "$\\ans\\,3$", id="a-command-after-it-is-left"),
    pytest.param("\\newcommand{\\loop}[1]{\\loop{#1}}", "$\\loop{2}$", "$\\loop{2}$", id="self-use-left-alone"),
])
def test_student_commands_with_arguments_are_expanded(preamble: str, use: str, expected: str) -> None:
    doc = f"\\documentclass{{article}}\n{preamble}\n\\begin{{document}}\n{use}\n\\end{{document}}\n"
    assert expected in read_page(doc, ".tex").text


@pytest.mark.parametrize("answer,status", [
    pytest.param("$\\boxed{\\lambda_1 = 3,\\ \\lambda_2 = 1}$", "correct", id="boxed-equations-one-name"),
    pytest.param("$\\boxed{\\lambda \\in \\{1, 3\\}}$", "correct", id="membership-in-a-set"),
    pytest.param("$λ ∈ \\{3, 1\\}$", "correct", id="unicode-membership"),
    pytest.param("$\\lambda_1 = 3,\\ \\lambda_2 = 2$", "incorrect", id="equations-one-wrong"),
    pytest.param("$\\lambda \\in \\{1, -3\\}$", "incorrect", id="membership-sign-slip"),
])
def test_eigenvalues_written_as_equations_or_membership(tmp_path: Path, answer: str, status: str) -> None:
    grader = Grader(load_spec(ROOT / "problems" / "eigen-svd.yaml"))
    text = f"## Problem 2\n\n(a) The eigenvalues of $B$: {answer}\n"
    parts = _grade(grader, tmp_path, "eig.md", text)
    assert parts["2a"].status.value == status, parts["2a"]


@pytest.mark.parametrize("text,part,status", [
    pytest.param("## 3 · chain rule\n\n### 3(a)\n$w$\n", "3a", "correct", id="heading-label-then-bare-math"),
    pytest.param("## Problem 3\n\n**(a)**\n\n$-w$\n", "3a", "incorrect", id="bold-label-then-bare-math-sign-slip"),
    pytest.param("### 3(c)\n$-1$ since $u$ enters with a minus\n", "3c", "correct", id="math-then-prose"),
    pytest.param("### 3(c)\nthe shift enters with a minus, see below\n", "3c", "missing",
                 id="prose-without-math-is-no-answer"),
])
def test_math_on_the_line_under_a_bare_label(grader: Grader, tmp_path: Path, text: str, part: str,
                                             status: str) -> None:
    parts = _grade(grader, tmp_path, "under.md", text)
    assert parts[part].status.value == status, parts[part]


@pytest.mark.parametrize("text,part,status", [
    pytest.param("Problem 1\n\nPart d. The softplus derivative.\n\nFinal: e^x/(1 + e^x)\n", "1d", "correct",
                 id="final-marker-without-dollars"),
    pytest.param("Problem 1\n\nPart d.\n\nFinal: e^{-x}/(1 + e^x)\n", "1d", "incorrect",
                 id="final-marker-sign-slip"),
    pytest.param("Problem 1\n\nPart b.\n\ne^{-x}/(1 + e^{-x})^2 = (1/(1 + e^{-x})) · (1 − 1/(1 + e^{-x})) = σ(x)(1 − σ(x))\n",
                 "1b", "correct", id="derivation-typed-without-dollars"),
])
def test_formulas_typed_without_dollars(tmp_path: Path, text: str, part: str, status: str) -> None:
    grader = Grader(load_spec(ROOT / "problems" / "ml-calculus.yaml"))
    parts = _grade(grader, tmp_path, "gdocs.md", text)
    assert parts[part].status.value == status, parts[part]


@pytest.mark.parametrize("text,status", [
    pytest.param("**Question 4 -- part b**\n\nAns. $(1,\\ 1)$\n", "correct", id="ans-full-stop"),
    pytest.param("**Question 4 -- part b**\n\nAns. $(1,\\ -1)$\n", "incorrect", id="ans-full-stop-sign-slip"),
    pytest.param("**Question 4 -- part b**\n\nAnswer is unclear to me.\n", "missing", id="answer-word-in-prose"),
])
def test_abbreviated_answer_mark(tmp_path: Path, text: str, status: str) -> None:
    grader = Grader(load_spec(ROOT / "problems" / "linear-maps.yaml"))
    parts = _grade(grader, tmp_path, "gdocs.md", text)
    assert parts["4b"].status.value == status, parts["4b"]


@pytest.mark.parametrize("text,part,status", [
    pytest.param("**1(c)** $\\sigma(0) = 0.5$, so\n\n**Answer:** $0.25$\n", "1c", "correct",
                 id="marked-answer-after-working"),
    pytest.param("**1(c)** $\\sigma(0) = 0.5$, so\n\n**Answer:** $0.5$\n", "1c", "incorrect",
                 id="marked-answer-wrong"),
    pytest.param("* 2a: $\\dfrac{\\partial y_i}{\\partial z_i} = y_i(1 - y_j)$ with $j = i$\n", "2a", "correct",
                 id="condition-after-with-is-not-the-result"),
    pytest.param("* 2a: $\\dfrac{\\partial y_i}{\\partial z_i} = y_i y_j$ with $j = i$\n", "2a", "incorrect",
                 id="condition-after-with-wrong-result"),
])
def test_marked_results_and_conditions(tmp_path: Path, text: str, part: str, status: str) -> None:
    spec = "ml-calculus" if part.startswith("1") else "k2"
    grader = Grader(load_spec(ROOT / "problems" / f"{spec}.yaml"))
    parts = _grade(grader, tmp_path, "marked.md", text)
    assert parts[part].status.value == status, parts[part]


def test_plain_text_matrix_over_several_lines() -> None:
    text = "2\n i)   [[1, 2],\n       [3, 4]]\n ii)  5\n"
    lines = read_page(text, ".txt").text.split("\n")
    assert lines[1].split() == ["i)", "[[1,", "2],", "[3,", "4]]"] and lines[2] == "" and "ii)" in lines[3]


@pytest.mark.parametrize("text,status", [
    pytest.param("#4b — *Give a direction vector.*\n\n$P e_1 = (1/2, 1/2)$ and $P e_2 = (1/2, 1/2)$, so everything lands "
                 "on the line through $(1, -1)$.\n", "incorrect", id="wrong-conclusion-after-right-working"),
    pytest.param("#4b — *Give a direction vector.*\n\n$P e_1 = (1/2, 1/2)$ and $P e_2 = (1/2, 1/2)$, so everything lands "
                 "on the line through $(1, 1)$.\n", "correct", id="right-conclusion-after-working"),
])
def test_a_conclusion_after_so_is_an_answer(tmp_path: Path, text: str, status: str) -> None:
    grader = Grader(load_spec(ROOT / "problems" / "linear-maps.yaml"))
    parts = _grade(grader, tmp_path, "so.qmd", text)
    assert parts["4b"].status.value == status, parts["4b"]


@pytest.mark.parametrize("line,status", [
    pytest.param("5b-e) (1,-2), (1,2), (-1,2), (-1,-2)", ["correct"] * 4, id="run-with-four-values"),
    pytest.param("5b-e) (1,-2), (1,2), (-1,-2), (-1,2)", ["correct", "correct", "incorrect", "incorrect"],
                 id="run-with-two-swapped"),
])
def test_a_run_label_over_a_list_in_plain_text(grader: Grader, tmp_path: Path, line: str, status: list[str]) -> None:
    parts = _grade(grader, tmp_path, "terse.txt", "5a) [√2 √2; -2√2 2√2]\n" + line + "\n")
    assert [parts[p].status.value for p in ("5b", "5c", "5d", "5e")] == status


@pytest.mark.parametrize("body,final", [
    pytest.param("\\det J &= \\cos\\theta\\,(a) \\\\ &\\quad + r\\sin\\theta\\,(b) \\\\ &= r^2\\sin\\theta", "r^2\\sin\\theta",
                 id="row-carrying-on-with-plus"),
    pytest.param("x &= 1 \\\\ &= 2", "2", id="rows-of-one-chain"),
])
def test_align_rows_that_carry_on_an_expression(body: str, final: str) -> None:
    (members, _), = chains_with_boxes(body)
    assert members[-1].strip() == final and len(members) == 3


def test_a_lettered_list_nested_in_a_numbered_one_does_not_letter_the_outer_items() -> None:
    doc = ("\\documentclass{article}\\begin{document}\n\\begin{enumerate}\n\\item\n  \\begin{enumerate}[label=(\\alph*)]\n"
           "  \\item $1$\n  \\end{enumerate}\n\\item\n  \\begin{enumerate}[label=(\\alph*)]\n  \\item $2$\n"
           "  \\end{enumerate}\n\\end{enumerate}\n\\end{document}\n")
    text = read_page(doc, ".tex").text
    assert "1." in text and "2." in text and "(b)" not in text


def test_latex_item_with_a_bare_letter_and_full_stop() -> None:
    doc = "\\documentclass{article}\\begin{document}\n\\begin{enumerate}\n\\item[a.] $3$\n\\item[b.] $4$\n\\end{enumerate}\n\\end{document}\n"
    text = read_page(doc, ".tex").text
    assert "(a)  $3$" in text and "(b)  $4$" in text


_TANH = "v_1\\tanh(w_1x) + v_2\\tanh(w_2x) - t"


@pytest.mark.parametrize("spec,text,part,status,marked", [
    pytest.param("jacobians", f"## Problem 4\nLet $e = {_TANH}$.\n\n(a) $(e\\tanh(w_1x), e\\tanh(w_2x))$\n",
                 "4a", "correct", True, id="own-e-used-in-the-answer"),
    pytest.param("jacobians", f"## Problem 4\nLet $e = {_TANH}$.\n\n(a) $(e\\tanh(w_2x), e\\tanh(w_1x))$\n",
                 "4a", "incorrect", True, id="own-e-in-a-wrong-answer-stays-wrong"),
    pytest.param("jacobians", "## Problem 4\nLet $e = v_1\\tanh(w_1x) + v_2\\tanh(w_2x) + t$.\n\n"
                 "(a) $(e\\tanh(w_1x), e\\tanh(w_2x))$\n", "4a", "incorrect", True, id="a-wrong-definition-is-wrong"),
    pytest.param("jacobians", "Problem 4\nwith e = v1 tanh(w1 x) + v2 tanh(w2 x) - t be the error:\n\n"
                 "4a) (e tanh(w1 x), e tanh(w2 x))\n", "4a", "correct", True, id="plain-definition-ending-in-prose"),
    pytest.param("jacobians", f"## Problem 4\nLet $e = {_TANH}$.\n\n(a) $(v_1, v_2)$\n",
                 "4a", "incorrect", False, id="own-name-not-used"),
    pytest.param("jacobians", "## Problem 4\nWith $x = 2$ we get\n\n(a) $(\\tanh(w_1x), \\tanh(w_2x))$\n",
                 "4a", "incorrect", False, id="the-problems-own-variable"),
    pytest.param("jacobians", "## Problem 1\n(a) $\\begin{pmatrix}\\cos t & -r\\sin t\\\\ \\sin t & r\\cos t"
                 "\\end{pmatrix}$ (t = theta)\n", "1a", "correct", True, id="renamed-variable-after-the-answer"),
    pytest.param("ml-calculus", "## Problem 3\nWrite $S = e^{z_1}+e^{z_2}+e^{z_3}$ and $p_k = e^{z_k}/S$.\n\n"
                 "(a) $p_1 - 1$\n\n(b) $p_2$\n", "3a", "correct", True, id="indexed-name-through-another"),
    pytest.param("ml-calculus", "## Problem 3\nWrite $S = e^{z_1}+e^{z_2}+e^{z_3}$ and $p_k = e^{z_k}/S$.\n\n"
                 "(a) $p_2 - 1$\n\n(b) $p_2$\n", "3a", "incorrect", True, id="indexed-name-wrong-index"),
])
def test_answers_using_a_students_own_abbreviation_are_expanded_and_marked(
        tmp_path: Path, spec: str, text: str, part: str, status: str, marked: bool) -> None:
    grader = Grader(load_spec(ROOT / "problems" / f"{spec}.yaml"))
    got = _grade(grader, tmp_path, "abbrev.md", text)[part]
    flagged = got.review is not None or bool(got.source is not None and got.source.review)
    assert (got.status.value, flagged) == (status, marked), got
    if marked:
        assert "defined" in (got.review.reason if got.review else got.source.review)


_PIPE_TABLE = "Part | Answer\n-----+------------\n1b   | r\n2b   | r^2 sin(theta)\n"


@pytest.mark.parametrize("spec,name,text,want", [
    pytest.param("jacobians", "t.txt", _PIPE_TABLE, {"1b": "correct", "2b": "correct"}, id="plain-pipe-table-plus-rule"),
    pytest.param("jacobians", "t.md", _PIPE_TABLE, {"1b": "correct", "2b": "correct"}, id="markdown-plus-rule"),
    pytest.param("jacobians", "t.txt", "| part | answer |\n|---+---|\n| 1b | r |\n| 1c | r |\n",
                 {"1b": "correct", "1c": "incorrect"}, id="org-mode-table"),
    pytest.param("jacobians", "t.txt", "1b | r\n2b | r sin(theta)\n", {"1b": "correct", "2b": "incorrect"},
                 id="headerless-rows-start-with-labels"),
    pytest.param("jacobians", "t.txt", "x | y\n1b r\n", {"1b": "correct"}, id="one-pipe-line-is-not-a-table"),
    pytest.param("jacobians", "t.md", "## Problem 3\n\n- **(a)** `∂f/∂θ = r^3 (cos^3 θ - 2 cos θ sin^2 θ)`\n"
                 "- **(b)** `∂f/∂r = 3 r^2 cos^2 θ`\n", {"3a": "correct", "3b": "incorrect"},
                 id="math-in-inline-code"),
    pytest.param("jacobians", "t.md", "## Problem 1\n\n(b) `np.linalg.det(J)`\n\n(c) 1\n", {"1b": "missing", "1c": "correct"},
                 id="code-in-inline-code-is-no-answer"),
    pytest.param("ml-calculus", "t.md", "**Question 3**\n\na\\) ∂L/∂z~1~ = e^z1^/(e^z1^ + e^z2^ + e^z3^) − 1\n\n"
                 "b\\) ∂L/∂z~2~ = e^z1^/(e^z1^ + e^z2^ + e^z3^)\n", {"3a": "correct", "3b": "incorrect"},
                 id="pandoc-superscripts-and-subscripts"),
    pytest.param("jacobians", "t.md", "Problem 4\n\n4a) (tanh(w1 x), tanh(w2 x))\n\n4b) see my notes\n",
                 {"4a": "incorrect", "4b": "missing"}, id="markdown-math-without-dollars-after-a-label"),
])
def test_tables_code_and_typography(tmp_path: Path, spec: str, name: str, text: str, want: dict[str, str]) -> None:
    grader = Grader(load_spec(ROOT / "problems" / f"{spec}.yaml"))
    got = _grade(grader, tmp_path, name, text)
    assert {p: got[p].status.value for p in want} == want


def test_declared_math_operator_is_the_operator() -> None:
    doc = ("\\documentclass{amsart}\\DeclareMathOperator{\\LSE}{LSE}\n\\begin{document}\n"
           "(b) $\\LSE(z+c) = \\LSE(z) + c$\n\\end{document}\n")
    assert "\\operatorname{LSE}(z+c)" in read_page(doc, ".tex").text

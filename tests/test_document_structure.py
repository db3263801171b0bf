"""Structure the reader reads beyond labels: quotations of the sheet (blockquotes, set-up callouts, `Q:` lines),
questions that open problems in a thread, bold labels in mid-line, and doubt where a description has no label to
stand under. Each rule is probed on small documents written for these tests (linear-maps and ml-calculus sets)."""

from __future__ import annotations

from pathlib import Path

import pytest
from corpus_tables import graded_text

from mathgrade.check.rotation import read_rotation
from mathgrade.documents.labels import split_labelled
from mathgrade.documents.blocks import split_blocks
from mathgrade.documents.candidates import find_candidates
from mathgrade.documents.quotes import blockquote_quotations, number_questions, question_lines
from mathgrade.documents.readers import read_page
from mathgrade.grade import Grader
from mathgrade.grade.results import Status
from mathgrade.spec import load_spec

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def maps() -> Grader:
    return Grader(load_spec(ROOT / "problems" / "linear-maps.yaml"))


_grade = graded_text  # write a small document into tmp_path, read and grade it: its parts by id


def _reviewed(part) -> bool:  # noqa: ANN001 - a PartResult
    return part.review is not None or bool(part.source is not None and part.source.review)


# ------------------------------------------------------------------------------------ quotations

@pytest.mark.parametrize("lines,quoted", [
    pytest.param(["> Let $u = (1, 1)$.", "> Compute $Ru$."], {0, 1}, id="plain-blockquote"),
    pytest.param(["> [!abstract] Given", "> $u = (1,1)$"], {0, 1}, id="callout-titled-given"),
    pytest.param(["> [!quote]", "> from the sheet"], {0, 1}, id="quote-callout"),
    pytest.param(["> [!success] 1b", "> $Ru = (-2, 2)$"], set(), id="answer-kind-callout"),
    pytest.param(["> [!note] Problem 2", "> $(1,1)$"], set(), id="note-titled-by-label"),
    pytest.param(["> [!question] 1b", "> $Ru$", "> [!answer]", "> $(-2, 2)$"], {0, 1}, id="question-then-answer"),
    pytest.param(["> **Answer (a).** $x = 1$", ">", "> **Answer (b).** $y$"], set(), id="own-answer-in-a-quote-box"),
    pytest.param(["> Compute $Ru$.", "> **Answer:** $(-2, 2)$"], {0}, id="quoted-question-then-own-answer"),
])
def test_which_blockquote_lines_quote(lines: list[str], quoted: set[int]) -> None:
    assert blockquote_quotations(lines) == quoted


@pytest.mark.parametrize("lines,quoted,starts", [
    pytest.param(["Q: what is $Ru$?", "A: $(-2, 2)$"], {0}, [0], id="q-then-a"),
    pytest.param(["**Question:** kind of $F$?", "still the question", "", "reflection"], {0, 1}, [0],
                 id="bold-question-paragraph"),
    pytest.param(["Q1: $(1,1)$", "Q2. shear"], set(), [], id="numbered-q-is-a-label"),
    pytest.param(["Quite so: $x = 1$"], set(), [], id="a-word-starting-with-q"),
    pytest.param(["2(b) Prove that $f(x+c) = f(x) + c$.", "$f(x+c) = g = f(x) + c$"], {0}, [],
                 id="task-copied-under-its-label"),
    pytest.param(["2(b) Show: $f(x+c) = g = f(x) + c$"], set(), [], id="show-colon-is-the-answer"),
    pytest.param(["Prove that $a = b$."], set(), [], id="task-without-label-left-alone"),
])
def test_question_paragraphs(lines: list[str], quoted: set[int], starts: list[int]) -> None:
    assert question_lines(lines) == (quoted, starts)


def test_plain_text_email_quote_is_marked() -> None:
    page = read_page("Hi,\n> 1b) compute Ru\n1b) (-2, 2)\n", ".txt")
    assert page.quoted == frozenset({2})


@pytest.mark.parametrize("name,text,part,status", [
    # a quoted question holds the sheet's vector u = (1,1); the reply's own answer is graded
    pytest.param("reply.md", "> **1b** Compute $Ru$ for $u = (1, 1)$.\n\n**1b** $Ru = (-2, 2)$\n", "1b",
                 Status.CORRECT, id="reply-under-quoted-question"),
    # the set-up box is not the answer to anything: with nothing else, the part is unanswered
    pytest.param("setup.md", "> [!info] Setup\n> $u = (1, 1)$, $F = \\begin{bmatrix}0&1\\\\1&0\\end{bmatrix}$\n\n"
                 "**1a** rotation by 90° counterclockwise, scaled by 2\n", "2b", Status.MISSING,
                 id="setup-callout-is-not-2b"),
    # the student's own answer callout is read
    pytest.param("own.md", "> [!success] 1b\n> $Ru = (-2, 2)$\n", "1b", Status.CORRECT, id="answer-callout-read"),
    pytest.param("mail.txt", "> 2b) mirror line direction (1, -1)?\nMy answer:\n2b) (1, 1)\n", "2b", Status.CORRECT,
                 id="email-quote-of-a-wrong-guess"),
])
def test_quotations_are_not_answers(maps: Grader, tmp_path: Path, name: str, text: str, part: str,
                                    status: Status) -> None:
    assert _grade(maps, tmp_path, name, text)[part].status is status


@pytest.mark.parametrize("problems,numbered,labels", [
    pytest.param(["1", "2"], False, [None, "1", "1", "2"], id="one-question-per-problem"),
    pytest.param(["1", "2", "3"], False, [None, None, None, None], id="fewer-questions-than-problems"),
    pytest.param(["1", "2"], True, [None, None, None, "2"], id="the-student-numbered-something"),
])
def test_one_question_per_problem_opens_each_problem(problems: list[str], numbered: bool,
                                                      labels: list[str | None]) -> None:
    """The k-th `Q:` of a thread opens problem k only when the thread has one question per problem and no numbers."""
    text = "intro\nQ: first?\nA: $x = 1$\n\nQ: second?\nA: $y = 2$\n"
    if numbered:
        text = text.replace("A: $y", "2a) $y")
    cands = find_candidates(split_blocks(text))
    _, starts = question_lines(text.split("\n"))
    out = number_questions(cands, [k + 1 for k in starts], problems)
    picked = [next(c for c in out if c.start == line).label.problem for line in (1, 2, 3, 6)]
    assert picked == labels


# ------------------------------------------------------------------------------------ labels mid-line

@pytest.mark.parametrize("line,pieces", [
    pytest.param("**Task 3.a** a shear; **Task 3.b** factor $3$", 2, id="bold-word-dot-letter"),
    pytest.param("**Problem 4(b)** the line; **Problem 4(c)** rank 1", 2, id="bold-word-paren-letter"),
    pytest.param("**2 (a)** reflection, **2 (b)** $(1,1)$", 2, id="bold-number-paren"),
    pytest.param("the **Problem 3** statement asks for a factor", 1, id="bold-problem-without-part"),
    pytest.param("see A) and B) above", 1, id="capital-letters-are-not-parts"),
    pytest.param("Done. For (b), the determinant is $r$", 2, id="label-then-comma"),
    pytest.param("\\textbf{4.b} $x = 1$. \\quad \\textbf{4.c} $y = 2$.", 2, id="latex-bold-label-mid-line"),
    pytest.param("see \\textbf{Problem 3} again", 1, id="latex-bold-problem-alone-is-not-cut"),
    pytest.param("both (d), (e) are below", 2, id="a-pair-is-cut-once"),
])
def test_bold_labels_in_mid_line_cut_the_line(line: str, pieces: int) -> None:
    assert len(split_labelled(line)) == pieces


def test_bold_labels_mid_line_are_read(maps: Grader, tmp_path: Path) -> None:
    text = ("**Task 1.b** $Ru = (-2, 2)$\n\n**Task 3.a** $S$ is a shear; **Task 3.b** its factor is $3$; "
            "**Task 3.c** $Su = (4, 1)$.\n")
    parts = _grade(maps, tmp_path, "tasks.md", text)
    assert [parts[p].status for p in ("1b", "3a", "3b", "3c")] == [Status.CORRECT] * 4


# ------------------------------------------------------------------------------------ words for angles

@pytest.mark.parametrize("text,angle", [
    pytest.param("turns through a right angle anticlockwise", 90.0, id="right-angle"),
    pytest.param("a quarter turn", 90.0, id="quarter-turn"),
    pytest.param("a right-angled triangle", None, id="right-angled-is-not-a-turn"),
])
def test_angles_in_words(text: str, angle: float | None) -> None:
    assert read_rotation(text).angle == angle


# ------------------------------------------------------------------------------------ doubt

def test_description_without_a_problem_label_is_flagged(maps: Grader, tmp_path: Path) -> None:
    """No numbers anywhere: a description cannot be placed under its problem, but the sentence that could be it
    is shown to the instructor rather than the part silently called unanswered."""
    text = "My worksheet\n\nR turns everything by 90 degrees anticlockwise and doubles lengths.\n\n$Ru = (-2, 2)$\n"
    parts = _grade(maps, tmp_path, "nolabels.md", text)
    assert parts["1b"].status is Status.CORRECT
    assert parts["1a"].status is not Status.MISSING or _reviewed(parts["1a"])


# ------------------------------------------------------------------------------------ labels listed, answered below

def _labels_below(text: str) -> list[tuple[int, str | None, str | None]]:
    from mathgrade.documents.listed import answer_listed_labels  # noqa: PLC0415
    cands = answer_listed_labels(find_candidates(split_blocks(text)))
    return [(c.start, c.label.problem, c.label.sub) for c in cands if c.kind == "chain" and len(c.members) > 1]


@pytest.mark.parametrize("text,labels", [
    pytest.param("Problem 3\n(b) factor, (c) image\n\n$k = 3$\n\n$Su = (4, 1)$\n",
                 [(4, "3", "b"), (6, "3", "c")], id="two-labels-two-displays"),
    pytest.param("3b) 3c) 3d)\n$x = 1$\n$y = 2$\n$z = 3$\n", [(2, "3", "b"), (3, "3", "c"), (4, "3", "d")],
                 id="bare-labels-three-lines"),
    pytest.param("2(b)-2(d): the three images\n$a = 1$\n$b = 2$\n$c = 3$\n",
                 [(2, "2", "b"), (3, "2", "c"), (4, "2", "d")], id="run-with-numbers-at-both-ends"),
    # one display fewer than labels: which is which is unknown, so nothing is relabelled
    pytest.param("Problem 3\n(b) factor, (c) image\n\n$Su = (4, 1)$\n", [(4, "3", "c")], id="count-differs"),
    # the labels hold their own answers: nothing below is theirs to share out
    pytest.param("Problem 3\n(b) $3$, (c) $(4,1)$\n\n$k = 3$\n\n$v = (4, 1)$\n", [(4, "3", "c"), (6, "3", "c")],
                 id="answers-on-the-label-line"),
    # a new label ends the run
    pytest.param("(b) factor, (c) image\n$k = 3$\n(d) rank\n$r = 1$\n", [(2, None, "c"), (4, None, "d")],
                 id="next-label-ends-the-run"),
])
def test_listed_labels_share_the_answers_below(text: str, labels: list) -> None:
    assert _labels_below(text) == labels


def test_notebook_outputs_under_a_listed_run_of_labels(tmp_path: Path) -> None:
    """A Markdown cell lists two parts; the next two code cells print their answers, in that order."""
    import json  # noqa: PLC0415

    def code(src: str, out: str) -> dict:
        return {"cell_type": "code", "source": src, "metadata": {}, "execution_count": 1,
                "outputs": [{"output_type": "execute_result", "execution_count": 1, "metadata": {},
                             "data": {"text/plain": out}}]}
    nb = {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [
        {"cell_type": "markdown", "source": "## Problem 1", "metadata": {}},
        {"cell_type": "markdown", "source": "(c) singular values, (d) the matrix Sigma", "metadata": {}},
        code("sv = la.svdvals(A)\nsv", "array([6.70820393, 2.23606798])"),
        code("la.diagsvd(sv, 2, 2)", "array([[6.70820393, 0.        ],\n       [0.        , 2.23606798]])"),
    ]}
    grader = Grader(load_spec(ROOT / "problems" / "eigen-svd.yaml"))
    parts = _grade(grader, tmp_path, "svd.ipynb", json.dumps(nb))
    assert (parts["1c"].status, parts["1d"].status) == (Status.CORRECT, Status.CORRECT)


# ------------------------------------------------------------------------------------ one sentence, two parts

@pytest.mark.parametrize("name,text", [
    pytest.param("rows.md",
                 "| Q | matrix | type | direction |\n|---|---|---|---|\n| 2 | $F$ | reflection | $(1,1)$ |\n",
                 id="table-row-kind-and-vector"),
    pytest.param("prose.md", "**Problem 2.** It is a reflection, and its mirror line has direction $(1, 1)$.\n",
                 id="sentence-kind-and-vector"),
])
def test_a_choice_shares_its_sentence_with_a_formula(maps: Grader, tmp_path: Path, name: str, text: str) -> None:
    """The kind of map is read from the words, the direction from the math: one sentence answers both parts."""
    parts = _grade(maps, tmp_path, name, text + "\n**Problem 3.** $S$ is a shear with factor $3$.\n")
    assert (parts["2a"].status, parts["2b"].status) == (Status.CORRECT, Status.CORRECT)


# ------------------------------------------------------------------------------------ two parts named together

@pytest.mark.parametrize("text,problem,parts", [
    pytest.param("### Exercise 4.c and 4.g", "4", ["c", "g"], id="word-dotted-pair-apart"),
    pytest.param("2b & 2e:", "2", ["b", "e"], id="ampersand-pair-apart"),
    pytest.param("3a and 3b", "3", ["a", "b"], id="consecutive-pair"),
    pytest.param("(b), (d)", None, ["b", "d"], id="bracketed-pair-apart"),
    pytest.param("**Problem 4, part b.**", "4", ["b"], id="problem-comma-part"),
    pytest.param("Question 2, (c) x", "2", ["c"], id="problem-comma-bracketed"),
    pytest.param("Problem 3, a shear", "3", [], id="comma-then-a-word-is-not-a-part"),
])
def test_a_pair_of_labels_names_two_parts(text: str, problem: str | None, parts: list[str]) -> None:
    from mathgrade.documents.labels import expand_range, read_label  # noqa: PLC0415
    label, _ = read_label(text)
    assert label is not None and label.problem == problem and expand_range(label.sub) == parts


# ------------------------------------------------------------------------------------ Word exports through pandoc

@pytest.mark.parametrize("lines,after", [
    pytest.param(["**Problem 4.**", "", "1\\. $x = 1$", "2\\. $y = 2$"],
                 ["**Problem 4.**", "", "(a) $x = 1$", "(b) $y = 2$"], id="escaped-numbers-under-a-problem"),
    pytest.param(["Question 2:", "1. first", "text", "2. second", "Question 3:", "1. again"],
                 ["Question 2:", "(a) first", "text", "(b) second", "Question 3:", "(a) again"],
                 id="restart-per-problem"),
    # numbers that do not count from 1 under the problem's line are the student's own problem numbers
    pytest.param(["**Problem 4.**", "4. $x = 1$", "5. $y = 2$"], ["**Problem 4.**", "4. $x = 1$", "5. $y = 2$"],
                 id="not-from-one"),
    pytest.param(["Solutions", "1. $x = 1$", "2. $y = 2$"], ["Solutions", "1. $x = 1$", "2. $y = 2$"],
                 id="no-problem-line-above"),
    pytest.param(["## Problem 2 is about F", "1. $x$"], ["## Problem 2 is about F", "1. $x$"],
                 id="a-sentence-is-not-a-problem-line"),
])
def test_numbered_lines_under_a_problem_are_its_parts(lines: list[str], after: list[str]) -> None:
    from mathgrade.documents.numbering import numbered_parts  # noqa: PLC0415
    numbered_parts(lines)
    assert lines == after


@pytest.mark.parametrize("cell,read", [
    pytest.param("\\(b\\)", "(b)", id="escaped-letter"),
    pytest.param("\\(ii\\)", "(ii)", id="escaped-roman"),
    pytest.param("\\(x^2\\)", "\\(x^2\\)", id="real-inline-math"),
])
def test_escaped_table_labels(cell: str, read: str) -> None:
    from mathgrade.documents.numbering import unescape_cell  # noqa: PLC0415
    assert unescape_cell(cell) == read


@pytest.mark.parametrize("body,normal", [
    pytest.param("x\\,\\text{sech}^{2}(w x)", "x\\,\\operatorname{sech}^{2}(w x)", id="text-sech"),
    pytest.param("r\\mathrm{\\sin}\\theta", "r\\operatorname{sin}\\theta", id="mathrm-backslash-sin"),
    pytest.param("\\text{since } x", "\\text{since } x", id="a-word-stays-a-word"),
])
def test_upright_function_names(body: str, normal: str) -> None:
    from mathgrade.documents.candidates import normalise  # noqa: PLC0415
    assert normalise(body) == normal


def test_word_export_with_numbered_parts_and_escaped_table(maps: Grader, tmp_path: Path) -> None:
    text = ("**Problem 1.**\n\n1\\. it rotates by 90° counterclockwise and scales by 2\n\n2\\. $Ru = (-2, 2)$\n\n"
            "**Problem 4.**\n\n  **Part**   **Answer**\n  ---------- ------------------\n"
            "  \\(a\\)      projection\n  \\(b\\)      $(1,1)$\n  \\(c\\)      rank 1\n")
    parts = _grade(maps, tmp_path, "word.md", text)
    assert [parts[p].status for p in ("1a", "1b", "4a", "4b", "4c")] == [Status.CORRECT] * 5


# ------------------------------------------------------------------------------------ sentences

@pytest.mark.parametrize("sentence,labelled,answers", [
    # the condition in words, the result in math
    pytest.param("for 3, $(1, 1)$.", True, ["(1, 1)"], id="for-value-comma-math"),
    pytest.param("For $x = e_1$ I get $(1,2)$", True, ["(1,2)"], id="for-math-is-still-a-setup"),
    # a remark in brackets after a bare value
    pytest.param("rank 1 (rows are multiples).", True, ["1"], id="remark-after-bare-value"),
    pytest.param("onto the line through (1, 1)", True, ["(1, 1)"], id="a-vector-is-not-a-remark"),
])
def test_answers_in_sentences(sentence: str, labelled: bool, answers: list[str]) -> None:
    from mathgrade.documents.blocks import inline_answers  # noqa: PLC0415
    assert inline_answers(sentence, labelled) == answers


@pytest.mark.parametrize("text,lists", [
    pytest.param("**2a.** eigenvalues of $B$: $1$ and $3$.", ["[1, 3]"], id="matrix-named-then-values"),
    pytest.param("**2a.** the eigenvalues are $\\lambda$, $1$ and $3$", ["[\\lambda, 1, 3]"], id="a-symbol-stays"),
])
def test_a_list_leaves_out_the_matrix_it_is_about(text: str, lists: list[str]) -> None:
    finals = [c.final for c in find_candidates(split_blocks(text)) if c.kind == "chain" and c.final.startswith("[")]
    assert finals == lists


# ------------------------------------------------------------------------------------ threads: questions name problems

def test_quoted_questions_are_matched_to_the_sheet_by_their_words(maps: Grader, tmp_path: Path) -> None:
    """No numbers anywhere: each quoted question is matched to the problem whose prompt it shares its symbols and
    words with; the reply below it belongs to that problem, and what was placed by order is marked for review."""
    text = ("Hey all, my answers for the worksheet:\n\n"
            "> What kind of map is $S$, and by what factor does it shear?\n\n"
            "Answer: a shear, factor $3$.\n\n"
            "> What kind of map is $F$? Give a direction of the mirror line.\n\n"
            "Answer: a reflection across the diagonal, direction $(1, 1)$.\n")
    parts = _grade(maps, tmp_path, "thread.md", text)
    assert (parts["2a"].status, parts["2b"].status, parts["3a"].status) == (Status.CORRECT,) * 3
    assert parts["3c"].status is Status.MISSING


@pytest.mark.parametrize("lines,after", [
    pytest.param(["**A:** a shear"], ["**Answer:** a shear"], id="bold-a"),
    pytest.param(["A: yes"], ["Answer: yes"], id="plain-a"),
    pytest.param(["A matrix: $3$"], ["A matrix: $3$"], id="a-word-starting-with-a"),
])
def test_replies_in_a_thread_are_answers(lines: list[str], after: list[str]) -> None:
    from mathgrade.documents.quotes import mark_replies  # noqa: PLC0415
    assert mark_replies(lines) == after


def test_a_guessed_problem_number_is_never_a_silent_placement(maps: Grader, tmp_path: Path) -> None:
    text = ("Q: What does $R$ do, and what is $Ru$ for $u = (1, 1)$?\n\nA: $R$ rotates by 90° counterclockwise and "
            "scales by 2; $Ru = (-2, 2)$.\n\nQ: What kind of map is $F$?\n\nA: a reflection\n\n"
            "Q: What kind of map is $S$?\n\nA: a shear\n\nQ: What kind of map is $P$?\n\nA: a projection\n\n"
            "Q: What is $F\\,\\mathrm{Rot}$?\n\nA: no idea\n\nQ: Describe $Q$.\n\nA: skipped\n")
    parts = _grade(maps, tmp_path, "qa.md", text)
    assert parts["1b"].status is Status.CORRECT  # its left side `Ru` names it: no doubt
    assert parts["2a"].status is Status.CORRECT and _reviewed(parts["2a"])  # only the guessed number places it


def test_a_simple_table_ends_at_its_blank_line() -> None:
    """Pandoc's simple table ends at a blank line: the matrix below it is not cut into the table's columns."""
    text = ("  **Part**   **Answer**\n  ---------- ------------\n  \\(a\\)      shear\n\n"
            "$M = \\begin{pmatrix}\n0 & 1 \\\\\n1 & 0\n\\end{pmatrix}$\n")
    page = read_page(text, ".md")
    assert "0 & 1 \\\\\n1 & 0" in page.text and "(a)" in page.text


@pytest.mark.parametrize("text,label", [
    pytest.param("\\textbf{2.e} $x$", ("2", "e"), id="latex-bold-dotted"),
    pytest.param("\\textbf{3b}", ("3", "b"), id="latex-bold-plain"),
])
def test_latex_bold_labels(text: str, label: tuple[str, str]) -> None:
    from mathgrade.documents.labels import read_label  # noqa: PLC0415
    found, _ = read_label(text)
    assert found is not None and (found.problem, found.sub) == label


@pytest.mark.parametrize("body,kept,gone", [
    pytest.param("\\textbf{1.a} \\sout{$M = 3$} redone: $M = 4$", "$M = 4$", "M = 3", id="sout"),
    pytest.param("\\textbf{1.a} \\xout{$M = \\{3\\}$} $M = 4$", "$M = 4$", "M = \\{3", id="xout-nested-braces"),
])
def test_latex_strikethrough_is_a_retraction(body: str, kept: str, gone: str) -> None:
    page = read_page("\\documentclass{article}\n\\begin{document}\n" + body + "\n\\end{document}\n", ".tex")
    assert kept in page.text and gone not in page.text


@pytest.mark.parametrize("lines,heading", [
    pytest.param(["**HOMEWORK 5 -- Problems 2 and 3**", "", "Student ID: 4471", "", "**Problem 2**", "a) 4"], {0, 2},
                 id="title-and-student-id"),
    pytest.param(["Date: 12/03", "Group: 7", "1a) $x = 2$"], {0, 1}, id="date-and-group"),
    pytest.param(["1a) the homework said $x = 2$", "Problems remain: 3"], set(), id="labelled-line-is-not-a-title"),
])
def test_who_and_what_lines_at_the_top_are_not_answers(lines: list[str], heading: set[int]) -> None:
    from mathgrade.documents.quotes import heading_lines  # noqa: PLC0415
    assert heading_lines(lines) == heading


def test_a_student_number_is_not_an_answer(maps: Grader, tmp_path: Path) -> None:
    text = "Worksheet 5, problems 3 and 4\n\nStudent number: 3\n\n**Problem 4**\n\n(b) $(1,1)$\n"
    parts = _grade(maps, tmp_path, "ids.md", text)
    assert parts["3b"].status is Status.MISSING


# ------------------------------------------------------------------------------ notebook cells that name their part

@pytest.mark.parametrize("source,name,label", [
    pytest.param("# part g: multiply back\nU @ S @ Vt", "U S Vt", "(g)", id="comment-part-letter"),
    pytest.param("# 2b check\nP[:, 1]", "", "2b)", id="comment-numbered-label"),
    pytest.param("x = 3\n# part g later\nx", "x", None, id="comment-below-code-does-not-name"),
    pytest.param("ans_1d = np.diag(s)\nans_1d", "ans_1d", "1d)", id="variable-ans-1d"),
    pytest.param("q3b", "q3b", "3b)", id="variable-q3b"),
    pytest.param("part_c", "part_c", "(c)", id="variable-part-c"),
    pytest.param("a1 = 2\na1", "a1", None, id="ordinary-variable"),
])
def test_a_code_cell_names_its_part(source: str, name: str, label: str | None) -> None:
    from mathgrade.documents.notebooks import _cell_label  # noqa: PLC0415
    assert _cell_label(source, name) == label


@pytest.mark.parametrize("printed,lines", [
    pytest.param("2d: 3   2e: 4", ["2d: $$ 3 $$", "2e: $$ 4 $$"], id="two-labels-one-line"),
    pytest.param("3a: 1.0", ["3a: $$ 1.0 $$"], id="one-label"),
])
def test_printed_labelled_values(printed: str, lines: list[str]) -> None:
    from mathgrade.documents.notebooks import _output_lines  # noqa: PLC0415
    assert _output_lines("", printed) == lines


def test_chat_export_prefixes_and_named_vectors(maps: Grader, tmp_path: Path) -> None:
    text = ("[09:14] ana: 2a: reflection   2b: mirror (1, 1)\n"
            "[09:15] ben: > 6b is normal (1, 0, 0)?\n"
            "[09:16] ana: 6b: normal (0, 0, 1)\n")
    parts = _grade(maps, tmp_path, "chat.txt", text)
    assert [parts[p].status for p in ("2a", "2b", "6b")] == [Status.CORRECT] * 3


# ------------------------------------------------------------------------------------ second probe's rules

def test_a_quoted_question_in_a_reply_still_names_its_part(tmp_path: Path) -> None:
    """An e-mail answered inline: the quoted line holds the label, the reply below it the answer."""
    grader = Grader(load_spec(ROOT / "problems" / "eigen-svd.yaml"))
    text = "Hi,\n\n> 2d) det B?\n3\n\n> 2e) trace of B\n4\n"
    parts = _grade(grader, tmp_path, "reply.txt", text)
    assert (parts["2d"].status, parts["2e"].status) == (Status.CORRECT, Status.CORRECT)


@pytest.mark.parametrize("body,normal", [
    pytest.param("\\lambda \\in \\{1, 3\\}", "\\lambda = \\{1, 3\\}", id="in-a-set"),
    pytest.param("x \\in \\mathbb{R}", "x \\in \\mathbb{R}", id="in-a-named-set-stays"),
    pytest.param("i \\in \\{1, 2\\} \\text{ and } x", "i = \\{1, 2\\} \\text{ and } x", id="in-braces"),
])
def test_membership_of_a_listed_set(body: str, normal: str) -> None:
    from mathgrade.documents.candidates import normalise  # noqa: PLC0415
    assert normalise(body) == normal


@pytest.mark.parametrize("line,pieces", [
    pytest.param("**1a** is above. For **1b**, the values are $45$ and $5$", 2, id="bold-label-then-comma"),
    pytest.param("**2a** $x$ — **2b** $(1, 1)$ &nbsp; **2e** $4$", 3, id="bold-labels-after-dashes"),
])
def test_bold_bare_labels_mid_line(line: str, pieces: int) -> None:
    assert len(split_labelled(line)) == pieces


def test_exam_class_solution_is_an_answer_mark(tmp_path: Path) -> None:
    """`\\begin{solution}` marks the student's answer: a bare formula in it is the result of the part above."""
    grader = Grader(load_spec(ROOT / "problems" / "ml-calculus.yaml"))
    text = ("\\documentclass[answers]{exam}\n\\begin{document}\n\\begin{questions}\n\\question Sigmoid\n"
            "\\begin{parts}\n\\part the derivative of the sigmoid\n"
            "\\begin{solution} $\\frac{e^{-x}}{(1+e^{-x})^2}$ \\end{solution}\n\\end{parts}\n\\end{questions}\n"
            "\\end{document}\n")
    parts = _grade(grader, tmp_path, "exam.tex", text)
    assert parts["1a"].status is Status.CORRECT


# ------------------------------------------------------------------------------------ knitr's printed R output

@pytest.mark.parametrize("lines,out", [
    pytest.param(["## [1] 45  5"], ["$$ [45, 5] $$"], id="vector"),
    pytest.param(["## [1] 3"], ["$$ 3 $$"], id="number"),
    pytest.param(["##      [,1] [,2]", "## [1,]   25   20", "## [2,]   20   25"],
                 ["$$ [[25, 20], [20, 25]] $$", "", ""], id="matrix"),
    pytest.param(["## [1] \"hello\""], [""], id="a-string-is-not-math"),
    pytest.param(["x <- 3", "## [1] 3"], None, id="code-is-not-output"),
])
def test_r_printed_output(lines: list[str], out: list[str] | None) -> None:
    from mathgrade.documents.printed import r_output  # noqa: PLC0415
    assert r_output(lines) == out


def test_knitted_markdown_reads_printed_results(tmp_path: Path) -> None:
    grader = Grader(load_spec(ROOT / "problems" / "eigen-svd.yaml"))
    text = ("## Problem 2\n\n(a) eigenvalues\n\n``` r\neigen(B)$values\n```\n\n    ## [1] 3 1\n\n"
            "(d) determinant\n\n``` r\ndet(B)\n```\n\n    ## [1] 3\n")
    parts = _grade(grader, tmp_path, "knit.md", text)
    assert (parts["2a"].status, parts["2d"].status) == (Status.CORRECT, Status.CORRECT)


# ------------------------------------------------------------------------------------ third probe's rules

def test_html_table_rows_are_labelled_lines() -> None:
    text = ("<table>\n<tr><th>Part</th><th>Answer</th></tr>\n<tr><td>1b</td><td>$r$</td></tr>\n"
            "<tr><td>2b</td><td>$r^2\\sin\\theta$</td></tr>\n</table>\n")
    lines = read_page(text, ".md").text.split("\n")
    assert lines[2].startswith("1b)") and "$r$" in lines[2] and lines[3].startswith("2b)") and "<t" not in lines[0]


def test_toggle_summary_names_its_problem(maps: Grader, tmp_path: Path) -> None:
    text = ("<details>\n<summary>Problem 3 — the shear</summary>\n\n- a. shear\n- b. factor $3$\n\n</details>\n")
    parts = _grade(maps, tmp_path, "toggle.md", text)
    assert (parts["3a"].status, parts["3b"].status) == (Status.CORRECT, Status.CORRECT)


@pytest.mark.parametrize("printed,lines", [
    pytest.param("exp(x)/(exp(x) + 1)\nexp(x)/(exp(x) + 1)**2", ["$$ exp(x)/(exp(x) + 1) $$",
                                                              "$$ exp(x)/(exp(x) + 1)**2 $$"], id="two-formulas"),
    pytest.param("eigenvalues computed\n3", [], id="words-are-not-formulas"),
])
def test_printed_formula_lines(printed: str, lines: list[str]) -> None:
    from mathgrade.documents.notebooks import _output_lines  # noqa: PLC0415
    assert _output_lines("", printed) == lines


def test_an_unused_notebook_output_is_never_silently_dropped(tmp_path: Path) -> None:
    """A printed result that no part took, even under another part's label, makes the part left unanswered beside
    it a part for review: outputs are results, not working."""
    import json  # noqa: PLC0415

    def code(src: str, out: str) -> dict:
        return {"cell_type": "code", "source": src, "metadata": {}, "execution_count": 1,
                "outputs": [{"output_type": "execute_result", "execution_count": 1, "metadata": {},
                             "data": {"text/plain": out}}]}
    nb = {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [
        {"cell_type": "markdown", "source": "## Problem 2\n(d) determinant, then the trace", "metadata": {}},
        code("np.linalg.det(B)", "3.0000000000000004"),
        code("np.trace(B)", "4"),
    ]}
    grader = Grader(load_spec(ROOT / "problems" / "eigen-svd.yaml"))
    parts = _grade(grader, tmp_path, "two.ipynb", json.dumps(nb))
    assert parts["2e"].status is not Status.MISSING or _reviewed(parts["2e"])


def test_equals_sign_headings_in_plain_text() -> None:
    """`== Problem 3` (AsciiDoc, Typst) is a heading: its `=` is not an equation."""
    page = read_page("= Homework\n== Problem 3\n$x = 1$\n", ".txt")
    assert page.text.split("\n")[:2] == ["# Homework", "## Problem 3"]


def test_intertext_breaks_an_align_into_labelled_displays() -> None:
    text = ("\\documentclass{article}\n\\begin{document}\n\\section*{Problem 2}\n\\begin{align*}\n"
            "\\intertext{(d)}\n\\det B &= 3 \\\\\n\\intertext{(e) and so}\n\\operatorname{tr} B &= 4\n"
            "\\end{align*}\n\\end{document}\n")
    page = read_page(text, ".tex")
    labels = [(c.label.problem, c.label.sub, c.final) for c in find_candidates(split_blocks(page.text))
              if c.kind == "chain"]
    assert ("2", "d", "3") in labels and ("2", "e", "4") in labels


def test_unlabelled_working_placed_by_order_is_flagged(tmp_path: Path) -> None:
    """The student labelled the answers (in a table) but the working above them has no label: math from it given
    to a part by order is marked for review, since it may be working rather than an answer."""
    grader = Grader(load_spec(ROOT / "problems" / "jacobians.yaml"))
    text = ("## Working\n\nI expanded $f = r^3\\cos^2\\theta\\sin\\theta$ first.\n\n## Answers\n\n"
            "| part | answer |\n|---|---|\n| 1b | $r$ |\n| 3b | $3r^2\\cos^2\\theta\\sin\\theta$ |\n")
    parts = _grade(grader, tmp_path, "work.md", text)
    assert parts["3b"].status is Status.CORRECT
    assert all(p.status is Status.MISSING or _reviewed(p) for k, p in parts.items() if k not in ("1b", "3b"))


@pytest.mark.parametrize("body,lists", [
    pytest.param("$$\\begin{align*}\\lambda_1 &= 45, \\quad \\lambda_2 = 5 \\\\\\end{align*}$$", ["[45, 5]"],
                 id="one-align-row-is-a-list"),
    pytest.param("$$\\begin{align*}x &= 1 \\\\ y &= 2\\end{align*}$$", [], id="two-rows-are-not"),
    pytest.param("$$\\begin{align*}\\sigma_1 &= 3\\sqrt5, \\quad \\sigma_2 = \\sqrt5\\end{align*}$$",
                 ["[3\\sqrt5, \\sqrt5]"], id="aligned-left-side"),
])
def test_values_on_one_align_row(body: str, lists: list[str]) -> None:
    finals = [c.final for c in find_candidates(split_blocks("(b) " + body)) if c.kind == "chain"
              and c.final.startswith("[")]
    assert finals == lists

"""Problems named by their matrices (documents/subjects.py): an unnumbered prose paragraph that speaks of the
matrix one problem defines stands under that problem; a paragraph that names two problems' matrices, a capital
that is a word ("A rotation"), or a name two problems share numbers nothing. Verdicts decided by hand."""

from __future__ import annotations

from pathlib import Path

import pytest
from corpus_tables import graded_text, grader_for

from mathgrade.documents.subjects import defined_names, named_problems
from mathgrade.spec import load_spec

ROOT = Path(__file__).resolve().parents[1]
P = pytest.param


def _problems(spec: str) -> list[tuple[str, str]]:
    assignment = load_spec(ROOT / "problems" / f"{spec}.yaml")
    return [(p.id, " ".join([p.title, p.prompt] + [q.prompt or "" for q in p.parts])) for p in assignment.problems]


@pytest.mark.parametrize("spec,names", [
    # linear-maps: problem 5 ("F Rot") mentions problem 2's F, so F names no problem
    P("linear-maps", {"R": "1", "S": "3", "P": "4", "Q": "6", "H": "6"}, id="linear-maps"),
    P("eigen-svd", {"A": "1", "B": "2", "C": "3"}, id="eigen-svd"),
])
def test_defined_names(spec, names):
    assert defined_names(_problems(spec)) == names


LINEAR = {"R": "1", "S": "3", "P": "4", "Q": "6", "H": "6"}
EIGEN = {"A": "1", "B": "2", "C": "3"}


@pytest.mark.parametrize("text,names,want", [
    P("Pour la matrice Q, on voit que e1 va sur e2", LINEAR, {"6"}, id="french-subject"),
    P("For R, the columns are (0,2) and (−2,0)", LINEAR, {"1"}, id="for-R"),
    P("det(QH) = −1 since both are ±1", LINEAR, {"6"}, id="product-of-names"),
    P("S is a shear and P is a projection", LINEAR, {"3", "4"}, id="two-problems"),
    P("Reflection, Shear and Projection are kinds of maps", LINEAR, set(), id="capitalised-words"),
    P("A rotation by 90 degrees, then a reflection", EIGEN, set(), id="article-A"),
    P("$A$ has singular values 5 and 3", EIGEN, {"1"}, id="A-in-math"),
    P("A = U Σ Vᵀ with the factors above", EIGEN, {"1"}, id="A-before-equals"),
    P("I think B is symmetric, so its eigenvectors are orthogonal", EIGEN, {"2"}, id="pronoun-I"),
    P("PS: I did this on my phone", LINEAR, set(), id="initials-PS"),
])
def test_named_problems(text, names, want):
    assert named_problems(text, names) == want


_OUT_OF_ORDER = (
    "Linear maps, Ana Ruiz\n\n"
    "I started with the 3D problem because it looked the hardest, so the order below is not the sheet's order.\n\n"
    "Looking at the matrix Q, e1 goes to e2 and e2 goes to -e1 while e3 stays put, so it is a rotation about the "
    "z-axis by 90° counterclockwise (seen from above) and it does not scale.\n\n"
    "Back to the plane. For the composition (exercise 5) we apply Rot first and then F, so the product is "
    "F·Rot = [[1, 0], [0, -1]], which is a reflection in the x-axis.\n\n"
    "Problem 1: R rotates by 90° counterclockwise and scales lengths by 2.\n\nRu = (-2, 2)\n"
)
_TWO_NAMES = (
    "Linear maps, Ana Ruiz\n\n"
    "I started with the maps themselves, because the matrices S and P looked the easiest to me at first sight: "
    "it is a shear and it is a projection, in that order.\n\n"
    "Problem 1: R rotates by 90° counterclockwise and scales lengths by 2.\n\nRu = (-2, 2)\n"
)


@pytest.mark.parametrize("text,want", [
    # the paragraph about Q is problem 6's; the one naming "(exercise 5)" is problem 5's, though it speaks of F
    P(_OUT_OF_ORDER, {"6a": "correct", "5a": "correct", "5b": "correct", "1a": "correct", "1b": "correct",
                      "3a": "missing", "2a": "missing"}, id="out-of-order-prose"),
    # S and P in one sentence: no problem is guessed, and neither kind is given to 3a or 4a
    P(_TWO_NAMES, {"3a": "missing", "4a": "missing", "1a": "correct"}, id="two-problems-one-paragraph"),
])
def test_paragraphs_under_the_problem_they_name(tmp_path, text, want):
    parts = graded_text(grader_for("linear-maps"), tmp_path, "doc.md", text)
    assert {k: parts[k].status.value for k in want} == want
    guessed = [k for k in ("5a", "5b") if k in want and want[k] == "correct"]
    assert all(parts[k].review is not None for k in guessed)  # placed by order under a guessed number: marked

"""Reading rules found on held-out corpora after their first runs (documents8, documents9), each probed on a small
document written for it, with near-misses beside it: the rule must fire where a student means it and stay
silent where the same shape means something else. Verdicts decided by hand before the run."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from corpus_tables import graded_text

from mathgrade.check.choice import check_choice
from mathgrade.check.options import CheckOptions
from mathgrade.grade import Grader
from mathgrade.spec import load_spec

ROOT = Path(__file__).resolve().parents[1]
P = pytest.param
_GRADERS: dict[str, Grader] = {}


def _grader(spec: str) -> Grader:
    if spec not in _GRADERS:
        _GRADERS[spec] = Grader(load_spec(ROOT / "problems" / f"{spec}.yaml"))
    return _GRADERS[spec]


def _notebook(*cells: tuple[str, str, str]) -> str:
    """A notebook from (kind, source, printed output) cells."""
    out = []
    for kind, source, printed in cells:
        cell: dict = {"cell_type": kind, "metadata": {}, "source": source}
        if kind == "code":
            cell["execution_count"] = 1
            cell["outputs"] = [{"output_type": "stream", "name": "stdout", "text": printed}] if printed else []
        out.append(cell)
    return json.dumps({"cells": out, "metadata": {}, "nbformat": 4, "nbformat_minor": 5})


_LYX = ("\\documentclass{article}\\begin{document}\n\\section*{Exercise 4}\n\\begin{enumerate}\n"
        "\\item [a)]$Ve_{1}=\\left[\\begin{array}{c}\n1/\\sqrt{2}\\\\\n1/\\sqrt{2}\n\\end{array}\\right]$\n"
        "\\item [b)]$Ve_{2}=\\left[\\begin{array}{c}\n1/\\sqrt{2}\\\\\n1/\\sqrt{2}\n\\end{array}\\right]$\n"
        "\\end{enumerate}\n\\end{document}\n")
_SECTIONS = ("\\documentclass{article}\\begin{document}\n\\section{A rotation with a scale}\n"
             "\\paragraph{(a)} $R$ rotates by $90^\\circ$ anticlockwise and scales by $2$.\n"
             "\\paragraph{(b)} $Ru = (-2, 2)$\n\\section{A reflection}\n\\paragraph{(a)} $F$ is a reflection.\n"
             "\\paragraph{(b)} direction $(1, -1)$\n\\end{document}\n")
_LOOP = _notebook(("markdown", "## Q5", ""),
                  ("code", "for name, x in [('b', e1/s), ('c', e2/s)]:\n    print(name, SVt @ x)",
                   "b [ 1. -2.]\nc [-1. 2.]\n"))
_LONE_LETTER = _notebook(("markdown", "## Q5\n**(b)**", ""), ("code", "print('c', SVt @ x)", "c [ 1. -2.]\n"))
_R_PASTED = ("## Problem 6\n\n```{r}\ndet(Q %*% H)   # 6c\n#> [1] -1\nQ %*% H        # 6d\n#>      [,1] [,2] [,3]\n"
             "#> [1,]    0   -1    0\n#> [2,]    1    0    0\n#> [3,]    0    0   -1\n```\n")
_PROSE_EIGEN = ("Problem 2.\n\nB = [[2, 1], [1, 2]] is symmetric. (a) Its characteristic polynomial is "
                "λ² − 4λ + 3 = (λ − 1)(λ − 3), so the eigenvalues of B are 1 and 3. (b) An eigenvector for the "
                "eigenvalue 3 is (1, 1), because B(1, 1) = (3, 3).\n(c) For the eigenvalue 1 an eigenvector is (1, −1), "
                "so a matrix with eigenvectors as its columns is [[1, 1], [1, −1]]. (d) The determinant of B is "
                "2·2 − 1·1 = 3, the product of the eigenvalues. (e) The trace of B is 4, the sum of the eigenvalues.\n")
_PROSE_SVD = ("Problem 1.\n\nIn part (b) I solve det(AᵀA − λI) = 0, which means 25 − λ = ±20. The eigenvalues are "
              "λ = 45 and λ = 5.\n\nThe singular values asked in part (c) are the square roots of these numbers, so "
              "σ₁ = √45 = 3√5 and σ₂ = √5.\n")
_USED_LATER = ("Problem 1.\n\nIn part (b) the eigenvalues are λ = 45 and λ = 5, which we will use in part (c).\n")


@pytest.mark.parametrize("spec,name,text,want", [
    P("k2", "lyx.tex", _LYX, {"4a": "correct", "4b": "incorrect"}, id="lyx-inline-formula-over-lines"),
    P("k2", "ocr.md", "Problern 2\n\na) $y_i(1-y_i)$\n\nb) $y_i y_j$\n", {"2a": "correct", "2b": "incorrect"},
      id="ocr-misread-problem-word"),
    P("k2", "sheet.md", "Problem 2\n\na) $i=j: \\quad \\frac{\\partial y_i}{\\partial z_i} = y_i - y_i^2$\n",
      {"2a": "correct"}, id="case-before-a-formula"),
    P("k2", "loop.ipynb", _LOOP, {"5b": "correct", "5c": "incorrect"}, id="loop-prints-part-letters"),
    P("k2", "lone.ipynb", _LONE_LETTER, {"5b": "correct", "5c": "missing"}, id="one-printed-letter-is-no-label"),
    P("k2", "mail.txt", "2b) dy_i/dz_j = -y_i * y_j        (i != j)\n\n7b) I will bring it on paper on Tuesday.\n\n"
      "Best regards,\nMateusz Kowalczyk\n", {"2b": "correct", "7b": "missing"}, id="email-case-signature-declined"),
    P("k2", "mail2.txt", "2b) dy_i/dz_j = y_i * y_j   (i != j)\n\n7b) V^T turns by 45 degrees clockwise, Sigma "
      "stretches the axes, and U turns by 150 degrees clockwise.\n\nThanks,\nAnna\n",
      {"2b": "incorrect", "7b": "manual"}, id="near-miss-sign-and-a-real-explanation"),
    P("ml-calculus", "nb.ipynb", _notebook(("markdown", "The two proofs (1b and 2b) are on paper.", ""),
                                           ("markdown", "**(a)** σ'(x):", ""),
                                           ("code", "sp.diff(sigma, x)", "exp(-x)/(1 + exp(-x))**2\n")),
      {"1a": "correct", "1b": "missing", "2b": "missing"}, id="labels-in-brackets-and-a-lead-in"),
    P("jacobians", "vscode.md", "#### 1(a)\n\n```math\n\\begin{bmatrix}\n\\cos\\theta & -r\\sin\\theta \\\\\n"
      "\\sin\\theta & r\\cos\\theta\n\\end{bmatrix}\n```\n", {"1a": "correct"}, id="math-fence"),
    P("jacobians", "prose.qmd", "# Problem 1\n\nIn part (c) we need $\\partial y/\\partial\\theta = r\\cos\\theta$ at "
      "$r = 2$ and $\\theta = \\pi/3$. Since $\\cos(\\pi/3) = 1/2$, the value is $1$.\n", {"1c": "correct"},
      id="value-after-the-formula"),
    P("jacobians", "prose2.qmd", "# Problem 1\n\nIn part (c) we need $\\partial y/\\partial\\theta = r\\cos\\theta$, "
      "and at $r = 2$ that is $\\sqrt{3}$.\n", {"1c": "incorrect"}, id="wrong-value-after-the-formula"),
    P("jacobians", "hess.md", "# Problem 5\n\nThe gradient is $\\nabla_u E = W^\\top V^\\top (VWu - c)$. The Hessian is "
      "$\\nabla_u^2 E = W^\\top V^\\top V W$.\n", {"5a": "correct", "5b": "correct"}, id="hessian-is-not-the-gradient"),
    P("linear-maps", "sections.tex", _SECTIONS, {"1a": "correct", "1b": "correct", "2a": "correct", "2b": "incorrect"},
      id="numbered-sections-are-problems"),
    P("linear-maps", "lens.txt", "No. 4\na. P is projection (P² = P)\nb. onto the line with direction (1 , -1)\n"
      "c. rank P = 1\n", {"4a": "correct", "4b": "incorrect", "4c": "correct"}, id="no-dot-label-and-a-worded-line"),
    P("linear-maps", "chunk.Rmd", _R_PASTED, {"6c": "correct", "6d": "correct"}, id="r-output-pasted-in-the-chunk"),
    P("eigen-svd", "prose.md", _PROSE_EIGEN, {"2a": "correct", "2b": "correct", "2c": "correct", "2d": "correct",
                                             "2e": "correct"}, id="long-prose-clauses"),
    P("eigen-svd", "prose2.md", _PROSE_SVD, {"1b": "correct", "1c": "correct"}, id="sentence-naming-the-next-part"),
    P("eigen-svd", "prose3.md", _USED_LATER, {"1b": "correct", "1c": "missing"}, id="a-part-named-as-used-later"),
    P("eigen-svd", "np2.ipynb", _notebook(("markdown", "## 3(a)", ""),
                                          ("code", "np.linalg.matrix_rank(C)", "np.int64(1)\n")),
      {"3a": "correct"}, id="numpy-2-scalar"),
    P("ml-calculus", "sol.tex", "\\documentclass{article}\\newcommand{\\sig}{\\sigma}\\begin{document}\n"
      "\\begin{enumerate}\n\\item[1e.] The first derivative is $\\sig(x)$, so the second derivative is "
      "$\\sig'(x) = \\boxed{\\dfrac{e^{-x}}{(1+e^{-x})^2}}$.\n\\end{enumerate}\n\\end{document}\n",
      {"1e": "correct"}, id="own-label-outranks-another-parts-hint"),
])
def test_reading_rules(tmp_path: Path, spec: str, name: str, text: str, want: dict[str, str]) -> None:
    got = graded_text(_grader(spec), tmp_path, name, text)
    assert {p: got[p].status.value for p in want} == want


@pytest.mark.parametrize("answer,status", [
    P("sides are not equal but the angles are 90°, so it is a rectangle", "correct", id="negation-in-another-clause"),
    P("it is not a rectangle", "invalid", id="negated-option"),
    P("the angles are 90°, so it is not a rectangle", "invalid", id="negation-in-the-concluding-clause"),
    P("sides are not equal, so it is a square", "incorrect", id="other-option-after-a-negation"),
])
def test_a_negation_counts_in_the_clause_naming_the_option(answer: str, status: str) -> None:
    options = CheckOptions(choices=("rectangle", "square", "parallelogram", "rhombus"))
    assert check_choice(answer, "rectangle", options).status.value == status

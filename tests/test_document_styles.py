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
    # documents10's rules
    P("k2", "gdocs.md", "# **Problem 2**\n\n**(a)** ∂yᵢ/∂zᵢ \\= (e^(zᵢ)S − e^(zᵢ)e^(zᵢ))/S² \\= yᵢ(1 − yᵢ)\n\n"
      "**(b)** off-diagonal: ∂yᵢ/∂zⱼ \\= (0 − e^(zᵢ)e^(zⱼ))/S² → **yᵢyⱼ**\n", {"2a": "correct", "2b": "incorrect"},
      id="gdocs-escaped-equals-and-an-arrow"),
    P("k2", "word.txt", "Problem 4, part (d)\nV^(−1) = [■(1/√2&1/√2@−1/√2&1/√2)]\n\nProblem 5, part (a)\n"
      "ΣV^T = [■(√2&√2@2√2&2√2)]\n", {"4d": "correct", "5a": "incorrect"}, id="word-unicodemath-matrix"),
    P("k2", "gdocs2.md", "# Problem 3\n\n**(d)** so ∂yᵢ/∂xⱼ \\= yᵢ(δᵢⱼ − yⱼ) wᵀ\n\n**(e)** ∂yᵢ/∂w \\= yᵢ(1 − yᵢ) xᵢ\n",
      {"3d": "correct", "3e": "incorrect"}, id="product-after-a-space"),
    P("k2", "ooo.md", "## Problem 7\n\nI first worked out $\\Sigma V^\\top$ (this is **5(a)**):\n\n$$\\Sigma V^\\top = "
      "\\begin{pmatrix} \\sqrt2 & \\sqrt2 \\\\ -2\\sqrt2 & 2\\sqrt2 \\end{pmatrix}$$\n", {"5a": "correct", "7a": "missing"},
      id="this-is-5a-names-the-display-below"),
    P("k2", "ooo2.md", "## Problem 6\n\n6(d): $Ux = (-\\sqrt2/4, \\sqrt6/4)$\n\n6(e): the first column of $U$ is "
      "$(-\\sqrt3/2, -1/2)$, which is at $-150°$. So $U$ is a rotation by 150° clockwise, with no scaling.\n",
      {"6d": "correct", "6e": "correct"}, id="a-description-over-two-sentences"),
    P("k2", "pair.ipynb", _notebook(("markdown", "## Problem 4", ""),
                                    ("code", "# 4e, 4f\nprint(V.T @ e1)\nprint(V.T @ e2)",
                                     "[ 0.70710678 -0.70710678]\n[0.70710678 0.70710678]\n")),
      {"4e": "correct", "4f": "correct"}, id="one-cell-for-two-parts"),
    P("k2", "pair2.ipynb", _notebook(("markdown", "## Problem 4", ""),
                                     ("code", "# 4e, 4f\nprint(V.T @ e1)", "[ 0.70710678 -0.70710678]\n")),
      {"4f": "missing"}, id="two-parts-one-value-is-not-split"),
    P("ml-calculus", "trail.ipynb", _notebook(("markdown", "## 1. The sigmoid", ""),
                                              ("code", "dsigma.subs(x, 0)   # 1c", "1/4\n"),
                                              ("code", "U, s, Vt = f(x)\n# 1e second derivative\nd2",
                                               "exp(x)/(exp(x) + 1)**2\n")),
      {"1c": "correct", "1e": "correct"}, id="comments-inside-the-code-name-the-cell"),
    P("ml-calculus", "notion.md", "## Problem 3\n\n- **3a.** $\\frac{\\partial L}{\\partial z_1} = p_1 - 1$\n"
      "- **3b.** *(skipped — same idea as 3a)*\n\nσ(x) = 1/(1+e^{-x})\n", {"3a": "incorrect", "3b": "missing"},
      id="prompt-name-p-not-in-terms-of-z-and-a-skipped-part"),
    P("ml-calculus", "sum.md", "## Problem 2\n\n**2a.** $\\nabla \\operatorname{LSE}(x) = \\left(\\frac{e^{x_1}}{\\sum_k e^{x_k}},"
      " \\frac{e^{x_2}}{\\sum_k e^{x_k}}, \\frac{e^{x_3}}{\\sum_k e^{x_k}}\\right)$\n", {"2a": "correct"},
      id="a-sum-without-range-over-the-problems-terms"),
    P("jacobians", "table.md", "| # | Answer |\n|---|---|\n| 2a | |\n| 2b | r² sin θ |\n| 3b | r² cos²θ sin θ |\n"
      "| 5b | Wᵀ Vᵀ V W |\n\n(2a: I have the matrix on paper, sorry.)\n",
      {"2a": "missing", "2b": "correct", "3b": "incorrect", "5b": "correct"}, id="unicode-cells-and-a-note-naming-2a"),
    P("jacobians", "gh.md", "**2(b)** $`\\det J = r^2\\sin\\theta`$ (the usual volume element "
      "$`r^2\\sin\\theta\\,dr\\,d\\theta\\,d\\phi`$).\n\n### (a)\n\n$\\nabla_u E = W^\\top V^\\top (VWu - c)$ "
      "(constant in $u$).\n", {"2b": "correct"}, id="a-remark-in-brackets-after-the-result"),
    P("linear-maps", "plain.txt", "1a. rotation 90 deg ccw, scale x2\n2a. reflection\n2b. Mirror line y = x, direction "
      "vector (1, 1).\n", {"1a": "correct", "2b": "correct"}, id="scale-x2-and-a-named-direction"),
    P("linear-maps", "long.tex", "\\documentclass{article}\\begin{document}\n\\section*{Problem 4}\n"
      "\\textbf{Part (b).} It projects onto the line through $(1, -1)$, i.e.\\ $y = -x$.\n\\end{document}\n",
      {"4b": "incorrect"}, id="line-through-a-vector-ie-an-equation"),
    P("eigen-svd", "table.md", "| Part | Answer | Notes |\n|---|---|---|\n| 3a | 1 | second row = 2 × first row |\n"
      "| 3b | C/5 | |\n", {"3a": "correct", "3b": "incorrect"}, id="a-notes-column-is-no-answer"),
    P("eigen-svd", "r.Rmd", "# Problem 2\n\n**2c.** The matrix is `e$vectors` above: $\\begin{pmatrix} 0.7071 & -0.7071 "
      "\\\\ 0.7071 & 0.7071 \\end{pmatrix}$.\n\n# Problem 3\n\n**3a.** The rank of $C$ is 1 (`qr(C)$rank` returns 1).\n",
      {"2c": "correct", "3a": "correct"}, id="code-with-a-dollar-beside-math"),
    P("eigen-svd", "half.md", "1a) ~~A A^T = [[9, 12], [12, 41]]~~ wrong order:\n\nA^T A = [[3, 4], [0, 5]] [[3, 0], [4, 5]] = "
      "[[25, 20], [20, 25]]\n\n2b) for λ = 3: B - 3I = [[-1, 1], [1, -1]], null space spanned by (1, -1)^T\n",
      {"1a": "correct", "2b": "incorrect"}, id="product-of-bracketed-matrices-and-a-spanning-vector"),
    # documents11-13's rules
    P("linear-maps", "octave.txt", ">> R = [0 -2; 2 0]; u = [1; 1];\n>> % ANS 1a: rotation by 90 degrees counterclockwise,"
      " scaling by a factor 2\n>> % 1b\n>> R * u\nans =\n\n  -2\n   2\n\n>> % 4c\n>> rank(P)\nans = 2\n",
      {"1a": "correct", "1b": "correct", "4c": "incorrect"}, id="octave-window"),
    P("k2", "nb.txt", "(* 4(a) *)\nIn[2]:= V . e1\nOut[2]= {1/Sqrt[2], 1/Sqrt[2]}\n\n(* 4(e), 4(f) *)\n"
      "In[6]:= {Transpose[V] . e1, Transpose[V] . e2}\nOut[6]= {{1/Sqrt[2], -(1/Sqrt[2])}, {-1/Sqrt[2], 1/Sqrt[2]}}\n",
      {"4a": "correct", "4e": "correct", "4f": "incorrect"}, id="mathematica-notebook-as-text"),
    P("jacobians", "nb2.txt", "Problem 2\n\nIn[7]:= Simplify[Det[Js]]\nOut[7]= r^2 Sin[θ]\n\n   2(b) is Out[7].\n",
      {"2b": "correct"}, id="mathematica-out-named-in-prose"),
    P("ml-calculus", "notes.adoc.txt", ":stem: latexmath\n\n== Problem 1\n\n1c:: stem:[\\sigma'(0) = \\frac{1}{2}]\n\n"
      "1d:: stem:[\\frac{d}{dx}\\log(1+e^x) = \\frac{e^x}{1+e^x}]\n", {"1c": "incorrect", "1d": "correct"},
      id="asciidoc-stem"),
    P("jacobians", "hw.typ.txt", "#set page(paper: \"us-letter\")\n\n== 1. Polar\n\n*(a)* $ mat(cos theta, -r sin theta; "
      "sin theta, r cos theta) $\n\n*(b)* $ det = r^2 $\n", {"1a": "correct", "1b": "incorrect"}, id="typst"),
    P("k2", "align.tex", "\\documentclass{article}\\begin{document}\n\\section*{Problem 3}\n\\begin{align}\n"
      "\\frac{\\partial z_i}{\\partial x_i} &= w^T \\tag{3a}\\\\\n\\frac{\\partial z_i}{\\partial u} &= 1 \\tag{3c}\n"
      "\\end{align}\n\\end{document}\n", {"3a": "correct", "3b": "missing", "3c": "incorrect"}, id="align-rows-tagged-by-part"),
    P("k2", "moodle.txt", "Ejercicio 4<br>\nEjercicio 4 a)&nbsp; V e1 = (1/√2, 1/√2)<br>\nEjercicio 4 c)&nbsp; V rota el "
      "vector 45 grados en sentido antihorario, sin escala.<br>\nEjercicio 4 g)&nbsp; V^T rota 45 grados en sentido "
      "antihorario, sin escala.<br>\n", {"4a": "correct", "4c": "correct", "4g": "partial"}, id="moodle-html-and-spanish"),
    P("linear-maps", "onenote.txt", "Problem 2   F = [0 1; 1 0]\n    • 2a. F swaps the coordinates → it's a reflection\n"
      "    • 2b. mirror line is y = x, direction vector (1, -1)\n", {"2a": "correct", "2b": "incorrect"},
      id="bullets-and-a-restated-matrix"),
    P("ml-calculus", "pandoc.md", "**Question 3**\n\n8.  **(a)** $\\frac{\\partial L}{\\partial z_{1}} = "
      "\\frac{e^{z_{1}}}{e^{z_{1}} + e^{z_{2}} + e^{z_{3}}} - 1$\n\n9.  **(b)** $\\frac{\\partial L}{\\partial z_{2}} = "
      "\\frac{e^{z_{1}}}{e^{z_{1}} + e^{z_{2}} + e^{z_{3}}}$\n", {"3a": "correct", "3b": "incorrect"},
      id="pandoc-running-item-numbers"),
    P("jacobians", "phone.md", "P3(a) df/dtheta = r^3 cos^3(theta) - 2 r^3 cos(theta) sin^2(theta)\n"
      "P3(b) df/dr = 3 r^2 cos^2(theta)\nProblem 5 not attempted.\n", {"3a": "correct", "3b": "incorrect", "5a": "missing"},
      id="phone-p-labels-and-a-problem-not-attempted"),
    P("jacobians", "matlab.txt", "% t stands for theta.\n\n%% ---------- Problem 1 (polar) ----------\n>> syms r t\n"
      ">> J = jacobian([x; y], [r, t])\n \nJ =\n \n[cos(t), -r*sin(t)]\n[sin(t),  r*cos(t)]\n \n>> simplify(det(J))\n"
      " \nans =\n \nr\n \n", {"1a": "correct", "1b": "correct"}, id="symbolic-matlab-and-a-renamed-variable"),
    P("ml-calculus", "wa.txt", "#1c\nInput: derivative of 1/(1+e^(-x)) at x=0\nResult: 1/4 = 0.25\n\n#1d\n"
      "Input: D[Log[1 + E^x], x]\nResult: E^x/(1 + E^x)^2\nAlternate form: 1/(4 Cosh[x/2]^2)\n",
      {"1c": "correct", "1d": "incorrect"}, id="wolfram-alpha-input-and-result"),
    P("eigen-svd", "symbolab.txt", "1.a  A^T A\nSteps:\n( 3 4 ; 0 5 ) ( 3 0 ; 4 5 )\n= ( 25 20 ; 20 25 )\n\n"
      "1.d  Sigma = ( 3sqrt(5) 0 ; 0 5 )\n", {"1a": "correct", "1d": "incorrect"}, id="symbolab-round-matrices"),
    P("linear-maps", "draft.txt", "1)a) rotation by pi/2 counterclockwise, scaled by factor 2\n1)b) (-2, 2)\n\n"
      "3)a) shear\n3)b) factor 1/3 ?? (check notes)\n", {"1a": "correct", "1b": "correct", "3a": "correct",
                                                         "3b": "incorrect"}, id="bracket-bracket-labels-and-doubt"),
    P("ml-calculus", "tuple.ipynb", _notebook(("markdown", "**Task 1.d** and **Task 1.e** — softplus", ""),
                                              ("code", "sp.diff(sp, x), sp.diff(sp, x, 2)",
                                               "(exp(x)/(exp(x) + 1), exp(x)/(exp(x) + 1)**3)\n")),
      {"1d": "correct", "1e": "incorrect"}, id="a-tuple-of-two-formulas"),
    P("ml-calculus", "rst.txt", "Problem 1\n=========\n\n(a) Using it,\n\n.. math::\n\n   \\sigma'(x) = "
      "\\sigma(x)\\bigl(1 - \\sigma(x)\\bigr)\n\n(c) :math:`\\sigma'(0) = 0.5`\n", {"1a": "correct", "1c": "incorrect"},
      id="restructured-text-math"),
    P("k2", "myst.md", "## Problem 6\n\n6(a)–(d), in order:\n\n```{math}\nUx = \\left(-\\tfrac{\\sqrt6}{4}, -\\tfrac{\\sqrt2}{4}"
      "\\right),\\; \\left(\\tfrac{\\sqrt2}{4}, -\\tfrac{\\sqrt6}{4}\\right),\\; \\left(\\tfrac{\\sqrt6}{4}, \\tfrac{\\sqrt2}{4}"
      "\\right),\\; \\left(\\tfrac{\\sqrt2}{4}, \\tfrac{\\sqrt6}{4}\\right)\n```\n\n**(e)** {math}`150^\\circ` clockwise, "
      "no scaling\n", {"6a": "correct", "6c": "correct", "6d": "incorrect"}, id="myst-math-and-a-run-over-one-display"),
    P("k2", "knit.Rmd", "## 3\n\n3a. $w$ 3b. $x_i$ 3c. $1$\n\n## 4\n\n```{r}\ndrop(V %*% e1)   # 4a\ndrop(V %*% e2)   # 4b\n```\n\n"
      "```\n## [1] 0.7071068 0.7071068\n## [1] 0.7071068 0.7071068\n```\n\n## 5\n\n5b–5e, images of $e_1/\\sqrt2$, "
      "$e_2/\\sqrt2$, $-e_1/\\sqrt2$, $-e_2/\\sqrt2$:\n$(1,-2)$, $(1,2)$, $(-1,2)$, $(1,-2)$.\n",
      {"3a": "correct", "3b": "correct", "3c": "incorrect", "4a": "correct", "4b": "incorrect", "5b": "correct",
       "5e": "incorrect"}, id="knitr-labels-from-comments-and-a-run-below-its-label"),
    P("linear-maps", "tab.md", "| Parte | tipo | ângulo | sentido | fator de escala |\n|---|---|---|---|---|\n"
      "| 1a | rotação | 90° | anti-horário | $2$ |\n\n| Part | Matrix | Axis | Angle | Direction | Scaling |\n|---|---|---|---|---|---|\n"
      "| 6a | Q | z-axis | 90° | counterclockwise | none (×1) |\n", {"1a": "correct", "6a": "correct"},
      id="rotation-tables-with-a-scale-column"),
    P("jacobians", "eps.tex", "\\documentclass{article}\\begin{document}\n\\section*{Problem 4}\n\\begin{enumerate}\n"
      "\\item[(a)] $\\nabla_v L = \\varepsilon\\,(\\tanh(w_1x), \\tanh(w_2x))$, with\n"
      "$\\varepsilon = v_1\\tanh(w_1x)+v_2\\tanh(w_2x)-t$.\n\\end{enumerate}\n\\end{document}\n", {"4a": "correct"},
      id="a-greek-name-defined-right-after-its-answer"),
    P("eigen-svd", "console.txt", "> A <- matrix(c(3, 4, 0, 5), 2)\n> eigen(crossprod(A))$values\n[1] 45  5\n"
      "ANS 1b: eigenvalues 45 and 5\n\n> s <- svd(A)\n> s$v\n           [,1]       [,2]\n[1,] -0.7071068 -0.7071068\n"
      "[2,] -0.7071068  0.7071068\nANS 1e: V = s$v (above)\n", {"1b": "correct", "1e": "correct"}, id="r-console"),
    P("k2", "rerun.ipynb", _notebook(("markdown", "## 4", ""),
                                     ("code", "np.linalg.inv(V)  # 4d", "array([[1.41421356, 0.], [0., 1.41421356]])\n"),
                                     ("markdown", "hmm that's wrong, I typed V wrong in a scratch cell, rerun:", ""),
                                     ("code", "Vinv  # 4d", "array([[ 0.70710678,  0.70710678], [-0.70710678,  0.70710678]])\n"),
                                     ("code", "V.T @ e1, V.T @ e2  # 4e, 4f",
                                      "(array([ 0.70710678, -0.70710678]), array([0.70710678, -0.70710678]))\n")),
      {"4d": "correct", "4e": "correct", "4f": "incorrect"}, id="a-rerun-after-a-correction-and-a-tuple-of-arrays"),
    P("k2", "pair.ipynb", _notebook(("markdown", "## Problem 4\n**(a)** and **(b)**", ""),
                                    ("code", "V @ e1", "array([0.70710678, 0.70710678])\n"),
                                    ("code", "V @ e2", "array([0.70710678,  0.70710678])\n")),
      {"4a": "correct", "4b": "incorrect"}, id="two-parts-over-two-printed-vectors"),
    P("k2", "counter.tex", "\\documentclass{article}\\begin{document}\n\\section*{Problem 5}\n"
      "\\begin{enumerate}[label=\\textbf{5\\alph*)}]\n\\item $\\Sigma V^\\top = \\begin{pmatrix} \\sqrt2 & \\sqrt2 \\\\ "
      "-2\\sqrt2 & 2\\sqrt2 \\end{pmatrix}$\n\\setcounter{enumi}{2}\n\\item $\\begin{pmatrix} 1 \\\\ 2 \\end{pmatrix}$\n"
      "\\setcounter{enumi}{5}\n\\item They are the corners of a square.\n\\end{enumerate}\n\\end{document}\n",
      {"5a": "correct", "5b": "missing", "5c": "correct", "5f": "incorrect"}, id="latex-setcounter-skips-items"),
    P("jacobians", "at.md", "## Problem 1\n\n**1b** det J = r\n\n**1c** ∂y/∂θ at r = 2, θ = π/3 is 1.\n",
      {"1b": "correct", "1c": "correct"}, id="a-value-after-the-point-it-is-taken-at"),
    P("jacobians", "at2.md", "## Problem 1\n\n**1c** ∂y/∂θ at r = 2 and θ = π/3 equals √3\n",
      {"1c": "incorrect"}, id="a-wrong-value-after-the-point-it-is-taken-at"),
    P("eigen-svd", "so.md", "## Problem 3\n\n**(a)** Row 2 = 2 × row 1, so $\\operatorname{rank} C = 1$.\n",
      {"3a": "correct"}, id="the-conclusion-after-so-not-the-premise"),
    P("eigen-svd", "so2.md", "## Problem 3\n\n**(a)** The rows are (1, 2) and (2, 4), so $\\operatorname{rank} C = 2$.\n",
      {"3a": "incorrect"}, id="a-wrong-conclusion-after-so"),
    P("eigen-svd", "print.ipynb", _notebook(("markdown", "## 2", ""),
                                             ("code", "print('(2d) det B =', np.linalg.det(B))\nprint('(2e) tr B =', np.trace(B))",
                                              "(2d) det B = 2.9999999999999996\n(2e) tr B = 5.0\n")),
      {"2d": "correct", "2e": "incorrect"}, id="printed-label-name-and-value"),
    P("eigen-svd", "copied.md", "## Problem 1\n\n**(f)** $U = \\frac{1}{\\sqrt{10}}\\begin{pmatrix} 1 & -3 \\\\ 3 & 1 \\end{pmatrix}$\n\n"
      "## Problem 2\n\n$B = \\begin{pmatrix} 2 & 1 \\\\ 1 & 2 \\end{pmatrix}$\n\n**(d)** $\\det B = 3$\n",
      {"1g": "missing", "2d": "correct"}, id="a-given-matrix-copied-in-other-brackets-answers-nothing"),
    P("eigen-svd", "check.md", "## Problem 1\n\n**(g)** $U\\Sigma V^\\top = \\begin{bmatrix} 3 & 0 \\\\ 4 & 5 \\end{bmatrix} = A$ ✓\n",
      {"1g": "correct"}, id="a-product-then-equals-the-given-name"),
    P("eigen-svd", "check2.md", "## Problem 1\n\n**(g)** $U\\Sigma V^\\top = \\begin{bmatrix} 3 & 0 \\\\ 5 & 4 \\end{bmatrix} = A$\n",
      {"1g": "incorrect"}, id="a-wrong-product-said-to-equal-the-given-name"),
    P("linear-maps", "partof.md", "## Back to the 2D maps\n\nPart (b) of 1: $Ru = (-2, 2)$. Part (a) of 1: $R$ is a rotation "
      "by $90^\\circ$ counter-clockwise together with a scaling by $2$.\n", {"1a": "correct", "1b": "correct"},
      id="part-b-of-1-labels-out-of-order"),
    P("linear-maps", "partof2.md", "Part (a) of 1: $R$ rotates by $90^\\circ$ clockwise and scales by 2. "
      "Part (b) of 1: $Ru = (2, -2)$.\n", {"1a": "partial", "1b": "incorrect"}, id="part-of-labels-with-wrong-answers"),
    P("linear-maps", "after.md", "Problem 3. $S$ is a shear (3a). $Su = (4, 1)$ (3c). The shear factor is $3$ (3b).\n\n"
      "Problem 4. $P^2 = P$, so $P$ is a projection (4a), onto the line spanned by $(1,-1)$ (4b). Its rank is 2 (4c).\n",
      {"3a": "correct", "3b": "correct", "3c": "correct", "4a": "correct", "4b": "incorrect", "4c": "incorrect"},
      id="labels-written-after-their-answers"),
    P("jacobians", "residual.md", "## 4 · Tiny network\nResidual: ε = v₁ tanh(w₁x) + v₂ tanh(w₂x) − t\n\n"
      "- **4a** (∂L/∂v₁, ∂L/∂v₂) = ε · (tanh(w₁x), tanh(w₂x))\n- **4b** ∂L/∂w₁ = ε · v₁ · x\n",
      {"4a": "correct", "4b": "incorrect"}, id="a-name-defined-after-a-word-and-a-colon"),
    P("jacobians", "joined.md", "Q4. let $h_{k}=\\tanh \\left(w_{k} x\\right)$, $\\delta=v_{1} h_{1}+v_{2} h_{2}-t$\n\n"
      "a) $\\left(\\frac{\\partial L}{\\partial v_{1}}, \\frac{\\partial L}{\\partial v_{2}}\\right)=\\left(\\delta h_{1}, "
      "\\delta h_{2}\\right)$\n\nb) $\\frac{\\partial L}{\\partial w_{1}}=\\delta v_{1} h_{1} x$\n",
      {"4a": "correct", "4b": "incorrect"}, id="definitions-joined-by-a-comma"),
    P("ml-calculus", "todo.md", "## 3\n\n- [x] 3a: $p_1 - 1$ hmm\n- [ ] 3b, 3c\n", {"3b": "missing", "3c": "missing"},
      id="a-to-do-list-of-parts-answers-none"),
    P("ml-calculus", "steps.md", "## 1\n- b) show it equals σ(1−σ):\n  - $\\frac{e^{-x}}{(1+e^{-x})^2} = \\frac{1}{1+e^{-x}} "
      "\\cdot \\frac{e^{-x}}{1+e^{-x}}$\n  - $= \\frac{1}{1+e^{-x}} \\cdot \\left(1 - \\frac{1}{1+e^{-x}}\\right)$\n"
      "  - $= \\sigma(x)\\,(1 - \\sigma(x))$\n", {"1b": "correct"}, id="a-derivation-one-step-per-list-item"),
    P("ml-calculus", "steps2.md", "## 1\n- b) show it equals σ(1−σ):\n  - $\\frac{e^{-x}}{(1+e^{-x})^2} = \\frac{1}{1+e^{-x}} "
      "\\cdot \\frac{e^{-x}}{1+e^{-x}}$\n  - $= \\frac{1}{1+e^{-x}} \\cdot \\left(1 + \\frac{1}{1+e^{-x}}\\right)$\n"
      "  - $= \\sigma(x)\\,(1 - \\sigma(x))$\n", {"1b": "partial"}, id="a-list-item-derivation-with-a-false-step"),
    P("eigen-svd", "implies.md", "## 1\n\n**1a** AᵀA = [[25, 20], [20, 25]]\n\n"
      "**1b** det(AᵀA − λI) = (25 − λ)² − 400 = 0 ⟹ 25 − λ = ±20 ⟹ **λ = 45 or λ = 5**\n\n"
      "**1c** σ = (3√5, √5)\n",
      {"1b": "correct"}, id="roots-after-an-implication-joined-by-or"),
    P("eigen-svd", "implies2.md", "## 1\n\n**1a** AᵀA = [[25, 20], [20, 25]]\n\n"
      "**1b** det(AᵀA − λI) = (25 − λ)² − 400 = 0 ⟹ **λ = 45 or λ = -5**\n\n"
      "**1c** σ = (3√5, √5)\n",
      {"1b": "incorrect"}, id="a-wrong-root-after-an-implication"),
    P("eigen-svd", "notdone.txt", "1.f  U = ( 1/sqrt(10) -3/sqrt(10) ; 3/sqrt(10) 1/sqrt(10) )\n\n1.g  (not done)\n\n"
      "2.a  Eigenvalues of ( 2 1 ; 1 2 )\nAnswer: lambda = 3, lambda = 1\n", {"1g": "missing", "2a": "correct"},
      id="not-done-in-plain-text-is-the-students-word"),
    P("k2", "ans.tex", "\\documentclass{article}\n\\newcommand{\\ans}[1]{\\underline{#1}}\n\\begin{document}\n"
      "\\section*{Question 2}\n\\begin{enumerate}\n  \\item[(i)] Diagonal ($i=j$):\n"
      "  \\[ \\frac{\\partial y_i}{\\partial z_i} = \\ans{y_i(1-y_i)} \\]\n  \\item[(ii)] Off-diagonal ($i\\neq j$):\n"
      "  \\[ \\frac{\\partial y_i}{\\partial z_j} = \\ans{y_iy_j} \\]\n\\end{enumerate}\n\\end{document}\n",
      {"2a": "correct", "2b": "incorrect"}, id="an-answer-macro-that-underlines"),
    P("k2", "align.tex", "\\documentclass{article}\\begin{document}\n\\section*{Question 6}\n\\begin{align*}\n"
      "U\\frac{e_1}{\\sqrt2} &= \\begin{pmatrix}-\\sqrt6/4\\\\-\\sqrt2/4\\end{pmatrix}, &\n"
      "U\\frac{e_2}{\\sqrt2} &= \\begin{pmatrix}\\sqrt2/4\\\\-\\sqrt6/4\\end{pmatrix},\\\\\n"
      "U\\frac{-e_1}{\\sqrt2} &= \\begin{pmatrix}\\sqrt6/4\\\\ \\sqrt2/4\\end{pmatrix}, &\n"
      "U\\frac{-e_2}{\\sqrt2} &= \\begin{pmatrix}\\sqrt2/4\\\\ \\sqrt6/4\\end{pmatrix}.\n\\end{align*}\n\\end{document}\n",
      {"6a": "correct", "6b": "correct", "6c": "correct", "6d": "incorrect"}, id="two-equations-per-align-row"),
    P("k2", "arrows.ipynb", _notebook(("markdown", "## Q5", ""),
                                      ("code", "for x in [e1/r2, e2/r2, -e1/r2, -e2/r2]:\n    print(x, '->', SVt @ x)",
                                       "[0.7071 0.    ] -> [ 1. -2.]\n[0.     0.7071] -> [1. 2.]\n"
                                       "[-0.7071 -0.    ] -> [-1.  2.]\n[-0.     -0.7071] -> [1. 2.]\n")),
      {"5b": "correct", "5c": "correct", "5d": "correct", "5e": "incorrect"}, id="a-printed-input-arrow-image"),
    P("k2", "arraylist.ipynb", _notebook(("markdown", "## Q6", ""),
                                         ("code", "[U @ x for x in xs]",
                                          "[array([-0.6124, -0.3536]),\n array([ 0.3536, -0.6124]),\n"
                                          " array([0.6124, 0.3536]),\n array([0.3536,  0.6124])]\n")),
      {"6a": "correct", "6b": "correct", "6c": "correct", "6d": "incorrect"}, id="a-printed-list-of-arrays"),
    P("jacobians", "lines.txt", "MA2M1 Jacobians\n(t = theta, p = phi)\n\n1a  J = [cos t, -r sin t; sin t, r cos t]\n\n"
      "4a  dL/dv1 = (v1 tanh(w1 x) + v2 tanh(w2 x) - t) tanh(w1 x)\n    dL/dv2 = (v1 tanh(w1 x) + v2 tanh(w2 x) - t) tanh(w2 x)\n",
      {"1a": "correct", "4a": "correct"}, id="a-vector-one-component-per-line-and-a-comma-matrix"),
    P("jacobians", "lines2.txt", "1a  J = [cos t, r sin t; sin t, r cos t]   (t = theta)\n\n"
      "4a  dL/dv1 = (v1 tanh(w1 x) + v2 tanh(w2 x) - t) tanh(w1 x)\n    dL/dv2 = (v1 tanh(w1 x) + v2 tanh(w2 x) - t) tanh(w1 x)\n",
      {"1a": "partial", "4a": "incorrect"}, id="a-wrong-component-on-its-own-line"),
    P("jacobians", "hat.md", "## 4. Tiny network\n\nWrite $\\hat y = v_1\\tanh(w_1x) + v_2\\tanh(w_2x)$ so $L = \\tfrac12(\\hat y - t)^2$.\n\n"
      "- **(a)** $\\nabla_v L = (\\hat y - t)\\begin{pmatrix}\\tanh(w_1x)\\\\ \\tanh(w_2x)\\end{pmatrix}$\n"
      "- **(b)** $\\dfrac{\\partial L}{\\partial w_1} = (ŷ - t)\\,v_1\\,x$\n", {"4a": "correct", "4b": "incorrect"},
      id="a-prediction-named-y-hat"),
    P("linear-maps", "prose.md", "## Question 4\n\n$P$ is a projection, since $P^2 = P$. Every output is a multiple of $(1,1)$, "
      "so it projects onto the line through $(1,1)$, and the rank is $1$.\n\n## Question 6\n\n"
      "For the product, determinants multiply: $\\det(QH) = \\det Q \\cdot \\det H = 1 \\cdot 1 = 1$.\n",
      {"4a": "correct", "4b": "correct", "4c": "correct", "6c": "incorrect"}, id="a-conclusion-then-another-clause"),
    P("linear-maps", "bold.md", "**2.** F = [[0, 1], [1, 0]]\n\n(i) reflection — swaps x and y\n\n"
      "(ii) mirror line direction: **(1, −1)**\n", {"2a": "correct", "2b": "incorrect"}, id="a-bold-vector-after-its-name"),
    P("eigen-svd", "email.txt", "1(d) Sigma = diag(3 sqrt5, sqrt5)\n1(e) V = (1/sqrt2) [-1 1; -1 -1]\n"
      "1(f) U = (1/sqrt10) [-1 3; -3 -1]\n1(g) U Sigma V^T = [3 0; 4 5], which is A\n",
      {"1f": "correct", "1g": "correct"}, id="sqrt10-in-plain-text-and-a-remark-after-a-comma"),
    P("eigen-svd", "email2.txt", "1(d) Sigma = diag(3 sqrt5, sqrt5)\n1(e) V = (1/sqrt2) [-1 1; -1 -1]\n"
      "1(f) U = (1/sqrt10) [-1 3; 3 -1]\n1(g) U Sigma V^T = [3 0; 5 4], which is A\n",
      {"1f": "incorrect", "1g": "incorrect"}, id="wrong-values-before-a-remark"),
    P("eigen-svd", "pandoc.md", "**1.** $A = \\begin{pmatrix}\n3 & 0 \\\\\n4 & 5\n\\end{pmatrix}$\n\n"
      "f.  $U = \\frac{1}{\\sqrt{10}}\\begin{pmatrix}\n    1 & 3 \\\\\n    3 & -1\n    \\end{pmatrix}$\n\n"
      "g.  $U\\Sigma V^{T} = \\begin{pmatrix}\n    3 & 0 \\\\\n    4 & 5\n    \\end{pmatrix}$ \\checkmark\n",
      {"1f": "correct", "1g": "correct"}, id="a-letter-label-before-a-formula-over-several-lines"),
    P("eigen-svd", "above.ipynb", _notebook(("markdown", "**Q2**", ""),
                                            ("code", "vals, vecs = np.linalg.eig(B)\nprint(vals)\nprint(vecs)",
                                             "[3. 1.]\n[[ 0.7071 -0.7071]\n [ 0.7071  0.7071]]\n"),
                                            ("markdown", "(a) eigenvalues 3 and 1\n\n(b) for λ = 3: $(1, 1)$\n\n"
                                                         "(c) the `vecs` matrix above", ""),
                                            ("code", "np.linalg.det(B), np.trace(B)", "(2.9999999999999996, 4.0)\n"),
                                            ("markdown", "(d) det B = 3, (e) tr B = 4", "")),
      {"2a": "correct", "2b": "correct", "2c": "correct", "2d": "correct", "2e": "correct"},
      id="a-part-pointing-at-the-output-above"),
    P("ml-calculus", "beside.md", "| Part | Answer |\n|---|---|\n| 2(a) | $\\left(\\frac{e^{x_1}}{S}, \\frac{e^{x_2}}{S}, "
      "\\frac{e^{x_3}}{S}\\right)$, $S=e^{x_1}+e^{x_2}+e^{x_3}$ |\n", {"2a": "correct"}, id="a-name-defined-beside-its-answer"),
    P("ml-calculus", "second.md", "**1d.** $\\frac{d}{dx}\\log(1+e^x) = \\frac{e^x}{1+e^x}$\n\n"
      "**1e.** so the second derivative is $\\sigma'(x) = \\sigma(x)(1-\\sigma(x))$\n",
      {"1d": "correct", "1e": "correct"}, id="another-parts-claim-as-this-parts-answer"),
    P("linear-maps", "prints.ipynb", _notebook(("markdown", "### 4\n(a) projection", ""),
                                               ("code", "vals, vecs = np.linalg.eig(P)\nprint(vals)\n"
                                                "print(vecs[:, np.argmax(vals)])  # (b) direction it projects onto\n"
                                                "print(np.linalg.matrix_rank(P))  # (c)",
                                                "[1. 0.]\n[0.70710678 0.70710678]\n2\n"),
                                               ("markdown", "### 6", ""),
                                               ("code", "np.linalg.det(Q @ H), Q @ H  # (c), (d)",
                                                "(-1.0,\n array([[ 0, -1,  0],\n        [ 1,  0,  0],\n        [ 0,  0, -1]]))\n")),
      {"4b": "correct", "4c": "incorrect", "6c": "correct", "6d": "correct"}, id="labels-in-comments-print-by-print"),
    P("linear-maps", "colour.tex", "\\documentclass{article}\n\\usepackage{xcolor}\n\\newcommand{\\ans}[1]{\\textcolor{blue}{#1}}\n"
      "\\begin{document}\n\\section*{Problem 3}\n\\begin{enumerate}\n\\item[(b)] \\ans{3}\n"
      "\\item[(c)] $Su = \\ans{\\begin{bmatrix} 4 \\\\ 2\\end{bmatrix}}$\n\\end{enumerate}\n\\end{document}\n",
      {"3b": "correct", "3c": "incorrect"}, id="an-answer-macro-that-colours"),
    P("jacobians", "yhat.md", "| Part | Answer |\n|---|---|\n| 4a | $(\\hat y - t)\\,[\\tanh(w_1x),\\ \\tanh(w_2x)]$, "
      "$\\hat y = v_1\\tanh(w_1x)+v_2\\tanh(w_2x)$ |\n| 4b | $(\\hat y - t)\\,v_1\\,\\operatorname{sech}^2(w_1x)$ |\n",
      {"4a": "correct", "4b": "incorrect"}, id="y-hat-defined-beside-the-first-answer"),
    P("k2", "terse.txt", "Q5\na. ΣV^T = [[√2, √2], [-2√2, 2√2]]\nb-e.  x = e1/√2  -> (1,-2)\n      x = e2/√2  -> (1,2)\n"
      "      x = -e1/√2 -> (-1,2)\n      x = -e2/√2 -> (1,-2)\n", {"5b": "correct", "5c": "correct", "5d": "correct",
                                                                   "5e": "incorrect"}, id="a-run-label-with-a-full-stop"),
    P("k2", "comma.md", "**Exercise 4**\n\na\\) $Ve_{1} = \\begin{pmatrix}\n0,7071 \\\\\n0,7071\n\\end{pmatrix}$\n\n"
      "b\\) $Ve_{2} = \\begin{pmatrix}\n0,7071 \\\\\n0,7071\n\\end{pmatrix}$\n", {"4a": "correct", "4b": "incorrect"},
      id="decimal-commas-in-a-matrix"),
    P("k2", "simple.md", "**Exercise 5**\n\n  -------------------------------------------------------------------\n"
      "  **x**                       $$\\mathbf{\\Sigma}\\mathbf{V}^{\\mathbf{T}}\\mathbf{x}$$\n"
      "  --------------------------- ---------------------------------------\n"
      "  b\\) $e_{1}/\\sqrt{2}$        $(1;\\  - 2)$\n\n  c\\) $e_{2}/\\sqrt{2}$        $(1;\\ 2)$\n\n"
      "  d\\) $- e_{1}/\\sqrt{2}$      $( - 1;\\ 2)$\n\n  e\\) $- e_{2}/\\sqrt{2}$      $( 1;\\  - 2)$\n"
      "  -------------------------------------------------------------------\n\nf\\) The points form a rectangle.\n\n"
      "**Exercise 6**\n\nd\\) $U\\frac{- e_{2}}{\\sqrt{2}} = (-\\sqrt2/4, \\sqrt6/4)$\n",
      {"5b": "correct", "5c": "correct", "5d": "correct", "5e": "incorrect", "5f": "correct", "6d": "correct"},
      id="a-pandoc-multiline-table-with-escaped-labels"),
    P("linear-maps", "negtable.md", "| Exercise | Matrix | Type | Angle | Direction | Scaling |\n|---|---|---|---|---|---|\n"
      "| 2 a) | $F$ | reflection | – | – | – |\n| 3 a) | $S$ | projection | – | – | – |\n"
      "| 6 a) | $Q$ | rotation about the $z$-axis | $90^\\circ$ | mathematically positive | none |\n",
      {"2a": "correct", "3a": "incorrect", "6a": "correct"}, id="no-scaling-names-no-option"),
    P("k2", "problemref.md", "## Problem 3\n\n(f) $\\partial y_i/\\partial u = -\\sum_k y_i(\\delta_{ik} - y_k) = 0$, consistent with "
      "Problem 1.\n", {"3f": "correct"}, id="a-number-that-names-a-problem"),
    P("ml-calculus", "boldlabel.md", "**2 b)**\n$$\\mathrm{LSE}(z+c) = \\log\\sum_k e^{z_k+c} = \\log\\left(e^c\\sum_k e^{z_k}\\right) = "
      "c + \\log\\sum_k e^{z_k} = \\mathrm{LSE}(z) + c$$\n", {"2b": "correct"}, id="a-bold-number-space-letter-label"),
    P("linear-maps", "outputsabove.ipynb", _notebook(("markdown", "**5b** det = -1, so it's a reflection", ""),
                                                     ("code", "print(np.linalg.det(Q @ H))\nQ @ H", "-1.0\n"),
                                                     ("markdown", "**6a** Q rotates by 90° counterclockwise about the z-axis, "
                                                                  "no scaling  \n**6c** and **6d** are the outputs above", "")),
      {"5b": "correct", "6a": "correct", "6c": "correct", "6d": "missing"}, id="parts-pointing-at-the-outputs-above"),
    P("linear-maps", "boldafter.md", "**Reflections first.** F swaps the two coordinates, so F is a reflection (**2a**). "
      "Its mirror is the line y = x, i.e. direction (1, -1) (**2b**). In 3D, H = diag(1, 1, −1) reflects in the "
      "xy-plane, whose normal is (0, 0, 1) (**6b**).\n", {"2a": "correct", "2b": "incorrect", "6b": "correct"},
      id="bold-labels-after-their-answers"),
    P("eigen-svd", "physics.tex", "\\documentclass{article}\\usepackage{physics}\\begin{document}\n\\section*{Problem 1}\n"
      "\\begin{enumerate}\n\\item[(a)] $A^\\top A = \\mqty[25 & 20 \\\\ 20 & 25]$\n"
      "\\item[(d)] $\\Sigma = \\mqty[\\dmat{3\\sqrt5, \\sqrt5}]$\n\\item[(e)] $V = \\frac{1}{\\sqrt2}\\mqty(1 & 1 \\\\ 1 & 1)$\n"
      "\\end{enumerate}\n\\end{document}\n", {"1a": "correct", "1d": "correct", "1e": "incorrect"},
      id="the-physics-packages-matrices"),
    P("jacobians", "quantity.md", "Notation: θ in radians, e := v₁tanh(w₁x) + v₂tanh(w₂x) − t.\n\n"
      "| Part | Quantity | Answer |\n|------|----------|--------|\n| 1(a) | ∂(x,y)/∂(r,θ) | [[cos θ, −r sin θ], [sin θ, r cos θ]] |\n"
      "| 2(b) | det | r² sin φ |\n| 4(a) | (∂L/∂v₁, ∂L/∂v₂) | (e·tanh(w₁x), e·tanh(w₂x)) |\n",
      {"1a": "correct", "2b": "incorrect", "4a": "correct"}, id="a-quantity-column-and-a-colon-equals-definition"),
    P("k2", "pairs.tex", "\\documentclass{article}\\begin{document}\n\\section*{Problem 4}\n\\begin{align*}\n"
      "V e_1 &= \\begin{pmatrix}1/\\sqrt2\\\\ 1/\\sqrt2\\end{pmatrix} & V e_2 &= \\begin{pmatrix}1/\\sqrt2\\\\ 1/\\sqrt2\\end{pmatrix}\n"
      "\\end{align*}\n\\end{document}\n", {"4a": "correct", "4b": "incorrect"}, id="two-aligned-equations-in-one-row"),
    P("k2", "lone.ipynb", _notebook(("markdown", "## Problem 3\n3a) w  \n3b) x_i  \n3c) 1", "")),
      {"3a": "correct", "3b": "correct", "3c": "incorrect"}, id="a-lone-letter-after-a-label"),
    P("eigen-svd", "whatresult.md", "| part | what | result |\n|:---:|---|---|\n| b | eigenvalues | $\\lambda_1 = 45,\\ \\lambda_2 = 5$ |\n"
      "| c | singular values | $\\sigma_1 = 3\\sqrt5,\\ \\sigma_2 = 5$ |\n", {"1b": "correct", "1c": "incorrect"},
      id="a-what-column-beside-named-values"),
    P("k2", "plainindex.txt", "2a. yi(1-yi)\n2b. yi*yj\n3b. xi\n4a. (0,707 ; 0,707)\n4b. (0,707 ; 0,707)\n"
      "4d. V^-1 = V^T = [[0,707 0,707],[-0,707 0,707]]\n",
      {"2a": "correct", "2b": "incorrect", "3b": "correct", "4a": "correct", "4b": "incorrect", "4d": "correct"},
      id="typed-indices-and-decimal-commas-in-plain-text"),
    P("k2", "approx.md", "## Problem 6\n\n**a)** $U x = \\left(-\\frac{\\sqrt{6}}{4}, -\\frac{\\sqrt{2}}{4}\\right)$, also ungefähr "
      "(−0,612; −0,354)\n\n**b)** $U x = \\left(\\frac{\\sqrt{2}}{4}, \\frac{\\sqrt{6}}{4}\\right)$, approximately (0.354; 0.612)\n",
      {"6a": "correct", "6b": "incorrect"}, id="an-exact-result-then-its-illustration"),
    P("k2", "plaindelta.txt", "2c. y_i(d_ij - y_j)\n3d. yi(dij-yj) w\n3e. yi(xi - sum_k yk xk)\n"
      "3f. y_i(d_ij + y_j) x_j\n", {"2c": "correct", "3d": "correct", "3e": "correct", "3f": "incorrect"},
      id="typed-kronecker-deltas-and-indices-beside-a-sum"),
    P("k2", "plaindelta2.txt", "2c. y_i(d_ij - y_j)\n2b. -y_i y_j d\n", {"2c": "correct", "2b": "incorrect"},
      id="a-lone-d-is-not-a-delta"),
    P("jacobians", "notation.md", "4) $e=v_{1} \\tanh \\left(w_{1} x\\right)+v_{2} \\tanh \\left(w_{2} x\\right)-t$\n\n"
      "4a) $e\\left(\\tanh(w_1 x), \\tanh(w_2 x)\\right)$\n\n4b) $e \\cdot v_1 \\operatorname{sech}^2(w_1 x)$\n",
      {"4a": "correct", "4b": "incorrect"}, id="a-problems-notation-line-defines-its-letter"),
    P("eigen-svd", "prints.ipynb", _notebook(
        ("markdown", "### Q2", ""),
        ("code", "w, P = np.linalg.eig(B)\nprint(w)\nprint(P)\nprint(np.linalg.det(B), np.trace(B))",
         "[3. 1.]\n[[ 0.7071 -0.7071]\n [ 0.7071  0.7071]]\n3.0000000000000004 5\n"),
        ("markdown", "eigenvector for 3 is (0.7071, 0.7071)", "")),
      {"2a": "correct", "2b": "correct", "2c": "correct", "2d": "correct", "2e": "incorrect"},
      id="several-prints-one-line-of-two-numbers-and-a-named-value-after-them"),
    P("linear-maps", "francais.tex", "\\documentclass{article}\\begin{document}\n\\section*{Exercice 2}\n"
      "\\textbf{2.a} $F$ est une r\\'eflexion (sym\\'etrie orthogonale).\n\n"
      "\\textbf{2.b} axe : $\\operatorname{Vect}\\begin{pmatrix} 1 \\\\ 1 \\end{pmatrix}$\n\n"
      "\\section*{Exercice 3}\n\\textbf{3.a} $S$ est une transvection (cisaillement horizontal).\n\n"
      "\\textbf{3.b} facteur $3$\n\n\\textbf{3.c} $Su = (4 ; 1)$\n\\end{document}\n",
      {"2a": "correct", "2b": "correct", "3a": "correct", "3c": "correct"},
      id="french-words-accents-vect-and-semicolon-vectors"),
    P("linear-maps", "francais2.md", "**2a** $F$ est une projection orthogonale\n\n**2b** $\\operatorname{Vect}\\{(1 ; -1)\\}$\n\n"
      "**3c** $Su = (1 ; 4)$\n", {"2a": "incorrect", "2b": "incorrect", "3c": "incorrect"},
      id="french-near-misses-projection-wrong-line-swapped-vector"),
    P("jacobians", "avec.md", "| Ex | Q | Résultat |\n|---|---|---|\n| 4 | a | $\\left(\\tanh(w_1x)\\,e\\ ;\\ \\tanh(w_2x)\\,e\\right)$ "
      "avec $e = v_1\\tanh(w_1x)+v_2\\tanh(w_2x)-t$ |\n| 4 | b | $\\dfrac{v_1\\,e}{\\cosh^2(w_1x)}$ |\n",
      {"4a": "correct", "4b": "incorrect"}, id="a-result-then-avec-defining-its-name"),
    P("jacobians", "bracketed.txt", "Ex 4  (e = v1 tanh(w1 x) + v2 tanh(w2 x) - t)\na. e [tanh(w1 x) ; tanh(w2 x)]\n"
      "b. e v1 x (1 - tanh^2(w1 x))\n", {"4a": "correct", "4b": "correct"}, id="a-bracketed-definition-on-the-problem-line"),
    P("k2", "deutsch.md", "| Aufg. | Matrix | Winkel | Richtung | Skalierung |\n|---|---|---|---|---|\n"
      "| 4 c) | $V$ | 45° | gegen Uhrzeigersinn | keine |\n| 4 g) | $V^T$ | 45° | gegen Uhrzeigersinn | keine |\n\n"
      "5 f): Rechteck / rectangle\n\n### 6\n**e)** Drehung um 210° linksherum, Länge bleibt gleich\n",
      {"4c": "correct", "4g": "partial", "5f": "correct", "6e": "correct"}, id="german-table-words-and-a-spaced-label"),
    P("ml-calculus", "komma.md", "### 1 c)\n$\\sigma(0) = \\frac12$ ⇒ $\\sigma'(0) = \\frac12\\cdot\\frac12 = 0{,}25$\n\n"
      "### 3 c)\n$(0{,}1667 ; 0{,}3333 ; 0{,}5)$\n", {"1c": "correct"}, id="latex-decimal-commas"),
    P("jacobians", "residuals.md", "Abkürzung: $\\delta = v_{1}\\tanh(w_{1}x) + v_{2}\\tanh(w_{2}x) - t$\n\n"
      "4a) $(\\delta\\tanh(w_1x), \\delta\\tanh(w_2x))$\n\n4b) $\\delta v_1 \\operatorname{sech}^2(w_1x)$\n",
      {"4a": "correct", "4b": "incorrect"}, id="a-german-word-colon-definition"),
    P("jacobians", "residuals2.md", "Let the residual be $\\varepsilon = v_{1}\\tanh(w_{1}x) + v_{2}\\tanh(w_{2}x) - t$.\n\n"
      "a. $\\varepsilon\\, v_{1}\\, x\\,\\operatorname{sech}^{2}(w_{1}x)$\n", {"4a": "missing"},
      id="let-the-residual-be-and-a-part-letter-without-its-problem"),
    P("jacobians", "residuals3.txt", "4a  grad_v L = err * [tanh(w1*x), tanh(w2*x)]   where err = v1*tanh(w1*x) + v2*tanh(w2*x) - t\n"
      "4b  dL/dw1 = err * v1 * (1 - tanh(w1*x)**2)\n", {"4a": "correct", "4b": "incorrect"},
      id="a-plain-where-definition-after-the-result"),
    P("jacobians", "notes.md", "| # | answer | work |\n|---|---|---|\n| 4a | (e·tanh(w₁x), e·tanh(w₂x)) | e = v₁tanh(w₁x) + v₂tanh(w₂x) − t |\n"
      "| 4b | e · v₁ (1 − tanh²(w₁x)) | chain rule |\n",
      {"4a": "correct", "4b": "incorrect"}, id="a-work-column-that-defines-the-answers-name"),
    P("eigen-svd", "otherlambda.md", "**Problem 2.** The eigenvalues are λ = 1 and λ = 3 (2a).\n\nFor the eigenvector (2b) I "
      "solved (B − 3I)v = 0 and got v = (1, −1). For λ = 1 the eigenvector is (1, 1).\n",
      {"2a": "correct", "2b": "incorrect"}, id="a-value-for-another-eigenvalue-is-not-the-parts"),
    P("jacobians", "renamed.md", "Using `th` for θ, `ph` for φ.\n\n| Q | answer |\n|---|---|\n| 1a | [[cos(th), -r sin(th)], "
      "[sin(th), r cos(th)]] |\n| 2b | r^2 sin(th) |\n| 3b | 3 r^2 cos^2(th) sin(ph) |\n",
      {"1a": "correct", "2b": "correct", "3b": "incorrect"}, id="two-letter-names-for-greek-variables"),
    P("jacobians", "renamed2.txt", "(theta = t, phi = p pour aller plus vite)\n\nEx 1\na. J = [cos t , -r sin t ; sin t , r cos t]\n"
      "b. det J = r\n\nEx 3\nb. 3 r^2 cos^2 t sin t\n", {"1a": "correct", "1b": "correct", "3b": "correct"},
      id="the-problems-variable-set-to-the-letter-typed"),
    P("ml-calculus", "highlight.md", "**1c** $\\sigma(0) = \\tfrac12$ so $\\sigma'(0) = \\tfrac12\\cdot\\tfrac12 =$ ==1/4==\n\n"
      "#1 part d: d/dx log(1+e^x) = e^x/(1+e^x)  (not sure, but it matches sigma(x)=1/(1+e^-x) after dividing)\n",
      {"1c": "correct", "1d": "correct"}, id="an-obsidian-highlight-and-a-worded-remark-with-its-own-equation"),
    P("k2", "plainfactor.txt", "For i ≠ j: ∂y_i/∂z_j = −e^{z_i} e^{z_j}/S² = −y_i y_j   (2b)\n"
      "For i = j: ∂y_i/∂z_i = y_i y_i   (2a)\n", {"2b": "correct", "2a": "incorrect"}, id="a-typed-subscripted-factor-after-a-space"),
    P("k2", "cyrillic.md", "## 3.\n\n3. а) $w$ б) $x_{i}$ в) $-1$\n\nг) $\\frac{\\partial y_{i}}{\\partial x_{j}}=y_{i}"
      "\\left(\\delta_{i j}-y_{j}\\right) w$\n\n## 5.\n\nе) Прямоугольник.\n\n## 4.\n\nв) поворот на $45^{\\circ}$ проти год. "
      "стрілки, довжина не змінюється\n\nж) поворот на $45^{\\circ}$ против часовой стрелки, без растяжения\n",
      {"3a": "correct", "3b": "correct", "3c": "correct", "3d": "correct", "5f": "correct", "4c": "correct",
       "4g": "partial"}, id="cyrillic-part-letters-and-words"),
    P("k2", "macros.tex", "\\documentclass{article}\n\\newcommand{\\vc}[2]{\\begin{pmatrix}#1\\\\#2\\end{pmatrix}}\n"
      "\\newcommand{\\sm}{\\mathop{\\mathrm{softmax}}}\n\\begin{document}\n\\section*{4}\n"
      "а) $Ve_1=\\frac1{\\sqrt2}\\vc11$\n\nд) $V^Te_1=\\frac1{\\sqrt2}\\vc1{-1}$\n\n"
      "\\section*{7}\nа) $A=\\begin{pmatrix}-\\frac{\\sqrt6}2-\\sqrt2 & \\sqrt2-\\frac{\\sqrt6}2\\\\ \\sqrt6-\\frac{\\sqrt2}2 & "
      "-\\sqrt6-\\frac{\\sqrt2}2\\end{pmatrix}$\n\\end{document}\n",
      {"4a": "correct", "4e": "correct", "7a": "correct"}, id="one-character-macro-and-fraction-arguments"),
    P("jacobians", "russian.md", "Позначимо $e = v_{1}\\text{th}\\left( w_{1}x \\right) + v_{2}\\text{th}\\left( w_{2}x \\right) - t$.\n\n"
      "4. а) $\\left( e\\,\\text{th}\\left( w_{1}x \\right),\\ e\\,\\text{th}\\left( w_{2}x \\right) \\right)$\n\n"
      "б) $e\\, x\\left( 1 - \\text{th}^{2}\\left( w_{1}x \\right) \\right)$\n",
      {"4a": "correct", "4b": "incorrect"}, id="russian-notation-th-and-a-ukrainian-definition"),
    P("k2", "fullwidth.md", "第4题\n\n（a）$Ve_1 = (1/\\sqrt2, 1/\\sqrt2)$ （b）$Ve_2 = (1/\\sqrt2, 1/\\sqrt2)$\n\n"
      "（c）逆时针旋转45°， （d）\n", {"4a": "correct", "4b": "incorrect", "4c": "partial", "4g": "missing"},
      id="full-width-labels-and-a-leading-chinese-direction"),
    P("k2", "hashes.md", "#3 part b: $x_i$\n\n**#4c:** it rotates vectors 45 degrees counterclockwise **#4d:**\n\n"
      "TODO finish 4d–7 tmrw!!!\n", {"3b": "correct", "4c": "partial", "4g": "missing", "6e": "missing"},
      id="number-signs-before-labels"),
    P("linear-maps", "workfor.md", "| part | answer |\n|---|---|\n| 5a | $\\begin{bmatrix} -1 & 0 \\\\ 0 & 1 \\end{bmatrix}$ |\n"
      "| 5b | reflection |\n\nwork for 5a: $F\\,\\mathrm{Rot}$ = $\\begin{bmatrix} 0 & 1 \\\\ 1 & 0 \\end{bmatrix}"
      "\\begin{bmatrix} 0 & -1 \\\\ 1 & 0 \\end{bmatrix}$\n", {"5a": "incorrect", "5b": "correct"},
      id="the-working-for-a-part-is-not-its-answer"),
    P("jacobians", "celldef.md", "| Ej. | Cálculo | R= |\n| :-: | --- | --- |\n"
      "| 4a | $e=v_1\\tanh(w_1x)+v_2\\tanh(w_2x)-t$ | $e\\,(\\tanh(w_1x),\\ \\tanh(w_2x))$ |\n"
      "| 4b | $e=v_1\\tanh(w_1x)+v_2\\tanh(w_2x)-t$ | $e\\,v_1(1-\\tanh^2(w_1x))$ |\n",
      {"4a": "correct", "4b": "incorrect"}, id="a-definition-cell-before-the-answer-cell"),
    P("ml-calculus", "answercell.md", "| part | answer | notes |\n|---|---|---|\n| 3a | $p = e^{z_1} - 1$ | from the softmax |\n",
      {"3a": "incorrect"}, id="an-answer-cells-own-equation-is-no-definition"),
    P("jacobians", "chinese.md", "设 $h_k=\\tanh(w_kx)$，$\\hat y=v_1h_1+v_2h_2$，误差 $e=\\hat y-t$\n\n"
      "4a) $(e\\tanh(w_1x),\\ e\\tanh(w_2x))$\n\n4b) $e\\cdot v_1\\cdot(1-h_1^2)\\cdot x$\n\n"
      "5a) 记 $r = VWu - c$，则 $\\nabla_u E = W^T V^T r$\n",
      {"4a": "correct", "4b": "correct"}, id="chinese-definitions-nested-and-indexed"),
    P("jacobians", "typedgreek.txt", "1a. [[cos th, -r sin th], [sin th, r cos th]]\n1b. r\n"
      "3b. 3 r^2 cos^2 th sin ph\n", {"1a": "correct", "1b": "correct", "3b": "incorrect"},
      id="theta-and-phi-typed-as-th-and-ph"),
    P("linear-maps", "spanish.md", "**1a** Rota $90^{\\circ}$ antihorario y escala por 2\n\n"
      "**6a** Rotación de $90^{\\circ}$ sentido antihorario en el eje $z$, no escala\n",
      {"1a": "correct", "6a": "correct"}, id="spanish-rotation-words"),
    P("linear-maps", "chineseproblems.md", "## 第6题（三维）\n\n答：6(a) $Q$ 绕 $z$ 轴逆时针旋转 $90^\\circ$，长度不变。\n\n"
      "## 第1题\n\n1(a) 答：逆时针旋转 $90^\\circ$，放大 2 倍。\n\n1(b) $Ru=(-2,2)$。\n",
      {"6a": "correct", "1a": "correct", "1b": "correct"}, id="chinese-problem-numbers-out-of-order"),
    P("k2", "oppgave.md", "## Oppgave 5\n\n$\\Sigma V^T = \\begin{bmatrix}\\sqrt2 & \\sqrt2\\\\ -2\\sqrt2 & 2\\sqrt2\\end{bmatrix}$\n\n"
      "| $x$ | $\\Sigma V^T x$ |\n|-----|----------------|\n| $e_1/\\sqrt2$ | $(1,-2)$ |\n| $e_2/\\sqrt2$ | $(1,-2)$ |\n",
      {"5a": "correct", "5b": "correct", "5c": "incorrect"}, id="a-norwegian-problem-heading-over-a-table"),
    P("linear-maps", "detprint.ipynb", _notebook(("markdown", "## Problem 6", ""),
        ("code", "print(np.linalg.det(Q @ H))  # 6c\nprint(Q @ H)  # 6d", "-1.0\n[[ 0 -1  0]\n [ 1  0  0]\n [ 0  0  1]]\n")),
      {"6c": "correct", "6d": "incorrect"}, id="a-number-printed-above-a-matrix-is-its-own-value"),
    P("jacobians", "shorthand.md", "Notation: $c_\\theta=\\cos\\theta$, $s_\\theta=\\sin\\theta$. Error term $e = v_1\\tanh(w_1x)"
      "+v_2\\tanh(w_2x)-t$.\n\n| Part | Answer |\n|---|---|\n| 1a | $\\begin{bmatrix} c_\\theta & -r s_\\theta \\\\ "
      "s_\\theta & r c_\\theta \\end{bmatrix}$ |\n| 3b | $3r^2 c_\\theta^2 s_\\theta$ |\n| 4b | $e\\,v_1\\,(1-\\tanh^2(w_1x))$ |\n",
      {"1a": "correct", "3b": "correct", "4b": "incorrect"}, id="shorthands-for-cos-theta-and-an-error-term"),
    P("k2", "nextlist.md", "## 2.\n\nа) $\\frac{\\partial y_{i}}{\\partial z_{i}}=y_{i}-y_{i}^{2}$\n\n"
      "3. a) $w$ б) $x_{i}$ в) $-1$\n", {"2a": "correct", "3a": "correct", "3b": "correct", "3c": "correct"},
      id="a-list-starting-at-the-next-problem-keeps-its-number"),
    P("eigen-svd", "numbered.md", "## 1 — SVD\n\n1. (a) $A^\\top A$ = $\\begin{pmatrix}25 & 20\\\\ 20 & 25\\end{pmatrix}$\n"
      "2. (b) eigenvalues: $45$ and $5$\n\n## 2 — B\n\n1. (a) eigenvalues $1, 3$\n",
      {"1a": "correct", "1b": "correct", "2a": "correct"}, id="a-list-numbered-through-its-parts-keeps-the-headings-problem"),
    P("linear-maps", "dashes.txt", "3a - shear\n3b - 3\n4c – 1\n6c: -1\n", {"3a": "correct", "3b": "correct",
      "4c": "correct", "6c": "correct"}, id="a-dash-between-spaces-after-a-label-is-no-minus"),
    P("ml-calculus", "reason.md", "(a) $\\sigma'(x) = \\dfrac{e^{-x}}{(1+e^{-x})^2}$, by the chain rule on $(1+e^{-x})^{-1}$.\n\n"
      "(c) so $\\sigma'(0) = 1/2$, using $\\sigma(0) = 1/2$.\n", {"1a": "correct", "1c": "incorrect"},
      id="what-a-result-was-found-from-is-not-the-result"),
    P("linear-maps", "qno.md", "Q.No. 1\nQ: Describe what R does.\nAns: it rotates by 90° counterclockwise and doubles lengths.\n\n"
      "Q.No. 2\n(a) Ans: Reflection\n(b) Ans: mirror line is y = x, direction (1, 1)\n\nQ.No. 3\n(a) Ans: Shear\n(b)\n"
      "(c) Su = (4, 1)\n", {"1a": "correct", "2a": "correct", "2b": "correct", "3a": "correct", "3b": "missing",
                           "3c": "correct"}, id="q-no-headings-and-a-description-before-the-computation"),
    P("jacobians", "plaintail.txt", "4a  (e tanh(w1 x), e tanh(w2 x)),  e = v1 tanh(w1 x) + v2 tanh(w2 x) - t\n"
      "4b  e v1 (1 - tanh^2(w1 x))\n5a  x = 2,  W^T V^T (V W u - c)\n", {"4a": "correct", "4b": "incorrect"},
      id="a-one-letter-definition-at-the-end-of-the-answers-line"),
    P("eigen-svd", "ej.md", "### Ej. 1\n\nb) eigenvalues $45$ and $5$\n\n### Ej. 2\n\na) $(2-\\lambda)^2=1 \\Rightarrow \\lambda = 1, 3$\n\n"
      "*Lo demás no me dio tiempo.*\n", {"1b": "correct", "2a": "correct", "3a": "missing"},
      id="an-abbreviated-problem-word-in-a-heading-and-no-rank-from-another-problem"),
    P("linear-maps", "angles.md", "## Problem 1\n\n(b) $Ru = \\left\\langle -2, 2\\right\\rangle$\n\n## Problem 3\n\n"
      "(c) $Su = \\langle 4, 1 \\rangle$\n\n## Problem 4\n\n(b) $\\langle 1, -1\\rangle$\n",
      {"1b": "correct", "3c": "correct", "4b": "incorrect"}, id="angle-bracket-vectors"),
    P("linear-maps", "ti84.txt", "1b  [[-2][2]]\n3c  [[4][1]]\n5a  [[1,0][0,-1]]\n6d  [[0,-1,0][1,0,0][0,0,-1]]   (TI-84)\n"
      "4b  [[0][0][-1]]\n", {"1b": "correct", "3c": "correct", "5a": "correct", "6d": "correct", "4b": "incorrect"},
      id="a-calculators-rows-of-brackets-and-an-aside-after-them"),
    P("jacobians", "aligned.txt", "1a  J = [cos(theta)  -r sin(theta) ; sin(theta)  r cos(theta)]\n"
      "2b  det = r^2 sin(theta)\n", {"1a": "correct", "2b": "correct"}, id="entries-set-apart-by-wide-gaps"),
    P("jacobians", "aligned-wrong.txt", "1a  J = [cos(theta)  r sin(theta) ; sin(theta)  r cos(theta)]\n",
      {"1a": "partial"}, id="entries-set-apart-by-wide-gaps-one-sign-wrong"),
    P("jacobians", "typed-t.txt", "1a  J = [cos t  -r sin t ; sin t  r cos t]\n3b  df/dr = 3r^2 cos^2 t sin t\n"
      "2b  det = r^2 sin p\n", {"1a": "correct", "3b": "correct", "2b": "incorrect"},
      id="t-typed-for-theta-but-p-is-not-theta"),
    P("ml-calculus", "restated.txt", "1d  1/(1+exp(-x))   (= sigma(x))\n1e  e^x/(1+e^x)   (= sigma(x))\n",
      {"1d": "correct", "1e": "incorrect"}, id="a-result-restated-in-brackets-after-it"),
    P("eigen-svd", "plusminus.md", "**(b)** $(25-\\lambda)^2 - 400 = 0 \\Rightarrow \\lambda = 25\\pm20$, so $\\lambda_1 = 45,\\ "
      "\\lambda_2 = 5$\n\n**(c)** $\\sigma_1 = 3\\sqrt5$, $\\sigma_2 = \\sqrt5$\n", {"1b": "correct", "1c": "correct"},
      id="the-plus-minus-before-the-values-is-working"),
    P("eigen-svd", "plusminus-wrong.md", "**(b)** $\\lambda = 25\\pm20$, so $\\lambda_1 = 45,\\ \\lambda_2 = 15$\n",
      {"1b": "incorrect"}, id="the-plus-minus-before-wrong-values"),
    P("eigen-svd", "set.md", "## Problem 2\n\n**(a)** $\\lambda \\in \\{1,\\ 3\\}$\n", {"2a": "correct"},
      id="a-set-with-latex-spacing"),
    P("eigen-svd", "set-wrong.md", "## Problem 2\n\n**(a)** $\\lambda \\in \\{1,\\ 4\\}$\n", {"2a": "incorrect"},
      id="a-set-with-latex-spacing-one-value-wrong"),
    P("linear-maps", "zad.tex", "\\documentclass{article}\\begin{document}\n\\subsection*{Zad. 1}\n(a) obrót o $90^\\circ$ przeciwnie do "
      "ruchu wskazówek zegara i jednokładność o skali $2$.\n\n\\subsection*{Zad. 2}\n(a) symetria osiowa względem prostej $y=x$.\n\n"
      "\\subsection*{Zad. 3}\n(a) ścinanie. \\quad (b) $3$.\n\\end{document}\n",
      {"1a": "correct", "2a": "correct", "3a": "correct", "3b": "correct"}, id="abbreviated-problem-word-in-a-subsection"),
    P("ml-calculus", "bang.md", "| Câu | Đáp án | Ghi chú |\n|---|---|---|\n| 1a | $\\dfrac{e^{-x}}{(1+e^{-x})^2}$ | đạo hàm của "
      "$(1+e^{-x})^{-1}$ |\n| 1c | $1/4$ | $\\sigma(0)=1/2$ |\n| 1d | $\\dfrac{1}{1+e^{x}}$ | $=\\sigma(x)$ |\n",
      {"1a": "correct", "1c": "correct", "1d": "incorrect"}, id="vietnamese-answer-and-notes-columns"),
    P("eigen-svd", "greek.md", "## Άσκηση 2\n\nα) $\\lambda = 1, 3$\n\nβ) $(1, 1)$\n\nγ) $\\begin{pmatrix}1 & 1\\\\ 1 & -1\\end{pmatrix}$\n\n"
      "δ) $\\det B = 4$\n", {"2a": "correct", "2b": "correct", "2c": "correct", "2d": "incorrect"},
      id="greek-part-letters-under-a-greek-problem-word"),
    P("eigen-svd", "persian.md", "## تمرین ۲\n\nالف) $\\lambda = 1, 3$\n\nب) $(1, -1)$\n\nد) $\\det B = 3$\n",
      {"2a": "correct", "2b": "incorrect", "2d": "correct"}, id="persian-part-letters-and-digits"),
    P("linear-maps", "declined.txt", "1a  ruota di 90° in senso antiorario, dilatazione di fattore 2\n1b  (-2, 2)\n"
      "2a  (non l'ho fatto)\n3a  (δεν τα έκανα)\n4a  (bỏ qua)\n", {"1a": "correct", "1b": "correct", "2a": "missing",
      "3a": "missing", "4a": "missing"}, id="a-part-declined-in-other-languages"),
    P("k2", "apdo.txt", "Ejercicio 2\nApdo. a) (i = j):   ∂y_i/∂z_i = y_i (1 − y_i)\nApdo. b) (i ≠ j):   ∂y_i/∂z_j = y_i y_j\n",
      {"2a": "correct", "2b": "incorrect"}, id="an-abbreviated-part-word"),
    P("eigen-svd", "listed.ipynb", _notebook(("markdown", "### 1\n1c) singular values, 1d) Σ, 1e) V, 1f) U", ""),
      ("code", "print('s =', s)\nprint('Sigma =\\n', Sigma)\nprint('V =\\n', V)\nprint('U =\\n', U)",
       "s = [6.70820393 2.23606798]\nSigma =\n [[6.70820393 0.        ]\n [0.         2.23606798]]\nV =\n "
       "[[-0.70710678 -0.70710678]\n [-0.70710678  0.70710678]]\nU =\n [[-0.31622777 -0.9486833 ]\n [-0.9486833   0.31622777]]\n"),
      ("markdown", "=> $\\sigma_1 = 3\\sqrt5 \\approx 6.708$, $\\sigma_2 = \\sqrt5 \\approx 2.236$", "")),
      {"1c": "correct", "1d": "correct", "1e": "correct", "1f": "correct"},
      id="listed-labels-answered-in-order-then-a-remark-with-two-formulas"),
    P("jacobians", "estw.md", "## Άσκηση 4\n\nΈστω $\\delta = v_1\\tanh(w_1x)+v_2\\tanh(w_2x)-t$ (το σφάλμα).\n\n"
      "**α)** $\\nabla_v L = \\delta\\,\\big(\\tanh(w_1x),\\ \\tanh(w_2x)\\big)$\n\n"
      "**β)** $\\dfrac{\\partial L}{\\partial w_1} = \\delta\\, v_1\\,(1-\\tanh^2(w_1x))$\n",
      {"4a": "correct", "4b": "incorrect"}, id="a-greek-let-defines-the-residual"),
    P("jacobians", "cell.md", "| Bài | Câu | Đáp án |\n|---|---|---|\n| 4 | a | $\\big(e\\tanh(w_1x),\\; e\\tanh(w_2x)\\big)$, "
      "$e = v_1\\tanh(w_1x)+v_2\\tanh(w_2x)-t$ |\n| 4 | b | $e\\,v_1\\,\\big(1-\\tanh^2(w_1x)\\big)$ |\n",
      {"4a": "correct", "4b": "incorrect"}, id="a-lowercase-name-defined-beside-the-answer-in-its-cell"),
    P("k2", "vi.md", "## Bài 2\n\na) Với $i = j$: $\\frac{\\partial y_i}{\\partial z_i} = y_i(1-y_i)$\n\n## Bài 4\n\n"
      "c) V là phép quay một góc $45^{\\circ}$ ngược chiều kim đồng hồ, không làm thay đổi độ dài vector.\n",
      {"2a": "correct", "4c": "correct"}, id="a-condition-is-no-definition-and-no-letter-inside-a-word"),
    P("k2", "after-description.ipynb", _notebook(("markdown", "## Problem 4", ""),
      ("code", "print('Ve1 =', V @ e1)\nprint('Ve2 =', V @ e2)", "Ve1 = [0.7071 0.7071]\nVe2 = [-0.7071  0.7071]\n"),
      ("markdown", "c) so V rotates by 45° counterclockwise, lengths do not change.", ""),
      ("code", "print(np.linalg.inv(V))\nprint(Vinv @ e1)\nprint(Vinv @ e2)",
       "[[ 0.7071  0.7071]\n [-0.7071  0.7071]]\n[ 0.7071 -0.7071]\n[0.7071 0.7071]\n"),
      ("markdown", "g) V^T = V^{-1}: rotation by 45° clockwise, no scaling.", "")),
      {"4a": "correct", "4b": "correct", "4c": "correct", "4d": "correct", "4e": "correct", "4f": "correct", "4g": "correct"},
      id="outputs-printed-below-a-descriptions-label-answer-the-next-parts"),
    P("jacobians", "lone-def.md", "## 4\n\noznačím $e = v_1\\tanh(w_1x) + v_2\\tanh(w_2x) - t$\n\na) $e\\cdot(\\tanh(w_1x),\\ \\tanh(w_2x))$\n\n"
      "b) $e\\, v_1 (1-\\tanh^2(w_1x))$\n", {"4a": "correct", "4b": "incorrect"}, id="one-word-of-any-language-then-a-definition"),
    P("jacobians", "mathpix-def.md", "\\section*{4} \\(e=v_{1} \\tanh \\left(w_{1} x\\right)+v_{2} \\tanh \\left(w_{2} x\\right)-t\\)\n\n"
      "a. \\(\\left(e \\tanh \\left(w_{1} x\\right), e \\tanh \\left(w_{2} x\\right)\\right)\\)\n",
      {"4a": "correct"}, id="a-definition-alone-on-a-mathpix-line-after-its-heading"),
    P("jacobians", "not-def.md", "## 1\n\nc) $y = r\\sin\\theta + 0 - 0$\n\n## 4\n\na) $(e\\tanh(w_1x), e\\tanh(w_2x))$\n",
      {"4a": "incorrect"}, id="a-definition-of-another-letter-defines-no-e"),
    P("linear-maps", "jp.md", "## 問1\n\n(1) 反時計回りに90°回転して2倍に拡大\n\n(2) $(-2, 2)$\n\n## 問3\n\n(1) せん断\n\n(2) $3$\n",
      {"1a": "correct", "1b": "correct", "3a": "correct", "3b": "correct"}, id="japanese-parts-numbered-under-a-problem"),
    P("linear-maps", "cz.md", "## Příklad 1\n\na) rotace o 90° proti směru hod. ručiček a natažení faktorem 2\n\n## Příklad 2\n\n"
      "a) zrcadlení podle přímky $y = x$\n\n## Příklad 3\n\na) zkosení\n", {"1a": "correct", "2a": "correct", "3a": "correct"},
      id="czech-problem-words-directions-and-kinds"),
    P("linear-maps", "he.md", "## שאלה 1\n\n(א) סיבוב ב-90° נגד כיוון השעון, מתיחה פי 2\n\n(ב) $(-2, 2)$\n\n## שאלה 3\n\n(א) גזירה (shear)\n",
      {"1b": "correct", "3a": "correct"}, id="hebrew-problem-word-and-part-letters"),
    P("jacobians", "sympy-column.ipynb", _notebook(("markdown", "**Q4** (a) and (b)", ""),
      ("code", "Matrix([diff(L, v1), diff(L, v2)])", "Matrix([\n[(v1*tanh(w1*x) + v2*tanh(w2*x) - t)*tanh(w1*x)],\n"
       "[(v1*tanh(w1*x) + v2*tanh(w2*x) - t)*tanh(w2*x)]])\n"),
      ("code", "diff(L, w1)", "v1*(1 - tanh(w1*x)**2)*(v1*tanh(w1*x) + v2*tanh(w2*x) - t)\n")),
      {"4a": "correct", "4b": "incorrect"}, id="a-sympy-column-under-two-labels-is-one-answer"),
    P("ml-calculus", "pandoc-italics.md", "**Problem 1**\n\na\\) *σ*′(*x*) = *e*^−*x*^/(1 + *e*^−*x*^)^2^\n\n"
      "d\\) *d*/*dx* log(1 + *e*^*x*^) = *e*^*x*^/(1 + *e*^*x*^)\n\n**Problem 2**\n\n"
      "a\\) ∇LSE(*x*) = (*e*^*x*~1~^, *e*^*x*~2~^, *e*^*x*~3~^)/(*e*^*x*~1~^ + *e*^*x*~2~^)\n",
      {"1a": "correct", "1d": "correct", "2a": "incorrect"}, id="pandoc-italic-variables-and-nested-scripts"),
    P("linear-maps", "p-labels.tex", "\\documentclass{article}\\begin{document}\n\\textbf{P1.} $R$ is a rotation by \\ang{90} "
      "anticlockwise combined with a scaling by a factor of 2.\n\n\\textbf{P3.} $S$ is a (horizontal) shear with factor $k=3$; "
      "$S u = (4, 1)$.\n\\end{document}\n", {"1a": "correct", "3a": "correct", "3c": "correct"},
      id="p-numbered-problems-and-a-siunitx-angle"),
    P("linear-maps", "hash-bold.md", "**#1**\n(a) rotation by 90° ccw + scale by factor 2\n(b) R(1,1) = (-2, 2)\n\n"
      "**#3** (a) shear (b) 3 (c) (4, 1)\n\n**#4** (a) orthogonal projection (b) onto y = x, so (2, 2) (c) rank = 2\n",
      {"1a": "correct", "1b": "correct", "3a": "correct", "3b": "correct", "3c": "correct", "4a": "correct",
       "4c": "incorrect"}, id="a-number-sign-before-a-bold-problem-number"),
    P("ml-calculus", "working-notes.md", "| Q | Answer | Working / notes |\n|---|--------|-----------------|\n"
      "| 1(c) | 1/4 | σ(0) = 1/2 |\n| 1(d) | 1/(1+e^{x}) | = σ(x) |\n",
      {"1c": "correct", "1d": "incorrect"}, id="a-notes-column-headed-with-two-words-is-no-answer"),
    P("k2", "handed-in.txt", "K2 - Hemi W.\nQ4-7 only, Q1-3 handed in on paper\n\n4a) (1/sqrt2, 1/sqrt2)\n"
      "4b) (-1/sqrt2, 1/sqrt2)\n", {"1": "missing", "4a": "correct", "4b": "correct"},
      id="a-note-declining-some-problems-declines-no-part-it-does-not-name-alone"),
    P("jacobians", "given-to-find.md", "| Part | Given / To find | Final answer |\n|:---:|---|---|\n| 1b | det J | r(cos²θ + sin²θ) = **r** |\n"
      "| 3b | ∂f/∂r | 2xy·cosθ + x²·sinθ = **3r²cos²θ sinθ** |\n| 5b | ∇²ᵤE | **WᵀVᵀVW** |\n| 5a | ∇ᵤE | **VᵀWᵀ(VWu − c)** |\n",
      {"1b": "correct", "3b": "correct", "5b": "correct", "5a": "incorrect"}, id="a-given-to-find-column-and-bold-cells"),
    P("eigen-svd", "rounded-sigma.md", "| Q.No. | Question | Answer |\n|---|---|---|\n| 1(d) | Write Σ | diag(6.71, 2.24) |\n"
      "| 1(e) | Find V | $\\frac{1}{\\sqrt2}\\begin{bmatrix}1&1\\\\1&-1\\end{bmatrix}$ |\n"
      "| 1(f) | Find U | $\\frac{1}{\\sqrt{10}}\\begin{bmatrix}1&3\\\\3&-1\\end{bmatrix}$ |\n",
      {"1e": "correct", "1f": "correct"}, id="a-rounded-sigma-carries-no-rounding-into-u"),
    P("k2", "qed.txt", "1) e^(z_i-c)/Σe^(z_j-c) = e^(z_i)e^(-c)/(e^(-c)Σe^(z_j)) = e^(z_i)/Σe^(z_j)   QED\n",
      {"1": "correct"}, id="qed-after-a-derivation-and-sums-without-their-index"),
    P("k2", "qed-wrong.txt", "1) e^(z_i-c)/Σe^(z_j-c) = e^(z_i)e^(-c)/Σe^(z_j) = e^(z_i)/Σe^(z_j)   QED\n",
      {"1": "incorrect"}, id="qed-after-a-derivation-with-a-false-step"),
    # a student's own name for the residual, defined in the ways other classes write it
    P("jacobians", "as.txt", "Question 4. Write the residual as ε = v₁tanh(w₁x) + v₂tanh(w₂x) − t so that L = ½ε².\n\n"
      "(a) (∂L/∂v₁, ∂L/∂v₂) = (ε tanh(w₁x), ε tanh(w₂x))\n(b) ∂L/∂w₁ = ε · v₁ · (1 − tanh²(w₁x))\n",
      {"4a": "correct", "4b": "incorrect"}, id="a-residual-written-as-a-greek-letter-in-a-sentence"),
    P("jacobians", "notation.md", "## 4\n\n$h_k = \\tanh(w_k x)$, $\\hat y = v_1h_1+v_2h_2$, $e = \\hat y - t$\n\n"
      "**(a)** $(e h_1,\\ e h_2)$\n\n**(b)** $e v_1 (1-h_1^2)\\, x$\n",
      {"4a": "correct", "4b": "correct"}, id="a-line-of-notation-with-indexed-and-hatted-names"),
    P("jacobians", "notation-wrong.md", "## 4\n\n$h_k = \\tanh(w_k x)$, $\\hat y = v_1h_1+v_2h_2$, $e = \\hat y + t$\n\n"
      "**(a)** $(e h_1,\\ e h_2)$\n",
      {"4a": "incorrect"}, id="a-line-of-notation-with-a-wrong-residual"),
    P("jacobians", "seja.md", "## Questão 4\n\na)  Seja $\\delta = v_{1}\\tanh(w_{1}x) + v_{2}\\tanh(w_{2}x) - t$. Então\n\n"
      "$$\\left( \\frac{\\partial L}{\\partial v_{1}},\\frac{\\partial L}{\\partial v_{2}} \\right) = "
      "\\left( \\delta\\tanh(w_{1}x),\\delta\\tanh(w_{2}x) \\right)$$\n\n"
      "b)  $\\frac{\\partial L}{\\partial w_{1}} = ev_{1}\\left( 1 - \\tanh^{2}( w_{1}x) \\right)x$\n",
      {"4a": "correct", "4b": "incorrect"}, id="a-definition-after-a-part-label-and-euler-e-not-renamed"),
    P("jacobians", "glued.md", "## 4\n\n$e = v_1\\tanh(w_1x) + v_2\\tanh(w_2x) - t$\n\n"
      "**(b)** $\\frac{\\partial L}{\\partial w_1} = ev_{1}\\left(1 - \\tanh^{2} w_1x\\right)x$\n",
      {"4b": "correct"}, id="a-defined-name-glued-to-the-next-factor-and-a-squared-tanh-without-brackets"),
    P("jacobians", "footnote.md", "| Part | Answer |\n|---|---|\n| 4(a) | $(\\hat y - t)\\,(\\tanh w_1x,\\ \\tanh w_2x)$ |\n"
      "| 4(b) | $(\\hat y - t)\\,v_1\\,(1-\\tanh^2 w_1x)$ |\n\n"
      "where $\\hat y = v_1\\tanh(w_1x) + v_2\\tanh(w_2x)$ is the network output.\n",
      {"4a": "correct", "4b": "incorrect"}, id="a-definition-under-the-table-it-explains"),
    P("jacobians", "arrow.txt", "4a  e = v1 tanh(w1 x) + v2 tanh(w2 x) - t   ->   dL/dv = (e tanh(w1 x), e tanh(w2 x))\n"
      "4b  dL/dw1 = e v1 (1 - tanh(w1 x)^2)\n", {"4a": "correct", "4b": "incorrect"},
      id="a-plain-definition-before-an-arrow"),
    P("jacobians", "assign-cell.md", "| Item | Work | Answer |\n|---|---|---|\n"
      "| 4.a | e := v₁tanh(w₁x) + v₂tanh(w₂x) − t | **(e·tanh(w₁x), e·tanh(w₂x))** |\n"
      "| 4.b | chain rule thru tanh | **e·v₁·(1 − tanh²(w₁x))·x** |\n",
      {"4a": "correct", "4b": "correct"}, id="a-work-cell-that-assigns-the-name"),
    P("jacobians", "chain-ends-in-r.md", "## 1\n\n(b) $\\det = r\\cos^2\\theta + r\\sin^2\\theta = r$\n\n"
      "## 3\n\n(a) $\\partial f/\\partial\\theta = r^3\\cos^3\\theta - 2r^3\\cos\\theta\\sin^2\\theta$\n",
      {"1b": "correct", "3a": "correct"}, id="a-chain-ending-in-r-renames-nothing"),
    P("linear-maps", "dotted.md", "1.) $R=\\left[\\begin{array}{cc}0 & -2 \\\\ 2 & 0\\end{array}\\right]$\n"
      "a.) rotates $90^{\\circ}$ counterclockwise, scaled $\\times 2$\nb.) $R u=(-2, 2)$\n2.) a.) reflection about $y=x$\n"
      "b.) $(1, -1)$\n", {"1a": "correct", "1b": "correct", "2a": "correct", "2b": "incorrect"},
      id="labels-closed-with-a-full-stop-and-a-bracket"),
    P("linear-maps", "dotted-math.md", "## 1\n\n(b) $R u = (-2, 2)$ since $f(x.) $ is not a label\n",
      {"1b": "correct"}, id="a-full-stop-and-bracket-inside-math-is-no-label"),
    P("jacobians", "callout.md", "## Zadanie 4\n\n> [!note] Oznaczenie\n> $\\delta := v_1\\tanh(w_1x) + v_2\\tanh(w_2x) - t$\n\n"
      "- **a)** $\\nabla_v L = \\delta\\cdot\\begin{bmatrix}\\tanh(w_1x)\\\\ \\tanh(w_2x)\\end{bmatrix}$\n"
      "- **b)** $\\dfrac{\\partial L}{\\partial w_1} = \\delta\\, v_1\\,\\bigl(1-\\tanh^2(w_1x)\\bigr)$\n",
      {"4a": "correct", "4b": "incorrect"}, id="a-callout-that-assigns-a-latex-greek-name"),
    P("jacobians", "mid-sentence.md", "## 4\n\nTo jest jak backprop. Błąd wyjścia $e = v_1\\tanh(w_1x)+v_2\\tanh(w_2x)-t$, "
      "$\\partial L/\\partial e = e$.\n\n(a) $e\\,\\bigl(\\tanh(w_1x),\\ \\tanh(w_2x)\\bigr)$\n",
      {"4a": "correct"}, id="a-residual-defined-mid-sentence-after-two-words"),
    P("jacobians", "unicode-latex.md", "Write δ = v₁ tanh(w₁x) + v₂ tanh(w₂x) − t.\n\n| Q | Answer |\n|---|---|\n"
      "| 4(a) | $\\delta\\,(\\tanh(w_1x),\\ \\tanh(w_2x))$ |\n| 4(b) | $\\delta\\, v_1\\, x\\, (1+\\tanh^2(w_1x))$ |\n",
      {"4a": "correct", "4b": "incorrect"}, id="a-unicode-greek-definition-used-in-latex"),
    P("jacobians", "plain-lone.txt", "Zad.4\na) e = v1 tanh(w1 x) + v2 tanh(w2 x) - t\n   dL/dv = (e tanh(w1 x), e tanh(w2 x))\n"
      "b) dL/dw1 = e * v1 * x / cosh^2(w1 x)\n", {"4a": "correct", "4b": "correct"},
      id="a-plain-line-that-only-defines-the-residual"),
    P("ml-calculus", "s-of-x.txt", "q1\na) s'(x) = s(x)(1-s(x)) where s = sigmoid\nb) s = (1+e^-x)^-1\n", {"1a": "correct"},
      id="the-next-parts-line-does-not-redefine-a-name-used-as-a-function"),
    P("k2", "roman.md", "Q4\n\n(i) $V e_{1}=(\\frac{1}{\\sqrt{2}}, \\frac{1}{\\sqrt{2}})$ (ii) $V e_{2}=(-\\frac{1}{\\sqrt{2}}, "
      "\\frac{1}{\\sqrt{2}})$\n\n(v) $V^{\\top} e_{1}=(\\frac{1}{\\sqrt{2}}, \\frac{1}{\\sqrt{2}})$ (vi) $V^{\\top} e_{2}="
      "(\\frac{1}{\\sqrt{2}}, \\frac{1}{\\sqrt{2}})$\n", {"4a": "correct", "4b": "correct", "4e": "incorrect", "4f": "correct"},
      id="roman-numeral-labels-in-the-middle-of-a-line"),
    P("k2", "for-each.md", "**Question 5**\n\nΣVᵀ = [[√2, √2], [−2√2, 2√2]]\n\nThe four points: for e₁/√2 we get (1, −2), for "
      "e₂/√2 we get (1, 2), for −e₁/√2 we get (−1, −2) and for −e₂/√2 we get (−1, 2).\n",
      {"5b": "correct", "5c": "correct", "5d": "incorrect", "5e": "incorrect"}, id="values-each-given-for-its-input"),
    P("k2", "pour-chaque.md", "**Question 5**\n\nLes quatre points : pour e₁/√2 on obtient (1, −2), pour e₂/√2 on obtient (1, 2), "
      "pour −e₁/√2 on obtient (−1, 2) et pour −e₂/√2 on obtient (−1, −2).\n",
      {"5b": "correct", "5c": "correct", "5d": "correct", "5e": "correct"}, id="values-each-given-for-its-input-in-french"),
    P("k2", "worded.md", "## 7\n\n- x = −e₂/√2 → (−1, −2)\n\n**7b** V^T rotates 45° clockwise, Σ stretches x by 2 and y by 4, "
      "then U rotates.\n", {"7b": "manual"}, id="nothing-is-written-into-a-worded-answer"),
    P("ml-calculus", "ans.md", "Q.No. 1\n\n(a) σ'(x) = e^{−x}/(1+e^{−x})^2   Ans\n\nQ.No. 3\n\n(c) ∇L = (−5/6, 1/3, 1/2)   Ans.\n",
      {"1a": "correct", "3c": "correct"}, id="ans-written-after-the-answer"),
    P("ml-calculus", "ans-wrong.md", "Q.No. 3\n\n(c) ∇L = (5/6, 1/3, 1/2)   (Ans)\n", {"3c": "incorrect"},
      id="ans-written-after-a-wrong-answer"),
    P("k2", "redo.md", "Q7\n\n(a) A = [[1, 2], [3, 4]]\n\n(b) (ran out of page, will redo)\n", {"7b": "missing"},
      id="ran-out-of-page"),
    P("linear-maps", "aufgabe.md", "**A1**\n(a) $R = 2\\cdot\\begin{pmatrix}0&-1\\\\1&0\\end{pmatrix}$, also Drehung um $\\pi/2$ im "
      "Gegenuhrzeigersinn und Streckung um 2\n\n**A3**\n(a) Scherung\n(b) Faktor 3\n",
      {"1a": "correct", "3a": "correct", "3b": "correct"}, id="a-and-the-number-as-the-problems-label"),
    P("linear-maps", "a1-matrix.md", "## 3\n\n(b) A1 = 3\n", {"3b": "correct"}, id="a-name-a1-set-to-a-value-is-no-label"),
    P("linear-maps", "paragraph.tex", "\\paragraph{Problème 3.}\n(a) $S$ est un cisaillement horizontal.\\\\\n(b) Le facteur est $3$.\n\n"
      "\\paragraph{Problème 4.}\n(a) $P$ est une projection orthogonale ($P^2 = P$ et $P^\\top = P$).\\\\\n",
      {"3a": "correct", "4a": "correct"}, id="a-latex-paragraph-names-the-problem-in-french"),
    P("linear-maps", "axe-des.tex", "\\paragraph{Problème 6.}\n(a) c'est une rotation de $90\\degree$ dans le sens antihoraire "
      "autour de l'axe des $z$, sans changement d'échelle.\n", {"6a": "correct"}, id="the-axis-of-the-zs"),
    P("linear-maps", "axe-des-x.tex", "\\paragraph{Problème 6.}\n(a) c'est une rotation de $90\\degree$ dans le sens antihoraire "
      "autour de l'axe des $x$, sans changement d'échelle.\n", {"6a": "partial"}, id="the-axis-of-the-xs-is-wrong"),
    P("ml-calculus", "lse-semicolon.tex", "\\paragraph{Problem 2.}\n(a) $\\nabla\\operatorname{LSE}(x) = \\left(\\frac{e^{x_1}}{\\sum_k e^{x_k}},"
      "\\; \\frac{e^{x_2}}{\\sum_k e^{x_k}},\\; \\frac{e^{x_3}}{\\sum_k e^{x_k}}\\right)^{\\!\\top}$\n", {"2a": "correct"},
      id="latex-thin-spaces-in-a-long-vector-are-no-round-matrix"),
    P("k2", "restated.md", "**Problem 1**\n\n$\\frac{e^{z_i - c}}{\\sum_j e^{z_j - c}} = \\frac{e^{z_i}}{\\sum_j e^{z_j}}$\n",
      {"1": "incorrect"}, id="a-derivation-that-only-restates-start-equals-target"),
    P("k2", "subscript-i.md", "**Problem 1**\n\nsoftmax(z − c)_i = e^{z_i − c} / Σ_j e^{z_j − c} = (e^{z_i} · e^{−c}) / "
      "(e^{−c} · Σ_j e^{z_j}) = e^{z_i} / Σ_j e^{z_j} = softmax(z)_i\n", {"1": "correct"},
      id="an-index-i-is-no-pronoun-in-a-formula-typed-without-dollars"),
    P("k2", "tick-remark.md", "**#1**\n\nsoftmax(z-c)_i = e^(z_i - c) / Σ_j e^(z_j - c)\n= e^(z_i) e^(-c) / (e^(-c) Σ_j e^(z_j))\n"
      "= e^(z_i) / Σ_j e^(z_j)      ✔️  (e^-c cancels top & bottom)\n", {"1": "correct"},
      id="a-tick-and-a-worded-remark-after-the-last-step"),
    P("k2", "tick-wrong.md", "**#1**\n\nsoftmax(z-c)_i = e^(z_i - c) / Σ_j e^(z_j - c)\n= e^(z_i) e^(c) / (e^(-c) Σ_j e^(z_j))\n"
      "= e^(z_i) / Σ_j e^(z_j)      ✔️  (e^-c cancels top & bottom)\n", {"1": "incorrect"},
      id="a-tick-after-a-chain-with-a-false-step"),
    P("k2", "hence-proved.txt", "1) softmax(z-c)_i = e^(z_i - c) / sum_j e^(z_j - c) = e^(z_i) e^(-c) / (e^(-c) sum_j e^(z_j)) = "
      "e^(z_i)/sum_j e^(z_j) = softmax(z)_i  hence proved\n", {"1": "correct"}, id="hence-proved-after-a-one-line-chain"),
    P("jacobians", "trig-brackets.md", "- **(a)** `∂f/∂θ = r^3 (cos^3 θ - 2 cos θ sin^2 θ)`\n", {"3a": "correct"},
      id="a-bracket-of-trig-functions-is-no-remark"),
    P("linear-maps", "list-of-parts.md", "**Ejercicio 5**\n\n5a) $F\\,\\mathrm{Rot} = \\begin{pmatrix}1&0\\\\0&-1\\end{pmatrix}$\n\n"
      "**Ejercicios 1 a 4** (rápido)\n\n1. a) $R$ gira 90° antihorario y multiplica las longitudes por 2. b) $Ru = (-2, 2)$.\n"
      "2. a) reflexión. b) dirección del espejo: $(1,1)$.\n3. a) es una cizalla, b) de factor $3$, c) $Su = (1, 4)$.\n",
      {"1a": "correct", "1b": "correct", "2a": "correct", "2b": "correct", "3a": "correct", "3b": "correct",
       "3c": "incorrect"}, id="numbered-items-that-each-hold-a-problems-parts"),
    P("eigen-svd", "math-sections.tex", "\\documentclass{article}\n\\begin{document}\n\\section{SVD of $A = \\begin{bmatrix}3&0\\\\4&5"
      "\\end{bmatrix}$}\n\\subsection*{1(a)}\n$A^\\top A = \\begin{bmatrix}25&20\\\\20&25\\end{bmatrix}$\n\n"
      "\\section{$B = \\begin{bmatrix}2&1\\\\1&2\\end{bmatrix}$}\n\\begin{itemize}\n\\item[(d)] $\\det B = 3$\n"
      "\\item[(e)] $\\operatorname{tr} B = 5$\n\\end{itemize}\n\\end{document}\n",
      {"1a": "correct", "2d": "correct", "2e": "incorrect"}, id="numbered-sections-whose-titles-hold-matrices"),
    P("k2", "tie.tex", "\\documentclass{article}\n\\begin{document}\n\\section*{Problem 5}\n"
      "(b)~$x=e_1/\\sqrt2$: $\\Sigma V^\\top x = (1,-2)$ \\qquad (c)~$(1,2)$ \\qquad (d)~$(-1,2)$ \\qquad (e)~$(-1,2)$\n"
      "\\end{document}\n", {"5b": "correct", "5c": "correct", "5d": "correct", "5e": "incorrect"},
      id="labels-tied-to-their-answer-with-a-latex-tilde"),
    P("k2", "maps-to.md", "**Problem 5**\n\nΣVᵀ = [[√2, √2], [−2√2, 2√2]]\n\nMultiplying by the four points: e1/√2 ↦ (1, −2), "
      "e2/√2 ↦ (1, 2), −e1/√2 ↦ (−1, 2), −e2/√2 ↦ (1, 2).\n", {"5b": "correct", "5c": "correct", "5d": "correct",
                                                                "5e": "incorrect"}, id="each-input-maps-to-its-value"),
    P("jacobians", "italic-question.md", "*Question 1*\n\n1.  The Jacobian is\n\n$$\\begin{pmatrix}\\cos\\theta & - r\\sin\\theta \\\\ "
      "\\sin\\theta & r\\cos\\theta\\end{pmatrix}$$\n\n2.  $\\det J = r$\n\n3.  $\\frac{\\partial y}{\\partial\\theta} = "
      "r\\cos\\theta$, so at $r = 2,\\ \\theta = \\frac{\\pi}{3}$ it is $2\\cos\\frac{\\pi}{3}$ $= 1$.\n\n*Question 3*\n\n"
      "1.  $r^3\\cos^3\\theta$\n", {"1a": "correct", "1b": "correct", "1c": "correct", "3a": "incorrect"},
      id="an-italic-question-title-over-words-auto-numbered-parts"),
    P("linear-maps", "magyar.tex", "\\documentclass{article}\n\\begin{document}\n\\section*{2. feladat}\n\\textit{a)} $F$ tükrözés. "
      "\\textit{b)} A tükörtengely iránya $(1, 1)$.\n\n\\section*{3. feladat}\n\\textit{a)} $S$ nyírás, \\textit{b)} a nyírás "
      "tényezője $3$, \\textit{c)} $Su = (1, 4)$\n\\end{document}\n",
      {"2a": "correct", "2b": "correct", "3a": "correct", "3b": "correct", "3c": "incorrect"},
      id="italic-part-letters-mid-line-and-hungarian-map-kinds"),
    P("linear-maps", "romana.txt", "Ex 2\na) reflexie\nEx 3\na) forfecare\nEx 4\na) proiectie\nEx 5\nb) rotatie\n",
      {"2a": "correct", "3a": "correct", "4a": "correct", "5b": "incorrect"}, id="romanian-map-kinds"),
    P("linear-maps", "korean.md", "**3.** $S = \\begin{bmatrix}\n1 & 3 \\\\\n0 & 1\n\\end{bmatrix}$\n\n(1) 전단 (shear)\n\n(2) 3\n\n"
      "**6.**\n\n(1) $z$축을 회전축으로 하여 반시계 방향 90° 회전, 크기 변화 없음\n\n(2) $(0,\\ 0,\\ 1)$\n",
      {"3a": "correct", "3b": "correct", "6a": "correct", "6b": "correct"},
      id="bracketed-numbers-under-a-problem-that-restates-its-matrix"),
    P("eigen-svd", "kontrolle.tex", "\\documentclass{article}\n\\begin{document}\n\\section*{Aufgabe 2}\n\\textbf{d)} $\\det B = 3$\n\n"
      "\\textbf{e)} $\\operatorname{tr} B = 4$ {\\color{gray}(Kontrolle: $1+3 = 4$ und $1\\cdot 3 = 3$ \\checkmark)}\n"
      "\\end{document}\n", {"2d": "correct", "2e": "correct"}, id="a-check-in-brackets-after-the-answer-gives-no-value"),
    P("linear-maps", "problem-env.tex", "\\documentclass{article}\n\\newtheorem{problem}{Problem}\n\\begin{document}\n"
      "\\begin{problem}\\end{problem}\n\\begin{enumerate}[label=(\\alph*)]\n\\item $R$ is a rotation by $\\pi/2$, "
      "counterclockwise, scaling factor $2$.\n\\item $Ru = (-2, 2)$.\n\\end{enumerate}\n\n"
      "\\begin{problem}\\end{problem}\n\\begin{enumerate}[label=(\\alph*)]\n\\item Shear.\n\\item Factor $3$.\n"
      "\\end{enumerate}\n\\end{document}\n", {"1a": "correct", "1b": "correct", "2a": "incorrect", "2b": "incorrect"},
      id="problems-numbered-by-a-theorem-like-environment"),
    P("linear-maps", "problem-env-arg.tex", "\\documentclass{article}\n\\begin{document}\n\\begin{exercise}[Exercise 3]\n"
      "(a) Shear. (b) Factor $3$.\n\\end{exercise}\n\\end{document}\n", {"3a": "correct", "3b": "correct"},
      id="a-problem-environment-with-its-number-as-argument"),
    P("k2", "zu-aufgabe.md", "**Zu Aufgabe 3.** ∂z_i/∂x_i = wᵀ, ∂z_i/∂w = x_iᵀ, ∂z_i/∂u = 1.\n", {"3a": "correct", "3c": "incorrect"},
      id="zu-aufgabe-names-the-problem"),
    P("linear-maps", "unaccented.txt", "1. a) 90 fokos forgatas az oramutato jarasaval ellentetesen, 2x nyujtas\n   b) (-2, 2)\n"
      "2. a) tukrozes   b) (1, 1)\n3. a) nyiras   b) 3   c) (4, 1)\n4. a) vetites   b) (1, 1)   c) 1\n",
      {"1a": "correct", "2a": "correct", "3a": "correct", "4a": "correct"}, id="words-typed-without-their-accents"),
    P("linear-maps", "unaccented-wrong.txt", "1. a) 90 fokos forgatas az oramutato jarasaval megegyezoen, 2x nyujtas\n"
      "2. a) nyiras\n", {"1a": "partial", "2a": "incorrect"}, id="words-typed-without-accents-still-say-what-they-say"),
    P("linear-maps", "dash-labels.txt", "Ej3\n a- cizalla\n b- factor 3\n c- Su = (4, 1)\nEj4\n a- proyeccion\n b- (1, 1)\n",
      {"3a": "correct", "3b": "correct", "3c": "correct", "4a": "correct", "4b": "correct"},
      id="dash-labels-under-ej-n"),
    P("linear-maps", "zadatak.md", "**Zadatak 2**\n(a) Zrcaljenje (refleksija) s obzirom na pravac $y=x$.\n\n**Zadatak 3**\n(a) Smicanje.\n"
      "(b) $3$\n\n**Zadatak 4**\n(a) Projekcija (ortogonalna).\n", {"2a": "correct", "3a": "correct", "3b": "correct",
                                                                     "4a": "correct"}, id="croatian-problem-and-map-words"),
    P("k2", "comma-labels.md", "**Zadatak 5**\n\n5b (1, −2), 5c (1, 2), 5d (−1, 2), 5e (1, −2). Četiri tačke čine pravougaonik (5f).\n",
      {"5b": "correct", "5c": "correct", "5d": "correct", "5e": "incorrect", "5f": "correct"},
      id="bare-labels-after-commas-before-their-vectors"),
    # plain text typed on a phone
    P("ml-calculus", "terse-p.txt", "3a) z1 - 1\n3b) e^z2/(e^z1+e^z2+e^z3)\n", {"3a": "incorrect", "3b": "correct"},
      id="a-plain-difference-of-a-name-with-digits-is-math"),
    P("linear-maps", "later.txt", "no 4\na) projection\nb)\n\n5, 6 - nanti\n", {"4b": "missing"},
      id="a-number-then-a-word-after-a-dash-is-no-answer"),
    P("eigen-svd", "root.txt", "1d) Sigma = [3root5 0; 0 root5]\n1e) V = 1/root2 [1 1; 1 -1]\n",
      {"1d": "correct", "1e": "correct"}, id="root-typed-as-a-word"),
    P("eigen-svd", "root-wrong.txt", "1d) Sigma = [root5 0; 0 3root5]\n", {"1d": "incorrect"},
      id="root-typed-as-a-word-in-the-wrong-order"),
    P("k2", "delta.txt", "2c. y_i(δij - y_j)\n3d. y_i(δij - y_j) w^T\n", {"2c": "correct"},
      id="a-kronecker-delta-typed-without-its-underscore"),
    P("k2", "delta-wrong.txt", "2c. y_i(δij + y_j)\n", {"2c": "incorrect"}, id="a-kronecker-delta-with-a-wrong-sign"),
    P("k2", "delta-swapped.txt", "2c. y_j(δij - y_i)\n", {"2c": "correct"}, id="a-kronecker-delta-with-its-factors-swapped-is-equal"),
    # `\;` is LaTeX's space, not the `;` between two equations; "(= σ(x))" restates the result
    P("ml-calculus", "a.md", "### 1d\n$$\\frac{d}{dx}\\log(1+e^x) = \\frac{e^x}{1+e^x} \\;(=\\sigma(x))$$\n",
      {"1d": "correct"}, id="latex-thick-space"),
    P("ml-calculus", "b.md", "### 1d\n$$\\frac{d}{dx}\\log(1+e^x) = \\frac{1}{1+e^x} \\;(=\\sigma(-x))$$\n",
      {"1d": "incorrect"}, id="latex-thick-space-near-miss"),
    # "~" between spaces before a number is "about": the exact value before it is the answer
    P("eigen-svd", "c.txt", "Q1\n(c) sigma1 = 3*sqrt(5) ~ 6.708, sigma2 = sqrt(5) ~ 2.236\n", {"1c": "correct"},
      id="tilde-about"),
    P("eigen-svd", "d.txt", "Q1\n(c) sigma1 = 3*sqrt(5) ~ 6.708, sigma2 = 2*sqrt(5) ~ 4.472\n", {"1c": "incorrect"},
      id="tilde-about-near-miss"),
    # "for lambda=3: (1, -1)": the condition, then the value after its colon
    P("eigen-svd", "e.txt", "Q2\n(b) eigenvector for lambda=3: (1, 1)\n", {"2b": "correct"}, id="colon-after-condition"),
    P("eigen-svd", "f.txt", "Q2\n(b) eigenvector for lambda=3: (1, -1)\n", {"2b": "incorrect"},
      id="colon-after-condition-near-miss"),
    # a reason in brackets after the result, with an equation of its own, is no answer
    P("k2", "g.txt", "3f) 0   (because sum_k y_k = 1)\n", {"3f": "correct"}, id="reason-in-brackets"),
    P("k2", "h.txt", "3f) 1   (because sum_k y_k = 1)\n", {"3f": "incorrect"}, id="reason-in-brackets-near-miss"),
])
def test_reading_rules(tmp_path: Path, spec: str, name: str, text: str, want: dict[str, str]) -> None:
    got = graded_text(_grader(spec), tmp_path, name, text)
    assert {p: got[p].status.value for p in want} == want


@pytest.mark.parametrize("answer,status", [
    P("sides are not equal but the angles are 90°, so it is a rectangle", "correct", id="negation-in-another-clause"),
    P("it is not a rectangle", "invalid", id="negated-option"),
    P("the angles are 90°, so it is not a rectangle", "invalid", id="negation-in-the-concluding-clause"),
    P("sides are not equal, so it is a square", "incorrect", id="other-option-after-a-negation"),
    P("a rectangle (sides 2 and 4, not equal, right angles)", "correct", id="negation-inside-a-remark"),
    P("not a rectangle (the sides are equal)", "invalid", id="negated-option-before-a-remark"),
])
def test_a_negation_counts_in_the_clause_naming_the_option(answer: str, status: str) -> None:
    options = CheckOptions(choices=("rectangle", "square", "parallelogram", "rhombus"))
    assert check_choice(answer, "rectangle", options).status.value == status


def test_an_unreadable_source_marks_the_part_that_follows_from_it(tmp_path: Path) -> None:
    """U right for the key's V, but the student's own V could not be read: follow-through cannot be checked, so the
    part is marked for the instructor (a false accept would otherwise hide there)."""
    text = ("## Problem 1\n\n**(e)** $V = \\begin{pmatrix}-0.7071 & 0.7071 \\\\ -0.7071 & -0.7071 & 3\\end{pmatrix}$\n\n"
            "**(f)** $U = \\begin{pmatrix}0.3162 & 0.9487 \\\\ 0.9487 & -0.3162\\end{pmatrix}$\n")
    got = graded_text(_grader("eigen-svd"), tmp_path, "v.md", text)
    assert got["1e"].status.value == "invalid"
    assert got["1f"].review is not None and "1e could not be read" in got["1f"].review.reason


def test_an_answer_in_the_problems_own_name_is_marked(tmp_path: Path) -> None:
    """"With p = softmax(z) ... Write answers in terms of z": `p_1 - 1` is graded as written (not in z) and marked,
    since whether the problem's own name is accepted is the instructor's call: the tables split on it (27 parts of
    the document corpora credit p, the set's own held-out table refuses it as the prompt asks for z). So is an
    answer in jacobians' x (the prompt's "Let $x = r\\cos\\theta$")."""
    got = graded_text(_grader("ml-calculus"), tmp_path, "p.md", "## Problem 3\n\n**3a.** $p_1 - 1$\n\n**3b.** $p_2$\n")
    assert got["3a"].review is not None and "problem's text names" in got["3a"].review.reason
    assert (got["3a"].status.value, got["3b"].status.value) == ("incorrect", "incorrect")
    xs = graded_text(_grader("jacobians"), tmp_path, "x.md", "## Problem 1\n\n**1b.** $\\det J = x^2/r + r\\sin^2\\theta$\n")
    assert xs["1b"].review is not None and "problem's text names" in xs["1b"].review.reason
    plain = graded_text(_grader("ml-calculus"), tmp_path, "z.md", "## Problem 3\n\n**3b.** $e^{z_2}/(e^{z_1}+e^{z_2}+e^{z_3})$\n")
    assert plain["3b"].status.value == "correct" and plain["3b"].review is None


def _display(source: str, plain: str) -> dict:
    return {"cell_type": "code", "execution_count": 1, "metadata": {}, "source": source,
            "outputs": [{"output_type": "execute_result", "execution_count": 1, "metadata": {},
                         "data": {"text/plain": plain}}]}


@pytest.mark.parametrize("cells,want", [
    P([("markdown", "## Q2", ""), ("code", "B = np.array([[2., 1.], [1., 2.]])\nprint('det B =', np.linalg.det(B))\n"
       "print('tr B =', np.trace(B))", "det B = 2.9999999999999996\ntr B = 4.0\n")],
      {"2d": "correct", "2e": "correct"}, id="printed-lines-that-each-name-their-number"),
    P([("markdown", "## Q2", ""), ("code", "print('det B =', np.linalg.det(B))\nprint('tr B =', np.trace(B))",
       "det B = -3.0\ntr B = 4.0\n")], {"2d": "incorrect", "2e": "correct"}, id="a-wrong-named-number"),
    P([("markdown", "## Q1", ""), ("code", "# 1g\nU @ S @ Vt", "[[3. 0.]\n [4. 5.]]\n"),
       ("code", "# 2a, 2b, 2c\nvals, vecs = np.linalg.eigh(B)\nprint(vals)\nprint(vecs)",
        "[1. 3.]\n[[-0.7071  0.7071]\n [ 0.7071  0.7071]]\n")],
      {"2a": "correct", "2c": "correct"}, id="fewer-values-than-the-parts-a-cell-names-stay-in-its-problem"),
])
def test_notebook_outputs(tmp_path: Path, cells: list, want: dict[str, str]) -> None:
    got = graded_text(_grader("eigen-svd"), tmp_path, "nb.ipynb", _notebook(*cells))
    assert {p: got[p].status.value for p in want} == want


@pytest.mark.parametrize("plain,want", [
    P("   2    2          \n3⋅r ⋅cos (θ)⋅sin(θ)", "correct", id="sympy-powers-above-their-spaces"),
    P("   2    2          \n3⋅r ⋅sin (θ)⋅sin(θ)", "incorrect", id="sympy-powers-on-a-wrong-formula"),
    P("   2    2          \n3⋅r ⋅cos (θ)⋅sin(θ)\n", "correct", id="sympy-powers-with-a-trailing-newline"),
])
def test_sympy_pretty_powers(tmp_path: Path, plain: str, want: str) -> None:
    cells = [{"cell_type": "markdown", "metadata": {}, "source": "## Problem 3"},
             _display("# 3b\nsp.diff(f, r)", plain)]
    text = json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5})
    assert graded_text(_grader("jacobians"), tmp_path, "pretty.ipynb", text)["3b"].status.value == want


def test_outputs_on_a_markdown_cell_are_read_before_its_text(tmp_path: Path) -> None:
    """A notebook written by a script (or an editor that moved a cell) can carry outputs on a Markdown cell: they
    are what the code above printed, read before the cell's own text."""
    cells = [{"cell_type": "markdown", "metadata": {}, "source": "## Problem 5"},
             {"cell_type": "code", "execution_count": 1, "metadata": {}, "outputs": [],
              "source": "for x in [e1/np.sqrt(2), e2/np.sqrt(2), -e1/np.sqrt(2), -e2/np.sqrt(2)]:\n    print(SVt @ x)"},
             {"cell_type": "markdown", "metadata": {}, "source": "5f: rectangle",
              "outputs": [{"output_type": "stream", "name": "stdout", "text": "[ 1. -2.]\n[1. 2.]\n[-1.  2.]\n[1. -2.]\n"}]}]
    text = json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5})
    got = graded_text(_grader("k2"), tmp_path, "moved.ipynb", text)
    assert {p: got[p].status.value for p in ("5b", "5c", "5d", "5e", "5f")} == {
        "5b": "correct", "5c": "correct", "5d": "correct", "5e": "incorrect", "5f": "correct"}


@pytest.mark.parametrize("text,value,contradicted", [
    P("For λ = 1 the eigenvector is (1, 1).", "(1, 1)", True, id="another-eigenvalue"),
    P("For $\\lambda = 3$: (1, 1)", "(1, 1)", False, id="the-parts-eigenvalue"),
    P("for λ = 3 it is (1, 1), and for λ = 1 it is (1, −1)", "(1, 1)", False, id="its-own-clause-names-3"),
    P("for λ = 3 it is (1, 1), and for λ = 1 it is (1, −1)", "(1, −1)", True, id="its-own-clause-names-1"),
    P("a. (2 − λ)² − 1 = 0, λ = 1,3", "(1, 1)", False, id="a-sentence-before-the-value-is-not-its-own"),
    P("λ = 1, 3 so the eigenvector is (1, 1)", "(1, 1)", False, id="a-list-of-values-names-3-too"),
])
def test_a_value_for_another_hinted_quantity(text: str, value: str, contradicted: bool) -> None:
    from mathgrade.documents.notation import contradicts
    assert contradicts(("\\lambda = 3", "eigenvalue 3", "λ = 3"), text, value) is contradicted


@pytest.mark.parametrize("chain,status,marked", [
    P("\\frac{e^{-x}}{(1+e^{-x})^2} = \\frac{1}{1+e^{-x}}\\cdot\\frac{1}{1+e^{-x}} = \\frac{1}{1+e^{-x}}\\cdot"
      "\\frac{1}{1+e^{-x}} = \\sigma(x)(1-\\sigma(x))", "partial", True, id="steps-credited-after-a-false-first-step"),
    P("\\frac{e^{-x}}{(1+e^{-x})^2} = \\frac{1}{1+e^{-x}}\\cdot\\frac{e^{-x}}{1+e^{-x}} = \\frac{1}{1+e^{-x}}\\cdot"
      "\\frac{1}{1+e^{-x}} = \\sigma(x)(1-\\sigma(x))", "partial", False, id="steps-credited-before-a-false-step"),
])
def test_credit_after_a_false_step_is_marked(tmp_path: Path, chain: str, status: str, marked: bool) -> None:
    """`partial: proportional` counts every valid step; where some come after a false one (reworking the false
    line) the held-out tables split, so the part goes on the review list (code credit_after_break)."""
    got = graded_text(_grader("ml-calculus"), tmp_path, "chain.md", f"## Problem 1\n\n**(b)** ${chain}$\n")["1b"]
    assert got.status.value == status
    assert ("credit_after_break" in got.diagnoses) is marked
    assert (got.review is not None) is marked


@pytest.mark.parametrize("text,part,status", [
    # a chain that computes one value and ends in a decimal comma: the number, not a list
    P("**1c)** $\\sigma_1 = \\sqrt{45} = 6,708 \\quad \\sigma_2 = \\sqrt{5} = 2,236$\n", "1c", "correct", id="computed"),
    P("**1c)** $\\sigma_{1}=6,708 \\quad \\sigma_{2}=2,236$\n", "1c", "correct", id="rounded-three-places"),
    P("**2a)** $\\lambda = 3,1$\n", "2a", "correct", id="two-values-stay-a-list"),
    P("**1c)** $\\sigma_1 = \\sqrt{45} = 6,708 \\quad \\sigma_2 = \\sqrt{5} = 2,263$\n", "1c", "incorrect",
      id="near-miss-digits-swapped"),
])
def test_decimal_comma_at_the_end_of_a_chain(tmp_path, text, part, status):
    assert graded_text(_grader("eigen-svd"), tmp_path, "doc.md", text)[part].status.value == status


_SOYA = ("**1. Soru**\n\na\\) $J = \\begin{bmatrix}\\cos\\theta & -r\\sin\\theta \\\\ \\sin\\theta & r\\cos\\theta"
         "\\end{bmatrix}$\n\nb\\) $\\det = r$\n\n")


@pytest.mark.parametrize("text,status", [
    # the point the part asks about, restated in other notation, is set-up; the value below it is the answer
    P(_SOYA + "c\\) $\\frac{\\partial y}{\\partial\\theta} = r\\cos\\theta$, $r = 2$, $\\theta = \\frac{\\pi}{3}$ için:\n"
      "$2 \\cdot \\cos\\frac{\\pi}{3} = 1$\n", "correct", id="point-restated-then-value"),
    P(_SOYA + "c\\) $\\frac{\\partial y}{\\partial\\theta} = r\\cos\\theta$, $r = 2$, $\\theta = \\frac{\\pi}{3}$ için:\n"
      "$2 \\cdot \\cos\\frac{\\pi}{3} = \\sqrt{3}$\n", "incorrect", id="near-miss-value-wrong"),
])
def test_the_point_restated_is_no_answer(tmp_path, text, status):
    assert graded_text(_grader("jacobians"), tmp_path, "doc.md", text)["1c"].status.value == status


_SVT = ("code", "SVt = np.diag([2, 4]) @ V.T\nSVt", "array([[ 1.41421356,  1.41421356],\n       [-2.82842712,  2.82842712]])")


@pytest.mark.parametrize("cells,want", [
    # a loop prints one value per point, in the sheet's order: each is the next part's
    P([("markdown", "### Problem 5", ""), _SVT,
       ("code", "for x in [e1/s, e2/s, -e1/s, -e2/s]:\n    print(SVt @ x)", "[ 1. -2.]\n[1. 2.]\n[-1.  2.]\n[-1. -2.]\n")],
      {"5b": "correct", "5c": "correct", "5d": "correct", "5e": "correct"}, id="loop-over-the-points"),
    P([("markdown", "### Problem 5", ""), _SVT,
       ("code", "for x in [e1/s, e2/s, -e1/s, -e2/s]:\n    print(V @ x)", "[0. 1.]\n[-1. 0.]\n[ 0. -1.]\n[1. 0.]\n")],
      {"5b": "incorrect", "5c": "incorrect", "5d": "incorrect", "5e": "incorrect"}, id="loop-with-the-wrong-map"),
])
def test_a_loop_prints_one_value_per_part(tmp_path: Path, cells: list, want: dict[str, str]) -> None:
    got = graded_text(_grader("k2"), tmp_path, "nb.ipynb", _notebook(*cells))
    assert {p: got[p].status.value for p in want} == want

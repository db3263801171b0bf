"""The verdict table: (answer, expected, status) for every syntax the parser reads, right and wrong.

Groups list one reference with the spellings a student may use (all must be `correct`) and the near-misses a
student makes (all must be `incorrect`): sign flips, transposes, 1/2 for 1/√2, swapped entries, wrong shapes,
factors of √2. A false accept is the worst bug a grader can have, so every group carries its near-misses.
"""

from __future__ import annotations

import pytest

from mathgrade.check import CheckOptions, Condition, Kind, Status, check

SOFTMAX = (("y", "softmax"),)

# (group id, expected, options, right spellings, wrong answers)
GROUPS: list[tuple[str, str, CheckOptions, list[str], list[str]]] = [
    ("inv-sqrt2", "1/sqrt(2)", CheckOptions(), [
        "1/sqrt(2)", "sqrt(2)/2", "√2/2", "1/√2", "2^(-1/2)", "2**(-1/2)", "\\frac{1}{\\sqrt{2}}", "\\frac{\\sqrt2}{2}",
        "$\\frac{1}{\\sqrt{2}}$", "\\(\\sqrt{2}/2\\)", "\\[ \\dfrac{1}{\\sqrt{2}} \\]", "$$\\tfrac{\\sqrt{2}}{2}$$",
        "0.7071", "0.70711", ".7071", "7.071e-1", "sqrt(1/2)", "\\sqrt{\\frac{1}{2}}", "½√2", "sqrt(2) * 1/2",
        "2^{-1/2}", "\\sqrt[2]{2}/2", "sin(pi/4)", "cos(45°)", "cos(45 deg)", "\\cos(45^\\circ)", "x = 1/sqrt(2)",
        "a = b = \\frac{\\sqrt{2}}{2}", "1 / \\left( \\sqrt{2} \\right)", "(sqrt 2)/2"],
     ["1/2", "sqrt(2)", "-1/sqrt(2)", "0.71", "0.7", "0.707 + 0.01", "2/sqrt(2)", "1/sqrt(3)", "sqrt(2)/3",
      "\\frac{1}{2}", "\\sqrt{2}", "-\\frac{\\sqrt{2}}{2}", "1.414", "0.5", "sin(pi/3)", "cos(30°)", "1/sqrt(2) = 1/2"]),
    ("sqrt3-2", "sqrt(3/2)", CheckOptions(), [
        "sqrt(6)/2", "\\sqrt{\\frac{3}{2}}", "\\frac{\\sqrt{6}}{2}", "√6/2", "√(3/2)", "sqrt(3)/sqrt(2)",
        "\\frac{\\sqrt3}{\\sqrt2}", "1.2247", "3/sqrt(6)", "(3/2)^(1/2)"],
     ["sqrt(3)/2", "3/2", "sqrt(2/3)", "1.22", "\\frac{\\sqrt{3}}{2}", "sqrt(6)", "-sqrt(6)/2"]),
    ("pi", "pi", CheckOptions(), ["pi", "π", "\\pi", "4 atan(1)", "180°", "180 deg", "180 degrees", "acos(-1)",
                                  "3.14159", "2 asin(1)", "3.14"],
     ["22/7", "3.1", "pi/2", "2pi", "180", "-pi", "e", "3"]),
    ("pi-exact", "pi", CheckOptions(exact=True), ["pi", "\\pi", "π", "180°"],
     ["3.14159", "3.1416", "22/7"]),
    ("e", "e", CheckOptions(), ["e", "exp(1)", "e^1", "\\exp(1)", "2.71828", "e^{1}"],
     ["2.7", "exp(2)", "1/e", "e^2", "ln(1)"]),
    ("small", "0.001", CheckOptions(), ["0.001", "1e-3", "1E-3", "10^(-3)", "1/1000", "\\frac{1}{1000}", "0.0010005"],
     ["0.01", "0.0011", "1e-4", "-0.001", "0.002"]),
    ("zero", "0", CheckOptions(), ["0", "0.0", "-0", "1 - 1", "sin(0)", "x - x", "0e5", "5 - 5", "ln(1)"],
     ["1", "0.01", "1e-3", "x"]),
    ("quad", "x^2 + 2x + 1", CheckOptions(), [
        "(x+1)^2", "(x + 1)**2", "(1+x)(x+1)", "x^2+2x+1", "x² + 2x + 1", "x*x + 2*x + 1", "(x+1)(x+1)",
        "\\left(x+1\\right)^{2}", "x^{2}+2x+1", "$(x+1)^2$", "1 + 2x + x^2", "x(x+2) + 1", "x · x + 2 · x + 1",
        "(x + 1)²", "y = (x+1)^2"],
     ["(x-1)^2", "x^2 + 1", "x^2 + 2x", "x^2 + x + 1", "(x+1)^3", "x^2 - 2x + 1", "2x + 1", "(x+2)^2",
      "x^2 + 2x + 1.1", "(x+1)^2 + 1"]),
    ("diff-squares", "a^2 - b^2", CheckOptions(), ["(a+b)(a-b)", "(a-b)(a+b)", "a a - b b", "-(b^2 - a^2)",
                                                   "(a + b)\\cdot(a - b)", "(a+b) \\times (a-b)"],
     ["(a-b)^2", "(a+b)^2", "a^2 + b^2", "b^2 - a^2", "(a+b)(b-a)"]),
    ("trig-identity", "1", CheckOptions(), ["sin(x)^2 + cos(x)^2", "\\sin^2 x + \\cos^2 x", "sin²(x) + cos²(x)",
                                           "cos(x)^2 + sin(x)^2", "1/cos(x)^2 - tan(x)^2"],
     ["sin(x)^2 - cos(x)^2", "sin(2x)", "2 sin(x) cos(x)", "sin(x) + cos(x)"]),
    ("abs", "sqrt(x^2)", CheckOptions(), ["abs(x)", "|x|", "\\left|x\\right|", "\\lvert x \\rvert", "sqrt(x²)"],
     ["x", "-x", "x^2"]),
    ("exp-log", "exp(2 ln(x))", CheckOptions(domains=(("x", "positive"),)), ["x^2", "e^{2\\ln x}", "x*x",
                                                                             "exp(ln(x))^2", "e^(2 log(x))"],
     ["2x", "x^3", "ln(x)^2", "2 ln(x)"]),
    ("implicit", "2x + 2", CheckOptions(), ["2(x+1)", "2 (x + 1)", "2x+2", "(x+1)2", "2*x+2", "x 2 + 2"],
     ["2x + 1", "x + 2", "2(x+2)", "2x"]),
    ("rational", "3/4", CheckOptions(), ["3/4", "0.75", "¾", "\\frac{3}{4}", "\\frac34", "6/8", "1 - 1/4", "75e-2"],
     ["4/3", "0.7", "3/5", "-3/4", "0.74"]),
    ("degrees", "pi/4", CheckOptions(), ["45°", "45 deg", "45 degrees", "45^\\circ", "45^{\\circ}", "\\pi/4",
                                         "0.7854", "atan(1)"],
     ["45", "pi/2", "90°", "\\pi/3", "0.78"]),
    ("power-neg", "1/x", CheckOptions(), ["x^-1", "x^(-1)", "x⁻¹", "x^{-1}", "\\frac{1}{x}", "1 / x"],
     ["x", "-x", "-1/x", "x^2", "1/x^2"]),
    ("vector-v-e1", "[1/sqrt(2), 1/sqrt(2)]", CheckOptions(), [
        "[1/sqrt(2), 1/sqrt(2)]", "(1/sqrt(2), 1/sqrt(2))", "[sqrt(2)/2, sqrt(2)/2]", "[0.7071, 0.7071]",
        "\\begin{bmatrix} \\frac{1}{\\sqrt{2}} \\\\ \\frac{1}{\\sqrt{2}} \\end{bmatrix}",
        "\\begin{pmatrix} \\frac{\\sqrt2}{2} \\\\ \\frac{\\sqrt2}{2} \\end{pmatrix}", "[1/√2; 1/√2]",
        "[[1/sqrt(2)], [1/sqrt(2)]]", "[1/sqrt(2) 1/sqrt(2)]", "Matrix([[1/sqrt(2)], [1/sqrt(2)]])",
        "\\begin{bmatrix} \\frac{1}{\\sqrt{2}} & \\frac{1}{\\sqrt{2}} \\end{bmatrix}", "$[\\tfrac{1}{\\sqrt 2}, "
        "\\tfrac{1}{\\sqrt 2}]$", "1/sqrt(2) [1, 1]", "[1, 1]/sqrt(2)", "v = [1/sqrt(2), 1/sqrt(2)]"],
     ["[1/sqrt(2), -1/sqrt(2)]", "[-1/sqrt(2), 1/sqrt(2)]", "[1/2, 1/2]", "[1, 1]", "[sqrt(2), sqrt(2)]",
      "[1/sqrt(2)]", "[1/sqrt(2), 1/sqrt(2), 0]", "1/sqrt(2)", "[[1/sqrt(2), 1/sqrt(2)], [0, 0]]",
      "[0.7, 0.7]", "[0.7071, 0.7171]", "-[1/sqrt(2), 1/sqrt(2)]"]),
    ("vector-swap", "[1, -2]", CheckOptions(), ["[1, -2]", "(1, -2)", "[1 -2]", "[1; -2]", "[1, −2]",
                                                "\\begin{bmatrix} 1 \\\\ -2 \\end{bmatrix}", "[2/2, -4/2]"],
     ["[-2, 1]", "[1, 2]", "[-1, 2]", "[-1, -2]", "[1 - 2]", "[2, -1]", "[1, -2, 0]", "-1"]),
    ("matrix", "[[1, 2], [3, 4]]", CheckOptions(), [
        "[[1, 2], [3, 4]]", "[1 2; 3 4]", "[1, 2; 3, 4]", "Matrix([[1, 2], [3, 4]])",
        "\\begin{bmatrix} 1 & 2 \\\\ 3 & 4 \\end{bmatrix}", "\\begin{pmatrix}1&2\\\\3&4\\end{pmatrix}",
        "\\begin{matrix} 1 & 2 \\\\ 3 & 4 \\end{matrix}", "\\left[\\begin{array}{cc} 1 & 2 \\\\ 3 & 4 \\end{array}\\right]",
        "[[2/2, 4/2], [6/2, 8/2]]", "2 [[1/2, 1], [3/2, 2]]", "[[1, 3], [2, 4]]^T", "[[1.0, 2.0], [3.0, 4.0]]",
        "[[1,2],[3,4]] + [[0,0],[0,0]]", "\\begin{bmatrix} 1 & 2 \\\\ 3 & 4 \\\\ \\end{bmatrix}"],
     ["[[1, 3], [2, 4]]", "[[3, 4], [1, 2]]", "[[2, 1], [4, 3]]", "[[4, 3], [2, 1]]", "[[1, 2], [3, 5]]",
      "[[-1, 2], [3, 4]]", "[[1, 2, 0], [3, 4, 0]]", "[1, 2, 3, 4]", "[[1, 2], [3, 4]]^2", "-[[1, 2], [3, 4]]",
      "[[sqrt(2), 2], [3, 4]]", "[[1, 2], [3, 4]]^-1", "10"]),
    ("rotation-matrix", "[[1/sqrt(2), -1/sqrt(2)], [1/sqrt(2), 1/sqrt(2)]]", CheckOptions(), [
        "[[sqrt(2)/2, -sqrt(2)/2], [sqrt(2)/2, sqrt(2)/2]]", "1/sqrt(2) [[1, -1], [1, 1]]",
        "\\frac{1}{\\sqrt{2}}\\begin{bmatrix} 1 & -1 \\\\ 1 & 1 \\end{bmatrix}",
        "[[cos(pi/4), -sin(pi/4)], [sin(pi/4), cos(pi/4)]]", "[0.7071 -0.7071; 0.7071 0.7071]"],
     ["[[1/sqrt(2), 1/sqrt(2)], [-1/sqrt(2), 1/sqrt(2)]]", "[[1, -1], [1, 1]]", "[[1/2, -1/2], [1/2, 1/2]]",
      "[[1/sqrt(2), -1/sqrt(2)], [-1/sqrt(2), 1/sqrt(2)]]", "sqrt(2) [[1, -1], [1, 1]]",
      "[[cos(pi/3), -sin(pi/3)], [sin(pi/3), cos(pi/3)]]"]),
    ("wide-matrix", "[[1, 2], [3, 4], [5, 6]]", CheckOptions(), ["[[1,2],[3,4],[5,6]]", "[1 2; 3 4; 5 6]"],
     ["[[1, 3, 5], [2, 4, 6]]", "[[1, 2, 3], [4, 5, 6]]", "[[1, 2], [3, 4]]"]),
    ("diag-entry", "y_i(1 - y_j)", CheckOptions(kind=Kind.INDEXED, condition=Condition.EQUAL, domains=SOFTMAX), [
        "y_i(1 - y_j)", "y_i - y_i^2", "y_i(1-y_i)", "y_i - y_i y_j", "y_{i}\\left(1-y_{j}\\right)", "y_i - y_i²",
        "-y_i(y_i - 1)", "y_i (δ_ij - y_j)", "y_i(\\delta_{ij} - y_j)", "y_i \\cdot (1 - y_i)"],
     ["y_i^2", "1 - y_i", "y_i(1 + y_i)", "-y_i y_j", "y_i y_j", "y_i", "y_j(1 - y_j) + 1", "(1 - y_i)^2"]),
    ("off-diag", "-y_i y_j", CheckOptions(kind=Kind.INDEXED, condition=Condition.DIFFERENT, domains=SOFTMAX), [
        "-y_i y_j", "-y_j y_i", "-y_{i}y_{j}", "y_i(0 - y_j)", "y_i(δ_ij - y_j)", "y_i(\\delta_{ij} - y_j)",
        "−y_i·y_j", "-(y_i y_j)"],
     ["y_i y_j", "y_i(1 - y_j)", "-y_i^2", "-y_i", "y_i - y_j", "1 - y_i y_j"]),
    ("general-entry", "y_i(delta_ij - y_j)", CheckOptions(kind=Kind.INDEXED, domains=SOFTMAX), [
        "y_i(δ_ij - y_j)", "y_i δ_ij - y_i y_j", "\\delta_{ij} y_i - y_i y_j", "y_i(\\delta_{ij}-y_{j})",
        "y_j(δ_ij - y_i)", "delta_ij y_i - y_i y_j"],
     ["y_i(1 - y_j)", "-y_i y_j", "y_i(y_j - δ_ij)", "δ_ij - y_j", "y_i δ_ij", "y_i(δ_ij - y_i)"]),
    ("sum", "sum_k y_k x_k", CheckOptions(kind=Kind.INDEXED, domains=SOFTMAX), [
        "sum_k y_k x_k", "Σ_k x_k y_k", "\\sum_{k=1}^{K} y_k x_k", "∑_k y_k x_k", "\\sum_{j} y_j x_j",
        "\\sum_{k=1}^K x_k y_k"],
     ["sum_k x_k", "y_k x_k", "sum_k y_k", "\\sum_{k=1}^{K} y_k x_k^2", "-sum_k y_k x_k"]),
    ("transpose-free", "w", CheckOptions(kind=Kind.INDEXED, vectors=frozenset({"w", "x"})), [
        "w", "w^T", "wᵀ", "w'", "w^\\top", "w^{T}", "\\mathbf{w}^\\intercal", "\\boldsymbol{w}"],
     ["-w", "x_i", "2w", "w + x_i"]),
    ("greek", "sigma^2 + theta", CheckOptions(), ["σ^2 + θ", "\\sigma^2 + \\theta", "sigma² + theta",
                                                  "theta + sigma sigma"],
     ["sigma + theta", "σ^2 - θ", "sigma^2"]),
    ("subscripts", "x_1 + x_2", CheckOptions(), ["x_1 + x_2", "x_{1} + x_{2}", "x1 + x2", "x_2 + x_1"],
     ["x_1 - x_2", "2 x_1", "x_1 x_2", "x_1 + x_3"]),
]

INVALID: list[tuple[str, str, str, int]] = [
    ("(1+2", "3", "unbalanced parenthesis `(`", 1),
    ("1+2)", "3", "unbalanced parenthesis `)`", 4),
    ("[1, 2", "[1, 2]", "unbalanced bracket `[`", 1),
    ("sinn(x)", "sin(x)", "unknown function `sinn`", 1),
    ("cosine(x)", "cos(x)", "unknown function `cosine`", 1),
    ("2x +", "2x", "ends too early", 5),
    ("x ** ** 2", "x^2", "unexpected", 6),
    ("\\frac{1}{", "1", "unbalanced brace", 9),
    ("\\foo{x}", "x", "unknown LaTeX command `\\foo`", 1),
    ("[[1, 2], [3]]", "[[1, 2], [3, 4]]", "row 2 of the matrix has 1 entries but row 1 has 2", 1),
    ("[1 2; 3]", "[[1, 2], [3, 4]]", "row 2 of the matrix has 1 entries", 1),
    ("\\begin{bmatrix} 1 & 2 \\\\ 3 \\end{bmatrix}", "[[1, 2], [3, 4]]", "row 2 of the matrix", 1),
    ("1/0", "1", "division by zero", 3),
    ("x @ y", "x", "unexpected character `@`", 3),
    ("9^9^9^9", "1", "exponent too large", 5),
    ("1, 2", "1", "unexpected `,`", 2),
    ("1 + ... + n", "1", "cannot be graded", 0),
    ("", "1", "no answer was given", 0),
    ("   ", "1", "no answer was given", 0),
    ("1000!", "1", "factorial too large", 5),
]


def _cases() -> list:
    out = []
    for gid, expected, options, right, wrong in GROUPS:
        for k, answer in enumerate(right):
            out.append(pytest.param(answer, expected, options, Status.CORRECT, id=f"{gid}-ok{k}"))
        for k, answer in enumerate(wrong):
            out.append(pytest.param(answer, expected, options, Status.INCORRECT, id=f"{gid}-wrong{k}"))
    return out


CASES = _cases()


def test_the_table_is_large_and_balanced() -> None:
    right = sum(1 for c in CASES if c.values[3] is Status.CORRECT)
    wrong = len(CASES) - right
    assert len(CASES) + len(INVALID) >= 400
    assert wrong >= 150 and right >= 200


@pytest.mark.parametrize("answer,expected,options,status", CASES)
def test_verdict(answer: str, expected: str, options: CheckOptions, status: Status) -> None:
    verdict = check(answer, expected, options)
    assert verdict.status is status, (answer, expected, verdict.feedback)
    assert verdict.score == (1.0 if status is Status.CORRECT else 0.0)
    if verdict.status is not Status.INVALID:
        assert verdict.interpreted_as is not None and verdict.interpreted_as.text


@pytest.mark.parametrize("answer,expected,message,column", INVALID, ids=[f"invalid{k}" for k in range(len(INVALID))])
def test_invalid_answers_say_why_and_where(answer: str, expected: str, message: str, column: int) -> None:
    verdict = check(answer, expected)
    assert verdict.status is Status.INVALID, verdict
    assert message in verdict.feedback
    if column:
        assert verdict.column == column, verdict.feedback


@pytest.mark.parametrize("answer,expected,text", [
    pytest.param("\\frac{\\sqrt{2}}{2}", "1/sqrt(2)", "sqrt(2)/2", id="latex"),
    pytest.param("(x+1)²", "x^2+2x+1", "(x + 1)^2", id="unicode-square"),
    pytest.param("[1 -2]", "[1, -2]", "[1, -2]", id="matlab-row"),
    pytest.param("y_i(δ_ij - y_j)", "y_i(delta_ij - y_j)", "(δ_ij - y_j)*y_i", id="kronecker"),
    pytest.param("45°", "pi/4", "pi/4", id="degrees"),
])
def test_interpreted_as(answer: str, expected: str, text: str) -> None:
    assert check(answer, expected).interpreted_as.text == text


@pytest.mark.parametrize("answer,expected,kind,status", [
    pytest.param("ccw", "counterclockwise", Kind.CHOICE, Status.CORRECT, id="ccw"),
    pytest.param("Anticlockwise", "counterclockwise", Kind.CHOICE, Status.CORRECT, id="anticlockwise"),
    pytest.param("counter-clockwise", "counterclockwise", Kind.CHOICE, Status.CORRECT, id="hyphen"),
    pytest.param("Counter Clockwise", "counterclockwise", Kind.CHOICE, Status.CORRECT, id="two-words"),
    pytest.param("clockwise", "counterclockwise", Kind.CHOICE, Status.INCORRECT, id="cw-for-ccw"),
    pytest.param("CW", "clockwise", Kind.CHOICE, Status.CORRECT, id="cw"),
    pytest.param("counterclockwise", "clockwise", Kind.CHOICE, Status.INCORRECT, id="ccw-for-cw"),
    pytest.param("RECTANGLE", "rectangle", Kind.CHOICE, Status.CORRECT, id="case"),
    pytest.param("square", "rectangle", Kind.CHOICE, Status.INCORRECT, id="square-for-rectangle"),
])
def test_choices(answer: str, expected: str, kind: Kind, status: Status) -> None:
    assert check(answer, expected, CheckOptions(kind=kind)).status is status


def test_choice_options_and_ambiguity() -> None:
    options = CheckOptions(kind=Kind.CHOICE, choices=("square", "rectangle", "rhombus"))
    assert check("it is a rectangle", "rectangle", options).status is Status.CORRECT
    assert check("a square or a rectangle", "rectangle", options).status is Status.INVALID
    assert check("a circle", "rectangle", options).status is Status.INVALID
    custom = CheckOptions(kind=Kind.CHOICE, synonyms=(("rectangle", ("oblong",)),))
    assert check("oblong", "rectangle", custom).status is Status.CORRECT


def test_shape_feedback() -> None:
    verdict = check("[[1, 2, 3], [4, 5, 6]]", "[[1, 2], [3, 4], [5, 6]]")
    assert verdict.status is Status.INCORRECT and "expected a 3×2 matrix" in verdict.feedback


def test_exact_mode_feedback() -> None:
    verdict = check("0.7071", "1/sqrt(2)", CheckOptions(exact=True))
    assert verdict.status is Status.INCORRECT and "give an exact value" in verdict.feedback


def test_orientation_when_required() -> None:
    strict = CheckOptions(orientation=True)
    assert check("[[1, 2]]", "[1, 2]", strict).status is Status.INCORRECT
    assert check("[[1, 2]]", "[1, 2]").status is Status.CORRECT

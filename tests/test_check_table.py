"""The verdict table: (answer, expected, status) for every syntax the parser reads, accepted and rejected.

Each table holds, for one family of syntax, the spellings a student may use (all `correct`) beside the near-misses
a student makes (all `incorrect`: sign flips, transposes, 1/2 for 1/√2, swapped entries, wrong shapes, a factor √2,
22/7 for π) and the text that cannot be read at all (`invalid`). A false accept is the worst bug a grader can have,
so every `incorrect` row here is mathematically wrong under the reading the parser documents, and every `correct`
row mathematically right.
"""

from __future__ import annotations

import pytest

from mathgrade.check import CheckOptions, Condition, Kind, Status, check
from mathgrade.check.message import QUOTE_BEFORE, Quote

C, W, X = Status.CORRECT, Status.INCORRECT, Status.INVALID
P = pytest.param
SOFTMAX = (("y", "softmax"),)
VECTORS = frozenset({"w", "x"})


def verdict_is(answer: str, expected: str, status: Status, options: CheckOptions = CheckOptions()) -> None:
    verdict = check(answer, expected, options)
    assert verdict.status is status, (answer, expected, verdict.status, verdict.feedback)
    assert verdict.score == (1.0 if status is C else 0.0)
    assert verdict.feedback
    if status is X:
        assert verdict.column or "no answer" in verdict.feedback.lower() or "words" in verdict.feedback \
            or "option" in verdict.feedback, verdict.feedback
    else:
        assert verdict.interpreted_as is not None and verdict.interpreted_as.text


# ---------------------------------------------------------------------------------------------------------------
# Numbers: integers, decimals, scientific notation, the four operations, powers, unary minus, associativity.
NUMBERS = [
    P("42", "42", C, id="int"),
    P("-7", "-7", C, id="negative-int"),
    P("3.0", "3", C, id="decimal-for-int"),
    P("0.5", "1/2", C, id="decimal-half"),
    P(".5", "1/2", C, id="leading-dot"),
    P("5e-1", "1/2", C, id="sci-half"),
    P("1e-3", "0.001", C, id="sci-1e-3"),
    P("1E-3", "1/1000", C, id="sci-capital-E"),
    P("2.5e2", "250", C, id="sci-with-decimal"),
    P("75e-2", "3/4", C, id="sci-three-quarters"),
    P("0.0010005", "0.001", C, id="decimal-within-0.1pc"),
    P("1.0009", "1", C, id="decimal-just-inside"),
    P("2+3", "5", C, id="plus"),
    P("2 - 5", "-3", C, id="minus"),
    P("2*3", "6", C, id="star"),
    P("7/2", "3.5", C, id="slash"),
    P("2^10", "1024", C, id="caret"),
    P("2**10", "1024", C, id="double-star"),
    P("2 ** 3", "8", C, id="double-star-spaced"),
    P("-2^2", "-4", C, id="unary-minus-below-power"),
    P("(-2)^2", "4", C, id="paren-negative-squared"),
    P("--3", "3", C, id="double-negation"),
    P("2^-1", "1/2", C, id="negative-exponent-no-paren"),
    P("2^3^2", "512", C, id="power-right-assoc"),
    P("12/4/3", "1", C, id="division-left-assoc"),
    P("1 - 2 - 3", "-4", C, id="subtraction-left-assoc"),
    P("10^-3", "0.001", C, id="ten-to-minus-3"),
    P("1 - 1", "0", C, id="zero-as-difference"),
    P("-0", "0", C, id="negative-zero"),
    P("0e5", "0", C, id="zero-sci"),
    P("5!", "120", C, id="factorial"),
    P("x - x", "0", C, id="zero-as-symbolic-difference"),
    P("sin(0)", "0", C, id="zero-as-sin"),
    P("ln(1)", "0", C, id="zero-as-log"),
    P("41", "42", W, id="off-by-one"),
    P("7", "-7", W, id="sign-flip-int"),
    P("0.6", "1/2", W, id="decimal-wrong"),
    P("1e-4", "0.001", W, id="sci-wrong-exponent"),
    P("1e3", "0.001", W, id="sci-sign-of-exponent"),
    P("0.0011", "0.001", W, id="decimal-10pc-off"),
    P("1.0015", "1", W, id="decimal-just-outside"),
    P("-0.001", "0.001", W, id="decimal-sign-flip"),
    P("4", "-2^2", W, id="unary-minus-misread"),
    P("-4", "(-2)^2", W, id="paren-power-sign"),
    P("64", "2^3^2", W, id="power-left-assoc-misread"),
    P("12/4/3", "9", W, id="division-right-assoc-misread"),
    P("-2", "2^(-1)", W, id="negative-exponent-misread"),
    P("0.01", "0", W, id="not-zero"),
    P("24", "5!", W, id="factorial-wrong"),
    P("x", "0", W, id="name-for-zero"),
    P("1e-3", "0", W, id="small-is-not-zero"),
    P("0.3333", "1/3", C, id="third-decimal"),
    P("1.4142", "sqrt(2)", C, id="sqrt2-decimal-4-places"),
    P("0.33", "1/3", W, id="third-decimal-1pc-off"),
    P("0.67", "2/3", W, id="two-thirds-0.5pc-off"),
    P("1.41", "sqrt(2)", W, id="sqrt2-decimal-0.3pc-off"),
    P("100", "10^3", W, id="power-of-ten-off"),
    P("10^-2", "0.001", W, id="negative-power-of-ten-off"),
    P("4/3", "3/4", W, id="fraction-upside-down"),
    P("0.74", "3/4", W, id="three-quarters-decimal-off"),
]

# ---------------------------------------------------------------------------------------------------------------
# Implicit multiplication: numbers and names, names and names, brackets and brackets.
IMPLICIT = [
    P("2x", "2*x", C, id="number-name"),
    P("2 x", "2*x", C, id="number-space-name"),
    P("x 2 + 2", "2x + 2", C, id="name-space-number"),
    P("2 sqrt(2)", "sqrt(8)", C, id="number-sqrt"),
    P("2sqrt(2)", "sqrt(8)", C, id="number-sqrt-glued"),
    # the word sqrt takes the whole number after it, as a calculator does (LaTeX's \sqrt10 is √1·0)
    P("1/sqrt10", "1/sqrt(10)", C, id="word-sqrt-two-digits"),
    P("sqrt45", "3 sqrt(5)", C, id="word-sqrt-45"),
    P("sqrt 10", "sqrt(10)", C, id="word-sqrt-space-two-digits"),
    P("sqrt45", "10", W, id="word-sqrt-is-not-latex-one-digit"),
    P("2 sqrt10", "2 sqrt(10)", C, id="number-word-sqrt-two-digits"),
    # a function without brackets takes an indexed name glued to the next one: \tanh w_1x is tanh(w₁x)
    P("\\tanh w_1x", "tanh(w_1 x)", C, id="tanh-glued-indexed-argument"),
    P("\\tanh w_1 x", "tanh(w_1 x)", W, id="tanh-spaced-argument-stays-a-product"),
    P("x y", "x*y", C, id="name-space-name"),
    P("xy", "x*y", C, id="two-letters"),
    P("(a+b)(a-b)", "a^2 - b^2", C, id="paren-paren"),
    P("(a-b)(a+b)", "a^2 - b^2", C, id="paren-paren-swapped"),
    P("(a + b)\\cdot(a - b)", "a^2 - b^2", C, id="cdot-parens"),
    P("a a - b b", "a^2 - b^2", C, id="repeated-name"),
    P("2(x+1)", "2x + 2", C, id="number-paren"),
    P("2 (x + 1)", "2x + 2", C, id="number-space-paren"),
    P("(x+1)2", "2x + 2", C, id="paren-number"),
    P("x(x+1)", "x^2 + x", C, id="name-paren"),
    P("(x+1)(x+1)", "x^2 + 2x + 1", C, id="square-as-product"),
    P("x(x+2) + 1", "x^2 + 2x + 1", C, id="factored-plus-one"),
    P("2x^2", "2*x^2", C, id="coefficient-then-power"),
    P("a/b/c", "a/(b c)", C, id="chained-division"),
    P("sinxcosx", "sin(x) cos(x)", C, id="glued-functions"),
    P("(a+b) \\times (a-b)", "a^2 - b^2", C, id="times-parens"),
    P("x^-1", "1/x", C, id="power-minus-one-bare"),
    P("x^(-1)", "1/x", C, id="power-minus-one-paren"),
    P("x**-1", "1/x", C, id="double-star-minus-one"),
    P("x^(1/2)", "sqrt(x)", C, id="power-half"),
    P("x^-1/2", "1/(2x)", C, id="power-binds-before-division"),
    P("x^(-1/2)", "1/sqrt(x)", C, id="power-minus-half"),
    P("(a+b)(b-a)", "a^2 - b^2", W, id="paren-paren-sign"),
    P("(a-b)^2", "a^2 - b^2", W, id="square-of-difference"),
    P("a^2 + b^2", "a^2 - b^2", W, id="sum-of-squares-for-difference"),
    P("2(x+2)", "2x + 2", W, id="distributed-wrong"),
    P("2x + 1", "2x + 2", W, id="constant-wrong"),
    P("x + 2", "2x + 2", W, id="missing-coefficient"),
    P("x y", "x + y", W, id="product-for-sum"),
    P("x^2 y", "x y^2", W, id="power-on-wrong-factor"),
    P("2x^2", "4x^2", W, id="missing-factor-2"),
    P("(2x)^2", "2x^2", W, id="power-of-product"),
    P("x^2 + 2x", "(x+1)^2", W, id="square-missing-constant"),
    P("x^2 + 1", "(x+1)^2", W, id="square-missing-cross-term"),
    P("x^2 - 2x + 1", "(x+1)^2", W, id="square-cross-term-sign"),
    P("(x+1)^3", "(x+1)^2", W, id="square-wrong-exponent"),
    P("(x+2)^2", "(x+1)^2", W, id="square-wrong-constant"),
    P("x^2 + 2x + 1.1", "(x+1)^2", W, id="square-decimal-constant-off"),
    P("(x^2-1)/(x-1)", "x + 1", C, id="removable-singularity"),
    P("(x^2-1)/(x+1)", "x + 1", W, id="wrong-cancellation"),
    P("1/(x(x+1))", "1/x - 1/(x+1)", C, id="partial-fractions"),
    P("1/x + 1/(x+1)", "1/x - 1/(x+1)", W, id="partial-fractions-sign"),
    P("x/(x+1)", "(x+1)/x", W, id="reciprocal"),
    P("1/x^2", "1/x", W, id="reciprocal-wrong-power"),
    P("-1/x", "1/x", W, id="reciprocal-sign"),
]

# ---------------------------------------------------------------------------------------------------------------
# Functions: sqrt exp ln log sin cos tan asin acos atan abs, with and without parentheses.
FUNCTIONS = [
    P("sqrt(16)", "4", C, id="sqrt-call"),
    P("sqrt 2", "sqrt(2)", C, id="sqrt-no-paren"),
    P("(sqrt 2)/2", "1/sqrt(2)", C, id="sqrt-no-paren-grouped"),
    P("sqrt(x)^2", "x", C, id="sqrt-call-then-square"),
    P("sqrt(x^2)", "abs(x)", C, id="sqrt-of-square-is-abs"),
    P("exp(0)", "1", C, id="exp-zero"),
    P("exp(1)", "e", C, id="exp-one"),
    P("exp x", "e^x", C, id="exp-no-paren"),
    P("e^x", "exp(x)", C, id="e-power"),
    P("e**x", "exp(x)", C, id="e-double-star"),
    P("exp(-x^2/2)", "e^(-x^2/2)", C, id="gaussian"),
    P("ln(e)", "1", C, id="ln-e"),
    P("ln x", "log(x)", C, id="ln-no-paren"),
    P("log(x)", "ln(x)", C, id="log-is-natural"),
    P("log(8, 2)", "3", C, id="log-two-args"),
    P("log(100)/log(10)", "2", C, id="log-ratio"),
    P("lg(100)", "2", C, id="lg"),
    P("sin(pi/6)", "1/2", C, id="sin"),
    P("sin x", "sin(x)", C, id="sin-no-paren"),
    P("sinx", "sin(x)", C, id="sin-glued"),
    P("cos(pi/3)", "1/2", C, id="cos"),
    P("tan(pi/4)", "1", C, id="tan"),
    P("tan(x)", "sin(x)/cos(x)", C, id="tan-identity"),
    P("asin(1/2)", "pi/6", C, id="asin"),
    P("acos(0)", "pi/2", C, id="acos"),
    P("atan(1)", "pi/4", C, id="atan"),
    P("arctan(1)", "pi/4", C, id="arctan"),
    P("arcsin(1)", "pi/2", C, id="arcsin"),
    P("sin^{-1}(x)", "asin(x)", C, id="sin-inverse-is-asin"),
    P("sin(x)^{-1}", "1/sin(x)", C, id="sin-call-then-power"),
    P("abs(-3)", "3", C, id="abs-call"),
    P("abs(x)", "sqrt(x^2)", C, id="abs-vs-sqrt-square"),
    P("|x|", "abs(x)", C, id="abs-bars"),
    P("2|x|", "2 abs(x)", C, id="abs-bars-after-number"),
    P("|x||y|", "abs(x y)", C, id="abs-bars-twice"),
    P("|x - |y||", "abs(x - abs(y))", C, id="abs-bars-nested"),
    P("ln|x|", "log(abs(x))", C, id="ln-of-bars"),
    P("sin(x)^2 + cos(x)^2", "1", C, id="pythagoras"),
    P("sin^2 x + cos^2 x", "1", C, id="pythagoras-function-power"),
    P("sin(2x)", "2 sin(x) cos(x)", C, id="double-angle"),
    P("2 sin x cos x", "sin(2x)", C, id="double-angle-no-paren"),
    P("1/cos(x)^2 - tan(x)^2", "1", C, id="sec-identity"),
    P("sinh(x)", "(e^x - e^-x)/2", C, id="sinh"),
    P("sin(x)", "cos(x)", W, id="sin-for-cos"),
    P("sin(x)^2 - cos(x)^2", "1", W, id="pythagoras-sign"),
    P("sin(2x)", "2 sin(x)", W, id="double-angle-wrong"),
    P("sin x^2", "sin(x)^2", W, id="sin-of-square-vs-square-of-sin"),
    P("sin(x)^2", "sin(x^2)", W, id="square-of-sin-vs-sin-of-square"),
    P("sin^{-1}(x)", "1/sin(x)", W, id="asin-is-not-reciprocal"),
    P("cos(pi/3)", "sqrt(3)/2", W, id="cos-sin-mixed-up"),
    P("atan(1)", "pi/2", W, id="atan-wrong"),
    P("asin(1)", "pi/4", W, id="asin-wrong"),
    P("tan(x)", "cos(x)/sin(x)", W, id="tan-vs-cot"),
    P("exp(2)", "2e", W, id="exp-vs-product"),
    P("e^2", "2e", W, id="power-vs-product"),
    P("ln(x)", "log(x, 10)", W, id="ln-vs-log10"),
    P("ln(1)", "e", W, id="ln-one"),
    P("abs(x)", "x", W, id="abs-for-x"),
    P("x", "abs(x)", W, id="x-for-abs"),
    P("sqrt(x^2)", "x", W, id="sqrt-square-is-not-x"),
    P("sqrt(x)^2", "abs(x)", W, id="square-of-sqrt-is-not-abs"),
    P("-x", "abs(x)", W, id="minus-x-for-abs"),
    P("sqrt(2)", "sqrt(3)", W, id="sqrt-wrong-argument"),
    P("exp(x)", "exp(-x)", W, id="exp-sign"),
    P("e^x/(1+e^x)", "1/(1+e^(-x))", C, id="sigmoid-two-forms"),
    P("1 - 1/(1+e^{-x})", "1/(1+e^x)", C, id="sigmoid-complement"),
    P("1/(1+e^{-x})", "1/(1+e^x)", W, id="sigmoid-sign"),
    P("x e^x", "e^x", W, id="extra-factor"),
    P("log(1+e^x)", "log(1+e^(-x))", W, id="softplus-sign"),
]

# ---------------------------------------------------------------------------------------------------------------
# Constants π and e, and decimals for them (default tolerance 0.1 %).
CONSTANTS = [
    P("pi", "pi", C, id="pi-word"),
    P("π", "pi", C, id="pi-unicode"),
    P("\\pi", "pi", C, id="pi-latex"),
    P("4 atan(1)", "pi", C, id="pi-as-atan"),
    P("acos(-1)", "pi", C, id="pi-as-acos"),
    P("2 asin(1)", "pi", C, id="pi-as-asin"),
    P("3.14159", "pi", C, id="pi-decimal"),
    P("3.14", "pi", C, id="pi-3.14-within-0.1pc"),
    P("2π", "2 pi", C, id="two-pi-unicode"),
    P("2\\pi", "2 pi", C, id="two-pi-latex"),
    P("πr²", "pi r^2", C, id="area-unicode"),
    P("e", "e", C, id="e"),
    P("e^1", "e", C, id="e-to-one"),
    P("e^{1}", "e", C, id="e-to-braced-one"),
    P("\\exp(1)", "e", C, id="exp-latex"),
    P("\\mathrm{e}", "e", C, id="e-mathrm"),
    P("2.71828", "e", C, id="e-decimal"),
    P("22/7", "pi", W, id="22-over-7"),
    P("355/113", "pi", W, id="355-over-113"),
    P("3.1", "pi", W, id="pi-3.1"),
    P("3", "pi", W, id="pi-3"),
    P("pi/2", "pi", W, id="half-pi"),
    P("2pi", "pi", W, id="two-pi-for-pi"),
    P("-pi", "pi", W, id="minus-pi"),
    P("e", "pi", W, id="e-for-pi"),
    P("2.7", "e", W, id="e-2.7"),
    P("e^2", "e", W, id="e-squared"),
    P("1/e", "e", W, id="e-reciprocal"),
]

# Exact mode: decimals are refused even when close, exact forms still accepted.
EXACT = [
    P("pi", "pi", C, id="exact-pi"),
    P("\\pi", "pi", C, id="exact-pi-latex"),
    P("180°", "pi", C, id="exact-pi-degrees"),
    P("1/2", "0.5", C, id="exact-half"),
    P("\\frac{\\sqrt{2}}{2}", "1/sqrt(2)", C, id="exact-latex-root"),
    P("√2/2", "1/sqrt(2)", C, id="exact-unicode-root"),
    P("3.14", "pi", W, id="exact-3.14-for-pi"),
    P("3.14159", "pi", W, id="exact-pi-decimal"),
    P("22/7", "pi", W, id="exact-22-over-7"),
    P("0.5", "1/2", W, id="exact-decimal-half"),
    P("0.7071", "1/sqrt(2)", W, id="exact-decimal-root"),
    P("1.0", "1", W, id="exact-decimal-one"),
    P("3/2", "1.5", C, id="exact-three-halves"),
    P("\\frac{3}{2}", "3/2", C, id="exact-latex-three-halves"),
    P("1.5", "3/2", W, id="exact-decimal-three-halves"),
    P("0.333", "1/3", W, id="exact-decimal-third"),
]

# ---------------------------------------------------------------------------------------------------------------
# 1/√2 in every notation, and the near-misses of it.
INV_SQRT2 = [
    P("1/sqrt(2)", "1/sqrt(2)", C, id="inv-sqrt2-plain"),
    P("sqrt(2)/2", "1/sqrt(2)", C, id="inv-sqrt2-rationalised"),
    P("√2/2", "1/sqrt(2)", C, id="inv-sqrt2-unicode"),
    P("1/√2", "1/sqrt(2)", C, id="inv-sqrt2-unicode-denominator"),
    P("2^(-1/2)", "1/sqrt(2)", C, id="inv-sqrt2-power"),
    P("2**(-1/2)", "1/sqrt(2)", C, id="inv-sqrt2-double-star"),
    P("2^{-1/2}", "1/sqrt(2)", C, id="inv-sqrt2-braced-power"),
    P("sqrt(1/2)", "1/sqrt(2)", C, id="inv-sqrt2-root-of-half"),
    P("½√2", "1/sqrt(2)", C, id="inv-sqrt2-vulgar-half"),
    P("sqrt(2) * 1/2", "1/sqrt(2)", C, id="inv-sqrt2-times-half"),
    P("sin(pi/4)", "1/sqrt(2)", C, id="inv-sqrt2-sin"),
    P("0.7071", "1/sqrt(2)", C, id="inv-sqrt2-decimal"),
    P("0.707", "1/sqrt(2)", C, id="inv-sqrt2-decimal-3-places"),
    P("7.071e-1", "1/sqrt(2)", C, id="inv-sqrt2-sci"),
    P("1/2", "1/sqrt(2)", W, id="half-for-inv-sqrt2"),
    P("sqrt(2)", "1/sqrt(2)", W, id="sqrt2-for-inv-sqrt2"),
    P("-1/sqrt(2)", "1/sqrt(2)", W, id="inv-sqrt2-sign"),
    P("2/sqrt(2)", "1/sqrt(2)", W, id="inv-sqrt2-factor-2"),
    P("1/sqrt(3)", "1/sqrt(2)", W, id="inv-sqrt3"),
    P("sqrt(2)/3", "1/sqrt(2)", W, id="sqrt2-over-3"),
    P("1.414", "1/sqrt(2)", W, id="sqrt2-decimal"),
    P("0.71", "1/sqrt(2)", W, id="inv-sqrt2-decimal-0.4pc-off"),
    P("0.706", "1/sqrt(2)", W, id="inv-sqrt2-decimal-0.16pc-off"),
    P("0.5", "1/sqrt(2)", W, id="inv-sqrt2-half-decimal"),
    P("sin(pi/3)", "1/sqrt(2)", W, id="inv-sqrt2-wrong-angle"),
    P("1/2", "sqrt(2)/2", W, id="half-for-sqrt2-over-2"),
    P("sqrt(6)/2", "sqrt(3)/2", W, id="off-by-sqrt2"),
    P("sqrt(3)/2", "sqrt(3/2)", W, id="off-by-sqrt2-other-way"),
    P("sqrt(6)/2", "sqrt(3/2)", C, id="sqrt-three-halves"),
    P("\\frac{\\sqrt3}{\\sqrt2}", "sqrt(3/2)", C, id="sqrt-three-halves-latex"),
    P("1.2247", "sqrt(3/2)", C, id="sqrt-three-halves-decimal"),
]

# ---------------------------------------------------------------------------------------------------------------
# Unicode: √ π × · − ² ³ ⁻¹ ½ and friends.
UNICODE = [
    P("√2", "sqrt(2)", C, id="root-sign"),
    P("√(x+1)", "sqrt(x+1)", C, id="root-sign-paren"),
    P("√x", "sqrt(x)", C, id="root-sign-name"),
    P("2√2", "sqrt(8)", C, id="number-root-sign"),
    P("√x y", "sqrt(x) y", C, id="root-sign-then-name"),
    P("√(x)²", "x", C, id="root-sign-paren-squared"),
    P("x²", "x^2", C, id="superscript-2"),
    P("x³", "x^3", C, id="superscript-3"),
    P("x⁻¹", "1/x", C, id="superscript-minus-1"),
    P("x⁻²", "1/x^2", C, id="superscript-minus-2"),
    P("10⁻³", "0.001", C, id="superscript-ten-minus-3"),
    P("x²y", "x^2 y", C, id="superscript-then-name"),
    P("(x + 1)²", "x^2 + 2x + 1", C, id="superscript-on-paren"),
    P("sin²(x) + cos²(x)", "1", C, id="superscript-on-function"),
    P("½", "1/2", C, id="vulgar-half"),
    P("½x", "x/2", C, id="vulgar-half-times-name"),
    P("¾", "0.75", C, id="vulgar-three-quarters"),
    P("2½", "5/2", C, id="mixed-number"),
    P("-2½", "-5/2", C, id="mixed-number-negative"),
    P("3 × 4", "12", C, id="times-sign"),
    P("3 · 4", "12", C, id="middle-dot"),
    P("x·y", "x y", C, id="middle-dot-names"),
    P("5 − 2", "3", C, id="unicode-minus"),
    P("−x", "-x", C, id="unicode-unary-minus"),
    P("6 ÷ 4", "3/2", C, id="division-sign"),
    P("σ² + θ", "sigma^2 + theta", C, id="greek-letters-unicode"),
    P("√3", "sqrt(2)", W, id="root-sign-wrong"),
    P("√x+1", "sqrt(x+1)", W, id="root-sign-reaches-one-atom"),
    P("√(x)+1", "sqrt(x+1)", W, id="root-sign-paren-then-plus"),
    P("x²", "x^3", W, id="superscript-wrong"),
    P("x³", "3x", W, id="cube-vs-triple"),
    P("x²", "2x", W, id="square-vs-double"),
    P("x⁻¹", "x", W, id="inverse-dropped"),
    P("sqrt(x²)", "abs(x)", C, id="sqrt-of-superscript-square"),
    P("x⁻¹", "-x", W, id="inverse-vs-negative"),
    P("½", "2", W, id="vulgar-half-for-two"),
    P("2½", "1", W, id="mixed-number-is-not-product"),
    P("5 − 2", "7", W, id="unicode-minus-not-plus"),
    P("3 × 4", "7", W, id="times-not-plus"),
]

# ---------------------------------------------------------------------------------------------------------------
# Subscripts and Greek names.
SUBSCRIPTS_GREEK = [
    P("x_1 + x_2", "x_1 + x_2", C, id="subscripts"),
    P("x_{1} + x_{2}", "x_1 + x_2", C, id="braced-subscripts"),
    P("x1 + x2", "x_1 + x_2", C, id="digits-as-subscripts"),
    P("x_2 + x_1", "x_1 + x_2", C, id="subscripts-commuted"),
    P("y_{ij}", "y_{ij}", C, id="double-index"),
    P("y_{i,j}", "y_{ij}", C, id="double-index-comma"),
    P("w_{1,2} + w_{2,1}", "w_{2,1} + w_{1,2}", C, id="numeric-double-index"),
    P("delta", "δ", C, id="delta-word"),
    P("σ", "sigma", C, id="sigma-unicode"),
    P("\\sigma^2", "sigma^2", C, id="sigma-latex"),
    P("theta", "θ", C, id="theta-word"),
    P("\\alpha + \\beta", "alpha + beta", C, id="alpha-beta-latex"),
    P("α + β", "alpha + beta", C, id="alpha-beta-unicode"),
    P("\\lambda x", "lambda x", C, id="lambda-latex"),
    P("Δx", "Delta x", C, id="capital-delta"),
    P("Σ", "Sigma", C, id="capital-sigma-alone"),
    P("theta + sigma sigma", "sigma^2 + theta", C, id="greek-product"),
    P("x₁ + x₂", "x_1 + x_2", C, id="unicode-subscripts"),
    P("x₁₂", "x_{12}", C, id="unicode-subscript-two-digits"),
    P("e^x₁", "exp(x_1)", C, id="unicode-subscript-in-exponent"),
    P("yᵢⱼ", "y_{ij}", C, id="unicode-double-index"),
    P("x₂ − x₁", "x_1 - x_2", W, id="unicode-subscripts-swapped"),
    P("x₁₂", "x_1 x_2", W, id="unicode-subscript-two-digits-not-product"),
    P("e^x₁", "exp(x) x_1", W, id="unicode-subscript-binds-to-name"),
    P("x_1 - x_2", "x_1 + x_2", W, id="subscripts-sign"),
    P("x_1 x_2", "x_1 + x_2", W, id="subscripts-product"),
    P("x_1 + x_3", "x_1 + x_2", W, id="subscripts-wrong-index"),
    P("2 x_1", "x_1 + x_2", W, id="subscripts-same-index"),
    P("y_{ji}", "y_{ij}", W, id="double-index-swapped"),
    P("w_{2,1}", "w_{1,2}", W, id="numeric-double-index-swapped"),
    P("sigma", "sigma^2", W, id="sigma-for-variance"),
    P("alpha - beta", "alpha + beta", W, id="greek-sign"),
    P("theta", "2 theta", W, id="theta-factor"),
    P("sigma + theta", "sigma^2 + theta", W, id="greek-missing-square"),
]

# ---------------------------------------------------------------------------------------------------------------
# Degrees: °, deg, degrees, ^\circ, \degree.
DEGREES = [
    P("45°", "pi/4", C, id="degree-sign"),
    P("45 deg", "pi/4", C, id="deg"),
    P("45 degrees", "pi/4", C, id="degrees"),
    P("45^\\circ", "pi/4", C, id="circ"),
    P("45^{\\circ}", "pi/4", C, id="braced-circ"),
    P("45\\degree", "pi/4", C, id="latex-degree"),
    P("180°", "pi", C, id="half-turn"),
    P("cos(45°)", "1/sqrt(2)", C, id="cos-degrees"),
    P("cos(45 deg)", "1/sqrt(2)", C, id="cos-deg"),
    P("\\cos(45^\\circ)", "1/sqrt(2)", C, id="cos-circ"),
    P("sin(30°)", "1/2", C, id="sin-degrees"),
    P("45", "pi/4", W, id="degrees-without-unit"),
    P("90°", "pi/4", W, id="wrong-angle"),
    P("sin(30)", "1/2", W, id="sin-radians-not-degrees"),
    P("cos(60)", "1/2", W, id="cos-radians-not-degrees"),
    P("\\cos(30^\\circ)", "1/sqrt(2)", W, id="cos-wrong-angle"),
]

# ---------------------------------------------------------------------------------------------------------------
# LaTeX: delimiters, \frac and friends, roots, operators, styles, spacing, text, \cancel.
LATEX = [
    P("\\frac{1}{\\sqrt{2}}", "1/sqrt(2)", C, id="frac-sqrt"),
    P("\\frac{\\sqrt2}{2}", "1/sqrt(2)", C, id="frac-sqrt-one-char"),
    P("$\\frac{1}{\\sqrt{2}}$", "1/sqrt(2)", C, id="dollars"),
    P("$$\\tfrac{\\sqrt{2}}{2}$$", "1/sqrt(2)", C, id="double-dollars-tfrac"),
    P("\\(\\sqrt{2}/2\\)", "1/sqrt(2)", C, id="inline-parens"),
    P("\\[ \\dfrac{1}{\\sqrt{2}} \\]", "1/sqrt(2)", C, id="display-brackets-dfrac"),
    P("\\frac12", "1/2", C, id="frac-one-char-args"),
    P("\\frac34", "3/4", C, id="frac-three-quarters"),
    P("\\frac{x}{2}", "x/2", C, id="frac-name"),
    P("\\frac ab", "a/b", C, id="frac-letters"),
    P("\\frac{1}{2}x", "x/2", C, id="frac-then-name"),
    P("\\frac{x+1}{x-1}", "(x+1)/(x-1)", C, id="frac-expressions"),
    P("\\sqrt{\\frac{1}{2}}", "1/sqrt(2)", C, id="sqrt-of-frac"),
    P("\\sqrt[2]{2}/2", "1/sqrt(2)", C, id="sqrt-index-2"),
    P("\\sqrt[3]{8}", "2", C, id="cube-root"),
    P("\\sqrt[3]{-8}", "-2", C, id="cube-root-negative"),
    P("\\sqrt[3]{x}", "x^(1/3)", C, id="cube-root-name"),
    P("\\sqrt{x}^2", "x", C, id="sqrt-group-squared"),
    P("\\sqrt2^2", "2", C, id="sqrt-one-char-squared"),
    P("\\sqrt[3]{x}^3", "x", C, id="cube-root-group-cubed"),
    P("2 \\cdot 3", "6", C, id="cdot"),
    P("2\\times 3", "6", C, id="times"),
    P("\\left( x+1 \\right)^2", "x^2 + 2x + 1", C, id="left-right"),
    P("\\big( x \\big)^2", "x^2", C, id="big-parens"),
    P("\\left|x\\right|", "abs(x)", C, id="left-right-bars"),
    P("\\lvert x \\rvert", "abs(x)", C, id="lvert-rvert"),
    P("x^{2}+2x+1", "(x+1)^2", C, id="braced-exponent"),
    P("x_{i}", "x_i", C, id="braced-index"),
    P("\\sigma^2", "sigma^2", C, id="latex-greek-power"),
    P("e^{-\\frac{x^2}{2}}", "exp(-x^2/2)", C, id="e-frac-exponent"),
    P("\\exp\\left(-\\frac{x^2}{2}\\right)", "exp(-x^2/2)", C, id="exp-left-right"),
    P("\\exp(x)", "e^x", C, id="exp-command"),
    P("\\ln x", "log(x)", C, id="ln-command"),
    P("\\log x", "log(x)", C, id="log-command"),
    P("\\log_2 8", "3", C, id="log-base-subscript"),
    P("\\log_{2}(8)", "3", C, id="log-braced-base"),
    P("\\sin x", "sin(x)", C, id="sin-command"),
    P("\\cos^2 x + \\sin^2 x", "1", C, id="trig-power-commands"),
    P("\\tan x", "sin(x)/cos(x)", C, id="tan-command"),
    P("\\mathrm{e}^{x}", "exp(x)", C, id="mathrm-e"),
    P("\\operatorname{sin}(x)", "sin(x)", C, id="operatorname"),
    P("\\mathbf{x} + \\boldsymbol{y}", "x + y", C, id="bold-styles"),
    P("\\boldsymbol{\\sigma}^2", "sigma^2", C, id="bold-greek"),
    P("3\\text{ cm}", "3", C, id="text-unit-dropped"),
    P("\\text{the answer is } 3", "3", C, id="text-words-dropped"),
    P("x \\quad", "x", C, id="quad-space"),
    P("2\\,x", "2x", C, id="thin-space"),
    P("\\cancel{2} x", "x", C, id="cancel-factor"),
    P("\\frac{\\cancel{2} x}{\\cancel{2}}", "x", C, id="cancel-whole-denominator"),
    P("x + \\cancel{a} - \\cancel{a}", "x", C, id="cancel-pair-of-terms"),
    P("\\frac{2}{1}", "1/2", W, id="frac-upside-down"),
    P("\\frac{1}{2}", "2", W, id="frac-for-integer"),
    P("\\sqrt[3]{8}", "sqrt(8)", W, id="cube-root-vs-square-root"),
    P("\\sqrt{3}", "sqrt(2)", W, id="latex-sqrt-wrong"),
    P("\\dfrac{\\sqrt{2}}{2}", "sqrt(2)", W, id="dfrac-missing-factor"),
    P("-\\frac{\\sqrt{2}}{2}", "1/sqrt(2)", W, id="frac-sign"),
    P("\\left(x-1\\right)^2", "(x+1)^2", W, id="left-right-sign"),
    P("\\frac{x+1}{x-1}", "(x-1)/(x+1)", W, id="frac-reciprocal"),
    P("\\sin x", "\\cos x", W, id="latex-sin-for-cos"),
    P("\\log_2 8", "2", W, id="log-base-wrong"),
    P("e^{\\frac{x^2}{2}}", "exp(-x^2/2)", W, id="exponent-sign-lost"),
    P("\\sqrt{x^2}", "x", W, id="latex-sqrt-square-not-x"),
    P("x^{3}+2x+1", "(x+1)^2", W, id="braced-exponent-wrong"),
    P("\\frac{1}{2}", "1/sqrt(2)", W, id="latex-half-for-inv-sqrt2"),
    P("\\frac{x}{2}", "2/x", W, id="frac-name-upside-down"),
    P("\\pi/3", "pi/4", W, id="latex-pi-wrong-fraction"),
    P("\\begin{bmatrix} 1 & 2 \\\\ 3 & 4 \\end{bmatrix}^T", "[[1, 2], [3, 4]]", W, id="bmatrix-transposed"),
]

# ---------------------------------------------------------------------------------------------------------------
# Vectors: [a, b], (a, b), column and row forms, MATLAB spacing, \begin{bmatrix}; row vs column both accepted.
VECTORS_TABLE = [
    P("[1/sqrt(2), 1/sqrt(2)]", "[1/sqrt(2), 1/sqrt(2)]", C, id="vec-brackets"),
    P("(1/sqrt(2), 1/sqrt(2))", "[1/sqrt(2), 1/sqrt(2)]", C, id="vec-parens"),
    P("[sqrt(2)/2, sqrt(2)/2]", "[1/sqrt(2), 1/sqrt(2)]", C, id="vec-rationalised"),
    P("[0.7071, 0.7071]", "[1/sqrt(2), 1/sqrt(2)]", C, id="vec-decimals"),
    P("[1/√2; 1/√2]", "[1/sqrt(2), 1/sqrt(2)]", C, id="vec-semicolon-column"),
    P("[[1/sqrt(2)], [1/sqrt(2)]]", "[1/sqrt(2), 1/sqrt(2)]", C, id="vec-nested-column"),
    P("[1/sqrt(2) 1/sqrt(2)]", "[1/sqrt(2), 1/sqrt(2)]", C, id="vec-matlab-row"),
    P("Matrix([[1/sqrt(2)], [1/sqrt(2)]])", "[1/sqrt(2), 1/sqrt(2)]", C, id="vec-Matrix"),
    P("\\begin{bmatrix} \\frac{1}{\\sqrt{2}} \\\\ \\frac{1}{\\sqrt{2}} \\end{bmatrix}", "[1/sqrt(2), 1/sqrt(2)]", C,
      id="vec-bmatrix-column"),
    P("\\begin{pmatrix} \\frac{\\sqrt2}{2} \\\\ \\frac{\\sqrt2}{2} \\end{pmatrix}", "[1/sqrt(2), 1/sqrt(2)]", C,
      id="vec-pmatrix-column"),
    P("\\begin{bmatrix} \\frac{1}{\\sqrt{2}} & \\frac{1}{\\sqrt{2}} \\end{bmatrix}", "[1/sqrt(2), 1/sqrt(2)]", C,
      id="vec-bmatrix-row"),
    P("$[\\tfrac{1}{\\sqrt 2}, \\tfrac{1}{\\sqrt 2}]$", "[1/sqrt(2), 1/sqrt(2)]", C, id="vec-latex-entries"),
    P("1/sqrt(2) [1, 1]", "[1/sqrt(2), 1/sqrt(2)]", C, id="vec-scalar-times"),
    P("[1, 1]/sqrt(2)", "[1/sqrt(2), 1/sqrt(2)]", C, id="vec-divided"),
    P("[1/sqrt(2), 1/sqrt(2)]", "[1/sqrt(2), -1/sqrt(2)]", W, id="vec-sign-of-one-entry"),
    P("[-1/sqrt(2), 1/sqrt(2)]", "[1/sqrt(2), 1/sqrt(2)]", W, id="vec-sign-first"),
    P("-[1/sqrt(2), 1/sqrt(2)]", "[1/sqrt(2), 1/sqrt(2)]", W, id="vec-negated"),
    P("[1/2, 1/2]", "[1/sqrt(2), 1/sqrt(2)]", W, id="vec-half-for-inv-sqrt2"),
    P("[1, 1]", "[1/sqrt(2), 1/sqrt(2)]", W, id="vec-not-normalised"),
    P("[sqrt(2), sqrt(2)]", "[1/sqrt(2), 1/sqrt(2)]", W, id="vec-off-by-2"),
    P("[1/sqrt(2)]", "[1/sqrt(2), 1/sqrt(2)]", W, id="vec-too-short"),
    P("[1/sqrt(2), 1/sqrt(2), 0]", "[1/sqrt(2), 1/sqrt(2)]", W, id="vec-too-long"),
    P("1/sqrt(2)", "[1/sqrt(2), 1/sqrt(2)]", W, id="vec-scalar-for-vector"),
    P("[[1/sqrt(2), 1/sqrt(2)], [0, 0]]", "[1/sqrt(2), 1/sqrt(2)]", W, id="vec-matrix-for-vector"),
    P("[0.7, 0.7]", "[1/sqrt(2), 1/sqrt(2)]", W, id="vec-decimals-too-rough"),
    P("[1, -2]", "[1, -2]", C, id="vec-int"),
    P("(1, -2)", "[1, -2]", C, id="vec-int-parens"),
    P("[1 -2]", "[1, -2]", C, id="vec-matlab-negative"),
    P("[1; -2]", "[1, -2]", C, id="vec-semicolons"),
    P("[1, −2]", "[1, -2]", C, id="vec-unicode-minus"),
    P("\\begin{bmatrix} 1 \\\\ -2 \\end{bmatrix}", "[1, -2]", C, id="vec-bmatrix-int"),
    P("[2/2, -4/2]", "[1, -2]", C, id="vec-unsimplified"),
    P("[[1, -2]]", "[1, -2]", C, id="vec-row-matrix"),
    P("[1, -2]^T", "[1, -2]", C, id="vec-transposed"),
    P("[1, -2]ᵀ", "[1, -2]", C, id="vec-unicode-transposed"),
    P("[1 -2]'", "[1, -2]", C, id="vec-prime-transposed"),
    P("[-2, 1]", "[1, -2]", W, id="vec-swapped"),
    P("[1, 2]", "[1, -2]", W, id="vec-sign-lost"),
    P("[-1, 2]", "[1, -2]", W, id="vec-both-signs"),
    P("[-1, -2]", "[1, -2]", W, id="vec-first-sign"),
    P("[1 - 2]", "[1, -2]", W, id="vec-spaced-minus-is-one-entry"),
    P("[2, -1]", "[1, -2]", W, id="vec-swapped-and-signs"),
    P("[1, -2, 0]", "[1, -2]", W, id="vec-extra-zero"),
    P("-1", "[1, -2]", W, id="vec-scalar"),
    P("[a, b]", "[a, b]", C, id="vec-symbols"),
    P("(a, b)", "[a, b]", C, id="vec-symbols-parens"),
    P("[2x, 2y]", "2 [x, y]", C, id="vec-scalar-factor"),
    P("[b, a]", "[a, b]", W, id="vec-symbols-swapped"),
    P("[a, -b]", "[a, b]", W, id="vec-symbols-sign"),
    P("[1, 2] + [3, 4]", "[4, 6]", C, id="vec-sum"),
    P("[1, 2] + [3, 4]", "[4, 5]", W, id="vec-sum-wrong"),
    P("[1/sqrt(2), 1/sqrt(2)]", "[1/sqrt(2), 1/sqrt(3)]", W, id="vec-one-entry-off"),
    P("[0.7071, 0.7171]", "[1/sqrt(2), 1/sqrt(2)]", W, id="vec-one-decimal-off"),
]

# Matrices: [[a, b], [c, d]], [a b; c d], Matrix(...), LaTeX environments; transposes and shapes.
MATRICES = [
    P("[[1, 2], [3, 4]]", "[[1, 2], [3, 4]]", C, id="mat-nested"),
    P("[1 2; 3 4]", "[[1, 2], [3, 4]]", C, id="mat-matlab"),
    P("[1, 2; 3, 4]", "[[1, 2], [3, 4]]", C, id="mat-commas-semicolons"),
    P("[(1, 2), (3, 4)]", "[[1, 2], [3, 4]]", C, id="mat-tuple-rows"),
    P("Matrix([[1, 2], [3, 4]])", "[[1, 2], [3, 4]]", C, id="mat-Matrix"),
    P("\\begin{bmatrix} 1 & 2 \\\\ 3 & 4 \\end{bmatrix}", "[[1, 2], [3, 4]]", C, id="mat-bmatrix"),
    P("\\begin{pmatrix}1&2\\\\3&4\\end{pmatrix}", "[[1, 2], [3, 4]]", C, id="mat-pmatrix-tight"),
    P("\\begin{matrix} 1 & 2 \\\\ 3 & 4 \\end{matrix}", "[[1, 2], [3, 4]]", C, id="mat-matrix-env"),
    P("\\left[\\begin{array}{cc} 1 & 2 \\\\ 3 & 4 \\end{array}\\right]", "[[1, 2], [3, 4]]", C, id="mat-array"),
    P("\\left(\\begin{matrix} 1 & 2 \\\\ 3 & 4 \\end{matrix}\\right)", "[[1, 2], [3, 4]]", C, id="mat-left-paren"),
    P("\\begin{bmatrix} 1 & 2 \\\\ 3 & 4 \\\\ \\end{bmatrix}", "[[1, 2], [3, 4]]", C, id="mat-trailing-rowsep"),
    P("$$\\begin{bmatrix} 1 & 2 \\\\ 3 & 4 \\end{bmatrix}$$", "[[1, 2], [3, 4]]", C, id="mat-display-dollars"),
    P("[[2/2, 4/2], [6/2, 8/2]]", "[[1, 2], [3, 4]]", C, id="mat-unsimplified"),
    P("2 [[1/2, 1], [3/2, 2]]", "[[1, 2], [3, 4]]", C, id="mat-scalar-times"),
    P("[[1, 3], [2, 4]]^T", "[[1, 2], [3, 4]]", C, id="mat-transpose-of-transpose"),
    P("[[1, 3], [2, 4]]'", "[[1, 2], [3, 4]]", C, id="mat-prime"),
    P("[[1.0, 2.0], [3.0, 4.0]]", "[[1, 2], [3, 4]]", C, id="mat-decimals"),
    P("[[1,2],[3,4]] + [[0,0],[0,0]]", "[[1, 2], [3, 4]]", C, id="mat-sum"),
    P("[[1, 2], [3, 4]]^{-1}", "[[-2, 1], [3/2, -1/2]]", C, id="mat-inverse"),
    P("\\begin{vmatrix} 1 & 2 \\\\ 3 & 4 \\end{vmatrix}", "-2", C, id="mat-vmatrix-determinant"),
    P("det([[1,2],[3,4]])", "-2", C, id="mat-det"),
    P("[a b; c d]", "[[a, b], [c, d]]", C, id="mat-symbols-matlab"),
    P("[a -b; c d]", "[[a, -b], [c, d]]", C, id="mat-symbols-matlab-negative"),
    P("Matrix([[a, b], [c, d]])", "[[a, b], [c, d]]", C, id="mat-symbols-Matrix"),
    P("\\begin{pmatrix} a & b \\\\ c & d \\end{pmatrix}", "[[a, b], [c, d]]", C, id="mat-symbols-pmatrix"),
    P("\\begin{bmatrix} a & b \\\\ c & d \\end{bmatrix}^T", "[[a, c], [b, d]]", C, id="mat-symbols-transposed"),
    P("[[1,2],[3,4],[5,6]]", "[[1, 2], [3, 4], [5, 6]]", C, id="mat-3x2"),
    P("[1 2; 3 4; 5 6]", "[[1, 2], [3, 4], [5, 6]]", C, id="mat-3x2-matlab"),
    P("[[1, 3], [2, 4]]", "[[1, 2], [3, 4]]", W, id="mat-transposed"),
    P("[[3, 4], [1, 2]]", "[[1, 2], [3, 4]]", W, id="mat-rows-swapped"),
    P("[[2, 1], [4, 3]]", "[[1, 2], [3, 4]]", W, id="mat-columns-swapped"),
    P("[[4, 3], [2, 1]]", "[[1, 2], [3, 4]]", W, id="mat-reversed"),
    P("[[1, 2], [3, 5]]", "[[1, 2], [3, 4]]", W, id="mat-one-entry"),
    P("[[-1, 2], [3, 4]]", "[[1, 2], [3, 4]]", W, id="mat-one-sign"),
    P("-[[1, 2], [3, 4]]", "[[1, 2], [3, 4]]", W, id="mat-negated"),
    P("[[sqrt(2), 2], [3, 4]]", "[[1, 2], [3, 4]]", W, id="mat-entry-off-by-sqrt2"),
    P("[[1, 2], [3, 4]]^2", "[[1, 2], [3, 4]]", W, id="mat-squared"),
    P("[[1, 2], [3, 4]]^-1", "[[1, 2], [3, 4]]", W, id="mat-inverted"),
    P("[[1, 2, 0], [3, 4, 0]]", "[[1, 2], [3, 4]]", W, id="mat-extra-column"),
    P("[1, 2, 3, 4]", "[[1, 2], [3, 4]]", W, id="mat-flattened"),
    P("[[1, 2]]", "[[1, 2], [3, 4]]", W, id="mat-one-row"),
    P("10", "[[1, 2], [3, 4]]", W, id="mat-scalar"),
    P("[[a, c], [b, d]]", "[[a, b], [c, d]]", W, id="mat-symbols-transposed-wrong"),
    P("[[a, b], [d, c]]", "[[a, b], [c, d]]", W, id="mat-symbols-swapped"),
    P("[[b, a], [c, d]]", "[[a, b], [c, d]]", W, id="mat-symbols-first-row-swapped"),
    P("[[1, 2, 3], [4, 5, 6]]", "[[1, 2], [3, 4], [5, 6]]", W, id="mat-2x3-for-3x2"),
    P("[[1, 3, 5], [2, 4, 6]]", "[[1, 2], [3, 4], [5, 6]]", W, id="mat-transposed-3x2"),
    P("[[1, 2], [3, 4]]", "[[1, 2], [3, 4], [5, 6]]", W, id="mat-missing-row"),
    P("[[1, 0], [0, 1]]", "[[1, 0], [0, 1]]", C, id="mat-identity"),
    P("[1 0; 0 1]", "[[1, 0], [0, 1]]", C, id="mat-identity-matlab"),
    P("[[2, 0], [0, 2]]", "[[1, 0], [0, 1]]", W, id="mat-identity-doubled"),
    P("[[0, 1], [1, 0]]", "[[1, 0], [0, 1]]", W, id="mat-permutation-for-identity"),
    P("[[1, 2], [3, 4]]", "[[1, 2], [3, -4]]", W, id="mat-last-sign"),
    P("[[1, 2], [3, 4]] [[1, 0], [0, 1]]", "[[1, 2], [3, 4]]", C, id="mat-product-identity"),
    P("[[0, 1], [1, 0]] [[1, 2], [3, 4]]", "[[3, 4], [1, 2]]", C, id="mat-product-left"),
    P("[[1, 2], [3, 4]] [[0, 1], [1, 0]]", "[[3, 4], [1, 2]]", W, id="mat-product-wrong-side"),
    P("[[1/sqrt(2), -1/sqrt(2)], [1/sqrt(2), 1/sqrt(2)]]", "[[cos(pi/4), -sin(pi/4)], [sin(pi/4), cos(pi/4)]]", C,
      id="rot-45"),
    P("1/sqrt(2) [[1, -1], [1, 1]]", "[[cos(pi/4), -sin(pi/4)], [sin(pi/4), cos(pi/4)]]", C, id="rot-factored"),
    P("\\frac{1}{\\sqrt{2}}\\begin{bmatrix} 1 & -1 \\\\ 1 & 1 \\end{bmatrix}",
      "[[cos(pi/4), -sin(pi/4)], [sin(pi/4), cos(pi/4)]]", C, id="rot-latex-factored"),
    P("[0.7071 -0.7071; 0.7071 0.7071]", "[[cos(pi/4), -sin(pi/4)], [sin(pi/4), cos(pi/4)]]", C, id="rot-decimals"),
    P("[[1/sqrt(2), 1/sqrt(2)], [-1/sqrt(2), 1/sqrt(2)]]", "[[cos(pi/4), -sin(pi/4)], [sin(pi/4), cos(pi/4)]]", W,
      id="rot-transposed"),
    P("[[1, -1], [1, 1]]", "[[cos(pi/4), -sin(pi/4)], [sin(pi/4), cos(pi/4)]]", W, id="rot-missing-factor"),
    P("sqrt(2) [[1, -1], [1, 1]]", "[[cos(pi/4), -sin(pi/4)], [sin(pi/4), cos(pi/4)]]", W, id="rot-factor-upside-down"),
    P("[[1/2, -1/2], [1/2, 1/2]]", "[[cos(pi/4), -sin(pi/4)], [sin(pi/4), cos(pi/4)]]", W, id="rot-half-for-root"),
    P("[[cos(pi/3), -sin(pi/3)], [sin(pi/3), cos(pi/3)]]", "[[cos(pi/4), -sin(pi/4)], [sin(pi/4), cos(pi/4)]]", W,
      id="rot-wrong-angle"),
]

# ---------------------------------------------------------------------------------------------------------------
# Equality chains: the answer is the last member; the earlier ones are working.
CHAINS = [
    P("x = 1/sqrt(2)", "1/sqrt(2)", C, id="chain-name-equals"),
    P("a = b = \\frac{\\sqrt{2}}{2}", "1/sqrt(2)", C, id="chain-three-members"),
    P("y = (x+1)^2", "x^2 + 2x + 1", C, id="chain-y-equals"),
    P("(x+1)^2 = x^2 + 2x + 1", "x^2 + 2x + 1", C, id="chain-expanded-last"),
    P("2 + 2 = 5 = 4", "4", C, id="chain-wrong-working-right-answer"),
    P("f(x) = 2x", "2x", C, id="chain-function-name"),
    P("v = [1, -2]", "[1, -2]", C, id="chain-vector"),
    P("π ≈ 3.14159", "pi", C, id="chain-approx"),
    P("1/sqrt(2) = 1/2", "1/sqrt(2)", W, id="chain-last-member-wrong"),
    P("x = 4 = 5", "4", W, id="chain-last-wins"),
    P("1/2 = 0.5 = 0.6", "0.5", W, id="chain-decimal-last-wrong"),
    P("v = [-2, 1]", "[1, -2]", W, id="chain-vector-swapped"),
    P("x = 2 = 3", "2", W, id="chain-right-value-in-the-middle"),
    P("[1, -2] = [-2, 1]", "[1, -2]", W, id="chain-vector-last-swapped"),
]

# ---------------------------------------------------------------------------------------------------------------
# Text that cannot be read is `invalid`, never `incorrect` and never `correct`.
UNREADABLE = [
    P("(1+2", "3", X, id="unclosed-paren"),
    P("1+2)", "3", X, id="unopened-paren"),
    P("sin(x", "sin(x)", X, id="unclosed-call"),
    P("(x]", "x", X, id="mismatched-brackets"),
    P("sinn(x)", "sin(x)", X, id="unknown-function-sinn"),
    P("coss(x)", "cos(x)", X, id="unknown-function-coss"),
    P("foo(x)", "x", X, id="unknown-function-foo"),
    P("", "1", X, id="empty"),
    P("   ", "1", X, id="blank"),
    P("idk", "x", X, id="words-idk"),
    P("no idea", "x", X, id="words-no-idea"),
    P("???", "1", X, id="question-marks"),
    P("@", "1", X, id="at-sign"),
    P("50%", "0.5", C, id="percent"),  # issue 14: percent and decimal commas are read (was X)
    P("0,5", "0.5", C, id="decimal-comma"),
    P("1,000", "1000", X, id="thousands-comma"),
    P("1 000", "1000", X, id="thousands-space"),
    P("2\\,000", "2000", C, id="thousands-thin-space"),  # issue 14: a LaTeX thin space groups thousands (was X)
    P("2 3", "6", X, id="two-numbers"),
    P("1..2", "1", X, id="double-dot"),
    P("1.2.3", "1", X, id="version-number"),
    P("2 +", "2", X, id="trailing-operator"),
    P("* 2", "2", X, id="leading-star"),
    P("x =", "1", X, id="empty-last-member"),
    P("\\foo{x}", "x", X, id="unknown-command"),
    P("\\begin{foo} 1 \\end{foo}", "1", X, id="unknown-environment"),
    P("\\|x\\|", "x", W, id="norm-of-a-number-is-its-absolute-value"),
    P("\\|x", "x", X, id="unclosed-norm"),
    P("\\dfrac{\\partial y}{\\partial x}", "1", X, id="partial"),
    P("1/0", "1", X, id="division-by-zero"),
    P("1 + ... + n", "1", X, id="ellipsis"),
    P("|x", "abs(x)", X, id="unclosed-bar"),
    P("[[1, 2], [3]]", "[[1, 2], [3, 4]]", X, id="ragged-nested"),
    P("[1 2; 3]", "[[1, 2], [3, 4]]", X, id="ragged-matlab"),
    P("Matrix([[1, 2], [3]])", "[[1, 2], [3, 4]]", X, id="ragged-Matrix"),
    P("\\begin{pmatrix} 1 & 2 \\\\ 3 \\end{pmatrix}", "[[1, 2], [3, 4]]", X, id="ragged-pmatrix"),
    P("[[1, 2], [3, 4, 5]]", "[[1, 2], [3, 4]]", X, id="ragged-long-row"),
    P("((1, 2), (3, 4))", "[[1, 2], [3, 4]]", X, id="tuple-of-tuples"),
    P("2.5½", "1", X, id="fraction-after-decimal"),
    P("sin()", "1", X, id="empty-call"),
    P("()", "1", X, id="empty-parens"),
    P("[]", "1", X, id="empty-brackets"),
    P("x^", "1", X, id="dangling-caret"),
    P("\\frac{1}", "1", X, id="frac-one-argument"),
    P("\\sqrt{}", "1", X, id="empty-sqrt"),
    P("[[1,2],[3,4]", "[[1, 2], [3, 4]]", X, id="unclosed-outer-bracket"),
    P("\\begin{bmatrix} 1 & 2", "[1, 2]", X, id="unclosed-environment"),
    P("\\left(x\\right]", "x", X, id="left-right-mismatch"),
    P("x__1", "x_1", X, id="double-underscore"),
]

# Layouts typed outside LaTeX: ⟨a, b⟩, a calculator's rows of brackets, entries set apart by runs of spaces; and
# a Latin letter typed for the Greek one it spells (t for θ), read as that letter only where nothing else fits.
LAYOUTS = [
    P("\\langle 1, -2 \\rangle", "[1, -2]", C, id="langle-vector"),
    P("\\left\\langle -2,2\\right\\rangle", "[-2, 2]", C, id="left-langle-vector"),
    P("⟨1, 2⟩", "[1, 2]", C, id="unicode-angle-vector"),
    P("\\langle 2, 1 \\rangle", "[1, 2]", W, id="langle-vector-swapped"),
    P("[[1,0][0,-1]]", "[[1, 0], [0, -1]]", C, id="ti84-matrix"),
    P("[[-2][2]]", "[-2, 2]", C, id="ti84-column"),
    P("[[-2][2]]", "-4", W, id="ti84-column-is-no-product"),
    P("[[0,1][-1,0]]", "[[0, -1], [1, 0]]", W, id="ti84-matrix-transposed"),
    P("[cos(theta)  -r sin(theta) ; sin(theta)  r cos(theta)]", "[[cos(theta), -r*sin(theta)], [sin(theta), r*cos(theta)]]",
      C, id="wide-gaps-between-entries"),
    P("[x + 1  2; 3  4]", "[[x + 1, 2], [3, 4]]", C, id="wide-gaps-with-a-sum"),
    P("[1 2  3; 4 5  6]", "[[1, 2, 3], [4, 5, 6]]", C, id="wide-gaps-between-numbers-still-separate"),
    P("[cos(theta)  r sin(theta) ; sin(theta)  r cos(theta)]", "[[cos(theta), -r*sin(theta)], [sin(theta), r*cos(theta)]]",
      W, id="wide-gaps-one-sign-wrong"),
    P("r cos(t)", "r*cos(theta)", C, id="t-for-theta"),
    P("[cos t  -r sin t ; sin t  r cos t]", "[[cos(theta), -r*sin(theta)], [sin(theta), r*cos(theta)]]", C,
      id="t-for-theta-in-a-matrix"),
    P("r sin(t)", "r*cos(theta)", W, id="t-for-theta-still-wrong"),
    P("r^2 sin(phi)", "r^2*sin(theta)", W, id="phi-for-theta-is-a-swap"),
    P("r^2 sin(p)", "r^2*sin(theta)", W, id="p-is-not-theta"),
    P("2y", "2x", W, id="latin-letters-are-never-renamed"),
    P("3 y 1", "[3, 1]", C, id="spanish-and-between-values"),
    P("45 και 5", "[45, 5]", C, id="greek-and-between-values"),
    P("45 και 4", "[45, 5]", W, id="greek-and-one-value-wrong"),
    P("x y", "x*y", C, id="y-between-names-is-a-product"),
    P("r^2 sin\u2061θ", "r^2*sin(theta)", C, id="words-function-application-mark"),
    P("r^2 cos\u2061θ", "r^2*sin(theta)", W, id="words-function-application-mark-wrong-function"),
    P("σ∙(1−σ)", "sigma*(1 - sigma)", C, id="bullet-operator-is-a-product"),
    P("log Σ e^{z_k}", "log(sum_k e^{z_k})", C, id="a-sum-over-its-terms-one-index"),
    P("log Σ e^{z_k} + c", "log(sum_k e^{z_k}) + c", C, id="a-sum-over-its-terms-ends-at-plus"),
    P("log Σ e^{z_k}", "log(sum_k e^{z_k + c})", W, id="a-sum-over-its-terms-one-index-wrong"),
    P("Σ V^T", "Sigma*V^T", C, id="sigma-without-an-index-is-still-the-matrix"),
]

TABLES_DEFAULT = [("numbers", NUMBERS), ("implicit", IMPLICIT), ("functions", FUNCTIONS),
                  ("constants", CONSTANTS), ("inv-sqrt2", INV_SQRT2), ("unicode", UNICODE),
                  ("subscripts", SUBSCRIPTS_GREEK), ("degrees", DEGREES), ("latex", LATEX),
                  ("vectors", VECTORS_TABLE), ("matrices", MATRICES), ("chains", CHAINS),
                  ("unreadable", UNREADABLE), ("layouts", LAYOUTS)]
DEFAULT_CASES = [case for _, table in TABLES_DEFAULT for case in table]


@pytest.mark.parametrize("answer,expected,status", DEFAULT_CASES)
def test_default_options(answer: str, expected: str, status: Status) -> None:
    verdict_is(answer, expected, status)


@pytest.mark.parametrize("answer,expected,status", EXACT)
def test_exact_mode(answer: str, expected: str, status: Status) -> None:
    verdict_is(answer, expected, status, CheckOptions(exact=True))


# ---------------------------------------------------------------------------------------------------------------
# A positive variable: identities that hold only for x > 0.
POSITIVE = [
    P("x", "sqrt(x^2)", C, id="pos-sqrt-square"),
    P("x^2", "exp(2 ln(x))", C, id="pos-exp-log"),
    P("e^{2\\ln x}", "exp(2 ln(x))", C, id="pos-exp-log-latex"),
    P("exp(ln(x))^2", "exp(2 ln(x))", C, id="pos-exp-log-squared"),
    P("2 ln(x)", "ln(x^2)", C, id="pos-log-power"),
    P("ln(x) + ln(2)", "ln(2x)", C, id="pos-log-product"),
    P("x^(1/2)", "sqrt(x)", C, id="pos-half-power"),
    P("x^0.5", "sqrt(x)", C, id="pos-decimal-power"),
    P("-x", "sqrt(x^2)", W, id="pos-sqrt-square-sign"),
    P("2x", "exp(2 ln(x))", W, id="pos-exp-log-wrong"),
    P("ln(x)^2", "ln(x^2)", W, id="pos-log-square-vs-log-of-square"),
    P("ln(x) ln(2)", "ln(2x)", W, id="pos-log-product-wrong"),
    P("x^0.6", "sqrt(x)", W, id="pos-wrong-power"),
]


@pytest.mark.parametrize("answer,expected,status", POSITIVE)
def test_positive_variable(answer: str, expected: str, status: Status) -> None:
    verdict_is(answer, expected, status, CheckOptions(domains=(("x", "positive"),)))


# ---------------------------------------------------------------------------------------------------------------
# Vector names and transposes: w^T, wᵀ, w', \top, \intercal; a row times a column is a number, a column times a
# row is a matrix.
TRANSPOSES = [
    P("w^T x", "w^T x", C, id="dot-caret-T"),
    P("x^T w", "w^T x", C, id="dot-commuted"),
    P("wᵀx", "w^T x", C, id="dot-unicode-T"),
    P("w' x", "w^T x", C, id="dot-prime"),
    P("w^{T} x", "w^T x", C, id="dot-braced-T"),
    P("w^\\top x", "w^T x", C, id="dot-top"),
    P("\\mathbf{w}^\\top \\mathbf{x}", "w^T x", C, id="dot-bold-top"),
    P("\\mathbf{x}^\\intercal \\mathbf{w}", "w^T x", C, id="dot-bold-intercal"),
    P("2 w^T x", "2 x^T w", C, id="dot-scaled"),
    P("w^T x x^T", "x^T w x^T", C, id="dot-times-row"),
    P("w x^T", "w^T x", W, id="outer-for-inner"),
    P("w x'", "w^T x", W, id="outer-prime-for-inner"),
    P("w x", "w^T x", W, id="two-columns"),
    P("w^T x^T", "w^T x", W, id="two-rows"),
    P("w^T w", "w^T x", W, id="wrong-vector"),
    P("-w^T x", "w^T x", W, id="dot-sign"),
    P("2 w^T x", "w^T x", W, id="dot-factor-2"),
]


@pytest.mark.parametrize("answer,expected,status", TRANSPOSES)
def test_vector_names(answer: str, expected: str, status: Status) -> None:
    verdict_is(answer, expected, status, CheckOptions(vectors=VECTORS))


# Orientation: w and wᵀ are both accepted unless the part requires the orientation.
ORIENTED = [
    P("w^T", "w^T", C, id="row-for-row"),
    P("wᵀ", "w^T", C, id="unicode-row-for-row"),
    P("(w')'", "w", C, id="double-transpose"),
    P("[[1, 2]]", "[[1, 2]]", C, id="row-matrix-for-row"),
    P("w", "w^T", W, id="column-for-row"),
    P("w^T", "w", W, id="row-for-column"),
    P("[[1, 2]]", "[1, 2]", W, id="row-matrix-for-column"),
    P("[1, 2]^T", "[1, 2]", W, id="transposed-column"),
]


@pytest.mark.parametrize("answer,expected,status", ORIENTED)
def test_orientation_required(answer: str, expected: str, status: Status) -> None:
    verdict_is(answer, expected, status, CheckOptions(vectors=frozenset({"w"}), orientation=True))


# An indexed answer whose value is a vector: every way of writing w (transposed or not) is accepted.
VECTOR_INDEXED = [
    P("w", "w", C, id="vi-plain"),
    P("w^T", "w", C, id="vi-caret-T"),
    P("wᵀ", "w", C, id="vi-unicode-T"),
    P("w'", "w", C, id="vi-prime"),
    P("w^\\top", "w", C, id="vi-top"),
    P("w^{T}", "w", C, id="vi-braced-T"),
    P("\\mathbf{w}^\\intercal", "w", C, id="vi-bold-intercal"),
    P("\\boldsymbol{w}", "w", C, id="vi-boldsymbol"),
    P("-w", "w", W, id="vi-negated"),
    P("x_i", "w", W, id="vi-other-vector"),
    P("2w", "w", W, id="vi-doubled"),
    P("w + x_i", "w", W, id="vi-extra-term"),
]


@pytest.mark.parametrize("answer,expected,status", VECTOR_INDEXED)
def test_vector_valued_indexed(answer: str, expected: str, status: Status) -> None:
    verdict_is(answer, expected, status, CheckOptions(kind=Kind.INDEXED, vectors=VECTORS))


# ---------------------------------------------------------------------------------------------------------------
# Choices: case-insensitive, with the builtin synonyms of counterclockwise and clockwise.
CHOICES = [
    P("counterclockwise", "counterclockwise", C, id="ccw-exact"),
    P("COUNTERCLOCKWISE", "counterclockwise", C, id="ccw-upper"),
    P("Counterclockwise.", "counterclockwise", C, id="ccw-sentence-case"),
    P("ccw", "counterclockwise", C, id="ccw-abbreviation"),
    P("CCW", "counterclockwise", C, id="ccw-abbreviation-upper"),
    P("anticlockwise", "counterclockwise", C, id="anticlockwise"),
    P("Anti-clockwise", "counterclockwise", C, id="anti-hyphen-clockwise"),
    P("counter-clockwise", "counterclockwise", C, id="counter-hyphen-clockwise"),
    P("Counter Clockwise", "counterclockwise", C, id="counter-space-clockwise"),
    P("it rotates counter-clockwise", "counterclockwise", C, id="ccw-in-a-sentence"),
    P("counterclockwise", "anticlockwise", C, id="reference-spelled-anticlockwise"),
    P("ccw", "anticlockwise", C, id="abbreviation-for-anticlockwise"),
    P("counter clockwise", "ccw", C, id="reference-spelled-ccw"),
    P("clockwise", "clockwise", C, id="cw-exact"),
    P("CW", "clockwise", C, id="cw-abbreviation"),
    P("Clockwise", "cw", C, id="reference-spelled-cw"),
    P("clock wise", "clockwise", C, id="cw-two-words"),
    P("RECTANGLE", "rectangle", C, id="word-case"),
    P("it is a rectangle", "rectangle", C, id="word-in-a-sentence"),
    P("clockwise", "counterclockwise", W, id="cw-for-ccw"),
    P("Clockwise", "counterclockwise", W, id="cw-capital-for-ccw"),
    P("cw", "counterclockwise", W, id="cw-abbreviation-for-ccw"),
    P("counterclockwise", "clockwise", W, id="ccw-for-cw"),
    P("anticlockwise", "clockwise", W, id="anticlockwise-for-cw"),
    P("ccw", "clockwise", W, id="ccw-abbreviation-for-cw"),
    P("clockwise", "anticlockwise", W, id="cw-for-anticlockwise"),
    P("cw", "ccw", W, id="cw-for-ccw-abbreviations"),
    P("square", "rectangle", W, id="other-word"),
    P("countercw", "counterclockwise", W, id="not-a-spelling"),
    P("cw", "anticlockwise", W, id="cw-for-anticlockwise-reference"),
    P("clockwise", "ccw", W, id="cw-for-ccw-reference"),
    P("counter-clockwise", "cw", W, id="ccw-for-cw-reference"),
    P("rectangle", "square", W, id="rectangle-for-square"),
    P("", "clockwise", X, id="choice-empty"),
    P("clockwise or counterclockwise", "clockwise", X, id="both-directions"),
    P("not counterclockwise", "counterclockwise", X, id="negated-right-answer"),
    P("it isn't clockwise", "counterclockwise", X, id="negated-other-answer"),
]


@pytest.mark.parametrize("answer,expected,status", CHOICES)
def test_choices(answer: str, expected: str, status: Status) -> None:
    verdict_is(answer, expected, status, CheckOptions(kind=Kind.CHOICE))


# ---------------------------------------------------------------------------------------------------------------
# Indexed answers over a softmax y: the diagonal (i = j), the off-diagonal (i ≠ j), and all entries at once.
DIAGONAL = [
    P("y_i(1 - y_j)", "y_i(1 - y_j)", C, id="diag-as-reference"),
    P("y_i - y_i^2", "y_i(1 - y_j)", C, id="diag-expanded"),
    P("y_i(1-y_i)", "y_i(1 - y_j)", C, id="diag-one-index"),
    P("y_i - y_i y_j", "y_i(1 - y_j)", C, id="diag-expanded-two-indices"),
    P("y_i - y_i y_i", "y_i(1 - y_j)", C, id="diag-repeated"),
    P("y_{i}\\left(1-y_{j}\\right)", "y_i(1 - y_j)", C, id="diag-latex"),
    P("y_i - y_i²", "y_i(1 - y_j)", C, id="diag-unicode-square"),
    P("-y_i(y_i - 1)", "y_i(1 - y_j)", C, id="diag-sign-moved"),
    P("y_i (δ_ij - y_j)", "y_i(1 - y_j)", C, id="diag-kronecker-unicode"),
    P("y_i(\\delta_{ij} - y_j)", "y_i(1 - y_j)", C, id="diag-kronecker-latex"),
    P("y_i \\cdot (1 - y_i)", "y_i(1 - y_j)", C, id="diag-cdot"),
    P("y_i^2", "y_i(1 - y_j)", W, id="diag-square-only"),
    P("1 - y_i", "y_i(1 - y_j)", W, id="diag-missing-factor"),
    P("y_i(1 + y_i)", "y_i(1 - y_j)", W, id="diag-sign-inside"),
    P("-y_i y_j", "y_i(1 - y_j)", W, id="diag-off-diagonal-formula"),
    P("y_i y_j", "y_i(1 - y_j)", W, id="diag-product"),
    P("y_i", "y_i(1 - y_j)", W, id="diag-first-factor-only"),
    P("(1 - y_i)^2", "y_i(1 - y_j)", W, id="diag-wrong-square"),
    P("y_i^2 - y_i", "y_i(1 - y_j)", W, id="diag-sign-flip"),
    P("y_j(1 - y_j)", "y_i(1 - y_j)", C, id="diag-other-index"),
    P("y_i(1 - y_j) + y_j", "y_i(1 - y_j)", W, id="diag-extra-term"),
]

OFF_DIAGONAL = [
    P("-y_i y_j", "-y_i y_j", C, id="off-as-reference"),
    P("-y_j y_i", "-y_i y_j", C, id="off-commuted"),
    P("-y_{i}y_{j}", "-y_i y_j", C, id="off-braced"),
    P("y_i(0 - y_j)", "-y_i y_j", C, id="off-zero-minus"),
    P("y_i(δ_ij - y_j)", "-y_i y_j", C, id="off-kronecker"),
    P("y_i(\\delta_{ij} - y_j)", "-y_i y_j", C, id="off-kronecker-latex"),
    P("−y_i·y_j", "-y_i y_j", C, id="off-unicode"),
    P("-(y_i y_j)", "-y_i y_j", C, id="off-parenthesised"),
    P("y_i y_j", "-y_i y_j", W, id="off-sign-flip"),
    P("y_i(1 - y_j)", "-y_i y_j", W, id="off-diagonal-formula"),
    P("-y_i^2", "-y_i y_j", W, id="off-same-index"),
    P("-y_i", "-y_i y_j", W, id="off-missing-factor"),
    P("y_i - y_j", "-y_i y_j", W, id="off-difference"),
    P("1 - y_i y_j", "-y_i y_j", W, id="off-extra-one"),
    P("-2 y_i y_j", "-y_i y_j", W, id="off-factor-2"),
]

GENERAL_ENTRY = [
    P("y_i(δ_ij - y_j)", "y_i(delta_ij - y_j)", C, id="all-kronecker-unicode"),
    P("y_i δ_ij - y_i y_j", "y_i(delta_ij - y_j)", C, id="all-expanded"),
    P("\\delta_{ij} y_i - y_i y_j", "y_i(delta_ij - y_j)", C, id="all-latex"),
    P("y_i(\\delta_{ij}-y_{j})", "y_i(delta_ij - y_j)", C, id="all-latex-braced"),
    P("y_j(δ_ij - y_i)", "y_i(delta_ij - y_j)", C, id="all-symmetric-form"),
    P("delta_ij y_i - y_i y_j", "y_i(delta_ij - y_j)", C, id="all-delta-word"),
    P("δ_{ij} y_i - y_i y_j", "y_i(delta_ij - y_j)", C, id="all-delta-braced"),
    P("y_i(1 - y_j)", "y_i(delta_ij - y_j)", W, id="all-diagonal-only"),
    P("-y_i y_j", "y_i(delta_ij - y_j)", W, id="all-off-diagonal-only"),
    P("y_i(y_j - δ_ij)", "y_i(delta_ij - y_j)", W, id="all-sign-flip"),
    P("δ_ij - y_j", "y_i(delta_ij - y_j)", W, id="all-missing-factor"),
    P("y_i δ_ij", "y_i(delta_ij - y_j)", W, id="all-missing-term"),
    P("y_i(δ_ij - y_i)", "y_i(delta_ij - y_j)", W, id="all-wrong-index"),
    P("δ_ij y_i - y_i^2", "y_i(delta_ij - y_j)", W, id="all-diagonal-square-everywhere"),
    P("y_i δ_ij + y_i y_j", "y_i(delta_ij - y_j)", W, id="all-second-sign"),
]

SUMS = [
    P("sum_j y_j", "1", C, id="sum-word"),
    P("Σ_j y_j", "1", C, id="sum-capital-sigma"),
    P("∑_j y_j", "1", C, id="sum-n-ary-sign"),
    P("\\sum_{j=1}^{K} y_j", "1", C, id="sum-latex-limits"),
    P("\\sum_{j=1}^K y_j", "1", C, id="sum-latex-bare-upper"),
    P("\\sum\\limits_{j=1}^{K} y_j", "1", C, id="sum-limits-command"),
    P("1 - sum_j y_j + 1", "1", C, id="sum-in-expression"),
    P("sum_k y_k x_k", "sum_k y_k x_k", C, id="sum-weighted"),
    P("Σ_k x_k y_k", "sum_k y_k x_k", C, id="sum-weighted-commuted"),
    P("\\sum_{j} y_j x_j", "sum_k y_k x_k", C, id="sum-renamed-index"),
    P("sum_j δ_ij y_j", "y_i", C, id="sum-kronecker-picks"),
    P("sum_j w_{ij} x_j", "sum_k w_{ik} x_k", C, id="sum-matrix-row"),
    P("Σⱼ yⱼ", "1", C, id="sum-unicode-subscript-index"),
    P("Σₖ xₖ yₖ", "sum_k y_k x_k", C, id="sum-unicode-subscripts-weighted"),
    P("Σₖ xₖ", "sum_k y_k x_k", W, id="sum-unicode-missing-weight"),
    P("sum_j y_j^2", "1", W, id="sum-of-squares"),
    P("sum_k x_k", "sum_k y_k x_k", W, id="sum-missing-weight"),
    P("y_k x_k", "sum_k y_k x_k", W, id="sum-missing"),
    P("-sum_k y_k x_k", "sum_k y_k x_k", W, id="sum-sign"),
    P("\\sum_{k=1}^{K} y_k x_k^2", "sum_k y_k x_k", W, id="sum-wrong-power"),
    P("sum_j w_{ji} x_j", "sum_k w_{ik} x_k", W, id="sum-matrix-column"),
    P("sum_j w_{ij}", "K w_{ij}", W, id="sum-of-entries-not-constant"),
    P("\\sum_{j=1}^{K} y_j - 1", "1", W, id="sum-minus-one"),
    P("sum_k y_k x_k / 2", "sum_k y_k x_k", W, id="sum-halved"),
]

SOFTMAX_INDEXED = [(Condition.EQUAL, DIAGONAL), (Condition.DIFFERENT, OFF_DIAGONAL), (Condition.ANY, GENERAL_ENTRY),
                   (Condition.ANY, SUMS)]


@pytest.mark.parametrize("condition,answer,expected,status", [
    P(condition, *case.values, id=case.id) for condition, table in SOFTMAX_INDEXED for case in table])
def test_indexed_softmax(condition: Condition, answer: str, expected: str, status: Status) -> None:
    verdict_is(answer, expected, status, CheckOptions(kind=Kind.INDEXED, condition=condition, domains=SOFTMAX))


# Finite sums: the limits are numbers, so the sum is one number.
FINITE_SUMS = [
    P("\\sum_{k=1}^{4} k", "10", C, id="finite-sum"),
    P("\\sum_{k=0}^{4} k", "10", C, id="finite-sum-from-zero"),
    P("sum_{k=1}^{4} k^2", "30", C, id="finite-sum-squares"),
    P("\\sum_{k=1}^{3} 2^k", "14", C, id="finite-sum-powers"),
    P("\\sum_{j=1}^3 2", "6", C, id="finite-sum-constant"),
    P("\\sum_{k=1}^{4} k", "9", W, id="finite-sum-wrong"),
    P("\\sum_{k=1}^{3} k^2", "10", W, id="finite-sum-off-by-one-term"),
    P("\\sum_{k=2}^{4} k", "10", W, id="finite-sum-wrong-lower-limit"),
]


@pytest.mark.parametrize("answer,expected,status", FINITE_SUMS)
def test_finite_sums(answer: str, expected: str, status: Status) -> None:
    verdict_is(answer, expected, status)


ALL_TABLES = [table for _, table in TABLES_DEFAULT] + [EXACT, POSITIVE, TRANSPOSES, ORIENTED, VECTOR_INDEXED, CHOICES,
                                                      DIAGONAL, OFF_DIAGONAL, GENERAL_ENTRY, SUMS, FINITE_SUMS]


def test_the_table_is_large_balanced_and_named_uniquely() -> None:
    cases = [case for table in ALL_TABLES for case in table]
    statuses = [case.values[2] for case in cases]
    accepted = statuses.count(C)
    assert len(cases) >= 420
    assert 0.45 <= accepted / len(cases) <= 0.65, (accepted, len(cases))
    assert statuses.count(W) >= 150 and statuses.count(X) >= 30
    ids = [case.id for case in cases]
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)


# ---------------------------------------------------------------------------------------------------------------
# What an invalid answer says, and where.
@pytest.mark.parametrize("answer,expected,message,column", [
    P("(1+2", "3", "the parenthesis `(` is never closed", 1, id="never-closed"),
    P("1+2)", "3", "the parenthesis `)` has nothing to close", 4, id="nothing-to-close"),
    P("x + (y", "x + y", "the parenthesis `(` is never closed", 5, id="never-closed-later"),
    P("((x+1)", "x+1", "the parenthesis `(` is never closed", 1, id="outer-never-closed"),
    P("(x+1))", "x+1", "the parenthesis `)` has nothing to close", 6, id="extra-close"),
    P("[1, 2", "[1, 2]", "the bracket `[` is never closed", 1, id="bracket-never-closed"),
    P("(x]", "x", "the parenthesis `(` before it is still open", 3, id="mismatched"),
    P("\\frac{1}{2", "1/2", "the brace `{` is never closed", 9, id="brace-never-closed"),
    P("\\left( x", "x", "the parenthesis `(` is never closed", 6, id="left-never-closed"),
    P("sinn(x)", "sin(x)", "unknown function `sinn`", 1, id="unknown-function"),
    P("2 + cosine(x)", "cos(x)", "unknown function `cosine`", 5, id="unknown-function-later"),
    P("2x +", "2x", "ends too early", 5, id="ends-early"),
    P("x ** ** 2", "x^2", "unexpected", 6, id="unexpected-operator"),
    P("\\foo{x}", "x", "unknown LaTeX command `\\foo`", 1, id="unknown-command"),
    P("x @ y", "x", "unexpected character `@`", 3, id="unexpected-character"),
    P("1, 2", "1", "unexpected `,`", 2, id="stray-comma"),
    P("1 000", "1000", "two numbers in a row", 3, id="thousands-space"),
    P("1.2.3", "1", "two numbers in a row", 4, id="two-decimal-points"),
    P("[[1, 2], [3]]", "[[1, 2], [3, 4]]", "row 2 of the matrix has 1 entry but row 1 has 2", 1, id="ragged"),
    P("[1 2; 3]", "[[1, 2], [3, 4]]", "row 2 of the matrix has 1 entry", 1, id="ragged-matlab"),
    P("1/0", "1", "division by zero", 3, id="division-by-zero"),
    P("9^9^9^9", "1", "exponent too large", 5, id="exponent-too-large"),
    P("1000!", "1", "factorial too large", 5, id="factorial-too-large"),
    P("1 + ... + n", "1", "cannot be graded", 5, id="ellipsis"),
    P("", "1", "No answer was given", 0, id="empty"),
    P("   ", "1", "No answer was given", 0, id="blank"),
    P("idk", "x", "is words, not a mathematical answer", 0, id="words"),
])
def test_invalid_answers_say_why_and_where(answer: str, expected: str, message: str, column: int) -> None:
    verdict = check(answer, expected)
    assert verdict.status is Status.INVALID, verdict
    assert message in verdict.feedback, verdict.feedback
    assert verdict.column == column, verdict.feedback  # kept for tools (check --json)
    # a student is shown the place in their own text, never a column number
    assert "column" not in verdict.feedback
    if column:
        assert verdict.message is not None
        quote = next(p for p in verdict.message.pieces if isinstance(p, Quote))
        assert quote.before.lstrip("…") + quote.spot == answer[max(0, column - 1 - QUOTE_BEFORE):column - 1 +
                                                               len(quote.spot)], quote


# ---------------------------------------------------------------------------------------------------------------
# What the grader says it understood.
@pytest.mark.parametrize("answer,expected,text", [
    P("\\frac{\\sqrt{2}}{2}", "1/sqrt(2)", "sqrt(2)/2", id="latex-fraction"),
    P("(x+1)²", "x^2+2x+1", "(x + 1)^2", id="unicode-square"),
    P("2x", "2x", "2*x", id="implicit-product"),
    P("[1 -2]", "[1, -2]", "[1, -2]", id="matlab-row"),
    P("[[1, 2]]", "[1, 2]", "[1, 2]^T", id="row-vector"),
    P("[a b; c d]", "[[a, b], [c, d]]", "[[a, b], [c, d]]", id="matrix"),
    P("y_i(δ_ij - y_j)", "y_i(delta_ij - y_j)", "(δ_ij - y_j)*y_i", id="kronecker"),
    P("\\sum_{j=1}^{K} y_j", "sum_j y_j", "sum_{j=1}^{K} (y_j)", id="sum"),
    P("w'", "w^T", "w^T", id="prime-transpose"),
    P("45°", "pi/4", "pi/4", id="degrees"),
    P("2½", "5/2", "5/2", id="mixed-number"),
    P("sqrt(x)^2", "x", "x", id="square-of-root"),
    P("√x²", "abs(x)", "sqrt(x^2)", id="root-of-square"),
    P("w_{1,2}", "w_{1,2}", "w_{1,2}", id="numeric-double-index"),
    P("x = 4 = 5", "4", "5", id="chain-last-member"),
    P("e^{x}", "exp(x)", "e^(x)", id="exponential"),
])
def test_interpreted_as(answer: str, expected: str, text: str) -> None:
    verdict = check(answer, expected)
    assert verdict.interpreted_as is not None
    assert verdict.interpreted_as.text == text


def test_feedback_names_the_shapes() -> None:
    verdict = check("[[1, 2, 3], [4, 5, 6]]", "[[1, 2], [3, 4], [5, 6]]")
    assert verdict.status is Status.INCORRECT
    assert "expected a 3×2 matrix, got a 2×3 matrix" in verdict.feedback


def test_feedback_for_a_swapped_vector_and_a_transposed_matrix() -> None:
    swapped = check("[-2, 1]", "[1, -2]")
    assert swapped.status is Status.INCORRECT and "no entry matches" in swapped.feedback
    transposed = check("[[1, 3], [2, 4]]", "[[1, 2], [3, 4]]")
    assert "2 of 4 entries are wrong (row 1, column 2; row 2, column 1)" in transposed.feedback
    assert transposed.wrong_entries == ((1, 2), (2, 1))


def test_feedback_in_exact_mode_and_within_tolerance() -> None:
    exact = check("0.7071", "1/sqrt(2)", CheckOptions(exact=True))
    assert exact.status is Status.INCORRECT and "give an exact value" in exact.feedback
    close = check("0.7071", "1/sqrt(2)")
    assert close.status is Status.CORRECT and close.feedback == "Correct (within tolerance)."
    assert check("√2/2", "1/sqrt(2)").feedback == "Correct."


def test_feedback_for_an_outer_product() -> None:
    verdict = check("w x^T", "w^T x", CheckOptions(vectors=VECTORS))
    assert verdict.status is Status.INCORRECT
    assert "a column vector times a row vector, which is a matrix" in verdict.feedback


def test_feedback_for_a_negated_choice() -> None:
    verdict = check("not clockwise", "counterclockwise", CheckOptions(kind=Kind.CHOICE))
    assert verdict.status is Status.INVALID and "“not”" in verdict.feedback


def test_choice_options_and_ambiguity() -> None:
    options = CheckOptions(kind=Kind.CHOICE, choices=("square", "rectangle", "rhombus"))
    assert check("it is a rectangle", "rectangle", options).status is Status.CORRECT
    assert check("a square or a rectangle", "rectangle", options).status is Status.INVALID
    assert check("a circle", "rectangle", options).status is Status.INVALID
    custom = CheckOptions(kind=Kind.CHOICE, synonyms=(("rectangle", ("oblong",)),))
    assert check("oblong", "rectangle", custom).status is Status.CORRECT
    sign = CheckOptions(kind=Kind.CHOICE, choices=("positive", "negative", "zero"))
    assert check("positive", "positive", sign).status is Status.CORRECT
    assert check("ccw", "positive", CheckOptions(kind=Kind.CHOICE)).status is Status.INCORRECT
    negated = CheckOptions(kind=Kind.CHOICE, choices=("invertible", "not invertible"))
    assert check("it is not invertible", "not invertible", negated).status is Status.CORRECT
    assert check("invertible", "not invertible", negated).status is Status.INCORRECT


def test_a_renamed_letter_is_marked_for_review() -> None:
    """t typed for θ is accepted as the student's notation, and says so: the instructor sees it on the review list."""
    from mathgrade.check.codes import REVIEW_REASONS, Code
    verdict = check("r cos(t)", "r*cos(theta)")
    assert verdict.status is C and Code.RENAMED in verdict.diagnoses and Code.RENAMED in REVIEW_REASONS
    assert "reading" in verdict.feedback

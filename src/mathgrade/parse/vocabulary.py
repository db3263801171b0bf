"""The words the parser knows: functions, constants, Greek letters, Unicode and LaTeX spellings.

Everything the tokenizer accepts is listed here, so the whitelist of what student text can name is one page long.
"""

from __future__ import annotations

import unicodedata

# Function names as students write them, mapped to the canonical name the builder knows.
FUNCTIONS: dict[str, str] = {
    "sqrt": "sqrt", "exp": "exp", "ln": "log", "log": "log", "lg": "log10", "log10": "log10",
    "sin": "sin", "cos": "cos", "tan": "tan", "sec": "sec", "csc": "csc", "cot": "cot",
    "asin": "asin", "acos": "acos", "atan": "atan", "arcsin": "asin", "arccos": "acos", "arctan": "atan",
    "sinh": "sinh", "cosh": "cosh", "tanh": "tanh", "abs": "abs", "Matrix": "Matrix", "det": "det",
    "sech": "sech", "csch": "csch", "coth": "coth", "asinh": "asinh", "acosh": "acosh", "atanh": "atanh",
    "arcsinh": "asinh", "arccosh": "acosh", "arctanh": "atanh", "arsinh": "asinh", "arcosh": "acosh",
    "artanh": "atanh", "tr": "tr", "trace": "tr", "rank": "rank", "Tr": "tr", "diag": "diag",
    # the names of Russian and East European textbooks
    "tg": "tan", "ctg": "cot", "arctg": "atan", "arcctg": "acot",
}

# Units of angle that leave the value as it is: `π/3 rad` is π/3 (a name of the question keeps its meaning).
RADIAN_WORDS: tuple[str, ...] = ("rad", "rads", "radian", "radians")

GREEK: tuple[str, ...] = (
    "alpha", "beta", "gamma", "delta", "epsilon", "varepsilon", "zeta", "eta", "theta", "vartheta", "iota",
    "kappa", "lambda", "mu", "nu", "xi", "rho", "sigma", "tau", "upsilon", "phi", "varphi", "chi", "psi",
    "omega", "Gamma", "Delta", "Theta", "Lambda", "Xi", "Pi", "Sigma", "Phi", "Psi", "Omega",
)

UNICODE_GREEK: dict[str, str] = {
    "α": "alpha", "β": "beta", "γ": "gamma", "δ": "delta", "ε": "epsilon", "ϵ": "epsilon", "ζ": "zeta",
    "η": "eta", "θ": "theta", "ι": "iota", "κ": "kappa", "λ": "lambda", "μ": "mu", "ν": "nu", "ξ": "xi",
    "ρ": "rho", "σ": "sigma", "τ": "tau", "υ": "upsilon", "φ": "phi", "ϕ": "phi", "χ": "chi", "ψ": "psi",
    "ω": "omega", "Γ": "Gamma", "Δ": "Delta", "Θ": "Theta", "Λ": "Lambda", "Ξ": "Xi", "Π": "Pi",
    "Φ": "Phi", "Ψ": "Psi", "Ω": "Omega",
}

CONSTANTS: tuple[str, ...] = ("pi", "e")

DEGREE_WORDS: tuple[str, ...] = ("deg", "degs", "degree", "degrees")

SUM_WORDS: tuple[str, ...] = ("sum",)

# LaTeX commands that only change how something looks: dropped, their argument kept as a group.
LATEX_STYLE: frozenset[str] = frozenset({
    "left", "right", "bigl", "bigr", "Bigl", "Bigr", "big", "Big", "biggl", "biggr", "displaystyle",
    "textstyle", "mathbf", "boldsymbol", "bm", "mathit", "mathrm", "mathsf", "mathbb", "mathcal", "vec",
    "mathnormal", "operatorname", "limits", "nolimits", "boxed", "fbox",
    # a student's mark of the answer (`\newcommand{\ans}[1]{\underline{#1}}`), or a vector underlined by hand
    "underline", "uline", "underbar", "pmb",
})

# LaTeX commands whose whole argument is dropped: annotations, and struck-out factors (a cancelled factor is one
# the student removed, so it counts as 1).
LATEX_DROP_ARGUMENT: frozenset[str] = frozenset({"text", "textrm", "textbf", "textit", "mbox", "cancel",
                                                 "bcancel", "xcancel", "label", "tag"})

# Of those, the struck-out factors: they leave a 1 behind, so `\frac{\cancel{2}x}{\cancel{2}}` keeps a denominator.
LATEX_CANCEL: frozenset[str] = frozenset({"cancel", "bcancel", "xcancel"})

LATEX_SPACE: frozenset[str] = frozenset({"quad", "qquad", "enspace", "thinspace", "medspace", "thickspace",
                                         "space", "nobreak", "hfill"})

LATEX_TIMES: frozenset[str] = frozenset({"cdot", "times", "ast", "cdotp", "bullet"})

LATEX_TRANSPOSE: frozenset[str] = frozenset({"top", "intercal", "mathsf{T}", "T"})

# LaTeX commands that spell a name the tokenizer already knows in plain text.
# \varphi and \varepsilon are the same letters as \phi and \epsilon in another glyph, as ϕ and ϵ are above: a
# student who writes \varphi for the spec's phi means phi (jacobians set, European textbooks).
LATEX_NAMES: dict[str, str] = {**{g: g for g in GREEK}, "varphi": "phi", "varepsilon": "epsilon", "pi": "pi",
                               "e": "e"}

LATEX_FUNCTIONS: dict[str, str] = {
    "sin": "sin", "cos": "cos", "tan": "tan", "sec": "sec", "csc": "csc", "cot": "cot", "arcsin": "asin",
    "arccos": "acos", "arctan": "atan", "sinh": "sinh", "cosh": "cosh", "tanh": "tanh", "exp": "exp",
    "ln": "log", "log": "log", "det": "det", "lg": "log10", "coth": "coth", "tr": "tr",
    # Russian and East European textbooks: tg, ctg, arctg, and th, sh, ch for the hyperbolic functions (in LaTeX
    # only: a plain-text "th" may well be a student's name for θ)
    "tg": "tan", "ctg": "cot", "arctg": "atan", "th": "tanh", "sh": "sinh", "ch": "cosh", "cth": "coth",
}

MATRIX_ENVIRONMENTS: frozenset[str] = frozenset({"matrix", "bmatrix", "pmatrix", "Bmatrix", "vmatrix",
                                                 "Vmatrix", "smallmatrix", "array"})

# Superscript characters: what they stand for after a `^`.
SUPERSCRIPTS: dict[str, str] = {
    "⁰": "0", "¹": "1", "²": "2", "³": "3", "⁴": "4", "⁵": "5", "⁶": "6", "⁷": "7", "⁸": "8", "⁹": "9",
    "⁻": "-", "⁺": "+", "ᵀ": "T",
    # letters a phone keyboard offers as superscripts (e⁻ˣ, 2ⁿ, xʸ): the variable itself
    "ˣ": "x", "ʸ": "y", "ᶻ": "z", "ⁿ": "n", "ⁱ": "i", "ʲ": "j", "ᵏ": "k",
}

# Subscript characters (x₁, zₖ, Σₖ, a phone keyboard's or a PDF's copy of an index): what they stand for after
# a `_`.
SUBSCRIPTS: dict[str, str] = {
    "₀": "0", "₁": "1", "₂": "2", "₃": "3", "₄": "4", "₅": "5", "₆": "6", "₇": "7", "₈": "8", "₉": "9",
    "ₐ": "a", "ₑ": "e", "ₒ": "o", "ₓ": "x", "ₕ": "h", "ₖ": "k", "ₗ": "l", "ₘ": "m", "ₙ": "n", "ₚ": "p",
    "ₛ": "s", "ₜ": "t", "ᵢ": "i", "ⱼ": "j", "ᵣ": "r", "ᵤ": "u", "ᵥ": "v",
}

VULGAR_FRACTIONS: dict[str, tuple[int, int]] = {
    "½": (1, 2), "⅓": (1, 3), "⅔": (2, 3), "¼": (1, 4), "¾": (3, 4), "⅕": (1, 5), "⅙": (1, 6), "⅛": (1, 8),
}

# Characters that mean an operator, with the token they become.
OPERATOR_CHARS: dict[str, str] = {
    "+": "PLUS", "-": "MINUS", "−": "MINUS", "–": "MINUS", "‐": "MINUS", "*": "STAR", "×": "STAR",
    "·": "STAR", "⋅": "STAR", "∗": "STAR", "∙": "STAR", "\u2062": "STAR", "/": "SLASH", "÷": "SLASH", "^": "CARET", "(": "LPAR",
    ")": "RPAR", "[": "LBRACK", "]": "RBRACK", "{": "LBRACE", "}": "RBRACE", ",": "COMMA", ";": "SEMI",
    "&": "AMP", "_": "UNDERSCORE", "!": "BANG", "'": "PRIME", "′": "PRIME", "°": "DEG", "º": "DEG", "=": "EQ",
    "≈": "EQ", "⟨": "LPAR", "⟩": "RPAR",  # ⟨a, b⟩: a vector as physics and some calculus books write it
}

# Persian (۰-۹) and Arabic-Indic (٠-٩) digits, as a Persian or Arabic keyboard types them: the same numbers
EASTERN_DIGITS: dict[int, int] = {c: 0x30 + unicodedata.decimal(chr(c)) for c in range(0x0660, 0x1820)
                                  if unicodedata.category(chr(c)) == "Nd"}
"""Decimal digits of other scripts as ASCII ones: Arabic-Indic and Persian (٣, ۳), Devanagari (३), Bengali (৩), Tamil,
Thai (๓), Myanmar, Khmer and the rest of the Unicode block before Mongolian (one character for one)."""

# "3 y 1", "45 και 5", "1 và 3", "3 и 1": "and" in the languages students write, between two values only (y is a
# name elsewhere: "x y" stays a product; e, i and a are left out, being constants and names too often)
AND_BETWEEN_VALUES = (r"(?<=[\d}$)√])\s+(?:y|et|und|и|και|và|و|ve|en|og|och|dan|oraz|ed|ja|és)\s+"
                      r"(?=[-−]?\s*(?:[\d√$(]|\\(?:d?t?frac|sqrt)(?![A-Za-z])))")

# "root5", "3root2": the square root as a word, read only right before a number or a bracket (tokens.py)
ROOT_WORDS = frozenset({"root"})

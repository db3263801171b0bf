"""Problems named by their matrices: "Pour la matrice Q, …", "For R, the columns are …", "$B$ has eigenvalues …".

A student who answers out of order, or in prose without problem numbers, still says what each paragraph is about:
the matrix the problem defines. A sheet whose problem 6 says "Let $Q = …$ and $H = …$" and whose other problems
define other names lets a paragraph that speaks of Q (and of no other problem's name) stand under problem 6, as a
"Problem 6" heading would. Only names that exactly one problem defines count, and only where the student wrote no
problem number of their own; a paragraph naming two problems' matrices is left as it is.
"""

from __future__ import annotations

import re
from dataclasses import replace

from mathgrade.documents.candidates import Candidate
from mathgrade.documents.labels import Label

# "Let $F = \begin{bmatrix} …", "$\Sigma = \operatorname{diag}(2, 4)$": a capital name the problem defines
_DEFINED = re.compile(r"\$\s*([A-Z]|\\(?:Sigma|Lambda|Phi|Psi|Gamma|Delta|Theta|Omega|Pi))\s*=(?!=)")
_GREEK = {"\\Sigma": "Σ", "\\Lambda": "Λ", "\\Phi": "Φ", "\\Psi": "Ψ", "\\Gamma": "Γ", "\\Delta": "Δ",
          "\\Theta": "Θ", "\\Omega": "Ω", "\\Pi": "Π"}
# Capitals that are also words at the start of a sentence (an article, "and", "in", "with", the pronoun I):
# they name a matrix only where the text is plainly mathematics around them.
_WORDS = frozenset("AIOEYUVZW")
# "QH", "det(QH)": a product of names written without a sign is each of them
_RUN = re.compile(r"(?<![^\W\d_])(?<!\\)([A-Z]{1,3})(?![^\W\d_])")  # (not the B of "Bérubé")
_MATH_AFTER = re.compile(r"\s*(?:[=(^_ᵀ'·*⁻²³⁺]|\\top|\\cdot|[a-z](?![a-z])|\d)")
_MATH_BEFORE = re.compile(r"(?:[=(·*$]|\\cdot|\d)\s*$")


def defined_names(problems: list[tuple[str, str]]) -> dict[str, str]:
    """Each name a problem defines and no other problem's text mentions, with that problem (`problems`: id and all
    the problem's text). Problem 5's "compute $F \\, \\mathrm{Rot}$" mentions problem 2's F: then F names neither."""
    owners: dict[str, set[str]] = {}
    for pid, text in problems:
        for name in _DEFINED.findall(text):
            owners.setdefault(_GREEK.get(name, name), set()).add(pid)
    for pid, text in problems:
        math = " ".join(text[a + 1:b - 1] for a, b in _math_spans(text))
        for name, pids in owners.items():
            latex = next((k for k, v in _GREEK.items() if v == name), None)
            if pid not in pids and (re.search(rf"(?<![A-Za-z\\]){re.escape(name)}(?![a-z])", math)
                                    or (latex and latex in math)):
                pids.add(pid)
    return {name: next(iter(pids)) for name, pids in owners.items() if len(pids) == 1}


def _math_spans(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(r"\$[^$]*\$", text)]


def named_problems(text: str, names: dict[str, str]) -> set[str]:
    """The problems whose names the text speaks of."""
    found: set[str] = set()
    spans = _math_spans(text)
    for m in _RUN.finditer(text):
        run = m.group(1)
        if not all(c in names for c in run):
            continue
        if len(run) > 1 or run in _WORDS:  # ("PS:", "OK", "A rotation": words, unless the text is math there)
            inside = any(a < m.start() < b for a, b in spans)
            if not (inside or _MATH_AFTER.match(text, m.end()) or _MATH_BEFORE.search(text[max(0, m.start() - 8):m.start()])):
                continue
        found.update(names[c] for c in run)
    for greek, pid in names.items():
        if not greek.isascii() and (greek in text or next((k for k, v in _GREEK.items() if v == greek), "@") in text):
            found.add(pid)
    return found


_MATH = re.compile(r"[=$\[\]]")
_PROSE_WORD = re.compile(r"[^\W\d_]{3,}")
PROSE_WORDS = 8
"""A paragraph is prose, and may be read for what it speaks of, with at least this many words outside its math
(a list of formulas "1-a: J = …" or a table's rows are read by their labels and order, not by their names)."""


def _prose(text: str) -> bool:
    if re.search(r"^\s*\|", text, re.M) or text.count("|") >= 4:
        return False
    outside = re.sub(r"\$[^$]*\$|\\\(.*?\\\)|\\[A-Za-z]+", " ", text)
    return len(_PROSE_WORD.findall(outside)) >= PROSE_WORDS


def label_by_names(cands: list[Candidate], problems: list[tuple[str, str]],
                   numbered: re.Pattern[str] | None = None) -> list[Candidate]:
    """In a page that numbers some of its problems, candidates with no problem label, in a prose paragraph that
    speaks of one problem's names only, under that
    problem (marked `guessed`: the student did not write the number). A paragraph that names its problem in
    passing ("Pour la composition (exercice 5), …", `numbered` finds "exercice 5") is that problem's, whatever
    matrices it speaks of."""
    names = defined_names(problems)
    # A page with no problem number at all is read in order (its answers follow the sheet); one that numbers some
    # problems and leaves paragraphs between them unnumbered is answered out of order, and those paragraphs say
    # what they are about only through their matrices.
    if len(set(names.values())) < 2 or all(c.label.problem is not None for c in cands) \
            or not any(c.label.problem is not None and not c.guessed for c in cands):
        return cands
    paragraphs = [c for c in cands if c.kind == "paragraph"]
    owner: dict[tuple[int, int], str | None] = {}
    out = []
    for c in cands:
        if c.label.problem is not None or c.label.sub is not None or c.quoted:
            out.append(c)
            continue
        around = next((p for p in paragraphs if p.start <= c.start and c.end <= p.end), c)
        key = (around.start, around.end)
        if key not in owner:
            if not _prose(around.text):
                owner[key] = None
                out.append(c)
                continue
            # (only in a paragraph with math of its own: "problem 1 is at the end" in a preamble is about the order)
            said = {m.group("num") for m in numbered.finditer(around.text)} \
                if numbered and _MATH.search(around.text) else set()
            said &= {pid for pid, _ in problems}
            named = said if said else named_problems(around.text, names)
            owner[key] = next(iter(named)) if len(named) == 1 else None
        pid = owner[key]
        out.append(replace(c, label=Label(pid, c.label.sub), guessed=True) if pid is not None else c)
    return out

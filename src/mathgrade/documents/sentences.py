"""Answers in sentences written without `$`: equations (`det B = 3`, `λ = 45 and λ = 5`, the chain
`σ₁ = √45 = 3√5`), and values at the end of a clause ("the eigenvalues are 45 and 5", "rank 1", "direction
vector (1, 1)"). A sentence is read clause by clause; see `bare_answers`.
"""

from __future__ import annotations

import re

from mathgrade.parse.vocabulary import AND_BETWEEN_VALUES
from mathgrade.languages import alternation, phrases

# Words that are mathematics in plain text (`softmax(z)_i`, `sum_j exp(z_j)`), not prose.
_MATH_WORDS = re.compile(r"\\[a-z]+|(?<![A-Za-z])(?:sqrt|delta|sum|prod|exp|log|softmax|sigma|alpha|beta|theta|lambda|"
                         r"omega|gamma|epsilon|cos|sin|tan|det|diag|trace|argmax|max|min|inv|tanh|sinh|cosh|sech|arctan|arcsin|"
                         r"arccos|relu|sigmoid|softplus|grad|nabla|partial|frac|pinv|phi|psi|rho|kappa|rank|dim|ker|span|norm)(?=[\W_\d²³⁻¹ᵀ₀-₉]|$)",
                         re.I)



# Math written without `$` (plain text, Obsidian, a Word export): "det B = 3", "λ = 45 and λ = 5", "σ₁ = 3√5".
_BARE_SIDE = r"[\w√πθλσφμΣΛ′'ᵀ⁻¹²³₀-₉^()./*+·−{}-]+"  # e^{-x}: a brace group is one side
_BARE_GROUP = r"(?:diag|vec|span)?\([^()=]*\)|\[[^\[\]=]*(?:\[[^\[\]=]*\][^\[\]=]*)*\]"  # diag(1, 1, −1) too  # (0, 0, 1), [1 -1; 1 1], [[1, 2], [3, 4]]
# A vector named by what it is for: "direction vector (1, 1)", "the line through (1, 1)", "normal: (0, 0, 1)"
_VECTOR_NOUN = (r"\b(?:through|spanned\s+by|along|onto|direction(?:\s+vector)?|vector|normal|eigenvector)"
                r"(?:\s+(?:is|was))?\s*:?\s*")  # "whose normal is (0, 0, 1)" too
_NAMED_VECTOR_TAIL = re.compile(_VECTOR_NOUN + r"(?P<v>[(\[][^()\[\]=]*(?:[(\[][^()\[\]=]*[)\]][^()\[\]=]*)*[)\]]"
                                r"(?:\^T|ᵀ|')?)\s*\.?\s*$", re.I)
_NAMED_VECTOR = re.compile(_VECTOR_NOUN + r"$", re.I)
_BARE_ARROW = re.compile(r"\s*(?:→|->)\s*(?=\S)")
# "(25 − λ)² − 400 = 0 ⟹ 25 − λ = ±20 ⟹ λ = 45 or λ = 5": an implication starts a new equation (a conclusion)
_IMPLIES = re.compile(r"\s*(?:⇒|⟹|=>|\\implies|\\Rightarrow)\s*(?=\S)")
_MAJOR_CLAUSES = re.compile(r"(,\s+(?:so|hence|thus|therefore|which|because|since|as|i\.e\.|that is)\b|;\s+)", re.I)
_JUSTIFYING = re.compile(r"because|since|\bas\b")
_CONCLUDING = re.compile(r"so|hence|thus|therefore|;")
_AND = re.compile(r"\s+(?:and|or)\s+|" + AND_BETWEEN_VALUES, re.I)  # "λ = 45 or λ = 5": the roots, each one
_APPOSITION = re.compile(r",\s+(?:the|a|an|where)\b.*$", re.I | re.S)
# "yᵢ(δᵢⱼ − yⱼ) wᵀ": a factor written after a space, when it cannot be a word (a marked letter, a Greek one)
_BARE_FACTOR = (r"(?:\s(?:[A-Za-zα-ω][ᵀ⁻¹²³₀-₉ᵢⱼₖₗₘₙ]+|[α-ωΣΛ]|[A-Za-z]_(?:\{[^{}=]{1,6}\}|[A-Za-z0-9]))(?![\w(])"
                r"|\s\[[^\[\]=]*(?:\[[^\[\]=]*\][^\[\]=]*)*\]"  # also "[[3, 4], [0, 5]] [[3, 0], [4, 5]]"
                r"|\s(?:sin|cos|tan|sinh|cosh|tanh|sech|exp|log|ln)[²³]?\s*(?:\([^()=]*\)|[α-ω]|[a-z](?![a-z])))")  # r² sin θ
_BARE_TERM = rf"(?:{_BARE_GROUP}|{_BARE_SIDE})[²³ᵀ]*{_BARE_FACTOR}*"
_BARE_EQUATION = re.compile(rf"(?P<lhs>(?:{_BARE_SIDE}\s){{0,2}}{_BARE_SIDE})\s*=\s*(?P<rhs>[-−]?\s*{_BARE_TERM}"
                            rf"(?:\s*[-+−*/·]\s*{_BARE_TERM})*)")
_BARE_MORE = re.compile(rf"\s*=\s*(?P<rhs>[-−]?\s*{_BARE_TERM}(?:\s*[-+−*/·]\s*{_BARE_TERM})*)")
MAX_BARE_SENTENCE = 400
MAX_TAIL_STARTS = 12
_PROSE_WORD = re.compile(r"^(?:and|or|so|then|thus|hence|is|are|gives?|get|we|i|the|a|an|with|for|at|of|to|"
                         r"also|now|here|where|since|because|which|that|this|it)$")
_COPULA = alternation(phrases("copula"))  # "is" in the languages students write: és, ist, est, равен
_TAIL = re.compile(r"(?:^|[:=]|\b(?:is|are|equals?|gives?|get|got|obtain)\b|" + _COPULA
                   + r"|\s)\s*(?P<tail>[-−(\[]{0,2}\s*(?:[\d√π]|[a-zσ](?=\^|\())"
                   r"[\d\s.,;()\[\]+\-−*/^_√πa-z]*?)\s*\.?\s*$", re.I)
_WORDY = re.compile(r"[A-Za-z]{2,}")
_LAST_BRACKETS = re.compile(r"\s*\(((?:[^()]|\([^()]*\))*)\)\s*\.?\s*$")
# "0   (because sum_k y_k = 1)": a reason in brackets after the result, its own equations included
REASON_REMARK = re.compile(r"\s+\(\s*(?:because|since|as|by|from|using|via|bc|b/c|cause|weil|da|wegen|car|puisque|porque|"
                           r"pues|perch[eé]|poich[eé]|bo|ponieważ|потому|так как|çünkü)\b[^()]*(?:\([^()]*\)[^()]*)*\)"
                           r"\s*[.,;]?\s*$", re.I)
_WORDED_REMARK = re.compile(r"(?<=\S)\s+\(\s*(?:[A-Za-z']{2,}[\s,]+){2,}[^()]*(?:\([^()]*\)[^()]*)*\)\s*\.?\s*$")
_REMARK = re.compile(r"\s*\([^()\d]*[A-Za-z]{3,}[^()\d]*\)\s*\.?\s*$")


# "for e₁/√2 we get (1, −2), for e₂/√2 we get (1, 2), …", "pour −e₁/√2 on obtient (−1, 2)": each input named, then
# the vector it gives (in several languages); two or more in one sentence are the values in order
_FOR_EACH = re.compile(r"\b(?:for|pour|para|für|per|dla|pro|voor)\s+[^,;()\[\]]{1,40}?\s*(?:we\s+(?:get|obtain|have)|one\s+gets"
                       r"|gives?|yields?|maps\s+to|goes\s+to|becomes|on\s+(?:obtient|a|trouve)|obtenemos|se\s+obtiene"
                       r"|obtemos|erhält\s+man|ergibt\s+sich|otrzymujemy|dostajemy|si\s+ottiene|otteniamo|→|->|=>|:)\s*"
                       r"(?P<v>\([^()]{1,60}\)|\[[^\[\]]{1,60}\])", re.I)


# "e1/√2 ↦ (1, −2), e2/√2 ↦ (1, 2), …": each input, an arrow, and the vector it goes to
_MAPS_EACH = re.compile(r"(?:↦|⟼|→|⟶|->)\s*(?P<v>\([^()]{1,60}\)|\[[^\[\]]{1,60}\])")


def bare_answers(sentence: str, labelled: bool) -> list[str]:
    """Answers in a sentence that has no `$`: equations (`det B = 3`, each of `λ = 45 and λ = 5`, a chain
    `σ₁ = √45 = 3√5` whole), or the values at the end of a clause after a verb, a colon or a few words ("eigenvalues
    are 45 and 5", "rank 1", "eigenvector for 3: (1, 1)"); values joined by "and" come back one by one.

    A sentence is read clause by clause: the first, and one after ", so" / ", hence" / ";" (a conclusion) may end
    in values; a clause after ", because" / ", since" justifies and gives none; one after ", which" adds about the
    value before it ("..., which is √10·A") and gives only its equations."""
    out: list[str] = []
    if len(sentence) > MAX_BARE_SENTENCE:
        return out  # the patterns below backtrack over long runs of tokens: a result stands in a short sentence
    # "... = (0 − e^(zᵢ)e^(zⱼ))/S² → **yᵢyⱼ**": the arrow leads to the result, as `=` would; bold only marks it
    sentence = sentence.replace("**", "").replace("__", " ")  # "direction: **(1, −1)**": bold only marks it
    # "= 1/4  (not sure about this, but it matches σ(0)=1/2 times 1/2)": a remark in words after the result, its
    # own equations included, is not one
    sentence = REASON_REMARK.sub("", _WORDED_REMARK.sub("", sentence)) if "(" in sentence else sentence
    sentence = _IMPLIES.sub("; ", sentence) if "=" in sentence else sentence
    sentence = _BARE_ARROW.sub(" = ", sentence) if "=" in sentence else sentence
    if len(each := _FOR_EACH.findall(sentence)) >= 2 or len(each := _MAPS_EACH.findall(sentence)) >= 2:
        return each
    pieces = _clauses(sentence)
    for k in range(0, len(pieces), 2):
        clause, joint = pieces[k], (pieces[k - 1].lower() if k else "")
        if _JUSTIFYING.search(joint):
            continue
        if "=" in clause:
            equations, rest = _bare_equations(clause)
            out.extend(equations)
            if rest is not None and (not joint or _CONCLUDING.search(joint)):
                # "∂y/∂θ at r = 2, θ = π/3 is 1": the equations were the point it is taken at; the value follows
                out.extend(_tail_values(rest, labelled))
            if (named := _NAMED_VECTOR_TAIL.search(clause)) is not None:
                out.append(named.group("v"))  # "Mirror line y = x, direction vector (1, 1)."
        elif not joint or _CONCLUDING.search(joint):
            out.extend(_tail_values(clause, labelled))
    return out


def _clauses(sentence: str) -> list[str]:
    """The sentence cut at its clause joints outside brackets (`[1 1; 1 −1]` is one matrix): clause, joint,
    clause, ... as `re.split` with a group gives them."""
    out: list[str] = []
    start = 0
    for m in _MAJOR_CLAUSES.finditer(sentence):
        before = sentence[:m.start()]
        if sum(before.count(c) for c in "([{") > sum(before.count(c) for c in ")]}"):
            continue
        out.extend([sentence[start:m.start()], m.group(1)])
        start = m.end()
    out.append(sentence[start:])
    return out


_CONDITION_WORD = re.compile(r"^(?:at|for|with|where|when|whenever|if|given|assuming)$", re.I)
_CONDITION_JOINT = re.compile(r"^[\s,;]*(?:and)?[\s,;]*$", re.I)


def _bare_equations(clause: str) -> tuple[list[str], str | None]:
    """The equations of a clause, and what follows them where the last were conditions ("at r = 2, θ = π/3"):
    a condition says where a value is taken, it is not one."""
    out: list[str] = []
    condition, rest = False, None
    for part in _AND.split(clause):
        end = 0
        for m in _BARE_EQUATION.finditer(part):
            words = m.group("lhs").split()
            cut = max((i for i, w in enumerate(words) if _CONDITION_WORD.match(w)), default=None)
            joined = _CONDITION_JOINT.match(part[end:m.start()]) is not None
            end = m.end()
            if cut is not None and cut < len(words) - 1 or condition and joined and len(words) == 1:
                condition, rest = True, part[end:]
                while (more := _BARE_MORE.match(part, end)) is not None:
                    end = more.end()
                continue
            condition, rest = False, None
            # "eigenvalues are λ = 45": the words before the formula name it, they are not part of it
            while len(words) > 1 and (_PROSE_WORD.match(words[0].lower()) or (
                    re.fullmatch(r"[A-Za-z]{3,}", words[0]) and not _MATH_WORDS.fullmatch(words[0]))):
                words.pop(0)
            if len(words) == 1 and _PROSE_WORD.match(words[0].lower()) and not _MATH_WORDS.fullmatch(words[0]):
                continue
            chain = [m.group("rhs").strip()]
            while (more := _BARE_MORE.match(part, end)) is not None:
                chain.append(more.group("rhs").strip())
                end = more.end()
            out.append(" = ".join([" ".join(words)] + chain))
    return out, rest


_NUMBERED_THING = re.compile(r"\b(?:problem|exercise|question|task|part|step|line|equation|eq\.?|section|chapter|"
                             r"lecture|page|figure|fig\.?|example|theorem|lemma|hw|homework|sheet)\s*\(?$", re.I)


def _tail_values(sentence: str, labelled: bool) -> list[str]:
    # "rank 1 (rows are multiples).": a remark in brackets after the value is not where the value ends;
    # "This gives [[...]], the product": nor is an apposition about it
    sentence = _APPOSITION.sub("", sentence)
    sentence = _REMARK.sub("", sentence)
    worded = _LAST_BRACKETS.search(sentence)
    if worded and re.search(r"[A-Za-z]{4,}", _MATH_WORDS.sub("", worded.group(1))):
        sentence = sentence[:worded.start()]  # "is 1 (code returns 1)": a remark in words, with a number in it
    # the leftmost start may take words along ("3 is (1, 1)"): the tail is the first start with none in it
    pos, tail = 0, ""
    for _ in range(MAX_TAIL_STARTS):
        m = _TAIL.search(sentence, pos)
        if m is None:
            return []
        tail = m.group("tail").strip()
        if not any(not _MATH_WORDS.fullmatch(w) and w.lower() != "and" for w in _WORDY.findall(tail)):
            break
        pos = m.start("tail") + 1
    else:
        return []
    if _NUMBERED_THING.search(sentence[:m.start("tail")]):
        return []  # "consistent with Problem 1", "as in step 2": a number that names something, not a value
    words_before = len(_WORDY.findall(sentence[:m.start("tail")]))
    verb = re.search(r"(?:[:=]|\b(?:is|are|equals?|gives?|get|got|obtain)|" + _COPULA + r")\s*$",
                     sentence[:m.start("tail")], re.I)
    listed = "," in tail or re.search(r"\sand\s", tail) is not None
    vector = labelled and tail[:1] in "([" and tail[-1:] in ")]"  # "4b) onto the line through (1, 1)"
    if not verb and not vector and not (words_before <= 3 and (labelled or listed)):
        return []
    return [v.strip() for v in re.split(r"\s+and\s+", tail) if v.strip()]

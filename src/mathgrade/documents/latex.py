"""The LaTeX reader: pylatexenc walks the document; comments and the preamble go, `\\item[(a)]`, bare `\\item`s and
the exam class's `\\question`/`\\part` become labels at the start of their line, numbered sections become the
problems LaTeX numbers, a student's own commands are expanded, and the text keeps its line numbers.

It registers itself for .tex with `readers.reader`; readers imports this module at its end.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from mathgrade.documents.labels import Label, read_label
from mathgrade.documents.readers import Page, _display_lines, _items_on_own_lines, _runs, join_soft_breaks, reader

_ENUMERATIONS = {"enumerate", "itemize", "description", "parts", "questions", "subparts", "compactenum"}


_ALIGNED = re.compile(r"\\begin\{(?P<env>align\*?|gather\*?|flalign\*?|alignat\*?)\}(?P<body>.*?)\\end\{(?P=env)\}", re.S)
_INTERTEXT = re.compile(r"\\(?:short)?intertext\s*\{(?P<words>[^{}\n]*(?:\{[^{}\n]*\}[^{}\n]*)*)\}")


def _break_at_intertext(m: re.Match[str]) -> str:
    """An `align` with `\\intertext{(b) so}` between its rows: the words are prose between two displays (they may
    name the part the rows below answer), as the student would have written without the shortcut."""
    env = m.group("env")
    body = _INTERTEXT.sub(lambda t: f"\\end{{{env}}} {t.group('words')} \\begin{{{env}}}", m.group("body"))
    return f"\\begin{{{env}}}{body}\\end{{{env}}}"


_SOLUTION_BEGIN = re.compile(r"\\begin\{(?:solution|answer)\}(?:\[[^\]\n]{0,40}\])?")
_SOLUTION_END = re.compile(r"\\end\{(?:solution|answer)\}")


_TIE = re.compile(r"(?<!\\)~")
# `\begin{problem}…\end{problem}`: a course's own theorem-like environment, numbered by LaTeX in order
_PROBLEM_ENVIRONMENTS = frozenset({"problem", "exercise", "question", "exercice", "aufgabe", "ejercicio", "exercicio",
                                   "esercizio", "task", "prob", "ex", "zadanie", "feladat", "uloha", "problema"})


def _number_problem(text: str, node: Any, state: dict[str, Any], edits: list[tuple[int, int, str]]) -> None:
    """The opening of a problem environment written as the problem's label (`\\section*{Problem 3}`), numbered in
    order, or by the number in its optional argument (`\begin{problem}[3]`, `\begin{exercise}[Exercise 3]`)."""
    opening = re.match(r"\\begin\{[^{}]+\}(?:\[(?P<arg>[^\]\n]{0,40})\])?", text[node.pos:node.pos + node.len])
    if opening is None:
        return
    given = re.search(r"\d{1,2}", opening.group("arg") or "")
    state["environment"] = int(given.group()) if given else state.get("environment", 0) + 1
    edits.append((node.pos, node.pos + opening.end(), f"\\section*{{Problem {state['environment']}}} "))
    body = text[node.pos:node.pos + node.len]
    if (close := re.search(r"\\end\{[^{}]+\}\s*$", body)) is not None and close.start() >= opening.end():
        edits.append((node.pos + close.start(), node.pos + close.end(), " "))  # (its end says nothing)
# (a title may hold math with braces of its own: `\section{$B = \begin{bmatrix}2&1\\1&2\end{bmatrix}$}`)
_SECTION = re.compile(r"\\section\{((?:[^{}\n]|\{(?:[^{}\n]|\{[^{}\n]*\})*\}){0,160})\}")


_COLOUR = re.compile(r"\\(?:textcolor|colorbox|color)\s*(?:\[[a-zA-Z]{1,10}\])?\s*\{[^{}]{0,40}\}"
                     r"|\\fcolorbox\s*\{[^{}]{0,40}\}\s*\{[^{}]{0,40}\}")
_COUNTER = re.compile(r"\s*\{\s*enum(i{1,4})\s*\}\s*\{\s*(-?\d{1,2})\s*\}")


# Text-mode accents (`trigonom\'etrique`, `\"{u}ber`, `fran\c{c}ais`): the letters the student meant, so that the
# words of an answer in their language read as they do in a Markdown or Word document
_ACCENT = re.compile(r"\\(?P<mark>['`^\"~]|c(?=\{))\s*(?:\{(?P<braced>[A-Za-z])\}|(?P<bare>[A-Za-z]))")
_COMBINING = {"'": "\u0301", "`": "\u0300", "^": "\u0302", '"': "\u0308", "~": "\u0303", "c": "\u0327"}


def _accented(m: re.Match[str]) -> str:
    return unicodedata.normalize("NFC", (m.group("braced") or m.group("bare")) + _COMBINING[m.group("mark")])


def _start(options: str) -> int:
    """The items before the first of a list: enumitem's `[start=6]` begins at the sixth."""
    m = re.search(r"\bstart\s*=\s*(\d{1,2})", options)
    return int(m.group(1)) - 1 if m else 0


@reader(".tex")
def read_latex(text: str) -> Page:
    """LaTeX read with pylatexenc: comments and the preamble dropped, `\\item[(a)]`, bare `\\item`s, and the exam
    class's `\\question`/`\\part` turned into labels at the start of their line, sections kept for the labels."""
    from pylatexenc.latexwalker import (  # noqa: PLC0415 - loaded only when a LaTeX document is read
        LatexCommentNode, LatexEnvironmentNode, LatexMacroNode, LatexMathNode, LatexWalker)

    macros = _simple_macros(text)
    text = _ACCENT.sub(_accented, text) if "\\" in text else text
    # The exam class's `solution` (and a student's own `answer`) environment holds the answer: its opening is the
    # student's "Answer:" mark, so a bare formula inside it is read as the result, as after a label.
    text = _SOLUTION_END.sub(" ", _SOLUTION_BEGIN.sub("Answer: ", text))
    text = _ALIGNED.sub(_break_at_intertext, text) if "intertext" in text else text
    # `(b)~$x = …$`: LaTeX's tie is a space (a label before it is a label; `\~{n}` is an accent, kept)
    text = _TIE.sub(" ", text) if "~" in text else text
    nodes, _, _ = LatexWalker(text, tolerant_parsing=True).get_latex_nodes()
    edits: list[tuple[int, int, str]] = []
    state = {"problem": False, "question": 0, "part": 0, "section": 0}
    # Numbered sections whose titles name no problem (`\section{A rotation}`, `\section{A shear}`) are numbered
    # by LaTeX in order: they are the problems, when there are at least two and none names its own number.
    titles = _SECTION.findall(text)
    numbered = len(titles) >= 2 and all(read_label(f"\\section{{{t}}}")[0] is None for t in titles)

    def walk(nodelist: list, depth: int, counter: int = 0) -> None:
        stack = [(n, 0) for n in reversed([n for n in nodelist if n is not None])]
        while stack:
            node, _ = stack.pop()
            if isinstance(node, LatexCommentNode):
                edits.append((node.pos, node.pos + len(node.comment) + 1, ""))
            elif isinstance(node, LatexMathNode) and node.displaytype == "inline" \
                    and "\n" in (span := text[node.pos:node.pos + node.len]) and "%" not in span:
                # LyX writes `$Ve_{1}=\left[\begin{array}{c}` with the rows on the lines below: one formula, one
                # line (the lines it took stay blank), so that no paragraph break falls inside it
                edits.append((node.pos, node.pos + node.len, " ".join(span.split("\n"))))
            elif isinstance(node, LatexEnvironmentNode):
                if node.environmentname == "document":
                    edits.append((0, node.pos, ""))
                    closing = text.rfind("\\end{document}", node.pos, node.pos + node.len)
                    if closing >= 0:
                        edits.append((closing, len(text), ""))  # what follows the document is not the answer
                inner = depth + 1 if node.environmentname in _ENUMERATIONS else depth
                if node.environmentname in ("enumerate", "compactenum"):
                    # \begin{enumerate}[(a)] or [label=(\alph*)]: the items are lettered, whatever the depth
                    head = text[node.pos:node.pos + node.len][len("\\begin{enumerate}"):][:40].lstrip()
                    m = re.match(r"\[[^\]\n]*\]", head)
                    saved = state["problem"]
                    if m and re.search(r"\\alph|\(a\)|\ba\)|^\[a[.)]?\]", m.group()):
                        state["problem"] = True
                        start = node.pos + text[node.pos:].index(m.group())
                        edits.append((start, start + len(m.group()), ""))
                    walk(node.nodelist, inner, _start(m.group() if m else ""))
                    if m and depth >= 1:
                        # a lettered list nested in a numbered one: the next item of the outer list is a number again
                        state["problem"] = saved
                else:
                    if node.environmentname.rstrip("*").lower() in _PROBLEM_ENVIRONMENTS:
                        _number_problem(text, node, state, edits)
                    stack.extend((n, 0) for n in reversed([n for n in node.nodelist if n is not None]))
            elif isinstance(node, LatexMacroNode):
                name = node.macroname
                args = node.nodeargd.argnlist if node.nodeargd is not None else []
                if name in ("section", "subsection", "subsubsection"):
                    title = text[node.pos:node.pos + node.len]
                    label, _ = read_label(title)
                    if name == "section" and label is None and numbered and not title.startswith("\\section*"):
                        # `\section{A shear}`: LaTeX prints "3 A shear", and so the student means problem 3
                        state["section"] += 1
                        words = title[len("\\section"):].strip("{} ")
                        edits.append((node.pos, node.pos + node.len,
                                      f"\\section*{{Problem {state['section']}: {words}}}"))
                        label = Label(str(state["section"]), None)
                    state["problem"] = label is not None and label.problem is not None
                elif name == "item":
                    counter += 1
                    opt = args[0] if args else None
                    if opt is not None:
                        inner = text[opt.pos + 1:opt.pos + opt.len - 1].strip()
                        label, rest = read_label(inner)
                        if label is None:
                            label, rest = read_label(inner + ")")
                        if bare := re.fullmatch(r"\(?([a-h])\)?[.:]", inner):
                            label, inner = Label(None, bare.group(1)), f"({bare.group(1)})"  # \item[a.]
                        shown = inner if label is not None else ""
                        edits.append((node.pos, node.pos + node.len, f" {shown} "))
                    elif depth >= 1:
                        shown = f"({'abcdefgh'[min(counter, 8) - 1]})" if (state["problem"] or depth > 1) \
                            else f"{counter}."
                        edits.append((node.pos, node.pos + node.len, f" {shown} "))
                elif name == "question":
                    state["question"] += 1
                    state["part"] = 0
                    state["problem"] = True
                    edits.append((node.pos, node.pos + node.len, f" {state['question']}. "))
                elif name == "part":
                    state["part"] += 1
                    edits.append((node.pos, node.pos + node.len, f" ({'abcdefgh'[min(state['part'], 8) - 1]}) "))
                elif name in ("paragraph", "subparagraph") and (
                        m := re.match(r"\*?\s*\{([^{}\n]{1,60})\}", text[node.pos + node.len:])):
                    # \paragraph{1(a)}: a run-in heading that names the part; its title is the label
                    label, rest = read_label(m.group(1).strip())
                    if label is not None and not rest.strip():
                        edits.append((node.pos, node.pos + node.len + m.end(), f" {m.group(1).strip()} "))
                elif name in ("textbf", "underline", "emph", "textit", "textsc"):
                    label, _ = read_label(text[node.pos:node.pos + node.len])
                    if label is not None and label.problem is not None and label.sub is None:
                        state["problem"] = True  # \underline{\textbf{Problem 3}} titles a problem too
                elif name in ("sout", "xout", "st"):
                    # ulem's / soul's strike-through: the student crossed it out, as `~~...~~` in Markdown. The
                    # walker does not know these macros take an argument: the braced group after it is theirs.
                    end = _group_end(text, node.pos + node.len)
                    edits.append((node.pos, end, " "))
                elif name in ("setcounter", "addtocounter") and (
                        m := _COUNTER.match(text, node.pos + len(name) + 1)):
                    # `\setcounter{enumi}{5}` before an `\item`: the student skipped to the sixth item (5f)
                    counter = int(m.group(2)) + (counter if name == "addtocounter" else 0)
                    edits.append((node.pos, m.end(), " "))
                elif name in ("maketitle", "noindent", "hfill", "newpage", "clearpage", "medskip", "bigskip"):
                    edits.append((node.pos, node.pos + node.len, " "))

    walk(nodes, 0)
    out = []
    pos = 0
    for start, end, repl in sorted(edits):
        if start < pos:
            continue
        out.append(text[pos:start])
        out.append(repl + "\n" * text[start:end].count("\n"))
        pos = end
    out.append(text[pos:])
    body = "".join(out)
    if macros:
        pattern = re.compile(r"\\(" + "|".join(re.escape(k) for k in macros) + r")(?![A-Za-z])")
        body = "\n".join(pattern.sub(lambda m: macros[m.group(1)], line) for line in body.split("\n"))
    body = expand_argument_macros(body, _argument_macros(text))
    # `\textcolor{blue}{4}`, `\colorbox{yellow}{…}`, `{\color{red} …}`: how the answer looks (an `\ans` macro's
    # colour), not what it says
    body = _uncoloured(body) if "color" in body else body
    lines = _items_on_own_lines(body).split("\n")
    join_soft_breaks(lines, _runs(lines, _display_lines("\n".join(lines))))
    return Page("\n".join(lines))


def _uncoloured(body: str) -> str:
    """`body` with each colour command dropped, and the braces of the group it coloured (`\textcolor{blue}{3}` is
    `3`), so that the coloured value reads as if it were plain."""
    out, pos = [], 0
    for m in _COLOUR.finditer(body):
        if m.start() < pos:
            continue
        out.append(body[pos:m.start()])
        end = _group_end(body, m.end())
        if end > m.end():
            inner = body[m.end():end].strip()
            out.append(inner[1:-1])
            pos = end
        else:
            pos = m.end()  # `{\color{red} 3}`: the colour switch alone
    out.append(body[pos:])
    return "".join(out)


def _group_end(text: str, at: int, limit: int = 5000) -> int:
    """The end of the braced group starting at `at` (after spaces), or `at` if none closes within `limit`."""
    k = at
    while k < len(text) and text[k] in " \t":
        k += 1
    if k >= len(text) or text[k] != "{":
        return at
    depth = 0
    for j in range(k, min(len(text), k + limit)):
        if text[j] == "{" and text[j - 1] != "\\":
            depth += 1
        elif text[j] == "}" and text[j - 1] != "\\":
            depth -= 1
            if depth == 0:
                return j + 1
    return at


_GROUP2 = r"(?:[^{}\n]|\{(?:[^{}\n]|\{[^{}\n]*\})*\})"  # text with brace groups two deep (\mathop{\mathrm{softmax}})
_NEWCOMMAND = re.compile(r"\\(?:re)?newcommand\*?\s*\{?\\([A-Za-z]+)\}?\s*\{(" + _GROUP2 + r"{0,80})\}"
                         r"|\\def\s*\\([A-Za-z]+)\s*\{(" + _GROUP2 + r"{0,80})\}")
# `\mathop{\mathrm{softmax}}`, `\mathop{\rm tg}`: an operator's name, as `\operatorname` writes it
_MATHOP = re.compile(r"\\mathop\s*\{\s*(?:\\(?:mathrm|rm|text|operatorname)\s*)?\{?\s*([A-Za-z]+)\s*\}?\s*\}")


def _simple_macros(text: str) -> dict[str, str]:
    """A student's own shorthands without arguments (`\\newcommand{\\T}{^{\\mathsf T}}`, `\\def\\R{\\mathbb R}`): their
    text, so that `A\\T A` reads as the student wrote it. A shorthand that uses itself is left alone."""
    out: dict[str, str] = {}
    for m in _NEWCOMMAND.finditer(text[:20000]):
        name, body = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
        body = _MATHOP.sub(r"\\operatorname{\1}", body) if "mathop" in body else body
        # `\newcommand{\sig}{\sigma}` does not use itself: `\sigma` is another command
        if name and not re.search(r"\\" + name + r"(?![A-Za-z])", body) and len(out) < 50:
            out[name] = body
    for m in _MATH_OPERATOR.finditer(text[:20000]):
        # `\DeclareMathOperator{\LSE}{LSE}`: the operator's name, as `\operatorname` writes it
        if len(out) < 50:
            out[m.group(1)] = "\\operatorname{" + m.group(2) + "}"
    return out


_MATH_OPERATOR = re.compile(r"\\DeclareMathOperator\*?\s*\{?\\([A-Za-z]+)\}?\s*\{([A-Za-z]{1,20})\}")


_NEWCOMMAND_ARGS = re.compile(r"\\(?:re)?newcommand\*?\s*\{?\\([A-Za-z]+)\}?\s*\[([1-4])\]\s*\{")
# A macro whose body boxes its argument (`\fbox{$\displaystyle #1$}`, `\boxed{#1}`): the student's answer mark.
_BOXING_BODY = re.compile(r"\s*\\(?:fbox|framebox|boxed|colorbox\{[^{}]*\})\s*\{\s*(?:\$|\\\()?\s*(?:\\displaystyle)?\s*#1\s*"
                          r"(?:\$|\\\))?\s*\}\s*")


def _braced(text: str, start: int, limit: int = 4000) -> int | None:
    """The index after the group that opens at text[start] ('{'), or None when it does not close soon."""
    depth = 0
    for k in range(start, min(len(text), start + limit)):
        c = text[k]
        if c == "\\":
            continue
        if c == "{" and (k == 0 or text[k - 1] != "\\"):
            depth += 1
        elif c == "}" and (k == 0 or text[k - 1] != "\\"):
            depth -= 1
            if depth == 0:
                return k + 1
    return None


def _argument_macros(text: str) -> dict[str, tuple[int, str]]:
    """A student's own commands with arguments (`\newcommand{\ans}[1]{\fbox{$#1$}}`): name → (arguments, body).
    A body that boxes its one argument becomes `\boxed{#1}`, the mark the reader knows, whatever box and math
    switches the student used inside it."""
    out: dict[str, tuple[int, str]] = {}
    for m in _NEWCOMMAND_ARGS.finditer(text[:20000]):
        end = _braced(text, m.end() - 1, 400)
        if end is None or len(out) >= 50:
            continue
        body = text[m.end():end - 1]
        if "\\" + m.group(1) in body:
            continue  # a command that uses itself is left alone
        n = int(m.group(2))
        if n == 1 and _BOXING_BODY.fullmatch(body):
            body = r"\boxed{#1}"
        out[m.group(1)] = (n, body)
    return out


def expand_argument_macros(body: str, macros: dict[str, tuple[int, str]]) -> str:
    """Each use `\name{a}{b}` replaced by the command's body with #1, #2 filled in (an argument may be one
    character, as TeX reads `\vc11`); a use whose arguments cannot be read is left as written. Line breaks inside an argument are kept, so line numbers stay."""
    if not macros:
        return body
    pattern = re.compile(r"\\(" + "|".join(re.escape(k) for k in macros) + r")(?![A-Za-z])\s*")
    out, pos = [], 0
    for m in pattern.finditer(body):
        if m.start() < pos:
            continue
        n, text = macros[m.group(1)]
        args, at = [], m.end()
        for _ in range(n):
            while at < len(body) and body[at] in " \t":
                at += 1
            if at < len(body) and body[at] == "{":
                end = _braced(body, at)
                if end is None:
                    break
                args.append(body[at + 1:end - 1])
                at = end
            elif at < len(body) and (body[at].isalnum() or body[at] in "+-"):
                # `\vc11`, `\vc1{-1}`: TeX takes one character as an argument where no brace group is given
                args.append(body[at])
                at += 1
            else:
                break
        if len(args) < n:
            continue
        filled = re.sub(r"#([1-4])", lambda a: args[int(a.group(1)) - 1] if int(a.group(1)) <= n else a.group(0),
                        text)
        out += [body[pos:m.start()], filled]
        pos = at
    out.append(body[pos:])
    return "".join(out)



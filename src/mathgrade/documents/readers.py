"""Document readers, one per format, each producing the same thing: a `Page` of text the block splitter reads.

A reader parses its format's structure with a real parser (markdown-it-py for Markdown, pylatexenc for LaTeX, the
notebook JSON for .ipynb) and rewrites what the structure says into the few conventions the rest of the pipeline
knows: a part label at the start of a line, math between `$`, one table row per line. It keeps every line where
it was, so the line numbers a report quotes are the student's own. The math itself is never interpreted here: that
stays with the project's parser.

`READERS` maps a file suffix to its reader; `read_page(text, suffix)` picks one. A reader that fails on a hostile
file falls back to the text as it is: a document is never lost to its own markup.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass

from mathgrade.documents.blocks import display_spans
from mathgrade.documents.labels import Label, read_label
from mathgrade.documents.numbering import numbered_parts
from mathgrade.documents.consoles import mathematica_notebook, matlab_outputs, matlab_session, wolfram_alpha
from mathgrade.documents.markups import asciidoc, myst_roles, restructured, typst
from mathgrade.documents.printed import pasted_outputs, r_output
from mathgrade.documents.quotes import blockquote_quotations
from mathgrade.documents.tables import grid_tables, html_table, pipe_tables, row_cells, table_row, whitespace_tables

MAX_NOTEBOOK_CELLS = 2000
MAX_OUTPUT_CHARS = 20_000


@dataclass(frozen=True)
class Page:
    """A document as text in the common conventions; `plain`: formulas may stand without `$` (plain text)."""

    text: str
    plain: bool = False
    quoted: frozenset[int] = frozenset()
    """Lines (1-based) that quote the sheet rather than answer it: blockquotes, a callout of the set-up."""
    outputs: frozenset[int] = frozenset()
    """Lines (1-based) that a notebook's code printed: results, never working."""


Reader = Callable[[str], Page]
READERS: dict[str, Reader] = {}


def reader(*suffixes: str) -> Callable[[Reader], Reader]:
    """Register a reader for file suffixes (lower case, with the dot)."""
    def register(fn: Reader) -> Reader:
        for suffix in suffixes:
            READERS[suffix] = fn
        return fn
    return register


class UnreadableDocument(ValueError):
    """A file whose format cannot be read at all (a notebook that is not notebook JSON): the submission's error."""


def read_page(text: str, suffix: str) -> Page:
    """The page for a document's text, read by the reader registered for its suffix (plain text otherwise).

    Raises `UnreadableDocument` only for a container format that is not what its name says."""
    fn = READERS.get(suffix.lower(), read_plain)
    try:
        return fn(text)
    except UnreadableDocument:
        raise
    except (RecursionError, ValueError, IndexError, KeyError, TypeError, AttributeError):
        # A parser that chokes on hostile markup must not lose the document: read it as it stands.
        return Page(text, plain=fn is read_plain)


# ------------------------------------------------------------------------------------------------- Markdown

_FENCE_CODE = {"python", "py", "python3", "julia", "matlab", "r", "octave", "ipython", "ipython3", "bash", "sh"}
_PANDOC_BRACKETS = re.compile(r"\\\[\s*\\\[|\\\]\s*,\s*\\\[|\\\]\s*\\\]")


def _escaped_brackets(line: str) -> str:
    """pandoc writes a Word document's `[[1, 0], [0, -1]]` as `\\[\\[1, 0\\], \\[0, −1\\]\\]`: nested or listed
    escaped brackets outside `$` are brackets, not a LaTeX display (which never opens twice)."""
    if "$" in line or not _PANDOC_BRACKETS.search(line):
        return line
    return line.replace("\\[", "[").replace("\\]", "]")


_ESCAPED = re.compile(r"^(\s*(?:[-*+]\s+)?\(?\w{1,3})\\([.)])")
_CALLOUT = re.compile(r"^(\s*>)+\s?(\[![A-Za-z]+\][-+]?\s*)?")
_HTML_TAG = re.compile(r"</?(?:p|b|strong|i|em|u|br|h[1-6]|span|div|sup|sub|center|mark|details|summary|section|"
                       r"article|font)\b[^>]*>", re.I)
_OBSIDIAN_COMMENT = re.compile(r"%%.*?%%")  # Obsidian's own comment syntax: notes to self, not answers
# Inline code that holds math (GitHub has no math of its own, so students write `∂f/∂θ = r^3 cos θ`): its
# backticks are typography. Code in inline code (`np.linalg.svd(A)`, `import numpy`) stays code, never an answer.
_CODE_SPAN = re.compile(r"(?<!`)`(?P<body>[^`\n]{1,300})`(?!`)")
_CODE_LIKE = re.compile(r"\b(?:np|sp|numpy|sympy|torch|math|scipy|plt|la)\.|\b(?:import|def|return|lambda|print)\b|"
                        r"\w\.\w+\(|==|\.py\b|@\w|\bin\s+range\b|\$|<-|%\*%")  # `s$v`: R's $ is code
# pandoc's own superscript and subscript (`e^x1^`, `z~1~`, from a Word export): TeX's `^{x1}` and `_{1}`. A closing
# mark followed by a letter, digit or bracket is another power (`x^2+y^2`), not pandoc's.
_PANDOC_SUP = re.compile(r"\^(?P<body>[^\s^$~]{1,20}?)\^(?![\w{(\[])")
_PANDOC_SUB = re.compile(r"(?<=[\w)])~(?P<body>[^\s~$^]{1,20}?)~(?![\w~{(\[])")


# Google Docs' and pandoc's Markdown escape the punctuation of typed math (`y \= softmax(z)`, `2 \* 3`, `a \- b`):
# CommonMark reads `\=` as `=`. Outside `$` only: inside, `\|` and `\_` are LaTeX. `\[`, `\(` open LaTeX math.
_MD_ESCAPE = re.compile(r"(?<!\\)\\([=+\-<>*_#!|~^])")
_DOLLARS = re.compile(r"(\$\$.*?\$\$|\$[^$]*\$)")


def _unescaped(line: str) -> str:
    if "\\" not in line:
        return line
    pieces = _DOLLARS.split(line)
    return "".join(p if k % 2 else _MD_ESCAPE.sub(r"\1", p) for k, p in enumerate(pieces))


_TRAILING_LABEL = re.compile(r"\S.*?\s#+\s*(?P<label>\(?\d{1,2}\s*\(?[a-h]\)?)\s*$")


def _comment_labels(code: list[str]) -> list[str]:
    """The part labels a code chunk's lines name in trailing comments (`solve(V)   # 4d`), in order."""
    return [f"{m.group('label').strip()})" for line in code[:200] if (m := _TRAILING_LABEL.match(line))]


def _typography(line: str) -> str:
    """Inline code around math, and pandoc's superscripts and subscripts, as the math they are (outside `$`)."""
    line = myst_roles(_unescaped(line))
    if "`" in line:
        # code stays code, but its `$` (R's `e$vectors`) must not pair with the `$` of the math after it
        line = _CODE_SPAN.sub(lambda m: m.group(0).replace("$", "＄") if _CODE_LIKE.search(m.group("body"))
                              else m.group("body"), line)
    if ("^" in line or "~" in line) and "$" not in line:
        line = _PANDOC_SUB.sub(lambda m: "_{" + m.group("body") + "}", _PANDOC_SUP.sub(
            lambda m: "^{" + m.group("body") + "}", line))
    return line
_STRUCK = re.compile(r"~~[^~\n]+~~")
_BULLET = re.compile(r"^(\s*)[-*+]\s+")
_ORDERED = re.compile(r"^(\s*)(\d{1,2})[.)](\s+)")


def _markdown_parser():  # noqa: ANN202 - markdown-it's own type
    from markdown_it import MarkdownIt  # noqa: PLC0415 - loaded only when a Markdown document is read
    from mdit_py_plugins.front_matter import front_matter_plugin  # noqa: PLC0415

    return MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"]).use(front_matter_plugin)


_PARSER = None


def markdown_lines(text: str, quoted: set[int] | None = None) -> list[str]:
    """Markdown read by a CommonMark parser (with tables and strikethrough), rewritten line for line.

    Front matter and HTML comments are dropped, struck-out text is removed (a student who crossed something out
    does not mean it), code in a named language is not an answer, table rows become labelled lines, callout and
    quote markers and list bullets go, and an ordered list under a problem heading numbers its parts (a, b, c).
    The 0-based indices of lines that quote rather than answer (see `quotes`) are added to `quoted` if given.
    """
    global _PARSER  # noqa: PLW0603 - one parser, built on first use
    if _PARSER is None:
        _PARSER = _markdown_parser()
    rows = text.split("\n")
    grid_tables(rows)  # before CommonMark, which does not know them: a row may span lines
    pipe_tables(rows, only_plus=True)  # `Part | Answer` over `-----+-----`: not a CommonMark table either
    text = "\n".join(rows)
    text, protected = _multiline_inline(text)
    lines = text.split("\n")
    original = list(lines)
    tokens = _PARSER.parse(text)
    problem_heading = False
    titled: str | None = None
    chunk_labels: list[str] = []  # the parts an R chunk's lines name in trailing comments, for its output below
    paragraphs: list[tuple[int, int]] = []
    list_depth: list[str] = []
    counters: list[int] = []
    for t in tokens:
        span = t.map
        if t.type == "front_matter" and span:
            for k in range(span[0], min(span[1], len(lines))):
                lines[k] = ""
        elif t.type == "html_block" and span and t.content.lstrip().startswith("<!--"):
            for k in range(span[0], min(span[1], len(lines))):
                lines[k] = ""
        elif t.type == "html_block" and span and "<table" in t.content.lower():
            html_table(lines, span[0], min(span[1], len(lines)))
        elif t.type in ("code_block", "fence") and span and not t.info.strip() \
                and (printed := r_output(lines[span[0] + (t.type == "fence"):span[1] - (t.type == "fence")])):
            # knitr's output under an R chunk (`## [1] 45  5`): the student's printed results, under the labels the
            # chunk's lines name in their comments (`drop(V %*% e1)   # 4a`), one per printed value, in order
            values = [k for k, line in enumerate(printed) if line.strip()]
            if chunk_labels and len(chunk_labels) == len(values):
                for k, label in zip(values, chunk_labels):
                    printed[k] = f"{label} {printed[k]}"
            chunk_labels = []
            lines[span[0]:span[1]] = [""] + printed + [""] if t.type == "fence" else printed
        elif t.type == "fence" and span and t.info.strip().lower() in ("math", "latex", "tex", "katex", "{math}",
                                                                       "{eval-rst}") \
                and span[1] - span[0] >= 2:
            # GitHub's, GitLab's and VS Code's ```math block is display math
            last = min(span[1], len(lines)) - 1
            lines[span[0]] = "$$"
            if lines[last].strip().startswith(("```", "~~~")):
                lines[last] = "$$"
            else:
                lines[last] += " $$"  # a fence left open runs to the end of the document
        elif t.type == "fence" and span:
            # `{r}`, `{python echo=FALSE}`, `{r setup, include=FALSE}`: a Quarto / R Markdown chunk names its language
            code = re.split(r"[\s,}]", t.info.strip().lower().lstrip("{"), maxsplit=1)[0] in _FENCE_CODE
            chunk_labels = _comment_labels(lines[span[0] + 1:min(span[1], len(lines)) - 1]) if code else []
            if not code:
                # an answer typed in a plain code block: a matrix over several lines is one line, as in plain text;
                # a MATLAB live script's output block (`ans =` and the result) is the result
                inner = lines[span[0] + 1:min(span[1], len(lines)) - 1]
                matlab_outputs(inner)
                join_open_brackets(inner)
                lines[span[0] + 1:span[0] + 1 + len(inner)] = inner
            pasted = pasted_outputs(lines[span[0]:min(span[1], len(lines))]) if code else {}
            for k in range(span[0], min(span[1], len(lines))):
                if code or k in (span[0], span[1] - 1):
                    lines[k] = pasted.get(k - span[0], "")
        elif t.type == "heading_open" and span:
            label, _ = read_label(lines[span[0]])
            problem_heading = label is not None and label.problem is not None
        elif t.type == "blockquote_open" and span:
            if quoted is not None:
                quoted.update(span[0] + k for k in blockquote_quotations(original[span[0]:span[1]]))
            for k in range(span[0], min(span[1], len(lines))):
                lines[k] = _CALLOUT.sub("", lines[k], count=1)
        elif t.type in ("bullet_list_open", "ordered_list_open"):
            list_depth.append(t.type)
            counters.append(0)
        elif t.type in ("bullet_list_close", "ordered_list_close"):
            list_depth.pop()
            counters.pop()
        elif t.type == "list_item_open" and span and list_depth:
            counters[-1] += 1
            k = span[0]
            own = _ORDERED.match(lines[k])
            inner, _ = read_label(lines[k][own.end():]) if own else (None, "")
            if list_depth[-1] == "bullet_list_open":
                lines[k] = _BULLET.sub(r"\1", lines[k], count=1)
            elif inner is not None and inner.sub is not None and inner.problem is None and titled is not None \
                    and own is not None and own.group(2) != titled:
                # "6.  **(a)** ..." under "**Question 2**": pandoc numbers the items through the whole document;
                # the part's own label counts, the item's number does not
                lines[k] = lines[k][own.end():]
            elif problem_heading or len(list_depth) > 1:
                # "1." under "## Problem 2" (or nested in a numbered problem) is part (a), not problem 1.
                letter = "abcdefgh"[min(counters[-1], 8) - 1]
                lines[k] = _ORDERED.sub(lambda m, s=letter: f"{m.group(1)}({s}){m.group(3)}", lines[k], count=1)
        elif t.type == "table_open" and span:
            rows = range(span[0], min(span[1], len(lines)))
            headers = row_cells(lines[span[0]])
            for k in rows:
                if k in (span[0], span[0] + 1):
                    lines[k] = ""
                else:
                    lines[k] = table_row(headers, row_cells(lines[k]))
        elif t.type == "inline" and span and any(c.type == "s_open" for c in t.children or ()):
            for k in range(span[0], min(span[1], len(lines))):
                lines[k] = _STRUCK.sub("", lines[k])
        if t.type in ("paragraph_open", "heading_open") and span and not list_depth:
            # the problem a title outside any list names ("**Question 2**"), for pandoc's running item numbers
            named, _ = read_label(lines[span[0]].strip())
            if named is not None and named.problem is not None and named.sub is None:
                titled = named.problem
        if t.type == "paragraph_open" and span and span[1] - span[0] > 1 and not list_depth \
                and not any(k in protected for k in range(span[0], span[1])):
            paragraphs.append((span[0], min(span[1], len(lines))))
    for k in protected:
        lines[k] = original[k]
    shown = _display_lines("\n".join(lines))
    join_soft_breaks(lines, [run for a, b in paragraphs for run in _runs(lines[:b], shown) if run[0] >= a])
    # Typora keeps HTML (`<p><b>Problem 4</b></p>`, `<br>`): its text is the student's, its tags are not.
    lines = [_HTML_TAG.sub("", _OBSIDIAN_COMMENT.sub("", _ESCAPED.sub(r"\1\2", _escaped_brackets(line))))
             for line in lines]
    shown = _display_lines("\n".join(lines))  # inside a display, `\\-` is a row break and a minus sign
    lines = [line if k in shown else _typography(line) for k, line in enumerate(lines)]
    numbered_parts(lines)
    whitespace_tables(lines)
    return lines


_SPANS = re.compile(r"\$\$.+?\$\$|(?<![\\$])\$(?P<inline>[^$]{1,3000}?)(?<!\\)\$", re.S)


def _multiline_inline(text: str) -> tuple[str, set[int]]:
    """Inline math that runs over several lines (a pandoc export of a Word equation), made display math, and the
    lines inside it, whose leading `- ` is a minus sign and not a list bullet."""
    out: list[str] = []
    protected: set[int] = set()
    pos = 0
    for m in _SPANS.finditer(text):
        body = m.group("inline")
        if body is None or "\n" not in body or "\n\n" in body or "\\" not in body:
            continue
        first = text.count("\n", 0, m.start())
        protected.update(range(first + 1, first + body.count("\n") + 1))
        out.append(text[pos:m.start()])
        out.append("$$" + body + "$$")
        pos = m.end()
    out.append(text[pos:])
    return "".join(out), protected


_PAREN_MATH = re.compile(r"\\\(\s*(?P<body>[^$\n]{1,2000}?)\s*\\\)")


def dollars(line: str) -> str:
    """Mathpix's inline `\\( z \\)` written `$z$`, and pandoc's degree `90{^\\circ}` written `90^{\\circ}`, as the
    other tools (and the description checkers) write them."""
    line = line.replace("{^\\circ}", "^{\\circ}").replace("{^{\\circ}}", "^{\\circ}")
    # Each `\\(` may scan up to 2000 characters: only lines of ordinary length are rewritten.
    return _PAREN_MATH.sub(lambda m: f"${m.group('body')}$", line) if "\\(" in line and len(line) <= 5000 else line


@reader(".md", ".markdown", ".qmd", ".rmd")
def read_markdown(text: str) -> Page:
    """Markdown (Obsidian, Typora, a pandoc export, Mathpix output)."""
    quoted: set[int] = set()
    lines = markdown_lines(text, quoted)
    return Page("\n".join(dollars(line) for line in lines), quoted=frozenset(k + 1 for k in quoted))


# ---------------------------------------------------------------------------------------------------- LaTeX

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


_SECTION = re.compile(r"\\section\{([^{}\n]{0,80})\}")


@reader(".tex")
def read_latex(text: str) -> Page:
    """LaTeX read with pylatexenc: comments and the preamble dropped, `\\item[(a)]`, bare `\\item`s, and the exam
    class's `\\question`/`\\part` turned into labels at the start of their line, sections kept for the labels."""
    from pylatexenc.latexwalker import (  # noqa: PLC0415 - loaded only when a LaTeX document is read
        LatexCommentNode, LatexEnvironmentNode, LatexMacroNode, LatexMathNode, LatexWalker)

    macros = _simple_macros(text)
    # The exam class's `solution` (and a student's own `answer`) environment holds the answer: its opening is the
    # student's "Answer:" mark, so a bare formula inside it is read as the result, as after a label.
    text = _SOLUTION_END.sub(" ", _SOLUTION_BEGIN.sub("Answer: ", text))
    text = _ALIGNED.sub(_break_at_intertext, text) if "intertext" in text else text
    nodes, _, _ = LatexWalker(text, tolerant_parsing=True).get_latex_nodes()
    edits: list[tuple[int, int, str]] = []
    state = {"problem": False, "question": 0, "part": 0, "section": 0}
    # Numbered sections whose titles name no problem (`\section{A rotation}`, `\section{A shear}`) are numbered
    # by LaTeX in order: they are the problems, when there are at least two and none names its own number.
    titles = _SECTION.findall(text)
    numbered = len(titles) >= 2 and all(read_label(f"\\section{{{t}}}")[0] is None for t in titles)

    def walk(nodelist: list, depth: int) -> None:
        counter = 0
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
                    walk(node.nodelist, inner)
                    if m and depth >= 1:
                        # a lettered list nested in a numbered one: the next item of the outer list is a number again
                        state["problem"] = saved
                else:
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
                        if label is None and (bare := re.fullmatch(r"\(?([a-h])\)?[.:]", inner)):
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
    lines = _items_on_own_lines(body).split("\n")
    join_soft_breaks(lines, _runs(lines, _display_lines("\n".join(lines))))
    return Page("\n".join(lines))


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


_NEWCOMMAND = re.compile(r"\\(?:re)?newcommand\*?\s*\{?\\([A-Za-z]+)\}?\s*\{((?:[^{}\n]|\{[^{}\n]*\}){0,80})\}"
                         r"|\\def\s*\\([A-Za-z]+)\s*\{((?:[^{}\n]|\{[^{}\n]*\}){0,80})\}")


def _simple_macros(text: str) -> dict[str, str]:
    """A student's own shorthands without arguments (`\\newcommand{\\T}{^{\\mathsf T}}`, `\\def\\R{\\mathbb R}`): their
    text, so that `A\\T A` reads as the student wrote it. A shorthand that uses itself is left alone."""
    out: dict[str, str] = {}
    for m in _NEWCOMMAND.finditer(text[:20000]):
        name, body = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
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
    """Each use `\name{a}{b}` replaced by the command's body with #1, #2 filled in; a use whose arguments are not
    all braced groups is left as written. Line breaks inside an argument are kept, so line numbers stay."""
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
            end = _braced(body, at) if at < len(body) and body[at] == "{" else None
            if end is None:
                break
            args.append(body[at + 1:end - 1])
            at = end
        if len(args) < n:
            continue
        filled = re.sub(r"#([1-4])", lambda a: args[int(a.group(1)) - 1] if int(a.group(1)) <= n else a.group(0),
                        text)
        out += [body[pos:m.start()], filled]
        pos = at
    out.append(body[pos:])
    return "".join(out)


def _runs(lines: list[str], skip: set[int]) -> list[tuple[int, int]]:
    """Runs of non-blank lines outside display math (LaTeX paragraphs), as [start, end) line ranges."""
    runs, start = [], None
    for k, line in enumerate(lines + [""]):
        if line.strip() and k not in skip and start is None:
            start = k
        elif (not line.strip() or k in skip) and start is not None:
            runs.append((start, k))
            start = None
    return runs


def _display_lines(text: str) -> set[int]:
    # Rows of a display or an align environment are broken on purpose; only prose is rejoined.
    out: set[int] = set()
    for start, end in display_spans(text):
        out.update(range(text.count("\n", 0, start), text.count("\n", 0, end) + 1))
    return out


_NEW_LINE_STARTS = re.compile(r"^\s*(?:\\item|\\section|\\subsection|\\paragraph|\\noindent|\\begin|\\end|"
                              r"[-*+>|#]|\d+[.)]\s)")


# A line that ends a sentence (or a display) ends the line too: only a sentence broken mid-way is rejoined.
_SENTENCE_END = re.compile(r"(?:[.!?:]|\$\$|\\\]|\\\\)\s*$")


def join_soft_breaks(lines: list[str], paragraphs: list[tuple[int, int]]) -> None:
    """A sentence broken over lines inside one paragraph (a soft line break in LaTeX and Markdown) made one line,
    so that "… so $R$ rotates / by 90° …" is one sentence. A line that starts with a part label starts a line of
    its own. The lines taken out are left blank at the end of their run, so later line numbers stay the
    student's."""
    for start, end in paragraphs:
        k = start
        while k < end:
            j = k + 1
            while j < end and lines[j].strip() and read_label(lines[j].strip())[0] is None \
                    and not _NEW_LINE_STARTS.match(lines[j]) and not _SENTENCE_END.search(lines[j - 1]):
                j += 1
            if j > k + 1:
                lines[k] = " ".join([lines[k].rstrip()] + [lines[i].strip() for i in range(k + 1, j)])
                for i in range(k + 1, j):
                    lines[i] = ""
            k = j


def _items_on_own_lines(text: str) -> str:
    # A label that an \item left after `\begin{enumerate}` on the same line must start its sentence.
    return re.sub(r"\\begin\{(?:enumerate|itemize|parts|questions|description)\}|\\end\{(?:enumerate|itemize|parts|"
                  r"questions|description)\}", " ", text)


# ----------------------------------------------------------------------------------------------- plain text

# "[19:03] mira.k: 1b: Ru = (-2, 2)": a chat export's time and speaker before each message, not part of it
_CHAT_PREFIX = re.compile(r"^\s*\[?\d{1,2}:\d{2}(?::\d{2})?\s*(?:[AaPp][Mm])?\]?\s+[\w.@-]{1,40}:\s+")


# An e-mail's sign-off ("Best regards," then the name): not an answer to the last part above it
_VALEDICTION = re.compile(r"^\s*(?:(?:best|kind|warm|many)\s+(?:regards|wishes)|regards|cheers|thanks|thank you|"
                          r"sincerely|yours(?:\s+sincerely|\s+truly)?|best|mit freundlichen grüßen|viele grüße|"
                          r"cordialement|saludos)\s*[,.!]?\s*$", re.I)


def _drop_signature(lines: list[str]) -> None:
    """The sign-off line and the name lines under it (up to the next blank line, at most three) left blank."""
    for k, line in enumerate(lines):
        if _VALEDICTION.match(line):
            j = k
            while j < len(lines) and j - k <= 3 and lines[j].strip():
                lines[j] = ""
                j += 1


_PASTED_HTML = re.compile(r"<br\s*/?>|&nbsp;|</p>|<p>|&amp;|&lt;|&gt;", re.I)
_PASTED_HTML_TAG = re.compile(r"</?(?:br|p|div|span|b|strong|i|em|u|font|sup|sub)\b[^<>]{0,200}>", re.I)
_QUOTE_MARKS = re.compile(r"^\s*(?:>\s?)+")
_EQ_HEADING = re.compile(r"^(={1,6})\s+(?=[A-Za-z])")


@reader(".txt")
def read_plain(text: str) -> Page:
    """Plain text: formulas without `$`; pandoc-style whitespace tables become labelled lines."""
    text = typst(text) or text  # Typst's own math notation, read as LaTeX
    if len(_PASTED_HTML.findall(text[:20000])) >= 2:
        # pasted into a web form (Moodle's essay box): `<br>`, `&nbsp;`, `<p>` are the form's, not the student's
        text = html.unescape(_PASTED_HTML_TAG.sub("", text)).replace("\xa0", " ")
    lines = [_ESCAPED.sub(r"\1\2", _CHAT_PREFIX.sub("", line, count=1)) for line in text.split("\n")]
    # "== Problem 3" (AsciiDoc, Typst): a heading, written as Markdown's, not an equation chain
    lines = [_EQ_HEADING.sub(lambda m: "#" * min(len(m.group(1)), 6) + " ", line, count=1) for line in lines]
    # a MATLAB / Octave command window or a Mathematica notebook saved as text: commands out, results in
    matlab_session(lines) or mathematica_notebook(lines) or wolfram_alpha(lines) or asciidoc(lines) \
        or restructured(lines)
    numbered_parts(lines)
    # An e-mail reply quotes the question with `>`: those lines are not the answer, but a label quoted with the
    # question ("> 1b) Compute its determinant.") still names the part the reply below it answers.
    quoted = frozenset(k + 1 for k, line in enumerate(lines) if line.lstrip().startswith(">"))
    lines = [_QUOTE_MARKS.sub("", line, count=1) if k + 1 in quoted else line for k, line in enumerate(lines)]
    _drop_signature(lines)
    grid_tables(lines)
    pipe_tables(lines)
    whitespace_tables(lines)
    join_open_brackets(lines)
    return Page("\n".join(lines), plain=True, quoted=quoted)


MAX_CONTINUED_LINES = 12


def join_open_brackets(lines: list[str]) -> None:
    """A matrix typed over several lines (`[[a, b],` then `[c, d]]`) is one line: a line whose brackets are
    still open takes the next lines until they close (at most MAX_CONTINUED_LINES); the lines taken are left
    blank, so later line numbers stay the student's."""
    k = 0
    while k < len(lines):
        depth = _depth(lines[k])
        j = k + 1
        while depth > 0 and j < len(lines) and j - k <= MAX_CONTINUED_LINES and lines[j].strip():
            depth += _depth(lines[j])
            j += 1
        if j > k + 1 and depth == 0:
            lines[k] = " ".join([lines[k].rstrip()] + [lines[i].strip() for i in range(k + 1, j)])
            for i in range(k + 1, j):
                lines[i] = ""
        k = j if j > k + 1 and depth == 0 else k + 1


def _depth(line: str) -> int:
    found, rest = read_label(line)  # "ii)" closes no bracket
    body = rest if found is not None else line
    return sum(body.count(c) for c in "[(") - sum(body.count(c) for c in "])")


# The notebook reader registers itself for .ipynb (it reads Markdown cells with `markdown_lines` above).
from mathgrade.documents import notebooks  # noqa: E402, F401

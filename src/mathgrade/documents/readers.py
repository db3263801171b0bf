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
from mathgrade.documents.labels import code_comment_label, holds_parts, label_marks, read_label
from mathgrade.documents.numbering import numbered_parts
from mathgrade.documents.consoles import (mathematica_notebook, matlab_outputs, matlab_session, r_session,
                                          wolfram_alpha)
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


def _comment_labels(code: list[str]) -> list[str]:
    """The parts a code chunk's lines name in trailing comments (`solve(V)   # 4d`), in order."""
    return [mark for line in code[:200] if (found := code_comment_label(line)) for mark in label_marks(found)]


def _typography(line: str) -> str:
    """Inline code around math, and pandoc's superscripts and subscripts, as the math they are (outside `$`)."""
    line = myst_roles(_unescaped(line))
    if "`" in line:
        # code stays code, but its `$` (R's `e$vectors`) must not pair with the `$` of the math after it
        line = _CODE_SPAN.sub(lambda m: m.group(0).replace("$", "＄") if _CODE_LIKE.search(m.group("body"))
                              else m.group("body"), line)
    if "==" in line:
        line = _HIGHLIGHT.sub(r"\1", line)  # Obsidian's ==highlight== marks an answer, as bold does
    if "*" in line and "$" not in line and _ITALIC_VARIABLE.search(line):
        # pandoc writes Word's math italics as emphasis: `*e*^−*x*^`, `*σ*′(*x*)` are e^−x and σ′(x)
        line = _ITALIC_VARIABLE.sub(r"\1", line)
    if ("^" in line or "~" in line) and "$" not in line:
        # subscripts first: `^x~1~^` is e to the x₁, a subscript inside a superscript
        line = _PANDOC_SUP.sub(lambda m: "^{" + m.group("body") + "}", _PANDOC_SUB.sub(
            lambda m: "_{" + m.group("body") + "}", line))
    return line
# one to three letters in single asterisks, hugged by no word character or star on either side (`2*x*y` is a product)
_ITALIC_VARIABLE = re.compile(r"(?<![\w*\\])\*([^\W\d_]{1,3})\*(?![\w*])")
_HIGHLIGHT = re.compile(r"(?<![=<>!\w])==(?=\S)([^=\n]{1,200}?)(?<=\S)==(?![=\w])")


_STRUCK = re.compile(r"~~[^~\n]+~~")
_BULLET = re.compile(r"^(\s*)[-*+]\s+")
_ORDERED = re.compile(r"^(\s*)(\d{1,2})[.)](\s+)")


def _markdown_parser():  # noqa: ANN202 - markdown-it's own type
    from markdown_it import MarkdownIt  # noqa: PLC0415 - loaded only when a Markdown document is read
    from mdit_py_plugins.front_matter import front_matter_plugin  # noqa: PLC0415

    return MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"]).use(front_matter_plugin)


_PARSER = None


def markdown_lines(text: str, quoted: set[int] | None = None, outputs: set[int] | None = None) -> list[str]:
    """Markdown read by a CommonMark parser (with tables and strikethrough), rewritten line for line.

    Front matter and HTML comments are dropped, struck-out text is removed (a student who crossed something out
    does not mean it), code in a named language is not an answer, table rows become labelled lines, callout and
    quote markers and list bullets go, and an ordered list under a problem heading numbers its parts (a, b, c).
    The 0-based indices of lines that quote rather than answer (see `quotes`) are added to `quoted` if given, and
    those of knitr's printed results to `outputs`.
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
            if outputs is not None:
                first = span[0] + (t.type == "fence")
                outputs.update(first + k for k, line in enumerate(printed) if line.strip())
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
            elif inner is not None and inner.sub is not None and inner.problem is None and own is not None \
                    and titled is not None and titled.isdigit() and own.group(2) == str(int(titled) + 1) \
                    and counters[-1] == 1 and own.group(2) != "1":
                # "3. a) $w$" after "## 2.": a list that starts at the next problem's number is the student's next
                # problem (a list numbered 1, 2, 3, … through its parts keeps the heading's problem)
                pass
            elif inner is not None and inner.sub is not None and inner.problem is None and titled is not None \
                    and own is not None and own.group(2) != titled \
                    and not holds_parts(lines[k][own.end():]):
                # (not "1. a) … b) …" under "Ejercicios 1 a 4": an item holding several parts is numbered by its problem)
                # "6.  **(a)** ..." under "**Question 2**": pandoc numbers the items through the whole document;
                # the part's own label counts, the item's number does not
                lines[k] = lines[k][own.end():]
            elif (problem_heading or len(list_depth) > 1) and not (
                    own is not None and holds_parts(lines[k][own.end():])):
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
    outputs: set[int] = set()
    lines = markdown_lines(text, quoted, outputs)
    return Page("\n".join(dollars(line) for line in lines), quoted=frozenset(k + 1 for k in quoted),
                outputs=frozenset(k + 1 for k in outputs))


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
# (and the full stops of Chinese and Japanese)
_SENTENCE_END = re.compile(r"(?:[.!?:。！？]|\$\$|\\\]|\\\\)\s*$")


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
    matlab_session(lines) or mathematica_notebook(lines) or wolfram_alpha(lines) or r_session(lines) \
        or asciidoc(lines) or restructured(lines)
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
from mathgrade.documents import latex, notebooks  # noqa: E402, F401

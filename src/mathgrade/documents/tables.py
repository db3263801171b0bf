"""Tables in documents: pipe tables, pandoc's grid, simple and multiline tables, each row as one labelled line.

A row becomes `label cell ; cell ; ...` with each cell read with its column's header (`$Ru = (-2, 2)$`, "kind
reflection", "no scaling"), so the block reader sees the same conventions as in prose. Rows keep their lines.
"""

from __future__ import annotations

import re

from mathgrade.documents.labels import Label, read_label
from mathgrade.documents.numbering import unescape_cell
from mathgrade.languages import alternation, phrases


# "none (×1)"; and keine, aucune, ninguna, nenhuma, ingen, нет, 无 in the languages students write in
_NEGATIVE = re.compile(r"^\s*(?:none|no|nil|n/?a|[-–—]+|0%|unchanged|keine?|aucune?|ninguna|ninguno|nenhuma|nenhum"
                       r"|ingen|нет|无|없음)\s*(?:\([^()]{0,30}\))?\s*$", re.I)
_MATH_CELL = re.compile(r"^\s*(?:\$[^$]+\$|\\\(.+\\\))\s*$")
_DISPLAY_CELL = re.compile(r"^\s*\$\$[^$]+\$\$\s*$")  # a header `$$\mathbf{\Sigma V^T x}$$` in a Word export
# (typed Unicode too: "[[cos θ, −r sin θ], …]", "r² sin φ", "(e·tanh(w₁x), …)")
_PLAIN_MATH_CELL = re.compile(r"^[\s\d.,;()\[\]{}+\-−*/^_=√a-zA-Zα-ωΣΛ·×²³⁻¹ᵀ₀-₉ᵢⱼₖᵤ∂∇π\\]+$")


def _strip_math(cell: str) -> str:
    cell = cell.strip()
    if cell.startswith("$") and cell.endswith("$"):
        return cell.strip("$").strip()
    if cell.startswith("\\(") and cell.endswith("\\)"):
        return cell[2:-2].strip()
    return cell


def _is_math(cell: str) -> bool:
    if _MATH_CELL.match(cell) or _DISPLAY_CELL.match(cell):
        return True
    if re.fullmatch(r"\s*[A-Za-zΣΛ][A-Za-z0-9_^ΣΛᵀ]{0,2}\s*", cell) and not _NEGATIVE.match(cell):
        return True  # a column named `x`, `Ux`, `Vx`: a symbol, not a word
    words = re.findall(r"[A-Za-z]{4,}", cell)
    return bool(_PLAIN_MATH_CELL.match(cell)) and not words and bool(re.search(r"[\d\[(]", cell))


# The words a table's header uses, per role: for a problem, a part and an answer, English here and every other
# language's in its file (mathgrade/languages); for a remark, all of them here. Data, not logic: a header is
# matched whole (after `*`, `_`, `:` and spaces are stripped), case-insensitively.
_LABEL_WORDS = ("question", "problem", "exercise", "task", "part", "item", "q", "#", r"no\.?", r"nr\.?", "number")
_ANSWER_WORDS = ("answers?", "results?", "solutions?", "values?", "responses?")
_REMARK_WORDS = ("notes?", "comments?", "remarks?", "reasons?", "why", "how", r"work(?:ing)?", "justification",
                 "explanation", "because", "method", "check", "bemerkung", "kommentar", "begründung", "remarques?",
                 "commentaires?", "notas?", "comentarios?", "observaci[oó]n(?:es)?", "observação", "osservazion[ei]",
                 "commento", "uwagi", "komentarz", "примечание", "комментарий", "merknad", "kommentar",
                 "opmerking(?:en)?", "anmärkning", "açıklama", "ghi chú", "giải thích", "σχόλια", "παρατηρήσεις",
                 "توضیح", "توضیحات", "یادداشت", "ملاحظات", "备注", "说明", "注", "備考", "비고")


def _words(words: tuple[str, ...]) -> str:
    return "(?:" + "|".join(words) + ")"


# (and every language file's words for a problem and a part, and for an answer: | Завдання | Відповідь |; a plural
# too, as the English words take their s: | Ejercicios |)
_LABEL_HEADER = re.compile(r"\s*(?:" + _words(_LABEL_WORDS) + "|"
                           + alternation(phrases("problem") + phrases("part"), open_end=True) + r")s?\s*", re.I)
"""The header of a column that numbers the rows (| question | matrix | kind |): its cells are labels."""


_SCALE_HEADER = re.compile(r"scal|skal|factor|fator|facteur|faktor|escala|échelle|stretch|масштаб|缩放|ölçek|dilataz|"
                           r"co giãn|κλίμακα|مقیاس", re.I)
# | Axis | $z$ |: the axis a math cell names (read_axis needs the word beside the letter)
_AXIS_HEADER = re.compile(r"(?:rotation\s+)?(?:axis|axe|achse|asse|eje|eixo|oś|osa|άξονας|trục|محور|ציר|軸|축|轴|"
                          + alternation(phrases("axis")) + ")", re.I)
_ANSWER_HEADER = re.compile(r"(?:(?:my|your|final)\s+)?(?:" + _words(_ANSWER_WORDS) + "|"
                            + alternation(phrases("answer")) + ")", re.I)
"""The header of the column that holds the answers themselves: it names no quantity of its own."""


_QUANTITY_HEADER = re.compile(r"(?:quantity|quantities|expression|what|asked|item|symbol|derivative|object|name|given|"
                              r"to\s+find|find|compute|asked\s+for|question|task|(?:given\s*/\s*)?to\s+find)",
                              re.I)
"""The header of a column that names what the answer beside it is (| Part | Quantity | Answer |)."""


_REMARK_HEADER = re.compile(_words(_REMARK_WORDS), re.I)


_WHOLE_BOLD = re.compile(r"^\s*(?:\*\*|__)([^*_].*?)(?:\*\*|__)\s*$")


def _quantity_header(head: str) -> bool:
    """The header of a column naming what the answer beside it is: "Quantity", or several words one of which
    is ("Given / To find")."""
    if _QUANTITY_HEADER.fullmatch(head):
        return True
    words = [w for w in re.split(r"\s*[/,&+;]\s*", head.strip()) if w]
    return len(words) > 1 and any(_QUANTITY_HEADER.fullmatch(w) for w in words) \
        and not any(_ANSWER_HEADER.fullmatch(w) for w in words)


def _remark_header(head: str) -> bool:
    """A notes column's header, whole ("Notes") or of several words, none naming the answer ("Working / notes",
    "Notes & checks")."""
    if _REMARK_HEADER.fullmatch(head):
        return True
    words = [w for w in re.split(r"\s*[/,&+;]\s*|\s+and\s+|\s+", head.strip()) if w]
    return len(words) > 1 and any(_REMARK_HEADER.fullmatch(w) for w in words) \
        and not any(_ANSWER_HEADER.fullmatch(w) for w in words)


def _table_label(cell: str) -> tuple[Label | None, str]:
    m = re.match(r"^\s*\(?(?P<num>\d{1,2})?\s*\(?(?P<sub>[a-h])\)?\s*$", cell)
    if m is not None:
        return Label(m.group("num"), m.group("sub")), ""
    return read_label(cell)


def _label_text(label: Label) -> str:
    if label.sub is None:
        return f"Problem {label.problem}:"
    return f"{label.problem or ''}{label.sub})" if label.problem else f"({label.sub})"


_NOTATION = re.compile(r"\s*\$?\s*(?:[a-zεδ]|\\varepsilon|\\delta)\s*:?=\s*[^=|$]*\S\s*[-+−]\s*[^=|$]+\$?\s*")
"""A note that only defines a one-letter name as a sum: the student's notation, not a remark."""


def table_row(headers: list[str], cells: list[str]) -> str:
    """One table row as one line: its part label first, then each cell read with its column's header.

    A math cell under a math header becomes `$header = cell$`; a word under a word header becomes "header word",
    and "none" under "Scaling" becomes "no Scaling". What the columns mean is left to the locator.
    """
    if not cells:
        return ""
    if len(cells) > 2 and re.fullmatch(r"\s*\d{1,2}\s*", cells[0]) and re.fullmatch(r"\s*\(?[a-h]\)?\s*", cells[1]):
        # | Problem | Part | Answer |: the label is split over two columns
        cells = [cells[0].strip() + cells[1].strip().strip("()")] + cells[2:]
        headers = [""] + headers[2:]
    label, subject = _table_label(unescape_cell(cells[0]))
    if label is None and headers and _LABEL_HEADER.fullmatch(headers[0].strip("*_ ")) and re.fullmatch(r"\s*\d{1,2}\s*", cells[0]):
        # | question | … | with 3 in the first column: a problem's number, never an answer to one of its parts
        label, subject = Label(cells[0].strip(), None), ""
    rest = cells[1:] if label is not None else cells
    heads = headers[1:] if label is not None else headers
    pieces: list[str] = []
    if subject.strip():
        pieces.append(subject.strip())
    named = ""
    defined: list[str] = []
    for k, cell in enumerate(rest):
        cell = _WHOLE_BOLD.sub(r"\1", cell)  # | 2b | det J | **r² sin θ** |: a cell in bold is the cell
        head = heads[k].strip() if k < len(heads) else ""
        if cell.strip() and _NOTATION.fullmatch(cell) and not _ANSWER_HEADER.fullmatch(head.strip("*_: ")) and (
                pieces and _remark_header(head.strip("*_: ")) or k + 1 < len(rest) and any(
                    c.strip() for c in rest[k + 1:])):
            # (never the answer column's own cell: "| 2b | y = 2x + 1 | from the slope |" answers with the equation)
            # | 4a | (e·tanh(w₁x), …) | e = v₁tanh(w₁x) + … − t |, | 4a | $e = …$ | $e\,(\tanh(w_1x), …)$ |: a cell
            # that only defines the name the answer uses, in a notes column or before the answer
            defined.append(_strip_math(cell))
            continue
        if not cell.strip() or _remark_header(head.strip("*_: ")):
            continue  # | 3a | 1 | second row = 2 × first row |: the notes column says why, it is no answer
        nxt = heads[k + 1].strip("*_: ") if k + 1 < len(heads) else ""
        if _quantity_header(head.strip("*_: ")) and _ANSWER_HEADER.fullmatch(nxt):
            named = _strip_math(cell)  # | 2(b) | det | r² sin φ |: the quantity names the answer beside it
            continue
        if named and _is_math(cell) and "=" not in cell:  # (a cell "λ₁ = 45, λ₂ = 5" names its values itself)
            pieces.append(f"${named} = {_strip_math(cell)}$")
            named = ""
            continue
        named = ""
        if _NEGATIVE.match(cell) and head:
            pieces.append(f"no {head.lower()}")
        elif _is_math(cell):
            body = _strip_math(cell)
            if head and _is_math(head) and "=" not in body:
                pieces.append(f"${_strip_math(head)} = {body}$")
            elif head and (_SCALE_HEADER.search(head) or _AXIS_HEADER.fullmatch(head.strip("*_: "))):
                pieces.append(f"{head.lower()} ${body}$")  # | Scale | 2 |, | fator de escala | $2$ |: says what 2 is
            else:
                pieces.append(f"${body}$")
        elif head and not _is_math(head) and not _ANSWER_HEADER.fullmatch(head.strip("*_: ")):
            pieces.append(f"{head.lower()} {cell.strip()}")
        elif head and _ANSWER_HEADER.fullmatch(head.strip("*_: ")) and re.fullmatch(r"\s*`[^`]+`\s*", cell):
            pieces.append(f"${cell.strip().strip('`')}$")  # | 1b | `r` |: the answer typed as code
        else:
            pieces.append(cell.strip())
    if defined and pieces:
        answer = pieces[-1] if "$" in pieces[-1] else f"${pieces[-1]}$"  # (typed math: "(e·tanh(w₁x), …)")
        pieces[-1] = answer + "".join(f" where ${d}$" for d in defined)
    joined = " ; ".join(pieces)
    return f"{_label_text(label)} {joined}" if label is not None else joined


def row_cells(line: str) -> list[str]:
    """The cells of a pipe-table row; `|` inside `$...$` belongs to the math (|x| is a norm)."""
    body = line.strip()
    if body.startswith("|"):
        body = body[1:]
    if body.endswith("|") and not body.endswith("\\|"):
        body = body[:-1]
    cells, start, in_math = [], 0, False
    for i, c in enumerate(body):
        if c == "$":
            in_math = not in_math
        elif c == "|" and not in_math and (i == 0 or body[i - 1] != "\\"):
            cells.append(body[start:i])
            start = i + 1
    cells.append(body[start:])
    return [c.strip() for c in cells]


_RULE = re.compile(r"^\s*-{3,}(?:\s+-{2,})*\s*$")


_GRID_RULE = re.compile(r"^\s*\+(?:[-=:]+\+)+\s*$")


def grid_tables(lines: list[str]) -> None:
    """Pandoc's grid tables (`+----+----+` rules around `| a | b |` rows, `+====+` under the header), which
    CommonMark does not know, rewritten line for line: each row as one labelled line (`table_row`) at the row's
    first line. A row is everything between two rules, so its cells may continue over several lines; pandoc's
    escaped label `\\(b\\)` is read as (b)."""
    k = 0
    while k < len(lines):
        if not _GRID_RULE.match(lines[k]):
            k += 1
            continue
        end = k + 1
        while end < len(lines) and (_GRID_RULE.match(lines[end]) or lines[end].strip().startswith("|")):
            end += 1
        rows: list[tuple[int, list[str]]] = []  # (first line, cells) between rules
        headers: list[str] = []
        current: tuple[int, list[str]] | None = None
        for j in range(k, end):
            if _GRID_RULE.match(lines[j]):
                if current is not None:
                    if "=" in lines[j] and not rows and not headers:
                        headers = current[1]
                    else:
                        rows.append(current)
                current = None
                continue
            cells = row_cells(lines[j])
            current = (j, cells) if current is None else \
                (current[0], [f"{a} {b}".strip() for a, b in zip(current[1], cells)])
        for j in range(k, end):
            lines[j] = ""
        for first, cells in rows:
            lines[first] = table_row([h.strip("* ") for h in headers], [_ESCAPED_PAREN.sub(r"\1", c) for c in cells])
        k = end


_ESCAPED_PAREN = re.compile(r"\\([()])")


_PIPE_RULE = re.compile(r"^\s*\|?\s*:?[-=]{2,}:?(?:\s*[|+]\s*:?[-=]{2,}:?)+\s*\|?\s*$")


def _piped(line: str) -> bool:
    return "|" in line.replace("$", "") and len(row_cells(line)) > 1


def pipe_tables(lines: list[str], only_plus: bool = False) -> None:
    """Pipe tables typed by hand in plain text: `Part | Answer` over a rule of `-----+-----` (or `|---|---|`,
    Emacs org's `|---+---|`), and runs of at least two rows that each start with a part label (`1a | r`) with no
    header at all. Rewritten line for line, each row as one labelled line (`table_row`). `only_plus`: only rules
    with `+` or `=` (Markdown, whose parser reads the others)."""
    k = 0
    while k < len(lines):
        rule = _PIPE_RULE.match(lines[k])
        if rule and (not only_plus or "+" in lines[k] or "=" in lines[k]) and k > 0 and _piped(lines[k - 1]):
            headers = [h.strip("*_ ") for h in row_cells(lines[k - 1])]
            lines[k - 1] = lines[k] = ""
            j = k + 1
            while j < len(lines) and (_piped(lines[j]) or _PIPE_RULE.match(lines[j])):
                lines[j] = "" if _PIPE_RULE.match(lines[j]) else table_row(headers, row_cells(lines[j]))
                j += 1
            k = j
            continue
        if only_plus:
            k += 1
            continue
        j = k
        while j < len(lines) and _piped(lines[j]) and _table_label(row_cells(lines[j])[0])[0] is not None:
            j += 1
        if j - k >= 2:
            for i in range(k, j):
                lines[i] = table_row([], row_cells(lines[i]))
            k = j
        else:
            k += 1


def whitespace_tables(lines: list[str]) -> None:
    """Pandoc's simple and multiline tables (a Word export): columns under a rule of dashes, cut at its gaps."""
    i = 0
    while i < len(lines):
        if not _RULE.match(lines[i]):
            i += 1
            continue
        # The rule with gaps (one dash run per column) sits under the header.
        j = i if len(lines[i].split()) > 1 else i + 2
        if j >= len(lines) or not _RULE.match(lines[j]) or len(lines[j].split()) < 2:
            i += 1
            continue
        extents = [(m.start(), m.end()) for m in re.finditer(r"-+", lines[j])]

        def split(row: str, extents: list[tuple[int, int]] = extents) -> list[str]:
            # A row whose gaps of two spaces or more give as many cells as there are columns is cut there: an
            # escape the reader removed (`b\)` → `b)`) has shifted it off the rule's columns by a character.
            gapped = [c for c in re.split(r"\s{2,}", row.strip()) if c]
            if len(gapped) == len(extents) and not any(c.count("$") % 2 for c in gapped):
                return gapped
            out = []
            for k, (a, _) in enumerate(extents):
                b = extents[k + 1][0] if k + 1 < len(extents) else len(row)
                out.append(row[a:b].strip() if a < len(row) else "")
            return out

        headers = split(lines[j - 1]) if j - 1 >= 0 else []
        if j - 1 >= 0:
            lines[j - 1] = ""
        if j != i:
            lines[i] = ""
        lines[j] = ""
        k = j + 1
        # A simple table (header right above its rule) ends at a blank line; a multiline one (a rule above the
        # header too) at its closing rule. Reading on past a simple table's end cut the next matrix into cells.
        simple = j == i
        while k < len(lines) and not _RULE.match(lines[k]) and not (simple and not lines[k].strip()):
            if lines[k].strip() and len(lines[k]) - len(lines[k].lstrip()) < 8:
                lines[k] = table_row(headers, split(lines[k]))
            k += 1
        if k < len(lines) and _RULE.match(lines[k]):
            lines[k] = ""
        i = k + 1


_HTML_ROW = re.compile(r"<tr\b[^>]*>(?P<row>.*?)</tr\s*>", re.I)
_HTML_CELL = re.compile(r"<t(?P<kind>[dh])\b[^>]*>(?P<cell>.*?)</t[dh]\s*>", re.I)
_HTML_REST = re.compile(r"</?(?:table|thead|tbody|tfoot|tr|caption|colgroup|col)\b[^>]*>", re.I)


def html_table(lines: list[str], start: int, end: int) -> None:
    """An HTML table written into Markdown (`<tr><td>1a</td><td>$r$</td></tr>`), one row per line, as labelled lines
    like a pipe table's (in place). The first row of `<th>` cells is the header."""
    headers: list[str] = []
    for k in range(start, end):
        row = _HTML_ROW.search(lines[k])
        if row is None:
            lines[k] = _HTML_REST.sub("", lines[k])
            continue
        found = [(m.group("kind").lower(), m.group("cell").strip()) for m in _HTML_CELL.finditer(row.group("row"))]
        if found and all(kind == "h" for kind, _ in found) and not headers:
            headers = [cell for _, cell in found]
            lines[k] = ""
        else:
            lines[k] = table_row(headers, [cell for _, cell in found])

"""Jupyter notebooks (nbformat 4): Markdown cells as Markdown, code cells by what they printed.

Outputs are numpy and sympy reprs (`array([...])`, `Matrix([...])`, `{5: 1, 45: 1}`), bare numpy prints, `label: value`
prints and, where the plain form is sympy's pretty printing, the `text/latex` form. Plain `json` with a check of the
notebook's shape, not nbformat (which would bring in jupyter_core and traitlets just to read cells).
"""

from __future__ import annotations

import json
import re

from mathgrade.documents.blocks import tuple_items
from mathgrade.documents.labels import code_comment_label, label_marks, read_label, split_labelled
from mathgrade.documents.readers import MAX_NOTEBOOK_CELLS, MAX_OUTPUT_CHARS, Page, UnreadableDocument, markdown_lines, reader

_NUMPY_ARRAY = re.compile(r"\b(?:array|matrix)\(\s*(?P<body>\[.*\])\s*(?:,\s*dtype=[\w.]+\s*)?\)", re.S)
_LIST_OF_ARRAYS = re.compile(r"^\s*\[(?P<body>\s*array\(.*\))\s*\]\s*$", re.S)
_MAPS_TO = re.compile(r"\s*(?:->|→|=>|↦|\|->|maps\s+to|goes\s+to)\s*")
_SYMPY_MATRIX = re.compile(r"\b(?:Matrix|ImmutableMatrix|MutableDenseMatrix)\(\s*(?P<body>\[.*\])\s*\)", re.S)
_WRAPPERS = re.compile(r"^(?:print|display|simplify|nsimplify|N|np\.round|round|sp\.simplify|sympy\.simplify|"
                       r"np\.array|Matrix)\((?P<inner>.*)\)$")


def _list_literal(body: str) -> str:
    """A numpy print (`[[ 1.41  1.41]\\n [-2.83  2.83]]`) or repr body as a bracketed list with commas."""
    body = " ".join(body.split())
    if "," not in body:
        body = re.sub(r"(?<=[\d.])\s+(?=[-+]?\d)", ", ", body)
    body = re.sub(r"\]\s*,?\s*\[", "], [", body)
    body = re.sub(r"(?<=\d)\.(?!\d)", "", body)
    body = re.sub(r"\[\s+", "[", body)
    return re.sub(r"\s+\]", "]", body)


_LOOP_VARIABLES = re.compile(r"^\s*for\s+([\w\s,()]{1,40}?)\s+in\b", re.M)


def _code_name(source: str) -> str:
    """What a code cell's last line computes, written as a student would (`V.T @ e1` → `V^T e_1`)."""
    lines = [ln.strip() for ln in source.split("\n") if ln.strip() and not ln.strip().startswith("#")]
    if not lines:
        return ""
    last = re.sub(r"\s+#.*$", "", lines[-1])  # `np.linalg.matrix_rank(P)  # (c)`: the comment names nothing computed
    m = _WRAPPERS.match(last)
    while m is not None:
        last = m.group("inner").strip()
        m = _WRAPPERS.match(last)
    if re.search(r"[\"':]|\bfor\b|\bin\b|\bimport\b|=", last):
        return ""
    # `for x in [e1/s, e2/s, …]: print(SVt @ x)`: what is printed depends on the loop's variable, so each printed
    # value is another quantity; no one name is theirs (they are placed in order, as a list of answers is)
    looped = {v for m in _LOOP_VARIABLES.finditer(source) for v in re.findall(r"\w+", m.group(1))}
    if looped and any(re.search(rf"\b{re.escape(v)}\b", last) for v in looped):
        return ""
    name = re.sub(r"\b(?:np|sp|sympy|numpy)\.(?:linalg\.)?", "", last)
    name = re.sub(r"\binv\((\w+)\)", r"\1^{-1}", name)
    name = re.sub(r"\.T\b", "^T", name)
    name = re.sub(r"\b([a-zA-Z])(\d)\b", r"\1_\2", name)
    return re.sub(r"\s*[@*]\s*", " ", name).strip()


# `ans_1d`, `q2b`, `part_c`, `answer4e`: a variable named for the part it holds.
_PART_VARIABLE = re.compile(r"^(?:ans|answer|sol|solution|res|result|q|p|part|prob|problem|ex|exercise)_?"
                            r"(?P<num>\d{1,2})?_?(?P<sub>[a-h])$", re.I)
_COMMENT = re.compile(r"^\s*#+\s*(?P<text>\S.*)$")


_COMMENT_LIST = re.compile(r"#\s*(?P<labels>\d{1,2}[a-h](?:\s*,\s*\d{1,2}[a-h])+)\s*$")
_DEFERRED = re.compile(r"\b(?:later|todo|tbd|next|below|see|will)\b", re.I)  # "# part g later": not this cell's


def _cell_label(source: str, name: str) -> str | None:
    """The part a code cell says it answers: a leading comment that is a label (`# part g`, `# 2b: check`) or the
    variable its last line shows (`ans_1d`). None if the cell does not say."""
    for line in source.split("\n")[:5]:
        m = _COMMENT.match(line)
        if m is None:
            if line.strip():
                break  # only a comment above the code names the cell
            continue
        label, _ = read_label(m.group("text"))
        if label is not None and label.sub is not None:
            # "# 4e, 4f" over two prints: one label per printed value (see `_labelled`), joined by a space
            return " ".join(label_marks(label))
    # `dsigma.subs(x, 0)   # 1c`, or `# 1c singular values` under a first line of code: a comment inside the
    # cell names its part, when only one part is named in the cell
    for line in source.split("\n")[:40]:
        # "# 5b, 5c, 5d, 5e": a list of parts, one per printed value
        listed = _COMMENT_LIST.search(line)
        if listed:
            return " ".join(f"{x.strip()})" for x in listed.group("labels").split(","))
    named = set()
    for line in source.split("\n")[:40]:
        whole = _COMMENT.match(line)
        found, rest = read_label(whole.group("text")) if whole else (code_comment_label(line), "")
        if found is not None and found.sub is not None and not _DEFERRED.search(rest):
            named.add(found)
    if len(named) == 1:
        return " ".join(label_marks(next(iter(named))))
    m = _PART_VARIABLE.match(name.strip())
    if m is not None:
        return f"{m.group('num') or ''}{m.group('sub').lower()})" if m.group("num") else f"({m.group('sub').lower()})"
    return None


_PRINT = re.compile(r"^print\(")


def _by_print(source: str, rows: list[str]) -> list[str]:
    """Printed values labelled print by print: `print(vals)`, `print(v)  # (b)`, `print(rank)  # (c)` print three
    values, the second for (b) and the third for (c). [] unless the cell's top-level prints and the values printed
    are as many, and at least one print names its part."""
    prints = [line for line in source.split("\n")[:60] if _PRINT.match(line)]
    labels = [code_comment_label(line) for line in prints]
    values = [k for k, row in enumerate(rows) if row.strip()]
    if len(prints) < 2 or len(values) != len(prints) or not any(label is not None and label.sub is not None
                                                                 for label in labels):
        return []
    out = list(rows)
    for k, label in zip(values, labels):
        if label is not None and label.sub is not None and read_label(out[k])[0] is None:
            out[k] = f"{label_marks(label)[0]} {out[k]}"
    return out


def _labelled(label: str | None, lines: list[str]) -> list[str]:
    """Output lines under the cell's own label, unless a printed line names its part itself."""
    if label is None:
        return lines
    several = label.split(" ")
    if len(several) > 1:
        # a cell for several parts labels its values one by one, when it printed one value per part
        values = [k for k, line in enumerate(lines) if line.strip()]
        if len(values) != len(several):
            # "# 2a, 2b, 2c" over `vals, vecs`: fewer values than parts, but all of one problem: its values are that
            # problem's, for the locator to place (not the part above's)
            problems = {read_label(one)[0].problem for one in several if read_label(one)[0] is not None}
            if values and len(problems) == 1 and None not in problems and read_label(lines[values[0]])[0] is None:
                out = list(lines)
                out[values[0]] = f"Problem {problems.pop()}: {out[values[0]]}"
                return out
            return lines
        out = list(lines)
        for k, one in zip(values, several):
            out[k] = out[k] if read_label(out[k])[0] is not None else f"{one} {out[k]}"
        return out
    return [line if read_label(line)[0] is not None else f"{label} {line}" for line in lines]


_NUMPY_SCALAR = re.compile(r"\bnp\.(?:u?int|float|complex|longdouble|double)\d{0,3}_?\(([-+\d.eE(), j]{1,60}?)\)")


def _output_lines(name: str, text: str) -> list[str]:
    """Math lines from one printed output: numpy and sympy reprs, bare numpy prints, `label = value` prints."""
    # numpy 2 prints a scalar as `np.float64(3.0)`, `np.int64(1)`: the number
    text = _NUMPY_SCALAR.sub(r"\1", text[:MAX_OUTPUT_CHARS]) if "np." in text[:MAX_OUTPUT_CHARS] else text
    text = _eigenvalue_list(text[:MAX_OUTPUT_CHARS])
    mixed = tuple_items(text.strip()) if text.lstrip().startswith("(") and "array(" in text else []
    if len(mixed) >= 2 and any("array(" in i for i in mixed) \
            and all("array(" in i or _TUPLE_NUMBER.fullmatch(i) for i in mixed):
        # `det(QH), QH` prints `(-1.0, array([[…]]))`: a number and an array, one value each
        return [line for item in mixed for line in (_output_lines("", item) if "array(" in item
                                                    else [f"$$ {item.strip()} $$"])]
    if (listed := _LIST_OF_ARRAYS.match(text)) is not None:
        # `[U @ x for x in xs]` prints a list of arrays: one value each, as a tuple of arrays is (not one matrix)
        text = f"({listed.group('body')})"
    text = _SYMPY_MATRIX.sub(lambda m: m.group("body"), text)
    text = _NUMPY_ARRAY.sub(lambda m: m.group("body"), text)
    out: list[str] = []
    letters: list[tuple[int, str, str]] = []  # (index in out, what was printed before it, value)
    depth, start, prefix_start = 0, -1, 0
    for i, c in enumerate(text):
        if c == "[":
            if depth == 0:
                start = i
            depth += 1
        elif c == "]" and depth > 0:
            depth -= 1
            if depth == 0:
                prefix = text[prefix_start:start].strip().rstrip("=:").strip()
                if _MAPS_TO.fullmatch(prefix.split("\n")[-1]) and out and letters and letters[-1][0] == len(out) - 1:
                    # `print(x, '->', SV @ x)`: the input, an arrow, then the image; the image is the value
                    out.pop()
                    letters.pop()
                    prefix = "\n".join(prefix.split("\n")[:-1])
                out.extend(_printed_values("\n".join(prefix.split("\n")[:-1])))  # "3a: 1" above "3b:" and its array
                prefix = prefix.split("\n")[-1].strip()
                if _TUPLE_NUMBER.fullmatch(prefix) and text[:start].rstrip(" ").endswith("\n"):
                    # print(det) then print(M): the number printed on the line above is a value of its own
                    out.append(f"$$ {prefix.strip()} $$")
                    prefix = ""
                # `(array([..]), array([..]))`: a tuple of arrays printed at once; its punctuation names nothing
                prefix = re.sub(r"^[(),\s]*(?:array\(\s*)?$", "", prefix)
                value = _list_literal(text[start:i + 1])
                label, rest = read_label(prefix)
                if label is not None and not rest.strip():
                    # print("4a:", V @ e1): the student's label, then the value named by the code
                    out.append(f"{prefix} $$ {name + ' = ' if name else ''}{value} $$")
                else:
                    lhs = prefix or name
                    out.append(f"$$ {lhs} = {value} $$" if lhs else f"$$ {value} $$")
                    letters.append((len(out) - 1, prefix, value))
                prefix_start = i + 1
    _loop_letters(out, letters)
    rest = text[prefix_start:].strip()
    printed = _printed_values(rest)
    if out and rest and all(_TUPLE_NUMBER.fullmatch(n) for line in rest.split("\n") for n in line.split()):
        # `print(v)` then `print(rank)`: the numbers printed after the arrays are values too, one per line, and
        # `print(det, trace)` prints two on one line, one value each
        out.extend(f"$$ {n} $$" for line in rest.split("\n")[:20] for n in line.split()[:4])
    elif printed:
        # "2d: 2.9999999999999996" / "2e: 4.0", "2d: 3   2e: 4": one printed value per label
        out.extend(printed)
    elif rest and (named := _named_values(rest)):
        # print('det B =', np.linalg.det(B)); print('tr B =', np.trace(B)): each line names what it prints
        out.extend(named)
    elif not out and rest and len(rest) < 200 and "\n" not in rest and (items := _printed_tuple(rest)):
        # `angle, det` evaluated in one cell prints the tuple `(-150.0, 0.9999999999999999)`: two results, not a
        # vector (numpy prints a vector as an array)
        out.extend(f"$$ {item} $$" for item in items)
    elif not out and rest and len(rest) < 200 and "\n" not in rest:
        out.append(f"$$ {name} = {rest} $$" if name and "=" not in rest else f"$$ {rest} $$")
    elif not out and rest and all(_printed_formula(line) for line in rest.split("\n") if line.strip()):
        # print(f1); print(f2): one formula per printed line, each its own answer (in the order printed)
        out.extend(f"$$ {line.strip()} $$" for line in rest.split("\n")[:50] if line.strip())
    return out


_TUPLE_NUMBER = re.compile(r"\s*[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?\s*")


def _printed_tuple(text: str) -> list[str]:
    """The items of a printed Python tuple of numbers or formulas (`(-150.0, 1.0)`, `(exp(x)/(exp(x) + 1),
    exp(x)/(exp(x) + 1)**2)`: sympy evaluating two things in one cell), or [] for anything else."""
    items = [i for i in tuple_items(text) if i]
    if len(items) < 2 or not all(_TUPLE_NUMBER.fullmatch(i) or ("(" in i or "*" in i) and _printed_formula(i)
                                 for i in items):
        return []
    return items


def _loop_letters(out: list[str], printed: list[tuple[int, str, str]]) -> None:
    """`for name, x in [('b', ...), ('c', ...)]: print(name, A @ x)` prints `b [ 1. -2.]`, `c [1. 2.]`: part letters,
    when at least two values carry one letter each, in order without a gap (a lone `b [...]` may be a variable)."""
    marks = [re.fullmatch(r"\(?([a-h])\)?[:.)]?", prefix.strip()) for _, prefix, _ in printed]
    if len(printed) < 2 or not all(marks):
        return
    codes = [ord(m.group(1)) for m in marks if m is not None]
    if any(b - a != 1 for a, b in zip(codes, codes[1:])):
        return
    for (k, _, value), m in zip(printed, marks):
        out[k] = f"({m.group(1)}) $$ {value} $$"  # type: ignore[union-attr]


_FUNCTION_NAMES = re.compile(r"\b(?:exp|log|sqrt|sin|cos|tan|tanh|sinh|cosh|atan|asin|acos|Abs|pi|oo|sigma|"
                             r"Matrix|diag)\b")


def _printed_formula(line: str) -> bool:
    """A printed line that is a formula (`exp(x)/(exp(x) + 1)`, `-5/6`), not words ("eigenvectors (columns):")."""
    line = line.strip()
    return 0 < len(line) <= 400 and not re.search(r"[A-Za-z]{3,}", _FUNCTION_NAMES.sub("", line)) \
        and not line.endswith(":") and bool(re.search(r"[\d(]", line))


_PRINTED_VALUE = re.compile(r"^[-+−]?\s*(?:\d+(?:\.\d*)?(?:e[-+]?\d+)?|\.\d+)(?:\s*[-+*/]\s*[\d.]+)*$", re.I)


def _printed_values(text: str) -> list[str]:
    """`label: number` lines of a printed output (the lists are read by `_output_lines`)."""
    out = []
    # "2d: 3   2e: 4": several labelled values printed on one line
    pieces = [piece for line in text.split("\n")[:200] for piece in split_labelled(line.strip())]
    for line in pieces:
        label, value = read_label(line.strip())
        value = value.strip().strip(":").strip()
        if label is None:
            continue
        if _PRINTED_VALUE.match(value):
            out.append(f"{line.strip()[:len(line.strip()) - len(value)].strip()} $$ {value} $$")
        elif (named := _NAMED_VALUE.match(value)) is not None and _PRINTED_VALUE.match(named.group("value")):
            # "(2d) det B = 3.0", "3a: rank C = 1": the label, what was computed, and its value
            out.append(f"{line.strip()[:len(line.strip()) - len(value)].strip()} "
                       f"$$ {named.group('name').strip()} = {named.group('value')} $$")
    return out


def _named_values(text: str) -> list[str]:
    """`det B = 2.9999999999999996` over `tr B = 4.0`: printed lines that each name a number (all of them, or [])."""
    lines = [line.strip() for line in text.split("\n")[:20] if line.strip()]
    found = [_NAMED_VALUE.match(line) for line in lines]
    if not lines or not all(m is not None and _PRINTED_VALUE.match(m.group("value")) for m in found):
        return []
    return [f"$$ {m.group('name').strip()} = {m.group('value')} $$" for m in found if m is not None]


_NAMED_VALUE = re.compile(r"^(?P<name>[A-Za-z][\w ^+'()]{0,30}?)\s*[=:]\s*(?P<value>\S+)$")


_PRETTY = re.compile(r"[⎡⎢⎣⎤⎥⎦⎛⎜⎝⎞⎟⎠─│]")
_POWERS_LINE = re.compile(r"^[\d \-]*\d[\d \-]*$")


def _raised(plain: str) -> str:
    """sympy's pretty printing of a formula with powers, with no LaTeX beside it: the exponents on a line of their
    own above the spaces sympy leaves for them (`   2` over `3⋅r ⋅sin(θ)`), written in as `3⋅r^2⋅sin(θ)`. The text
    as it was when any exponent has no such space."""
    rows = [row for row in plain.split("\n") if row.strip()]
    if len(rows) != 2 or not _POWERS_LINE.match(rows[0]) or len(rows[0]) > 400:
        return plain
    top, base = rows[0], rows[1]
    places = []
    for m in re.finditer(r"\S+", top):
        at = next((j for j in (m.start(), m.start() - 1, m.start() - 2)
                   if 0 < j < len(base) and base[j] == " " and base[j - 1] != " "), None)
        if at is None:
            return plain
        places.append((at, m.group()))
    for at, power in reversed(places):
        base = base[:at] + "^" + (power if len(power) == 1 else "(" + power + ")") + base[at + 1:]
    return base
_DISPLAY_WRAP = re.compile(r"^\s*\$*\s*(?:\\displaystyle)?|\$*\s*$")
# sympy's eigenvals(): {eigenvalue: multiplicity, ...}; the eigenvalues are the answer.
_MULTIPLICITIES = re.compile(r"^\s*\{\s*((?:[^{}:,]+:\s*\d{1,2}\s*,\s*)*[^{}:,]+:\s*\d{1,2})\s*\}\s*$")


def _latex_output(name: str, latex: str) -> str:
    """A `text/latex` output (`$\\displaystyle \\left[\\begin{matrix}…\\end{matrix}\\right]$`) as one display formula."""
    body = _DISPLAY_WRAP.sub("", latex[:MAX_OUTPUT_CHARS]).replace("\n", " ").strip()
    return f"$$ {name} = {body} $$" if name else f"$$ {body} $$"


def _eigenvalue_list(text: str) -> str:
    """`{5: 1, 45: 1}` (sympy's eigenvalues with multiplicities) as the list `[5, 45]`; other text unchanged."""
    m = _MULTIPLICITIES.match(text)
    if m is None:
        return text
    values: list[str] = []
    for pair in m.group(1).split(","):
        key, count = pair.rsplit(":", 1)
        values.extend([key.strip()] * int(count))
    return "[" + ", ".join(values) + "]" if len(values) <= 20 else text


def _unread(text: str) -> list[str]:
    """Printed lines none of the readers above understood, kept as the student's text: a part left unanswered
    next to them is then marked for review instead of being missing without a word."""
    rows = [line.strip() for line in text[:MAX_OUTPUT_CHARS].split("\n") if line.strip()][:MAX_UNREAD_LINES]
    return [r for r in rows if re.search(r"\d", r) and not r.startswith(("Traceback", "<"))]


MAX_UNREAD_LINES = 20


def _cell_text(value: object) -> str:
    if isinstance(value, list):
        return "".join(v for v in value if isinstance(v, str))
    return value if isinstance(value, str) else ""


@reader(".ipynb")
def read_notebook(text: str) -> Page:
    """A Jupyter notebook (nbformat 4): Markdown cells as Markdown, code cells by their printed outputs.

    The code itself is not an answer (`V = np.array(...)` sets up the problem); what it printed is, named by the
    cell's last expression so that locate hints such as `V e_1` find it.
    """
    try:
        nb = json.loads(text)
    except (ValueError, RecursionError) as exc:
        raise UnreadableDocument(f"not a Jupyter notebook: the file is not JSON ({str(exc)[:80]})") from None
    if not isinstance(nb, dict) or not isinstance(nb.get("cells"), list) or not isinstance(nb.get("nbformat", 4), int) \
            or nb.get("nbformat", 4) < 4:
        raise UnreadableDocument("not a Jupyter notebook in format 4 (a mapping with a list of cells)")
    lines: list[str] = []
    outputs: set[int] = set()

    def printed(rows: list[str]) -> None:
        # what a code cell printed: results, not working (the locator doubts an unused one, whatever its label)
        outputs.update(range(len(lines) + 1, len(lines) + len(rows) + 1))
        lines.extend(rows)

    for cell in nb["cells"][:MAX_NOTEBOOK_CELLS]:
        if not isinstance(cell, dict):
            continue
        kind = cell.get("cell_type")
        source = _cell_text(cell.get("source"))
        if kind == "markdown":
            for output in cell.get("outputs") or ():
                # outputs on a Markdown cell (a notebook written by a script or an editor that moved the cell):
                # what the code above printed, read before the text that follows it
                if isinstance(output, dict) and output.get("output_type") == "stream":
                    shown = _cell_text(output.get("text"))
                    printed(_output_lines("", shown) or _unread(shown))
            lines.extend(markdown_lines(source))
        elif kind == "raw":
            lines.extend(source.split("\n"))
        elif kind == "code":
            name = _code_name(source)
            label = _cell_label(source, name)
            for output in cell.get("outputs") or ():
                if not isinstance(output, dict):
                    continue
                if output.get("output_type") == "stream":
                    shown = _cell_text(output.get("text"))
                    # several prints: the last line names what the last one printed, not the values above it
                    rows = _output_lines(name if len(re.findall(r"\bprint\(", source)) <= 1 else "", shown)
                    printed(_by_print(source, rows) or _labelled(label, rows) or _unread(shown))
                    continue
                data = output.get("data") or {}
                if not isinstance(data, dict):
                    continue
                plain, latex = _cell_text(data.get("text/plain")), _cell_text(data.get("text/latex"))
                if latex.strip() and (not plain.strip() or _PRETTY.search(plain) or plain.lstrip().startswith("<")):
                    # sympy's pretty printing (⎡ ⎤) or an object's repr: the LaTeX form is the readable one
                    printed(_labelled(label, [_latex_output(name, latex)]))
                else:
                    plain = _raised(plain) if not latex.strip() else plain
                    printed(_labelled(label, _output_lines(name, plain)) or _unread(plain))
        lines.append("")
    return Page("\n".join(lines), outputs=frozenset(outputs))

"""Console transcripts saved as text: MATLAB / Octave sessions and Mathematica notebooks.

A student who computes in MATLAB pastes the command window (`>> R' * u`, then `ans =` and the rows of the result);
one who computes in Mathematica saves the notebook as text (`In[2]:= V . e1`, `Out[2]= {1/Sqrt[2], 1/Sqrt[2]}`).
The commands are working, the printed results are the answers, and the comments (`% 1b`, `(* 4(a) *)`) name the
parts. This module rewrites both, line for line, into the conventions the block reader knows: comments become
their text, commands become blank lines, results become display math in our notation (`[[a, b], [c, d]]`,
`sqrt(2)`), so line numbers stay the student's.
"""

from __future__ import annotations

import re

__all__ = ["matlab_session", "matlab_outputs", "mathematica_notebook", "mathematica_math", "wolfram_alpha",
           "r_session"]

# ------------------------------------------------------------------------------------------------ MATLAB / Octave

_PROMPT = re.compile(r"^\s*(?:>>|octave:\d+>)\s?")
_ASSIGN = re.compile(r"^\s*(?P<name>[A-Za-z]\w{0,30})\s*=\s*(?P<rest>.*?)\s*$")
_NUM = r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?"
_ROW = re.compile(rf"^\s*{_NUM}(?:\s+{_NUM})*\s*$")
_NOISE = re.compile(r"^\s*(?:Diagonal Matrix|Columns? \d+(?: (?:through|to|and) \d+)?:?)\s*$", re.I)
_ANS_MARK = re.compile(r"\bANS\s+(?=\d{1,2}\s*\(?[a-h]\b)")  # "% ANS 3a: shear    ANS 3b: 3": the student's mark
_SYMBOLIC_ROW = re.compile(r"^\s*\[[^\[\]]+\]\s*$")
MAX_ROWS = 20


def _matrix(rows: list[list[str]]) -> str:
    if len(rows) == 1 and len(rows[0]) == 1:
        return rows[0][0]
    if all(len(r) == 1 for r in rows):
        return "[" + ", ".join(r[0] for r in rows) + "]"  # a column printed one entry per line: a vector
    if len(rows) == 1:
        return "[" + ", ".join(rows[0]) + "]"
    return "[" + ", ".join("[" + ", ".join(r) + "]" for r in rows) + "]"


def matlab_outputs(lines: list[str], start: int = 0, end: int | None = None) -> None:
    """The printed results of a MATLAB window in `lines[start:end]` rewritten in place: `ans =` with its rows
    below (or `ans = 1`, or a symbolic result on the next line) becomes one display at the `ans =` line."""
    end = len(lines) if end is None else end
    k = start
    while k < end:
        m = _ASSIGN.match(lines[k])
        if m is None or _PROMPT.match(lines[k]):
            k += 1
            continue
        rest = m.group("rest")
        if rest and not rest.endswith(";"):
            if _ROW.match(rest) and len(rest.split()) == 1 and m.group("name") == "ans":
                lines[k] = f"$$ {rest.strip()} $$"  # `ans = 1` (`x = 1` stays as written: its name may say which)
            k += 1
            continue
        if rest:
            k += 1
            continue
        # `ans =` alone: the result follows, after blank lines and MATLAB's own headings
        j = k + 1
        while j < end and (not lines[j].strip() or _NOISE.match(lines[j])):
            j += 1
        rows: list[list[str]] = []
        first = j
        while j < end and _ROW.match(lines[j]) and len(rows) < MAX_ROWS:
            rows.append(lines[j].split())
            j += 1
        symbolic: list[str] = []
        while not rows and j < end and _SYMBOLIC_ROW.match(lines[j]) and len(symbolic) < MAX_ROWS:
            symbolic.append(lines[j].strip())  # the Symbolic Math Toolbox prints `[cos(t), -r*sin(t)]` per row
            j += 1
        if symbolic:
            lines[k] = "$$ " + (symbolic[0] if len(symbolic) == 1 else "[" + ", ".join(symbolic) + "]") + " $$"
            for i in range(k + 1, j):
                lines[i] = ""
            k = j
            continue
        if rows and len({len(r) for r in rows}) == 1:
            lines[k] = f"$$ {_matrix(rows)} $$"
            for i in range(k + 1, j):
                lines[i] = ""
            k = j
            continue
        if first < end and first == k + 1 or (first < end and not rows and lines[first].strip()
                                                and not _PROMPT.match(lines[first]) and _formula(lines[first])):
            # `dsig =` then `exp(-x)/(exp(-x) + 1)^2`: the Symbolic Math Toolbox prints the formula below
            lines[k] = f"$$ {lines[first].strip()} $$"
            for i in range(k + 1, first + 1):
                lines[i] = ""
            k = first + 1
            continue
        k += 1


def _formula(line: str) -> bool:
    text = line.strip()
    return 0 < len(text) <= 400 and not re.search(r"[A-Za-z]{2,}\s+[A-Za-z]{3,}", text) and \
        (bool(re.search(r"[-+*/^()\d]", text)) or re.fullmatch(r"[A-Za-z]\w{0,2}", text) is not None)  # `r`


def matlab_session(lines: list[str]) -> bool:
    """A command window pasted as text (at least two `>>` prompts), rewritten in place: comments kept as text,
    commands blank, results as displays. Returns whether the text was one."""
    if sum(1 for line in lines[:2000] if _PROMPT.match(line)) < 2:
        return False
    for k, line in enumerate(lines):
        prompt = _PROMPT.match(line)
        body = line[prompt.end():] if prompt else line
        if body.lstrip().startswith("%"):
            # `% 1b`, `% ANS 2a: reflection`, `%% ---------- Problem 2 (spherical) ----------`
            lines[k] = _ANS_MARK.sub("", body.lstrip().lstrip("%").strip().strip("-=*# "))
        elif prompt:
            lines[k] = ""  # a command is working, not an answer
    matlab_outputs(lines)
    return True


# ------------------------------------------------------------------------------------------------ Mathematica

_IN = re.compile(r"^\s*In\[\d+\]:=")
_OUT = re.compile(r"^\s*Out\[\d+\](?://\s*\w+)?=\s?(?P<value>.*)$")
_COMMENT = re.compile(r"\(\*\s*(?P<text>.*?)\s*\*\)")
_CALLS = {"Sqrt": "sqrt({})", "Exp": "exp({})", "Log": "log({})", "Sin": "sin({})", "Cos": "cos({})",
          "Tan": "tan({})", "ArcTan": "arctan({})", "ArcSin": "arcsin({})", "ArcCos": "arccos({})",
          "Sinh": "sinh({})", "Cosh": "cosh({})", "Tanh": "tanh({})", "Sech": "sech({})", "Abs": "|{}|",
          "Transpose": "({})^T", "Inverse": "({})^(-1)", "Det": "det({})", "Tr": "tr({})",
          "DiagonalMatrix": "diag({})", "MatrixRank": "rank({})"}
_CALL = re.compile(r"\b(?P<name>" + "|".join(_CALLS) + r")\[(?P<args>[^\[\]]*)\]")
_NAMED_CHAR = {"Theta": "θ", "Phi": "φ", "Sigma": "σ", "CapitalSigma": "Σ", "Lambda": "λ", "Alpha": "α",
               "Beta": "β", "Delta": "δ", "Pi": "π", "Transpose": "ᵀ", "Degree": "°"}
MAX_NESTING = 12


def mathematica_math(text: str) -> str:
    """Mathematica's notation in ours: `Sqrt[2]` → `sqrt(2)`, `{{a, b}, {c, d}}` → `[[a, b], [c, d]]`,
    `Pi` → `pi`, `E^x` → `e^x`, `\\[Theta]` → `θ`."""
    text = re.sub(r"\\\[(\w+)\]", lambda m: _NAMED_CHAR.get(m.group(1), m.group(0)), text)
    for _ in range(MAX_NESTING):
        new = _CALL.sub(lambda m: _CALLS[m.group("name")].format(m.group("args")), text)
        if new == text:
            break
        text = new
    text = text.replace("{", "[").replace("}", "]")
    text = re.sub(r"\bPi\b", "pi", text)
    text = re.sub(r"\bE\^", "e^", text)
    return re.sub(r"\bDegree\b", "°", text)


def _split_pair(label: str, value: str) -> str | None:
    """`(* 4(e), 4(f) *)` over `{{...}, {...}}`: one labelled value per part, or None."""
    from mathgrade.documents.labels import expand_range, read_label  # noqa: PLC0415 - labels imports nothing of ours

    found, _ = read_label(label)
    if found is None or found.sub is None:
        return None
    subs = expand_range(found.sub)
    inner = value.strip()
    if len(subs) < 2 or not (inner.startswith("[[") and inner.endswith("]]")):
        return None
    items = re.findall(r"\[[^\[\]]*\]", inner[1:-1])
    if len(items) != len(subs):
        return None
    return "  ".join(f"{found.problem or ''}{sub}) ${item}$" for sub, item in zip(subs, items))


def mathematica_notebook(lines: list[str]) -> bool:
    """A notebook saved as text (`In[n]:=` and `Out[n]=` lines), rewritten in place: inputs blank (with their
    continuation lines), outputs as displays in our notation, comments as their text, and Mathematica's notation
    in the student's prose read as ours. Returns whether the text was one."""
    if not any(_IN.match(line) for line in lines[:2000]) or not any(_OUT.match(line) for line in lines[:2000]):
        return False
    in_input = False
    last_comment = ""
    printed: dict[str, str] = {}  # Out[n] → its value, for prose that names it ("2(a): the Jacobian is Out[6]")
    for k, line in enumerate(lines):
        if _IN.match(line):
            in_input = True
            lines[k] = ""
            continue
        out = _OUT.match(line)
        if out:
            in_input = False
            value = mathematica_math(out.group("value").strip())
            number = re.match(r"\s*Out\[(\d+)\]", line)
            if number and value and len(value) <= 2000:
                printed[number.group(1)] = value
            if not value or value.startswith("-") and value.endswith("-") or value in ("Null",):
                lines[k] = ""  # -Graphics-
            else:
                lines[k] = _split_pair(last_comment, value) or f"$$ {value} $$"
            continue
        if in_input and line.strip() and line[:1].isspace():
            lines[k] = ""  # the input goes on, indented
            continue
        in_input = False
        comment = _COMMENT.search(line)
        if comment and not line[:comment.start()].strip() and not line[comment.end():].strip():
            last_comment = comment.group("text")
            lines[k] = comment.group("text")
            continue
        refs = _OUT_REFERENCE.findall(line)
        if len(refs) == 1 and refs[0] in printed and (split := _split_pair(line.strip(), printed[refs[0]])):
            lines[k] = split  # "6(a)-(d) are the four entries of Out[13] in order."
            continue
        line = _OUT_REFERENCE.sub(lambda m: printed.get(m.group(1), m.group(0)), line)
        lines[k] = mathematica_math(line)
    return True


_OUT_REFERENCE = re.compile(r"\bOut\[(\d+)\]")


# ------------------------------------------------------------------------------------------------ Wolfram|Alpha

_WA_INPUT = re.compile(r"^\s*(?:Input(?:\s+interpretation)?|Query)\s*:", re.I)
_WA_RESULT = re.compile(r"^\s*(?:Results?|Exact\s+result|Answer)\s*:\s*(?P<value>.*)$", re.I)
_WA_OTHER = re.compile(r"^\s*(?:Alternate\s+forms?|Alternative\s+forms?|Decimal\s+(?:approximation|form)|"
                       r"Expanded\s+form|Plot|Number\s+line|Series\s+expansion)\s*:", re.I)


def wolfram_alpha(lines: list[str]) -> bool:
    """Results copied from Wolfram|Alpha (`Input: ...` then `Result: ...`), rewritten in place: the input is the
    question, the result is the student's answer (marked `Answer:`), other forms of it are dropped, and
    Mathematica's notation (`E^x`, `{a, b}`, `Log[...]`) is read as ours. Returns whether the text was such."""
    results = sum(1 for line in lines[:2000] if _WA_RESULT.match(line))
    inputs = sum(1 for line in lines[:2000] if _WA_INPUT.match(line))
    mathematica = any("{{" in line or _CALL.search(line) for line in lines[:2000])
    if not results or (inputs < 2 and not (results >= 2 and mathematica)):
        return False
    for k, line in enumerate(lines):
        if _WA_INPUT.match(line) or _WA_OTHER.match(line):
            lines[k] = ""
            continue
        result = _WA_RESULT.match(line)
        if result:
            value = mathematica_math(_LOG_CALL.sub(r"log(\1)", result.group("value")))
            value = _REMARK_AFTER.sub("", re.sub(r"\s=\s*[-\d.]+\s*$", "", value))  # "1/4 = 0.25", "(eigenvalues 1, 0)"
            lines[k] = "Answer: " + value if value.strip() else ""
        elif mathematica:
            lines[k] = mathematica_math(_LOG_CALL.sub(r"log(\1)", line))
    return True


_LOG_CALL = re.compile(r"\bLog\[([^\[\]]*)\]")
_REMARK_AFTER = re.compile(r"\s{2,}\([^()]*[A-Za-z]{3,}[^()]*\)\s*$")


# ------------------------------------------------------------------------------------------------ R console

_R_PROMPT = re.compile(r"^\s*[>+]\s")
_R_PRINTED = re.compile(r"^\s*(?:\[\d+\]\s|\[\d+,\]\s|(?:\s*\[,\d+\])+\s*$|\$\w+\s*$)")
_R_LIST_ACCESS = re.compile(r"(?<=\w)\$(?=\w)")


def r_session(lines: list[str]) -> bool:
    """The R console pasted as text (`> A %*% x` then `[1] 3 4`, a matrix under `[,1] [,2]`), rewritten in place:
    commands blank, each printed object a display (as knitr's `##` output is read), `ANS 1a:` marks kept as labels,
    R's `s$v` in prose not taken for math. Returns whether the text was a console."""
    if sum(1 for line in lines[:2000] if re.match(r"^\s*>\s", line)) < 2 \
            or not any(_R_PRINTED.match(line) for line in lines[:2000]):
        return False
    from mathgrade.documents.printed import r_output  # noqa: PLC0415 - printed imports nothing of ours

    k = 0
    last = ""  # the value printed last, for "ANS 1e: V = s$v (above)"
    while k < len(lines):
        if _R_PROMPT.match(lines[k]):
            lines[k] = ""  # a command, or its continuation: working
            k += 1
            continue
        if _R_PRINTED.match(lines[k]):
            j = k
            while j < len(lines) and lines[j].strip() and not _R_PROMPT.match(lines[j]) \
                    and (_R_PRINTED.match(lines[j]) or re.match(r"^\s*\[\d+,\]", lines[j])):
                j += 1
            printed = r_output(["## " + line for line in lines[k:j]]) or [""] * (j - k)
            lines[k:j] = printed
            last = next((p.strip().strip("$").strip() for p in reversed(printed) if p.strip()), last)
            k = j
            continue
        answer = _ANS_LINE.match(lines[k])
        if answer and re.search(r"\babove\b", answer.group("rest")) and last \
                and not re.search(r"[\[(]\s*-?\d", answer.group("rest")):
            lines[k] = f"{answer.group('label')}: Answer: {last}"  # the printed value it points at
        elif answer:
            lines[k] = f"{answer.group('label')}: Answer: {_R_LIST_ACCESS.sub('＄', answer.group('rest'))}"
        else:
            lines[k] = _R_LIST_ACCESS.sub("＄", lines[k])
        k += 1
    # the working comes before its ANS line: a printed value belongs to the part the next ANS names
    following = ""
    for k in range(len(lines) - 1, -1, -1):
        mark = re.match(r"^(?P<label>\d{1,2}\s*\(?[a-h]\)?): Answer:", lines[k])
        if mark:
            following = mark.group("label")
        elif following and lines[k].startswith("$$"):
            lines[k] = f"{following}) {lines[k]}"
    return True


# "ANS 1b: eigenvalues 45 and 5": the student's mark of the answer to a part, after the working that led to it
_ANS_LINE = re.compile(r"^\s*(?:ANS|Ans|ans|ANSWER|Answer)\s+(?P<label>\d{1,2}\s*\(?[a-h]\)?)\s*[:.)]\s*(?P<rest>.*)$")

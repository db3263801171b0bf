"""What R printed, as knitr / R Markdown show it (`## [1] 45  5`, a matrix with `[,1] [,2]` over `[1,]` rows).

A knitted document pastes each chunk's output under it, every line prefixed with `##`. The values are the
student's results, as a notebook's outputs are; this module turns R's print layout into the bracketed lists the
math reader knows, one line per printed object, keeping the line count so the report quotes the student's lines.
A printed expression (what `D()` returns) is that formula; R's rounding residue (4.4e-16) is 0.
"""

from __future__ import annotations

import re

_PREFIX = re.compile(r"^\s*(?:##|#>)\s?")  # knitr's default, and the `comment = "#>"` of reprex and many courses
_VECTOR = re.compile(r"^\s*\[\d+\]\s+(?P<values>[-+\d.eE\s]+)$")
_HEADER = re.compile(r"^\s*(?:\[,\d+\]\s*)+$")
_ROW = re.compile(r"^\s*\[\d+,\]\s+(?P<values>[-+\d.eE\s]+)$")
_NUMBER = re.compile(r"^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$")
MAX_ROWS = 50


def _numbers(text: str) -> list[str] | None:
    values = text.split()
    if not values or not all(_NUMBER.match(v) for v in values):
        return None
    # R prints 4.440892e-16 for a zero that rounding left: what the student means is 0
    return ["0" if abs(float(v)) < 1e-12 else v for v in values]


# A printed expression (R's D() prints a derivative as `exp(x)/(1 + exp(x))`): names, numbers, operators and
# brackets, with an operator, and no two words in a row ("eigen() decomposition" is printed text).
_EXPRESSION = re.compile(r"^(?=.*[-+*/^(])[\w\s.+\-*/^()]+$")
_WORDS = re.compile(r"[A-Za-z]{2,}[()]*\s+[A-Za-z]{3,}")


def r_output(lines: list[str]) -> list[str] | None:
    """The lines of a knitr output block rewritten (`$$ [45, 5] $$`, `$$ [[25, 20], [20, 25]] $$`), or None when the
    block is not R's printed output (every line must carry knitr's `##`)."""
    if not lines or not all(_PREFIX.match(line) for line in lines if line.strip()):
        return None
    body = [_PREFIX.sub("", line, count=1) for line in lines]
    out = [""] * len(lines)
    k = 0
    while k < len(body):
        vector = _VECTOR.match(body[k])
        if vector and (values := _numbers(vector.group("values"))):
            # R prints a number as a vector of one: `[1] 3` is 3
            out[k] = f"$$ {values[0]} $$" if len(values) == 1 else f"$$ [{', '.join(values)}] $$"
        elif _HEADER.match(body[k]):
            rows, j = [], k + 1
            while j < len(body) and len(rows) < MAX_ROWS and (row := _ROW.match(body[j])) \
                    and (values := _numbers(row.group("values"))):
                rows.append(values)
                j += 1
            if rows and len({len(r) for r in rows}) == 1:
                out[k] = "$$ [" + ", ".join("[" + ", ".join(r) + "]" for r in rows) + "] $$"
                k = j
                continue
        elif _EXPRESSION.match(body[k].strip()) and not _WORDS.search(body[k]):
            out[k] = f"$$ {body[k].strip()} $$"
        k += 1
    return out


_PASTED = re.compile(r"^\s*#>")


def pasted_outputs(chunk: list[str]) -> dict[int, str]:
    """Output pasted inside an R chunk as `#>` lines (reprex, `comment = "#>"`): each run rewritten as `r_output`
    does, under the part a trailing comment on the code line above names (`Q %*% H   # 6d`). Indices are into
    `chunk`; lines not listed are code."""
    from mathgrade.documents.labels import code_comment_label, label_marks  # noqa: PLC0415 - imports nothing of ours

    out: dict[int, str] = {}
    k = 0
    while k < len(chunk):
        if not _PASTED.match(chunk[k]):
            k += 1
            continue
        j = k
        while j < len(chunk) and _PASTED.match(chunk[j]):
            j += 1
        printed = r_output(chunk[k:j]) or []
        found = code_comment_label(chunk[k - 1]) if k > 0 else None
        label = label_marks(found)[0] if found is not None else ""
        for i, line in enumerate(printed):
            if line:
                out[k + i] = f"{label} {line}".strip()
                label = ""  # one value per label: a matrix printed over rows is one line already
        k = j
    return out

"""Numbered lines that stand for parts, and pandoc's escaped labels.

Word numbers the parts of "**Problem 4.**" 1., 2., 3. with its list feature, and pandoc exports them as `1\\.`,
which Markdown does not read as a list; a table cell holding `\\(a\\)` is pandoc's escaped `(a)`. The problem's
own line says which problem the numbers belong to: numbers that start again at 1 under it are its parts a, b, c,
not problems 1, 2, 3. Both are rewritten into the labels the rest of the reader knows.
"""

from __future__ import annotations

import re

from mathgrade.documents.labels import holds_parts, read_label

# ("(1)", "(2)" too, as Korean and Japanese sheets number a problem's parts)
_NUMBERED = re.compile(r"^(?P<indent>\s*)(?:\((?P<paren>\d{1,2})\)|(?P<num>\d{1,2})\\?[.)])(?P<space>\s+)(?=\S)")
_ESCAPED_CELL = re.compile(r"^\s*\\\(\s*(?P<sub>[a-hA-H]|i{1,3}|iv|v)\s*\\\)\s*$")
_LETTERS = "abcdefgh"


def _problem_only(line: str) -> bool:
    """A line that names a problem and nothing else ("**Problem 4.**", "Question 2:", "## 3")."""
    label, rest = read_label(line)
    # ("**3.** $S = \begin{bmatrix}…": the problem's number and its given, restated in math, name it too)
    return label is not None and label.problem is not None and label.sub is None \
        and (not rest.strip(" *_:.#") or rest.strip(" *_:.#").startswith(("$", "\\(")) and not _NUMBERED.match(line))


def numbered_parts(lines: list[str]) -> None:
    """Under a line naming only a problem, numbered lines that count again from 1 become its parts `(a)`, `(b)`…
    (in place). A count that does not start at 1, or skips, is left alone: then the numbers are the student's
    problems."""
    k = 0
    while k < len(lines):
        if not _problem_only(lines[k]):
            k += 1
            continue
        expected, spots = 1, []
        j = k + 1
        while j < len(lines) and not _problem_only(lines[j]) and not lines[j].lstrip().startswith("#"):
            m = _NUMBERED.match(lines[j])
            if m is not None and holds_parts(lines[j][m.end():]):
                spots = []  # "1. a) … b) …": a line holding several parts is numbered by its problem
                break
            if m is not None:
                if int(m.group("num") or m.group("paren")) != expected or expected > len(_LETTERS):
                    spots = []
                    break
                spots.append((j, m))
                expected += 1
            j += 1
        for row, m in spots:
            letter = _LETTERS[int(m.group("num") or m.group("paren")) - 1]
            lines[row] = f"{m.group('indent')}({letter}){m.group('space')}{lines[row][m.end():]}"
        k = j


def unescape_cell(cell: str) -> str:
    """A table cell `\\(a\\)` as the `(a)` the student typed (pandoc escapes brackets that could start a list)."""
    m = _ESCAPED_CELL.match(cell)
    return f"({m.group('sub').lower()})" if m else cell

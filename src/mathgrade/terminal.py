"""Text from students on the instructor's terminal: control characters shown as text, never obeyed.

A part id or an answer holding `\\x1b]0;...\\x07` would retitle the terminal, `\\x1b[2K\\r` would erase the line
it is on, and a right-to-left override would reorder what follows. Everything a command prints that came from a
submission, a file name or a roster goes through `printable` first.
"""

from __future__ import annotations

_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(c: str) -> str:
    if c in _NAMED:
        return _NAMED[c]
    code = ord(c)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def printable(text: object) -> str:
    """`text` with control characters (C0, DEL, C1) and invisible format characters (bidi overrides, zero-width
    spaces, BOM) written as escapes such as `\\x1b`, so what the terminal shows is what the file held."""
    s = str(text)
    if s.isprintable():
        return s
    return "".join(c if c.isprintable() or c == " " else _escape(c) for c in s)


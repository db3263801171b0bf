"""Tokens that belong together though nothing joins them: `sin 2x` is sin(2x), `\\tanh^2 w_1x` is tanh²(w₁x),
`δij` is δ_ij. Rewrites of the token list after tokenizing (see tokens.tokenize), each by the usual convention."""

from __future__ import annotations

from lark import Token

__all__ = ["function_arguments", "kronecker"]

_ARGUMENT_FACTOR = frozenset({"NAME"})


def _past_power(tokens: list[Token], i: int, out: list[Token]) -> int:
    """After a function's token at i - 1: copy a power written on the function (`^2`, `^{2}`) to `out` and return
    where its argument starts; i itself when there is none."""
    n = len(tokens)
    if i + 1 < n and tokens[i].type == "CARET" and tokens[i + 1].type == "NUMBER":
        out.extend(tokens[i:i + 2])
        return i + 2
    if i + 3 < n and tokens[i].type == "CARET" and tokens[i + 1].type == "LBRACE" and tokens[i + 2].type == "NUMBER" \
            and tokens[i + 3].type == "RBRACE":
        out.extend(tokens[i:i + 4])
        return i + 4
    return i


def function_arguments(tokens: list[Token]) -> list[Token]:
    """`sin 2x` is sin(2x) and `cos 3θ` is cos(3θ), by the usual convention: after a function written without
    parentheses, a number followed by names (and their powers) is one argument. Braces make the grammar read it
    so; `sin x y` stays sin(x)·y, as before, and `sin 2 x`... is read the same as `sin 2x`."""
    out: list[Token] = []
    i = 0
    n = len(tokens)
    while i < n:
        tok = tokens[i]
        out.append(tok)
        i += 1
        if tok.type == "FUNC":
            # `\tanh^2 w_1x` reads its argument as `\tanh w_1x` does: the power is passed over first
            i = _past_power(tokens, i, out)
        if tok.type == "FUNC" and i + 3 < n and tokens[i].type == "NAME" and tokens[i + 1].type == "UNDERSCORE" \
                and tokens[i + 2].type in ("NUMBER", "NAME") and len(tokens[i + 2].value) == 1 \
                and tokens[i + 3].type == "NAME" and tokens[i + 3].start_pos == tokens[i + 2].start_pos + 1:
            # `\tanh w_1x` is tanh(w₁x): an indexed name glued to the next one is one argument (`\tanh w_1 x`, with a
            # space, stays tanh(w₁)·x)
            j = i + 4
            out.append(Token("LBRACE", "{", start_pos=tokens[i].start_pos, column=tokens[i].column))
            out.extend(tokens[i:j])
            out.append(Token("RBRACE", "}", start_pos=tokens[j - 1].start_pos, column=tokens[j - 1].column))
            i = j
            continue
        if tok.type != "FUNC" or i + 1 >= n or tokens[i].type != "NUMBER" or tokens[i + 1].type not in _ARGUMENT_FACTOR:
            continue
        j = i + 1
        while j < n and tokens[j].type in _ARGUMENT_FACTOR:
            j += 1
            if j + 1 < n and tokens[j].type == "CARET" and tokens[j + 1].type in ("NUMBER", "NAME"):
                j += 2
        first, last = tokens[i], tokens[j - 1]
        out.append(Token("LBRACE", "{", start_pos=first.start_pos, column=first.column))
        out.extend(tokens[i:j])
        out.append(Token("RBRACE", "}", start_pos=last.start_pos, column=last.column))
        i = j
    return out


_INDEX_LETTERS = frozenset("ijklmn")


def kronecker(tokens: list[Token], text: str) -> list[Token]:
    """`δij`, `deltaij` typed without the underscore are δ_ij, as `x1` is x_1: the delta glued to two index letters
    (and nothing glued after them)."""
    out: list[Token] = []
    i, n = 0, len(tokens)
    while i < n:
        tok = tokens[i]
        if tok.type == "NAME" and tok.value == "delta" and i + 2 < n and all(
                t.type == "NAME" and t.value in _INDEX_LETTERS for t in tokens[i + 1:i + 3]) \
                and tokens[i + 2].start_pos == tokens[i + 1].start_pos + 1 \
                and " " not in text[tok.start_pos:tokens[i + 1].start_pos] \
                and not (i + 3 < n and tokens[i + 3].type == "NAME" and tokens[i + 3].start_pos == tokens[i + 2].start_pos + 1):
            out += [tok, Token("UNDERSCORE", "_", start_pos=tokens[i + 1].start_pos, column=tokens[i + 1].column),
                    Token("INDEXNAME", tokens[i + 1].value + tokens[i + 2].value, start_pos=tokens[i + 1].start_pos,
                          column=tokens[i + 1].column)]
            i += 3
            continue
        out.append(tok)
        i += 1
    return out

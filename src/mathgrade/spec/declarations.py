"""The spec's declarations: `functions:` (what students may call) and `matrices:` (names with a shape).

Read at spec-load time, so a mistake in them is a SpecError with file, line and field, never a surprise while
grading. Function bodies go through the answer parser (with the parameters as its only names), never `sympify`.
"""

from __future__ import annotations

import re
from typing import Any

import sympy

from mathgrade.check.domains import Relation, domain_error, interval_text
from mathgrade.errors import SpecError
from mathgrade.parse import ParseFailure, ParseOptions, parse_math
from mathgrade.parse.build import DEFAULT_SIZE
from mathgrade.parse.functions import BUILTIN_WORDS, DeclaredFunction, expand_declared, spelling_word
from mathgrade.parse.tokens import tokenize
from mathgrade.spec.yamlload import line_of

_NAME = re.compile(r"[A-Za-z][A-Za-z0-9]*")
_FUNCTION_KEYS = {"of", "is", "names"}
MAX_SIDE = 20


def _fail(file: str, message: str, where: Any, key: Any, path: str) -> SpecError:
    return SpecError(message, file=file, line=line_of(where, key), field=path)


def read_matrices(raw: Any, top: Any, file: str) -> tuple[tuple[str, tuple[Any, ...]], ...]:
    """`matrices: {X: [n, d], w: [d], A: [2, 2]}`: each side a whole number (1 to 20) or a dimension name."""
    if raw is None:
        return ()
    if not isinstance(raw, dict):
        raise _fail(file, "must be a mapping of names to shapes, as in `X: [n, d]`", top, "matrices", "matrices")
    out: list[tuple[str, tuple[Any, ...]]] = []
    for name, shape in raw.items():
        path = f"matrices.{name}"
        if not isinstance(name, str) or not _NAME.fullmatch(name) or name in BUILTIN_WORDS:
            raise _fail(file, f"a matrix name must be letters and digits and not a known word; got {name!r}", raw,
                        name, path)
        if not isinstance(shape, list) or not 1 <= len(shape) <= 2:
            raise _fail(file, "a shape is [rows] for a column vector or [rows, columns], as in [n, d]", raw, name,
                        path)
        sides: list[Any] = []
        for side in shape:
            if isinstance(side, int) and not isinstance(side, bool):
                if not 1 <= side <= MAX_SIDE:
                    raise _fail(file, f"a side must be from 1 to {MAX_SIDE}, got {side}", raw, name, path)
                sides.append(side)
            elif isinstance(side, str) and _NAME.fullmatch(side):
                sides.append(side)
            else:
                raise _fail(file, f"a side is a whole number or a dimension name such as n; got {side!r}", raw,
                            name, path)
        out.append((name, tuple(sides)))
    names = {n for n, _ in out}
    for name, sides in out:
        for side in sides:
            if side in names:
                raise _fail(file, f"the dimension {side!r} is also a matrix name", raw, name, f"matrices.{name}")
    return tuple(out)


def read_functions(raw: Any, top: Any, file: str, matrices: tuple[tuple[str, tuple[Any, ...]], ...] = ()
                   ) -> tuple[DeclaredFunction, ...]:
    """`functions: {sigma: {of: [x], is: "1/(1 + e^{-x})", names: [σ, sigmoid]}}`, bodies parsed in dependency
    order so that one function may call another; a cycle is an error (a body is expanded, not evaluated)."""
    if raw is None:
        return ()
    if not isinstance(raw, dict):
        raise _fail(file, "must be a mapping of names to {of, is, names}", top, "functions", "functions")
    heads: dict[str, tuple[tuple[str, ...], str, tuple[str, ...]]] = {}
    owner: dict[str, str] = {}
    matrix_names = {n for n, _ in matrices}
    for name, decl in raw.items():
        path = f"functions.{name}"
        if not isinstance(name, str) or not name.isascii() or not name.isalpha() or name in BUILTIN_WORDS:
            raise _fail(file, f"a function name must be letters and not a built-in function; got {name!r}", raw,
                        name, path)
        if not isinstance(decl, dict):
            raise _fail(file, 'must be a mapping such as {of: [x], is: "1/(1 + e^{-x})"}', raw, name, path)
        for key in decl:
            if key not in _FUNCTION_KEYS:
                raise _fail(file, f"unknown field `{key}` in a function (known: is, names, of)", decl, key,
                            f"{path}.{key}")
        params = decl.get("of")
        if (not isinstance(params, list) or not params
                or not all(isinstance(p, str) and _NAME.fullmatch(p) for p in params)):
            raise _fail(file, "`of` must list the argument names, as in [x] or [x, y]", decl,
                        "of" if "of" in decl else None, f"{path}.of")
        if len(set(params)) != len(params):
            raise _fail(file, "an argument name appears twice", decl, "of", f"{path}.of")
        body = decl.get("is")
        if isinstance(body, (int, float)) and not isinstance(body, bool):
            body = str(body)
        if not isinstance(body, str) or not body.strip():
            raise _fail(file, "`is` must be the function's formula as text", decl, "is" if "is" in decl else None,
                        f"{path}.is")
        spellings = decl.get("names", [])
        if isinstance(spellings, str):
            spellings = [spellings]
        if not isinstance(spellings, list):
            raise _fail(file, "`names` must be a list of spellings", decl, "names", f"{path}.names")
        words = [name]
        for spelling in spellings:
            word = spelling_word(str(spelling))
            if word is None:
                raise _fail(file, f"cannot read the spelling {spelling!r}: use a word (sigmoid), a Greek letter (σ), "
                            "a LaTeX command (\\sigma) or \\operatorname{...}", decl, "names", f"{path}.names")
            if word in BUILTIN_WORDS:
                raise _fail(file, f"the spelling {spelling!r} is already a built-in function or word", decl, "names",
                            f"{path}.names")
            if word not in words:
                words.append(word)
        for word in words:
            if word in owner:
                raise _fail(file, f"{word!r} already names the function {owner[word]!r}", raw, name, path)
            if word in matrix_names:
                raise _fail(file, f"{word!r} is also a matrix name", raw, name, path)
            owner[word] = name
        heads[name] = (tuple(params), body, tuple(words))
    all_words = frozenset(owner)
    calls = {name: _calls(body, params, all_words, owner, file, raw, name)
             for name, (params, body, _) in heads.items()}
    order = _dependency_order(calls, file, raw)
    done: dict[str, DeclaredFunction] = {}
    for name in order:
        params, body_text, words = heads[name]
        done[name] = _declare(name, params, body_text, words, tuple(done.values()), matrices, file, raw)
    return tuple(done[name] for name in heads)


def _calls(body: str, params: tuple[str, ...], words: frozenset[str], owner: dict[str, str], file: str, raw: Any,
           name: str) -> set[str]:
    try:
        tokens = tokenize(body, frozenset(params), functions=words)
    except ParseFailure as exc:
        raise _fail(file, f"cannot read the formula: {exc}", raw[name], "is", f"functions.{name}.is") from None
    return {owner[str(t)] for t in tokens if t.type == "FUNCCALL" and str(t) in owner}


def _dependency_order(calls: dict[str, set[str]], file: str, raw: Any) -> list[str]:
    order: list[str] = []
    state: dict[str, int] = {}

    def visit(name: str, trail: list[str]) -> None:
        if state.get(name) == 2:
            return
        if state.get(name) == 1:
            cycle = trail[trail.index(name):] + [name]
            raise _fail(file, "functions may not call themselves or each other in a circle: " + " → ".join(cycle),
                        raw, cycle[0], f"functions.{cycle[0]}.is")
        state[name] = 1
        for other in sorted(calls[name]):
            visit(other, trail + [name])
        state[name] = 2
        order.append(name)

    for name in calls:
        visit(name, [])
    return order


def _declare(name: str, params: tuple[str, ...], text: str, words: tuple[str, ...],
             known: tuple[DeclaredFunction, ...], matrices: tuple[tuple[str, tuple[Any, ...]], ...], file: str,
             raw: Any) -> DeclaredFunction:
    path = f"functions.{name}.is"
    try:
        own = tuple((n, shape) for n, shape in matrices if n not in params)  # an argument hides a matrix name
        body = parse_math(text, ParseOptions(variables=frozenset(params), functions=known, matrices=own))
    except ParseFailure as exc:
        raise _fail(file, f"cannot read the formula: {exc}", raw[name], "is", path) from None
    if isinstance(body, (sympy.MatrixBase, sympy.MatrixExpr)):
        raise _fail(file, "a function's value must be a number (a vector-valued function is not supported)",
                    raw[name], "is", path)
    allowed = set(params) | {DEFAULT_SIZE.name}
    families = {i.base.label.name for i in body.atoms(sympy.Indexed)}
    unknown = sorted({s.name for s in body.free_symbols if isinstance(s, sympy.Symbol)} - allowed
                     | (families - set(params)))
    if unknown:
        raise _fail(file, f"the formula uses {', '.join(f'`{u}`' for u in unknown)}, which "
                    f"{'is' if len(unknown) == 1 else 'are'} not among its arguments ({', '.join(params)}); "
                    "a sum's index must be summed over", raw[name], "is", path)
    # A body's own summation index must not meet an index of the answer it is used in (LSE(z) - z_k): renamed
    # to a name no student can type (`_` always starts a subscript).
    body = body.replace(lambda e: isinstance(e, sympy.Sum),
                        lambda e: e.xreplace({lim[0]: sympy.Symbol(f"{lim[0].name}_{name}") for lim in e.limits}))
    return DeclaredFunction(name, params, body, words)


def read_domains(raw: Any, where: Any, path: str, file: str, functions: tuple[DeclaredFunction, ...] = ()
                 ) -> dict[str, Any]:
    """`domains: {r: positive, theta: [0, 6.28], y: {is: "e^{z_k} / sum_j e^{z_j}", index: k}}` (see
    check/domains.py); `path` is where the block sits (`(top level)`, `problems[0].parts[1]`, `....symbols`)."""
    if raw is None:
        return {}
    field = "domains" if path == "(top level)" else f"{path}.domains"
    if not isinstance(raw, dict):
        raise _fail(file, "must be a mapping of names to domains, as in {r: positive}", where, "domains", field)
    out: dict[str, Any] = {}
    for name, value in raw.items():
        at = f"{field}.{name}"
        if isinstance(value, list):
            if (len(value) != 2 or not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in value)
                    or not value[0] < value[1]):
                raise _fail(file, f"an interval is [low, high] with low < high, got {value!r}", raw, name, at)
            out[str(name)] = interval_text(float(value[0]), float(value[1]))
        elif isinstance(value, dict):
            out[str(name)] = _relation(str(name), value, raw, at, file, functions)
        else:
            problem = domain_error(str(name), str(value))
            if problem:
                raise _fail(file, problem, raw, name, at)
            out[str(name)] = str(value)
    relations = {n: v for n, v in out.items() if isinstance(v, Relation)}
    for name in relations:
        seen, todo = {name}, [name]
        while todo:
            for source in _families_of(relations[todo.pop()]):
                if source == name:
                    raise _fail(file, f"the family {name!r} is computed from itself (through {', '.join(sorted(seen))})",
                                raw, name, f"{field}.{name}")
                if source in relations and source not in seen:
                    seen.add(source)
                    todo.append(source)
    return out


def _families_of(relation: Relation) -> set[str]:
    return {i.base.label.name for i in relation.formula.atoms(sympy.Indexed)}


def _relation(name: str, value: dict[str, Any], raw: Any, at: str, file: str,
              functions: tuple[DeclaredFunction, ...]) -> Relation:
    for key in value:
        if key not in ("is", "index"):
            raise _fail(file, f"unknown field `{key}` in a family's relation (known: index, is)", value, key,
                        f"{at}.{key}")
    text = value.get("is")
    index = str(value.get("index", "k"))
    if not isinstance(text, str) or not text.strip():
        raise _fail(file, "a relation needs `is`: the formula for entry k, as in e^{z_k} / sum_j e^{z_j}", raw, name,
                    at)
    if not index.isascii() or not index.isalpha():
        raise _fail(file, f"the index must be a name such as k, got {index!r}", value, "index", f"{at}.index")
    try:
        formula = parse_math(text, ParseOptions(functions=functions))
    except ParseFailure as exc:
        raise _fail(file, f"cannot read the relation: {exc}", value, "is", f"{at}.is") from None
    k = sympy.Symbol(index)
    if isinstance(formula, (sympy.MatrixBase, sympy.MatrixExpr)) or k not in formula.free_symbols:
        raise _fail(file, f"the formula must give entry {index} of {name} (use the index {index}, as in z_{index})",
                    value, "is", f"{at}.is")
    if name in {i.base.label.name for i in formula.atoms(sympy.Indexed)}:
        raise _fail(file, f"the family {name!r} is computed from itself", value, "is", f"{at}.is")
    return Relation(expand_declared(formula), k)

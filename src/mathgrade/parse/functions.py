"""Functions a spec declares (`functions: {sigma: {of: [x], is: "1/(1 + e^{-x})", names: [σ, sigmoid]}}`).

Only a spec declares them; student text can only call them. A call is kept as an unevaluated application
(`σ(wᵀx)`), so that reports show what the student wrote; comparison expands it into the declared body first
(`expand_declared`). Bodies are parsed by the same parser as answers, never by `sympify`.

A parameter used with a subscript in the body (`LSE: {of: [z], is: "log(sum_k e^{z_k})"}`) is a family: the
argument `z`, `x`, `z - c` or a written vector `[1, 2, 3]` stands for all its entries.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sympy
from sympy.core.evalf import prec_to_dps
from sympy.core.function import AppliedUndef, UndefinedFunction

from mathgrade.parse import vocabulary as V
from mathgrade.parse.objects import as_scalar_if_one_by_one, is_matrix, is_symbolic_matrix
from mathgrade.parse.tokens import ParseFailure

__all__ = ["Declared", "DeclaredFunction", "expand_declared", "has_declared", "spelling_word"]

BUILTIN_WORDS: frozenset[str] = frozenset(V.FUNCTIONS) | frozenset(V.FUNCTIONS.values()) | frozenset(
    V.LATEX_FUNCTIONS) | frozenset(V.SUM_WORDS) | frozenset(V.DEGREE_WORDS) | {"pi", "e", "T", "K"}
"""Words a declared function may not take: the parser already gives them a meaning."""


@dataclass(frozen=True)
class DeclaredFunction:
    """A function the spec defines: its name, parameters, parsed body and the words that call it."""

    name: str
    params: tuple[str, ...]
    body: Any
    words: tuple[str, ...]
    """Every spelling reduced to the word the tokenizer sees: `σ` and `\\sigma` are `sigma`."""

    @property
    def family_params(self) -> frozenset[str]:
        """Parameters the body subscripts (z in z_k): their argument stands for a whole family."""
        return frozenset(i.base.label.name for i in self.body.atoms(sympy.Indexed)) & frozenset(self.params)

    def call(self, args: list[Any], column: int = 0) -> Any:
        """The unevaluated application `name(args)`; ParseFailure (student-readable) if the arguments cannot fit."""
        if len(args) != len(self.params):
            plural = "s" if len(self.params) != 1 else ""
            raise ParseFailure(f"`{self.name}` takes {len(self.params)} argument{plural}, not {len(args)}", column)
        fitted = []
        for param, arg in zip(self.params, args):
            if param in self.family_params:
                if is_matrix(arg) and 1 not in arg.shape:
                    raise ParseFailure(f"`{self.name}` takes a vector, not a {arg.rows}×{arg.cols} matrix", column)
                if not is_matrix(arg) and not _families(arg, param):
                    raise ParseFailure(f"`{self.name}` takes a vector or a family such as {param} (its entries are "
                                       f"{param}_1, {param}_2, ...), not a single number", column)
                fitted.append(arg)
                continue
            arg = as_scalar_if_one_by_one(arg)
            if is_matrix(arg) or is_symbolic_matrix(arg):
                raise ParseFailure(f"`{self.name}` takes a number here, not a vector or matrix", column)
            fitted.append(arg)
        return _application_class(self)(*fitted)

    def derivative(self) -> DeclaredFunction:
        """σ' for σ: the declared function's derivative, for a function of one number (ParseFailure otherwise)."""
        if len(self.params) != 1 or self.family_params:
            raise ParseFailure(f"`{self.name}'` is only defined for a function of one number")
        body = sympy.diff(self.body, sympy.Symbol(self.params[0]))
        return DeclaredFunction(self.name + "'", self.params, body, ())

    def bind(self, args: tuple[Any, ...]) -> Any:
        """The body with the arguments in place of the parameters (raises ParseFailure if a family cannot be)."""
        body = self.body
        scalars = {sympy.Symbol(p): a for p, a in zip(self.params, args) if p not in self.family_params}
        for param, arg in zip(self.params, args):
            if param in self.family_params:
                body = _bind_family(body, param, arg, self.name)
        return body.xreplace(scalars)


class Declared(AppliedUndef):
    """An application of a declared function. The declaration travels with the class (hashable, picklable)."""

    declared: DeclaredFunction

    def expanded(self) -> Any:
        return self.declared.bind(self.args)

    def _eval_evalf(self, prec: int) -> Any:
        """σ(0) is 1/2 as a number too: sympy's numeric checks (complex(), is_zero) go through the formula."""
        return self.expanded().evalf(prec_to_dps(prec))

    def _latex(self, printer: Any, exp: str | None = None) -> str:
        """σ(x), σ'(x), \\operatorname{LSE}(z): the name as students write it, not sympy's `sigma'`."""
        name = self.declared.name
        base = name.rstrip("'")
        head = ("\\" + base if base in V.GREEK else rf"\operatorname{{{base}}}" if len(base) > 1 else base)
        head += "'" * (len(name) - len(base))
        out = head + r"\left(" + ", ".join(printer._print(a) for a in self.args) + r"\right)"
        return out if exp is None else rf"\left({out}\right)^{{{exp}}}"

    def fdiff(self, argindex: int = 1) -> Any:
        """So that sympy's `diff` works through a declared function of scalars (solvers use it)."""
        param = self.declared.params[argindex - 1]
        if param in self.declared.family_params:
            raise NotImplementedError("derivative with respect to a family argument")
        derivative = sympy.diff(self.declared.body, sympy.Symbol(param))
        return _rebind(self.declared, derivative, self.args)


def _rebind(declared: DeclaredFunction, body: Any, args: tuple[Any, ...]) -> Any:
    return DeclaredFunction(declared.name, declared.params, body, declared.words).bind(args)


_CLASSES: dict[DeclaredFunction, Any] = {}


def _application_class(declared: DeclaredFunction) -> Any:
    cls = _CLASSES.get(declared)
    if cls is None:
        cls = UndefinedFunction(declared.name, bases=(Declared,), declared=declared)
        _CLASSES[declared] = cls
    return cls


def has_declared(value: Any) -> bool:
    """Whether a value holds an application of a declared function."""
    if is_matrix(value):
        return any(has_declared(v) for v in value)
    return isinstance(value, sympy.Basic) and value.has(Declared)


def expand_declared(value: Any) -> Any:
    """The value with every declared function replaced by its body, innermost first (bodies may call others)."""
    if is_matrix(value):
        return value.applyfunc(expand_declared)
    if not isinstance(value, sympy.Basic):
        return value
    for _ in range(32):  # a spec cannot declare recursion, so each pass removes one level of nesting
        if not value.has(Declared):
            return value
        value = value.replace(lambda e: isinstance(e, Declared), lambda e: e.expanded())
    return value


def _bind_family(body: Any, param: str, arg: Any, name: str) -> Any:
    """Put `arg` where the body has `param_k`: z_k → x_k for `x`, z_k + c for `z + c`, entries for `[1, 2, 3]`."""
    base = param

    def entry_of(indices: tuple[Any, ...]) -> Any:
        families = _families(arg, param)
        return arg.xreplace({f: sympy.Indexed(sympy.IndexedBase(f.name), *indices) for f in families})

    if is_matrix(arg):
        length = len(arg)
        size = sympy.Symbol("K")
        body = body.xreplace({size: sympy.Integer(length)})
        body = body.replace(lambda e: isinstance(e, sympy.Sum) and all(
            lim[1].is_Integer and lim[2].is_Integer for lim in e.limits), lambda e: e.doit())

        def entry(e: Any) -> Any:
            (k,) = e.indices
            if not k.is_Integer or not 1 <= int(k) <= length:
                raise ParseFailure(f"`{name}` needs every entry of {param} written out")
            return list(arg)[int(k) - 1]
        return body.replace(lambda e: isinstance(e, sympy.Indexed) and e.base.label.name == base, entry)
    return body.replace(lambda e: isinstance(e, sympy.Indexed) and e.base.label.name == base,
                        lambda e: entry_of(e.indices))


def _families(arg: Any, param: str) -> list[sympy.Symbol]:
    """The names in an argument that stand for families: the only name, or the one named as the parameter."""
    if not isinstance(arg, sympy.Basic) or is_symbolic_matrix(arg):
        return []
    names = sorted((s for s in arg.free_symbols if isinstance(s, sympy.Symbol)), key=lambda s: s.name)
    if isinstance(arg, sympy.Symbol):
        return [arg]
    return [s for s in names if s.name == param]


def spelling_word(spelling: str) -> str | None:
    """The word the tokenizer produces for a spelling: `σ` → sigma, `\\sigma` → sigma, `\\operatorname{LSE}` → LSE,
    `sigmoid` → sigmoid. None if the spelling is not one the tokenizer can read as a name."""
    s = spelling.strip()
    if len(s) == 1 and s in V.UNICODE_GREEK:
        return V.UNICODE_GREEK[s]
    if s.startswith("\\"):
        inner = s[1:]
        for wrapper in ("operatorname", "mathrm", "text", "textrm"):
            if inner.startswith(wrapper):
                rest = inner[len(wrapper):].strip()
                if rest.startswith("{") and rest.endswith("}"):
                    word = rest[1:-1].strip()
                    return word if word.isascii() and word.isalpha() else None
        return V.LATEX_NAMES.get(inner) if inner in V.GREEK else None
    return s if s.isascii() and s.isalpha() else None

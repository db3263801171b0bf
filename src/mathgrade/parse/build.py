"""Builder: lark parse tree to sympy objects, with every resource bound checked before sympy does the work.

Only the node types listed here can be built, so student text can name nothing else: there is no path from the
text to Python's `eval`, to `sympify` or to attribute access.
"""

from __future__ import annotations

import math
from typing import Any

import sympy
from lark import Token, Tree
from sympy.matrices.utilities import dotprodsimp as intermediate_simplification

from mathgrade.parse import matrices as M
from mathgrade.parse import vocabulary as V
from mathgrade.parse.functions import expand_declared, has_declared
from mathgrade.parse.objects import (AsScalar, as_scalar_if_one_by_one, is_matrix, is_symbolic_matrix, nodes_over, outer,
                                     transpose)
from mathgrade.parse.tokens import ParseFailure, ParseLimits

_FUNCTIONS: dict[str, Any] = {
    "exp": sympy.exp, "log": sympy.log, "sin": sympy.sin, "cos": sympy.cos, "tan": sympy.tan,
    "sec": sympy.sec, "csc": sympy.csc, "cot": sympy.cot, "asin": sympy.asin, "acos": sympy.acos,
    "atan": sympy.atan, "sinh": sympy.sinh, "cosh": sympy.cosh, "tanh": sympy.tanh, "abs": sympy.Abs,
    "sqrt": sympy.sqrt, "sech": sympy.sech, "csch": sympy.csch, "coth": sympy.coth, "asinh": sympy.asinh,
    "acosh": sympy.acosh, "atanh": sympy.atanh,
}
_INVERSES = {"sin": "asin", "cos": "acos", "tan": "atan"}
_GREEK = frozenset(V.GREEK)
_TRAILERS = frozenset({"pow", "factorial", "prime", "degrees"})
"""Nodes that apply to their first child: `(x)^2`, `(x)!`, `(x)'`, `(x)°`."""
DEFAULT_SIZE = sympy.Symbol("K")
MAX_TREE_DEPTH = 100
"""Deepest built value: printers and the evaluator recurse on it (`sin sin ... x` needs no brackets to nest)."""
MAX_EXPONENT_NESTING = 8
"""Highest tower `a^(b^(c^...))`: sympy's work on `x^(-x^(-x^...))` grows steeply with the height."""
MAX_VALUE_NODES = 2000
"""Largest result of a product, power, inverse or determinant of matrices that hold symbols or irrational
numbers: those grow multiplicatively (a symbolic 3×3 to the 10th has 100 000 nodes and takes seconds)."""
MAX_DIAGONAL = 20
"""Most entries of diag(...): a diagonal matrix of n entries has n² of them."""


def _col(node: Any) -> int:
    """The 1-based column where a tree or token starts (0 if it has none)."""
    if isinstance(node, Token):
        return node.column or 0
    if isinstance(node, Tree):
        for child in node.children:
            c = _col(child)
            if c:
                return c
    return 0


def _shape(value: Any) -> str:
    return f"{value.rows}×{value.cols} matrix" if is_matrix(value) else "number"


class Builder:
    """Turns one parse tree into a sympy object. Raises ParseFailure with a column on anything out of bounds."""

    def __init__(self, variables: frozenset[str], limits: ParseLimits, values: dict[str, Any] | None = None,
                 functions: dict[str, Any] | None = None, matrices: dict[str, Any] | None = None,
                 imaginary: str = "") -> None:
        self.imaginary = imaginary
        self.values = values or {}
        self.functions = functions or {}  # word → DeclaredFunction (parse/functions.py)
        self.matrices = matrices or {}  # name → the MatrixSymbol of its declared shape (parse/matrices.py)
        self.variables = variables | set(self.values)
        self.limits = limits
        self.exponent_depth = 0
        self.sum_terms = 0

    def build(self, tree: Tree) -> Any:
        try:
            value = self._node(tree.children[0])
        except RecursionError:
            raise ParseFailure("the answer is nested too deeply") from None
        if _deeper_than(value, MAX_TREE_DEPTH):
            raise ParseFailure("the answer is nested too deeply")
        if value.has(sympy.zoo, sympy.nan):  # 1/0.0, tan(pi/2), log(0.0): `b == 0` misses a decimal zero
            raise ParseFailure("the value is undefined (a division by zero)")
        if has_declared(value) and expand_declared(value).has(sympy.zoo, sympy.nan):  # 1/(σ(0) - 1/2)
            raise ParseFailure("the value is undefined (a division by zero)")
        return value

    def _node(self, node: Any) -> Any:
        if isinstance(node, Token):
            raise ParseFailure(f"unexpected `{node}`", node.column or 0)
        handler = getattr(self, "_" + str(node.data), None)
        if handler is None:  # grammar and builder disagree: a bug of ours, reported as unreadable input
            raise ParseFailure(f"cannot read `{node.data}` here", _col(node))
        return handler(node, *node.children)

    # -- arithmetic --------------------------------------------------------------------------------------
    def _binary(self, node: Tree, op: str, left: Any, right: Any) -> Any:
        a, b = self._node(left), self._node(right)
        if M.involved(a, b):
            return M.matrix_binary(op, a, b, _col(node))
        try:
            if op == "+":
                return a + b
            if op == "-":
                return a - b
            if op == "*":
                if is_matrix(a) and is_matrix(b) and a.shape == b.shape and a.cols == 1 and a.rows > 1:
                    raise ParseFailure(f"cannot multiply two {a.rows}×1 vectors (did you mean a dot product?)",
                                       _col(node), undefined=True)
                return self._sized(outer(a, b), _col(node))
            if is_matrix(b):
                raise ParseFailure("cannot divide by a matrix", _col(right))
            if b == 0:
                raise ParseFailure("division by zero", _col(right))
            return a / b
        except ParseFailure:
            raise
        except (TypeError, ValueError, sympy.ShapeError, sympy.NonSquareMatrixError) as exc:
            verb = {"+": "add", "-": "subtract", "*": "multiply", "/": "divide"}[op]
            raise ParseFailure(f"cannot {verb} a {_shape(a)} and a {_shape(b)}", _col(node), undefined=True) from exc

    def _add(self, node: Tree, left: Any, _op: Token, right: Any) -> Any:
        return self._binary(node, "+", left, right)

    def _sub(self, node: Tree, left: Any, _op: Token, right: Any) -> Any:
        return self._binary(node, "-", left, right)

    def _mul(self, node: Tree, left: Any, _op: Token, right: Any) -> Any:
        return self._binary(node, "*", left, right)

    def _imul(self, node: Tree, left: Any, right: Any) -> Any:
        return self._binary(node, "*", left, right)

    def _div(self, node: Tree, left: Any, _op: Token, right: Any) -> Any:
        return self._binary(node, "/", left, right)

    def _neg(self, node: Tree, _op: Token, operand: Any) -> Any:
        return -self._node(operand)

    def _pos(self, node: Tree, _op: Token, operand: Any) -> Any:
        return self._node(operand)

    def _pow(self, node: Tree, base_node: Any, _op: Token, exp_node: Any) -> Any:
        base = self._node(base_node)
        if _is_transpose_mark(exp_node):
            return transpose(base)
        exponent = self._exponent(exp_node)
        return self.power(base, exponent, _col(exp_node))

    def _exponent(self, node: Any) -> Any:
        if self.exponent_depth >= MAX_EXPONENT_NESTING:
            raise ParseFailure(f"exponents nested too deeply (at most {MAX_EXPONENT_NESTING} levels)", _col(node))
        self.exponent_depth += 1
        try:
            return self._node(node)
        finally:
            self.exponent_depth -= 1

    def power(self, base: Any, exponent: Any, column: int) -> Any:
        """`base ** exponent` after checking that the result has a size we can hold."""
        if is_matrix(exponent) or is_symbolic_matrix(exponent):
            exponent = as_scalar_if_one_by_one(exponent)
            if is_matrix(exponent) or is_symbolic_matrix(exponent):
                raise ParseFailure("an exponent cannot be a matrix", column)
        if is_symbolic_matrix(base):
            base = as_scalar_if_one_by_one(base)
            if is_symbolic_matrix(base):
                return M.matrix_power(base, exponent, column)
        if is_matrix(base):
            return self._matrix_power(base, exponent, column)
        if exponent.is_number:
            if exponent.is_real is False and not self.imaginary:
                raise ParseFailure("complex exponents are not supported", column)
            value = abs(complex(exponent)) if exponent.is_finite else math.inf
            if value > self.limits.max_exponent:
                raise ParseFailure(f"exponent too large (at most {self.limits.max_exponent})", column)
            if base.is_number and base.is_finite and exponent.is_integer:
                magnitude = _magnitude(base)
                if magnitude > 0 and value * abs(math.log10(magnitude)) > self.limits.max_result_digits:
                    raise ParseFailure(f"number too large (over {self.limits.max_result_digits} digits)", column)
        if base == 0 and exponent.is_number and exponent.is_negative:
            raise ParseFailure("division by zero", column)
        return base ** exponent

    @staticmethod
    def _too_big_symbolic(matrix: Any, side: int) -> bool:
        """Symbolic determinants and powers grow factorially with the side: a 7×7 one takes minutes."""
        return matrix.rows > side and not _numeric(matrix)

    @staticmethod
    def _sized(value: Any, column: int) -> Any:
        """A matrix result, refused when matrix algebra made it too large to check (see MAX_VALUE_NODES)."""
        if not (is_matrix(value) and _numeric(value)) and nodes_over(value, MAX_VALUE_NODES):
            raise ParseFailure("the result is too large to work with (products and powers of matrices with symbols "
                               "grow very fast)", column)
        return value

    def _matrix_power(self, base: Any, exponent: Any, column: int) -> Any:
        if self._too_big_symbolic(base, 3):
            raise ParseFailure("powers and inverses of symbolic matrices larger than 3×3 are too expensive", column)
        if not base.is_square:
            raise ParseFailure(f"cannot raise a {base.rows}×{base.cols} matrix to a power", column)
        if exponent == -1:
            if base.rows > 6:
                raise ParseFailure("matrix too large to invert here", column)
            det = _det(base)
            if det == 0:
                raise ParseFailure("the matrix is not invertible", column)
            if _numeric(base):
                return base.inv()
            with intermediate_simplification(False):
                return self._sized(base.adjugate(method="laplace") / det, column)
        if exponent.is_integer and 0 <= exponent <= 10 and base.rows <= 6:
            if _numeric(base):
                return base ** int(exponent)
            result = sympy.eye(base.rows)
            for _ in range(int(exponent)):  # step by step, so that a result growing too large is stopped early
                result = self._sized(result * base, column)
            return result
        raise ParseFailure("a matrix power must be a whole number from 0 to 10, or -1 for the inverse", column)

    # -- postfix -----------------------------------------------------------------------------------------
    def _factorial(self, node: Tree, operand: Any, _op: Token) -> Any:
        value = self._node(operand)
        if is_matrix(value):
            raise ParseFailure("a factorial of a matrix is not defined", _col(_op))
        if value.is_number:
            if not (value.is_integer and value >= 0):
                raise ParseFailure("a factorial needs a whole number", _col(_op))
            if value > self.limits.max_factorial:
                raise ParseFailure(f"factorial too large (at most {self.limits.max_factorial}!)", _col(_op))
        return sympy.factorial(value)

    def _prime(self, node: Tree, operand: Any, _op: Token) -> Any:
        return transpose(self._node(operand))

    def _degrees(self, node: Tree, operand: Any, _op: Token) -> Any:
        value = self._node(operand)
        if is_matrix(value):
            raise ParseFailure("degrees apply to a number, not a matrix", _col(_op))
        return value * sympy.pi / 180

    def _subscript(self, node: Tree, base_node: Any, _op: Token, index: Tree) -> Any:
        indices = self._indices(index)
        if isinstance(base_node, Tree) and base_node.data == "name":
            name = str(base_node.children[0])
            if name == "delta" and "delta" not in self.variables:
                if len(indices) != 2:
                    raise ParseFailure("Kronecker delta needs two indices, as in δ_ij", _col(index))
                return sympy.KroneckerDelta(*indices)
            return sympy.Indexed(sympy.IndexedBase(name), *indices)
        base = self._node(base_node)
        if isinstance(base, sympy.Indexed):  # y_i_j reads as y_{ij}
            return sympy.Indexed(base.base, *base.indices, *indices)
        raise ParseFailure("a subscript must follow a name, as in y_i", _col(_op))

    def _indices(self, index: Tree) -> list[Any]:
        out: list[Any] = []
        for tok in index.children:
            if not isinstance(tok, Token) or tok.type in ("LBRACE", "RBRACE", "COMMA"):
                continue
            if tok.type == "NUMBER":
                if not tok.isdigit():
                    raise ParseFailure("an index must be a whole number or a letter", tok.column or 0)
                out.append(sympy.Integer(int(tok)))
            elif str(tok) in _GREEK or str(tok) in self.variables:
                out.append(sympy.Symbol(str(tok)))
            else:
                out.extend(sympy.Symbol(letter) for letter in str(tok))
        if not out:
            raise ParseFailure("empty subscript", _col(index))
        return out

    # -- atoms -------------------------------------------------------------------------------------------
    def _number(self, node: Tree, tok: Token) -> Any:
        text = str(tok)
        if any(c in text for c in ".eE"):
            return sympy.Float(text)
        return sympy.Integer(int(text))

    def _name(self, node: Tree, tok: Token) -> Any:
        name = str(tok)
        if name in self.matrices:
            return self.matrices[name]
        if name in self.values:
            return self.values[name]
        if self.imaginary and name == self.imaginary and tok.type == "NAME":
            return sympy.I
        if name in self.variables:
            return sympy.Symbol(name)
        if name == "pi":
            return sympy.pi
        if name == "e":
            return sympy.E
        return sympy.Symbol(name)

    def _paren(self, node: Tree, _open: Token, inner: Any, _close: Token) -> Any:
        return self._node(inner)

    def _tuple(self, node: Tree, _open: Token, first: Any, _comma: Token, rest: Tree, _close: Token) -> Any:
        items = [self._node(first)] + self._list(rest)
        return self._vector(items, _col(node))

    def _tuple_semi(self, node: Tree, _open: Token, first: Any, _semi: Token, rest: Tree, _close: Token) -> Any:
        # (1 ; 1), (0,5 ; 2): the column vector of students who write decimal commas, and of French textbooks
        return self._tuple(node, _open, first, _semi, rest, _close)

    def _list(self, exprlist: Tree) -> list[Any]:
        return [self._node(c) for c in exprlist.children if not isinstance(c, Token)]

    def _vector(self, items: list[Any], column: int) -> Any:
        items = [as_scalar_if_one_by_one(i) for i in items]
        if any(is_matrix(i) or is_symbolic_matrix(i) for i in items):
            raise ParseFailure("a vector's entries must be numbers or expressions", column)
        self._check_side(len(items), column)
        return sympy.Matrix(len(items), 1, items)

    def _check_side(self, n: int, column: int) -> None:
        if n > self.limits.max_matrix_side:
            raise ParseFailure(f"matrix too large (at most {self.limits.max_matrix_side} rows and columns)", column)

    def _bracket(self, node: Tree, _open: Token, rows: Tree, _close: Token) -> Any:
        return self._matrix(rows, _col(node), bracket=True)

    def _envmatrix(self, node: Tree, _begin: Token, rows: Tree, _end: Token) -> Any:
        matrix = self._matrix(rows, _col(node), bracket=False)
        if str(_begin) in ("vmatrix", "Vmatrix"):
            return self._apply_value("det", matrix, _col(node))
        return matrix

    def _matrix(self, rows_tree: Tree, column: int, *, bracket: bool) -> Any:
        rows = [[as_scalar_if_one_by_one(self._node(c)) for c in row.children if not isinstance(c, Token)]
                for row in rows_tree.children if isinstance(row, Tree)]
        if any(is_symbolic_matrix(i) for row in rows for i in row):
            raise ParseFailure("a declared vector or matrix cannot be an entry of a written-out matrix", column)
        self._check_side(len(rows), column)
        if bracket and len(rows) == 1:
            items = rows[0]
            if len(items) == 1 and is_matrix(items[0]) and items[0].rows > 1 and items[0].cols > 1:
                return items[0]  # \left[\begin{array}...\end{array}\right]: the brackets only delimit
            if all(is_matrix(i) for i in items):  # [[a, b], [c, d]]: each item is one row
                flat = [list(i) for i in items]
                rows = flat
            elif len(items) > 1:
                return self._vector(items, column)
            else:  # [x]: a 1×1 matrix, so that [[1, 2], [3]] is seen as ragged
                return self._vector(items, column)
        width = len(rows[0])
        for k, row in enumerate(rows, start=1):
            if any(is_matrix(i) for i in row):
                raise ParseFailure(f"row {k} of the matrix has a vector or matrix as an entry", column)
            if len(row) != width:
                entries = "entry" if len(row) == 1 else "entries"
                raise ParseFailure(f"row {k} of the matrix has {len(row)} {entries} but row 1 has {width}", column)
        self._check_side(width, column)
        return sympy.Matrix(rows)

    def _frac(self, node: Tree, _f: Token, _o1: Token, num: Any, _c1: Token, _o2: Token, den: Any,
              _c2: Token) -> Any:
        return self._binary(node, "/", num, den)

    def _sqrt(self, node: Tree, _s: Token, operand: Any) -> Any:
        return self._radical(operand, lambda value: self._apply_value("sqrt", value, _col(node)))

    def _root(self, node: Tree, _s: Token, degree: Any, _close: Token, operand: Any) -> Any:
        n = self._node(degree)
        if is_matrix(n) or not (n.is_number and n.is_integer and 2 <= n <= 100):
            raise ParseFailure("the root degree must be a whole number from 2 to 100", _col(degree))

        def root(value: Any) -> Any:
            if is_matrix(value):
                raise ParseFailure("cannot take a root of a matrix", _col(node))
            if value.is_number and value.is_negative and n % 2 == 1:
                return -sympy.root(-value, n)
            return sympy.root(value, n)
        return self._radical(operand, root)

    def _radical(self, operand: Any, apply: Any) -> Any:
        """A root whose argument is delimited reaches only to the delimiter: `sqrt(x)^2` and `\\sqrt{x}^2` are
        (√x)², as calculators and LaTeX read them, not √(x²), which is |x|. `√x²` stays √(x²)."""
        chain: list[Tree] = []
        inner = operand
        while isinstance(inner, Tree) and inner.data in _TRAILERS:
            chain.append(inner)
            inner = inner.children[0]
        if not chain or not (isinstance(inner, Tree) and inner.data == "paren"):
            return apply(self._node(operand))
        rebuilt = Tree("built", [apply(self._node(inner))])
        for trailer in reversed(chain):
            rebuilt = Tree(trailer.data, [rebuilt, *trailer.children[1:]])
        return self._node(rebuilt)

    def _built(self, node: Tree, value: Any) -> Any:
        return value

    def _abs(self, node: Tree, _o: Token, inner: Any, _c: Token) -> Any:
        return self._apply_value("abs", self._node(inner), _col(node))

    def _norm(self, node: Tree, _o: Token, inner: Any, _c: Token) -> Any:
        return M.norm(self._node(inner), _col(node))

    # -- functions ---------------------------------------------------------------------------------------
    def _call(self, node: Tree, func: Token, args: Tree, _close: Token) -> Any:
        name = str(func)
        if name == "Matrix":
            items = self._list(args)
            if len(items) != 1 or not is_matrix(items[0]):
                raise ParseFailure("Matrix(...) takes one list of rows, as in Matrix([[1, 2], [3, 4]])",
                                   _col(node))
            return items[0]
        values = self._list(args)
        if name == "diag":  # diag(3√5, √5), as numpy, MATLAB and many textbooks write a diagonal matrix
            if len(values) == 1 and is_matrix(values[0]) and 1 in values[0].shape:  # np.diag([1, -1])
                values = list(values[0])
            if not values or len(values) > MAX_DIAGONAL or any(is_matrix(v) for v in values):
                raise ParseFailure(f"diag(...) takes 1 to {MAX_DIAGONAL} numbers, as in diag(1, -1)", _col(node))
            return sympy.diag(*values)
        if name in self.functions:
            return self._written_out(self.functions[name].call(values, _col(node)), _col(node))
        if name.endswith("'") and name[:-1] in self.functions:
            return self._written_out(self.functions[name[:-1]].derivative().call(values, _col(node)), _col(node))
        if name == "log" and len(values) == 2:
            return self._log(values[0], values[1], _col(node))
        if len(values) != 1:
            raise ParseFailure(f"`{name}` takes one argument, not {len(values)}", _col(node))
        return self._apply_value(name, values[0], _col(node))

    @staticmethod
    def _written_out(value: Any, column: int) -> Any:
        """A call of a declared function, refused when its formula written out is too large to check: calls nest
        without brackets of their own (a body using its argument twice doubles at every level)."""
        full = expand_declared(value)
        if nodes_over(full, MAX_VALUE_NODES) or _deeper_than(full, MAX_TREE_DEPTH):
            raise ParseFailure("the answer is too large once the course's functions are written out", column)
        return value

    def _apply(self, node: Tree, func: Token, arg: Any) -> Any:
        return self._apply_value(str(func), self._node(arg), _col(node))

    def _apply_pow(self, node: Tree, func: Token, _caret: Token, fexp: Tree, arg: Any) -> Any:
        exponent = self._fexp(fexp)
        name = str(func)
        if exponent == -1 and name in _INVERSES:  # sin^{-1} x is arcsin x, not 1/sin x
            return self._apply_value(_INVERSES[name], self._node(arg), _col(node))
        return self.power(self._apply_value(name, self._node(arg), _col(node)), exponent, _col(fexp))

    def _fexp(self, fexp: Tree) -> Any:
        kids = fexp.children
        if len(kids) == 1:
            return self._number(fexp, kids[0])
        if len(kids) == 2:
            return -self._number(fexp, kids[1])
        return self._exponent(kids[1])

    def _apply_base(self, node: Tree, func: Token, _u: Token, index: Tree, arg: Any) -> Any:
        if str(func) != "log":
            raise ParseFailure(f"`{func}` cannot take a subscript", _col(_u))
        base = self._indices(index)
        if len(base) != 1:
            raise ParseFailure("a logarithm has one base", _col(index))
        return self._log(self._node(arg), base[0], _col(node))

    def _log(self, value: Any, base: Any, column: int) -> Any:
        if is_matrix(value) or is_matrix(base):
            raise ParseFailure("a logarithm needs a number, not a matrix", column)
        if base.is_number and (base.is_positive is False or base == 1):
            raise ParseFailure("a logarithm's base must be positive and not 1", column)
        return sympy.log(value, base)

    def _apply_value(self, name: str, value: Any, column: int) -> Any:
        if (is_symbolic_matrix(value) or isinstance(value, AsScalar)) and name in M.MATRIX_FUNCTIONS:
            return M.matrix_function(name, value, column)
        if is_symbolic_matrix(value) and name == "abs":
            return M.bars(value, column)
        if is_symbolic_matrix(value):
            value = M.function_argument(name, value, column)
        if name in ("tr", "rank"):
            return self._matrix_function(name, value, column)
        if name == "det":
            if not is_matrix(value) or not value.is_square:
                raise ParseFailure("det needs a square matrix", column)
            if self._too_big_symbolic(value, 4):
                raise ParseFailure("determinants of symbolic matrices larger than 4×4 are too expensive", column)
            return self._sized(_det(value), column)
        if name == "log10":
            return self._log(value, sympy.Integer(10), column)
        if is_matrix(value):
            raise ParseFailure(f"`{name}` of a matrix is not supported here", column)
        if name == "log" and value == 0:
            raise ParseFailure("log(0) is undefined", column)
        if name == "exp" and value.is_number and value.is_real and value > 10 ** 6:
            raise ParseFailure("number too large", column)
        return _FUNCTIONS[name](value)

    def _matrix_function(self, name: str, value: Any, column: int) -> Any:
        """`tr(M)` and `rank(M)` of a literal matrix. Rank only of numbers: a symbolic rank depends on the values."""
        if not is_matrix(value):
            raise ParseFailure(f"`{name}` needs a matrix", column)
        if name == "tr":
            if not value.is_square:
                raise ParseFailure("the trace needs a square matrix", column)
            return value.trace()
        if not _numeric(value):
            raise ParseFailure("the rank of a matrix with symbols depends on their values: give a number", column)
        return sympy.Integer(value.rank())

    def _sum(self, node: Tree, _s: Token, limits: Tree, body: Any) -> Any:
        index, lower, upper = self._sum_limits(limits)
        value = as_scalar_if_one_by_one(self._node(body))
        if is_symbolic_matrix(value):
            raise ParseFailure("a sum over a vector expression is not supported here", _col(node))
        if is_matrix(value):
            raise ParseFailure("a sum over a vector expression is not supported here", _col(node))
        if lower.is_number and upper.is_number:
            if not (lower.is_integer and upper.is_integer):
                raise ParseFailure("sum limits must be whole numbers", _col(limits))
            self.sum_terms += max(0, int(upper - lower + 1))  # every sum of the answer is evaluated term by term
            if upper - lower + 1 > self.limits.max_sum_terms or self.sum_terms > self.limits.max_sum_terms:
                raise ParseFailure(f"sum too long (more than {self.limits.max_sum_terms} terms)", _col(limits))
        return sympy.Sum(value, (index, lower, upper))

    def _sum_limits(self, limits: Tree) -> tuple[Any, Any, Any]:
        index: Any = None
        lower: Any = sympy.Integer(1)
        upper: Any = DEFAULT_SIZE
        kids = limits.children
        for k, kid in enumerate(kids):
            if isinstance(kid, Tree) and kid.data == "sumindex":
                names = [c for c in kid.children if isinstance(c, Token) and c.type == "INDEXNAME"]
                index = sympy.Symbol(str(names[0]))
                exprs = [c for c in kid.children if not isinstance(c, Token)]
                if exprs:
                    lower = self._node(exprs[0])
            elif isinstance(kid, Token) and kid.type == "CARET":
                upper = self._node(kids[k + 1])
        if index is None:
            raise ParseFailure("a sum needs its index, as in sum_j or \\sum_{j=1}^{K}", _col(limits))
        if is_matrix(lower) or is_matrix(upper):
            raise ParseFailure("sum limits must be numbers", _col(limits))
        return index, lower, upper


def _numeric(matrix: Any) -> bool:
    """Every entry a plain number (integer, fraction, decimal): matrix algebra on it stays cheap."""
    return all(getattr(e, "is_Number", False) for e in matrix)


def _det(matrix: Any) -> Any:
    """sympy's default (Bareiss, with `cancel` as it goes) hangs on a symbolic 4×4 product, and its simplification
    of a 3×3 of fractions takes seconds; cofactor expansion of at most 4×4 (24 products), unsimplified, does not."""
    if _numeric(matrix):
        return matrix.det()
    with intermediate_simplification(False):
        return matrix.det(method="laplace")


def _deeper_than(value: Any, limit: int) -> bool:
    """Whether the expression tree (of any entry of a matrix) is more than `limit` levels deep. Iterative."""
    stack = [(e, 1) for e in (value if is_matrix(value) else [value])]
    seen: dict[int, int] = {}
    while stack:
        e, depth = stack.pop()
        if depth > limit:
            return True
        if seen.get(id(e), 0) >= depth:
            continue
        seen[id(e)] = depth
        stack.extend((a, depth + 1) for a in getattr(e, "args", ()))
    return False


def _is_transpose_mark(node: Any) -> bool:
    """`^T`, `^{T}`, `^\\top`, `ᵀ`: all reach here as the name T, possibly in braces."""
    while isinstance(node, Tree) and node.data == "paren":
        node = node.children[1]
    return isinstance(node, Tree) and node.data == "name" and str(node.children[0]) == "T"


def _magnitude(base: Any) -> float:
    """|base| for a constant, in bounded time. `complex(base)` asks sympy for a correctly rounded value, which for
    `sin(exp(999999))` means reducing e^999999 modulo π to 434,000 digits (over ten seconds); a float evaluation
    costs microseconds and is all a size bound needs. Exact for rationals (whose powers sympy does compute)."""
    if base.is_Rational:
        p, q = abs(int(base.p)), int(base.q)
        if p == 0:
            return 0.0
        digits = math.log10(p) - math.log10(q) if p < 10 ** 300 and q < 10 ** 300 else \
            (p.bit_length() - q.bit_length()) * math.log10(2)
        return 10.0 ** max(min(digits, 300.0), -300.0)
    from mathgrade.check.evaluate import Env, Unsupported, compile_expr  # noqa: PLC0415 - parse must not import check at load

    try:
        import numpy as np  # noqa: PLC0415

        with np.errstate(all="ignore"):
            value = abs(complex(compile_expr(base)(Env(n=1))[0]))
    except (Unsupported, ArithmeticError, ValueError, TypeError):
        return 0.0
    if math.isnan(value):
        return 0.0  # unknown and sympy will not expand it (sin(...)**2 stays a power): no size to bound
    return min(value, 1e300)

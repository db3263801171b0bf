"""Check options: frozen and hashable, so they can key a cache, and validated when made."""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import Enum
from typing import Any

DEFAULT_RTOL = 1e-3
"""Relative tolerance for answers with decimals: 0.1 %."""

DEFAULT_ATOL = 1e-8
"""Absolute tolerance where a reference given with decimals is 0 at a point. Elsewhere the tolerance is relative to
the reference's magnitude: a floor everywhere would make every small quantity equal (1e-34 and 6.626e-34)."""

SILENT_SCALE = ("review", "unanswered", "unscaled")
"""The values of `silent_scale` (rotation parts), the default first."""

EXACT_RTOL = 1e-9
"""Exact answers (no decimals on either side) are compared at float precision, not at 0.1 %: 22/7 is not π."""


class Kind(str, Enum):
    """Answer kinds. The first five are the core; the rest are built by the grading layer on top of them."""

    NUMBER = "number"
    EXPRESSION = "expression"
    VECTOR = "vector"
    MATRIX = "matrix"
    CHOICE = "choice"
    INDEXED = "indexed"
    DERIVATION = "derivation"
    ROTATION = "rotation"
    TEXT = "text"

    def __str__(self) -> str:
        return self.value

    @classmethod
    def _missing_(cls, value: object) -> Kind | None:
        # `kind: map`: a sentence describing any 2D/3D map (reflection, projection, shear, scaling), graded like
        # a rotation description, by the same kind; its reference comes from `linear_map {give: description}`
        return cls.ROTATION if value == "map" else None


class Partial(str, Enum):
    """How a vector, matrix or derivation earns part of the points."""

    ALL_OR_NOTHING = "all_or_nothing"
    PROPORTIONAL = "proportional"
    MIN_SHARE = "min_share"

    def __str__(self) -> str:
        return self.value


class Compare(str, Enum):
    """How a vector or matrix answer may differ from its reference and still be right (`compare:` in a part)."""

    UNORDERED = "unordered"
    """Entries of a vector (columns of a matrix) in any order: eigenvalues, a set of eigenvectors."""
    UP_TO_SCALE = "up_to_scale"
    """Any nonzero multiple of the vector (of each column): an eigenvector, a normal, a line's direction."""
    UP_TO_SIGN = "up_to_sign"
    """The vector (each column) or its negative: singular vectors, a unit normal."""

    def __str__(self) -> str:
        return self.value


class Condition(str, Enum):
    """Which index pairs an indexed answer must hold for."""

    ANY = "any"
    EQUAL = "i=j"
    DIFFERENT = "i!=j"


@dataclass(frozen=True)
class CheckOptions:
    """How to compare one answer with its reference. Raises ValueError, naming the value, when nonsensical."""

    kind: Kind | None = None
    rtol: float = DEFAULT_RTOL
    atol: float = DEFAULT_ATOL
    exact: bool = False
    orientation: bool = False
    variables: frozenset[str] = frozenset()
    vectors: frozenset[str] = frozenset()
    domains: tuple[tuple[str, Any], ...] = ()
    """Sampling domain per name: a word, an interval text such as `[0, 6.28]`, or a `Relation` (check/domains.py)."""
    condition: Condition = Condition.ANY
    choices: tuple[str, ...] = ()
    synonyms: tuple[tuple[str, tuple[str, ...]], ...] = ()
    points: int = 12
    seed: int = 0
    partial: Partial = Partial.ALL_OR_NOTHING
    min_share: float = 0.5
    silent_scale: str = "review"
    """What a rotation described without a word on scaling earns for the scale: `unanswered` (nothing), `unscaled`
    (read as a pure rotation), `review` (nothing, and marked for review where the map does not scale)."""
    functions: tuple[Any, ...] = ()
    """Functions the spec declares (parse/functions.py `DeclaredFunction`): answers may call them."""
    matrices: tuple[tuple[str, tuple[Any, ...]], ...] = ()
    """Matrix symbols the spec declares, with their shapes (`("X", ("n", "d"))`)."""
    labels: tuple[str, ...] = ()
    """Names a derivation may start or end with as a label (`softmax(z - c)_i = ...`): not steps."""
    hints: tuple[tuple[str, str], ...] = ()
    """Course text added to a diagnosis's feedback, by diagnosis code (`hints: {missing_sum: "..."}`)."""
    condition_indices: tuple[str, str] = ("i", "j")
    """The two index names a `condition` relates (`condition: "k != l"` names k and l)."""
    imaginary: str = ""
    """The name of the imaginary unit (`i` or `j`) when the part declares one; by default `i` is a variable."""
    matrix_tolerance: str = "entrywise"
    """`entrywise` (each entry within rtol of its own reference entry) or `norm` (the whole matrix within rtol of
    the reference's Frobenius norm: rounding noise in small entries is forgiven)."""
    diagnose: bool = True
    """Whether a wrong answer is diagnosed (what went wrong); off where only the verdict's status is used."""
    equations: str = "factor"
    """`factor`: equations are equal when one side minus the other agrees up to a nonzero factor (or solved for a
    variable both are linear in); `solutions`: equations in one variable are equal when their real solutions are."""
    min_steps: int = 1
    """Derivations: the fewest steps a right chain has (2: `start = target` alone is not enough)."""
    compare: tuple[Compare, ...] = ()
    forbid: tuple[str, ...] = ()
    """Functions an answer may not use, by name (`sigma'`: the derivative the question asks for)."""
    """Comparison modes (at most one of up_to_scale and up_to_sign, optionally with unordered); () is exact."""

    def parse_options(self, variables: frozenset[str] = frozenset()) -> Any:
        """The parser's options for answers checked with these options: the spec's declared functions and
        matrix symbols, the imaginary unit, and `variables` (names never split) besides the options' own."""
        from mathgrade.parse import ParseOptions  # noqa: PLC0415 - the parser does not depend on check

        names = self.variables | variables | {name for name, _ in self.matrices}
        return ParseOptions(variables=names, functions=self.functions, matrices=self.matrices,
                            imaginary=self.imaginary)

    def share_score(self, right: int, total: int) -> float:
        """The score for `right` of `total` entries or steps under this partial-credit policy."""
        if total <= 0 or right >= total:
            return 1.0 if total > 0 and right >= total else 0.0
        share = right / total
        if self.partial is Partial.PROPORTIONAL:
            return share
        if self.partial is Partial.MIN_SHARE:
            return share if share >= self.min_share else 0.0
        return 0.0

    def __post_init__(self) -> None:
        for name, value in (("relative tolerance", self.rtol), ("absolute tolerance", self.atol)):
            if not isinstance(value, (int, float)) or isinstance(value, bool):
                raise ValueError(f"{name} must be a number, got {value!r}")
            if math.isnan(value):
                raise ValueError(f"{name} can't be NaN")
            if value < 0:
                raise ValueError(f"{name} can't be negative: {value!r}")
            if math.isinf(value):
                raise ValueError(f"{name} can't be infinite")
        if self.rtol >= 1:
            raise ValueError(f"relative tolerance must be below 1 (100 %): {self.rtol!r}")
        if self.silent_scale not in SILENT_SCALE:
            raise ValueError(f"silent_scale must be one of {', '.join(SILENT_SCALE)}: {self.silent_scale!r}")
        if not 0 < self.min_share <= 1:
            raise ValueError(f"min_share must be in (0, 1]: {self.min_share!r}")
        if self.matrix_tolerance not in ("entrywise", "norm"):
            raise ValueError(f"matrix_tolerance must be entrywise or norm: {self.matrix_tolerance!r}")
        if self.equations not in ("factor", "solutions"):
            raise ValueError(f"equations must be factor or solutions: {self.equations!r}")
        if self.imaginary not in ("", "i", "j"):
            raise ValueError(f"imaginary must be i or j: {self.imaginary!r}")
        if Compare.UP_TO_SCALE in self.compare and Compare.UP_TO_SIGN in self.compare:
            raise ValueError("compare: up_to_scale already allows a sign change; give one of the two")
        if not isinstance(self.min_steps, int) or not 1 <= self.min_steps <= 20:
            raise ValueError(f"min_steps must be a whole number from 1 to 20: {self.min_steps!r}")
        if not 3 <= self.points <= 200:
            raise ValueError(f"points must be between 3 and 200: {self.points!r}")
        from mathgrade.check.domains import domain_error  # noqa: PLC0415 - domains imports nothing of ours

        for name, domain in self.domains:
            problem = domain_error(name, domain)
            if problem:
                raise ValueError(problem)

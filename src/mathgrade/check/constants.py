"""Constants of integration: `x³/3 + K` for a reference `x³/3 + C` (any new letter, added once; the rest may
differ from the reference's rest by a constant)."""

from __future__ import annotations

from typing import Any

import numpy as np
import sympy

from mathgrade.check.compare import Mismatch, has_float, paired_samples
from mathgrade.check.evaluate import Unsupported
from mathgrade.check.options import EXACT_RTOL, CheckOptions

INTEGRATION_CONSTANT = "C"


def integration_constant(expected: Any) -> sympy.Symbol | None:
    """The reference's `+ C`: the symbol C added once, appearing nowhere else."""
    if not isinstance(expected, sympy.Add):
        return None
    c = sympy.Symbol(INTEGRATION_CONSTANT)
    if c in expected.args and c not in (expected - c).free_symbols:
        return c
    return None


def with_constant(student: Any, expected: Any, constant: sympy.Symbol, options: CheckOptions) -> tuple[bool, str]:
    """`x³/3 + K` for `x³/3 + C`: the student's own constant, a letter the reference does not use, added once; the
    rest must differ from the reference's rest by a constant (so `1 − cos x + C` is right for `−cos x + C`)."""
    rest_expected = expected - constant
    names = rest_expected.free_symbols
    candidates = [s for s in getattr(student, "free_symbols", set()) if s not in names]
    if not candidates:
        return False, "the constant of integration is missing"
    if len(candidates) > 1:
        return False, "the answer has more than one unknown constant"
    k = candidates[0]
    if not isinstance(student, sympy.Add) or not any(t.free_symbols == {k} and sympy.diff(t, k).free_symbols <= set()
                                                     and sympy.diff(t, k) != 0 for t in student.args):
        return False, "the constant of integration must be added, as in + C"
    rest = sympy.Add(*[t for t in student.args if k not in t.free_symbols])
    if k in rest.free_symbols or any(k in t.free_symbols and t.free_symbols != {k} for t in student.args):
        return False, "the constant of integration must be added, as in + C"
    difference = rest - rest_expected
    if not difference.free_symbols:
        return True, ""
    decimals = has_float(rest) or has_float(rest_expected)
    rtol = options.rtol if decimals else EXACT_RTOL * 10
    values: list[complex] = []
    scale = 0.0
    try:
        with np.errstate(all="ignore"):
            for a, b in paired_samples(rest, rest_expected, options):
                values.extend((a - b).ravel().tolist())
                scale = max(scale, float(np.max(np.abs(b))))
    except (Mismatch, Unsupported):
        return False, ""
    finite = [v for v in values if np.isfinite(v)]
    if not finite:
        return False, ""
    ok = all(abs(v - finite[0]) <= rtol * max(scale, 1.0) for v in finite)
    return ok, ""

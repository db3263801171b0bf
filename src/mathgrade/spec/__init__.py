"""Problem specs: YAML in, frozen `Assignment` out, every mistake reported with file, line and field.

The format is documented in docs/spec.md and published as a JSON Schema (spec/schema.json).
"""

from __future__ import annotations

import hashlib
import os

import math
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from mathgrade.check.choice import colliding_options
from mathgrade.check.options import CheckOptions, Compare, Condition, Kind, Partial
from mathgrade.errors import SpecError
from mathgrade.parse.vocabulary import FUNCTIONS as FUNCTION_NAMES
from mathgrade.spec.declarations import read_domains, read_functions, read_matrices
from mathgrade.spec.variants import VariantSpec, read_variants
from mathgrade.spec.yamlload import line_of, load_yaml

__all__ = ["Assignment", "DerivationText", "Mistake", "Part", "PartValue", "Problem", "SolverCall", "load_spec",
           "parse_spec"]

REVEAL = ("always", "never", "after_due")
_TOP_KEYS = {"id", "title", "reveal", "due", "late", "values", "problems", "symbols", "rtol", "atol", "exact",
             "orientation", "partial", "silent_scale", "functions", "matrices", "domains", "labels", "hints",
             "seed", "imaginary", "matrix_tolerance", "equations", "variants"}
_PROBLEM_KEYS = {"id", "title", "prompt", "parts"}
_PART_KEYS = {"id", "prompt", "points", "kind", "reference", "rtol", "atol", "exact", "orientation", "condition",
              "choices", "synonyms", "alternatives", "accept", "reject", "locate", "symbols", "title", "partial",
              "mistakes", "follow_through", "carry_forms", "silent_scale", "domains", "labels", "hints", "imaginary",
              "matrix_tolerance", "equations", "compare", "min_steps", "forbid"}


@dataclass(frozen=True)
class SolverCall:
    """`solver: NAME, params: {...}`: a reference computed from the assignment's values."""

    name: str
    params: tuple[tuple[str, Any], ...]


@dataclass(frozen=True)
class DerivationText:
    """`reference: {start: TEXT, target: TEXT}`: a derivation of any identity, written out in the spec."""

    start: str
    target: str


@dataclass(frozen=True)
class PartValue:
    """A named value that is the answer to a part: the reference, or with follow-through the student's own."""

    part: str


@dataclass(frozen=True)
class Mistake:
    """An instructor-authored wrong answer (text or solver call) with its feedback and the share it earns."""

    answer: str | SolverCall
    feedback: str
    score: float = 0.0
    code: str = ""


@dataclass(frozen=True)
class Part:
    """One gradable part. `reference` is literal text or a solver call; `text` parts have none."""

    id: str
    problem: str
    prompt: str
    points: float
    kind: Kind
    reference: str | SolverCall | DerivationText | None
    options: CheckOptions
    alternatives: tuple[str, ...] = ()
    accept: tuple[str, ...] = ()
    reject: tuple[str, ...] = ()
    locate: tuple[str, ...] = ()
    mistakes: tuple[Mistake, ...] = ()
    follow_through: tuple[str, ...] = ()
    carry_forms: bool = True
    """Whether earlier answers accepted in a comparison mode (V up to sign) are carried into this part (it must
    agree with them), or only wrong ones (its key answer is right for every form: UΣVᵀ is A)."""
    line: int = 0
    title: str = ""


@dataclass(frozen=True)
class Problem:
    """A problem groups parts under a title and an optional shared prompt."""

    id: str
    title: str
    prompt: str
    parts: tuple[Part, ...]


@dataclass(frozen=True)
class Assignment:
    """A whole assignment: its named values (text, parsed later) and its problems."""

    id: str
    title: str
    file: str
    values: tuple[tuple[str, str | PartValue], ...]
    problems: tuple[Problem, ...]
    reveal: str = "never"
    due: str | None = None
    defaults: CheckOptions = field(default_factory=CheckOptions)
    late_penalty: float = 0.0
    """Share of the score taken from a submission the LMS marks late (`late: {penalty: 10%}`)."""
    variants: VariantSpec | None = None
    """Values drawn per student (spec/variants.py); None: one fixed version for everyone."""

    @property
    def parts(self) -> tuple[Part, ...]:
        return tuple(p for prob in self.problems for p in prob.parts)

    @property
    def max_points(self) -> float:
        return sum(p.points for p in self.parts)

    def part(self, part_id: str) -> Part:
        for p in self.parts:
            if p.id == part_id:
                return p
        raise KeyError(part_id)


class _Reader:
    """Reads one spec, turning every problem into a SpecError with file, line and dotted field."""

    source = ""
    """The spec's text: part of the sample seed, so that editing a spec moves its points."""

    def __init__(self, file: str) -> None:
        self.file = file

    def fail(self, message: str, where: Any, key: Any, path: str) -> SpecError:
        return SpecError(message, file=self.file, line=line_of(where, key), field=path)

    def mapping(self, value: Any, where: Any, key: Any, path: str) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.fail(f"must be a mapping, got {type(value).__name__}", where, key, path)
        return value

    def text(self, m: dict[str, Any], key: str, path: str, *, required: bool = False, default: str = "") -> str:
        if key not in m:
            if required:
                raise self.fail(f"missing required field `{key}`", m, None, path)
            return default
        value = m[key]
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)
        if isinstance(value, date):  # YAML reads 2026-12-01 as a date
            value = value.isoformat()
        if not isinstance(value, str):
            raise self.fail(f"must be text, got {type(value).__name__}", m, key, f"{path}.{key}")
        return value

    def strings(self, m: dict[str, Any], key: str, path: str) -> tuple[str, ...]:
        value = m.get(key, [])
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, (str, int, float)) for v in value):
            raise self.fail("must be a list of text", m, key, f"{path}.{key}")
        return tuple(str(v) for v in value)

    def number(self, m: dict[str, Any], key: str, path: str, default: float | None = None) -> float | None:
        if key not in m:
            return default
        value = m[key]
        if isinstance(value, str):
            try:
                value = float(value)
            except ValueError:
                pass
        if not isinstance(value, (int, float)) or isinstance(value, bool) or not math.isfinite(value):
            raise self.fail(f"must be a (finite) number, got {value!r}", m, key, f"{path}.{key}")
        return float(value)

    def boolean(self, m: dict[str, Any], key: str, path: str, default: bool) -> bool:
        if key not in m:
            return default
        if not isinstance(m[key], bool):  # bool("false") is True: only YAML's true and false are read
            raise self.fail(f"must be true or false, got {m[key]!r}", m, key, f"{path}.{key}")
        return m[key]

    def _forbid(self, m: dict[str, Any], path: str, base: CheckOptions) -> tuple[str, ...]:
        """Function names an answer may not use: declared ones (with ' for a derivative) or built-in ones."""
        names = self.strings(m, "forbid", path)
        known = {f.name for f in base.functions} | set(FUNCTION_NAMES.values())
        for name in names:
            if name.rstrip("'") not in known:
                raise self.fail(f"`{name}` in forbid is not a function answers could use (declared: "
                                f"{', '.join(sorted(f.name for f in base.functions)) or 'none'}; or a built-in "
                                "name such as exp or sin)", m, "forbid", f"{path}.forbid")
        return names

    def keys(self, m: dict[str, Any], allowed: set[str], path: str, where: str) -> None:
        for k in m:
            if k not in allowed:
                raise self.fail(f"unknown field `{k}` {where} (known: {', '.join(sorted(allowed))})", m, k,
                                f"{path}.{k}" if path else str(k))

    def options(self, m: dict[str, Any], path: str, base: CheckOptions, kind: Kind | None) -> CheckOptions:
        symbols = self.mapping(m.get("symbols", {}), m, "symbols", f"{path}.symbols")
        fields: dict[str, Any] = {
            "kind": kind,
            "rtol": self.number(m, "rtol", path, base.rtol),
            "atol": self.number(m, "atol", path, base.atol),
            "exact": self.boolean(m, "exact", path, base.exact),
            "orientation": self.boolean(m, "orientation", path, base.orientation),
            "vectors": base.vectors | frozenset(self.strings(symbols, "vectors", f"{path}.symbols")),
            "variables": base.variables | frozenset(self.strings(symbols, "variables", f"{path}.symbols")),
            "domains": tuple(sorted({**dict(base.domains), **self._domains(symbols, path, base),
                                     **read_domains(m.get("domains"), m, path, self.file, base.functions)}.items())),
            "choices": self.strings(m, "choices", path),
            "synonyms": self._synonyms(m, path),
            "silent_scale": self.text(m, "silent_scale", path, default=base.silent_scale),
            "functions": base.functions, "matrices": base.matrices,
            "labels": tuple(dict.fromkeys(base.labels + self.strings(m, "labels", path))),
            "hints": tuple(sorted({**dict(base.hints), **self._hints(m, path)}.items())),
            "imaginary": self.text(m, "imaginary", path, default=base.imaginary),
            "matrix_tolerance": self.text(m, "matrix_tolerance", path, default=base.matrix_tolerance),
            "equations": self.text(m, "equations", path, default=base.equations),
            "seed": base.seed,
        }
        clash = colliding_options(fields["choices"])
        if clash is not None:
            raise self.fail(f"the options `{clash[0]}` and `{clash[1]}` read as the same answer once spaces, case "
                            "and punctuation are ignored: no answer could tell them apart", m, "choices",
                            f"{path}.choices")
        fields.update(self._partial(m, path, base))
        if "compare" in m:
            fields["compare"] = self._compare(m, path)
        if "forbid" in m:
            fields["forbid"] = self._forbid(m, path, base)
        if "min_steps" in m:
            steps = self.number(m, "min_steps", path)
            if steps is None or steps != int(steps):
                raise self.fail(f"min_steps must be a whole number, got {m['min_steps']!r}", m, "min_steps",
                                f"{path}.min_steps")
            fields["min_steps"] = int(steps)
        if "condition" in m:
            # Any two index names: `i=j`, `k != l`, `a ≠ b`, `p<>q` is not one.
            text = str(m["condition"]).replace(" ", "").replace("≠", "!=")
            pair = re.fullmatch(r"([A-Za-z]+)(=|!=)([A-Za-z]+)", text)
            if text == "any":
                fields["condition"] = Condition.ANY
            elif pair and pair.group(1) != pair.group(3):
                fields["condition"] = Condition.EQUAL if pair.group(2) == "=" else Condition.DIFFERENT
                fields["condition_indices"] = (pair.group(1), pair.group(3))
            else:
                raise self.fail(f"condition must be any, or two index names with = or != (i=j, k!=l); got "
                                f"{m['condition']!r}", m, "condition", f"{path}.condition") from None
        try:
            return CheckOptions(**fields)
        except ValueError as exc:
            bad = ("rtol" if "relative" in str(exc) else "atol" if "absolute" in str(exc)
                   else "min_steps" if "min_steps" in str(exc)
                   else "silent_scale" if "silent_scale" in str(exc) else "partial" if "min_share" in str(exc)
                   else "imaginary" if "imaginary" in str(exc) else "matrix_tolerance" if "matrix_tolerance" in
                   str(exc) else "equations" if "equations" in str(exc) else "symbols")
            raise self.fail(str(exc), m, bad, f"{path}.{bad}") from None

    def _compare(self, m: dict[str, Any], path: str) -> tuple[Compare, ...]:
        modes = self.strings(m, "compare", path)
        try:
            out = tuple(dict.fromkeys(Compare(x.strip()) for x in modes))
        except ValueError:
            raise self.fail(f"compare must be {', '.join(c.value for c in Compare)} (or a list of unordered and "
                            f"one of the others), got {m['compare']!r}", m, "compare", f"{path}.compare") from None
        if Compare.UP_TO_SCALE in out and Compare.UP_TO_SIGN in out:
            raise self.fail("compare: up_to_scale already allows a sign change; give one of the two", m,
                            "compare", f"{path}.compare")
        return out

    def _partial(self, m: dict[str, Any], path: str, base: CheckOptions) -> dict[str, Any]:
        if "partial" not in m:
            return {"partial": base.partial, "min_share": base.min_share}
        raw = m["partial"]
        if isinstance(raw, dict):
            if not raw or set(raw) - {"mode", "min_share"}:
                raise self.fail(f"partial as a mapping takes mode and/or min_share, got {raw!r}", m, "partial",
                                f"{path}.partial")
            share = self.number(raw, "min_share", f"{path}.partial", None)
            mode = raw.get("mode", "min_share" if share is not None else "proportional")
        else:
            mode, share = raw, None
        try:
            partial = Partial(str(mode))
        except ValueError:
            raise self.fail(f"partial must be all_or_nothing, proportional or {{min_share: 0.5}}; got {raw!r}", m,
                            "partial", f"{path}.partial") from None
        return {"partial": partial, "min_share": base.min_share if share is None else share}

    def mistakes(self, m: dict[str, Any], path: str) -> tuple[Mistake, ...]:
        raw = m.get("mistakes", [])
        if not isinstance(raw, list):
            raise self.fail("must be a list of {answer or solver, feedback, score}", m, "mistakes", f"{path}.mistakes")
        out = []
        for n, item in enumerate(raw):
            where = f"{path}.mistakes[{n}]"
            item = self.mapping(item, m, "mistakes", where)
            self.keys(item, {"answer", "solver", "params", "feedback", "score", "code"}, where, "in a mistake")
            if "answer" in item and "solver" in item:
                raise self.fail("a mistake has `answer` or `solver`, not both", item, "solver", f"{where}.solver")
            if "answer" in item:
                answer: str | SolverCall = self.text(item, "answer", where)
            elif "solver" in item:
                params = self.mapping(item.get("params", {}), item, "params", f"{where}.params")
                answer = SolverCall(self.text(item, "solver", where), tuple((str(k), _freeze(v))
                                                                          for k, v in params.items()))
            else:
                raise self.fail("a mistake needs `answer` (text) or `solver`", item, None, where)
            score = self.number(item, "score", where, 0.0) or 0.0
            if not 0 <= score < 1:
                raise self.fail(f"score must be in [0, 1), got {score!r}", item, "score", f"{where}.score")
            out.append(Mistake(answer, self.text(item, "feedback", where, required=True), score,
                               self.text(item, "code", where, default=f"mistake_{n + 1}")))
        return tuple(out)

    def _domains(self, symbols: dict[str, Any], path: str, base: CheckOptions) -> dict[str, Any]:
        self.keys(symbols, {"vectors", "variables", "domains"}, f"{path}.symbols", "in symbols")
        return read_domains(symbols.get("domains"), symbols, f"{path}.symbols", self.file, base.functions)

    def _hints(self, m: dict[str, Any], path: str) -> dict[str, str]:
        """`hints: {missing_sum: "The chain rule sums over every z_k."}`: course text after a diagnosis's own."""
        raw = self.mapping(m.get("hints", {}), m, "hints", f"{path}.hints")
        out = {}
        for code in raw:
            if not re.fullmatch(r"[a-z][a-z0-9_]*", str(code)):
                raise self.fail(f"a hint is keyed by a diagnosis code such as missing_sum, got {code!r}", raw, code,
                                f"{path}.hints.{code}")
            out[str(code)] = self.text(raw, code, f"{path}.hints")
        return out

    def _synonyms(self, m: dict[str, Any], path: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
        raw = self.mapping(m.get("synonyms", {}), m, "synonyms", f"{path}.synonyms")
        return tuple(sorted((str(k), self.strings(raw, k, f"{path}.synonyms")) for k in raw))

    def reference(self, m: dict[str, Any], path: str, kind: Kind) -> str | SolverCall | DerivationText | None:
        if kind is Kind.TEXT:
            if "reference" in m:
                raise self.fail("a text part is graded by hand and has no reference (put a model answer in the "
                                "prompt or in overrides)", m, "reference", f"{path}.reference")
            return None
        if "reference" not in m:
            raise self.fail("missing required field `reference`", m, None, path)
        ref = m["reference"]
        if isinstance(ref, (int, float)) and not isinstance(ref, bool):
            return str(ref)
        if isinstance(ref, str):
            return ref
        ref = self.mapping(ref, m, "reference", f"{path}.reference")
        if "start" in ref or "target" in ref:
            self.keys(ref, {"start", "target"}, f"{path}.reference", "in a derivation reference")
            if kind is not Kind.DERIVATION:
                raise self.fail("`reference: {start, target}` is for `kind: derivation`", m, "reference",
                                f"{path}.reference")
            return DerivationText(self.text(ref, "start", f"{path}.reference", required=True),
                                  self.text(ref, "target", f"{path}.reference", required=True))
        name = self.text(ref, "solver", f"{path}.reference", required=True)
        params = self.mapping(ref.get("params", {}), ref, "params", f"{path}.reference.params")
        return SolverCall(name, tuple((str(k), _freeze(v)) for k, v in params.items()))

    def part(self, m: Any, where: Any, key: Any, path: str, problem: str, base: CheckOptions) -> Part:
        m = self.mapping(m, where, key, path)
        for k in m:
            if k not in _PART_KEYS:
                raise self.fail(f"unknown field `{k}` (known: {', '.join(sorted(_PART_KEYS))})", m, k, f"{path}.{k}")
        part_id = self.text(m, "id", path, required=True)
        kind_text = self.text(m, "kind", path, default="")
        if "kind" in m and not kind_text.strip():
            raise self.fail(f"kind is empty (one of: {', '.join(k.value for k in Kind)}; or leave it out)", m,
                            "kind", f"{path}.kind")
        try:
            kind = Kind(kind_text) if kind_text else None
        except ValueError:
            raise self.fail(f"unknown kind {kind_text!r} (one of: {', '.join(k.value for k in Kind)})", m, "kind",
                            f"{path}.kind") from None
        points = self.number(m, "points", path)
        if points is None or points <= 0:
            raise self.fail(f"points must be a positive number, got {m.get('points')!r}", m,
                            "points" if "points" in m else None, f"{path}.points")
        reference = self.reference(m, path, kind or Kind.EXPRESSION)
        return Part(
            id=part_id, problem=problem, prompt=self.text(m, "prompt", path), points=points,
            kind=kind or Kind.EXPRESSION, reference=reference,
            options=self.options(m, path, base, kind),
            alternatives=self.strings(m, "alternatives", path), accept=self.strings(m, "accept", path),
            reject=self.strings(m, "reject", path), locate=self.strings(m, "locate", path),
            mistakes=self.mistakes(m, path), follow_through=self.strings(m, "follow_through", path),
            carry_forms=self.boolean(m, "carry_forms", path, True), line=line_of(m) or 0, title=self.text(m, "title", path),
        )

    def assignment(self, data: Any) -> Assignment:
        top = self.mapping(data, None, None, "(top level)")
        self.keys(top, _TOP_KEYS, "", "at the top level")
        assignment_id = self.text(top, "id", "(top level)", required=True)
        reveal = self.text(top, "reveal", "(top level)", default="never")
        if reveal not in REVEAL:
            raise self.fail(f"reveal must be one of {', '.join(REVEAL)}; got {reveal!r}", top, "reveal", "reveal")
        values = self.mapping(top.get("values", {}), top, "values", "values")
        parsed_values: list[tuple[str, str | PartValue]] = []
        for name, text in values.items():
            if not str(name).replace("_", "").isalnum():
                raise self.fail("a value's name must be letters, digits and _", values, name, f"values.{name}")
            if isinstance(text, dict) and set(text) == {"part"}:
                parsed_values.append((str(name), PartValue(str(text["part"]))))
            elif isinstance(text, (str, int, float)) and not isinstance(text, bool):
                parsed_values.append((str(name), str(text)))
            else:
                raise self.fail("each value must be `Name: expression text` or `Name: {part: ID}`", values, name,
                                f"values.{name}")
        due = self.text(top, "due", "(top level)") or None
        if due is not None:
            try:
                due = date.fromisoformat(due).isoformat()  # stored as YYYY-MM-DD: reveal compares it as text
            except ValueError:
                raise self.fail(f"due must be a date such as 2026-12-01, got {due!r}", top, "due", "due") from None
        elif reveal == "after_due":
            raise self.fail("reveal: after_due needs a `due` date", top, "reveal", "reveal")
        matrices = read_matrices(top.get("matrices"), top, self.file)
        functions = read_functions(top.get("functions"), top, self.file, matrices)
        for name, _ in matrices:
            if name in values:
                raise self.fail(f"{name!r} is both a value and a matrix symbol", top.get("matrices"), name,
                                f"matrices.{name}")
        labels = tuple(w for f in functions for w in f.words)
        base = self.options(top, "(top level)", CheckOptions(functions=functions, matrices=matrices, labels=labels,
                                                             seed=self._seed(top, assignment_id)), None)
        for name, _ in matrices:
            if name in base.vectors:  # two readings of one name: a random 3-vector or a matrix of its shape
                raise self.fail(f"{name!r} is both in symbols.vectors and a matrix symbol: declare it once",
                                top.get("matrices"), name, f"matrices.{name}")
        problems_raw = top.get("problems")
        if not isinstance(problems_raw, list) or not problems_raw:
            raise self.fail("`problems` must be a non-empty list", top, "problems", "problems")
        problems: list[Problem] = []
        seen: dict[str, str] = {}
        for n, raw in enumerate(problems_raw):
            path = f"problems[{n}]"
            pm = self.mapping(raw, top, "problems", path)
            self.keys(pm, _PROBLEM_KEYS, path, "in a problem")
            pid = self.text(pm, "id", path, required=True)
            if pid in {p.id for p in problems}:
                raise self.fail(f"duplicate problem id {pid!r}", pm, "id", f"{path}.id")
            parts_raw = pm.get("parts")
            if not isinstance(parts_raw, list) or not parts_raw:
                raise self.fail("`parts` must be a non-empty list", pm, "parts", f"{path}.parts")
            parts = []
            for q, praw in enumerate(parts_raw):
                part = self.part(praw, pm, "parts", f"{path}.parts[{q}]", pid, base)
                if part.id in seen:
                    raise self.fail(f"duplicate part id {part.id!r} (also in {seen[part.id]})", praw, "id",
                                    f"{path}.parts[{q}].id")
                seen[part.id] = f"{path}.parts[{q}]"
                parts.append(part)
            problems.append(Problem(pid, self.text(pm, "title", path), self.text(pm, "prompt", path), tuple(parts)))
        self._check_links(problems, parsed_values, top)
        variants = (read_variants(top["variants"], top, self.file, {n for n, _ in parsed_values})
                    if "variants" in top else None)
        return Assignment(
            id=assignment_id, title=self.text(top, "title", "(top level)", default=assignment_id), file=self.file,
            values=tuple(parsed_values), problems=tuple(problems), reveal=reveal, due=due, defaults=base,
            late_penalty=self._late(top), variants=variants,
        )


    def _seed(self, top: Any, assignment_id: str) -> int:
        """The assignment's sample-point seed: from its id, the spec's own text and, when set, the spec's `seed:`
        and the course secret in MATHGRADE_SEED_SECRET. Never the same for two assignments, never 0, and not
        computable from the public source alone once a `seed:` or secret is set."""
        raw = top.get("seed", "")
        if isinstance(raw, bool) or not isinstance(raw, (str, int)):
            raise self.fail(f"seed must be a number or a word, got {raw!r}", top, "seed", "seed")
        secret = os.environ.get("MATHGRADE_SEED_SECRET", "")
        digest = hashlib.sha256("\x00".join((assignment_id, str(raw), secret, self.source)).encode("utf-8"))
        return int.from_bytes(digest.digest()[:7], "big") or 1

    def _late(self, top: Any) -> float:
        if "late" not in top:
            return 0.0
        late = self.mapping(top["late"], top, "late", "late")
        self.keys(late, {"penalty"}, "late", "in late")
        raw = late.get("penalty", 0)
        text = str(raw).strip()
        try:
            value = float(text[:-1]) / 100 if text.endswith("%") else float(text)
        except ValueError:
            value = -1.0
        if not 0 <= value <= 1:
            raise self.fail(f"late penalty must be a share from 0 to 1 or a percentage, got {raw!r}", late,
                            "penalty", "late.penalty")
        return value

    def _check_links(self, problems: list[Problem], values: list[tuple[str, str | PartValue]], top: Any) -> None:
        order = [p.id for prob in problems for p in prob.parts]
        for name, value in values:
            if isinstance(value, PartValue) and value.part not in order:
                raise self.fail(f"value {name!r} names part {value.part!r}, which does not exist", top.get("values"),
                                name, f"values.{name}")
        for prob in problems:
            for part in prob.parts:
                for source in part.follow_through:
                    if source not in order or order.index(source) >= order.index(part.id):
                        raise SpecError(f"follow_through names {source!r}, which is not an earlier part",
                                        file=self.file, line=part.line, field=f"parts.{part.id}.follow_through")
                    if not any(isinstance(v, PartValue) and v.part == source for _, v in values):
                        # The student's answer reaches a reference only through such a value: without one,
                        # follow-through would silently do nothing.
                        raise SpecError(f"follow_through names {source!r}, but no value is `{{part: {source}}}`: "
                                        f"add one under `values` and use it in this part's reference",
                                        file=self.file, line=part.line, field=f"parts.{part.id}.follow_through")


def _freeze(value: Any) -> Any:
    if isinstance(value, list):
        return tuple(_freeze(v) for v in value)
    if isinstance(value, dict):
        return tuple((str(k), _freeze(v)) for k, v in value.items())
    return value


def parse_spec(text: str, file: str = "<spec>") -> Assignment:
    """Read a spec from YAML text. Raises SpecError naming file, line and field."""
    reader = _Reader(file)
    reader.source = text
    return reader.assignment(load_yaml(text, file))


def load_spec(path: str | Path) -> Assignment:
    """Read a spec file. Raises SpecError (also for a file that cannot be read)."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise SpecError(f"cannot read the spec: {exc}", file=str(path)) from None
    return parse_spec(text, str(path))

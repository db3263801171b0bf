"""Hostile input: injections, resource bombs, control characters, confusables. Each gets a verdict, fast, and
nothing runs: a canary file that any executed payload would create never appears."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import pytest

from mathgrade.check import CheckOptions, Kind, Status, check
from mathgrade.cli import main

CANARY = Path("/tmp/mathgrade-hostile-canary")
SRC = Path(__file__).resolve().parents[2] / "src"

INJECTIONS = [
    f"__import__('os').system('touch {CANARY}')", f"__import__(\"os\").system(\"touch {CANARY}\")",
    f"open('{CANARY}', 'w')", f"exec(\"open('{CANARY}','w')\")", f"eval(\"open('{CANARY}','w')\")",
    "().__class__.__bases__[0].__subclasses__()", "''.__class__.__mro__[1].__subclasses__()",
    "Symbol('x').__class__", "x.__class__.__init__.__globals__", "lambda: 1", "lambda x: x",
    "(lambda: __import__('os'))()", "[c for c in ().__class__.__base__.__subclasses__()]",
    "{0.__class__}", "{x.__dict__}", "%s%s%s%n", "{0!r:>{1}}", "f'{__import__(\"os\")}'", "globals()",
    "locals()", "vars()", "dir()", "getattr(x, '__class__')", "setattr(x, 'y', 1)", "compile('1', 's', 'eval')",
    "breakpoint()", "input()", "print(1)", "import os", "from os import system", "os.system('ls')",
    "subprocess.run(['ls'])", "sympy.sympify('1')", "Integer(1).__reduce__()", "S('x')", "Function('f')(x)",
    "sys.exit(0)", "__builtins__", "__import__", "_", "__", "x.__len__", "raise SystemExit", "yield 1",
    "system(\"ls\")", "system(\"rm -rf /\")", ":lisp (run-shell-command \"ls\")", "batch(\"x.mac\")",
    "load(\"/etc/passwd\")", "ev(x, infeval)", "apply(system, [\"ls\"])", "?system", "printfile(\"/etc/passwd\")",
    "\\input{/etc/passwd}", "\\include{secret}", "\\write18{rm -rf /}", "\\immediate\\write18{ls}",
    "\\def\\x{\\x}\\x", "\\newcommand{\\a}{\\a}\\a", "\\renewcommand{\\frac}{x}", "\\catcode`\\^=7",
    "\\csname foo\\endcsname", "\\openout1=x", "\\read16 to \\x", "\\expandafter\\x", "\\let\\a\\b",
    "\\href{javascript:alert(1)}{x}", "\\url{file:///etc/passwd}", "\\usepackage{shellesc}",
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "javascript:alert(1)", "{{ 7*7 }}",
    "{% for x in range(9999999) %}{% endfor %}", "${7*7}", "#{7*7}", "`ls`", "$(ls)", "; rm -rf /",
    "' OR 1=1 --", "Robert'); DROP TABLE results;--", "../../etc/passwd", "\\\\server\\share",
]
BOMBS = [
    "9^9^9^9", "10^10^10", "2^(10^100)", "2**2**2**2**2**2", "1000000!", "(10^6)!", "9!!!!", "10^1000000",
    "1" * 100, "9" * 5000, "1e999999", "1e-999999", "(" * 5000 + "1" + ")" * 5000, "-" * 5000 + "1",
    "1+" * 30000 + "1", "x" * 100_000, "x^" * 3000 + "2", "\\sqrt{" * 2000 + "2" + "}" * 2000,
    "\\frac{" * 2000 + "1}{2}" * 2000, "sum_{j=1}^{10^9} j", "\\sum_{j=1}^{1000000000} j^2",
    "[" + ",".join(["1"] * 10000) + "]", "[" + ";".join([" ".join(["1"] * 100)] * 100) + "]",
    "det([" + "; ".join(" ".join(f"x{i}{j}" for j in range(7)) for i in range(7)) + "])",
    "[[a,b,c,d],[e,f,g,h],[i,j,k,l],[m,n,o,p]]^10", "exp(exp(exp(exp(100))))", "10^(10^(10^10))",
    "x_{abcdefghijklmnopqrstuvwxyz}", "y_{ijklmnopq} y_{rstuvw}", "\\begin{bmatrix}" + "1&" * 5000 + "1\\end{bmatrix}",
]
CONTROL = [
    "x\x00", "\x00", "1\x00+1", "\x1b[31mred", "\x1b]0;title\x07", "x\u202e1", "\u202ex+1\u202c", "x\u200b+1",
    "x\u200d", "\ufeff1", "1\u2028+1", "\x7f", "\x08\x08\x08", "\r\n\r\n", "x\u0301", "\ud7ff", "x\u2066y\u2069",
    "\u061c1", "1\u00a0+\u00a01", "\t\t\t",
]
CONFUSABLES = [
    "\u0445", "\u0445 + 1", "\u0430", "\uff11\uff12", "\u0391 + 1", "\u2212\u2212", "\U0001d465", "\u2170",
    "1\u20442", "\u01c3", "\u2024", "\u037e", "\u0399", "\u217d", "\u0280", "\u1d00",
]
WRAPPERS = ["{}", "${}$", "[{}, 1]", "x + {}", "\\frac{{{}}}{{2}}"]

CORPUS = [(f"inject-{k}", s) for k, s in enumerate(INJECTIONS)]
CORPUS += [(f"inject-{k}-wrapped{w}", WRAPPERS[w].format(s)) for k, s in enumerate(INJECTIONS[:25])
           for w in range(1, len(WRAPPERS))]
CORPUS += [(f"bomb-{k}", s) for k, s in enumerate(BOMBS)]
CORPUS += [(f"control-{k}", s) for k, s in enumerate(CONTROL)]
CORPUS += [(f"confusable-{k}", s) for k, s in enumerate(CONFUSABLES)]


def test_corpus_is_large() -> None:
    assert len(CORPUS) >= 200


@pytest.fixture(autouse=True, scope="module")
def canary():
    CANARY.unlink(missing_ok=True)
    yield
    assert not CANARY.exists(), "a payload ran: the canary file exists"


@pytest.mark.parametrize("text", [t for _, t in CORPUS], ids=[i for i, _ in CORPUS])
@pytest.mark.parametrize("expected,kind", [("x + 1", None), ("[[1, 2], [3, 4]]", Kind.MATRIX),
                                           ("y_i(delta_ij - y_j)", Kind.INDEXED)], ids=["expr", "matrix", "indexed"])
def test_hostile_answer_gets_a_verdict_fast(text: str, expected: str, kind: Kind | None) -> None:
    options = CheckOptions(kind=kind, domains=(("y", "softmax"),)) if kind else CheckOptions()
    started = time.perf_counter()
    verdict = check(text, expected, options)
    elapsed = time.perf_counter() - started
    assert verdict.status in (Status.INVALID, Status.INCORRECT), (text[:80], verdict)
    assert verdict.feedback
    assert elapsed < 1.0, f"{elapsed:.2f} s for {text[:60]!r}"
    assert not CANARY.exists()


def test_hostile_batch_through_the_cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lines = [json.dumps({"id": n, "answer": text, "expected": "x + 1"}) for n, (_, text) in enumerate(CORPUS)]
    lines += ["{\"id\": \"bad\", \"answer\": {\"__class__\": 1}, \"expected\": \"1\"}", "[1, 2, 3]", "\x00\x00"]
    batch = tmp_path / "hostile.jsonl"
    batch.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert main(["check", "--batch", str(batch)]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(rows) == len(lines)
    assert {r["status"] for r in rows} <= {"invalid", "incorrect", "error"}
    assert [r["status"] for r in rows[-3:]] == ["error", "error", "error"]
    assert not CANARY.exists()


# `yaml.load` passes only with a safe loader named on the same line, so a reader can see it builds no objects.
EVAL_PATH = re.compile(r"\b(eval|exec)\(|sympify\(|parse_expr\(|parse_latex\(|lambdify\(|"
                       r"yaml\.load\((?![^)]*Loader=yaml\.C?SafeLoader\))|yaml\.unsafe_load|pickle\.loads?\(|__import__\(")


@pytest.mark.parametrize("line, forbidden", [
    ("x = eval(text)", True),
    ("sympy.sympify(answer)", True),
    ("data = yaml.load(text)", True),
    ("data = yaml.load(text, Loader=yaml.Loader)", True),
    ("data = yaml.load(text, Loader=yaml.UnsafeLoader)", True),
    ("data = yaml.load(text, Loader=loader)", True),
    ("data = yaml.unsafe_load(text)", True),
    ("pickle.loads(blob)", True),
    ("data = yaml.load(text, Loader=yaml.CSafeLoader)", False),
    ("data = yaml.load(text, Loader=yaml.SafeLoader)", False),
    ("data = yaml.safe_load(text)", False),
    ("evaluate(text)", False),
], ids=lambda v: v if isinstance(v, str) else None)
def test_the_eval_path_pattern(line: str, forbidden: bool) -> None:
    """The source scan below catches each unsafe spelling and lets the safe loaders through."""
    assert bool(EVAL_PATH.search(line)) is forbidden


def test_source_has_no_eval_path() -> None:
    """No call that executes or trusts text anywhere in the package."""
    pattern = EVAL_PATH
    hits = []
    for path in SRC.rglob("*.py"):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            code = line.split("#", 1)[0]
            if pattern.search(code):
                hits.append(f"{path.relative_to(SRC)}:{n}: {line.strip()}")
    assert hits == []

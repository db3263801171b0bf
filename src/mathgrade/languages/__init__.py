"""The words of the languages students write in, as data: one YAML file per language in this folder.

A student in Budapest writes "Feladat 3", "tükrözés" and "az óramutató járásával ellentétesen 45 fokkal"; one in
Zagreb "Zadatak 3", "zrcaljenje" and "suprotno od kazaljke na satu". The readers (labels, choices, rotation
sentences) know English in their own grammar; every other language is a file here, so that adding one is writing
its words, not editing a reader. Each file names its language and lists, for each concept, how students write it:

    name: Hungarian
    problem: [Feladat, Fel.]          # before a problem's number: "Feladat 3"
    problem_after: [feladat]          # after it, where the language puts it there: "3. feladat"
    part: [rész]                      # before a part's letter: "rész b)"
    part_letters: []                  # the alphabet's first letters, where parts are lettered in it: ก ข ค ง → a b c d
    answer: [Válasz, Eredmény]        # a table's answer column: | Feladat | Válasz |
    copula: [egyenlő]                 # "is", "equals" before a value: "a rang egyenlő 1", "el rang és 1", "ранг равен 1"
    kinds: {reflection: [tükrözés], rotation: [forgatás], ...}   # map kinds and shapes, read as choice words
    negations: [nem]                  # "nem tükrözés": a word that turns a choice into its opposite
    negations_after: []               # the same after the word, where a language puts it there: "yansıma değil"
    rotation:
      counterclockwise: [óramutató járásával ellentétes*]
      clockwise: [...]
      degrees: [fok*]                 # after an angle's number: "45 fokkal"
      degrees_before: []              # before it, where a language puts it there: "digrii 90", "අංශක 90"
      no_scale: [nincs nyújtás]       # "without scaling", "lengths unchanged"
      scale: [nyújt*]                 # a word that says a scale is being stated
      scale_by: [nyújtás mértéke]     # the words right before the factor: "nyújtás mértéke 2"
      times: [szer, szor, szörös*]    # right after it: "2-szer", "2 razy", "de 2 ori", "2krát"
      doubles: [kétszeres*]           # a scale said in words
      triples: [], halves: []
      axis: []                        # the word for an axis before its letter: "eix z", "ass z"
      axis_after: [tengely*]          # after it: "z-tengely körül", "z ašį", "z ekseni"
    examples:                         # sentences with what must be read from them; the tests check every one
      - {text: "az óramutató járásával ellentétesen 45 fokkal", angle: 45, direction: counterclockwise}
      - {text: "Feladat 3", problem: "3"}
      - {text: "tükrözés", kind: reflection}

A phrase is words separated by spaces (any run of white space between them matches); a word ending in `*` matches
any ending ("nyújt*": nyújtás, nyújtja). Words in scripts written with spaces (Latin, Greek, Cyrillic) match whole
words only; in scripts that do not mark word ends (Chinese, Japanese, Thai) or attach particles and articles
(Korean, Arabic, Hebrew, Devanagari) they match anywhere. A phrase that needs more than that is a regular expression
after `re:`; it may not repeat a group (`(…)*`, `(…)+`), so no pattern here can backtrack without bound on a
hostile line.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

import yaml

KINDS = ("reflection", "rotation", "shear", "projection", "scaling", "rectangle", "square", "rhombus",
         "parallelogram", "trapezoid")
"""The concepts a `kinds` table may name: map kinds and quadrilaterals, read as choice words."""

ROTATION = ("counterclockwise", "clockwise", "degrees", "degrees_before", "no_scale", "scale", "scale_by", "times", "doubles",
            "triples", "halves", "axis", "axis_after")
"""The concepts a `rotation` table may name."""

_TOP = ("name", "problem", "problem_after", "part", "part_letters", "answer", "copula", "kinds", "negations", "negations_after", "rotation", "examples")
_EXAMPLE_KEYS = ("text", "angle", "direction", "scale", "problem", "sub", "kind")


@dataclass(frozen=True)
class Example:
    """A sentence with what a reader must take from it (None: not checked)."""

    text: str
    angle: float | None = None
    direction: str | None = None
    scale: float | None = None
    problem: str | None = None
    sub: str | None = None
    kind: str | None = None


@dataclass(frozen=True)
class Language:
    """One language's words, concept by concept (phrases in the syntax above)."""

    code: str
    name: str
    problem: tuple[str, ...] = ()
    problem_after: tuple[str, ...] = ()
    part: tuple[str, ...] = ()
    part_letters: tuple[str, ...] = ()
    answer: tuple[str, ...] = ()
    copula: tuple[str, ...] = ()
    kinds: tuple[tuple[str, tuple[str, ...]], ...] = ()
    negations: tuple[str, ...] = ()
    negations_after: tuple[str, ...] = ()
    rotation: tuple[tuple[str, tuple[str, ...]], ...] = ()
    examples: tuple[Example, ...] = field(default=())

    def rotation_words(self, concept: str) -> tuple[str, ...]:
        """The phrases of one `rotation` concept."""
        return dict(self.rotation).get(concept, ())


class LanguageError(ValueError):
    """A language file that does not follow the format above (a mistake of ours, caught by the tests)."""


_QUANTIFIED_GROUP = re.compile(r"\)[*+{]")
# Scripts whose words are not separated by spaces, or carry particles and articles glued to them: no word
# boundary is asked for there, and a choice word is looked for inside a run of them.
UNSPACED = re.compile(r"[\u0590-\u08ff\u0900-\u0dff\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u1100-\u11ff\u2e80-\ua4cf\uac00-\ud7ff"
                       r"\uf900-\ufaff\uff00-\uffef]")


MARKS = ("\u0300-\u036f\u0483-\u0489\u0610-\u061a\u06d6-\u06ed"
         "\u0900-\u0903\u093a-\u094f\u0951-\u0957\u0962\u0963\u0981-\u0983\u09bc-\u09d7\u09e2\u09e3"
         "\u0a01-\u0a03\u0a3c-\u0a51\u0a81-\u0a83\u0abc-\u0acd\u0b01-\u0b03\u0b3c-\u0b57\u0b82\u0bbe-\u0bcd"
         "\u0c00-\u0c04\u0c3e-\u0c56\u0c81-\u0c83\u0cbc-\u0cd6\u0d00-\u0d03\u0d3b-\u0d57\u0dca-\u0ddf"
         "\u0e31\u0e34-\u0e3a\u0e47-\u0e4e\u0eb1\u0eb4-\u0ebc\u0ec8-\u0ecd\u102b-\u103e\u17b4-\u17d3"
         "\u135d-\u135f\u3099\u309a")
"""Vowel signs and tone marks (Thai, Devanagari, Bengali, Tamil, Myanmar): characters a regular
expression's \\w does not count as letters, but that belong to the word they are written in (a character class)."""


def _bounded(char: str) -> bool:
    return unicodedata.category(char)[0] in "LN" and not UNSPACED.match(char)


def pattern(phrase: str, open_end: bool = False, open_start: bool = False) -> str:
    """The regular expression (source) for one phrase of a language file; with `open_end`, a word may follow
    without a space ("Feladat3", as a label is typed); with `open_start`, one may stand before it ("2krát")."""
    if phrase.startswith("re:"):
        source = phrase[3:].strip()
        if _QUANTIFIED_GROUP.search(source):
            raise LanguageError(f"{phrase!r}: a repeated group can backtrack without bound; list the spellings")
        re.compile(source)
        return source
    words = phrase.split()
    if not words:
        raise LanguageError("an empty phrase")
    parts = [re.escape(w[:-1]) + r"\w*" if w.endswith("*") and len(w) > 1 else re.escape(w) for w in words]
    source = r"\s+".join(parts)
    if not open_start and _bounded(phrase[0]):
        source = r"\b" + source
    if not open_end and not phrase.endswith("*") and _bounded(phrase[-1]):
        source += r"\b"
    return source


def alternation(phrases: tuple[str, ...] | list[str], open_end: bool = False, open_start: bool = False) -> str:
    """One group matching any of the phrases, the longest first (so "u smjeru suprotno…" wins over "u smjeru")."""
    unique = sorted(set(phrases), key=lambda p: (-len(p), p))
    return "(?:" + "|".join(pattern(p, open_end, open_start) for p in unique) + ")" if unique else "(?!)"


def _strings(value: Any, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise LanguageError(f"{where}: a list of phrases is expected")
    for v in value:
        pattern(v)
    return tuple(v.strip() for v in value)


def _letters(value: Any, where: str) -> tuple[str, ...]:
    letters = _strings(value, where)
    if len(letters) > 8 or any(len(x) > 3 or x.startswith("re:") or x.isascii() for x in letters):
        raise LanguageError(f"{where}: up to eight letters of the language's alphabet, standing for a to h")
    return letters


def _table(value: Any, allowed: tuple[str, ...], where: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    if value is None:
        return ()
    if not isinstance(value, dict):
        raise LanguageError(f"{where}: a table of concepts is expected")
    unknown = sorted(set(value) - set(allowed))
    if unknown:
        raise LanguageError(f"{where}: unknown concept {unknown[0]!r} (known: {', '.join(allowed)})")
    return tuple((k, _strings(value[k], f"{where}.{k}")) for k in allowed if k in value)


def _example(value: Any, where: str) -> Example:
    if not isinstance(value, dict) or not isinstance(value.get("text"), str):
        raise LanguageError(f"{where}: an example needs a text")
    unknown = sorted(set(value) - set(_EXAMPLE_KEYS))
    if unknown:
        raise LanguageError(f"{where}: unknown key {unknown[0]!r}")
    if value.get("kind") is not None and value["kind"] not in KINDS:
        raise LanguageError(f"{where}: unknown kind {value['kind']!r}")
    return Example(text=value["text"], angle=value.get("angle"), direction=value.get("direction"),
                   scale=value.get("scale"), problem=None if value.get("problem") is None else str(value["problem"]),
                   sub=value.get("sub"), kind=value.get("kind"))


def parse_language(code: str, data: Any) -> Language:
    """A language from the contents of its file; LanguageError names the file and the field at fault."""
    where = f"languages/{code}.yaml"
    if not isinstance(data, dict) or not isinstance(data.get("name"), str):
        raise LanguageError(f"{where}: a table with the language's name is expected")
    unknown = sorted(set(data) - set(_TOP))
    if unknown:
        raise LanguageError(f"{where}: unknown field {unknown[0]!r}")
    examples = data.get("examples") or []
    if not isinstance(examples, list):
        raise LanguageError(f"{where}.examples: a list is expected")
    return Language(code=code, name=data["name"], problem=_strings(data.get("problem"), f"{where}.problem"),
                    problem_after=_strings(data.get("problem_after"), f"{where}.problem_after"),
                    part=_strings(data.get("part"), f"{where}.part"),
                    part_letters=_letters(data.get("part_letters"), f"{where}.part_letters"),
                    answer=_strings(data.get("answer"), f"{where}.answer"),
                    copula=_strings(data.get("copula"), f"{where}.copula"),
                    kinds=_table(data.get("kinds"), KINDS, f"{where}.kinds"),
                    negations=_strings(data.get("negations"), f"{where}.negations"),
                    negations_after=_strings(data.get("negations_after"), f"{where}.negations_after"),
                    rotation=_table(data.get("rotation"), ROTATION, f"{where}.rotation"),
                    examples=tuple(_example(e, f"{where}.examples[{i}]") for i, e in enumerate(examples)))


def _load() -> tuple[Language, ...]:
    found = []
    for entry in sorted(resources.files(__name__).iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".yaml"):
            found.append(parse_language(entry.name[:-5], _safe_yaml(entry.read_text(encoding="utf-8"))))
    return tuple(found)


def _safe_yaml(text: str) -> Any:
    # Our own package data, never student text, read with a safe loader (no Python objects). The C loader
    # reads the 62 files in 0.03 s, the pure-Python one in 0.28 s, which every `mathgrade` process would pay.
    # (Not the spec loader: it lives in mathgrade.spec, which imports the checkers, which import this module.)
    try:
        return yaml.load(text, Loader=yaml.CSafeLoader)
    except AttributeError:  # PyYAML built without libyaml
        return yaml.load(text, Loader=yaml.SafeLoader)


LANGUAGES: tuple[Language, ...] = _load()
"""Every language file, in the order of their codes."""


def phrases(concept: str) -> tuple[str, ...]:
    """Every language's phrases for a top-level concept (`problem`, `part`, `negations`) or a rotation concept."""
    out: list[str] = []
    for lang in LANGUAGES:
        out.extend(getattr(lang, concept) if concept in ("problem", "problem_after", "part", "answer", "copula", "negations", "negations_after")
                   else
                   lang.rotation_words(concept))
    return tuple(out)


def part_letters() -> dict[str, str]:
    """Every language's part letters, each with the Latin letter it stands for (ก → a, ข → b); a letter two
    languages give different places is left out."""
    seen: dict[str, set[str]] = {}
    for lang in LANGUAGES:
        for n, letter in enumerate(lang.part_letters):
            seen.setdefault(letter, set()).add("abcdefgh"[n])
    return {k: next(iter(v)) for k, v in seen.items() if len(v) == 1}


def kind_words(kind: str) -> tuple[str, ...]:
    """Every language's words for a map kind or shape."""
    return tuple(w for lang in LANGUAGES for k, words in lang.kinds if k == kind for w in words)

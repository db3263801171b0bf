"""The language files (mathgrade/languages/*.yaml): each loads, each phrase compiles to a pattern that cannot
backtrack without bound, and every example sentence a file gives is read as it says, by the same readers that
grade documents (labels, choice words, rotation sentences)."""

from __future__ import annotations

import re

import pytest

from mathgrade.check.choice import check_choice
from mathgrade.check.options import CheckOptions
from mathgrade.check.rotation import read_rotation
from mathgrade.check.verdict import Status
from mathgrade.documents.labels import read_label
from mathgrade.languages import KINDS, LANGUAGES, LanguageError, alternation, parse_language, pattern

EXAMPLES = [(lang.code, n, ex) for lang in LANGUAGES for n, ex in enumerate(lang.examples)]


def test_every_language_gives_examples():
    # a file without examples is words nobody has seen read
    assert LANGUAGES, "no language files were found"
    bare = [lang.code for lang in LANGUAGES if not lang.examples]
    assert not bare


@pytest.mark.parametrize("code,n,example", [e for e in EXAMPLES if e[2].angle is not None or e[2].direction
                                            or e[2].scale is not None],
                         ids=lambda v: v if isinstance(v, str) else None)
def test_rotation_examples(code, n, example):
    got = read_rotation(example.text)
    if example.angle is not None:
        assert got.angle is not None and abs(got.angle - example.angle) < 1e-6, got
    if example.direction is not None:
        assert got.direction == example.direction, got
    if example.scale is not None:
        assert got.scale is not None and abs(got.scale - example.scale) < 1e-9, got
    assert not got.conflict, got


@pytest.mark.parametrize("code,n,example", [e for e in EXAMPLES if e[2].problem or e[2].sub],
                         ids=lambda v: v if isinstance(v, str) else None)
def test_label_examples(code, n, example):
    label, _ = read_label(example.text)
    assert label is not None
    assert (label.problem, label.sub) == (example.problem, example.sub)


@pytest.mark.parametrize("code,n,example", [e for e in EXAMPLES if e[2].kind],
                         ids=lambda v: v if isinstance(v, str) else None)
def test_kind_examples(code, n, example):
    # the word is read as its kind among all of them, and as no other
    options = CheckOptions(choices=KINDS)
    assert check_choice(example.text, example.kind, options).status is Status.CORRECT
    other = next(k for k in KINDS if k != example.kind)
    assert check_choice(example.text, other, options).status is not Status.CORRECT


@pytest.mark.parametrize("phrase,matches,misses", [
    ("fok*", ["fok", "fokkal", "FOKOS"], ["nefok", "f ok"]),
    ("nincs nyújtás", ["nincs  nyújtás", "nincs\nnyújtás"], ["nincsnyújtás", "nincs nyújtása"]),
    ("逆时针", ["逆时针旋转", "按逆时针"], ["顺时针"]),
    ("반시계 방향", ["반시계 방향으로"], ["시계 방향"]),
    ("re:óramutató(?:\\s+járásával|val)\\s+ellentétes\\w*", ["óramutatóval ellentétesen"], ["óramutató ellen"]),
], ids=["ending", "two-words", "chinese-anywhere", "korean-particle", "raw"])
def test_phrase_patterns(phrase, matches, misses):
    compiled = re.compile(alternation([phrase]), re.I)
    assert all(compiled.search(m) for m in matches)
    assert not any(compiled.search(m) for m in misses)


@pytest.mark.parametrize("data,field", [
    ({"problem": ["Feladat"]}, "name"),
    ({"name": "X", "problme": ["Feladat"]}, "problme"),
    ({"name": "X", "kinds": {"reflexion": ["tükrözés"]}}, "reflexion"),
    ({"name": "X", "rotation": {"clockwise": "óramutató"}}, "clockwise"),
    ({"name": "X", "rotation": {"clockwise": ["re:(ab+)+"]}}, "backtrack"),
    ({"name": "X", "rotation": {"clockwise": ["re:(unclosed"]}}, "unclosed"),
    ({"name": "X", "examples": [{"text": "a", "kind": "spiral"}]}, "spiral"),
    ({"name": "X", "examples": [{"angle": 3}]}, "text"),
], ids=["no-name", "misspelt-field", "unknown-kind", "not-a-list", "repeated-group", "bad-regex", "unknown-example-kind",
        "example-without-text"])
def test_bad_language_files_are_refused(data, field):
    with pytest.raises((LanguageError, re.error)) as caught:
        parse_language("xx", data)
    assert field in str(caught.value) or isinstance(caught.value, re.error)


def test_every_phrase_is_bounded():
    # no language file may hold a quantified group: the structural guarantee against catastrophic backtracking
    for lang in LANGUAGES:
        for phrase in (*lang.problem, *lang.part, *lang.negations, *(p for _, ps in lang.rotation for p in ps)):
            assert not re.search(r"\)[*+{]", pattern(phrase)), (lang.code, phrase)

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
from mathgrade.documents.labels import latin_part_letters, read_label
from mathgrade.languages import KINDS, LANGUAGES, LanguageError, alternation, parse_language, pattern

P = pytest.param
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


@pytest.mark.parametrize("text,expected,status", [
    # words of unspaced scripts are found inside a run of them, and what stands between them is a word of its own
    P("这是反射", "reflection", Status.CORRECT, id="zh-glued"),
    P("这是旋转", "reflection", Status.INCORRECT, id="zh-glued-other-kind"),
    P("不是反射", "reflection", Status.INVALID, id="zh-negation-before"),
    P("これは鏡映です", "reflection", Status.CORRECT, id="ja-glued"),
    P("反射ではない", "reflection", Status.INVALID, id="ja-negation-after"),
    P("반사이다", "reflection", Status.CORRECT, id="ko-particle"),
    P("반사가 아니다", "reflection", Status.INVALID, id="ko-negation-after"),
    # Thai vowel signs belong to their word
    P("สี่เหลี่ยมผืนผ้า", "rectangle", Status.CORRECT, id="th-marks"),
    P("ไม่ใช่การสะท้อน", "reflection", Status.INVALID, id="th-negation-glued"),
    # a negation after the word, where the language puts it there
    P("yansıma değil", "reflection", Status.INVALID, id="tr-degil"),
    P("yansıma", "reflection", Status.CORRECT, id="tr-plain"),
    P("bu bir dönme değil, yansıma", "reflection", Status.CORRECT, id="tr-denied-other-clause"),
    # a verb or an article between the negation and the word it denies
    P("não é uma rotação, é uma reflexão", "reflection", Status.CORRECT, id="pt-verb-article"),
    P("no es un cuadrado sino un rombo", "rhombus", Status.CORRECT, id="es-sino"),
    P("to nie jest odbicie, tylko obrót", "rotation", Status.CORRECT, id="pl-nie-jest"),
    P("nu este reflexie, ci rotație", "rotation", Status.CORRECT, id="ro-nu-este"),
    P("not even a rotation, a shear", "shear", Status.CORRECT, id="en-not-even-a"),
    P("it is not a reflection", "reflection", Status.INVALID, id="en-denied"),
    P("a reflection, not a rotation", "reflection", Status.CORRECT, id="en-other-denied"),
    P("यह परावर्तन नहीं, घूर्णन है", "rotation", Status.CORRECT, id="hi-nahin-after"),
    P("این بازتاب نیست، دوران است", "rotation", Status.CORRECT, id="fa-nist-after"),
    P("x-अक्ष पर प्रक्षेप", "projection", Status.CORRECT, id="hi-vowel-signs"),
    P("আয়তক্ষেত্র", "rectangle", Status.CORRECT, id="bn-vowel-signs"),
])
def test_choice_words_in_any_script(text, expected, status):
    assert check_choice(text, expected, CheckOptions(choices=KINDS)).status is status


@pytest.mark.parametrize("text,problem,sub", [
    P("3-есеп", "3", None, id="kk-hyphen"),
    P("3-masala", "3", None, id="uz-hyphen"),
    P("3-cü məsələ", "3", None, id="az-ordinal"),
    P("**2. feladat** a)", "2", "a", id="hu-with-part"),
    P("3. Soru", "3", None, id="tr-after"),
    P("3-3 = 0", None, None, id="arithmetic-is-no-label"),
])
def test_problem_word_after_its_number(text, problem, sub):
    label, _ = read_label(text)
    assert (label.problem, label.sub) == (problem, sub) if problem else (label is None or label.problem is None)


@pytest.mark.parametrize("text,scale", [
    P("逆时针旋转45°，缩放因子为2", 2.0, id="zh-factor-glued"),
    P("時計回りに30度回転、倍率は2", 2.0, id="ja-factor-glued"),
    P("rotates 45° counterclockwise, scaled by 2", 2.0, id="en-factor"),
    # a factor followed by a language's word for "times"
    P("rotație de 45° în sens trigonometric, scalează de 2 ori", 2.0, id="ro-de-2-ori"),
    P("obrót o 45° w lewo i rozciągnięcie 2 razy", 2.0, id="pl-razy"),
    P("otočení o 45° proti směru hodinových ručiček, natažení 2krát", 2.0, id="cs-glued-krat"),
    P("45 fokkal forgat, 2-szeres nyújtás", 2.0, id="hu-hyphen"),
    P("gir de 45 graus i escala 1,5 vegades", 1.5, id="ca-decimal-comma"),
    P("rotates 45 degrees counterclockwise", None, id="no-factor-said"),
])
def test_scale_factors_in_any_language(text, scale):
    assert read_rotation(text).scale == scale


@pytest.mark.parametrize("text,sub", [
    P("ข) การสะท้อน", "b", id="thai"),
    P("(ბ) 5", "b", id="georgian"),
    P("ב) 5", "b", id="hebrew-in-code"),
    P("ข้อความ", None, id="thai-word-is-no-letter"),
    # Arabic and Persian parts in abjad order, as list items
    P("- أ) $x$", "a", id="arabic-alif-hamza"),
    P("- هـ) $w$ is inside", "e", id="arabic-heh-tatweel"),
    P("- و) same idea", "f", id="arabic-waw"),
    P("- الف) $x$", "a", id="persian-alef"),
])
def test_part_letters_of_other_alphabets(text, sub):
    label, _ = read_label(latin_part_letters(text).lstrip("- "))
    assert (label.sub if label else None) == sub


@pytest.mark.parametrize("text,angle", [
    P("ঘড়ির কাঁটার দিকে ৯০ ডিগ্রি", 90.0, id="bengali-digits"),
    P("घड़ी की दिशा में ९० डिग्री", 90.0, id="devanagari-digits"),
    P("หมุนตามเข็มนาฬิกา ๔๕ องศา", 45.0, id="thai-digits"),
])
def test_digits_of_other_scripts(text, angle):
    assert read_rotation(text).angle == angle


_ENGLISH = frozenset("a an as at be by do go he if in is it me my no of on or so to up us we am are was has had "
                     "not but and the for per via".split())


def test_no_phrase_folds_into_an_english_word():
    # rotation phrases are compared with accents folded: Icelandic "ás" (axis) would read "as z increases" as an axis
    from mathgrade.check.choice import fold
    clashes = [(lang.code, p) for lang in LANGUAGES for _, ps in lang.rotation for p in ps
               if not p.startswith(("re:", "-")) and fold(p.lower()).strip("*") in _ENGLISH]  # ("-as" needs its dash)
    assert not clashes

"""Choice answers: words, compared case-insensitively with synonyms (`ccw` is `counterclockwise`)."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from mathgrade.check.options import CheckOptions
from mathgrade.check.verdict import Rendering, Status, Verdict
from mathgrade.languages import KINDS, MARKS, alternation, kind_words, phrases

BUILTIN_SYNONYMS: dict[str, tuple[str, ...]] = {
    "counterclockwise": ("ccw", "anticlockwise", "anti clockwise", "counter clockwise", "acw", "positive"),
    "clockwise": ("cw", "negative"),
    "yes": ("true", "y"),
    "no": ("false", "n"),
    # kinds of linear maps, as other textbooks name them ("reflexion" and "transvection" are English spellings too)
    "reflection": ("mirror", "mirroring", "reflexion"),
    "shear": ("transvection",),
    "projection": ("projector",),
    "scaling": ("stretch", "stretching", "dilation", "dilatation"),
}
# ... and every language's words for them, which are in its file (mathgrade/languages)
BUILTIN_SYNONYMS.update({k: BUILTIN_SYNONYMS.get(k, ()) + kind_words(k) for k in KINDS})

# A word in any alphabet (réflexion, Spiegelung, отражение, การสะท้อน with its vowel signs): letters and digits
_WORD = re.compile(rf"(?:[^\W_]|[{MARKS}])+")

# Builtin synonyms that are words with a meaning of their own: an answer "positive" reads as counterclockwise, but
# a reference or option "positive" (the sign of a number) keeps its own meaning.
_LOOSE = frozenset({"positive", "negative", "true", "false", "y", "n"})

# Words that turn "not clockwise" into the opposite of the option it names (`isn't` splits as `isn` `t`).
_NEGATIONS = frozenset({"not", "never", "neither", "nor", "isn", "isnt", "doesn", "don", "aren", "wasn"})


# Letters with no decomposition that keyboards without them type as the plain letter ("yansima" for yansıma,
# "skalowanie" is spelt so anyway, "dodjela" for dođela, "ostlig" for østlig)
_PLAIN_LETTERS = str.maketrans("ıłŁđĐøØħŧ", "ilLdDoOht")


def fold(text: str) -> str:
    """`text` with each accented letter as its base letter, one character for one (so positions stay): `óramutató`
    and `oramutato` read alike. A letter that does not decompose to one base letter (Hangul) stays."""
    if text.isascii():
        return text
    text = text.translate(_PLAIN_LETTERS)
    out = []
    for c in text:
        # (canonical decomposition only: º and ² are symbols, not letters with marks)
        base = [d for d in unicodedata.normalize("NFD", c) if not unicodedata.combining(d)] if ord(c) > 127 else [c]
        out.append(base[0] if len(base) == 1 else c)
    return "".join(out)


# The optional vowel marks of Arabic and Hebrew (انعكاساً is انعكاسا, שִׁיקּוּף is שיקוף): dropped before words are
# compared. Thai and Indic vowel signs are letters of the word (MARKS) and stay.
_OPTIONAL_MARKS = re.compile(r"[\u0591-\u05c7\u064b-\u065f\u0670]")


def compact(phrase: str) -> str:
    """`Counter-Clockwise` and `counter clockwise` both become `counterclockwise` (and `Réflexion` `reflexion`)."""
    return "".join(_WORD.findall(_OPTIONAL_MARKS.sub("", fold(phrase.lower()))))


# (a language file's negations count too: "nem tükrözés")
# (and those written after the word they deny: "yansıma değil", "反射ではない")
_NEGATIONS = _NEGATIONS | {compact(w) for w in phrases("negations") + phrases("negations_after")
                           if not w.startswith("re:")}


@lru_cache(maxsize=1)
def _builtin() -> dict[str, str]:
    """Every builtin spelling (compacted) with its head word: thousands, with every language file's, so computed
    once, not for every answer."""
    builtin: dict[str, str] = {}
    for word, syns in BUILTIN_SYNONYMS.items():
        for s in (word, *syns):
            builtin.setdefault(compact(s), compact(word))
    return builtin


def _groups(options: CheckOptions, expected: str) -> dict[str, str]:
    """Map every spelling (compacted) to its canonical compacted word."""
    builtin = _builtin()
    canon = [compact(c) for c in options.choices] or [compact(expected)]
    spelling = dict(builtin)
    # A reference spelled as a synonym (`anticlockwise`, `ccw`) is the same choice as its head word: every spelling
    # of the head reads as it, unless the head is an option of its own.
    for c in canon:
        head = builtin.get(c, c)
        if head != c and head not in canon and c not in _LOOSE:
            spelling.update({s: c for s, h in builtin.items() if h == head})
    for word, syns in options.synonyms:
        for s in (word, *syns):
            spelling[compact(s)] = compact(word)
    for c in canon:
        spelling[c] = c
    return spelling


def spellings(options: CheckOptions, expected: str) -> dict[str, str]:
    """Every spelling (compacted) of the part's own options, builtin and spec synonyms included, with its option:
    what a reader looks for to tell that a sentence answers the part."""
    canon = {compact(c) for c in options.choices} or {compact(expected)}
    return {s: c for s, c in _groups(options, expected).items() if c in canon}


def find_choices(text: str, spelling: dict[str, str]) -> list[str]:
    """Canonical choices named in `text`, longest phrase first, each word used once (up to 3-word phrases)."""
    return _scan(text, spelling)[0]


def _scan(text: str, spelling: dict[str, str]) -> tuple[list[str], list[str]]:
    """The choices named in `text`, and the words that are not part of any of them."""
    words = _WORD.findall(_OPTIONAL_MARKS.sub("", fold(text.lower())))
    found: list[str] = []
    rest: list[str] = []
    glued: dict[str, list[str]] | None = None
    i = 0
    while i < len(words):
        for n in (3, 2, 1):
            phrase = "".join(words[i:i + n])
            if i + n <= len(words) and phrase in spelling:
                found.append(spelling[phrase])
                i += n
                break
        else:
            if _RUN_ON.search(words[i]):
                # "这是反射", "ไม่ใช่การสะท้อน": words of these scripts are written without spaces between them
                if glued is None:
                    glued = {}
                    for key in sorted((k for k in spelling if _RUN_ON.search(k)), key=len, reverse=True):
                        glued.setdefault(key[0], []).append(key)
                _glued(words[i], spelling, glued, found, rest)
            else:
                rest.append(words[i])
            i += 1
    return found, rest


# Scripts written without spaces between words (Chinese, Japanese, Korean with its glued particles, Thai, Lao,
# Khmer, Myanmar): a choice word is looked for inside a run of them. Scripts with spaces (Tamil's சாய்சதுரம் is a
# rhombus, not the square its tail spells) are matched whole words.
_RUN_ON = re.compile(r"[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u2e80-\ua4cf\uac00-\ud7ff\uf900-\ufaff\uff00-\uffef]")


def _glued(word: str, spelling: dict[str, str], keys: dict[str, list[str]], found: list[str],
           rest: list[str]) -> None:
    """The choices inside a run of unspaced script, longest spelling first; what lies between them goes to `rest`
    (so that 不是 before 反射 is a word of its own, and a negation)."""
    start = pos = 0
    while pos < len(word):
        key = next((k for k in keys.get(word[pos], ()) if word.startswith(k, pos)), None)
        if key is None:
            pos += 1
            continue
        if pos > start:
            rest.append(word[start:pos])
        found.append(spelling[key])
        pos = start = pos + len(key)
    if start < len(word):
        rest.append(word[start:])


# (", since P isn't the identity", "because …": a reason given for the option, in a clause of its own)
_CLAUSES = re.compile(r"[;.]\s|\b(?:but|so|hence|thus|therefore|whereas|while|since|because|as)\b", re.I)
# ("no scaling" in a table row about a reflection: the row says there is none, it names no option)
# (and "pas une", "keine", "не", "inte en": the same in the languages students write in, from their files)
NEGATED = re.compile(r"\b(?:not|no|never|without|isn'?t|aren'?t|doesn'?t|nor|neither"
                     rf"|{alternation(phrases('negations'))})\s+"
                     # (up to two short words between: an article, a verb, "not even a", "no es una", "nie jest")
                     r"(?:[\w'’-]{1,5}\s+){0,2}[\w-]+", re.I)
"""A negated mention ("not a rectangle", "no scaling", "neither shear"): it names no option (the document reader
uses it too)."""
# ("dönme değil", "回転ではない": a negation after the word, where a language puts it there; the word is bounded, so
# a 20,000-letter "word" is not tried from each of its letters to its end)
_NEGATED_AFTER = re.compile(rf"[\w-]{{1,40}}\s*{alternation(phrases('negations_after'))}", re.I)
def affirmed_text(text: str, spelling: dict[str, str]) -> str:
    """`text` without its negated mentions ("not a rectangle", "no es una rotación", "yansıma değil"). A negation
    reaches over short words to the word it denies, but never past an option: in "ليس دوران بل انعكاس" (not a
    rotation but a reflection) it denies the rotation only."""
    def cut(m: re.Match[str]) -> str:
        words = list(re.finditer(r"\S+", m.group()))
        for w in words[1:-1]:
            if compact(w.group()) in spelling:
                return " " + m.group()[w.end():]
        return " "
    return _NEGATED_AFTER.sub(" ", NEGATED.sub(cut, text))


_MATH_SIGNS = re.compile(r"[-+−=<>≤≥≠*/^]")
# After these words a sentence names its answer: "the image of the square is a parallelogram".
_PREDICATE = re.compile(r"\b(?:is|are|becomes?|stays?|remains?|turns\s+into|maps?\s+(?:on)?to|gives?|into|results?"
                        r"\s+in)\b|→|=>", re.I)


def math_signature(phrase: str) -> str:
    """The signs of a phrase, in order: `y = -x` is `=-`, `y = x` is `=`. Compacting drops them, so an answer
    that matches an option's words must also match its signs (`y = -x` is not the option `y = x`)."""
    words_joined = re.sub(r"(?<=[A-Za-z])\s*[-‐]\s*(?=[A-Za-z])", "", phrase)  # counter-clockwise is a word
    return "".join("-" if c == "−" else c for c in _MATH_SIGNS.findall(words_joined))


def colliding_options(choices: tuple[str, ...]) -> tuple[str, str] | None:
    """Two options that read as the same answer (same words and signs once compacted), or None. A spec error:
    no student answer could tell them apart."""
    seen: dict[tuple[str, str], str] = {}
    for c in choices:
        key = (compact(c), math_signature(c))
        if key in seen:
            return seen[key], c
        seen[key] = c
    return None


def check_choice(answer: str, expected: str, options: CheckOptions) -> Verdict:
    """Grade a word answer. Naming two different options is `invalid`, not a lucky guess."""
    spelling = _groups(options, expected)
    target = spelling.get(compact(expected), compact(expected))
    if not answer.strip():
        return Verdict(Status.INVALID, 0.0, "no answer was given")
    found, rest = _scan(answer, spelling)
    named = list(dict.fromkeys(found))
    affirmed, rest_affirmed = _scan(affirmed_text(answer, spelling), spelling)
    if affirmed and len(set(affirmed)) < len(set(found)):
        # "injective but not surjective": the option it denies is not an answer; the one it affirms is.
        found, rest = affirmed, rest_affirmed
        named = list(dict.fromkeys(found))
    if options.choices:
        allowed = {spelling.get(compact(c), compact(c)) for c in options.choices} | {target}
        named = [n for n in named if n in allowed]
    shown = Rendering(latex=r"\text{" + " ".join(_WORD.findall(answer.lower()))[:60] + "}",
                      text=answer.strip()[:60])
    if not named:
        if options.choices:
            return Verdict(Status.INVALID, 0.0, "This is not one of the options: " + ", ".join(options.choices) + ".",
                           shown)
        return Verdict(Status.INCORRECT, 0.0, "This is not the expected answer.", shown)
    if len(named) > 1:
        # "the image of the square is a parallelogram": the option named after the verb is the answer.
        verbs = list(_PREDICATE.finditer(answer))
        if verbs:
            tail, _ = _scan(answer[verbs[-1].end():], spelling)
            tail_named = [n for n in dict.fromkeys(tail) if n in named]
            if len(tail_named) == 1:
                named = tail_named
    if len(named) > 1:
        return Verdict(Status.INVALID, 0.0, "The answer names more than one option (" + ", ".join(named)
                       + "): give one.", shown)
    negation = next((w for w in rest if w in _NEGATIONS), None)
    if negation is not None:
        # "the sides are not equal but the angles are 90°, so it is a rectangle": a negation in another clause
        # than the one naming the option says nothing about it
        # ("a rectangle (sides not equal, right angles)": a remark in brackets is a clause of its own)
        clauses = [c for c in _CLAUSES.split(re.sub(r"\([^()]*\)", " ; ", answer))
                   if c and spelling and named[0] in _scan(c, spelling)[0]]
        negation = next((w for c in clauses for w in _scan(c, spelling)[1] if w in _NEGATIONS), None) \
            if clauses else negation
    if negation is not None:
        return Verdict(Status.INVALID, 0.0, f"The answer says “{negation}” about an option: name the option you "
                       "mean, without a negation.", shown)
    rendering = Rendering(latex=r"\text{" + named[0] + "}", text=named[0])
    if named[0] == target and math_signature(expected) and math_signature(answer) != math_signature(expected):
        return Verdict(Status.INCORRECT, 0.0, "This is not the expected answer.", shown)
    if named[0] == target:
        return Verdict(Status.CORRECT, 1.0, "Correct.", rendering)
    return Verdict(Status.INCORRECT, 0.0, "This is not the expected answer.", rendering)

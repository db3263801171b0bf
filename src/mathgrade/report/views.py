"""What a report shows for one part: the student's answer, what was understood (only where it differs), the
feedback and the expected answer, as HTML with every piece of mathematics in MathML.

Everything here reads a PartResult; nothing parses or grades again. Student text is escaped, or converted to
MathML and passed through the whitelist in report/math.py.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from markupsafe import Markup

from mathgrade.check.codes import step_of
from mathgrade.check.message import Formula, Message, Quote
from mathgrade.check.verdict import Rendering
from mathgrade.grade.ids import page_name
from mathgrade.grade.results import PartResult
from mathgrade.report.math import marked_matrix, mathml, untex


def report_file(student_id: str) -> str:
    """The file name (relative to the class summary) of the report of a student known only by id; pages that
    know the class use its page names (reserved ids such as `index` get a prefix: grade/ids.py)."""
    return page_name(student_id)


def review_note(part: PartResult) -> str | None:
    """Why the reader of a free-form document wants the instructor to look at this part, with the other answers
    it considered (instructor-only: never on a student's page)."""
    if part.review is not None:
        others = "; ".join(f"line {a.start}: {a.text}" if a.start == a.end else f"lines {a.start}–{a.end}: {a.text}"
                           for a in part.review.alternatives)
        return part.review.reason + (f" (also considered: {others})" if others else "")
    return part.source.review if part.source is not None else None


# Student text longer than this is shown as typed: converting it costs more than it helps a reader.
_MAX_RENDERED = 1500
# Delimiters and spacing that do not change what an answer says, for comparing it with what was understood.
_NOISE = re.compile(r"\\left|\\right|\\cdot|\\[,;:!]|\\[()\[\]]|[\s*${}]")
_TEXT_ONLY = re.compile(r"^\\text\{([^{}\\]*)\}$")


def _norm(text: str) -> str:
    return _NOISE.sub("", text.replace("**", "^"))


def same_reading(answer: str, shown: Rendering) -> bool:
    """True when what was understood is what the student wrote, up to spacing, `*` and delimiters."""
    mine = _norm(answer)
    return bool(mine) and mine in (_norm(shown.text), _norm(shown.latex))


def _members(latex: str) -> list[str]:
    """A chain `a = b = c` split at its top-level equals signs (none inside braces or brackets)."""
    out, depth, start = [], 0, 0
    for k, ch in enumerate(latex):
        if ch in "{([":
            depth += 1
        elif ch in "})]":
            depth -= 1
        elif ch == "=" and depth == 0:
            out.append(latex[start:k])
            start = k + 1
    out.append(latex[start:])
    return [m.strip() for m in out]


# Literal templates: Markup.format escapes every argument (student text stays text; our MathML is Markup).
_BAD_STEP = Markup('<li class="bad-step"><span class="step-mark">✗ step {}:</span> = {}</li>')  # trusted literal
_STEP_LINE = Markup("<li>{}{}</li>")  # trusted literal
_CHAIN = Markup('<ol class="chain">{}</ol>')  # trusted literal
_WORDS_SPAN = Markup('<span class="words">{}</span>')  # trusted literal
_EMPTY = Markup()  # trusted: empty, to join escaped pieces
_WORDS_DIV = Markup('<div class="words">{}</div>')  # trusted literal
_RAW_VERBATIM = Markup('<pre class="raw verbatim">{}</pre>')  # trusted literal
_RAW = Markup('<span class="raw">{}</span>')  # trusted literal
_NO_ANSWER = Markup("<em>no answer</em>")  # trusted literal
_QUOTE_VERBATIM = Markup('<code class="quote verbatim">{}</code>')  # trusted literal
_QUOTE = Markup('<code class="quote">{}</code>')  # trusted literal
_SPOT = Markup('marked here: <code class="quote verbatim spot">{}<mark>{}</mark>{}</code>')  # trusted literal
# an answer that stops too early: the mark stands where something is missing
_MISSING = "▯"


def _chain(members: list[str], bad_step: int | None, fallback: list[str] | None = None) -> Markup:
    """A derivation, one member per line; the member after the first invalid step is marked (not by colour)."""
    lines = []
    for k, member in enumerate(members):
        math = mathml(member, False, fallback[k] if fallback and len(fallback) == len(members) else None)
        if k and bad_step == k:
            lines.append(_BAD_STEP.format(k, math))
        else:
            lines.append(_STEP_LINE.format("= " if k else "", math))
    return _CHAIN.format(_EMPTY.join(lines))


def rendering_html(shown: Rendering, wrong: tuple[tuple[int, int], ...] = (), bad_step: int | None = None) -> Markup:
    """What the grader understood (or expects): a matrix with its wrong entries boxed, a chain one step per
    line, words as words (they wrap on a phone), everything else as MathML."""
    if wrong and shown.cells:
        return marked_matrix(shown.cells, wrong)
    if not shown.latex:  # the grader kept the words as they were (an explanation, a choice)
        return answer_html(shown.text)
    if _TEXT_ONLY.match(shown.latex):
        return _WORDS_SPAN.format(shown.text)
    members = _members(shown.latex)
    if len(members) > 1:
        return _chain(members, bad_step, [t.strip() for t in shown.text.split(" = ")])
    return mathml(shown.latex, False, shown.text)


def answer_html(answer: str) -> Markup:
    """The student's answer as typed: LaTeX (with or without $...$) rendered, other text as text."""
    text = answer.strip()
    if len(text) <= _MAX_RENDERED and "$" in text:
        return _WORDS_DIV.format(feedback_html(text))
    if len(text) <= _MAX_RENDERED and "\\" in text:
        bare = re.sub(r"^\\[(\[]|\\[)\]]$", "", text).strip()
        members = _members(bare)
        if len(members) > 1:
            return _chain(members, None)
        out = mathml(bare)
        if "<math" in out:
            return out
    if "\\" in text:  # could not be rendered: the exact characters, so the student can find the typo
        return _RAW_VERBATIM.format(text)
    return _RAW.format(text)


@dataclass(frozen=True)
class PartView:
    """The pieces of a part's report, each HTML: `understood` is None where it says what `answer` says."""

    answer: Markup
    understood: Markup | None
    expected: Markup | None
    feedback: Markup
    marked: bool


def part_view(part: PartResult) -> PartView:
    """Everything the student page shows for one part (see the module docstring)."""
    steps = [n for d in part.diagnoses if (n := step_of(d)) is not None]
    bad = steps[0] if steps else None
    shown = part.interpreted_as
    marked = bool(part.wrong_entries and shown is not None and shown.cells)
    if part.answer is None or not part.answer.strip():
        answer, understood = _NO_ANSWER, None
    elif shown is not None and (shown.latex or shown.text) and same_reading(part.answer, shown):
        answer, understood = rendering_html(shown, part.wrong_entries, bad), None
    else:
        answer = answer_html(part.answer)
        understood = None if shown is None or not (shown.latex or shown.text) else \
            rendering_html(shown, part.wrong_entries, bad)
    expected = None if part.expected is None else rendering_html(part.expected)
    return PartView(answer, understood, expected, said_html(part.feedback, part.message), marked)


_QUOTED = re.compile(r"`([^`]+)`|\$([^$]+)\$")


def feedback_html(text: str) -> Markup:
    """Feedback sentences: `quoted` student text as code (or as math if it is LaTeX), $...$ as MathML, and no
    LaTeX command left as text."""
    out: list[str] = []
    pos = 0
    for m in _QUOTED.finditer(text):
        out.append(html.escape(untex(text[pos:m.start()]) if "\\" in text[pos:m.start()] else text[pos:m.start()]))
        quoted, math = m.group(1), m.group(2)
        if math is not None:
            out.append(str(mathml(math)))
        elif "\\" in quoted:  # LaTeX the student typed, named in a message about it: shown as typed
            out.append(str(_QUOTE_VERBATIM.format(quoted)))
        else:
            out.append(str(_QUOTE.format(quoted)))
        pos = m.end()
    rest = text[pos:]
    out.append(html.escape(untex(rest) if "\\" in rest else rest))
    return Markup("".join(out))  # trusted: text escaped, math whitelisted, tags ours


def said_html(feedback: str, message: Message | None) -> Markup:
    """A part's feedback: its Message (formulas as MathML, the student's text quoted with the spot marked) when it
    says what `feedback` says, else the words alone (results from before messages, or edited since)."""
    if message is None or message.text != feedback:
        return feedback_html(feedback)
    out: list[str] = []
    for piece in message.pieces:
        if isinstance(piece, str):
            out.append(str(feedback_html(piece)))
        elif isinstance(piece, Formula):
            out.append(str(mathml(piece.latex, False, piece.text)))
        elif isinstance(piece, Quote):
            out.append(str(_SPOT.format(piece.before, piece.spot or _MISSING, piece.after)))
    return Markup("".join(out))  # trusted: each piece escaped or whitelisted above

"""Quotations: lines of a document that repeat someone else's words (the sheet's question, its set-up) rather than
answer.

A forum post quotes the question (`> Compute σ'(x), where σ(x) = …`), an Obsidian page keeps the givens in a
callout titled "setup", a Q&A thread restates each question after `Q:`. The math in those lines is the problem's,
not the student's: taken as an answer, a copied prompt is graded as a (wrong) attempt. A callout that holds the
student's own work (`> [!answer] 2a`, `> [!note] Problem 1`) is not a quotation.

The readers call `blockquote_quotations` with each blockquote's lines; `question_lines` finds `Q:` paragraphs in
any format. Both return line indices (0-based) into the lines they were given.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import replace

from mathgrade.documents.candidates import Candidate
from mathgrade.documents.labels import Label, read_label

_CALLOUT = re.compile(r"^\s*(?:>\s*)+\[!(?P<kind>[A-Za-z-]+)\][-+]?\s*(?P<title>.*)$")
_QUOTE_MARK = re.compile(r"^\s*>")
# Obsidian's callout kinds that hold the student's work, and those that hold someone else's words.
_OWN_KINDS = {"answer", "solution", "success", "check", "done", "tip", "hint", "important", "result", "proof"}
_QUOTED_KINDS = {"question", "quote", "cite", "faq", "help", "prompt", "task", "exercise"}
# A title that says the box holds the problem's givens, whatever the callout's kind.
_GIVEN_TITLE = re.compile(r"^\W*(?:set[- ]?up|given|givens|notation|definitions?|problem statement|statement|"
                          r"question|prompt|task|recall|reminder|from the sheet|original)\b", re.I)
# "Q:", "**Q:**", "Question:" open a restated question; "A:", "Answer:" open the reply. A numbered "Q1:" is a
# problem label, not a question marker.
_QUESTION = re.compile(r"^\s*(?:[-*+]\s+)?(?:\*\*|__)?\s*(?:Q|Question)\s*(?:\*\*|__)?\s*[:.](?:\*\*|__)?\s", re.I)
# "(b) Show $LSE(z+c) = LSE(z)+c$.": the task copied under its label, one sentence asking for a proof.
_TASK = re.compile(r"^(?:Show|Prove|Verify|Derive|Demonstrate)\b(?:\s+that)?\s[^.?!]*[.?!]?\s*$")
_ANSWER = re.compile(r"^\s*(?:[-*+]\s+)?(?:\*\*|__)?\s*(?:A|Ans|Answer|Reply)\s*(?:\*\*|__)?\s*[:.]", re.I)


def _callout_is_quotation(kind: str, title: str) -> bool:
    kind = kind.lower()
    if kind in _OWN_KINDS:
        return False
    if kind in _QUOTED_KINDS or _GIVEN_TITLE.match(title):
        return True
    # A note titled with a label ("Problem 1", "2a") or untitled is where the student wrote that part.
    return False


def blockquote_quotations(lines: list[str]) -> set[int]:
    """Which lines of one blockquote (as written, with their `>` markers) quote rather than answer.

    A plain blockquote is a quotation. Inside a callout, each `> [!kind] title` line decides for the lines that
    follow it, until the next callout line: the student's own kinds and label titles are answers."""
    out: set[int] = set()
    quoting = True
    for k, line in enumerate(lines):
        m = _CALLOUT.match(line)
        if m is not None:
            quoting = _callout_is_quotation(m.group("kind"), m.group("title"))
        elif not _QUOTE_MARK.match(line) and not line.strip():
            quoting = True
        if quoting:
            out.add(k)
    return out


def question_lines(lines: list[str]) -> tuple[set[int], list[int]]:
    """Lines of paragraphs opened by a bare `Q:` / `Question:` marker, up to a blank line or an `A:` line, and
    labelled lines that only copy a task ("(b) Show that …."); and the line on which each question starts."""
    out: set[int] = set()
    starts: list[int] = []
    inside = False
    for k, line in enumerate(lines):
        if not line.strip() or _ANSWER.match(line):
            inside = False
        label, rest = read_label(line.strip())
        if label is not None and _TASK.match(rest.strip().replace("**", "")):
            out.add(k)  # the task restated after its label: the student's answer, if any, comes below it
            continue
        if _QUESTION.match(line):
            label, _ = read_label(line.strip().lstrip("-*+ ").replace("**", "").replace("__", ""))
            inside = label is None or label.problem is None
            if inside:
                starts.append(k)
        if inside:
            out.add(k)
    return out, starts


def number_questions(cands: list[Candidate], starts: list[int], problems: list[str]) -> list[Candidate]:
    """A thread of questions and answers with no numbers, one question per problem of the sheet (`starts`: the
    1-based line of each question): the k-th question opens problem k, as a "Problem k" heading would. Any other
    count of questions, or any problem number in the document, leaves the candidates as they are."""
    if len(starts) != len(problems) or len(problems) < 2 or any(c.label.problem for c in cands):
        return cands
    return [replace(c, label=Label(problems[n - 1], c.label.sub)) if (n := bisect_right(starts, c.start)) else c
            for c in cands]

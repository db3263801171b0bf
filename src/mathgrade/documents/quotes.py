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
_OWN_ANSWER = re.compile(r"^\s*(?:>\s*)+(?:\*\*|__)?\s*(?:my\s+|final\s+)?(?:answer|ans|solution|sol|reply)\b", re.I)
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
_TASK = re.compile(r"^(?:Show|Prove|Verify|Derive|Demonstrate)\b(?:\s+that)?\s")


def _copies_task(text: str) -> bool:
    """One sentence asking for a proof: the verb first, no full stop before its end (string tests, not a pattern
    that backtracks over long runs of spaces)."""
    text = text.strip()
    return _TASK.match(text) is not None and not any(c in ".?!" for c in text[:-1])
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
        elif _OWN_ANSWER.match(line):
            quoting = False  # "> **Answer (a).** …": the student set their own answer in a quote box
        if quoting:
            out.add(k)
    return out


# "Student ID: 20417733", "Date: 3/12": who and when, never an answer (their digits fit any number part).
_IDENTITY = re.compile(r"^\W*(?:name|student(?:\s+(?:id|no\.?|number))?|id|e-?mail|date|course|class|section|"
                       r"instructor|professor|ta|group|matriculation|matr\.?\s*nr\.?)\W*\s*:", re.I)
# "HOMEWORK K2 -- Problems 4 and 6", "Worksheet 5 (due Friday)": the title names the work, it answers nothing.
_TITLE = re.compile(r"\b(?:homework|assignment|worksheet|problem\s+set|exercise\s+sheet|hw|problems|exercises)\b",
                    re.I)
HEAD_LINES = 15


def heading_lines(lines: list[str]) -> set[int]:
    """Lines at the top that say who wrote the document and what it is (`Student ID: …`, its title): 0-based."""
    out: set[int] = set()
    seen = 0
    for k, line in enumerate(lines[:HEAD_LINES]):
        if not line.strip():
            continue
        seen += 1
        if read_label(line.strip())[0] is not None:
            seen = HEAD_LINES  # the work has started: a title stands before it
        elif _IDENTITY.match(line) or (seen <= 3 and _TITLE.search(line) and "=" not in line and "$" not in line):
            out.add(k)
    return out


def mark_replies(lines: list[str]) -> list[str]:
    """In a thread of `Q:` questions, each `A:` reply is the student's answer: written `Answer:`, the marker the
    block reader knows (a bare `A:` elsewhere may name a matrix, so only a thread's replies are rewritten)."""
    return [_ANSWER.sub(lambda m: m.group(0).replace("A", "Answer", 1) if re.search(r"\bA\b", m.group(0)) else
                        m.group(0), line, count=1) for line in lines]


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
        if label is not None and _copies_task(rest.replace("**", "")):
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
    return [replace(c, label=Label(problems[n - 1], c.label.sub), guessed=True)
            if (n := bisect_right(starts, c.start)) else c for c in cands]


_LAYOUT = {"begin", "end", "bmatrix", "pmatrix", "matrix", "left", "right", "frac", "mathrm", "text", "operatorname",
           "cdot", "quad", "qquad", "sqrt", "partial", "mathbf", "top", "circ", "to", "in", "infty", "sum", "log",
           "exp", "boxed", "i", "x"}
_STOP = {"what", "does", "this", "that", "with", "from", "give", "find", "show", "compute", "which", "have", "your",
         "their", "there", "then", "than", "each", "when", "where", "into", "onto", "about", "also", "please", "check",
         "answer", "question", "write", "using", "some", "them", "they", "will", "would", "could"}


def _tokens(text: str) -> set[str]:
    """What a question is about: the symbols in its math (`R`, `\\Sigma`) and its longer words."""
    out: set[str] = set()
    outside = []
    for k, piece in enumerate(re.split(r"\$+", text)):
        if k % 2:
            out.update(t for t in re.findall(r"\\([A-Za-z]+)|(?<![A-Za-z\\])([A-Za-z])(?![A-Za-z])", piece)
                       for t in t if t and t not in _LAYOUT)
        else:
            outside.append(piece)
    out.update(w for w in re.findall(r"[a-z]{4,}", " ".join(outside).lower()) if w not in _STOP)
    return out


def match_questions(cands: list[Candidate], quoted: set[int], problems: list[tuple[str, str]],
                    lines: list[str]) -> list[Candidate]:
    """A thread whose questions are quoted and whose answers carry no problem numbers: each quoted question is
    matched to the problem whose prompts share the most distinctive symbols and words with it (`problems`: id and
    all its prompt text), and the answers below it, up to the next question, belong to that problem. A question
    that matches no problem clearly (a tie, nothing shared) numbers nothing. Documents with any problem number
    of their own are left as they are."""
    if len(problems) < 2 or not quoted or any(c.label.problem for c in cands):
        return cands
    runs: list[tuple[int, int]] = []
    for k in sorted(quoted):
        if runs and k == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], k)
        else:
            runs.append((k, k))
    if len(runs) < 2:
        return cands
    profiles = [(pid, _tokens(text)) for pid, text in problems]
    weight = {t: 1.0 / sum(t in p for _, p in profiles) for _, p in profiles for t in p}
    owners: list[tuple[int, str | None]] = []
    for start, end in runs:
        asked = _tokens(" ".join(lines[start - 1:end]))
        scores = sorted(((sum(weight[t] for t in asked & p), pid) for pid, p in profiles), reverse=True)
        best, second = scores[0], scores[1]
        owners.append((end, best[1] if best[0] >= 1.0 and best[0] > second[0] + 0.5 else None))
    ends = [end for end, _ in owners]
    out = []
    for c in cands:
        n = bisect_right(ends, c.start - 1) - 1
        owner = owners[n][1] if n >= 0 else None
        if owner is not None:
            c = replace(c, label=Label(owner, c.label.sub), guessed=True)
        out.append(c)
    return out

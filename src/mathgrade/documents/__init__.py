"""Free-form submissions (.md, .tex, .txt, .ipynb): who wrote it, and which text answers which part.

`read_document` turns a worked solution into the same `Submission` an answer sheet gives, plus where each answer
was found, so the report can show the snippet and its lines, and flags answers worth a second look.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from mathgrade.documents.blocks import split_blocks
from mathgrade.documents.candidates import find_candidates
from mathgrade.documents.labels import MENTIONED_PROBLEM, cjk_problems, half_width, latin_part_letters
from mathgrade.documents.listed import answer_listed_labels
from mathgrade.documents.abbreviations import mark_abbreviations
from mathgrade.documents.locate import Extraction, locate
from mathgrade.documents.subjects import label_by_names
from mathgrade.documents.quotes import heading_lines, mark_replies, match_questions, number_questions, question_lines
from mathgrade.documents.readers import UnreadableDocument, read_page
from mathgrade.grade.references import Reference
from mathgrade.grade.results import Source
from mathgrade.grade.sheets import DOCUMENT_SUFFIXES, Submission, read_capped, safe_id
from mathgrade.spec import Assignment
from mathgrade.check.options import Kind

MAX_DOCUMENT_BYTES = 2_000_000
MAX_CANDIDATES = 4000

_FRONT = re.compile(r"\A---\s*\n(?P<body>.*?)\n---\s*\n", re.S)
_FIELD = re.compile(r"^\s*(?P<key>name|student|author|id|student_id|email)\s*:\s*(?P<value>.+?)\s*$", re.I | re.M)
_AUTHOR = re.compile(r"\\author\{(?P<name>[^{}]{1,200})\}")
_NAME_LINE = re.compile(r"^[^\W\d_][^\W\d_'.-]*(?:[ '-][^\W\d_][^\W\d_'.-]*){1,3}$")


def identity(text: str, stem: str) -> tuple[str, str, str]:
    """(id, name, email) from front matter, `\\author{}`, a `Name:` line, or a name-like line near the top."""
    fields: dict[str, str] = {}
    front = _FRONT.match(text)
    head = front.group("body") if front else "\n".join(text.splitlines()[:15])
    for m in _FIELD.finditer(head):
        fields.setdefault(m.group("key").lower(), m.group("value").strip().strip("'\""))
    name = fields.get("name") or fields.get("student") or fields.get("author") or ""
    if not name:
        m = _AUTHOR.search(text[:20000])
        if m:
            name = " ".join(m.group("name").replace("\\\\", " ").split())
    if not name:
        for line in text.splitlines()[:12]:
            line = line.strip().strip("*#_ ")
            if _NAME_LINE.match(line) and not line.lower().startswith(("problem", "question", "homework", "name")):
                name = line
                break
    sid = fields.get("id") or fields.get("student_id") or (safe_id(name.lower().replace(" ", "-")) if name else stem)
    return safe_id(sid), name or stem, fields.get("email", "")


def extract(text: str, assignment: Assignment, references: dict[str, Reference], plain: bool = False,
            quoted: frozenset[int] = frozenset(), outputs: frozenset[int] = frozenset()) -> Extraction:
    """Locate every part's answer in a page's text (`plain`: formulas may stand without `$`; `quoted`: lines,
    1-based, that quote the sheet, to which `Q:` paragraphs are added)."""
    # Alignment costs parts × candidates: a homework has hundreds of candidates, not hundreds of thousands.
    text = cjk_problems(latin_part_letters(half_width(text)))  # а) б) в), （c）: labels as Russian and Chinese students type them
    questions, starts = question_lines(text.split("\n"))
    if starts:
        text = "\n".join(mark_replies(text.split("\n")))
    cands = answer_listed_labels(find_candidates(split_blocks(text, plain))[:MAX_CANDIDATES])
    quoted = quoted | {k + 1 for k in questions | heading_lines(text.split("\n"))}
    if quoted:
        cands = [replace(c, quoted=True) if c.start in quoted else c for c in cands]
    if outputs:
        cands = [replace(c, output=True) if c.start in outputs else c for c in cands]
    cands = number_questions(cands, [k + 1 for k in starts], [p.id for p in assignment.problems])
    prompts = [(p.id, " ".join([p.title, p.prompt] + [q.prompt or "" for q in p.parts])) for p in assignment.problems]
    cands = match_questions(cands, set(quoted), prompts, text.split("\n"))
    cands = label_by_names(cands, prompts, MENTIONED_PROBLEM)
    given = {name for name, _ in assignment.values}
    known = {p.id: set(p.options.variables) | _names(references[p.id].value) for p in assignment.parts}
    # names the problem's own text defines ("With $p = \operatorname{softmax}(z)$ ..."), per part
    # (only for formula parts, and not the spec's own values or families: "V rotates" names the matrix it describes)
    prompted = {q.id: set(_PROMPT_NAME.findall(p.prompt or "")) - given - {n for n, _ in q.options.domains}
                for p in assignment.problems for q in p.parts if q.kind not in PROSE_KINDS}
    worded = frozenset(q.id for q in assignment.parts if q.kind in (Kind.ROTATION, Kind.CHOICE, Kind.TEXT))
    return mark_abbreviations(text, locate(assignment, references, cands), given, known, prompted, worded)


PROSE_KINDS = (Kind.ROTATION, Kind.CHOICE, Kind.TEXT, Kind.DERIVATION)
_PROMPT_NAME = re.compile(r"\$\s*([A-Za-z])\s*=")


def _names(value: object) -> set[str]:
    """The names a reference uses (a derivation's start and target, a map's matrix, ...), for the reader."""
    from mathgrade.check import names_in  # noqa: PLC0415 - check is heavy; only documents need this

    parts = [getattr(value, f, None) for f in ("start", "target", "matrix")] if not hasattr(value, "free_symbols") \
        else [value]
    out: set[str] = set()
    for v in parts:
        if v is not None:
            try:
                out |= set(names_in(v))
            except (TypeError, AttributeError):
                pass
    return out


def extract_document(text: str, suffix: str, assignment: Assignment, references: dict[str, Reference]) -> Extraction:
    """Read a document's text with the reader for its format (by suffix), then locate every part's answer."""
    page = read_page(text, suffix)
    return extract(page.text, assignment, references, plain=page.plain, quoted=page.quoted,
                   outputs=page.outputs)


def read_document(path: Path, assignment: Assignment, references: dict[str, Reference]) -> Submission:
    """Read a free-form document; never raises. Unreadable files become a Submission with an error."""
    stem = safe_id(path.stem)
    try:
        raw = read_capped(path, MAX_DOCUMENT_BYTES)
        if b"\x00" in raw[:65536]:
            raise ValueError("this looks like a binary file, not text")
        text = raw.decode("utf-8-sig").replace("\r\n", "\n").replace("\r", "\n")
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        return Submission(file=str(path), student_id=stem, name=stem, email="", answers=(),
                          error=f"could not read the document: {exc}"[:500])
    try:
        page = read_page(text, path.suffix)
    except UnreadableDocument as exc:
        return Submission(file=str(path), student_id=stem, name=stem, email="", answers=(),
                          error=f"could not read the document: {exc}"[:500])
    # A notebook's name is in its first Markdown cell, not in its JSON header.
    sid, name, email = identity(page.text if path.suffix.lower() == ".ipynb" else text, stem)
    try:
        found = extract(page.text, assignment, references, plain=page.plain, quoted=page.quoted,
                        outputs=page.outputs)
    except RecursionError:
        return Submission(file=str(path), student_id=sid, name=name, email=email, answers=(),
                          error="could not read the document: nested too deeply")
    return Submission(
        file=str(path), student_id=sid, name=name, email=email,
        answers=tuple((f.part, f.answer) for f in found.found),
        sources=tuple((f.part, Source(f.start, f.end, f.snippet, f.review.reason if f.review else None))
                      for f in found.found),
        reviews=tuple((f.part, f.review) for f in found.found if f.review is not None) + found.unsure_missing,
        notes=found.missing,
    )

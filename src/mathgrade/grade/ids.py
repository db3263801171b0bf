"""Student ids and report file names: every result gets its own id and its own page, and no page can be a file
the output folder uses for itself (`index.html`), whatever id a sheet, a document or a roster declares.

Ids are the students' (a sheet says `id: index`, a roster row says `s1`); page names are ours. Keeping the two
apart means a student can keep the id they wrote while the page that shows it is named safely.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace

from mathgrade.grade.results import StudentResult
from mathgrade.grade.sheets import safe_id

RESERVED = frozenset({
    # what the output folder holds or may hold beside the student pages
    "index", "results", "grades", "gradebook", "overrides", "summary", "class", "students", "parts", "report",
    "style", "unpacked",
    # device names Windows refuses as file names, whatever the extension
    "con", "prn", "aux", "nul", *(f"com{k}" for k in range(1, 10)), *(f"lpt{k}" for k in range(1, 10)),
})
"""Stems (before the first dot, any case) a student page is never given."""
PAGE_PREFIX = "student-"


def _reserved(stem: str) -> bool:
    return stem.split(".")[0].casefold() in RESERVED


def page_name(student_id: str) -> str:
    """The page a student id would get on its own: `<id>.html`, or `student-<id>.html` for a reserved id."""
    stem = safe_id(student_id)
    return f"{PAGE_PREFIX if _reserved(stem) else ''}{stem}.html"


def _free(candidate: str, taken: set[str], fold: bool = False) -> str:
    """`candidate`, or the first of `candidate-2`, `candidate-3`, ... that is not taken (`fold`: compared
    case-folded, `taken` holding folded names)."""
    def used(name: str) -> bool:
        return (name.casefold() if fold else name) in taken

    if not used(candidate):
        return candidate
    n = 2
    while used(f"{candidate}-{n}"):
        n += 1
    return f"{candidate}-{n}"


def unique_ids(results: Iterable[StudentResult], rank: Mapping[str, int] | None = None) -> list[StudentResult]:
    """Every result with an id and a report page of its own, sorted by (id, file).

    Two files for one student id both stay: the later ones get the first free `-2`, `-3`, ... (never an id some
    other submission already has, so `s01`, `s01` and `s01-2` become `s01`, `s01-3` and `s01-2`), with the id
    they declared kept as `original_id`. Which file keeps the id: the lowest `rank` (by file name; a roster
    match through the LMS's user id outranks one through what the sheet says), then the first file by name.
    Page names are unique up to case (macOS and Windows file systems ignore it) and never reserved (see
    `page_name`); ids that need no prefix are named first, so a real `student-index` keeps its page.
    """
    rank = rank or {}
    ordered = sorted(results, key=lambda r: (r.id, rank.get(r.file, len(rank) + 1), r.file))
    taken = {r.id for r in ordered}
    seen: set[str] = set()
    out: list[StudentResult] = []
    for r in ordered:
        if r.id in seen:
            new = _free(r.id, taken | seen)
            r = replace(r, id=new, original_id=r.original_id or r.id)
        seen.add(r.id)
        out.append(r)
    pages: set[str] = set()
    named: dict[int, StudentResult] = {}
    plain = [k for k, r in enumerate(out) if not _reserved(safe_id(r.id))]
    prefixed = [k for k, r in enumerate(out) if _reserved(safe_id(r.id))]
    for k in plain + prefixed:
        stem = _free(page_name(out[k].id)[: -len(".html")], pages, fold=True)
        pages.add(stem.casefold())
        named[k] = replace(out[k], report=f"{stem}.html")
    return sorted(named.values(), key=lambda r: (r.id, r.file))

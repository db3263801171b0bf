"""Lossless JSON records of results, for the gradebook: what is stored comes back equal to what was graded.

results.json is the public, documented view; these records keep everything a report needs (renderings, wrong
entries, sources), so a reused result renders the same report as a fresh one.
"""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

from mathgrade.check.message import Message
from mathgrade.check.verdict import Rendering, Status
from mathgrade.grade.results import (Alternative, Fingerprint, PartResult, Review, Source, StudentResult,
                                     SubmissionStatus)


def _rendering(r: Rendering | None) -> Any:
    return None if r is None else [r.latex, r.text, [list(row) for row in r.cells]]


def _unrendering(v: Any) -> Rendering | None:
    return None if v is None else Rendering(v[0], v[1], tuple(tuple(row) for row in v[2]))


def _part(p: PartResult) -> dict[str, Any]:
    return {"id": p.id, "status": p.status.value, "score": p.score, "max": p.max, "answer": p.answer,
            "interpreted_as": _rendering(p.interpreted_as), "feedback": p.feedback,
            "expected": _rendering(p.expected), "wrong_entries": [list(e) for e in p.wrong_entries],
            "diagnoses": list(p.diagnoses),
            **({"message": p.message.to_list()} if p.message is not None else {}),
            "source": None if p.source is None else [p.source.start, p.source.end, p.source.snippet,
                                                     p.source.review],
            "fingerprint": None if p.fingerprint is None else p.fingerprint.to_list(),
            "review": None if p.review is None else [p.review.reason, [[a.start, a.end, a.text]
                                                                       for a in p.review.alternatives]]}


def _unpart(d: dict[str, Any]) -> PartResult:
    src = d["source"]
    return PartResult(id=d["id"], status=Status(d["status"]), score=d["score"], max=d["max"], answer=d["answer"],
                      interpreted_as=_unrendering(d["interpreted_as"]), feedback=d["feedback"],
                      expected=_unrendering(d["expected"]),
                      wrong_entries=tuple((int(a), int(b)) for a, b in d["wrong_entries"]),
                      diagnoses=tuple(d["diagnoses"]),
                      source=None if src is None else Source(src[0], src[1], src[2], src[3]),
                      fingerprint=Fingerprint.from_list(d.get("fingerprint")),
                      review=_unreview(d.get("review")),
                      message=Message.from_list(d["message"]) if "message" in d else None)


def _unreview(v: Any) -> Review | None:
    return None if v is None else Review(v[0], tuple(Alternative(a[0], a[1], a[2]) for a in v[1]))


@lru_cache(maxsize=1 << 16)
def _part_json(p: PartResult) -> str:
    # A class repeats the same few part results thousands of times: each distinct one is encoded once.
    return json.dumps(_part(p), ensure_ascii=False, sort_keys=True)


def dumps(r: StudentResult) -> str:
    """A student's result as one JSON text."""
    head = json.dumps({"id": r.id, "name": r.name, "email": r.email, "file": r.file, "status": r.status.value,
                       "score": r.score, "max": r.max, "error": r.error, "unknown_parts": list(r.unknown_parts),
                       "report": r.report, "late_penalty": r.late_penalty,
                       **({"variant": [list(v) for v in r.variant]} if r.variant else {})},
                      ensure_ascii=False, sort_keys=True)
    return head[:-1] + ', "parts": [' + ", ".join(_part_json(p) for p in r.parts) + "]}"


def loads(text: str) -> StudentResult:
    """The inverse of `dumps`."""
    d = json.loads(text)
    return StudentResult(id=d["id"], name=d["name"], email=d["email"], file=d["file"],
                         status=SubmissionStatus(d["status"]), score=d["score"], max=d["max"],
                         parts=tuple(_unpart(p) for p in d["parts"]), error=d["error"],
                         unknown_parts=tuple(d["unknown_parts"]), report=d["report"],
                         late_penalty=d.get("late_penalty", 0.0),
                         variant=tuple((str(k), str(v)) for k, v in d.get("variant", ())))

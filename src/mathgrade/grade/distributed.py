"""Grading on a Dask cluster (`--scheduler tcp://host:port`), for classes that outgrow one machine.

Each task carries a chunk of submissions (their bytes, so workers need no shared disk) and the spec's text;
a worker compiles the spec once and grades the chunk with the same supervised workers as a local run, so the
time and memory limits hold on the cluster too. Dask runs its workers as daemon processes, which multiprocessing
forbids to have children; the supervisor lifts that rule for its own children, which it always kills and joins
(pool.children_allowed). Results come back as the same frozen
result objects, so everything after grading is unchanged. dask.distributed does the scheduling: no home-made
job queue.
"""

from __future__ import annotations

import hashlib
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from mathgrade.errors import UsageError
from mathgrade.grade.pool import Limits
from mathgrade.grade.results import StudentResult

CHUNK = 64
_GRADERS: dict[str, Any] = {}


def _grader(spec_text: str, spec_name: str, today: str | None) -> Any:
    from mathgrade.grade import Grader  # noqa: PLC0415 - runs on the Dask worker
    from mathgrade.spec import parse_spec  # noqa: PLC0415

    key = hashlib.sha256(f"{spec_name}\0{today}\0{spec_text}".encode()).hexdigest()
    if key not in _GRADERS:
        _GRADERS[key] = Grader(parse_spec(spec_text, spec_name), today=today)
    return _GRADERS[key]


def grade_chunk(spec_text: str, spec_name: str, today: str | None, limits: Limits,
                files: list[tuple[str, bytes]]) -> list[StudentResult]:
    """Grade submissions given as (original path, bytes) on a worker; results name the original paths."""
    from dataclasses import replace  # noqa: PLC0415

    from mathgrade.grade.pool import Supervisor  # noqa: PLC0415

    grader = _grader(spec_text, spec_name, today)
    with tempfile.TemporaryDirectory(prefix="mathgrade-") as tmp:
        local = []
        for k, (original, data) in enumerate(files):
            path = Path(tmp) / f"{k:05d}" / Path(original).name  # the stem names a student when nothing else does
            path.parent.mkdir()
            path.write_bytes(data)
            local.append(path)
        names = {str(p): original for p, (original, _) in zip(local, files)}
        results: list[StudentResult] = []
        for index, outcome in Supervisor(grader, 1, limits).run(local):
            if isinstance(outcome, StudentResult):
                results.append(outcome)
            else:
                from mathgrade.grade.sheets import Submission, safe_id  # noqa: PLC0415

                stem = safe_id(Path(files[index][0]).stem)
                results.append(grader.grade(Submission(str(local[index]), stem, stem, "", (), error=outcome)))
        return [replace(r, file=names.get(r.file, r.file)) for r in results]


def grade_on_cluster(spec_path: str, files: list[Path], scheduler: str, limits: Limits,
                     today: str | None = None) -> Iterator[StudentResult]:
    """Submit chunks to the scheduler and yield results as chunks finish."""
    try:
        from distributed import Client, as_completed  # noqa: PLC0415 - optional dependency
    except ImportError:
        raise UsageError("--scheduler needs dask.distributed: pip install 'mathgrade[distributed]'") from None
    spec_text = Path(spec_path).read_text(encoding="utf-8")
    try:
        client = Client(scheduler, timeout=30)
    except OSError as exc:
        raise UsageError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from None
    try:
        futures = []
        for start in range(0, len(files), CHUNK):
            chunk = [(str(f), f.read_bytes()) for f in files[start:start + CHUNK]]
            futures.append(client.submit(grade_chunk, spec_text, spec_path, today, limits, chunk, pure=False))
        for future in as_completed(futures):
            yield from future.result()
    finally:
        client.close()

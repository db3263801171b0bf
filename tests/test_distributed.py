"""The Dask path: the same batch on a local cluster over loopback gives the same results as a local run."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from mathgrade.grade import grade_paths

distributed = pytest.importorskip("distributed")

ROOT = Path(__file__).resolve().parents[1]
K2 = ROOT / "problems" / "k2.yaml"


def test_cluster_results_equal_local_results(tmp_path: Path) -> None:
    folder = tmp_path / "class"
    folder.mkdir()
    sheet = (ROOT / "tests" / "data" / "k2-pallav-kumar-sheet.yaml").read_text(encoding="utf-8")
    for n in range(6):
        (folder / f"s{n}.yaml").write_text(sheet.replace("id: pallav-kumar", f"id: s{n}"), encoding="utf-8")
    shutil.copy(ROOT / "submissions" / "k2-submission-pallav-kumar.md", folder)
    (folder / "broken.json").write_text("{not json", encoding="utf-8")
    files = sorted(folder.iterdir())
    local = grade_paths(str(K2), files, jobs=1)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                  dashboard_address=None) as cluster:
        remote = grade_paths(str(K2), files, scheduler=cluster.scheduler_address)
    assert remote == local
    assert len(remote.students) == 8
    assert {s.status.value for s in remote.students} == {"graded", "error"}

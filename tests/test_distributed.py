"""The Dask path: the same batch on a local cluster over loopback gives the same results as a local run."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from mathgrade.grade import grade_paths
from mathgrade.grade.pool import Limits

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


def test_limits_hold_on_daemon_cluster_workers(tmp_path: Path) -> None:
    """Dask runs workers as daemon processes; before the boundary they graded in-process with no limits at all.
    A real answer that needs more than the time limit (ten nested sums) is stopped on the cluster as it is locally."""
    folder = tmp_path / "class"
    folder.mkdir()
    nested = " ".join(f"sum_{v} y_{v}" for v in "abcdefghlm")
    (folder / "slow.yaml").write_text(
        "student: {id: slow, name: slow}\nanswers:\n"
        f"  2a: '{nested}'\n  4b: '[-1/sqrt(2), 1/sqrt(2)]'\n", encoding="utf-8")
    limits = Limits(answer_seconds=0.3)
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=True, host="127.0.0.1",
                                  dashboard_address=None) as cluster:
        with distributed.Client(cluster) as client:
            assert all(client.run(lambda: __import__("multiprocessing").current_process().daemon).values())
        remote = grade_paths(str(K2), sorted(folder.iterdir()), scheduler=cluster.scheduler_address, limits=limits)
    parts = {p.id: p for p in remote.students[0].parts}
    assert parts["2a"].status.value == "invalid"
    # stopped by the kill at 0.3 s or by the work budget, whichever comes first on a busy machine
    assert "too expensive to evaluate" in parts["2a"].feedback
    assert parts["4b"].status.value == "correct"

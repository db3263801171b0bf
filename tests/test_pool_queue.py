"""The worker pool's queue of files (grade/pool.py `_Pending`): files that name the same affinity (a per-student
variant) go to one worker, an idle worker takes another's files, and files to redo come first."""

from __future__ import annotations

import pytest

from mathgrade.grade.pool import _Pending


def _task(k: int) -> tuple[int, str, dict[str, str]]:
    return (k, f"f{k}.json", {})


def _drain(pending: _Pending, order: list[int]) -> list[tuple[int, int]]:
    """(worker, file index) in the order the workers in `order` ask, until nothing is left."""
    out = []
    while pending:
        for w in order:
            if pending:
                out.append((w, pending.take(w)[0]))
    return out


@pytest.mark.parametrize(("affinities", "workers"), [
    pytest.param(["v1", "v2", "v1", "v2", "v1", "v2"], 2, id="two-variants-alternating"),
    pytest.param(["a", "a", "a", "b", "b", "c", "c", "c", "a"], 2, id="three-variants-two-workers"),
    pytest.param([f"v{k % 5}" for k in range(40)], 3, id="five-variants-three-workers"),
])
def test_files_of_one_affinity_go_to_one_worker_while_it_has_work(affinities: list[str], workers: int) -> None:
    pending = _Pending(workers)
    for k, a in enumerate(affinities):
        pending.add(_task(k), a)
    sizes = sorted(len(q) for q in pending.queues)
    taken = []
    # each worker first empties its own queue: until the shortest queue is empty, nobody steals
    for _ in range(sizes[0]):
        for w in range(workers):
            taken.append((w, pending.take(w)[0]))
    by_worker: dict[int, set[str]] = {}
    for w, k in taken:
        by_worker.setdefault(w, set()).add(affinities[k])
    seen = [a for names in by_worker.values() for a in names]
    assert len(seen) == len(set(seen)), by_worker  # no affinity was split between workers
    rest = _drain(pending, list(range(workers)))
    assert sorted(k for _, k in taken + rest) == list(range(len(affinities)))  # every file once


def test_an_idle_worker_takes_from_the_back_of_the_longest_queue() -> None:
    pending = _Pending(2)
    names = {0: "x", 1: "x", 2: "x", 3: "x"}
    for k, a in names.items():
        pending.add(_task(k), a)
    own = 0 if pending.queues[0] else 1
    assert pending.take(1 - own)[0] == 3  # nothing of its own: the other's last file
    assert pending.take(own)[0] == 0  # the owner keeps its order


def test_files_to_redo_come_first_in_the_order_given() -> None:
    pending = _Pending(2)
    for k in range(4):
        pending.add(_task(k), "same")
    pending.first([_task(8), _task(9)])
    pending.first([_task(7)])
    assert [pending.take(0)[0] for _ in range(3)] == [7, 8, 9]
    assert sorted(pending.take(1)[0] for _ in range(4)) == [0, 1, 2, 3]
    assert not pending


def test_without_affinity_one_queue_keeps_the_files_in_order() -> None:
    pending = _Pending(1)
    for k in range(5):
        pending.add(_task(k), str(k))
    assert [pending.take(k % 2)[0] for k in range(5)] == [0, 1, 2, 3, 4]


@pytest.mark.parametrize(("name", "text", "expected"), [
    pytest.param("a.json", '{"student": {"id": "s077", "name": "Ada"}, "answers": {}}', "s077", id="json"),
    pytest.param("b.json", '{"assignment": "k2", "student": {"name": "B", "id": "jb204"}}', "jb204",
                 id="json-id-after-name"),
    pytest.param("c.yaml", "student:\n  id: kt117\n  name: Kim\nanswers: {}\n", "kt117", id="yaml"),
    pytest.param("d.yaml", "student: {name: Lee, id: lw552}\nanswers: {}\n", "d", id="yaml-flow-falls-back"),
    pytest.param("e.md", "# Homework 2\nby someone\n", "e", id="document-stem"),
    pytest.param("f g.json", "not json at all", "f_g", id="unreadable-stem"),
])
def test_declared_student_is_a_guess_from_the_head(tmp_path, name: str, text: str, expected: str) -> None:
    from mathgrade.grade.sheets import declared_student

    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    assert declared_student(path) == expected

"""Atomic writes: files appear whole with the user's umask, temp files of writers that died are
cleaned up on the next write, and ``check_writable`` refuses bad output paths leaving nothing."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from dlkit import files
from dlkit.errors import UsageError


def test_outputs_get_the_users_umask(tmp_path):
    old = os.umask(0o022)
    try:
        path = files.write_text(tmp_path / "a.txt", "hello")
    finally:
        os.umask(old)
    assert path.read_text() == "hello"
    assert (path.stat().st_mode & 0o777) == 0o644


def test_temp_files_of_dead_writers_are_removed_on_the_next_write(tmp_path):
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    ).stdout.strip()
    stale = tmp_path / f".metrics.json.{dead}-abc123.tmp"
    stale.write_text("half a file")
    alive = tmp_path / f".other.csv.{os.getpid()}-xyz789.tmp"  # ours, still being written
    alive.write_text("in progress")
    files.write_json(tmp_path / "metrics.json", {"ok": 1})
    assert not stale.exists() and alive.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == [alive.name, "metrics.json"]


def test_a_failed_write_leaves_nothing(tmp_path):
    with pytest.raises(RuntimeError):
        with files.atomic_path(tmp_path / "x.csv") as tmp:
            tmp.write_text("partial")
            raise RuntimeError("crash")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    "make,kind,message",
    [
        (lambda t: t / "file" / "sub", "dir", "is a file"),
        (lambda t: t / "file", "dir", "is a file, not a folder"),
        (lambda t: t, "file", "is a folder, not a file"),
        (lambda t: "/proc/dlkit-out", "dir", "cannot write"),
    ],
)
def test_check_writable_refuses_and_leaves_nothing(tmp_path, make, kind, message):
    (tmp_path / "file").write_text("x")
    before = sorted(p.name for p in tmp_path.iterdir())
    with pytest.raises(UsageError, match=message):
        files.check_writable(make(tmp_path), "--out", kind)
    assert sorted(p.name for p in tmp_path.iterdir()) == before


def test_check_writable_accepts_a_new_nested_folder(tmp_path):
    assert files.check_writable(tmp_path / "a" / "b", "--out") == tmp_path / "a" / "b"
    assert not (tmp_path / "a").exists()

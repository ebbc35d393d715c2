"""What a failure leaves behind: a run that fails before its first epoch leaves no folder (not
even ``config.yaml``); a run with finished epochs stays, marked failed, and ``--resume`` finishes
it; a full disk (a small tmpfs, when the tests run as root) is exit 3 naming the file, for
``train``, ``predict --output`` and ``evaluate`` alike, with nothing half-written left."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from dlkit.engine.trainer import Trainer
from dlkit.errors import DataError

ARGS = ["--device", "cpu", "-q"]


def test_error_before_the_first_epoch_leaves_no_folder(cli, tmp_path, monkeypatch):
    def fail(self, run_dir):
        raise DataError("a data problem found once the run folder exists")

    monkeypatch.setattr(Trainer, "fit", fail)
    result = cli("train", "digits-mlp", *ARGS, "--out", tmp_path / "runs")
    assert result.exit_code == 3 and "data problem" in result.stderr
    assert not (tmp_path / "runs").exists()


def test_error_after_an_epoch_keeps_the_run_marked_failed(cli, tmp_path, monkeypatch):
    original = Trainer._save

    def save_then_fail(self, run_dir, improved):
        original(self, run_dir, improved)
        if self.state.epoch == 1:
            raise DataError("the disk went away")

    monkeypatch.setattr(Trainer, "_save", save_then_fail)
    result = cli("train", "digits-mlp", "--epochs", "2", *ARGS, "--out", tmp_path)
    run = tmp_path / "digits-mlp/001"
    assert result.exit_code == 3
    assert f"1 finished epoch(s); resume with: dlkit train --resume {run}" in result.stderr
    marker = json.loads((run / "failed.json").read_text())
    assert marker["status"] == "failed" and marker["epochs_done"] == 1
    monkeypatch.setattr(Trainer, "_save", original)
    assert cli("train", "--resume", run, "-q").exit_code == 0
    assert not (run / "failed.json").exists() and (run / "metrics.json").is_file()
    assert len((run / "history.csv").read_text().splitlines()) == 3


@pytest.fixture
def tmpfs(tmp_path):
    """A mount(size) helper for a small tmpfs under tmp_path (root only; skipped otherwise)."""
    if os.geteuid() != 0:
        pytest.skip("a tmpfs needs root")
    point = tmp_path / "disk"
    point.mkdir()
    mounted = []

    def mount(size_k: int) -> Path:
        option = f"size={size_k}k" if not mounted else f"remount,size={size_k}k"
        if (
            subprocess.run(
                ["mount", "-t", "tmpfs", "-o", option, "tmpfs", str(point)],
                capture_output=True,
                check=False,
            ).returncode
            != 0
        ):
            pytest.skip("cannot mount a tmpfs here")
        mounted.append(point)
        return point

    yield mount
    if mounted:
        subprocess.run(["umount", str(point)], capture_output=True, check=False)


def test_full_disk_at_the_first_checkpoint_leaves_nothing(cli, tmpfs):
    disk = tmpfs(64)
    result = cli("train", "digits-mlp", "--epochs", "1", *ARGS, "--out", disk / "runs")
    assert result.exit_code == 3, result.stderr
    assert "cannot write" in result.stderr and "no space left on device" in result.stderr
    assert list(disk.iterdir()) == []


@pytest.mark.slow
def test_full_disk_mid_run_keeps_epochs_and_resumes(cli, tmp_path, tmpfs):
    assert cli("train", "digits-mlp", "--epochs", "1", *ARGS, "--out", tmp_path).exit_code == 0
    sizes = {p.name: p.stat().st_size for p in (tmp_path / "digits-mlp/001").iterdir()}
    best, last = sizes["best.pt"] // 1024, sizes["last.pt"] // 1024
    # epoch 1 fits (best + last), epoch 2's last.pt temp file does not (best + 2 last)
    disk = tmpfs(best + last + (best + last) // 2 + 8)
    result = cli("train", "digits-mlp", "--epochs", "2", *ARGS, "--out", disk / "runs")
    run = disk / "runs/digits-mlp/001"
    assert result.exit_code == 3, result.stderr
    assert f"cannot write {run}/last.pt: no space left" in result.stderr
    assert json.loads((run / "failed.json").read_text())["epochs_done"] == 1
    assert not [p for p in run.iterdir() if p.name.endswith(".tmp")]
    tmpfs(4096)  # the user frees some space
    resumed = cli("train", "--resume", run, "-q")
    assert resumed.exit_code == 0, resumed.stderr
    assert len((run / "history.csv").read_text().splitlines()) == 3


def test_full_disk_for_predict_output_and_evaluate(cli, tmp_path, tmpfs):
    import shutil

    assert cli("train", "digits-mlp", "--epochs", "1", *ARGS, "--out", tmp_path).exit_code == 0
    run = tmp_path / "digits-mlp/001"
    disk = tmpfs(512)
    copy = Path(shutil.copytree(run, disk / "run", ignore=shutil.ignore_patterns("plots")))
    used = sum(p.stat().st_blocks * 512 for p in copy.rglob("*") if p.is_file())  # on disk
    (disk / "filler").write_bytes(b"\0" * (512 * 1024 - used - 24 * 1024))
    result = cli("evaluate", copy)
    assert result.exit_code == 3 and "no space left on device" in result.stderr, result.stderr
    assert not (copy / "eval-test").exists()
    (disk / "filler").unlink()
    (disk / "filler").write_bytes(b"\0" * (512 * 1024 - used - 16 * 1024))
    image = tmp_path / "digit.png"
    import cv2
    import numpy as np

    cv2.imwrite(str(image), np.full((8, 8), 200, np.uint8))
    out = disk / "preds.json"
    result = cli("predict", copy, *[str(image)] * 400, "--output", out)
    assert result.exit_code == 3 and f"cannot write {out}" in result.stderr, result.stderr
    assert not out.exists() and not [p for p in disk.iterdir() if p.name.endswith(".tmp")]


def test_a_failed_evaluate_report_leaves_no_new_folder(tmp_path):
    from dlkit.engine.run_failure import fresh_folder

    new, old = tmp_path / "eval-test", tmp_path / "eval-val"
    old.mkdir()
    for folder in (new, old):
        with pytest.raises(DataError), fresh_folder(folder):
            folder.mkdir(exist_ok=True)
            (folder / "half.png").write_bytes(b"x")
            raise DataError("the report failed half-way")
    assert not new.exists() and old.is_dir()  # an earlier, complete folder is kept

"""kill -9 in the middle of training, then ``--resume``: the run folder holds only complete files
(atomic writes: no ``.tmp`` survives the next write), and the resumed run finishes every epoch
with a history that continues the killed one. For the supervised step (digits-mlp) and the bptt
step (charlm); bit-exactness after a crash is ``test_resume.py``'s."""

from __future__ import annotations

import csv
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from dlkit_testing import cli_env

RECIPES = {
    "digits-mlp": ["--epochs", "8"],
    "charlm": [
        "--epochs",
        "8",
        "--set",
        "data.sequences=2",
        "--set",
        "data.seq_length=10",
        "--batch-size",
        "2",
        "--set",
        "model.hidden_size=8",
        "--set",
        "model.num_layers=1",
    ],
}


def _history(run: Path) -> list[dict]:
    with open(run / "history.csv", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.mark.slow
@pytest.mark.parametrize("recipe", list(RECIPES))
def test_kill_9_mid_training_then_resume(recipe, tmp_path):
    extra = list(RECIPES[recipe])
    if recipe == "charlm":
        story = tmp_path / "story.txt"
        story.write_text("Alice was beginning to get very tired of sitting by her sister. " * 20)
        extra += ["--data", str(story)]
    env = cli_env({"OMP_NUM_THREADS": "1"})
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "dlkit",
            "train",
            recipe,
            "--out",
            str(tmp_path),
            "--device",
            "cpu",
            "-q",
            *extra,
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        cwd=tmp_path,
    )
    run = tmp_path / recipe / "001"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not (run / "last.pt").is_file():
        time.sleep(0.01)
    proc.send_signal(signal.SIGKILL)
    proc.wait(30)
    assert proc.returncode == -signal.SIGKILL, "training ended before it could be killed"
    import torch

    done = torch.load(run / "last.pt", weights_only=True)["epoch"]  # history.csv may lag it
    assert 1 <= done < 8
    resumed = subprocess.run(
        [sys.executable, "-m", "dlkit", "train", "--resume", str(run), "-q"],
        env=env,
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
        timeout=300,
    )
    assert resumed.returncode == 0, resumed.stderr
    rows = _history(run)
    assert [int(r["epoch"]) for r in rows] == list(range(1, 9))
    assert (run / "metrics.json").is_file() and not (run / "failed.json").exists()
    assert not [p for p in run.iterdir() if p.name.endswith(".tmp")]

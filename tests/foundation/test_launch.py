"""``dlkit train --nproc``: the device checks, the torchrun command, the words each worker runs,
the start-up watch (a rank that hangs is named, and everything is stopped), the relay of the
workers' output, and (slow) a real two-process CPU run through torchrun."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from dlkit.cli.train import _train_words
from dlkit.errors import NetworkError, UsageError
from dlkit.jobs.launch import check_devices, command, watch


@pytest.mark.parametrize(
    "nproc, device, gpus, expected",
    [
        (2, "cuda", 2, "cuda"),
        (1, "cuda:1", 2, "cuda"),
        (2, "auto", 4, "cuda"),
        (2, "auto", 0, "cpu"),
        (2, "cpu", 8, "cpu"),
        (1, "mps", 0, "mps"),
    ],
)
def test_devices_that_fit(nproc, device, gpus, expected):
    assert check_devices(nproc, device, gpus, True, cpu_cores=2) == expected


def test_auto_on_a_mac_is_mps_and_one_process():
    assert check_devices(1, "auto", 0, False, cpu_cores=8, mps=True) == "mps"
    with pytest.raises(UsageError, match="MPS"):
        check_devices(2, "auto", 0, False, cpu_cores=8, mps=True)


@pytest.mark.parametrize(
    "nproc, device, gpus, match",
    [
        (3, "cuda", 2, "only 2 CUDA device"),
        (2, "cuda", 0, "no CUDA GPU"),
        (2, "cuda:1", 2, "names one GPU"),
        (2, "mps", 0, "MPS"),
        (3, "cpu", 0, "2 core"),
    ],
)
def test_devices_that_do_not(nproc, device, gpus, match):
    with pytest.raises(UsageError, match=match):
        check_devices(nproc, device, gpus, True, cpu_cores=2)


def test_the_torchrun_command_and_the_workers_words(tmp_path):
    words = _train_words(
        "digits-mlp",
        ["extra.yaml"],
        ["optim.lr=0.1"],
        device="cpu",
        epochs=1,
        batch_size=None,
        out="runs",
    )
    assert words == [
        "digits-mlp",
        "--config",
        "extra.yaml",
        "--set",
        "optim.lr=0.1",
        "--device",
        "cpu",
        "--epochs",
        "1",
        "--out",
        "runs",
    ]
    alone = command(2, 1, None, tmp_path, words)
    assert alone[1:4] == ["-m", "torch.distributed.run", "--nproc-per-node=2"]
    assert "--standalone" in alone and alone[-len(words) - 3 :] == ["-m", "dlkit", "train", *words]
    nodes = command(4, 2, "10.0.0.1:29500", tmp_path, words)
    assert "--rdzv-endpoint=10.0.0.1:29500" in nodes and "--standalone" not in nodes


def _sleeper() -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", "import time; time.sleep(60)"], start_new_session=True
    )


def test_a_rank_that_hangs_at_start_up_is_named_and_stopped(tmp_path):
    proc = _sleeper()
    (tmp_path / "stage.0").write_text(f"0 {proc.pid} ready\n")
    (tmp_path / "stage.1").write_text("1 999999999 joined\n")
    started = time.monotonic()
    with pytest.raises(NetworkError, match=r"rank 1 \(stuck after: joined the process group"):
        watch(proc, tmp_path, nproc=2, start_timeout=0.5, poll=0.05)
    assert proc.poll() is not None and time.monotonic() - started < 15
    proc = _sleeper()
    (tmp_path / "stage.1").unlink()
    with pytest.raises(NetworkError, match=r"local rank 1 \(not started\)"):
        watch(proc, tmp_path, nproc=2, start_timeout=0.3, poll=0.05)
    assert proc.poll() is not None


def test_rank_zero_output_is_relayed_and_errors_once(tmp_path, capsys):
    for local, err in (
        (0, "epoch 1/1\ndlkit: error: no such file: x.csv\n"),
        (1, "dlkit: error: no such file: x.csv\nnoise from rank 1\n"),
    ):
        folder = tmp_path / "logs" / "run_x" / "attempt_0" / str(local)
        folder.mkdir(parents=True)
        (folder / "stderr.log").write_text(err)
        (folder / "stdout.log").write_text("runs/digits-mlp/001\n" if local == 0 else "")
    (tmp_path / "torchrun.log").write_text("rank : 0 (local_rank: 0)\nexitcode  : 3 (pid: 12)\n")
    proc = subprocess.Popen([sys.executable, "-c", "raise SystemExit(1)"])
    assert watch(proc, tmp_path, nproc=2, start_timeout=30, poll=0.05) == 3
    out, err = capsys.readouterr()
    assert out == "runs/digits-mlp/001\n"
    assert err == "epoch 1/1\ndlkit: error: no such file: x.csv\n"


@pytest.mark.slow
def test_two_cpu_processes_through_torchrun(tmp_path, cli_proc):
    result = cli_proc(
        "train",
        "digits-mlp",
        "--epochs",
        "1",
        "--device",
        "cpu",
        "--nproc",
        "2",
        "--out",
        str(tmp_path),
    )
    assert result.exit_code == 0, result.stderr
    assert "x2 (DDP)" in result.stderr and "epoch 1/1" in result.stderr
    run = Path(result.stdout.strip().splitlines()[-1])
    assert json.loads((run / "metrics.json").read_text())["test_acc"] > 0.3

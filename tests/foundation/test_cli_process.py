"""The CLI as a separate process: entry points, fast --help without torch, one-line errors, DDP."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from dlkit_testing import cli_env as _env


def test_help_lists_the_jobs_and_does_not_import_torch():
    code = (
        "import sys\nfrom dlkit.cli.main import app\n"
        "try:\n    app(['--help'])\nexcept SystemExit:\n    pass\n"
        "print('TORCH' if 'torch' in sys.modules else 'NO-TORCH')"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], env=_env(), capture_output=True, text=True, timeout=120
    ).stdout
    assert out.strip().endswith("NO-TORCH")
    for verb in ("train", "evaluate", "predict", "prepare", "recipes", "config"):
        assert verb in out


def test_python_dash_m_and_exit_codes(cli_proc, tmp_path):
    assert cli_proc("--version").stdout.startswith("dlkit ")
    result = cli_proc("train", "digits-mlp", "--set", "trainer.epochs=0")
    assert result.exit_code == 2
    assert result.stderr.startswith("dlkit: error: invalid config: trainer.epochs")
    assert result.stderr.count("\n") == 1 and not result.stdout
    result = cli_proc("no-such-command")
    assert result.exit_code == 2 and result.stderr.count("\n") == 1


def test_torchrun_trains_with_ddp_on_cpu(tmp_path):
    env = _env({"OMP_NUM_THREADS": "1"})
    cmd = [
        sys.executable,
        "-m",
        "torch.distributed.run",
        "--standalone",
        "--nproc_per_node",
        "2",
        "-m",
        "dlkit",
        "train",
        "digits-mlp",
        "--epochs",
        "2",
        "--device",
        "cpu",
        "--out",
        str(tmp_path),
        "--json",
        "-q",
    ]
    proc = subprocess.run(
        cmd, env=env, capture_output=True, text=True, timeout=300, cwd=str(tmp_path)
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    runs = list((tmp_path / "digits-mlp").iterdir())
    assert [r.name for r in runs] == ["001"]  # only rank 0 writes
    summary = json.loads((runs[0] / "metrics.json").read_text())
    assert summary["epochs"] == 2 and summary["test_acc"] > 0.5
    assert os.path.isfile(runs[0] / "last.pt")

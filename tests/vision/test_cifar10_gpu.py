"""cifar10-fast on a real GPU (marked ``gpu``, off by default; run with ``pytest -m gpu``): the
data stays on the device, bf16 autocast and channels_last work, and the run writes its files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cifar_files import make_cifar

torch = pytest.importorskip("torch")
pytestmark = [
    pytest.mark.gpu,
    pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA device"),
]


def test_fast_recipe_on_cuda(cli, tmp_path):
    data = make_cifar(tmp_path / "data", per_batch=2000, n_test=1000)
    result = cli(
        "train",
        "cifar10-fast",
        "--data-dir",
        data,
        "--out",
        tmp_path,
        "--device",
        "cuda",
        "--epochs",
        "2",
        "--quiet",
        env={"DLKIT_OFFLINE": "1"},
    )
    assert result.exit_code == 0, result.stderr
    run = Path(result.stdout.strip().splitlines()[-1])
    metrics = json.loads((run / "metrics.json").read_text())
    assert metrics["device"].startswith("cuda") and metrics["test_acc"] > 0.5

"""A user's own network named by import path (``model.name: my_nets:TinyNet``) is built like a
built-in: its signature is its schema, dlkit's own arguments reach it only when declared, and the
checkpoint records the path, so evaluate, predict and export rebuild it in fresh processes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

NETS = '''
from torch import nn


class TinyNet(nn.Module):
    """Flatten, one hidden layer; takes num_outputs but not in_shape."""

    def __init__(self, num_outputs: int, hidden: int = 32, dropout: float = 0.0):
        super().__init__()
        self.body = nn.Sequential(nn.Flatten(), nn.LazyLinear(hidden), nn.ReLU(),
                                  nn.Dropout(dropout), nn.Linear(hidden, num_outputs))

    def forward(self, x):
        return self.body(x)


def broken(num_outputs: int, hidden: int = 1):
    raise RuntimeError("this factory always fails")
'''

RECIPE = """
name: my-digits
task: classification
data: {name: digits, batch_size: 64}
model: {name: "my_nets:TinyNet", hidden: 24}
optim: {name: adam, lr: 0.01}
trainer: {epochs: 2, monitor: val_acc}
"""


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    """A user's project folder: my_nets.py beside my.yaml, trained from that folder."""
    import subprocess
    import sys

    from dlkit_testing import cli_env

    root = tmp_path_factory.mktemp("project")
    (root / "my_nets.py").write_text(NETS)
    (root / "my.yaml").write_text(RECIPE)
    proc = subprocess.run(
        [sys.executable, "-m", "dlkit", "train", "my.yaml", "--quiet"],
        cwd=root,
        env=cli_env(),
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr
    return root, root / proc.stdout.strip().splitlines()[-1]


def test_trains_and_records_the_import_path(project):
    import torch

    _, run = project
    ckpt = torch.load(run / "best.pt", weights_only=True)
    assert ckpt["model"]["name"] == "my_nets:TinyNet"
    assert ckpt["model"]["options"]["hidden"] == 24
    assert json.loads((run / "metrics.json").read_text())["test_acc"] > 0.5


def test_evaluates_predicts_and_exports_in_fresh_processes(project, cli_proc, tmp_path):
    import cv2
    import numpy as np

    root, run = project
    result = cli_proc("evaluate", run, "--json", cwd=root)
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["accuracy"] > 0.5
    digit = np.zeros((8, 8), np.uint8)
    digit[1:7, 4] = 255
    cv2.imwrite(str(tmp_path / "one.png"), digit)
    result = cli_proc("predict", run, tmp_path / "one.png", "--json", cwd=root)
    assert result.exit_code == 0, result.stderr
    assert len(json.loads(result.stdout)["predictions"]) == 1
    out = tmp_path / "tiny.onnx"
    result = cli_proc("export", run, "--out", out, "--json", cwd=root)
    assert result.exit_code == 0, result.stderr
    assert json.loads(Path(f"{out}.json").read_text())["verified"]["max_abs_diff"] <= 1e-4


def test_elsewhere_the_module_must_be_importable(project, cli_proc, tmp_path):
    root, run = project
    result = cli_proc("evaluate", run, cwd=tmp_path)  # my_nets.py is not here
    assert result.exit_code == 2
    assert "cannot import my_nets" in result.stderr and len(result.stderr.splitlines()) == 1
    result = cli_proc("evaluate", run, "--json", cwd=tmp_path, env={"PYTHONPATH": str(root)})
    assert result.exit_code == 0, result.stderr


@pytest.mark.parametrize(
    "override, match",
    [
        ("model.hidden=wide", "model.hidden"),  # its signature types the key
        ("model.depth=3", "model.depth: unknown key"),  # and knows its keys
        ("model.name=my_nets:Missing", "has no 'Missing'"),
        ("model.name=no_such_module:Net", "cannot import no_such_module"),
        ("model.name=my_nets:broken", "this factory always fails"),
    ],
)
def test_bad_user_models_are_one_line(project, cli_proc, override, match):
    root, _ = project
    result = cli_proc("train", "my.yaml", "--set", override, cwd=root)
    assert result.exit_code == 2, result.stderr
    assert match in result.stderr and len(result.stderr.splitlines()) == 1

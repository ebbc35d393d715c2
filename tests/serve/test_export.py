"""dlkit export as a user types it: round trips for an MLP, a CNN and an LSTM run in both formats
(reloaded here independently of export's own check), the JSON beside the file, and the one-line
refusal or failure for what does not export faithfully."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

# The LSTM's ONNX export costs ~6 s of CPU (the dynamo exporter decomposes both LSTMs): slow.
CASES = [
    ("digits-mlp", "torchscript"),
    ("digits-mlp", "onnx"),
    ("digits-cnn", "onnx"),
    ("digits-cnn", "torchscript"),
    ("stock-lstm", "torchscript"),
    pytest.param("stock-lstm", "onnx", marks=pytest.mark.slow, id="stock-lstm-onnx"),
]


@pytest.mark.parametrize("recipe,fmt", CASES)
def test_export_round_trip(cli, runs, tmp_path, recipe, fmt):
    import torch

    from dlkit.data.inputs import input_from_dict
    from dlkit.engine import checkpoint
    from dlkit.jobs.export import load_exported

    if (recipe, fmt) == ("digits-mlp", "onnx"):  # the defaults: onnx, RUN/export/
        out, args = runs[recipe] / "export" / "model.onnx", []
    else:
        out, args = tmp_path / f"model.{fmt}", ["--format", fmt, "--out", tmp_path / f"model.{fmt}"]
    result = cli("export", runs[recipe], *args)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip() == str(out) and out.is_file()
    assert "max abs difference" in result.stderr
    meta = json.loads(Path(f"{out}.json").read_text())
    ckpt = checkpoint.load(runs[recipe] / "best.pt")
    assert meta["format"] == fmt and meta["recipe"] == recipe and meta["task"] == ckpt["task"]
    assert meta["input"]["shape"] == ["batch", *ckpt["model"]["in_shape"]]
    assert meta["input"]["dtype"] == "float32"
    assert meta["preprocessing"] == ckpt["input_spec"]
    assert meta["classes"] == list(ckpt.get("classes") or [])
    assert 0 <= meta["verified"]["max_abs_diff"] <= 1e-4
    # reload independently, at a batch size export never used, on inputs it never saw
    spec = input_from_dict(ckpt["input_spec"])
    x = spec.batch_transform()(torch.from_numpy(spec.sample(5, seed=123)))
    model = checkpoint.build_model(ckpt).eval()
    with torch.no_grad():
        want = model(x).numpy()
    got = load_exported(fmt, out)(x.numpy())
    assert got.shape == want.shape and np.abs(got - want).max() < 1e-4


def test_json_flag_prints_the_description(cli, runs, tmp_path):
    result = cli(
        "export", runs["digits-cnn"], "-f", "torchscript", "--out", tmp_path / "m.pt", "--json"
    )
    assert result.exit_code == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary == json.loads((tmp_path / "m.pt.json").read_text())
    assert summary["output"]["shape"] == ["batch", 10] and summary["model"] == "cnn"


class _DataDependent:
    """A model that branches on its input's values (torch.export refuses it) and scales by its
    batch size as a Python number (a TorchScript trace freezes it: the reloaded file disagrees at
    other batch sizes)."""

    @staticmethod
    def build(ckpt, head_only=False):
        import torch

        class Branchy(torch.nn.Module):
            def forward(self, x):
                flat = x.flatten(1)
                if float(flat.sum()) > 0:
                    return flat[:, :10] * float(int(x.shape[0]))
                return -flat[:, :10]

        return Branchy()


def test_what_cannot_export_is_refused_in_one_line(cli, runs, tmp_path, monkeypatch):
    from dlkit.engine import checkpoint

    monkeypatch.setattr(checkpoint, "build_model", _DataDependent.build)
    result = cli("export", runs["digits-mlp"], "--format", "onnx", "--out", tmp_path / "m.onnx")
    assert result.exit_code == 2, result.stderr
    err = result.stderr.strip()
    assert err.startswith("dlkit: error: cannot export digits-mlp") and "\n" not in err
    assert not list(tmp_path.iterdir())


def test_a_disagreeing_export_fails_and_leaves_nothing(cli, runs, tmp_path, monkeypatch):
    from dlkit.engine import checkpoint

    monkeypatch.setattr(checkpoint, "build_model", _DataDependent.build)
    result = cli(
        "export", runs["digits-mlp"], "--format", "torchscript", "--out", tmp_path / "m.pt"
    )
    assert result.exit_code == 3, result.stderr
    assert "disagrees with the checkpoint" in result.stderr and "nothing written" in result.stderr
    assert not list(tmp_path.iterdir())

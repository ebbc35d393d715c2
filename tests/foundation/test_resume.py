"""--resume continues from last.pt and ends with exactly the weights of an uninterrupted run."""

from __future__ import annotations

import shutil

import torch

from dlkit.engine.trainer import Trainer

ARGS = ["--epochs", "4", "--device", "cpu", "-q", "--set", "model.dropout=0.3"]


def _weights(path):
    return torch.load(path, weights_only=True)


def test_resume_after_a_crash_matches_uninterrupted_run(cli, tmp_path, monkeypatch):
    assert cli("train", "digits-mlp", *ARGS, "--out", tmp_path / "full").exit_code == 0
    full = _weights(tmp_path / "full/digits-mlp/001/last.pt")

    # Run again, keeping a copy of last.pt as it was after epoch 2: that is what a run killed
    # during epoch 3 leaves behind (the cosine schedule still spans all 4 epochs).
    original_save = Trainer._save

    def save_and_snapshot(self, run_dir, improved):
        original_save(self, run_dir, improved)
        if self.state.epoch == 2:
            shutil.copy(run_dir / "last.pt", tmp_path / "epoch2.pt")

    monkeypatch.setattr(Trainer, "_save", save_and_snapshot)
    assert cli("train", "digits-mlp", *ARGS, "--out", tmp_path / "crash").exit_code == 0
    monkeypatch.setattr(Trainer, "_save", original_save)
    crashed = tmp_path / "crash/digits-mlp/001"
    shutil.copy(tmp_path / "epoch2.pt", crashed / "last.pt")

    result = cli("train", "--resume", crashed, "-q")
    assert result.exit_code == 0, result.stderr
    resumed = _weights(crashed / "last.pt")
    assert resumed["epoch"] == full["epoch"] == 4
    for key, tensor in full["state_dict"].items():
        assert torch.equal(tensor, resumed["state_dict"][key]), key
    assert [r["train_loss"] for r in resumed["fit_state"]["history"]] == [
        r["train_loss"] for r in full["fit_state"]["history"]
    ]


def test_resume_can_extend_epochs(cli, tmp_path):
    cli("train", "digits-mlp", "--epochs", "1", "-q", "--out", tmp_path)
    run = tmp_path / "digits-mlp/001"
    assert cli("train", "--resume", run, "--epochs", "2", "-q").exit_code == 0
    assert _weights(run / "last.pt")["epoch"] == 2


def test_resume_errors(cli, tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    result = cli("train", "--resume", empty)
    assert result.exit_code == 3 and "no last.pt" in result.stderr
    cli("train", "digits-mlp", "--epochs", "1", "-q", "--out", tmp_path)
    result = cli("train", "mnist-cnn", "--resume", tmp_path / "digits-mlp/001")
    assert result.exit_code == 2 and "trained with recipe 'digits-mlp'" in result.stderr

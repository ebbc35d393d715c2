"""The shared shape every task family plugs into: a trainer handed its parts and a step protocol
(two networks and two optimisers resume exactly), extended runs that re-plan their schedule,
Ctrl-C that says how to resume, ``evaluate --data`` on new labelled folders, and ``predict``
naming every input it could not read."""

from __future__ import annotations

import json
import math
from pathlib import Path
from types import SimpleNamespace

import cv2
import numpy as np
import pytest
import torch

from dlkit.engine import checkpoint
from dlkit.engine.fit_state import FitState
from dlkit.engine.loader import ArrayLoader
from dlkit.engine.trainer import Trainer


class TwoNetStep:
    """A GAN-shaped step: net A steps every batch, net B every 2nd batch, each its own Adam."""

    metric = "acc"

    def __init__(self) -> None:
        torch.manual_seed(0)
        self.model = torch.nn.Linear(4, 2)
        self.other = torch.nn.Sequential(
            torch.nn.Linear(4, 4), torch.nn.Dropout(0.5), torch.nn.Linear(4, 1)
        )
        self.opt_a = torch.optim.Adam(self.model.parameters(), lr=1e-2)
        self.opt_b = torch.optim.Adam(self.other.parameters(), lr=1e-2)

    def start_epoch(self, epoch: int) -> None:
        pass

    def train(self, mode: bool = True) -> None:
        self.model.train(mode)
        self.other.train(mode)

    def train_batch(self, batch, index):
        x, y = batch
        loss_a = torch.nn.functional.cross_entropy(self.model(x), y)
        self.opt_a.zero_grad()
        loss_a.backward()
        self.opt_a.step()
        if index % 2 == 1:
            loss_b = self.other(x).pow(2).mean()
            self.opt_b.zero_grad()
            loss_b.backward()
            self.opt_b.step()
        return loss_a.detach() * len(y), (self.model(x).argmax(1) == y).sum(), len(y)

    def eval_batch(self, batch):
        x, y = batch
        with torch.no_grad():
            out = self.model(x)
            return (
                torch.nn.functional.cross_entropy(out, y) * len(y),
                (out.argmax(1) == y).sum(),
                len(y),
            )

    def end_epoch(self, monitored: float) -> None:
        pass

    @property
    def lr(self) -> float:
        return self.opt_a.param_groups[0]["lr"]

    def weights(self):
        return {"state_dict": self.model.state_dict(), "other": self.other.state_dict()}

    def load_weights(self, ckpt):
        self.model.load_state_dict(ckpt["state_dict"])
        self.other.load_state_dict(ckpt["other"])

    def state_dict(self):
        return {"optimizer": self.opt_a.state_dict(), "optimizer_b": self.opt_b.state_dict()}

    def load_state_dict(self, state, replan_epochs=None):
        self.opt_a.load_state_dict(state["optimizer"])
        self.opt_b.load_state_dict(state["optimizer_b"])


def _trainer(epochs: int) -> Trainer:
    rng = np.random.default_rng(0)
    x = rng.normal(size=(40, 4)).astype(np.float32)
    y = (x[:, 0] > 0).astype(np.int64)
    generator = torch.Generator().manual_seed(0)
    cpu = torch.device("cpu")
    loader = ArrayLoader(
        x,
        y,
        8,
        cpu,
        lambda b, train=False: b.float(),
        shuffle=True,
        generator=generator,
        train=True,
    )
    cfg = SimpleNamespace(monitor="train_loss", mode="auto", patience=None, min_delta=0.0)
    step = TwoNetStep()
    describe = {
        "recipe": "two-net",
        "config": {},
        "input_spec": {},
        "model": {"name": "mlp", "options": {}, "in_shape": [4], "num_outputs": 2},
    }
    return Trainer(
        step,
        loader,
        None,
        epochs,
        FitState.start(cfg, False, step.metric),
        cpu,
        describe,
        generator=generator,
    )


def test_a_two_optimiser_step_resumes_exactly_through_the_one_trainer(tmp_path):
    full = _trainer(4)
    full.fit(tmp_path / "full")
    first = _trainer(2)
    first.fit(tmp_path / "part")
    torch.manual_seed(123)  # whatever the process did in between
    resumed = _trainer(4)
    resumed.restore(checkpoint.load(tmp_path / "part" / "last.pt"))
    resumed.fit(tmp_path / "part")
    for name in ("model", "other"):
        a, b = getattr(full.step, name).state_dict(), getattr(resumed.step, name).state_dict()
        assert all(torch.equal(a[k], b[k]) for k in a), name
    assert [r["train_loss"] for r in resumed.state.history] == [
        r["train_loss"] for r in full.state.history
    ]


def _history(run: Path) -> list[dict]:
    import csv

    with open(run / "history.csv") as handle:
        return list(csv.DictReader(handle))


def test_extending_a_finished_run_replans_the_schedule(cli, tmp_path):
    args = ["--device", "cpu", "-q", "--out", tmp_path, "--lr", "0.01"]
    assert cli("train", "digits-mlp", "--epochs", "2", *args).exit_code == 0
    run = tmp_path / "digits-mlp/001"
    result = cli("train", "--resume", run, "--epochs", "4")
    assert result.exit_code == 0, result.stderr
    assert "re-planned over 4 epochs" in result.stderr
    lrs = [float(r["lr"]) for r in _history(run)]
    # epochs 3-4 follow a 4-epoch cosine from where epoch 2 of it stands: 0.01·(1+cos(3π/4))/2, 0
    assert lrs[2] == pytest.approx(0.01 * (1 + math.cos(0.75 * math.pi)) / 2, rel=1e-3)
    assert lrs[3] == pytest.approx(0.0, abs=1e-9) and lrs[3] <= lrs[2]


def test_ctrl_c_says_how_to_resume(cli, tmp_path, monkeypatch):
    calls = {"n": 0}
    original = Trainer.train_epoch

    def interrupt_second_epoch(self):
        calls["n"] += 1
        if calls["n"] == 2:
            raise KeyboardInterrupt
        return original(self)

    monkeypatch.setattr(Trainer, "train_epoch", interrupt_second_epoch)
    result = cli("train", "digits-mlp", "--epochs", "3", "-q", "--out", tmp_path)
    assert result.exit_code == 130
    run = tmp_path / "digits-mlp/001"
    assert (
        result.stderr.strip() == f"dlkit: error: interrupted; resume with: dlkit train "
        f"--resume {run}"
    )
    monkeypatch.setattr(Trainer, "train_epoch", original)
    assert cli("train", "--resume", run, "-q").exit_code == 0


@pytest.fixture(scope="module")
def digits_run(tmp_path_factory):
    from typer.testing import CliRunner

    from dlkit.cli.main import app

    out = tmp_path_factory.mktemp("one-shape-runs")
    result = CliRunner().invoke(
        app,
        ["train", "digits-cnn", "--epochs", "2", "-q", "--out", str(out)],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.stderr
    return Path(result.stdout.strip().splitlines()[-1])


def test_evaluate_data_scores_a_new_labelled_folder(cli, digits_run, tmp_path):
    from sklearn.datasets import load_digits

    bunch = load_digits()
    folder = tmp_path / "new-digits"
    for i in range(60):  # digit photos as a user has them: one folder per class, 32×32 PNGs
        image = cv2.resize(
            np.rint(bunch.images[i] * 255 / 16).astype(np.uint8),
            (32, 32),
            interpolation=cv2.INTER_NEAREST,
        )
        target = folder / str(bunch.target[i]) / f"{i}.png"
        target.parent.mkdir(parents=True, exist_ok=True)
        cv2.imwrite(str(target), image)
    result = cli("evaluate", digits_run, "--data", folder, "--json")
    assert result.exit_code == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["samples"] == 60 and summary["split"] == "new-digits"
    assert summary["accuracy"] > 0.5
    assert Path(summary["out_dir"]) == digits_run / "eval-new-digits"
    assert (digits_run / "eval-new-digits" / "confusion_matrix.csv").is_file()


def test_predict_names_every_unreadable_input(cli, digits_run, tmp_path):
    broken = tmp_path / "broken.png"
    broken.write_bytes(b"not a png")
    good = tmp_path / "good.png"
    cv2.imwrite(str(good), np.full((8, 8), 30, np.uint8))
    result = cli("predict", digits_run, good, broken, tmp_path / "missing.png")
    assert result.exit_code == 0
    assert "broken.png: not a readable image, skipped" in result.stderr
    assert "missing.png: no such file or folder, skipped" in result.stderr
    assert result.stdout.count("\n") == 2
    result = cli("predict", digits_run, broken, tmp_path / "missing.png")
    assert result.exit_code == 3
    assert "broken.png" in result.stderr and "missing.png" in result.stderr


def test_metrics_record_a_fingerprint_of_the_data(digits_run):
    metrics = json.loads((digits_run / "metrics.json").read_text())
    assert len(metrics["data_sha256"]) == 64

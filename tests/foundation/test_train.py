"""`dlkit train` end to end on the bundled digits: run folder contents, checkpoints, accuracy."""

from __future__ import annotations

import csv
import json

import pytest
import torch

FAST = ["--epochs", "2", "--device", "cpu"]


def test_train_writes_a_complete_run_folder(cli, tmp_path):
    result = cli("train", "digits-mlp", *FAST, "--out", tmp_path)
    assert result.exit_code == 0, result.stderr
    run = tmp_path / "digits-mlp" / "001"
    assert result.stdout.strip().splitlines()[-1] == str(run)
    for name in (
        "config.yaml",
        "history.csv",
        "metrics.json",
        "best.pt",
        "last.pt",
        "plots/loss.png",
        "plots/accuracy.png",
    ):
        assert (run / name).is_file(), name
    rows = list(csv.DictReader(open(run / "history.csv")))
    assert [r["epoch"] for r in rows] == ["1", "2"]
    assert {"train_loss", "train_acc", "val_loss", "val_acc", "lr", "seconds"} <= set(rows[0])
    metrics = json.loads((run / "metrics.json").read_text())
    assert metrics["epochs"] == 2 and metrics["device"] == "cpu"
    assert 0.5 < metrics["test_acc"] <= 1.0
    assert not list(run.glob("*.tmp")) and not list(run.glob(".*"))


def test_checkpoints_are_self_contained_and_weights_only(cli, tmp_path):
    cli("train", "digits-mlp", *FAST, "--out", tmp_path)
    ckpt = torch.load(tmp_path / "digits-mlp/001/last.pt", weights_only=True)
    assert ckpt["recipe"] == "digits-mlp" and ckpt["model"]["name"] == "mlp"
    assert ckpt["classes"] == [str(d) for d in range(10)]
    assert ckpt["input_spec"]["shape"] == [1, 8, 8]
    assert {"optimizer", "rng", "fit_state", "state_dict", "epoch"} <= set(ckpt)


def test_run_folders_are_numbered_never_overwritten(cli, tmp_path):
    for _ in range(2):
        assert cli("train", "digits-mlp", "--epochs", "1", "--out", tmp_path, "-q").exit_code == 0
    assert sorted(p.name for p in (tmp_path / "digits-mlp").iterdir()) == ["001", "002"]


def test_json_summary_is_the_only_stdout(cli, tmp_path):
    result = cli("train", "digits-mlp", "--epochs", "1", "--out", tmp_path, "--json")
    summary = json.loads(result.stdout)
    assert summary["run_dir"] == str(tmp_path / "digits-mlp" / "001")
    assert summary["params"] > 0


@pytest.mark.slow  # the README's headline accuracy, a whole 10-epoch run: python -m pytest -m slow
def test_digits_cnn_default_reaches_97_percent(cli, tmp_path):
    result = cli("train", "digits-cnn", "--out", tmp_path, "--json", "--device", "cpu")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["test_acc"] >= 0.97


def test_early_stopping_stops_and_keeps_best(cli, tmp_path):
    result = cli(
        "train",
        "digits-mlp",
        "--out",
        tmp_path,
        "--json",
        "--epochs",
        "40",
        "--set",
        "trainer.patience=1",
        "--set",
        "trainer.monitor=val_loss",
        "--set",
        "trainer.min_delta=10",
    )
    summary = json.loads(result.stdout)
    assert summary["epochs"] == 2 and summary["best_epoch"] == 1


def test_same_seed_same_weights(cli, tmp_path):
    for out in ("a", "b"):
        cli("train", "digits-mlp", "--epochs", "2", "--out", tmp_path / out, "-q")
    a = torch.load(tmp_path / "a/digits-mlp/001/last.pt", weights_only=True)["state_dict"]
    b = torch.load(tmp_path / "b/digits-mlp/001/last.pt", weights_only=True)["state_dict"]
    assert all(torch.equal(a[k], b[k]) for k in a)


@pytest.mark.parametrize(
    "recipe, params",
    [
        ("mnist-softmax", 7_850),
        ("mnist-mlp", 235_146),
        ("mnist-cnn", 843_658),
        ("mnist-cnn-small", 100_858),
    ],
)
def test_mnist_param_counts_match_the_seeds(recipe, params):
    from dlkit.components import MODELS
    from dlkit.config.validate import component_options
    from dlkit.jobs.recipe_args import Overrides, load_recipe

    cfg = load_recipe(recipe, Overrides())
    model = MODELS.create(
        cfg.model.name, in_shape=[1, 28, 28], num_outputs=10, **component_options(cfg, "model")
    )
    assert sum(p.numel() for p in model.parameters()) == params


@pytest.mark.parametrize("accumulate", [1, 3])
def test_a_per_step_schedule_counts_optimiser_updates_with_accumulation(cli, tmp_path, accumulate):
    """trainer.accumulate=3 steps the optimiser (and a per-step schedule) every 3rd batch: the
    recipe's cosine decay still ends at 0 on the last update, not a third of the way down."""
    result = cli(
        "train", "digits-mlp", *FAST, "--out", tmp_path, "--set", f"trainer.accumulate={accumulate}"
    )
    assert result.exit_code == 0, result.stderr
    rows = list(csv.DictReader(open(tmp_path / "digits-mlp" / "001" / "history.csv")))
    assert float(rows[-1]["lr"]) == pytest.approx(0.0, abs=1e-9)

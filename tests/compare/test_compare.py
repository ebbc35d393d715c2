"""dlkit compare as a user types it, on three real runs made here: a torch classifier
(digits-mlp), a fitted estimator (spam-tree, one "epoch") and a regression (stock-lstm): the table's
values are the runs' metrics.json and history.csv, the best of each column is the right run,
folders of numbered runs and glob patterns expand, and --plot writes the overlaid curves."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest

from dlkit_testing import train_run as _train
from stock.stock_prices import write_prices
from text.text_samples import sms_csv


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    """{name: run folder}: two digits-mlp runs, a spam-tree run, a stock-lstm run."""
    import torch

    before = torch.get_num_threads()
    torch.set_num_threads(1)
    tmp = tmp_path_factory.mktemp("compare")
    out = str(tmp / "runs")
    tiny = ["--set", "model.hidden=[16]", "--out", out]
    made = {
        "mlp1": _train("digits-mlp", "--epochs", "2", *tiny),
        "mlp2": _train("digits-mlp", "--epochs", "1", "--lr", "0.01", *tiny),
        "tree": _train("spam-tree", "--data", str(sms_csv(tmp / "sms.csv")), "--out", out),
        "lstm": _train(
            "stock-lstm",
            "--data",
            str(write_prices(tmp / "2330.csv")),
            "--epochs",
            "2",
            "--set",
            "model.hidden=[4]",
            "--out",
            out,
        ),
    }
    torch.set_num_threads(before)
    return made


def _json(cli, *args: str) -> dict:
    result = cli("compare", *map(str, args), "--json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def _metrics(run: Path) -> dict:
    return json.loads((run / "metrics.json").read_text())


def _history(run: Path) -> list[dict]:
    with (run / "history.csv").open() as handle:
        return list(csv.DictReader(handle))


def test_the_table_holds_each_runs_recorded_figures(cli, runs):
    order = [runs["mlp1"], runs["tree"], runs["lstm"]]
    summary = _json(cli, *order)
    assert [row["run"] for row in summary["runs"]] == [str(r) for r in order]
    for row, run in zip(summary["runs"], order):
        recorded = _metrics(run)
        tests = {k: v for k, v in recorded.items() if k.startswith("test_")}
        assert {
            k: v for k, v in row["metrics"].items() if k.startswith("test_") and v is not None
        } == tests
        val = [float(r["val_loss"]) for r in _history(run)]
        assert row["metrics"]["best_val_loss"] == min(val)
        assert (row["params"], row["wall_seconds"], row["epochs"]) == (
            recorded["params"],
            recorded["wall_seconds"],
            recorded["epochs"],
        )
        assert row["device"] == recorded["device_name"] and row["device"].startswith("cpu")
    tree, lstm = summary["runs"][1], summary["runs"][2]
    assert tree["epochs"] == 1 and tree["params"] == 0  # a fitted estimator
    assert lstm["metrics"]["test_acc"] is None and tree["metrics"]["test_mae"] is None
    assert {"test_acc", "test_mae", "test_price_mae", "best_val_acc", "best_val_mae"} <= set(
        summary["columns"]
    )


def test_the_best_run_of_each_column(cli, runs):
    order = [runs["mlp1"], runs["mlp2"], runs["tree"], runs["lstm"]]
    summary = _json(cli, *order)
    metrics = {str(r): _metrics(r) for r in order[:3]}  # the classifiers
    low = min(metrics, key=lambda r: metrics[r]["test_loss"])
    high = max(metrics, key=lambda r: metrics[r]["test_acc"])
    lstm = str(runs["lstm"])  # the only regression
    assert summary["best"]["test_loss"] == [low, lstm]  # the best of each task
    assert summary["best"]["test_acc"] == [high] and summary["best"]["test_mae"] == [lstm]
    assert "test_naive_price_mae" not in summary["best"]  # a baseline, not a model
    assert summary["directions"]["best_val_acc"] == "max"
    assert summary["directions"]["test_naive_price_mae"] == "min"
    plain = cli("compare", *map(str, order), env={"COLUMNS": "2000"})  # long tmp paths
    assert plain.exit_code == 0 and "—" in plain.stdout and "*" in plain.stdout
    header, *lines = plain.stdout.splitlines()
    assert header.split()[:3] == ["run", "recipe", "task"]


def test_a_folder_of_runs_and_a_glob_expand_in_number_order(cli, runs):
    parent = runs["mlp1"].parent
    summary = _json(cli, parent)
    assert [row["run"] for row in summary["runs"]] == [str(runs["mlp1"]), str(runs["mlp2"])]
    pattern = str(parent.parent / "*" / "001")
    assert len(_json(cli, pattern)["runs"]) == 3  # one run per recipe
    duplicate = cli("compare", str(parent), str(runs["mlp2"]))
    assert duplicate.exit_code == 2 and "named twice" in duplicate.stderr


def test_plot_overlays_the_validation_curves(cli, runs, tmp_path):
    plot = tmp_path / "plots" / "curves.png"
    summary = _json(cli, runs["mlp1"], runs["tree"], runs["lstm"], "--plot", plot)
    assert summary["plot"] == str(plot)
    assert plot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and plot.stat().st_size > 10_000
    assert [p.name for p in plot.parent.iterdir()] == ["curves.png"]  # no temp file left


def test_an_unfinished_run_shows_its_best_validation_only(cli, runs, tmp_path):
    copy = shutil.copytree(runs["mlp1"], tmp_path / "digits-mlp" / "007")
    (copy / "metrics.json").unlink()
    (row,) = _json(cli, copy)["runs"]
    assert row["finished"] is False and row["params"] is None
    assert set(row["metrics"]) == {"best_val_loss", "best_val_acc"}


def test_directions_of_metric_names():
    from dlkit.engine.run_summary import direction

    assert [
        direction(n)
        for n in (
            "test_loss",
            "best_val_mae",
            "test_rmse",
            "test_r2",
            "test_auc",
            "test_balanced_acc",
            "test_sales_mae_vs_naive",
            "test_direction_acc",
            "test_count",
        )
    ] == ["min", "min", "min", "max", "max", "max", "min", "max", None]

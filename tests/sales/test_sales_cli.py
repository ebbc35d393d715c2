"""sales-rnn as a user types it, on a generated table of the UCI shape (811 products × 52 weeks):
train → evaluate → predict, the naive baseline checked by hand, the model beating it, and the
tutorial's legacy network trained through the same commands."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sales_data import write_sales


def _train(tmp: Path, csv: Path, *extra: str) -> Path:
    from typer.testing import CliRunner

    from dlkit.cli.main import app

    result = CliRunner().invoke(
        app,
        ["train", "sales-rnn", "--data", str(csv), "--out", str(tmp / "runs"), "--quiet", *extra],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.stderr
    return Path(result.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    """One short run (hidden 16 for a quick fit): (run folder, CSV)."""
    tmp = tmp_path_factory.mktemp("sales")
    csv = write_sales(tmp / "Sales_Transactions_Dataset_Weekly.csv")
    return _train(tmp, csv, "--epochs", "20", "--set", "model.hidden=16"), csv


def test_train_records_model_and_naive_errors_in_sales_units(trained):
    run, csv = trained
    metrics = json.loads((run / "metrics.json").read_text())
    test = (
        json.loads((run / "eval-test" / "metrics.json").read_text())
        if (run / "eval-test").is_dir()
        else None
    )
    frame = pd.read_csv(csv)
    from dlkit.components import DATASETS

    products = DATASETS.create("weekly_sales", path=str(csv), seed=0).info["weekly"]["test"][
        "products"
    ]
    held = frame.set_index("Product_Code").loc[products]
    naive = float(np.mean(np.abs(held["W51"] - held["W50"])))  # next week = this week
    assert metrics["test_naive_sales_mae"] == pytest.approx(naive, rel=1e-12)
    assert metrics["params"] == 16 * 1 + 16 * 16 + 2 * 16 + 17  # RNN(1, 16) + Linear(16, 1)
    assert metrics["test_sales_mae_vs_naive"] == pytest.approx(
        metrics["test_sales_mae"] / metrics["test_naive_sales_mae"]
    )
    assert metrics["test_sales_mae_vs_naive"] < 0.95  # the structure is learned
    assert test is None or test["mae"] == pytest.approx(metrics["test_sales_mae"])


def test_evaluate_shows_the_model_the_naive_forecast_and_their_ratio(cli, trained):
    run, _ = trained
    metrics = json.loads((run / "metrics.json").read_text())
    result = cli("evaluate", run)
    assert result.exit_code == 0, result.stderr
    assert "naive (W51 = W50)" in result.stdout and "mae_vs_naive" in result.stdout
    report = json.loads((run / "eval-test" / "metrics.json").read_text())
    assert report["products"] == report["samples"] == 122 and report["target_week"] == "W51"
    assert report["mae"] == pytest.approx(metrics["test_sales_mae"], rel=1e-5)
    assert report["naive_mae"] == pytest.approx(metrics["test_naive_sales_mae"], rel=1e-12)
    table = pd.read_csv(run / "eval-test" / "predictions.csv")
    assert list(table.columns) == ["product", "W50", "W51", "predicted", "naive", "error"]
    assert len(table) == 122 and (run / "eval-test" / "forecast.png").is_file()


def test_predict_forecasts_next_week_per_product(cli, trained, tmp_path):
    run, csv = trained
    frame = pd.read_csv(csv)
    short = tmp_path / "sales.csv"
    frame[["Product_Code", *[f"W{i}" for i in range(51)]]].head(5).to_csv(short, index=False)
    result = cli("predict", run, short, "--json")
    assert result.exit_code == 0, result.stderr
    rows = json.loads(result.stdout)["predictions"]
    assert [r["product"] for r in rows] == ["P1", "P2", "P3", "P4", "P5"]
    assert all(r["forecast_week"] == "W51" and r["last_week"] == "W50" for r in rows)
    assert [r["last_sales"] for r in rows] == frame["W50"].head(5).tolist()
    full = cli("predict", run, csv, "--json")  # W51 and MIN.. are ignored
    first = json.loads(full.stdout)["predictions"][:5]
    assert [r["forecast"] for r in first] == pytest.approx([r["forecast"] for r in rows], abs=1e-3)
    assert all(0 <= r["forecast"] < 3 * max(frame.loc[i, "MAX"], 1) for i, r in enumerate(first))


def test_predict_names_the_missing_week_columns(cli, trained, tmp_path):
    run, csv = trained
    bad = tmp_path / "bad.csv"
    pd.read_csv(csv)[["Product_Code", "W0", "W1"]].to_csv(bad, index=False)
    result = cli("predict", run, bad)
    assert result.exit_code == 3 and "missing week column(s) W2, W3" in result.stderr


def test_legacy_trains_the_tutorials_641_parameter_rnn(trained, tmp_path):
    _, csv = trained
    run = _train(
        tmp_path, csv, "--epochs", "2", "--set", "model.legacy=true", "--batch-size", "1024"
    )
    metrics = json.loads((run / "metrics.json").read_text())
    assert metrics["params"] == 641 and metrics["epochs"] == 2
    assert metrics["test_naive_sales_mae"] > 0 and metrics["test_sales_mae"] > 0


def test_evaluate_on_another_table_scales_with_the_runs_scaler(cli, trained, tmp_path):
    run, _ = trained
    other = write_sales(tmp_path / "other.csv", products=300, seed=5)
    result = cli("evaluate", run, "--data", other, "--json")
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    from dlkit.components import DATASETS

    weekly = DATASETS.create("weekly_sales", path=str(other), seed=0).info["weekly"]["test"]
    assert report["products"] == len(weekly["products"]) == 45
    assert report["naive_mae"] == pytest.approx(np.mean(np.abs(weekly["target"] - weekly["last"])))
    assert report["mae_vs_naive"] < 1.0  # the same structure, other products


def test_serve_payloads_are_read_like_csv_rows(trained):
    from dlkit.jobs.predict import load_predictor
    from dlkit.predict.protocol import PredictRequest

    run, csv = trained
    _, spec, predictor = load_predictor(str(run))
    row = pd.read_csv(csv).iloc[0]
    record = {"Product_Code": "P1", **{f"W{i}": int(row[f"W{i}"]) for i in range(51)}}
    listed = [int(row[f"W{i}"]) for i in range(51)]
    prepared = predictor.read_payload([record, listed], PredictRequest([]))
    assert [k["product"] for k in prepared.keys] == ["P1", "inputs[1]"]
    np.testing.assert_array_equal(prepared.x[0], prepared.x[1])
    np.testing.assert_allclose(spec.unscale(prepared.x[0]), listed, atol=1e-4)
    from dlkit.errors import DataError

    with pytest.raises(DataError, match="expected 51 weekly sales"):
        predictor.read_payload([listed[:10]], PredictRequest([]))

"""The LSTM's shape and size, the forecast report's metrics and files, and the series predictor,
called directly (the CLI path is in ``test_stock_cli.py``)."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pytest
from stock_prices import write_prices

from dlkit.components import MODELS, PREDICTORS, REPORTS
from dlkit.errors import DataError, UsageError
from dlkit.evaluate.context import EvalContext
from dlkit.families.series.forecast_report import price_errors
from dlkit.families.series.series_predictor import next_business_day
from dlkit.families.series.stock import stock
from dlkit.predict.protocol import PredictRequest, forward


def test_lstm_shapes_and_parameter_count():
    import torch

    model = MODELS.create("lstm", in_shape=[10, 5], num_outputs=1)
    assert model(torch.zeros(3, 10, 5)).shape == (3, 1)
    # PyTorch LSTMs have two bias vectors: 4*(h*(in+h) + 2h) per layer (Keras: one, 118,081)
    expected = 4 * (128 * (5 + 128) + 2 * 128) + 4 * (64 * (128 + 64) + 2 * 64) + 64 + 1
    assert expected == 118_849
    assert sum(p.numel() for p in model.parameters()) == expected
    small = MODELS.create("lstm", in_shape=[4, 2], num_outputs=1, hidden=[8], dropout=0.1)
    assert small(torch.zeros(2, 4, 2)).shape == (2, 1)


def test_lstm_rejects_image_shapes():
    with pytest.raises(UsageError, match=r"\[window, features\]"):
        MODELS.create("lstm", in_shape=[1, 8, 8], num_outputs=10)


def test_price_errors_by_hand():
    today = np.array([100.0, 100.0, 100.0, 100.0])
    real = np.array([110.0, 90.0, 100.0, 105.0])
    pred = np.array([105.0, 95.0, 101.0, 99.0])
    m = price_errors(pred, real, today)
    assert m["mae"] == pytest.approx((5 + 5 + 1 + 6) / 4)
    assert m["rmse"] == pytest.approx(np.sqrt((25 + 25 + 1 + 36) / 4))
    assert m["mape"] == pytest.approx(np.mean([5 / 110, 5 / 90, 1 / 100, 6 / 105]) * 100)
    assert m["direction_acc"] == pytest.approx(2 / 3)  # the flat day does not count
    assert price_errors(today, real, today)["direction_acc"] is None


def _context(ds, outputs, out_dir: Path) -> EvalContext:
    part = ds.split("test")
    spec = ds.input_spec.to_dict() if hasattr(ds.input_spec, "to_dict") else ds.input_spec
    return EvalContext(
        ckpt={"input_spec": spec},
        recipe=None,
        dataset=ds,
        split="test",
        x=part.x,
        y=part.y,
        outputs=outputs,
        model=None,
        device="cpu",
        out_dir=out_dir,
    )


def test_forecast_report_against_the_naive_baseline(prices_csv, tmp_path):
    ds = stock(path=str(prices_csv))
    perfect = REPORTS.get("forecast")(_context(ds, ds.test.y[:, None], tmp_path / "a"))
    assert perfect["mae"] == pytest.approx(0, abs=1e-6) and perfect["direction_acc"] == 1.0
    series = ds.info["series"]["test"]
    naive_mae = np.mean(np.abs(series["target_close"] - series["today_close"]))
    assert perfect["naive_mae"] == pytest.approx(naive_mae)
    assert perfect["naive_direction_acc"] is None and perfect["days"] == len(ds.test)
    assert [r["forecast"] for r in perfect["table"]][:2] == ["model", "naive (tomorrow = today)"]
    # outputs that mean "no change" reproduce the naive forecast exactly
    flat = (
        -np.array(ds.input_spec["target_scaler"]["mean"]) / ds.input_spec["target_scaler"]["scale"]
    )
    same = REPORTS.get("forecast")(_context(ds, np.full((len(ds.test), 1), flat), tmp_path / "b"))
    assert same["mae"] == pytest.approx(same["naive_mae"]) and same[
        "mae_vs_naive"
    ] == pytest.approx(1)
    assert (tmp_path / "a" / "forecast.png").stat().st_size > 10_000
    with open(tmp_path / "a" / "predictions.csv", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == ["date", "close", "predicted", "naive", "error"]
    assert len(rows) == len(ds.test) and rows[-1]["date"] == series["dates"][-1]


def test_forecast_report_needs_series_data(tmp_path):
    from dlkit.data.base import Dataset, Split

    x = np.zeros((3, 2), np.float32)
    ds = Dataset(
        Split(x, np.zeros(3, np.float32)),
        None,
        Split(x, np.zeros(3, np.float32)),
        input_spec={"kind": "features", "shape": [2]},
    )
    with pytest.raises(DataError, match="series dataset"):
        REPORTS.get("forecast")(_context(ds, np.zeros((3, 1)), tmp_path))


@pytest.mark.parametrize(
    "date,days,expected",
    [
        ("2024-07-12", 1, "2024-07-15"),  # Friday → Monday
        ("2024-07-10", 1, "2024-07-11"),
        ("2024-07-11", 3, "2024-07-16"),
    ],
)
def test_next_business_day(date, days, expected):
    assert next_business_day(date, days) == expected


def test_predictor_uses_the_checkpoint_scaler(tmp_path):
    import torch

    path = write_prices(tmp_path / "2330.csv", days=80, no_trade=(), start="2024-03-22")
    ds = stock(path=str(path))
    model = MODELS.create("lstm", in_shape=[10, 5], num_outputs=1, hidden=[4])
    with torch.no_grad():
        for p in model.parameters():
            p.zero_()
    ckpt = {"input_spec": ds.input_spec.to_dict(), "config": {"data": {"path": str(path)}}}
    predictor = PREDICTORS.create("series", ckpt=ckpt, spec=ds.input_spec)
    request = PredictRequest(inputs=[])
    prepared = predictor.read(request)
    outputs = forward(model, prepared.x, ds.input_spec.batch_transform(), torch.device("cpu"), 8)
    (row,) = predictor.rows(prepared, outputs, request)
    last = ds.info["series"]["test"]["target_close"][-1]
    scaler = ds.input_spec["target_scaler"]
    assert row["last_date"] == "2024-07-11" and row["next_date"] == "2024-07-12"
    assert row["last_close"] == pytest.approx(last)
    assert row["predicted_close"] == pytest.approx(last * (1 + scaler["mean"][0]), rel=1e-6)
    assert row["change_pct"] == pytest.approx(scaler["mean"][0] * 100, abs=1e-3)
    bare = PREDICTORS.create("series", ckpt={"config": {"data": {}}}, spec=ds.input_spec)
    with pytest.raises(DataError, match="--data"):
        bare.read(PredictRequest(inputs=[]))


def test_forecast_rescales_inputs_when_the_data_fit_other_scalers(prices_csv, tmp_path):
    import torch

    torch.manual_seed(0)
    model = MODELS.create("lstm", in_shape=[10, 5], num_outputs=1, hidden=[8]).eval()
    trained = stock(path=str(prices_csv))
    rebuilt = stock(path=str(prices_csv), val_fraction=0.3)  # fewer training rows
    assert rebuilt.input_spec["scaler"] != trained.input_spec["scaler"]
    assert rebuilt.info["series"]["test"]["dates"] == trained.info["series"]["test"]["dates"]

    def report(ds):
        with torch.no_grad():
            outputs = model(torch.as_tensor(ds.test.x))
        ctx = _context(ds, outputs, tmp_path / str(id(ds)))
        ctx.ckpt, ctx.model, ctx.device = {"input_spec": trained.input_spec.to_dict()}, model, "cpu"
        return REPORTS.get("forecast")(ctx)

    same, other = report(trained), report(rebuilt)
    assert "note" not in same and "rescaled" in other["note"]
    assert other["mae"] == pytest.approx(same["mae"], rel=1e-5)


def test_trainer_hook_gives_the_reports_price_mae_not_the_scaled_one(prices_csv, tmp_path):
    from dlkit.families.series.forecast_report import summary_metrics

    ds = stock(path=str(prices_csv))
    outputs = ds.test.y[:, None] + np.random.default_rng(0).normal(0, 0.5, (len(ds.test), 1))
    report = REPORTS.get("forecast")
    assert REPORTS.trait("forecast", "summary_metrics") is summary_metrics  # its declared hook
    shown = report(_context(ds, outputs, tmp_path))
    hook = summary_metrics(ds, outputs)
    assert hook["test_price_mae"] == pytest.approx(shown["mae"])
    assert hook["test_price_rmse"] == pytest.approx(shown["rmse"])
    assert hook["test_naive_price_mae"] == pytest.approx(shown["naive_mae"])
    scaled_mae = float(np.mean(np.abs(outputs[:, 0] - ds.test.y)))  # what the trainer measures
    assert abs(hook["test_price_mae"] - scaled_mae) > 0.1 * scaled_mae
    assert [k for k in shown["table"][0]][1:3] == ["mae (price)", "rmse (price)"]

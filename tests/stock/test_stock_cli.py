"""stock-lstm as a user types it: train → evaluate → predict, and one-line errors for bad data."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from stock_prices import write_prices


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    """One short run shared by the CLI tests: (run folder, CSV)."""
    from typer.testing import CliRunner

    from dlkit.cli.main import app

    tmp = tmp_path_factory.mktemp("stock")
    csv = write_prices(tmp / "twse" / "2330.csv")  # 400 weekdays, ends on a Friday
    result = CliRunner().invoke(
        app,
        [
            "train",
            "stock-lstm",
            "--data",
            str(csv),
            "--epochs",
            "2",
            "--out",
            str(tmp / "runs"),
            "--quiet",
        ],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.stderr
    run = Path(result.stdout.strip().splitlines()[-1])
    return run, csv


def test_train_writes_a_run(trained):
    run, _ = trained
    assert run.parent.name == "stock-lstm" and (run / "best.pt").is_file()
    metrics = json.loads((run / "metrics.json").read_text())
    assert metrics["epochs"] == 2 and metrics["params"] == 118_849 and "test_mae" in metrics


def test_train_and_evaluate_report_the_same_price_mae(cli, trained):
    run, _ = trained
    metrics = json.loads((run / "metrics.json").read_text())
    assert cli("evaluate", run).exit_code == 0
    evaluated = json.loads((run / "eval-test" / "metrics.json").read_text())
    assert metrics["test_price_mae"] == pytest.approx(evaluated["mae"], rel=1e-5)
    assert metrics["test_naive_price_mae"] == pytest.approx(evaluated["naive_mae"], rel=1e-9)


def test_evaluate_reports_model_and_naive(cli, trained):
    run, _ = trained
    result = cli("evaluate", run)
    assert result.exit_code == 0, result.stderr
    assert "naive (tomorrow = today)" in result.stdout
    assert result.stdout.strip().splitlines()[-1].endswith("eval-test")
    metrics = json.loads((run / "eval-test" / "metrics.json").read_text())
    for key in ("mae", "rmse", "mape", "direction_acc", "naive_mae", "naive_rmse", "naive_mape"):
        assert isinstance(metrics[key], float) and metrics[key] >= 0, key
    assert metrics["days"] == metrics["samples"] == 58
    assert 0 < metrics["mape"] < 20 and 0 < metrics["naive_mape"] < 5
    assert (run / "eval-test" / "forecast.png").is_file()
    assert (run / "eval-test" / "predictions.csv").read_text().startswith("date,close,predicted")


def test_predict_next_trading_day(cli, trained):
    run, csv = trained
    result = cli("predict", run, "--data", csv, "--json")
    assert result.exit_code == 0, result.stderr
    (row,) = json.loads(result.stdout)["predictions"]
    assert row["last_date"] == "2024-07-12" and row["next_date"] == "2024-07-15"  # Fri → Mon
    assert row["change"] == pytest.approx(row["predicted_close"] - row["last_close"], abs=1e-3)
    assert abs(row["change_pct"]) < 20
    plain = cli("predict", run, "--data", str(csv.parent))  # the scrape folder works too
    assert plain.exit_code == 0 and plain.stdout.startswith("stock,last_date,last_close,next_date")


def test_train_from_the_scrape_folder_with_stock(cli, trained, tmp_path):
    _, csv = trained
    result = cli(
        "train",
        "stock-lstm",
        "--data",
        csv.parent,
        "--stock",
        "2330",
        "--epochs",
        "1",
        "--out",
        tmp_path,
        "--print-config",
    )
    assert result.exit_code == 0 and "stock: '2330'" in result.stdout


@pytest.mark.parametrize(
    "content,code,message",
    [
        ("date,open,high,low,close\n2024-01-02,1,2,0.5,1.5\n", 3, "no column 'transactions'"),
        (None, 3, "need at least"),
        ("\x00\x01garbage", 3, "no date column"),
    ],
)
def test_bad_data_is_one_line_exit_3(cli, tmp_path, content, code, message):
    path = tmp_path / "bad.csv"
    if content is None:
        write_prices(path, days=25, no_trade=())
    else:
        path.write_text(content)
    result = cli("train", "stock-lstm", "--data", path, "--out", tmp_path / "runs")
    assert result.exit_code == code
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_folder_without_stock_is_a_usage_error(cli, tmp_path):
    write_prices(tmp_path / "twse" / "2330.csv", days=60)
    result = cli("train", "stock-lstm", "--data", tmp_path / "twse", "--out", tmp_path / "runs")
    assert result.exit_code == 2 and "--stock ID" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_missing_column_as_a_subprocess(cli_proc, tmp_path):
    path = tmp_path / "AAPL.csv"
    path.write_text("Date,Open,High,Low,Close,Adj Close,Volume\n2024-01-02,1,2,0.5,1.5,1.4,100\n")
    result = cli_proc(
        "train", "stock-lstm", "--data", path, "--out", tmp_path / "runs", cwd=tmp_path
    )
    assert result.exit_code == 3 and result.stdout == ""
    (line,) = result.stderr.strip().splitlines()
    assert "no column 'transactions'; available: open, high, low, close, adj_close, volume" in line
    assert not (tmp_path / "runs").exists()


@pytest.mark.parametrize("stock", ["../../x", "..", "/tmp/x", ".hidden", "a/b"])
def test_stock_id_cannot_leave_the_data_folder(cli, tmp_path, stock):
    folder = tmp_path / "a" / "b"
    write_prices(folder / "2330.csv", days=60)
    write_prices(tmp_path / "x.csv", days=60)  # what ../../x would read
    result = cli(
        "train",
        "stock-lstm",
        "--data",
        folder,
        "--stock",
        stock,
        "--epochs",
        "1",
        "--out",
        tmp_path / "runs",
    )
    assert result.exit_code == 2, result.stderr
    (line,) = result.stderr.strip().splitlines()
    assert f"--stock {stock!r} is not a stock id" in line
    assert not (tmp_path / "runs").exists()


def test_ticker_style_stock_ids_are_accepted(tmp_path):
    from dlkit.families.series.price_csv import resolve_csv

    for stock in ("2330", "BRK-B", "2330.TW", "^TWII", 2330):
        write_prices(tmp_path / f"{stock}.csv", days=30)
        assert resolve_csv(str(tmp_path), stock) == tmp_path / f"{stock}.csv"

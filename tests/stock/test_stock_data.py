"""The stock data module: time split without target overlap, train-only scalers, window shapes,
tolerant CSV reading and one-line errors for bad files."""

from __future__ import annotations

import numpy as np
import pytest
from stock_prices import HEADER, price_rows, write_prices

from dlkit.errors import DataError, UsageError
from dlkit.families.series.price_csv import read_prices, resolve_csv
from dlkit.families.series.stock import rows_needed, stock, to_price

LOST = {"returns": 1, "prices": 0}  # returns inputs drop the first day (no previous close)


@pytest.mark.parametrize("inputs", ["returns", "prices"])
def test_split_is_chronological_without_target_overlap(prices_csv, inputs):
    ds = stock(path=str(prices_csv.parent), stock="2330", inputs=inputs)
    series = ds.info["series"]
    assert ds.info["dropped_no_trade"] == 4 and ds.info["rows"] == 396
    assert len(ds.train) + len(ds.val) + len(ds.test) == 396 - LOST[inputs] - 10 - 1 + 1
    for name in ("train", "val", "test"):
        dates = series[name]["dates"]
        assert dates == sorted(dates) and len(set(dates)) == len(dates)
    assert series["train"]["dates"][-1] < series["val"]["dates"][0]
    assert series["val"]["dates"][-1] < series["test"]["dates"][0]
    all_targets = sum((series[n]["dates"] for n in ("train", "val", "test")), [])
    assert len(set(all_targets)) == len(all_targets)
    # each target is `horizon` trading rows after its "today", and today is before the target
    assert all(t < d for t, d in zip(series["test"]["today_dates"], series["test"]["dates"]))
    assert len(ds.test) == round(0.15 * len(all_targets))


@pytest.mark.parametrize("window,horizon,inputs", [(10, 1, "returns"), (5, 3, "prices")])
def test_window_and_horizon_shapes(prices_csv, window, horizon, inputs):
    ds = stock(path=str(prices_csv), window=window, horizon=horizon, inputs=inputs)
    assert ds.train.x.shape[1:] == (window, 5) and ds.train.x.dtype == np.float32
    assert ds.train.y.ndim == 1 and ds.train.y.dtype == np.float32
    assert ds.input_spec["shape"] == [window, 5]
    assert len(ds.train) + len(ds.val) + len(ds.test) == 396 - LOST[inputs] - window - horizon + 1
    frame = read_prices(prices_csv, ["close"]).frame
    dates = frame["date"].dt.strftime("%Y-%m-%d").tolist()
    test = ds.info["series"]["test"]
    i = dates.index(test["today_dates"][0])
    assert dates[i + horizon] == test["dates"][0]


@pytest.mark.parametrize(
    "mode,inputs", [("return", "returns"), ("return", "prices"), ("close", "prices")]
)
def test_targets_invert_to_real_closes(prices_csv, mode, inputs):
    ds = stock(path=str(prices_csv), target_mode=mode, inputs=inputs)
    spec = ds.input_spec
    for name in ("train", "test"):
        part, series = ds.split(name), ds.info["series"][name]
        prices = to_price(part.y, series["today_close"], spec)
        np.testing.assert_allclose(prices, series["target_close"], rtol=1e-5)
    assert np.isclose(ds.train.y.mean(), 0, atol=1e-5) and np.isclose(
        ds.train.y.std(), 1, atol=1e-4
    )
    # the last input day's close feature is today's close (prices) or its log return (returns)
    close_col = spec["features"].index("close")
    last = (
        ds.test.x[:, -1, close_col] * spec["scaler"]["scale"][close_col]
        + spec["scaler"]["mean"][close_col]
    )
    today = ds.info["series"]["test"]["today_close"]
    if inputs == "prices":
        np.testing.assert_allclose(last, today, rtol=1e-5)
    else:
        np.testing.assert_allclose(last[1:], np.log(today[1:] / today[:-1]), atol=1e-5)


@pytest.mark.parametrize("inputs", ["returns", "prices"])
def test_scalers_are_fit_on_training_rows_only(tmp_path, inputs):
    base = write_prices(tmp_path / "a.csv")
    ds = stock(path=str(base), inputs=inputs)
    train_end = ds.info["train_end"]  # the last training target day
    rows = [HEADER]
    for line in base.read_text().splitlines()[1:]:
        cells = line.split(",")
        if cells[6] and cells[0] > train_end:  # after the training period: x10 / x3
            for j in (3, 4, 5, 6):
                cells[j] = str(float(cells[j]) * (10 if cells[0] < "2024-05" else 3))
            cells[8] = str(int(cells[8]) * 10)
        rows.append(",".join(cells))
    changed = tmp_path / "b.csv"
    changed.write_text("\n".join(rows) + "\n")
    other = stock(path=str(changed), inputs=inputs)
    assert other.info["train_end"] == train_end
    assert other.input_spec["scaler"] == ds.input_spec["scaler"]
    assert other.input_spec["target_scaler"] == ds.input_spec["target_scaler"]
    np.testing.assert_array_equal(other.train.x, ds.train.x)
    np.testing.assert_array_equal(other.train.y, ds.train.y)
    assert not np.allclose(other.test.x, ds.test.x)


def test_reads_yfinance_style_csv_unsorted_with_duplicates(tmp_path):
    lines = price_rows(120, seed=1, no_trade=())
    rows = ["Date,Open,High,Low,Close,Adj Close,Volume"]
    for line in lines:
        c = line.split(",")
        rows.append(
            f'{c[0]} 00:00:00-05:00,"{float(c[3]):,.2f}",{c[4]},{c[5]},'
            f'"{float(c[6]) * 3:,.2f}",{c[6]},"{int(c[1]):,}"'
        )
    rows = [rows[0], *reversed(rows[1:]), rows[5]]  # unsorted + a duplicate
    rows.insert(3, "2023-03-01 00:00:00-05:00,,,,,,")  # a row without prices
    path = tmp_path / "AAPL.csv"
    path.write_text("\n".join(rows) + "\n")
    prices = read_prices(path, ["open", "high", "low", "close", "volume"])
    frame = prices.frame
    assert len(frame) == 120 and prices.duplicates == 1 and prices.dropped_missing == 1
    assert frame["date"].is_monotonic_increasing and frame["close"].iloc[0] > 1000
    assert "adj_close" in prices.columns
    ds = stock(path=str(path), features=["Open", "High", "Low", "Adj Close", "Volume"])
    assert ds.input_spec["features"] == ["open", "high", "low", "adj_close", "volume"]


def test_roc_dates_and_chinese_headers(tmp_path):
    path = tmp_path / "seed.csv"
    path.write_text(
        "日期,成交股數,開盤價,最高價,最低價,收盤價,成交筆數\n"
        '113/03/15,"1,000","1,750.00",1760,1740,1755,300\n'
        "113/03/18,2000,1755,1770,1750,--,400\n"
    )
    prices = read_prices(path, ["open", "close", "transactions"])
    assert prices.frame["date"].dt.strftime("%Y-%m-%d").tolist() == ["2024-03-15"]
    assert prices.frame["open"].tolist() == [1750.0] and prices.dropped_missing == 1


def test_missing_column_lists_the_available_ones(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("Date,Open,High,Low,Close,Volume\n2024-01-02,1,2,0.5,1.5,100\n")
    with pytest.raises(
        DataError, match="no column 'transactions'; available: open, high, low, close, volume"
    ):
        stock(path=str(path))


def test_too_few_rows_says_how_many_are_needed(tmp_path):
    path = write_prices(tmp_path / "short.csv", days=30, no_trade=())
    need = rows_needed(10, 1, 0.15, 0.15, "returns")
    with pytest.raises(DataError, match=f"30 usable rows .* need at least {need} rows"):
        stock(path=str(path))
    write_prices(tmp_path / "enough.csv", days=need, no_trade=())
    assert len(stock(path=str(tmp_path / "enough.csv")).train) == 20
    write_prices(tmp_path / "one-short.csv", days=need - 1, no_trade=())
    with pytest.raises(DataError, match=f"need at least {need} rows"):
        stock(path=str(tmp_path / "one-short.csv"))
    assert rows_needed(10, 1, 0.15, 0.15, "prices") == need - 1


def test_path_resolution(tmp_path, prices_csv):
    assert resolve_csv(str(prices_csv.parent), "2330") == prices_csv
    assert resolve_csv(str(prices_csv), "9999") == prices_csv
    with pytest.raises(UsageError, match="--stock ID .*2330"):
        resolve_csv(str(prices_csv.parent), None)
    with pytest.raises(DataError, match="scrape it first"):
        resolve_csv(str(prices_csv.parent), "2317")
    with pytest.raises(DataError, match="no such"):
        resolve_csv(str(tmp_path / "nowhere.csv"), None)


@pytest.mark.parametrize(
    "text,message",
    [
        ("", "is empty"),
        ("open,close\n1,2\n", "no date column"),
        (
            "date,open,high,low,close,transactions\nnot-a-date,1,1,1,1,1\n",
            "no row has a readable date",
        ),
    ],
)
def test_bad_files_are_data_errors(tmp_path, text, message):
    path = tmp_path / "bad.csv"
    path.write_text(text)
    with pytest.raises(DataError, match=message):
        stock(path=str(path))


def test_bad_options_are_usage_errors(prices_csv):
    with pytest.raises(UsageError, match="sum to less than 1"):
        stock(path=str(prices_csv), val_fraction=0.5, test_fraction=0.5)
    with pytest.raises(UsageError, match="at least 1"):
        stock(path=str(prices_csv), window=0)
    with pytest.raises(UsageError, match="close needs price levels"):
        stock(path=str(prices_csv), target_mode="close", inputs="returns")


def test_twse_site_download_in_big5_with_title_and_notes(tmp_path):
    text = (
        '"113年03月 2330 台積電           各日成交資訊"\n'
        '"日期","成交股數","成交金額","開盤價","最高價","最低價","收盤價","漲跌價差","成交筆數",\n'
        '"113/03/01","33,342,359","23,167,592,170","697.00","698.00","690.00","697.00","+7.00","35,412",\n'
        '"113/03/04","47,532,156","35,028,093,591","730.00","740.00","730.00","738.00","+41.00","66,153",\n'
        '"說明:"\n"符號說明:+/-/X表示漲/跌/不比價"\n'
    )
    path = tmp_path / "STOCK_DAY_2330_202403.csv"
    path.write_bytes(text.encode("cp950"))
    prices = read_prices(path, ["open", "close", "transactions"])
    assert prices.frame["close"].tolist() == [697.0, 738.0]
    assert prices.frame["transactions"].tolist() == [35412.0, 66153.0]
    assert prices.dropped_bad_date == 2

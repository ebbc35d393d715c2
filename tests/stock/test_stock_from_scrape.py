"""The whole stock pipeline on the scraper's real output: ``dlkit scrape twse`` against the local
fake TWSE (127.0.0.1 only) → ``train stock-lstm --stock 2330`` reading the scrape folder →
``predict``. Proves the two halves agree on the CSV contract, ``--`` days included."""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).parents[1] / "scrape"))

from fake_sites import FakeTwse, LocalServer, roc  # noqa: E402


def trading_rows(year: int, month: int, start: float, rng) -> tuple[list[list[str]], float]:
    """STOCK_DAY rows (ROC dates, thousands separators) for a month's weekdays; one '--' day."""
    rows, price = [], start
    day = dt.date(year, month, 1)
    while day.month == month:
        if day.weekday() < 5:
            new = round(price * (1 + 0.01 * rng.standard_normal()), 1)
            cells = [f"{new:,.2f}"] * 4 if day.day != 15 else ["--"] * 4
            rows.append(
                [
                    roc(year, month, day.day),
                    "33,342,359",
                    "58,123,456,789",
                    *cells,
                    f"{new - price:+.2f}",
                    f"{int(40000 + 1000 * rng.random()):,}",
                    "",
                ]
            )
            price = new if day.day != 15 else price
        day += dt.timedelta(days=1)
    return rows, price


@pytest.fixture
def scraped(cli, tmp_path, monkeypatch):
    """data/twse/2330.csv scraped from four fake months (2025-11 .. 2026-02)."""
    from dlkit.scrape import http, twse

    monkeypatch.setattr(http, "WINDOW_S", 0.02)
    monkeypatch.setattr(http, "JITTER_S", 0.0)
    monkeypatch.setattr(twse, "taipei_today", lambda: dt.date(2026, 3, 17))
    fake, rng, price = FakeTwse(), np.random.default_rng(0), 1000.0
    for year, month in ((2025, 11), (2025, 12), (2026, 1), (2026, 2)):
        fake.months[("2330", f"{year}{month:02d}")], price = trading_rows(year, month, price, rng)
    out = tmp_path / "data" / "twse"
    with LocalServer(fake.respond) as srv:
        res = cli(
            "scrape",
            "twse",
            "--base-url",
            srv.url,
            "--out",
            out,
            "--stock",
            "2330",
            "--from",
            "2025-11",
            "--to",
            "2026-02",
            "--quiet",
        )
    assert res.exit_code == 0, res.stderr
    return out


def test_scrape_then_train_and_predict(cli, scraped, tmp_path):
    lines = (scraped / "2330.csv").read_text().splitlines()
    assert lines[0] == "date,volume,turnover,open,high,low,close,change,transactions,note"
    assert any(",,,," in line for line in lines)  # the '--' days
    res = cli(
        "train",
        "stock-lstm",
        "--data",
        scraped,
        "--stock",
        "2330",
        "--epochs",
        "1",
        "--out",
        tmp_path / "runs",
        "--json",
    )
    assert res.exit_code == 0, res.stderr
    summary = json.loads(res.stdout)
    run = Path(summary["run_dir"])
    assert summary["params"] == 118_849 and summary["epochs"] == 1
    pred = cli("predict", run, "--data", scraped, "--json")
    assert pred.exit_code == 0, pred.stderr
    (row,) = json.loads(pred.stdout)["predictions"]
    assert row["stock"] == "2330" and row["last_date"] == "2026-02-27"  # a Friday
    assert row["next_date"] == "2026-03-02"

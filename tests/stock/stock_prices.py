"""Synthetic daily prices in the exact CSV format ``dlkit scrape twse`` writes (header, ISO dates,
plain numbers, empty cells for ``--`` no-trade days), for the stock recipe's tests.

A uniquely named module (not ``conftest``) so test files can import it next to other folders'
helpers."""

from __future__ import annotations

from pathlib import Path

import numpy as np

HEADER = "date,volume,turnover,open,high,low,close,change,transactions,note"


def price_rows(
    days: int = 400,
    seed: int = 0,
    start: str = "2023-01-02",
    no_trade: tuple[int, ...] = (37, 150, 151, 290),
) -> list[str]:
    """CSV lines (no header) of a trending random walk on weekdays; ``no_trade`` rows are empty."""
    import pandas as pd

    rng = np.random.default_rng(seed)
    dates = pd.bdate_range(start, periods=days)
    close = 500.0 * np.exp(np.cumsum(0.0008 + 0.015 * rng.standard_normal(days)))
    close = np.round(close, 1)
    lines, prev = [], close[0]
    for i, date in enumerate(dates):
        c = close[i]
        o = round(prev * (1 + 0.004 * rng.standard_normal()), 1)
        h, low = (
            round(max(o, c) * (1 + abs(0.006 * rng.standard_normal())), 1),
            round(min(o, c) * (1 - abs(0.006 * rng.standard_normal())), 1),
        )
        trans = int(20000 + 5000 * abs(rng.standard_normal()))
        vol = trans * 1000
        if i in no_trade:
            lines.append(f"{date:%Y-%m-%d},0,0,,,,,,0,")
            continue
        lines.append(
            f"{date:%Y-%m-%d},{vol},{int(vol * c)},{o},{h},{low},{c},{round(c - prev, 1)},{trans},"
        )
        prev = c
    return lines


def write_prices(path: Path, days: int = 400, seed: int = 0, **kw) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        HEADER + "\n" + "\n".join(price_rows(days, seed, **kw)) + "\n", encoding="utf-8"
    )
    return path

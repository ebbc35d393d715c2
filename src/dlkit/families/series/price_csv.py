"""Read a daily price CSV into a clean, sorted table: the file contract between ``dlkit scrape
twse`` and the stock recipes.

The scraper writes ``date, volume, turnover, open, high, low, close, change, transactions, note``
with ISO dates and plain numbers (empty where TWSE showed ``--``). Other sources are read too:
headers are matched case-insensitively and by common aliases (yfinance's ``Date, Open, High, Low,
Close, Adj Close, Volume``; TWSE's Chinese names), Big5 text and title lines above the header (as
in CSVs saved from TWSE's site) are accepted, thousands separators and ``+`` signs in numbers are
stripped, ROC dates (``113/03/15``) are converted, and times after a date are ignored.
Rows with a bad date or without a value in a needed column (no-trade days) are dropped, the rest
are sorted by date and duplicate dates keep their last row. Called by ``families/series/stock.py`` (training,
evaluation) and ``families/series/series_predictor.py`` (the history behind a forecast).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from dlkit.errors import DataError, UsageError

ALIASES = {
    "date": ("date", "datetime", "timestamp", "trade_date", "日期", "交易日期"),
    "open": ("open", "open_price", "開盤價", "開盤"),
    "high": ("high", "high_price", "最高價", "最高"),
    "low": ("low", "low_price", "最低價", "最低"),
    "close": ("close", "close_price", "closing_price", "收盤價", "收盤"),
    "adj_close": ("adj_close", "adjclose", "adjusted_close"),
    "volume": ("volume", "vol", "trade_volume", "成交股數"),
    "turnover": ("turnover", "trade_value", "成交金額"),
    "change": ("change", "漲跌價差", "漲跌"),
    "transactions": ("transactions", "transaction", "trades", "成交筆數"),
}
_CANONICAL = {alias: name for name, aliases in ALIASES.items() for alias in aliases}
# A stock id names one file in the data folder: letters or digits first (so never ``..`` or a
# hidden file), then letters, digits, ``.``, ``_``, ``-`` or ``^`` (TWSE's 2330, yfinance's
# BRK-B, 2330.TW, ^TWII), never a path separator.
STOCK_ID = re.compile(r"^[0-9A-Za-z^][0-9A-Za-z._^-]{0,31}$")
_ROC_DATE = re.compile(r"^(\d{2,3})[/.-](\d{1,2})[/.-](\d{1,2})$")


@dataclass
class Prices:
    """A cleaned price table: ``frame`` has ``date`` (datetime64) and the float columns asked for."""

    frame: Any
    path: Path
    rows_read: int
    dropped_missing: int = 0
    dropped_bad_date: int = 0
    duplicates: int = 0
    columns: list[str] = field(default_factory=list)  # every column the file has (normalised)

    def summary(self) -> dict[str, Any]:
        return {
            "source": str(self.path),
            "rows_read": self.rows_read,
            "rows": len(self.frame),
            "dropped_no_trade": self.dropped_missing,
            "dropped_bad_date": self.dropped_bad_date,
            "duplicate_dates": self.duplicates,
        }


def normalise(header: str) -> str:
    """``' Adj Close '`` → ``'adj_close'``, then the canonical name of a known alias."""
    name = re.sub(r"[\s\-.]+", "_", str(header).strip().lower()).strip("_")
    return _CANONICAL.get(name, name)


def resolve_csv(path: str, stock: str | int | None) -> Path:
    """The CSV to read: ``path`` itself, or ``path/<stock>.csv`` when ``path`` is a folder."""
    where = Path(str(path)).expanduser()
    if where.is_dir():
        if stock is None or str(stock) == "":
            found = sorted(p.stem for p in where.glob("*.csv"))[:8]
            hint = f" (it has {', '.join(found)})" if found else ""
            raise UsageError(
                f"data.path {where} is a folder: name the stock with --stock ID"
                f"{hint}, or point --data at a CSV file"
            )
        if not STOCK_ID.match(str(stock)):
            raise UsageError(
                f"--stock {str(stock)!r} is not a stock id (letters, digits and "
                ". _ - ^, e.g. 2330 or BRK-B; no path)"
            )
        csv = where / f"{stock}.csv"
        if not csv.is_file():
            raise DataError(
                f"no {csv}: scrape it first ('dlkit scrape twse --stock {stock} "
                f"--out {where}') or point --data at a CSV file"
            )
        return csv
    if where.is_file():
        return where
    if where.suffix.lower() != ".csv":
        raise DataError(
            f"no such folder: {where}; scrape into it first ('dlkit scrape twse "
            f"--stock {stock or 'ID'} --out {where}') or point --data at a CSV file"
        )
    raise DataError(f"no such file: {where}")


def _decode(path: Path) -> str:
    data = path.read_bytes()
    for encoding in ("utf-8-sig", "cp950"):  # cp950: CSVs saved from TWSE's site
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise DataError(f"{path} is not UTF-8 or Big5 text; save it as a UTF-8 CSV")


def _read_table(path: Path) -> Any:
    """The CSV as strings with normalised headers; the header is the first of the top ten rows
    that names a date column (TWSE's own downloads open with a title line)."""
    import csv
    import io

    import pandas as pd

    try:
        rows = list(csv.reader(io.StringIO(_decode(path).replace("\x00", ""))))
    except csv.Error as exc:
        raise DataError(f"{path} is not a readable CSV ({exc})") from None
    rows = [r for r in rows if any(cell.strip() for cell in r)]
    if not rows:
        raise DataError(f"{path} is empty; expected a CSV with a header row")
    at = next((i for i, r in enumerate(rows[:10]) if "date" in {normalise(c) for c in r}), 0)
    names = [normalise(c) for c in rows[at]]
    keep = [i for i, n in enumerate(names) if n and n not in names[:i]]  # first of duplicates
    body = [[(r[i].strip() if i < len(r) else "") for i in keep] for r in rows[at + 1 :]]
    return pd.DataFrame(body, columns=[names[i] for i in keep], dtype=str)


def parse_dates(values: Any) -> Any:
    """Strings → datetime64 (NaT where unreadable); ROC years (< 1000) get 1911 added."""
    import pandas as pd

    text = values.astype(str).str.strip().str.split(r"[ T]", n=1, regex=True).str[0]

    def roc(item: str) -> str:
        hit = _ROC_DATE.match(item)
        if hit and int(hit.group(1)) < 1000:
            return f"{int(hit.group(1)) + 1911}-{hit.group(2)}-{hit.group(3)}"
        return item

    return pd.to_datetime(text.map(roc), errors="coerce", format="mixed")


def parse_numbers(values: Any) -> Any:
    """Strings such as ``'1,750.00'``, ``'+3.5'``, ``'--'``, ``''`` → float64 (NaN if not a number)."""
    import pandas as pd

    cleaned = values.astype(str).str.replace(r"[,\s_]", "", regex=True)
    return pd.to_numeric(cleaned, errors="coerce").astype("float64")


def read_prices(path: Path, columns: list[str]) -> Prices:
    """The cleaned table of ``columns`` from the CSV at ``path`` (see the module docstring)."""
    return clean_prices(_read_table(path), columns, path)


def prices_from_records(records: list[dict[str, Any]], columns: list[str], name: str) -> Prices:
    """The same cleaned table from rows sent as JSON objects (``serve``): headers and values go
    through the same aliases and parsers as a CSV's; ``name`` stands for the file in messages."""
    import pandas as pd

    if not records or not all(isinstance(r, dict) for r in records):
        raise DataError(
            f"{name}: send the price history as a list of objects with date, {', '.join(columns)}"
        )
    frame = pd.DataFrame(
        [{normalise(k): ("" if v is None else str(v)) for k, v in r.items()} for r in records],
        dtype=str,
    ).fillna("")
    return clean_prices(frame, columns, Path(name))


def clean_prices(frame: Any, columns: list[str], path: Path) -> Prices:
    """Parse, filter and sort a table of strings with normalised headers (``read_prices``)."""
    available = list(frame.columns)
    if "date" not in available:
        shown = ["".join(ch for ch in c if ch.isprintable())[:20] for c in available[:12]]
        raise DataError(f"{path} has no date column; its columns are: {', '.join(shown)}")
    missing = [c for c in columns if c not in available]
    if missing:
        usable = [c for c in available if c not in ("date", "note")]
        raise DataError(
            f"{path} has no column {', '.join(repr(m) for m in missing)}; available: "
            f"{', '.join(usable)} (choose with --set data.features=[...] "
            "or data.target)"
        )
    table = frame[["date"]].copy()
    table["date"] = parse_dates(frame["date"])
    for col in columns:
        table[col] = parse_numbers(frame[col])
        with np.errstate(invalid="ignore"):  # NaN (no trade) compares False
            huge = np.flatnonzero(np.abs(table[col].to_numpy()) > np.finfo(np.float32).max)
        if len(huge):
            rows = ", ".join(str(i + 1) for i in huge[:3])
            raise DataError(
                f"{path}: column '{col}' has {len(huge)} value(s) that are infinite "
                f"or beyond float32's ±3.4e38 (row {rows}); fix or remove those rows"
            )
    read = len(table)
    bad_date = int(table["date"].isna().sum())
    table = table.dropna(subset=["date"])
    no_trade = int(table[columns].isna().any(axis=1).sum())
    table = table.dropna(subset=columns)
    table = table.sort_values("date", kind="stable")
    before = len(table)
    table = table.drop_duplicates(subset="date", keep="last").reset_index(drop=True)
    if read and bad_date == read:
        raise DataError(
            f"{path}: no row has a readable date (first value: {str(frame['date'].iloc[0])[:30]!r})"
        )
    return Prices(table, path, read, no_trade, bad_date, before - len(table), available)

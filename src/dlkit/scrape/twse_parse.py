"""Parse TWSE's STOCK_DAY answers (JSON or the ``response=html`` page) into plain daily rows.

Pure functions, no I/O, called by ``twse.py`` and ``twse_selenium.py``. Liberal in what they take:
ROC dates (``115/03/17`` → 2026-03-17), thousands separators, ``--`` for "no trade", change values
such as ``+35.00``, `` 0.00`` and ``X0.00`` (X = not comparable, kept in ``note``), columns mapped
by field name (Chinese or English) with the classic nine-column order as fallback, 9 or 10 cells.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

COLUMNS = (
    "date",
    "volume",
    "turnover",
    "open",
    "high",
    "low",
    "close",
    "change",
    "transactions",
    "note",
)
INT_COLUMNS = ("volume", "turnover", "transactions")

# field-name keywords → column; checked in order, first hit wins
FIELD_KEYWORDS = (
    ("date", ("日期", "date")),
    ("volume", ("成交股數", "trade volume", "volume")),
    ("turnover", ("成交金額", "trade value", "turnover", "value")),
    ("open", ("開盤", "open")),
    ("high", ("最高", "high")),
    ("low", ("最低", "low")),
    ("close", ("收盤", "clos")),
    ("change", ("漲跌", "change")),
    ("transactions", ("成交筆數", "transaction")),
    ("note", ("註記", "note")),
)
EMPTY_STATS = ("沒有符合", "查無資料", "no data", "no matching")
_NUMBER = re.compile(r"^[+-]?\d+(\.\d+)?$")


class TwseFormatError(ValueError):
    """The payload is not a STOCK_DAY answer (the caller retries or reports it)."""


def roc_date(text: str) -> str | None:
    """``'115/03/17'`` → ``'2026-03-17'``; a four-digit year is taken as Gregorian; None if invalid."""
    parts = re.split(r"[/.\-]", re.sub(r"[\s*＊]", "", str(text)))
    if len(parts) != 3 or not all(p.isdigit() for p in parts):
        return None
    year, month, day = (int(p) for p in parts)
    if len(parts[0]) < 4:
        year += 1911
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


_TAG = re.compile(r"<[^>]*>")


def number(text: Any) -> float | int | None:
    """``'1,750.00'`` → 1750.0, ``'33,342,359'`` → 33342359, ``'--'``/blank → None."""
    cleaned = re.sub(r"[\s,]", "", _TAG.sub("", str(text)))
    if not _NUMBER.match(cleaned):
        return None
    value = float(cleaned)
    return int(value) if "." not in cleaned else value


def change(text: Any) -> tuple[float | None, str]:
    """``'+35.00'`` → (35.0, ''), ``' 0.00'`` → (0.0, ''), ``'X0.00'`` → (0.0, 'X'), ``'--'`` → (None, '')."""
    cleaned = re.sub(r"[\s,]", "", _TAG.sub("", str(text)))
    found = re.match(r"^[^\d+\-.]*", cleaned)  # always matches: the prefix may be empty
    flag = found.group(0) if found else ""
    value = number(cleaned[len(flag) :])
    return (None if value is None else float(value)), flag


def column_map(fields: Any, width: int) -> list[str | None]:
    """Column name for each cell of a row of ``width`` cells, by field name, else by position."""
    names: list[str | None] = []
    if isinstance(fields, list) and len(fields) == width:
        for field in fields:
            label = str(field).strip().lower()
            hit = next(
                (
                    col
                    for col, keys in FIELD_KEYWORDS
                    if col not in names and any(k in label for k in keys)
                ),
                None,
            )
            names.append(hit)
        if "date" in names and "close" in names:
            return names
    return list(COLUMNS[:width]) + [None] * max(0, width - len(COLUMNS))


def parse_row(cells: list[Any], names: list[str | None]) -> dict | None:
    """One data row → a row dict with every column; None when it has no valid date."""
    raw = {name: cell for name, cell in zip(names, cells) if name}
    date = roc_date(raw.get("date", ""))
    if date is None:
        return None
    row: dict[str, Any] = {"date": date}
    for col in ("volume", "turnover", "open", "high", "low", "close", "transactions"):
        value = number(raw.get(col, ""))
        row[col] = int(value) if col in INT_COLUMNS and value is not None else value
    row["change"], flag = change(raw.get("change", ""))
    notes = [flag, " ".join(str(raw.get("note", "")).split())]
    row["note"] = " ".join(n for n in notes if n)
    return row


def parse_rows(fields: Any, data: Any) -> list[dict]:
    """Rows (lists of cells) → row dicts, skipping rows without a date (totals, blanks)."""
    if not isinstance(data, list):
        raise TwseFormatError("'data' is not a list")
    rows = []
    for cells in data:
        if isinstance(cells, list) and cells:
            row = parse_row(cells, column_map(fields, len(cells)))
            if row is not None:
                rows.append(row)
    return rows


def parse_json(text: str) -> tuple[str, list[dict]]:
    """A STOCK_DAY JSON body → (status, rows); status is 'ok', 'empty' or 'unknown: <stat>'."""
    try:
        payload = json.loads(text.lstrip("\ufeff"))
    except ValueError:
        raise TwseFormatError("the answer is not JSON") from None
    if not isinstance(payload, dict) or not ("stat" in payload or "data" in payload):
        raise TwseFormatError("the JSON has neither 'stat' nor 'data'")
    stat = " ".join(str(payload.get("stat", "")).split())
    data = payload.get("data")
    if data:
        return "ok", parse_rows(payload.get("fields"), data)
    if stat.upper() == "OK" or any(mark in stat.lower() for mark in EMPTY_STATS):
        return "empty", []
    return f"unknown: {stat}", []


def parse_html(html: str) -> tuple[str, list[dict]]:
    """A ``response=html`` page → (status, rows): header names from ``thead``, cells from ``tbody > tr``."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    table = soup.find("table")
    body_rows = table.select("tbody > tr") if table else []
    data = [[td.get_text(" ", strip=True) for td in tr.find_all(["td", "th"])] for tr in body_rows]
    data = [cells for cells in data if any(cells)]
    if data and table is not None:
        header = table.select("thead tr")
        fields = (
            [th.get_text(" ", strip=True) for th in header[-1].find_all(["th", "td"])]
            if header
            else None
        )
        return "ok", parse_rows(fields, data)
    text = soup.get_text(" ", strip=True)
    if table is not None or any(mark in text.lower() for mark in EMPTY_STATS):
        return "empty", []
    return f"unknown: {text[:80]}", []

"""TWSE daily prices: plan months, fetch or reuse each one, merge them into one CSV per stock.

Used by ``jobs/scrape.py`` (the ``dlkit scrape twse`` job, which checks the options and output
paths, takes the folder's lock and drives :func:`scrape_stock` per stock). One STOCK_DAY request
per stock and month (the legacy ``/exchangeReport`` path is the fallback when the ``/rwd`` one
answers 404), all through one shared :class:`~dlkit.scrape.http.RateLimiter`. Raw answers are
cached under ``DIR/.cache/twse/<stock>/``: ``YYYYMM.json`` for a month fetched after it closed
(never fetched again), ``YYYYMM.partial.json`` for the current month (always fetched again). Each
run rebuilds ``DIR/<stock>.csv`` from the existing CSV plus every month it read, sorted by date
without duplicates, written atomically.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dlkit import files
from dlkit.errors import DataError, NetworkError, UsageError
from dlkit.scrape import twse_parse
from dlkit.scrape.http import HttpClient, RawCache, RetryableResponse
from dlkit.scrape.twse_endpoint import LEGACY_PATH, RWD_PATH, Month, month_query

FIRST_MONTH = (2010, 1)
STOCK_ID = re.compile(r"^[0-9A-Za-z]{4,6}$")
ENGINES = ("json", "selenium")


@dataclass
class StockResult:
    """What one stock's run did; becomes one entry of the ``--json`` summary."""

    stock: str
    csv: str
    months: int = 0
    months_fetched: int = 0
    months_cached: int = 0
    empty_months: int = 0
    rows: int = 0
    rows_added: int = 0
    warnings: list[str] = field(default_factory=list)


def taipei_today() -> dt.date:
    """Today in Asia/Taipei, which decides the current (never final) month."""
    from zoneinfo import ZoneInfo

    return dt.datetime.now(ZoneInfo("Asia/Taipei")).date()


def parse_month(text: str, option: str) -> Month:
    """``'2010-01'`` (or ``2010/01``, ``201001``) → (2010, 1); UsageError otherwise."""
    match = re.fullmatch(r"(\d{4})[-/]?(\d{1,2})", text.strip())
    if not match or not 1 <= int(match.group(2)) <= 12:
        raise UsageError(f"{option} {text!r} is not a month like 2010-01")
    return int(match.group(1)), int(match.group(2))


def check_request(stocks: list[str], start: Month, end: Month, today: dt.date) -> list[str]:
    """Validate stock ids and the month range (UsageError); return the ids, deduplicated."""
    if not stocks:
        raise UsageError("give at least one --stock, e.g. --stock 2330")
    for stock in stocks:
        if not STOCK_ID.match(stock):
            raise UsageError(
                f"--stock {stock!r} is not a TWSE stock id (4-6 letters or digits, e.g. 2330)"
            )
    current = (today.year, today.month)
    if start < FIRST_MONTH:
        raise UsageError(
            f"--from {_fmt(start)} is before {_fmt(FIRST_MONTH)}, the first month "
            "this scraper asks TWSE for"
        )
    if end > current:
        raise UsageError(
            f"--to {_fmt(end)} is after the current month {_fmt(current)} (Asia/Taipei)"
        )
    if start > end:
        raise UsageError(f"--from {_fmt(start)} is after --to {_fmt(end)}")
    return list(dict.fromkeys(stocks))


def check_outputs(out_dir: Path, stocks: list[str]) -> None:
    """Fail fast (UsageError) unless every file and folder a run writes under ``out_dir`` can be."""
    from dlkit.scrape.lock import LOCK_NAME

    files.check_writable(out_dir, "--out")
    files.check_writable(out_dir / LOCK_NAME, "--out: lock file", kind="file")
    for stock in stocks:
        files.check_writable(csv_path(out_dir, stock), "--out: CSV", kind="file")
        files.check_writable(cache_root(out_dir) / stock, "--out: cache folder")


def csv_path(out_dir: Path, stock: str) -> Path:
    return out_dir / f"{stock}.csv"


def cache_root(out_dir: Path) -> Path:
    return out_dir / ".cache" / "twse"


def months_between(start: Month, end: Month) -> list[Month]:
    """Every month from ``start`` to ``end`` inclusive."""
    months, (year, month) = [], start
    while (year, month) <= end:
        months.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def _fmt(month: Month) -> str:
    return f"{month[0]:04d}-{month[1]:02d}"


class MonthSource:
    """Gives a month's rows from the cache or one request, and counts which it was.

    ``fetch(stock, month) -> (raw_text, suffix)`` is the engine (JSON over requests here, a browser
    in ``twse_selenium.py``); ``parse(raw, suffix) -> (status, rows)`` reads either format.
    """

    def __init__(
        self, cache_root: Path, today: dt.date, fetch: Callable[[str, Month], tuple[str, str]]
    ) -> None:
        self.cache_root, self.current, self.fetch = cache_root, (today.year, today.month), fetch

    def rows(self, stock: str, month: Month, result: StockResult) -> list[dict]:
        cache = RawCache(self.cache_root / stock)
        name = f"{month[0]:04d}{month[1]:02d}"
        closed = month < self.current
        if closed:
            for suffix in (".json", ".html"):
                raw = cache.get(name + suffix)
                parsed = _parse_cached(raw, suffix)
                if parsed is not None and not parsed[0].startswith("unknown"):
                    result.months_cached += 1
                    return self._count(parsed, result)
        raw, suffix = self.fetch(stock, month)
        status, rows = _parse(raw, suffix)
        result.months_fetched += 1
        if status.startswith("unknown"):
            result.warnings.append(f"{stock} {_fmt(month)}: TWSE said {status[9:]!r}; not cached")
        elif closed:
            cache.put(name + suffix, raw)
            cache.drop(name + ".partial" + suffix)
        else:
            cache.put(name + ".partial" + suffix, raw)
        return self._count((status, rows), result)

    @staticmethod
    def _count(parsed: tuple[str, list[dict]], result: StockResult) -> list[dict]:
        status, rows = parsed
        result.empty_months += status != "ok" or not rows
        return rows


def _parse(raw: str, suffix: str) -> tuple[str, list[dict]]:
    return twse_parse.parse_html(raw) if suffix == ".html" else twse_parse.parse_json(raw)


def _parse_cached(raw: str | None, suffix: str) -> tuple[str, list[dict]] | None:
    if raw is None:
        return None
    try:
        return _parse(raw, suffix)
    except twse_parse.TwseFormatError:
        return None


class JsonEngine:
    """Fetches STOCK_DAY JSON with requests; falls back to the legacy path after a 404."""

    def __init__(self, client: HttpClient, base_url: str) -> None:
        self.client, self.base_url, self.paths = client, base_url, [RWD_PATH, LEGACY_PATH]

    def __call__(self, stock: str, month: Month) -> tuple[str, str]:
        params = month_query(stock, month, "json")
        for path in list(self.paths):
            status, text = self.client.get(self.base_url + path, params, decode=_decode_json)
            if status != 404:
                return text, ".json"
            if len(self.paths) > 1:
                self.paths.remove(path)  # remember the fallback for the rest of the run
        raise NetworkError(
            f"TWSE answered 404 for both {RWD_PATH} and {LEGACY_PATH} at "
            f"{self.base_url}; check --base-url"
        )


def _decode_json(resp: Any) -> str:
    text = resp.content.decode("utf-8", errors="replace")
    try:
        twse_parse.parse_json(text)
    except twse_parse.TwseFormatError as exc:
        raise RetryableResponse(f"{exc} ({text[:60].strip()!r}...)") from None
    return text


def merge_csv(path: Path, rows: Iterable[dict]) -> tuple[int, int]:
    """Merge rows into the CSV at ``path`` (new values win per date); return (total, added)."""
    old = read_csv(path)
    merged = dict(old)
    for row in rows:
        merged[row["date"]] = _format_row(row)
    added = len(merged.keys() - old.keys())
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(twse_parse.COLUMNS)
    for date in sorted(merged):
        writer.writerow(merged[date])
    if merged != old or not path.exists():
        files.write_text(path, out.getvalue())
    return len(merged), added


def read_csv(path: Path) -> dict[str, list[str]]:
    """An existing output CSV as {date: cells}; DataError if it is not one of ours."""
    if not path.exists():
        return {}
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.reader(handle)
        header = next(reader, None)
        if header is not None and tuple(header) != twse_parse.COLUMNS:
            raise DataError(
                f"{path} has other columns than {','.join(twse_parse.COLUMNS)}; "
                "move it away or pick another --out"
            )
        return {cells[0]: cells for cells in reader if cells}


def _format_row(row: dict) -> list[str]:
    return ["" if row.get(col) is None else str(row[col]) for col in twse_parse.COLUMNS]


def scrape_stock(
    stock: str, months: list[Month], source: MonthSource, out_dir: Path, bar: Any, task: int
) -> StockResult:
    """Read every month of one stock, then merge them into ``out_dir/<stock>.csv``."""
    csv_file = csv_path(out_dir, stock)
    result = StockResult(stock=stock, csv=str(csv_file), months=len(months))
    rows: list[dict] = []
    for month in months:
        bar.update(task, status=_fmt(month))
        rows.extend(source.rows(stock, month, result))
        bar.advance(task)
    if result.empty_months == len(months) and not csv_file.exists():
        result.warnings.append(
            f"{stock}: TWSE has no rows for {_fmt(months[0])}..{_fmt(months[-1])}"
            " (is the stock id right?); no CSV written"
        )
        return result
    result.rows, result.rows_added = merge_csv(csv_file, rows)
    return result


def open_engine(engine: str, client: HttpClient, base_url: str) -> Any:
    """A context manager giving ``fetch(stock, month) -> (raw, suffix)`` for ``engine``."""
    import contextlib

    if engine == "json":
        return contextlib.nullcontext(JsonEngine(client, base_url))
    from dlkit.scrape.twse_selenium import SeleniumEngine

    return SeleniumEngine(client.limiter, base_url)


def summary(
    results: list[StockResult], requests: int, out_dir: Path, engine: str, start: Month, end: Month
) -> dict:
    """The ``--json`` summary of a run."""
    return {
        "out": str(out_dir),
        "engine": engine,
        "from": _fmt(start),
        "to": _fmt(end),
        "stocks": [vars(r) for r in results],
        "months_fetched": sum(r.months_fetched for r in results),
        "months_cached": sum(r.months_cached for r in results),
        "rows_added": sum(r.rows_added for r in results),
        "requests": requests,
    }

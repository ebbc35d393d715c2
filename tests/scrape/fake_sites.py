"""Local stand-ins for TWSE and Google Maps: an http.server on 127.0.0.1 replaying real formats.

Used by the tests in this folder and by ``scripts/bench_scrape.py``. Nothing here touches the
internet. :class:`LocalServer` counts every request on the server side; :class:`FakeTwse` answers
STOCK_DAY (rwd and legacy paths, JSON and ``response=html``) from generated months, with queued
overrides for errors (5xx, 429, ban pages, garbage).
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

Reply = tuple[int, str, bytes]  # status, content type, body
FIELDS = [
    "日期",
    "成交股數",
    "成交金額",
    "開盤價",
    "最高價",
    "最低價",
    "收盤價",
    "漲跌價差",
    "成交筆數",
    "註記",
]
EMPTY_STAT = "很抱歉，沒有符合條件的資料!"
BAN_HTML = (
    "<html><head><title>THE PAGE CANNOT BE ACCESSED!</title></head><body><h1>THE PAGE "
    "CANNOT BE ACCESSED!</h1><p>FOR SECURITY REASONS, THIS PAGE CAN NOT BE ACCESSED!</p>"
    "<p>因為安全性考量，您所執行的頁面無法呈現</p></body></html>"
)


class LocalServer:
    """``with LocalServer(respond) as srv:`` → ``srv.url``; ``srv.hits`` lists (path, query)."""

    def __init__(self, respond: Callable[[str, dict], Reply]) -> None:
        self.respond = respond
        self.hits: list[tuple[str, dict]] = []
        self.lock = threading.Lock()

    def __enter__(self) -> LocalServer:
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - http.server API
                parts = urlsplit(self.path)
                query = {k: v[0] for k, v in parse_qs(parts.query, keep_blank_values=True).items()}
                with outer.lock:
                    outer.hits.append((parts.path, query))
                status, ctype, body = outer.respond(parts.path, query)
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                if status == 503:
                    self.send_header("Retry-After", "0")
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )
        self.thread.start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


def roc(year: int, month: int, day: int) -> str:
    return f"{year - 1911}/{month:02d}/{day:02d}"


def month_rows(
    stock: str, year: int, month: int, days: tuple[int, ...] = (2, 3)
) -> list[list[str]]:
    """Plausible STOCK_DAY rows, deterministic in (stock, year, month)."""
    base = 500 + (year - 2010) * 50 + month + int(stock[:2] if stock[:2].isdigit() else 7)
    rows = []
    for i, day in enumerate(days):
        price = base + i * 5
        rows.append(
            [
                roc(year, month, day),
                f"{33342359 + i * 1000:,}",
                f"{58_123_456_789 + i:,}",
                f"{price:,.2f}",
                f"{price + 10:,.2f}",
                f"{price - 5:,.2f}",
                f"{price + 5:,.2f}",
                "+5.00" if i else " 0.00",
                f"{41234 + i:,}",
                "",
            ]
        )
    return rows


def stock_day_json(
    stock: str,
    year: int,
    month: int,
    rows: list[list[str]] | None = None,
    fields: list[str] | None = None,
) -> bytes:
    rows = month_rows(stock, year, month) if rows is None else rows
    payload = {
        "stat": "OK",
        "date": f"{year}{month:02d}01",
        "title": f"{year - 1911}年{month:02d}月 {stock} 台積電 各日成交資訊",
        "fields": fields or FIELDS,
        "data": rows,
        "notes": ["符號說明:+/-/X表示漲/跌/不比價"],
        "total": len(rows),
    }
    return json.dumps(payload, ensure_ascii=False).encode()


def empty_json() -> bytes:
    return json.dumps({"stat": EMPTY_STAT, "total": 0}, ensure_ascii=False).encode()


def stock_day_html(stock: str, year: int, month: int, rows: list[list[str]] | None = None) -> bytes:
    rows = month_rows(stock, year, month) if rows is None else rows
    head = "".join(f"<th><div>{f}</div></th>" for f in FIELDS)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    title = f"{year - 1911}年{month:02d}月 {stock} 各日成交資訊"
    return (
        f"<html><head><meta charset='utf-8'></head><body><div><table><thead><tr><th colspan="
        f"'10'><div>{title}</div></th></tr><tr>{head}</tr></thead><tbody>{body}</tbody>"
        "</table></div></body></html>"
    ).encode()


class FakeTwse:
    """STOCK_DAY on a local server. ``months[(stock, 'YYYYMM')]`` = rows (None → empty month);
    unknown months answer empty; ``queue[(stock, 'YYYYMM')]`` = replies served first, in order."""

    def __init__(self, rwd: bool = True) -> None:
        self.months: dict[tuple[str, str], list[list[str]] | None] = {}
        self.queue: dict[tuple[str, str], list[Reply]] = {}
        self.rwd = rwd

    def respond(self, path: str, query: dict) -> Reply:
        if path not in ("/rwd/zh/afterTrading/STOCK_DAY", "/exchangeReport/STOCK_DAY") or (
            path.startswith("/rwd") and not self.rwd
        ):
            return 404, "text/html", b"<html><body>404 Not Found</body></html>"
        stock, ym = query.get("stockNo", ""), query.get("date", "")[:6]
        if self.queue.get((stock, ym)):
            return self.queue[(stock, ym)].pop(0)
        rows = self.months.get((stock, ym))
        year, month = int(ym[:4]), int(ym[4:])
        if query.get("response") == "html":
            return 200, "text/html; charset=utf-8", stock_day_html(stock, year, month, rows or [])
        if rows is None:
            return 200, "application/json", empty_json()
        return 200, "application/json", stock_day_json(stock, year, month, rows)


def review_item(i: int, text: str | None) -> list:
    """One review in listentitiesreviews' nested-list layout."""
    return [
        [f"https://www.google.com/maps/contrib/{i}", f"作者{i}", None, None],
        f"{i % 12 + 1} 個月前",
        None,
        text,
        i % 5 + 1,
        None,
        None,
        None,
        None,
        None,
        f"review-{i}",
    ]


class FakeGoogle:
    """listentitiesreviews on a local server: ``total`` reviews, 10 per page by the !2i offset."""

    def __init__(self, total: int = 25, prefix: str = ")]}'\n") -> None:
        self.total, self.prefix, self.mode = total, prefix, "ok"

    def respond(self, path: str, query: dict) -> Reply:
        if path != "/maps/preview/review/listentitiesreviews" or self.mode == "404":
            return 404, "text/html", b"<html><body>Error 404 (Not Found)</body></html>"
        if self.mode == "shape":
            return 200, "application/json", (self.prefix + json.dumps({"reviews": []})).encode()
        offset = int(query["pb"].split("!2i")[1].split("!")[0])
        items = [
            review_item(i, None if i == 3 else f"第{i}則評論 很好吃")
            for i in range(offset, min(offset + 10, self.total))
        ]
        payload = [None, None, items or None, None]
        return (
            200,
            "application/json",
            (self.prefix + json.dumps(payload, ensure_ascii=False)).encode(),
        )

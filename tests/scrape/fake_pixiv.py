"""A local imitation of pixiv's search AJAX endpoint and its image host: 403 for images without
the Referer, pagination, an empty page at the end, and works whose ids are not safe names."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, unquote, urlsplit

JPEG = b"\xff\xd8\xff\xe0" + b"fake-jpeg" * 10 + b"\xff\xd9"
DATE = "2021-10-21T00:00:07+09:00"
PAGES = {
    1: [
        {"id": "100", "title": 'holo, "one"', "createDate": DATE, "pageCount": 2},
        {"id": "../../evil", "title": "escape", "createDate": DATE, "pageCount": 1},
        {"id": "101", "alt": "no page count", "createDate": DATE},
        {"id": "103", "title": "bad date", "createDate": "yesterday"},
    ],
    2: [
        {
            "id": "102",
            "title": "second page",
            "createDate": "2022-01-02T03:04:05+09:00",
            "pageCount": 1,
        }
    ],
}
IMAGES = {"100_p0", "100_p1", "101_p0", "102_p0"}


class FakePixiv:
    """``with FakePixiv() as site:`` → ``site.url``; ``site.hits`` lists (path, query, headers)."""

    def __init__(self, cookie_from_page: int | None = None) -> None:
        self.cookie_from_page = cookie_from_page  # pages from here on need a cookie (else 403)
        self.hits: list[tuple[str, dict, dict]] = []

    def respond(self, path: str, query: dict, headers: dict) -> tuple[int, str, bytes]:
        if path.startswith("/ajax/search/illustrations/"):
            page = int(query.get("p", "1"))
            if self.cookie_from_page and page >= self.cookie_from_page and "Cookie" not in headers:
                return 403, "application/json", b'{"error": true}'
            body = {"error": False, "body": {"illust": {"data": PAGES.get(page, [])}}}
            return 200, "application/json", json.dumps(body).encode()
        if path.startswith("/img-master/img/"):
            if headers.get("Referer") != "https://www.pixiv.net/":
                return 403, "text/html", b"<html>403 Forbidden</html>"
            name = path.rsplit("/", 1)[1].removesuffix("_master1200.jpg")
            if name in IMAGES:
                return 200, "image/jpeg", JPEG
        return 404, "text/html", b"<html>not found</html>"

    def __enter__(self) -> FakePixiv:
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - http.server API
                parts = urlsplit(self.path)
                query = {k: v[0] for k, v in parse_qs(parts.query).items()}
                headers = dict(self.headers.items())
                outer.hits.append((unquote(parts.path), query, headers))
                status, ctype, body = outer.respond(unquote(parts.path), query, headers)
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
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

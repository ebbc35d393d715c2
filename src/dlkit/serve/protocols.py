"""uvicorn's HTTP protocols with dlkit's error contract: a request uvicorn cannot parse (a malformed
request line, bad headers, a broken chunked body) is answered ``400`` with JSON
``{"error": "..."}`` like every other error, instead of uvicorn's plain text. ``server.run`` passes
``json_errors_protocol()`` as uvicorn's ``http`` setting; it picks the same implementation uvicorn's
``auto`` would (httptools when installed, else h11).
"""

from __future__ import annotations

import json
from typing import Any


def _body(msg: str) -> bytes:
    return json.dumps({"error": f"malformed HTTP request ({' '.join(msg.split())[:120]})"}).encode()


def _h11() -> type:
    import h11
    from uvicorn.protocols.http.h11_impl import H11Protocol

    class JsonH11Protocol(H11Protocol):
        def send_400_response(self, msg: str) -> None:
            body = _body(msg)
            event = h11.Response(
                status_code=400,
                reason=b"Bad Request",
                headers=[
                    (b"content-type", b"application/json"),
                    (b"connection", b"close"),
                    (b"content-length", str(len(body)).encode()),
                ],
            )
            for part in (event, h11.Data(data=body), h11.EndOfMessage()):
                self.transport.write(self.conn.send(part))
            self.transport.close()

    return JsonH11Protocol


def _httptools() -> type:
    from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

    class JsonHttpToolsProtocol(HttpToolsProtocol):
        def send_400_response(self, msg: str) -> None:
            body = _body(msg)
            self.transport.write(
                b"".join(
                    [
                        b"HTTP/1.1 400 Bad Request\r\n",
                        b"content-type: application/json\r\n",
                        b"content-length: " + str(len(body)).encode() + b"\r\n",
                        b"connection: close\r\n\r\n",
                        body,
                    ]
                )
            )
            self.transport.close()

    return JsonHttpToolsProtocol


def json_errors_protocol() -> Any:
    try:
        import httptools  # noqa: F401
    except ImportError:
        return _h11()
    return _httptools()

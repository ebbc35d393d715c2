"""The hot path of ``dlkit serve``: ``POST /v1/models/{name}/predict`` answered straight from ASGI.

``create_app`` (``app.py``) puts ``PredictRoute`` in front of the FastAPI app: a prediction skips
FastAPI's routing, dependency solving and ``Request`` objects (about a third of a small model's
CPU per request); every other path and method, the OpenAPI page included, still goes to FastAPI.
The body is read once, a multipart upload is split by ``parse_multipart`` (the whole body is in
memory already, so a streaming parser buys nothing), and the reply is one JSON write. What a
request may contain and every error it can get are ``app.py``'s (``parse_items``, ``predict``).
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from typing import Any

PREFIX, SUFFIX = "/v1/models/", "/predict"


class PredictRoute:
    """ASGI wrapper: ``POST /v1/models/NAME/predict`` is handled here, the rest by ``app``."""

    def __init__(
        self,
        app: Any,
        handle: Callable[[str, bytes, str, str], Awaitable[Any]],
        limit: int,
        log: Any = None,
        read_timeout_s: float = 30.0,
    ) -> None:
        self.app, self.handle, self.limit, self.log = app, handle, limit, log
        self.read_timeout_s = read_timeout_s

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        path = scope.get("path", "")
        if (
            scope["type"] != "http"
            or scope["method"] != "POST"
            or not path.startswith(PREFIX)
            or not path.endswith(SUFFIX)
            or "/" in path[len(PREFIX) : -len(SUFFIX)]
        ):
            return await self.app(scope, receive, send)
        from dlkit.serve.app import HTTPError

        name = path[len(PREFIX) : -len(SUFFIX)]
        ctype, declared = "", None
        for key, value in scope["headers"]:
            if key == b"content-type":
                ctype = value.decode("latin-1")
            elif key == b"content-length":
                declared = value
        query = scope.get("query_string", b"").decode("latin-1")
        try:
            body = await read_body(receive, declared, self.limit, self.read_timeout_s)
            status, reply = 200, await self.handle(name, body, ctype, query)
        except HTTPError as exc:
            status, reply = exc.status, {"error": exc.message}
        except RecursionError:  # JSON nested thousands deep
            status, reply = 400, {"error": "the request nests too deep"}
        except Exception as exc:  # noqa: BLE001 - a failing model is a 500 line, not a traceback
            if self.log is not None:
                self.log(
                    f"dlkit serve: error: {name}: {type(exc).__name__}: "
                    f"{' '.join(str(exc).split())[:200]}"
                )
            status, reply = (
                500,
                {"error": f"internal error while predicting with {name}: {type(exc).__name__}"},
            )
        await respond(send, status, reply)


async def read_body(
    receive: Any, declared: bytes | None, limit: int, timeout_s: float = 30.0
) -> bytes:
    """The whole request body, a 413 as soon as it (or its declared length) passes ``limit``, or
    a 408 when it has not all arrived within ``timeout_s`` (``--read-timeout``: a client that
    sends half a body must not hold a worker)."""
    import asyncio

    from dlkit.serve.app import HTTPError

    try:
        return await asyncio.wait_for(_read_all(receive, declared, limit), timeout_s)
    except TimeoutError:
        raise HTTPError(
            408, f"the request body did not arrive within {timeout_s:g} s (--read-timeout)"
        ) from None


async def _read_all(receive: Any, declared: bytes | None, limit: int) -> bytes:
    from dlkit.serve.app import HTTPError

    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise HTTPError(
            413,
            f"request body of {int(declared):,} bytes is over the limit of "
            f"{limit:,} (--max-request-mb)",
        )
    message = await receive()
    body = message.get("body", b"")
    if not message.get("more_body", False) and len(body) <= limit:
        return body
    chunks, size = [body], len(body)
    while message.get("more_body", False):
        message = await receive()
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            break
        chunks.append(chunk)
    if size > limit:
        raise HTTPError(
            413, f"request body is over the limit of {limit:,} bytes (--max-request-mb)"
        )
    return b"".join(chunks)


async def respond(send: Any, status: int, reply: Any) -> None:
    body = json.dumps(reply, separators=(",", ":"), ensure_ascii=False).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


def header_params(value: str) -> tuple[str, dict[str, str]]:
    """``'form-data; name="a"; filename="b.png"'`` → ``("form-data", {"name": "a", ...})``."""
    head, _, rest = value.partition(";")
    params: dict[str, str] = {}
    while rest:
        rest = rest.lstrip(" \t;")
        key, eq, rest = rest.partition("=")
        if not eq:
            break
        if rest.startswith('"'):
            end, out = 1, []
            while end < len(rest) and rest[end] != '"':
                if rest[end] == "\\" and end + 1 < len(rest):
                    end += 1
                out.append(rest[end])
                end += 1
            val, rest = "".join(out), rest[end + 1 :]
        else:
            val, _, rest = rest.partition(";")
            val = val.strip()
        params[key.strip().lower()] = val
    return head.strip().lower(), params


def parse_multipart(
    body: bytes, ctype: str, max_files: int, max_fields: int
) -> list[tuple[str, str | None, bytes]]:
    """``(field name, file name or None, bytes)`` per part of a multipart/form-data body; a
    ``ValueError`` says why a body cannot be read."""
    boundary = header_params(ctype)[1].get("boundary", "")
    if not boundary or len(boundary) > 200:
        raise ValueError("no boundary in the content type")
    delimiter = b"--" + boundary.encode("latin-1")
    pieces = body.split(delimiter)
    if len(pieces) < 3 or not pieces[-1].startswith(b"--"):
        raise ValueError("the body does not end with the closing boundary")
    parts: list[tuple[str, str | None, bytes]] = []
    files = fields = 0
    for piece in pieces[1:-1]:
        if not piece.startswith(b"\r\n") or not piece.endswith(b"\r\n"):
            raise ValueError("malformed part")
        head, sep, data = piece[2:-2].partition(b"\r\n\r\n")
        if not sep:
            raise ValueError("a part without headers")
        name, filename = None, None
        for line in head.decode("utf-8", "replace").split("\r\n"):
            key, _, value = line.partition(":")
            if key.strip().lower() == "content-disposition":
                _, params = header_params(value)
                name, filename = params.get("name"), params.get("filename")
        if name is None:
            raise ValueError("a part without a form-data name")
        files, fields = files + (filename is not None), fields + (filename is None)
        if files > max_files or fields > max_fields:
            raise ValueError(
                f"too many {'files' if files > max_files else 'fields'}: the "
                f"limit is {max_files if files > max_files else max_fields}"
            )
        parts.append((name, filename, data))
    return parts

"""The ASGI app of ``dlkit serve``: ``GET /health``, ``GET /v1/models``, ``POST
/v1/models/{name}/predict`` and FastAPI's OpenAPI page (``/docs``).

A prediction takes JSON (``{"inputs": [...], "top_k": 3}``) or multipart image uploads, hands the
items to the run's predictor (``read_payload``: the protocol of ``predict/``), runs the model
through its micro-batcher and answers the rows ``dlkit predict --json`` prints, so the two can
never disagree. Every error is JSON ``{"error": "one line"}`` with a 4xx code (a failing model:
500), never a traceback. Two plain ASGI wrappers sit in front: the API key (every path but
``/health`` and the OpenAPI page; compared in constant time) and the access log (one line per request on stderr).
"""

import hmac
import json
import os
import sys
import time
from dataclasses import dataclass
from typing import Any

from dlkit.errors import DataError, DlkitError, TooLarge

INLINE_BYTES = 64 * 1024  # bodies up to this size are read on the event loop, larger in a thread


@dataclass
class ServedModel:
    """One loaded run: its predictor, its spec, and the batcher in front of its model."""

    name: str
    ckpt: dict[str, Any]
    spec: Any
    predictor: Any
    batcher: Any
    run_alone: Any = None  # predictors with their own ``run``: () -> outputs factory

    def describe(self) -> dict[str, Any]:
        spec = self.spec.to_dict()
        return {
            "name": self.name,
            "recipe": self.ckpt.get("recipe"),
            "task": self.ckpt.get("task", "classification"),
            "input": {
                "kind": spec["kind"],
                "shape": spec["shape"],
                "accepts": self.predictor.payload_help,
            },
            "classes": list(self.ckpt.get("classes") or []),
            "model": self.ckpt["model"]["name"],
        }


@dataclass
class Limits:
    max_request_bytes: int = 16 * 1024 * 1024
    max_pixels: int = 25_000_000
    max_inputs: int = 1024
    read_timeout_s: float = 30.0  # a body that has not fully arrived by then: 408


class HTTPError(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status, self.message = status, " ".join(message.split())


def create_app(
    models: dict[str, ServedModel], limits: Limits, api_key: bytes | None = None, log: Any = None
) -> Any:
    """The FastAPI app wrapped in the key check and the access log."""
    from contextlib import asynccontextmanager

    from fastapi import FastAPI, Request
    from fastapi.exceptions import RequestValidationError
    from fastapi.responses import JSONResponse
    from starlette.exceptions import HTTPException as StarletteHTTPException

    from dlkit import __version__

    @asynccontextmanager
    async def lifespan(_app: Any):
        for served in models.values():
            await served.batcher.start()
        yield
        for served in models.values():
            await served.batcher.stop()

    app = FastAPI(
        title="dlkit serve",
        version=__version__,
        lifespan=lifespan,
        description="Predictions from trained dlkit runs: the rows `dlkit predict "
        "--json` prints. Send the API key (if the server has one) as `Authorization: "
        "Bearer KEY` or `X-API-Key: KEY`.",
    )

    def error(status: int, message: str) -> JSONResponse:
        return JSONResponse({"error": " ".join(str(message).split())}, status_code=status)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        return error(exc.status_code, str(exc.detail))

    @app.exception_handler(RequestValidationError)
    async def _validation_error(_request: Request, exc: RequestValidationError) -> JSONResponse:
        first = (exc.errors() or [{}])[0]
        where = ".".join(str(p) for p in first.get("loc", ()))
        return error(422, f"{where}: {first.get('msg', 'invalid request')}")

    @app.get("/health", summary="Liveness: the server is up and its models are loaded")
    async def health() -> dict[str, Any]:
        return {
            "status": "ok",
            "models": list(models),
            "worker": os.getpid(),
            "batching": {
                name: {"calls": served.batcher.batches, "rows": served.batcher.rows}
                for name, served in models.items()
            },
        }

    @app.get("/v1/models", summary="The served models: name, task, inputs, classes")
    async def list_models() -> dict[str, Any]:
        return {"models": [served.describe() for served in models.values()]}

    async def handle(name: str, body: bytes, ctype: str, query: str) -> dict[str, Any]:
        return await _predict(models, limits, name, body, ctype, query)

    @app.post(
        "/v1/models/{name}/predict",
        response_model=None,
        summary="Predict: the rows `dlkit predict --json` prints",
        openapi_extra=_PREDICT_BODY,
    )
    async def predict(name: str) -> None:
        """Documents the route; ``PredictRoute`` answers every request to it before FastAPI."""

    from dlkit.serve.fastpath import PredictRoute

    routed = PredictRoute(app, handle, limits.max_request_bytes, log, limits.read_timeout_s)
    return AccessLog(KeyCheck(routed, api_key), log)


async def _predict(
    models: dict[str, ServedModel], limits: Limits, name: str, body: bytes, ctype: str, query: str
) -> dict[str, Any]:
    from dlkit.predict.protocol import PredictRequest

    served = models.get(name)
    if served is None:
        raise HTTPError(404, f"unknown model {name!r}; this server has: {', '.join(models)}")
    with served.batcher.arriving_request():
        items, top_k = _parse(ctype, query, body, limits)
        preq = PredictRequest([], None, {"top_k": top_k, "max_pixels": limits.max_pixels})
        try:
            if len(body) <= INLINE_BYTES:  # a small image decodes faster than a thread hop
                prepared = served.predictor.read_payload(items, preq)
            else:
                from starlette.concurrency import run_in_threadpool

                prepared = await run_in_threadpool(served.predictor.read_payload, items, preq)
        except TooLarge as exc:
            raise HTTPError(413, str(exc)) from None
        except DlkitError as exc:
            raise HTTPError(422 if isinstance(exc, DataError) else 400, str(exc)) from None
    if served.run_alone is not None:
        outputs = await served.batcher.run_alone(lambda: served.run_alone(prepared))
    else:
        outputs = await served.batcher.submit(prepared.x)
    _refuse_non_finite(outputs)
    rows = served.predictor.rows(prepared, outputs, preq)
    return {"model": name, "predictions": rows}


def _refuse_non_finite(outputs: Any) -> None:
    """Inputs at the edge of float32 (``1e308`` features) give inf/NaN outputs, which JSON cannot
    carry: the client's data, so 422, not a 500 from the encoder."""
    import numpy as np

    try:
        detach = getattr(outputs, "detach", None)
        values = detach().cpu().numpy() if detach is not None else outputs
        finite = bool(np.isfinite(np.asarray(values, dtype=np.float64)).all())
    except (TypeError, ValueError):  # outputs that are not one array (generated text, ...)
        return
    if not finite:
        raise HTTPError(
            422,
            "the model's outputs for these inputs are not finite numbers; "
            "are the inputs within the range the model was trained on?",
        )


def _parse(ctype_header: str, query: str, body: bytes, limits: Limits) -> tuple[list[Any], int]:
    """(items, top_k) from a JSON or multipart body."""
    ctype = ctype_header.split(";")[0].strip().lower()
    if ctype == "multipart/form-data":
        items, fields = _multipart(ctype_header, body, limits)
    elif ctype in ("application/json", "") or ctype.endswith("+json"):
        try:
            payload = json.loads(body or b"null")
        except (UnicodeDecodeError, ValueError) as exc:
            raise HTTPError(400, f"the body is not valid JSON ({exc})") from None
        except RecursionError:
            raise HTTPError(400, "the JSON body nests too deep") from None
        if not isinstance(payload, dict) or "inputs" not in payload:
            raise HTTPError(400, 'send a JSON object {"inputs": [...]} (optional "top_k")')
        unknown = sorted(set(payload) - {"inputs", "top_k"})
        if unknown:
            raise HTTPError(400, f"unknown key {unknown[0]!r}; the keys are inputs and top_k")
        items, fields = payload["inputs"], payload
        if not isinstance(items, list):
            raise HTTPError(400, '"inputs" must be a list (one item per prediction)')
    else:
        raise HTTPError(
            415, f"content type {ctype!r}: send application/json or multipart/form-data"
        )
    if len(items) > limits.max_inputs:
        raise HTTPError(
            413, f"{len(items)} inputs in one request; the limit is {limits.max_inputs}"
        )
    top_k = fields.get("top_k", 3)
    if query:
        from urllib.parse import parse_qs

        top_k = parse_qs(query).get("top_k", [top_k])[-1]
    try:
        if isinstance(top_k, bool) or (isinstance(top_k, float) and not top_k.is_integer()):
            raise ValueError  # 2.7 is refused, never truncated to 2
        top_k = int(top_k)
        if top_k < 1:
            raise ValueError
        top_k = int(top_k)
    except (TypeError, ValueError):
        raise HTTPError(400, f"top_k {top_k!r}: give a whole number >= 1") from None
    return items, top_k


def _multipart(ctype: str, body: bytes, limits: Limits) -> tuple[list[Any], dict]:
    from dlkit.predict.protocol import Upload
    from dlkit.serve.fastpath import parse_multipart

    try:
        parts = parse_multipart(body, ctype, max_files=limits.max_inputs, max_fields=16)
    except ValueError as exc:
        raise HTTPError(
            400, f"unreadable multipart body ({' '.join(str(exc).split())[:120]})"
        ) from None
    items, fields = [], {}
    for key, filename, data in parts:
        if filename is None:
            if key != "top_k":
                raise HTTPError(
                    400,
                    f"unknown form field {key!r}; send files (any field name) and optionally top_k",
                )
            fields[key] = data.decode("utf-8", "replace")
        else:
            items.append(Upload(filename or key, data))
    return items, fields


OPEN_PATHS = frozenset({"/health", "/docs", "/docs/oauth2-redirect", "/openapi.json"})


class KeyCheck:
    """ASGI wrapper: with a key, every request must carry it (``Authorization: Bearer KEY`` or
    ``X-API-Key: KEY``) except ``/health`` and the OpenAPI page (``OPEN_PATHS``)."""

    def __init__(self, app: Any, key: bytes | None) -> None:
        self.app, self.key = app, key

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if self.key is None or scope["type"] != "http" or scope["path"] in OPEN_PATHS:
            return await self.app(scope, receive, send)
        given = b""
        for name, value in scope.get("headers", []):
            if name == b"x-api-key":
                given = value.strip()
            elif name == b"authorization" and value[:7].lower() == b"bearer ":
                given = value[7:].strip()
        if hmac.compare_digest(given, self.key):
            return await self.app(scope, receive, send)
        body = json.dumps(
            {
                "error": "missing or wrong API key: send 'Authorization: Bearer KEY' "
                "or 'X-API-Key: KEY'"
            }
        ).encode()
        await send(
            {
                "type": "http.response.start",
                "status": 401,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(body)).encode()),
                    (b"www-authenticate", b"Bearer"),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})


class AccessLog:
    """ASGI wrapper: one line per request, ``CLIENT METHOD PATH STATUS BYTES MS``."""

    def __init__(self, app: Any, log: Any) -> None:
        self.app, self.log = app, log or (lambda line: sys.stderr.write(line + "\n"))

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        start, seen = time.perf_counter(), {"status": 0, "bytes": 0}

        async def sending(message: dict) -> None:
            if message["type"] == "http.response.start":
                seen["status"] = message["status"]
            elif message["type"] == "http.response.body":
                seen["bytes"] += len(message.get("body", b""))
            await send(message)

        try:
            await self.app(scope, receive, sending)
        finally:
            client = (scope.get("client") or ("-",))[0]
            self.log(
                f"{client} {scope['method']} {scope['path']} {seen['status'] or 500} "
                f"{seen['bytes']} {(time.perf_counter() - start) * 1000:.1f}ms"
            )


_PREDICT_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {
                "schema": {
                    "type": "object",
                    "required": ["inputs"],
                    "properties": {
                        "inputs": {
                            "type": "array",
                            "description": "One item per prediction: base64 images, "
                            "{image, name} objects, pixel arrays, or a series' daily price records "
                            "(see GET /v1/models, 'accepts')",
                            "items": {},
                        },
                        "top_k": {"type": "integer", "minimum": 1, "default": 3},
                    },
                },
                "example": {"inputs": ["iVBORw0KGgo..."], "top_k": 3},
            },
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "properties": {
                        "file": {"type": "array", "items": {"type": "string", "format": "binary"}},
                        "top_k": {"type": "integer"},
                    },
                }
            },
        },
    }
}

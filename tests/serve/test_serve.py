"""dlkit serve through a real HTTP client against real server processes on free loopback ports:
every endpoint, every served input form (uploads, base64, pixel arrays, price records) answering
exactly what ``dlkit predict --json`` prints, concurrent requests, bad payloads of each kind, the
API-key rule, the access log, and SIGTERM draining a request in flight, then exit 0."""

from __future__ import annotations

import base64
import csv
import json
import signal
import socket
import time
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest
import requests
from serve_helpers import Server, png_bytes

KEY = "test-key-0123456789abcdef"
AUTH = {"Authorization": f"Bearer {KEY}"}


@pytest.fixture(scope="module")
def server(runs, tmp_path_factory):
    root = tmp_path_factory.mktemp("serve")
    key_file = root / "key.txt"
    key_file.write_text(KEY + "\n")
    srv = Server(
        [
            str(runs["digits-cnn"]),
            f"mlp={runs['digits-mlp']}",
            str(runs["stock-lstm"]),
            "--api-key-file",
            str(key_file),
            "--max-request-mb",
            "1",
            "--max-pixels",
            "10000",
            "--max-inputs",
            "64",
        ],
        root / "serve.log",
    )
    yield srv
    assert srv.stop() == 0


def post(server, model, headers=None, **kw):
    return requests.post(
        f"{server.url}/v1/models/{model}/predict",
        headers={**AUTH, **(headers or {})},
        timeout=30,
        **kw,
    )


def predict_rows(cli, run, *args):
    result = cli("predict", run, *args, "--json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)["predictions"]


def without(rows, key):
    return [{k: v for k, v in row.items() if k != key} for row in rows]


def test_health_models_and_openapi(server, runs):
    health = requests.get(f"{server.url}/health", timeout=10)  # open without the key
    assert health.status_code == 200
    body = health.json()
    assert body["status"] == "ok" and body["models"] == ["digits-cnn", "mlp", "stock-lstm"]
    assert set(body["batching"]) == set(body["models"])
    listed = requests.get(f"{server.url}/v1/models", headers=AUTH, timeout=10).json()["models"]
    by_name = {m["name"]: m for m in listed}
    assert by_name["mlp"]["recipe"] == "digits-mlp" and by_name["mlp"]["model"] == "mlp"
    assert by_name["digits-cnn"]["classes"] == [str(i) for i in range(10)]
    assert by_name["digits-cnn"]["input"]["shape"] == [1, 8, 8]
    assert by_name["stock-lstm"]["task"] == "regression"
    assert by_name["stock-lstm"]["input"]["kind"] == "series"
    spec = requests.get(f"{server.url}/openapi.json", timeout=10).json()
    assert "/v1/models/{name}/predict" in spec["paths"] and "/health" in spec["paths"]
    assert requests.get(f"{server.url}/docs", timeout=10).status_code == 200


@pytest.mark.parametrize(
    "headers,status",
    [
        ({}, 401),
        ({"Authorization": "Bearer wrong-key-0123456789"}, 401),
        ({"Authorization": KEY}, 401),
        ({"X-API-Key": KEY + "x"}, 401),
        ({"X-API-Key": KEY}, 200),
        (AUTH, 200),
        ({"authorization": f"bearer {KEY}"}, 200),
    ],
)
def test_every_v1_request_needs_the_key(server, headers, status):
    got = requests.get(f"{server.url}/v1/models", headers=headers, timeout=10)
    assert got.status_code == status
    if status == 401:
        assert "API key" in got.json()["error"]
        upload = requests.post(
            f"{server.url}/v1/models/mlp/predict",
            headers=headers,
            files={"file": ("d.png", png_bytes())},
            timeout=10,
        )
        assert upload.status_code == 401
        assert (
            requests.get(f"{server.url}/V1/models", headers=headers, timeout=10).status_code == 401
        )  # not a route either: still the key first


def test_uploads_and_json_forms_answer_what_predict_prints(server, runs, cli, tmp_path):
    image = np.random.default_rng(1).integers(0, 256, (8, 8), dtype=np.uint8)
    import cv2

    path = tmp_path / "digit.png"
    cv2.imwrite(str(path), image)
    for model, run in (("digits-cnn", runs["digits-cnn"]), ("mlp", runs["digits-mlp"])):
        want = predict_rows(cli, run, path, "--top-k", "2")
        upload = post(
            server, model, files={"file": ("digit.png", path.read_bytes())}, data={"top_k": "2"}
        )
        assert upload.status_code == 200, upload.text
        body = upload.json()
        assert body["model"] == model and body["predictions"][0]["file"] == "digit.png"
        assert without(body["predictions"], "file") == without(want, "file")
        b64 = base64.b64encode(path.read_bytes()).decode()
        forms = post(
            server,
            model,
            json={
                "inputs": [
                    b64,
                    f"data:image/png;base64,{b64}",
                    {"image": b64, "name": "mine"},
                    image.tolist(),
                ],
                "top_k": 2,
            },
        ).json()
        rows = forms["predictions"]
        assert [r["file"] for r in rows] == ["inputs[0]", "inputs[1]", "mine", "inputs[3]"]
        assert without(rows, "file") == without(want, "file") * 4


def test_several_uploads_in_one_request_keep_their_order(server):
    files = [("file", (f"{i}.png", png_bytes(seed=i))) for i in range(5)]
    rows = post(server, "digits-cnn", files=files).json()["predictions"]
    assert [r["file"] for r in rows] == [f"{i}.png" for i in range(5)]


def test_price_records_answer_what_predict_prints(server, runs, cli):
    want = predict_rows(cli, runs["stock-lstm"], "--data", runs["csv"])
    with open(runs["csv"], newline="") as handle:
        records = list(csv.DictReader(handle))[-40:]
    got = post(
        server, "stock-lstm", json={"inputs": [{"name": "2330", "history": records}, records]}
    )
    assert got.status_code == 200, got.text
    first, second = got.json()["predictions"]
    assert first == want[0]
    assert second["stock"] == "inputs[1]" and without([second], "stock") == without(want, "stock")


def test_concurrent_requests_each_get_their_own_answer(server):
    payloads = [png_bytes(seed=i) for i in range(8)]
    alone = [
        post(server, "digits-cnn", files={"file": ("x.png", p)}).json()["predictions"]
        for p in payloads
    ]

    def one(i):
        got = post(server, "digits-cnn", files={"file": ("x.png", payloads[i % 8])})
        return i, got.status_code, got.json()["predictions"]

    with ThreadPoolExecutor(16) as pool:
        results = list(pool.map(one, range(48)))
    assert all(status == 200 for _, status, _ in results)
    for i, _, rows in results:  # batched with others: the same answer, up to rounding
        (got,), (want,) = rows, alone[i % 8]
        assert [t["class"] for t in got["top"]] == [t["class"] for t in want["top"]], (got, want)
        assert got["probability"] == pytest.approx(want["probability"], abs=2e-6)


BIG_PNG = png_bytes(size=(120, 120))  # 14,400 pixels: over --max-pixels 10000
BAD = [
    (
        "not-json",
        "mlp",
        {"data": b"{nope", "headers": {"content-type": "application/json"}},
        400,
        "not valid JSON",
    ),
    ("no-inputs-key", "mlp", {"json": {"images": []}}, 400, '{"inputs": [...]}'),
    ("inputs-not-a-list", "mlp", {"json": {"inputs": "abc"}}, 400, "must be a list"),
    ("unknown-key", "mlp", {"json": {"inputs": [], "topk": 1}}, 400, "unknown key 'topk'"),
    ("top-k-zero", "mlp", {"json": {"inputs": [], "top_k": 0}}, 400, "top_k"),
    ("empty-inputs", "mlp", {"json": {"inputs": []}}, 422, "no inputs"),
    ("bad-base64", "mlp", {"json": {"inputs": ["@@@"]}}, 422, "inputs[0]: not valid base64"),
    (
        "base64-not-an-image",
        "mlp",
        {"json": {"inputs": [base64.b64encode(b"hello").decode()]}},
        422,
        "not a decodable image",
    ),
    (
        "upload-not-an-image",
        "digits-cnn",
        {"files": {"file": ("x.png", b"GIF89a-not")}},
        422,
        "x.png: not a decodable image",
    ),
    ("pixels-wrong-shape", "mlp", {"json": {"inputs": [[1, 2, 3]]}}, 422, "shaped [3]"),
    ("pixels-out-of-range", "mlp", {"json": {"inputs": [[[300, 0], [0, 0]]]}}, 422, "0 to 255"),
    ("pixels-ragged", "mlp", {"json": {"inputs": [[[1, 2], [3]]]}}, 422, "rectangular"),
    ("wrong-item-type", "mlp", {"json": {"inputs": [7]}}, 422, "not int"),
    (
        "image-over-pixel-limit",
        "digits-cnn",
        {"files": {"file": ("big.png", BIG_PNG)}},
        413,
        "over the limit of 10,000",
    ),
    (
        "pixels-over-pixel-limit",
        "mlp",
        {"json": {"inputs": [[[0] * 101] * 100]}},
        413,
        "over the limit",
    ),
    (
        "body-over-limit",
        "mlp",
        {"data": b"x" * (1024 * 1024 + 1), "headers": {"content-type": "application/json"}},
        413,
        "over the limit",
    ),
    ("too-many-inputs", "mlp", {"json": {"inputs": [[[0]]] * 65}}, 413, "the limit is 64"),
    (
        "content-type",
        "mlp",
        {"data": b"abc", "headers": {"content-type": "text/plain"}},
        415,
        "text/plain",
    ),
    (
        "unknown-form-field",
        "mlp",
        {"files": {"file": ("x.png", png_bytes())}, "data": {"colour": "red"}},
        400,
        "unknown form field",
    ),
    ("unknown-model", "nope", {"json": {"inputs": []}}, 404, "unknown model 'nope'"),
    (
        "series-too-few-days",
        "stock-lstm",
        {
            "json": {
                "inputs": [
                    [
                        {
                            "date": "2024-01-02",
                            "open": 1,
                            "high": 1,
                            "low": 1,
                            "close": 1,
                            "transactions": 5,
                        }
                    ]
                ]
            }
        },
        422,
        "needs the last 11 trading days",
    ),
    (
        "series-missing-column",
        "stock-lstm",
        {"json": {"inputs": [[{"date": "2024-01-02"}]]}},
        422,
        "no column",
    ),
    (
        "series-not-records",
        "stock-lstm",
        {"json": {"inputs": [3]}},
        422,
        "list of daily price records",
    ),
    (
        "series-records-not-objects",
        "stock-lstm",
        {"json": {"inputs": [[1, 2]]}},
        422,
        "list of objects",
    ),
]


@pytest.mark.parametrize(
    "model,kwargs,status,fragment", [b[1:] for b in BAD], ids=[b[0] for b in BAD]
)
def test_bad_payloads_are_one_line_json_errors(server, model, kwargs, status, fragment):
    got = post(server, model, **kwargs)
    assert got.status_code == status, got.text
    body = got.json()
    assert list(body) == ["error"] and fragment in body["error"], body
    assert "\n" not in body["error"] and "Traceback" not in got.text


def test_wrong_method_and_path_are_json_too(server):
    wrong_method = requests.get(f"{server.url}/v1/models/mlp/predict", headers=AUTH, timeout=10)
    nowhere = requests.get(f"{server.url}/nowhere", headers=AUTH, timeout=10)
    for got, status in ((wrong_method, 405), (nowhere, 404)):
        assert got.status_code == status and list(got.json()) == ["error"]


def test_one_access_log_line_per_request(server):
    before = len(server.lines())
    for _ in range(3):
        assert post(server, "mlp", files={"file": ("x.png", png_bytes())}).status_code == 200
    requests.get(f"{server.url}/health", timeout=10)
    deadline = time.monotonic() + 5
    while len(server.lines()) < before + 4 and time.monotonic() < deadline:
        time.sleep(0.05)
    new = server.lines()[before:]
    assert len(new) == 4, new
    assert all(line.startswith("127.0.0.1 POST /v1/models/mlp/predict 200 ") for line in new[:3])
    assert new[3].startswith("127.0.0.1 GET /health 200 ") and new[3].endswith("ms")
    assert not any("Traceback" in line for line in server.lines())


def test_sigterm_drains_the_request_in_flight_and_exits_0(server):
    """Last in this file: it stops the module's server."""
    host, port = server.url.removeprefix("http://").split(":")
    body = json.dumps({"inputs": [base64.b64encode(png_bytes()).decode()]}).encode()
    head = (
        f"POST /v1/models/mlp/predict HTTP/1.1\r\nHost: {host}\r\n"
        f"Authorization: Bearer {KEY}\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\n\r\n"
    ).encode()
    with socket.create_connection((host, int(port)), timeout=30) as conn:
        conn.sendall(head + body[:10])  # the request has started, not finished
        time.sleep(0.5)
        server.proc.send_signal(signal.SIGTERM)
        time.sleep(0.5)
        assert server.proc.poll() is None  # still draining
        conn.sendall(body[10:])
        reply = b""
        while b"\r\n\r\n" not in reply or not reply.rstrip().endswith(b"}"):
            chunk = conn.recv(65536)
            if not chunk:
                break
            reply += chunk
    assert reply.startswith(b"HTTP/1.1 200"), reply[:200]
    assert json.loads(reply.split(b"\r\n\r\n", 1)[1])["predictions"][0]["file"] == "inputs[0]"
    assert server.proc.wait(30) == 0
    with pytest.raises(OSError):
        socket.create_connection((host, int(port)), timeout=5).close()
    assert "POST /v1/models/mlp/predict 200" in server.log.read_text()

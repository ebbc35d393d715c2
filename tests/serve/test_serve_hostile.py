"""``dlkit serve`` against hostile clients, on a real server on a loopback port: JSON nested
200,000 deep (400), 1e308 features to a regressor (422), bytes that are not HTTP (400, JSON like
every other error), a body that never finishes (408 after --read-timeout), and a text run served
(texts in a JSON body answer what ``dlkit predict --json`` prints).

And a schemathesis fuzz of the server's own OpenAPI schema: every operation, with the predict
operation aimed at each served kind (image, text, table, price series), positive and negative (schema-breaking)
cases; no answer may be a 5xx or anything but JSON. ``FUZZ_EXAMPLES`` (8) cases per operation,
kind and mode in the default run; the ``slow`` variant runs ten times as many."""

from __future__ import annotations

import json
import socket
import time

import pytest
import requests
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from serve_helpers import Server, train


def reviews_csv(path):
    pos, neg = ["good", "great", "love", "fine", "nice"], ["bad", "awful", "hate", "poor", "dull"]
    rows = [
        " ".join((pos if i % 2 else neg)[(i + j) % 5] for j in range(4)) + f",{i % 2}"
        for i in range(60)
    ]
    path.write_text("text,label\n" + "\n".join(rows) + "\n")
    return path


def table_csv(path):
    rows = [f"{i % 7},{(i * 3) % 5},{(i % 7) * 2 + (i * 3) % 5 + 0.5}" for i in range(60)]
    path.write_text("a,b,y\n" + "\n".join(rows) + "\n")
    return path


@pytest.fixture(scope="module")
def hostile_runs(runs, tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile-runs")
    text = train(
        root,
        "sentiment-lstm",
        "--data",
        str(reviews_csv(root / "r.csv")),
        "--set",
        "model.hidden_size=8",
        "--set",
        "model.embedding_dim=8",
    )
    table = train(
        root, "tabular-regress", "--data", str(table_csv(root / "t.csv")), "--set", "data.target=y"
    )
    return {
        "image": runs["digits-mlp"],
        "text": text,
        "table": table,
        "root": root,
        "stock": runs["stock-lstm"],
        "csv": runs["csv"],
    }


@pytest.fixture(scope="module")
def hostile_server(hostile_runs):
    root = hostile_runs["root"]
    srv = Server(
        [
            f"image={hostile_runs['image']}",
            f"text={hostile_runs['text']}",
            f"table={hostile_runs['table']}",
            f"stock={hostile_runs['stock']}",
            "--read-timeout",
            "1",
        ],
        root / "serve.log",
    )
    yield srv
    assert srv.stop() == 0


def post(server, model, **kw):
    return requests.post(f"{server.url}/v1/models/{model}/predict", timeout=30, **kw)


def test_json_nested_200000_deep_is_400(hostile_server):
    body = b'{"inputs": ' + b"[" * 200_000 + b"]" * 200_000 + b"}"
    answer = post(hostile_server, "image", data=body, headers={"content-type": "application/json"})
    assert answer.status_code == 400 and "nests too deep" in answer.json()["error"]


def test_huge_features_to_a_regressor_are_422(hostile_server):
    answer = post(hostile_server, "table", json={"inputs": [{"a": 1e308, "b": 1}]})
    assert answer.status_code == 422, answer.text
    assert "column 'a'" in answer.json()["error"]
    ok = post(hostile_server, "table", json={"inputs": [{"a": 1, "b": 2}]})
    assert ok.status_code == 200 and len(ok.json()["predictions"]) == 1


def test_huge_prices_to_a_series_regressor_are_422(hostile_server, hostile_runs):
    """1e308 closes sent to stock-lstm were answered 200 with a 1e307 'prediction'."""
    import csv as csv_module

    with open(hostile_runs["csv"], newline="") as handle:
        rows = list(csv_module.DictReader(handle))[-80:]
    records = [
        {k: (float(v) if k not in ("date", "note") and v else v) for k, v in r.items()}
        for r in rows
    ]
    for record in records[-3:]:
        record["close"] = 1e308
    answer = post(hostile_server, "stock", json={"inputs": [records]})
    assert answer.status_code == 422 and "column 'close' has 3 value(s)" in answer.text


def test_huge_pixels_are_not_a_500(hostile_server):
    answer = post(hostile_server, "image", json={"inputs": [[[1e308] * 8] * 8]})
    assert answer.status_code in (400, 422), answer.text


def _raw(server, payload: bytes, wait: float = 5.0) -> bytes:
    host, port = server.url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=wait) as sock:
        sock.sendall(payload)
        chunks = []
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            try:
                chunk = sock.recv(65536)
            except TimeoutError:
                break
            if not chunk:
                break
            chunks.append(chunk)
    return b"".join(chunks)


@pytest.mark.parametrize(
    "payload",
    [
        b"GARBAGE\r\n\r\n",
        b"GET / HTTP/9.9\r\n\r\n",
        b"POST /x HTTP/1.1\r\nHost: a\r\nContent-Length: -5\r\n\r\n",
        b"GET /health HTTP/1.1\r\nBad Header\r\n\r\n",
    ],
)
def test_malformed_http_is_answered_in_json(hostile_server, payload):
    answer = _raw(hostile_server, payload)
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 400"), answer[:200]
    assert b"application/json" in head.lower()
    assert "malformed HTTP request" in json.loads(body)["error"]


def test_half_a_body_times_out_with_408(hostile_server):
    started = time.monotonic()
    answer = _raw(
        hostile_server,
        b"POST /v1/models/image/predict HTTP/1.1\r\nHost: a\r\n"
        b"Content-Type: application/json\r\nConnection: close\r\n"
        b'Content-Length: 1000\r\n\r\n{"inp',
        10,
    )
    assert b" 408 " in answer.split(b"\r\n")[0], answer[:200]
    assert "--read-timeout" in json.loads(answer.partition(b"\r\n\r\n")[2])["error"]
    assert time.monotonic() - started < 8
    assert requests.get(f"{hostile_server.url}/health", timeout=10).status_code == 200


def test_a_text_run_serves_what_predict_prints(hostile_server, hostile_runs, cli):
    texts = ["good great love", "awful bad hate"]
    answer = post(hostile_server, "text", json={"inputs": texts})
    assert answer.status_code == 200, answer.text
    result = cli("predict", hostile_runs["text"], *texts, "--json")
    assert answer.json()["predictions"] == json.loads(result.stdout)["predictions"]


@pytest.mark.parametrize(
    ("inputs", "fragment"),
    [
        ([{"text": "x"}], "expected a text"),
        ([["a"]], "expected a text"),
        (["  "], "is empty"),
        ([], "no inputs"),
    ],
)
def test_a_text_run_refuses_what_is_not_text(hostile_server, inputs, fragment):
    answer = post(hostile_server, "text", json={"inputs": inputs})
    assert answer.status_code == 422 and fragment in answer.json()["error"], answer.text


def test_an_overlong_text_is_413(hostile_server):
    answer = post(hostile_server, "text", json={"inputs": ["word " * 30_000]})
    assert answer.status_code == 413, answer.text


@pytest.mark.parametrize("top_k", [2.7, "2.7", True, 0])
def test_a_fractional_top_k_is_refused_not_truncated(hostile_server, top_k):
    answer = post(hostile_server, "text", json={"inputs": ["good"], "top_k": top_k})
    assert answer.status_code == 400 and "whole number" in answer.json()["error"], answer.text


FUZZ_EXAMPLES = 8


def _fuzz(server, operation, examples, mode, path_parameters=None) -> list[int]:
    """Send ``examples`` generated cases of ``operation``; the statuses seen (every one < 500)."""
    import schemathesis

    statuses: list[int] = []
    strategy = operation.as_strategy(
        schemathesis.GenerationMode(mode), path_parameters=path_parameters
    )

    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        derandomize=True,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=strategy)
    def call(case):
        response = case.call(base_url=server.url, timeout=20)
        statuses.append(response.status_code)
        assert response.status_code < 500, (case.as_curl_command(), response.text[:300])
        ctype = response.headers.get("content-type") or [""]
        ctype = ctype[0] if isinstance(ctype, list) else ctype
        if response.content and operation.path != "/docs":
            assert ctype.startswith("application/json"), (case.as_curl_command(), ctype)

    try:
        call()
    except Unsatisfiable:  # negative cases of an operation with no inputs: none exist
        assert mode == "negative"
    return statuses


def _operations(server):
    import schemathesis

    schema = schemathesis.openapi.from_url(f"{server.url}/openapi.json")
    return [result.ok() for result in schema.get_all_operations()]


def _fuzz_all(server, examples):
    counts = {}
    for operation in _operations(server):
        for mode in ("positive", "negative"):
            if operation.path.endswith("/predict"):
                for model in ("image", "text", "table", "stock"):
                    seen = _fuzz(server, operation, examples, mode, {"name": model})
                    counts[f"{operation.method.upper()} {model} {mode}"] = seen
            else:
                counts[f"{operation.method.upper()} {operation.path} {mode}"] = _fuzz(
                    server, operation, examples, mode
                )
    return counts


def test_schemathesis_fuzz_finds_no_5xx(hostile_server):
    counts = _fuzz_all(hostile_server, FUZZ_EXAMPLES)
    assert {"POST image positive", "POST text negative", "GET /health positive"} <= set(counts)
    print(
        f"schemathesis: {sum(map(len, counts.values()))} requests over {len(counts)} "
        "operation/kind/mode runs, statuses "
        f"{sorted({s for seen in counts.values() for s in seen})}"
    )
    assert requests.get(f"{hostile_server.url}/health", timeout=10).status_code == 200


@pytest.mark.slow
def test_schemathesis_long_fuzz_finds_no_5xx(hostile_server):
    counts = _fuzz_all(hostile_server, FUZZ_EXAMPLES * 10)
    print(f"schemathesis (slow): {sum(map(len, counts.values()))} requests")


@pytest.mark.parametrize("fmt", ["torchscript", pytest.param("onnx", marks=pytest.mark.slow)])
def test_a_text_run_exports_with_its_vocabulary(hostile_runs, cli, tmp_path, fmt):
    """The exported text net reloads and agrees with the checkpoint (verified by export itself);
    the sidecar carries what a client needs to turn texts into the ids it takes."""
    import numpy as np

    from dlkit.families.text.text_input import TextInput
    from dlkit.jobs.export import load_exported

    dest = tmp_path / f"text.{fmt}"
    result = cli("export", hostile_runs["text"], "--format", fmt, "--out", dest)
    assert result.exit_code == 0, result.stderr
    side = json.loads((tmp_path / f"text.{fmt}.json").read_text())
    prep = side["preprocessing"]
    assert prep["kind"] == "text" and prep["vocab"][:2] == ["<pad>", "<unk>"]
    assert prep["clean"] and prep["tokenizer"] and side["input"]["dtype"] == "int64"
    assert side["verified"]["max_abs_diff"] <= side["verified"]["atol"]
    # a client tokenising with the sidecar alone gets the checkpoint's own prediction
    spec = TextInput(**{k: v for k, v in prep.items() if k != "kind"})
    ids = spec.encode(["good great love", "awful bad hate"])
    logits = load_exported(fmt, dest)(np.ascontiguousarray(ids))
    rows = json.loads(
        cli("predict", hostile_runs["text"], "good great love", "awful bad hate", "--json").stdout
    )["predictions"]
    positive = [r["probability"] if r["prediction"] == "1" else 1 - r["probability"] for r in rows]
    assert np.allclose(1 / (1 + np.exp(-logits[:, 0])), positive, atol=1e-4)

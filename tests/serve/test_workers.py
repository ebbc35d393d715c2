"""``dlkit serve --workers 2`` as a real process tree on a free loopback port: both workers take
connections on the one port and answer what one worker answers, a killed worker is replaced, and
SIGTERM drains a request in flight in a worker, stops them all and exits 0."""

from __future__ import annotations

import base64
import json
import os
import signal
import socket
import time

import pytest
import requests
from serve_helpers import Server, png_bytes


@pytest.fixture(scope="module")
def pair(runs, tmp_path_factory):
    root = tmp_path_factory.mktemp("serve-workers")
    srv = Server([str(runs["digits-cnn"]), "--workers", "2"], root / "serve.log")
    yield srv
    srv.stop()


def worker_pids(url: str, connections: int = 24) -> set[int]:
    """The worker pids that answer ``connections`` fresh connections' /health."""
    seen = set()
    for _ in range(connections):
        with requests.Session() as fresh:
            try:
                seen.add(fresh.get(f"{url}/health", timeout=10).json()["worker"])
            except requests.ConnectionError:  # queued on a worker killed just now
                continue
    return seen


def test_both_workers_answer_on_one_port_alike(pair):
    pids = worker_pids(pair.url)
    assert len(pids) == 2 and pair.proc.pid not in pids
    answers = []
    for _ in range(12):
        with requests.Session() as fresh:
            got = fresh.post(
                f"{pair.url}/v1/models/digits-cnn/predict",
                files={"file": ("d.png", png_bytes(seed=3))},
                timeout=10,
            )
            assert got.status_code == 200, got.text
            answers.append(got.json()["predictions"])
    assert all(rows == answers[0] for rows in answers)


@pytest.mark.slow
def test_a_killed_worker_is_replaced(pair):
    before = worker_pids(pair.url)
    victim = min(before)
    os.kill(victim, signal.SIGKILL)
    deadline, now = time.monotonic() + 60, before
    while time.monotonic() < deadline:
        now = worker_pids(pair.url, 8)
        if victim not in now and len(now) == 2:
            break
        time.sleep(0.5)
    assert victim not in now and len(now) == 2, now
    assert f"worker {victim} exited" in pair.log.read_text()


def test_sigterm_drains_a_worker_request_and_exits_0(pair):
    """Last in this file: it stops the module's server."""
    host, port = pair.url.removeprefix("http://").split(":")
    workers = worker_pids(pair.url)
    body = json.dumps({"inputs": [base64.b64encode(png_bytes()).decode()]}).encode()
    head = (
        f"POST /v1/models/digits-cnn/predict HTTP/1.1\r\nHost: {host}\r\n"
        f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
    ).encode()
    with socket.create_connection((host, int(port)), timeout=30) as conn:
        conn.sendall(head + body[:10])
        time.sleep(0.5)
        pair.proc.send_signal(signal.SIGTERM)
        time.sleep(0.5)
        assert pair.proc.poll() is None
        conn.sendall(body[10:])
        reply = b""
        while not reply.rstrip().endswith(b"}"):
            chunk = conn.recv(65536)
            if not chunk:
                break
            reply += chunk
    assert reply.startswith(b"HTTP/1.1 200"), reply[:200]
    assert pair.proc.wait(30) == 0
    for pid in workers:  # no worker outlives the server
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)
    with pytest.raises(OSError):
        socket.create_connection((host, int(port)), timeout=5).close()

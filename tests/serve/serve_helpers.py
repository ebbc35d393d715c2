"""Helpers for the export/serve tests: train a tiny run in-process, start ``dlkit serve`` as a real
process on a free loopback port (``--port 0``: the URL is its first stdout line), and talk to it
with a real HTTP client (``requests``). A uniquely named module, not ``conftest``."""

from __future__ import annotations

import contextlib
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np

from dlkit_testing import cli_env


@contextlib.contextmanager
def one_torch_thread() -> Iterator[None]:
    import torch

    before = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        yield
    finally:
        torch.set_num_threads(before)


def train(root: Path, recipe: str, *extra: str) -> Path:
    from typer.testing import CliRunner

    from dlkit.cli.main import app

    result = CliRunner().invoke(
        app,
        [
            "train",
            recipe,
            "--epochs",
            "1",
            "--out",
            str(root),
            "--device",
            "cpu",
            "--quiet",
            *extra,
        ],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.stderr
    return Path(result.stdout.strip().splitlines()[-1])


def png_bytes(value: int = 200, size: tuple[int, int] = (8, 8), seed: int | None = None) -> bytes:
    import cv2

    image = np.full(size, value, np.uint8)
    if seed is not None:
        image = np.random.default_rng(seed).integers(0, 256, size, dtype=np.uint8)
    ok, buffer = cv2.imencode(".png", image)
    assert ok
    return buffer.tobytes()


class Server:
    """``python -m dlkit serve ARGS --port 0`` until ``stop()``; stderr goes to ``log``."""

    def __init__(self, args: list[str], log: Path, timeout: float = 90) -> None:
        self.log = log
        self._err = open(log, "w")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "dlkit", "serve", *args, "--port", "0", "--device", "cpu"],
            stdout=subprocess.PIPE,
            stderr=self._err,
            stdin=subprocess.DEVNULL,
            text=True,
            env=cli_env({"OMP_NUM_THREADS": "1"}),
        )
        deadline = time.monotonic() + timeout
        line = ""
        while time.monotonic() < deadline and not line:
            line = self.proc.stdout.readline().strip()
            if self.proc.poll() is not None:
                break
        if not line.startswith("http://"):
            self.stop()
            raise AssertionError(f"dlkit serve did not start: {log.read_text()[-2000:]}")
        self.url = line

    def stop(self, timeout: float = 30) -> int:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)
        self._err.close()
        return self.proc.returncode

    def lines(self) -> list[str]:
        return self.log.read_text().splitlines()

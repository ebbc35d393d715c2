"""Shared test helpers: run the CLI as a user would, in-process (fast) or as a subprocess (real
stdout/stderr/exit codes), always against this checkout's ``src``."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass

import pytest

from dlkit_testing import cli_env as _env

if os.environ.get("PYTEST_XDIST_WORKER"):
    # Under pytest-xdist (the default: -n auto) every worker has a core of its own; one math
    # thread each (this process and the CLI subprocesses it starts) instead of all of them
    # fighting over every core. Set before anything imports torch.
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    os.environ.setdefault("MKL_NUM_THREADS", "1")


@pytest.fixture(scope="session", autouse=True)
def _offline_and_private_caches(tmp_path_factory):
    """Tests never download: data modules and Hugging Face stay offline; dlkit's own caches
    (embeddings, token ids) go to the session's temp folder, not the user's home. Session-wide,
    so module-scoped trained runs get them too."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DLKIT_CACHE", str(tmp_path_factory.getbasetemp() / "dlkit-cache"))
        patch.setenv("DLKIT_OFFLINE", "1")
        patch.setenv("HF_HUB_OFFLINE", "1")
        patch.setenv("TRANSFORMERS_OFFLINE", "1")
        yield


@dataclass
class CliResult:
    exit_code: int
    stdout: str
    stderr: str


@pytest.fixture
def cli():
    """In-process: ``cli("train", "digits-cnn", ...)`` → CliResult (stdout and stderr apart)."""
    from typer.testing import CliRunner

    from dlkit.cli.main import app

    def invoke(*args: str, env: dict | None = None, input: str | None = None) -> CliResult:
        runner = CliRunner()
        result = runner.invoke(
            app, [str(a) for a in args], env=env, input=input, catch_exceptions=False
        )
        return CliResult(result.exit_code, result.stdout, result.stderr)

    return invoke


@pytest.fixture
def cli_proc():
    """Subprocess: ``cli_proc("scrape", ..., cwd=tmp_path)`` runs ``python -m dlkit``."""

    def invoke(
        *args: str,
        cwd: str | os.PathLike | None = None,
        env: dict | None = None,
        timeout: float = 600,
    ) -> CliResult:
        proc = subprocess.run(
            [sys.executable, "-m", "dlkit", *[str(a) for a in args]],
            cwd=cwd,
            env=_env(env),
            capture_output=True,
            text=True,
            timeout=timeout,
            stdin=subprocess.DEVNULL,
        )
        return CliResult(proc.returncode, proc.stdout, proc.stderr)

    return invoke

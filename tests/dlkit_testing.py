"""Helpers shared by test folders (a plain module: each folder's conftest.py has the same module
name, so tests import from here, never from ``conftest``)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"


def cli_env(extra: dict | None = None) -> dict:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(SRC) + os.pathsep + env.get("PYTHONPATH", "")
    env["DLKIT_OFFLINE"] = "1"
    env.setdefault("HF_HUB_OFFLINE", "1")
    env.setdefault("TRANSFORMERS_OFFLINE", "1")
    env.pop("DLKIT_DEBUG", None)
    env["COLUMNS"] = "200"
    if extra:
        env.update(extra)
    return env


@pytest.fixture(scope="package", autouse=True)
def one_thread():
    """A folder whose conftest imports this runs its tiny models on one thread: at these sizes a
    second thread only adds synchronisation (up to 10× slower on a busy 2-core machine).
    Restored after the folder's tests."""
    import torch

    before = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(before)


def invoke(*args: object):
    """``dlkit ARGS...`` in-process, for module-scoped fixtures (which cannot take the ``cli``
    fixture): the CliRunner result, stdout and stderr apart."""
    from typer.testing import CliRunner

    from dlkit.cli.main import app

    return CliRunner().invoke(app, [str(a) for a in args], catch_exceptions=False)


def train_run(*args: object) -> Path:
    """The run folder ``dlkit train ARGS... --quiet`` prints last; the run must succeed."""
    result = invoke("train", *args, "--quiet")
    assert result.exit_code == 0, result.stderr
    return Path(result.stdout.strip().splitlines()[-1])

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

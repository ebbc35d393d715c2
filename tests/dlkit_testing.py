"""Helpers shared by test folders (a plain module: each folder's conftest.py has the same module
name, so tests import from here, never from ``conftest``)."""

from __future__ import annotations

import os
from pathlib import Path

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

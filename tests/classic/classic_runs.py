"""Helpers of the classic tests: train a recipe through the CLI (in-process, as a user types it)
and read back its run folder."""

from __future__ import annotations

import json
from pathlib import Path

from dlkit_testing import invoke

TRUTH_ROWS = "x1,x2\n0,0\n0,1\n1,0\n1,1\n"


def train(out: Path, recipe: str, *extra: str) -> Path:
    """The run folder of ``dlkit train RECIPE --out OUT --quiet EXTRA...``."""
    result = invoke("train", recipe, "--out", str(out), "--quiet", *extra)
    assert result.exit_code == 0, result.stderr
    return Path(result.stdout.strip().splitlines()[-1])


def metrics(run: Path) -> dict:
    return json.loads((run / "metrics.json").read_text())


def predict_json(run: Path, *inputs: str) -> list[dict]:
    result = invoke("predict", str(run), *inputs, "--json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)["predictions"]

"""Reading a finished (or unfinished) run folder back without loading any weights.

``dlkit train`` writes ``config.yaml``, ``history.csv`` and, once the run has ended,
``metrics.json`` (``engine/run_files.py``, ``jobs/train.py``); :func:`read_run` reads those three
files into a :class:`RunSummary`: the test metrics (every numeric ``test_*`` key of
``metrics.json``), the best value of every validation column of the history (``best_val_*``), the
parameter count, wall time and device, and the history rows for plotting. Torch is never imported,
so ``dlkit compare`` reads a hundred runs in a blink. :func:`direction` says whether a metric is
better low (loss, MAE, RMSE, ...) or high (accuracy, AUC, R², ...). Called by ``jobs/compare.py``.
"""

from __future__ import annotations

import csv
import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dlkit.errors import DataError

# How a metric's name ends decides which way is better (checked on the last word first).
LOWER = ("loss", "mae", "rmse", "mse", "mape", "error", "perplexity", "vs_naive")
HIGHER = ("acc", "accuracy", "auc", "r2", "f1", "precision", "recall", "balanced_acc")
NOT_METRICS = ("epoch", "lr", "seconds")


def direction(name: str) -> str | None:
    """``"min"`` when lower values of the metric ``name`` are better, ``"max"`` when higher are,
    None when the name does not say (such a column is shown but not highlighted)."""
    lowered = name.lower()
    for suffix in sorted(LOWER + HIGHER, key=len, reverse=True):  # 'balanced_acc' before 'acc'
        if lowered == suffix or lowered.endswith("_" + suffix):
            return "min" if suffix in LOWER else "max"
    return None


@dataclass
class RunSummary:
    path: Path  # the run folder
    label: str  # how the run is named in tables and legends
    recipe: str | None = None
    task: str | None = None
    epochs: int | None = None
    params: int | None = None
    wall_seconds: float | None = None
    device: str | None = None
    finished: bool = False  # metrics.json exists (the run ended and was tested)
    metrics: dict[str, float] = field(default_factory=dict)  # test_* and best_val_*
    history: list[dict[str, float]] = field(default_factory=list)


def is_run(folder: Path) -> bool:
    """A training run folder: config.yaml next to metrics.json or history.csv."""
    return (folder / "config.yaml").is_file() and (
        (folder / "metrics.json").is_file() or (folder / "history.csv").is_file()
    )


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or value in (None, ""):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def read_history(path: Path) -> list[dict[str, float]]:
    """history.csv as rows of numbers (empty cells, e.g. a run without validation, left out)."""
    try:
        with path.open(newline="", encoding="utf-8") as handle:
            rows = list(csv.DictReader(handle))
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise DataError(f"{path}: not a readable history ({type(exc).__name__})") from None
    out = []
    for row in rows:
        numbers = {k: _number(v) for k, v in row.items() if k}
        out.append({k: v for k, v in numbers.items() if v is not None})
    return out


def best_validation(history: list[dict[str, float]]) -> dict[str, float]:
    """``best_val_<m>`` for every ``val_<m>`` column: its best value over the epochs (the lowest
    loss, the highest accuracy); a column whose direction is unknown gives its last value."""
    best: dict[str, float] = {}
    columns = dict.fromkeys(k for row in history for k in row if k.startswith("val_"))
    for column in columns:
        values = [row[column] for row in history if column in row]
        way = direction(column)
        value = min(values) if way == "min" else max(values) if way == "max" else values[-1]
        best["best_" + column] = value
    return best


def _read_metrics(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise DataError(f"{path}: not readable JSON ({type(exc).__name__})") from None
    if not isinstance(data, dict):
        raise DataError(f"{path}: not a dlkit metrics file (no JSON object)")
    return data


def _read_config(path: Path) -> dict[str, Any]:
    import yaml

    from dlkit.config.safe_yaml import read

    try:
        data = read(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError, yaml.YAMLError) as exc:
        raise DataError(f"{path}: not a readable recipe ({type(exc).__name__})") from None
    return data if isinstance(data, dict) else {}


def read_run(folder: Path, label: str | None = None) -> RunSummary:
    """The summary of one run folder (a ``DataError`` naming it when it is not one)."""
    if not folder.is_dir() or not is_run(folder):
        raise DataError(
            f"{folder}: not a dlkit run folder (no config.yaml with metrics.json or history.csv)"
        )
    config = _read_config(folder / "config.yaml")
    history = read_history(folder / "history.csv") if (folder / "history.csv").is_file() else []
    run = RunSummary(
        path=folder,
        label=label or str(folder),
        recipe=config.get("name"),
        task=config.get("task"),
        epochs=len(history) or None,
        history=history,
    )
    if (folder / "metrics.json").is_file():
        metrics = _read_metrics(folder / "metrics.json")
        run.finished = True
        run.recipe = metrics.get("recipe", run.recipe)
        run.task = metrics.get("task", run.task)
        run.epochs = int(metrics["epochs"]) if _number(metrics.get("epochs")) else run.epochs
        params = _number(metrics.get("params"))
        run.params = int(params) if params is not None else None
        run.wall_seconds = _number(metrics.get("wall_seconds"))
        run.device = metrics.get("device_name") or metrics.get("device")
        run.metrics.update(
            {
                k: float(v)
                for k, v in metrics.items()
                if k.startswith("test_") and _number(v) is not None
            }
        )
    run.metrics.update(best_validation(history))
    return run

"""``dlkit runs``: one row per run folder under a runs root, and ``runs clean``, which deletes the
checkpoints of runs that are neither among the best nor the most recent of their recipe.

A run folder is a folder with a ``config.yaml`` and a checkpoint or ``metrics.json``; its status
comes from its ``state.json`` (``runs/state.py``), and a run without one (trained before dlkit
kept them) is 'finished' when it has ``metrics.json``, else 'unknown'. A running run is never
touched. Called by ``cli/runs.py``.
"""

from __future__ import annotations

import fnmatch
import json
import os
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from dlkit.errors import DataError, UsageError
from dlkit.runs import state as run_state

_LOWER_IS_BETTER = ("loss", "mae", "rmse", "mape", "mse")
_SKIP = {"plots", "model", "weights", "mlartifacts", "mlruns"}  # not runs: MLflow's own stores


@dataclass
class RunRow:
    recipe: str
    number: str
    path: str
    started: float | None
    wall_seconds: float | None
    epochs_done: int | None
    epochs_planned: int | None
    status: str
    monitor: str | None
    best_value: float | None
    size_bytes: int


def _json(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _size(folder: Path) -> int:
    total = 0
    for root, _, names in os.walk(folder):
        for name in names:
            try:
                total += (Path(root) / name).lstat().st_size
            except OSError:
                pass
    return total


def _is_run(folder: Path) -> bool:
    return (folder / "config.yaml").is_file() and (
        (folder / "metrics.json").is_file()
        or (folder / run_state.NAME).is_file()
        or any(folder.glob("*.pt"))
    )


def find_runs(root: Path) -> list[Path]:
    """Every run folder under ``root`` (``root`` itself when it is one), sorted by path."""
    found = []
    for current, dirs, _ in os.walk(root):
        here = Path(current)
        if _is_run(here):
            found.append(here)
            dirs[:] = []  # a run's own subfolders (plots, eval-test) are not runs
        else:
            dirs[:] = sorted(d for d in dirs if d not in _SKIP and not d.startswith("."))
    return sorted(found)


def row_for(run: Path) -> RunRow:
    state = run_state.read(run) or {}
    metrics = _json(run / "metrics.json")
    if state:
        status = run_state.live_status(state)
    else:
        status = "finished" if metrics else "unknown"
    started = state.get("started")
    wall = metrics.get("wall_seconds")
    if wall is None and started is not None:
        wall = round(
            float(state.get("ended") or state.get("heartbeat") or time.time()) - float(started), 1
        )
    return RunRow(
        recipe=str(state.get("recipe") or metrics.get("recipe") or run.parent.name),
        number=run.name,
        path=str(run),
        started=started,
        wall_seconds=wall,
        epochs_done=state.get("epochs_done", metrics.get("epochs")),
        epochs_planned=state.get("epochs_planned"),
        status=status,
        monitor=metrics.get("monitor") or state.get("monitor"),
        best_value=metrics.get("best_value", state.get("best_value")),
        size_bytes=_size(run),
    )


def list_runs(folder: str, recipe: str | None = None, status: str | None = None) -> list[RunRow]:
    """The rows of ``dlkit runs``, filtered by recipe pattern and status."""
    if status is not None and status not in (*run_state.STATUSES, "unknown"):
        raise UsageError(f"--status {status}: use one of {', '.join(run_state.STATUSES)}")
    root = Path(folder).expanduser()
    if not root.is_dir():
        raise DataError(f"{folder}: no such folder of runs")
    rows = [row_for(run) for run in find_runs(root)]
    return [
        r
        for r in rows
        if (recipe is None or fnmatch.fnmatch(r.recipe, recipe))
        and (status is None or r.status == status)
    ]


def _rank(rows: list[RunRow]) -> list[RunRow]:
    """Best first by each run's monitored value (runs without one last)."""
    scored = [r for r in rows if r.best_value is not None and r.monitor]
    lower = bool(scored) and str(scored[0].monitor).endswith(_LOWER_IS_BETTER)
    scored.sort(key=lambda r: float(r.best_value or 0), reverse=not lower)
    return scored + [r for r in rows if r not in scored]


def clean(folder: str, keep_best: int, dry_run: bool, recipe: str | None = None) -> dict[str, Any]:
    """Delete the ``*.pt`` checkpoints of every run that is not running, not among its recipe's
    ``keep_best`` best and not its recipe's most recent run; returns what was (or would be) freed."""
    if keep_best < 0:
        raise UsageError(f"--keep-best {keep_best}: must be 0 or more")
    groups: dict[str, list[RunRow]] = {}
    for row in list_runs(folder, recipe):
        groups.setdefault(str(Path(row.path).parent), []).append(row)
    removed, kept, freed = [], [], 0
    for rows in groups.values():
        keep = {r.path for r in _rank(rows)[:keep_best]}
        keep.add(max(rows, key=lambda r: (r.started or 0, r.number)).path)
        for row in rows:
            if row.path in keep or row.status == "running":
                kept.append(row.path)
                continue
            for checkpoint in sorted(Path(row.path).glob("*.pt")):
                freed += checkpoint.stat().st_size
                removed.append(str(checkpoint))
                if not dry_run:
                    checkpoint.unlink()
    return {"dry_run": dry_run, "removed": removed, "kept": kept, "freed_bytes": freed}


def as_dicts(rows: list[RunRow]) -> list[dict[str, Any]]:
    return [asdict(r) for r in rows]

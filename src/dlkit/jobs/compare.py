"""``dlkit compare RUN...``: the runs' final figures side by side, the best of each column marked.

Each argument is a run folder, a folder of numbered runs (``runs/credit-mlp`` means every
``runs/credit-mlp/NNN`` run in it, in number order) or a glob pattern the shell did not expand
(``'runs/*/001'``). Arguments are resolved and checked first — a folder that is not a run, no run
at all, the same run twice, an unwritable ``--plot`` — so a mistake is one line before anything is
read or written. Each run is read from its own files without loading weights
(``engine/run_summary.py``); the columns are the union of every run's metrics (test metrics from
``metrics.json``, ``best_val_*`` from ``history.csv``), so runs of different tasks and fitted
estimators (one "epoch") compare in one table. ``--plot`` overlays their validation curves
(``evaluate/compare_plot.py``).
"""

from __future__ import annotations

import glob
import re
from pathlib import Path
from typing import Any

from dlkit import files
from dlkit.engine.run_summary import RunSummary, direction, is_run, read_run
from dlkit.errors import DataError, UsageError

_NUMBERED = re.compile(r"^\d{3,}$")
PLOT_SUFFIXES = (".png", ".svg", ".pdf")


def _expand(arg: str) -> list[Path]:
    """The run folders one argument names (a run, a parent of numbered runs, or a glob)."""
    path = Path(arg).expanduser()
    if not path.exists() and glob.has_magic(arg):
        matches = sorted(glob.glob(str(path)))
        if not matches:
            raise DataError(f"{arg}: matches no folder")
        return [run for match in matches for run in _expand(match)]
    if not path.exists():
        raise DataError(f"{arg}: no such run folder")
    if path.is_dir() and is_run(path):
        return [path]
    if path.is_dir():
        numbered = sorted(
            (p for p in path.iterdir() if _NUMBERED.match(p.name) and is_run(p)),
            key=lambda p: int(p.name),
        )
        if numbered:
            return numbered
    raise DataError(
        f"{arg}: not a dlkit run folder (no config.yaml with metrics.json or "
        "history.csv, and no numbered runs in it)"
    )


def resolve_runs(args: list[str]) -> list[Path]:
    """Every run the arguments name, in order; the same run twice is a usage error."""
    if not args:
        raise UsageError("name at least one run folder, e.g. dlkit compare runs/digits-mlp")
    runs: list[Path] = []
    seen: dict[Path, str] = {}
    for arg in args:
        for run in _expand(arg):
            key = run.resolve()
            if key in seen:
                also = "" if seen[key] == str(run) else f" (also as {seen[key]})"
                raise UsageError(f"{run}: named twice{also}; name each run once")
            seen[key] = str(run)
            runs.append(run)
    return runs


def check_plot(plot: str | None) -> Path | None:
    if plot is None:
        return None
    path = Path(plot).expanduser()
    if path.suffix.lower() not in PLOT_SUFFIXES:
        raise UsageError(f"--plot {plot}: name a {', '.join(PLOT_SUFFIXES)} file")
    return files.check_writable(path, "--plot", kind="file")


def columns(runs: list[RunSummary]) -> list[str]:
    """The union of the runs' metrics: test metrics first, then best validation values."""
    names = list(dict.fromkeys(k for run in runs for k in run.metrics))
    return sorted(names, key=lambda k: (not k.startswith("test_"), names.index(k)))


def _family(run: RunSummary) -> str | None:
    """Tasks whose figures compare, as each task declares (``compares_as``): a binary net's and a
    classifier's log-loss and accuracy; a task not installed here compares with itself, and runs
    that record no task compare with each other."""
    from dlkit.errors import UsageError
    from dlkit.tasks import definition

    if run.task is None:
        return None
    try:
        return definition(run.task).compares_as
    except UsageError:
        return run.task


def best_runs(runs: list[RunSummary], names: list[str]) -> dict[str, list[str]]:
    """Per column with a known direction, the labels of the runs that hold its best value, among
    runs of the same task (a classifier's log-loss and a regression's MSE do not compare: each
    task has its best; ``binary`` and ``classification`` are one: both losses are the log-loss of
    the true class, so a one-logit net and a two-class booster compare). Ties all count; a column only one run has is still marked; baselines
    (``*_naive_*``: a property of the data, not the model) are not."""
    best: dict[str, list[str]] = {}
    for name in names:
        way = direction(name)
        if way is None or "_naive_" in name:
            continue
        marked: list[str] = []
        for family in dict.fromkeys(map(_family, runs)):
            values = [
                (run.metrics[name], run.label)
                for run in runs
                if _family(run) == family and name in run.metrics
            ]
            if values:
                target = (min if way == "min" else max)(v for v, _ in values)
                marked += [label for value, label in values if value == target]
        if marked:
            best[name] = [label for label in (run.label for run in runs) if label in marked]
    return best


def _row(run: RunSummary, names: list[str]) -> dict[str, Any]:
    return {
        "run": run.label,
        "recipe": run.recipe,
        "task": run.task,
        "epochs": run.epochs,
        "params": run.params,
        "wall_seconds": run.wall_seconds,
        "device": run.device,
        "finished": run.finished,
        "metrics": {k: run.metrics.get(k) for k in names},
    }


def compare(args: list[str], plot: str | None = None) -> dict[str, Any]:
    """The comparison: ``runs`` (one row each), ``columns``, ``best`` (column → run labels) and
    ``directions``; ``plot`` the file written when asked."""
    paths = resolve_runs(args)
    plot_path = check_plot(plot)
    runs = [read_run(path) for path in paths]
    names = columns(runs)
    summary: dict[str, Any] = {
        "runs": [_row(run, names) for run in runs],
        "columns": names,
        "best": best_runs(runs, names),
        "directions": {k: direction(k) for k in names},
    }
    if plot_path is not None:
        from dlkit.evaluate.compare_plot import plot_validation

        summary["plot"] = str(plot_validation(runs, plot_path))
    return summary

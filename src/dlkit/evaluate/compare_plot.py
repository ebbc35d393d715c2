"""The ``dlkit compare --plot`` figure: the runs' validation curves overlaid, one panel per metric.

One panel for every ``val_*`` column any run's history has (val_loss, val_acc, val_mae, ...), one
line per run that recorded it, epochs on the x axis; a fitted estimator's single "epoch" is a
marker. Runs without validation curves fall back to their training curves (dashed, named so in
the legend), so every run appears. Written atomically (``files.save_figure``); called by
``jobs/compare.py``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from dlkit import files
from dlkit.engine.run_summary import RunSummary
from dlkit.errors import DataError


def _panels(runs: list[RunSummary]) -> list[str]:
    """The metrics to draw, by name without the split: loss first."""
    names = dict.fromkeys(
        k.split("_", 1)[1]
        for run in runs
        for row in run.history
        for k in row
        if k.startswith(("val_", "train_"))
    )
    return sorted(names, key=lambda name: (name != "loss", name))


def _curve(run: RunSummary, metric: str) -> tuple[list[float], list[float], str] | None:
    for split in ("val", "train"):
        key = f"{split}_{metric}"
        points = [
            (row.get("epoch", i + 1), row[key]) for i, row in enumerate(run.history) if key in row
        ]
        if points:
            return [p[0] for p in points], [p[1] for p in points], split
    return None


def plot_validation(runs: list[RunSummary], dest: Path) -> Path:
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    panels = _panels(runs)
    if not panels:
        raise DataError("none of the runs has a history.csv with curves to plot")
    fig = Figure(figsize=(6 * len(panels), 4.2))
    axes = fig.subplots(1, len(panels), squeeze=False)[0]
    for ax, metric in zip(axes, panels):
        for run in runs:
            curve = _curve(run, metric)
            if curve is None:
                continue
            epochs, values, split = curve
            label = run.label if split == "val" else f"{run.label} (train)"
            style: dict[str, Any] = {"linestyle": "-" if split == "val" else "--"}
            ax.plot(
                epochs,
                values,
                marker="o" if len(values) < 20 else None,
                markersize=4,
                label=label,
                **style,
            )
        ax.set_title(f"validation {metric}")
        ax.set_xlabel("epoch")
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_ylabel(metric)
        ax.grid(alpha=0.3)
        ax.legend(fontsize="small")
    return files.save_figure(dest, fig)

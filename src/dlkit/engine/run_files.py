"""The files of a run folder besides checkpoints: ``config.yaml``, ``history.csv``,
``metrics.json``, and the loss/metric plots in ``plots/``. All written atomically."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dlkit import files

if TYPE_CHECKING:
    from dlkit.config.schema import Recipe

METRIC_TITLES = {"acc": "accuracy", "mae": "mean absolute error"}


def write_config(run_dir: Path, recipe: Recipe) -> Path:
    import yaml

    text = yaml.safe_dump(recipe.model_dump(mode="json"), sort_keys=False, allow_unicode=True)
    return files.write_text(run_dir / "config.yaml", text)


def write_history(run_dir: Path, history: list[dict[str, Any]]) -> Path:
    buffer = io.StringIO()
    if history:
        writer = csv.DictWriter(buffer, fieldnames=list(history[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(history)
    return files.write_text(run_dir / "history.csv", buffer.getvalue())


def plot_history(run_dir: Path, history: list[dict[str, Any]], metric: str) -> list[Path]:
    """plots/loss.png and plots/<accuracy|mae>.png: training vs validation per epoch."""
    from matplotlib.figure import Figure

    written = []
    names = {"loss": "loss", metric: METRIC_TITLES.get(metric, metric)}
    for key, title in names.items():
        fig = Figure(figsize=(6, 4))
        ax = fig.add_subplot()
        epochs = [int(r["epoch"]) for r in history]
        for split, style in (("train", "bo-"), ("val", "r-")):
            values = [r.get(f"{split}_{key}") for r in history]
            if any(v not in (None, "") for v in values):
                label = "Training" if split == "train" else "Validation"
                ax.plot(
                    epochs,
                    [float(v) if v not in (None, "") else float("nan") for v in values],
                    style,
                    label=f"{label} {title}",
                    markersize=3,
                )
        ax.set_title(f"Training and validation {title}")
        ax.set_xlabel("epoch")
        ax.set_ylabel(title)
        ax.legend()
        ax.grid(alpha=0.3)
        filename = "accuracy.png" if key == "acc" else f"{key}.png"
        written.append(files.save_figure(run_dir / "plots" / filename, fig))
    return written

"""The plain regression report: MAE, RMSE and R² on the split, and a predicted-vs-true scatter, in
the target's units (a table run that standardised its target, ``TableInput.target_values``, is
turned back); ``summary_metrics`` adds the same to a run's ``metrics.json``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from dlkit import files
from dlkit.components import REPORTS
from dlkit.protocols import ScaledTarget

if TYPE_CHECKING:
    from dlkit.data.base import Dataset


def _in_units(spec: Any, values: np.ndarray) -> np.ndarray:
    """Values in the target's units: a spec that scaled the target (``target_values``) undoes it."""
    return spec.target_values(values) if isinstance(spec, ScaledTarget) else values


def errors(pred: np.ndarray, true: np.ndarray) -> dict[str, float]:
    """MAE, RMSE and R² of (N, K) predictions against targets."""
    err = pred - true
    mae, rmse = float(np.abs(err).mean()), float(np.sqrt((err**2).mean()))
    total = float(((true - true.mean(0)) ** 2).sum())
    r2 = 1 - float((err**2).sum()) / total if total > 0 else float("nan")
    return {"mae": mae, "rmse": rmse, "r2": r2}


@REPORTS.register("regression")
def regression(ctx: Any) -> dict[str, Any]:
    from matplotlib.figure import Figure

    pred = _in_units(ctx.spec, ctx.outputs.numpy().reshape(len(ctx.y), -1).astype(np.float64))
    true = _in_units(ctx.spec, np.asarray(ctx.y, dtype=np.float64).reshape(len(ctx.y), -1))
    metrics = errors(pred, true)
    fig = Figure(figsize=(5, 5))
    ax = fig.add_subplot()
    ax.scatter(true[:, 0], pred[:, 0], s=8, alpha=0.6)
    low, high = float(min(true.min(), pred.min())), float(max(true.max(), pred.max()))
    ax.plot([low, high], [low, high], "r--", linewidth=1)
    ax.set_xlabel("true")
    ax.set_ylabel("predicted")
    ax.set_title(f"Predicted vs true ({ctx.split})")
    files.save_figure(ctx.out_dir / "predicted_vs_true.png", fig)
    return {**metrics, "table": [{"metric": k, "value": v} for k, v in metrics.items()]}


def summary_metrics(dataset: Dataset, outputs: Any, split: str = "test") -> dict[str, float]:
    """``{split}_mae`` / ``_rmse`` / ``_r2`` in the target's units for a run's ``metrics.json``
    (the trainer's hook; its own ``test_mae`` is in the scaled units a scaled target trains in)."""
    part = dataset.split(split)
    pred = np.asarray(outputs, dtype=np.float64).reshape(len(part.y), -1)
    true = np.asarray(part.y, dtype=np.float64).reshape(len(part.y), -1)
    spec = dataset.array_input
    return {
        f"{split}_{k}": v for k, v in errors(_in_units(spec, pred), _in_units(spec, true)).items()
    }


REPORTS.register("regression", summary_metrics=summary_metrics)(regression)

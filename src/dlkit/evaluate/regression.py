"""The plain regression report: MAE, RMSE and R² on the split, and a predicted-vs-true scatter."""

from __future__ import annotations

from typing import Any

import numpy as np

from dlkit import files
from dlkit.components import REPORTS


@REPORTS.register("regression")
def regression(ctx: Any) -> dict[str, Any]:
    from matplotlib.figure import Figure

    pred = ctx.outputs.numpy().reshape(len(ctx.y), -1)
    true = np.asarray(ctx.y, dtype=np.float64).reshape(len(ctx.y), -1)
    err = pred - true
    mae, rmse = float(np.abs(err).mean()), float(np.sqrt((err ** 2).mean()))
    total = float(((true - true.mean(0)) ** 2).sum())
    r2 = 1 - float((err ** 2).sum()) / total if total > 0 else float("nan")
    fig = Figure(figsize=(5, 5))
    ax = fig.add_subplot()
    ax.scatter(true[:, 0], pred[:, 0], s=8, alpha=0.6)
    low, high = float(min(true.min(), pred.min())), float(max(true.max(), pred.max()))
    ax.plot([low, high], [low, high], "r--", linewidth=1)
    ax.set_xlabel("true")
    ax.set_ylabel("predicted")
    ax.set_title(f"Predicted vs true ({ctx.split})")
    files.save_figure(ctx.out_dir / "predicted_vs_true.png", fig)
    metrics = {"mae": mae, "rmse": rmse, "r2": r2}
    return {**metrics, "table": [{"metric": k, "value": v} for k, v in metrics.items()]}

"""The ``weekly_forecast`` report (``evaluate.report: weekly_forecast``, the sales-rnn recipe).

Scores the model's forecast of the target week (its last output column, turned back into sales
with the checkpoint's scaler) against each held-out product's real sales that week, next to the
naive forecast "next week = this week" (the last input week) on the same products, in sales units:
MAE, RMSE, MAPE (%) and direction accuracy (``evaluate/forecast.price_errors``, shared with the
stock report), and the model's MAE as a share of the naive one (``mae_vs_naive`` < 1: better than
naive). Writes ``predictions.csv`` and ``forecast.png`` (the tutorial's Fig. 6.29: ground truth vs
prediction for the first products) into ``ctx.out_dir``.

:func:`summary_metrics` is the trainer's hook: the same figures for ``metrics.json``
(``test_sales_mae``, ``test_naive_sales_mae``, ...) beside the trainer's ``test_mae``, which is
measured over every shifted week in scaled units.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from dlkit.components import REPORTS
from dlkit.errors import DataError
from dlkit.families.series.forecast_report import price_errors

if TYPE_CHECKING:
    from dlkit.data.base import Dataset


def _series(dataset: Dataset, split: str, count: int) -> dict[str, Any]:
    weekly = ((getattr(dataset, "info", None) or {}).get("weekly") or {}).get(split)
    if weekly is None or len(weekly["target"]) != count:
        raise DataError(
            "the weekly_forecast report needs the weekly_sales data module; this "
            "run's data has no per-product target weeks"
        )
    return weekly


def forecasts(spec: Any, outputs: Any) -> np.ndarray:
    """The target-week forecast per product, in sales units (the last output column)."""
    out = np.asarray(outputs, dtype=np.float64).reshape(len(outputs), -1)[:, -1]
    return spec.unscale(out)


def scores(pred: np.ndarray, weekly: dict[str, Any]) -> dict[str, Any]:
    real, last = np.asarray(weekly["target"]), np.asarray(weekly["last"])
    model, naive = price_errors(pred, real, last), price_errors(last, real, last)
    return {
        **model,
        **{f"naive_{k}": v for k, v in naive.items()},
        "mae_vs_naive": model["mae"] / naive["mae"] if naive["mae"] else None,
    }


def summary_metrics(dataset: Dataset, outputs: Any, split: str = "test") -> dict[str, float]:
    """``{split}_sales_mae``, ``_sales_rmse``, ``_naive_sales_mae``, ``_naive_sales_rmse`` and
    ``_sales_mae_vs_naive`` for the trainer's metrics.json."""
    weekly = ((getattr(dataset, "info", None) or {}).get("weekly") or {}).get(split)
    if weekly is None:
        return {}
    s = scores(forecasts(dataset.input_spec, outputs), weekly)
    return {
        f"{split}_sales_mae": s["mae"],
        f"{split}_sales_rmse": s["rmse"],
        f"{split}_naive_sales_mae": s["naive_mae"],
        f"{split}_naive_sales_rmse": s["naive_rmse"],
        f"{split}_sales_mae_vs_naive": s["mae_vs_naive"],
    }


def _outputs(ctx: Any, spec: Any) -> Any:
    """The model's outputs on inputs scaled as in training (``evaluate --data`` rebuilds the
    data from another table, whose training products fit another scaler)."""
    import torch

    mine = ctx.dataset.input_spec
    if mine.scaler == spec.scaler:
        return ctx.outputs
    x = spec.scale(mine.unscale(ctx.x))
    with torch.no_grad():
        return ctx.model(torch.as_tensor(x, device=ctx.device)).float().cpu()


@REPORTS.register("weekly_forecast")
def weekly_forecast(ctx: Any) -> dict[str, Any]:
    from dlkit.data.inputs import input_from_dict

    weekly = _series(ctx.dataset, ctx.split, len(ctx.y))
    spec = input_from_dict(ctx.ckpt["input_spec"])
    pred = forecasts(spec, _outputs(ctx, spec))
    s = scores(pred, weekly)
    table = [
        {
            "forecast": "model",
            "mae": s["mae"],
            "rmse": s["rmse"],
            "mape_%": _dash(s["mape"]),
            "direction_acc": _dash(s["direction_acc"]),
        },
        {
            "forecast": f"naive ({spec.target} = {spec.weeks[-1]})",
            "mae": s["naive_mae"],
            "rmse": s["naive_rmse"],
            "mape_%": _dash(s["naive_mape"]),
            "direction_acc": "-",
        },
    ]
    files = _write_files(ctx, weekly, pred, spec)
    return {
        "split": ctx.split,
        "products": len(pred),
        "target_week": spec.target,
        **s,
        "table": table,
        "files": files,
    }


def _dash(value: Any) -> Any:
    return "-" if value is None else value


def _write_files(ctx: Any, weekly: dict[str, Any], pred: np.ndarray, spec: Any) -> list[str]:
    import pandas as pd

    from dlkit import files

    real, last = np.asarray(weekly["target"]), np.asarray(weekly["last"])
    table = pd.DataFrame(
        {
            "product": weekly["products"],
            spec.weeks[-1]: last,
            spec.target: real,
            "predicted": np.round(pred, 4),
            "naive": last,
            "error": np.round(pred - real, 4),
        }
    )
    paths = [
        files.write_csv(ctx.out_dir / "predictions.csv", table),
        files.save_figure(ctx.out_dir / "forecast.png", _figure(weekly, real, pred, spec)),
    ]
    return [str(p) for p in paths]


def _figure(weekly: dict[str, Any], real: np.ndarray, pred: np.ndarray, spec: Any) -> Any:
    from matplotlib.figure import Figure

    shown = min(20, len(real))  # the tutorial plotted the first 20
    fig = Figure(figsize=(15, 5))
    ax = fig.add_subplot()
    ax.scatter(range(shown), real[:shown], label="Ground truth")
    ax.scatter(range(shown), pred[:shown], label="Prediction")
    ax.scatter(
        range(shown),
        np.asarray(weekly["last"])[:shown],
        marker="x",
        alpha=0.6,
        label=f"Naive ({spec.weeks[-1]})",
    )
    ax.set_xticks(range(shown), weekly["products"][:shown], rotation=45)
    ax.set_xlabel("Product")
    ax.set_ylabel(f"Sales transactions, {spec.target}")
    ax.legend()
    ax.grid(alpha=0.3)
    return fig


REPORTS.register("weekly_forecast", summary_metrics=summary_metrics)(weekly_forecast)

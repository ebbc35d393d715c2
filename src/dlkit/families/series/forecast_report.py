"""The ``forecast`` report for price forecasts (``evaluate.report: forecast``, the stock recipes).

Works in price units: the model's outputs are turned back into closes with the checkpoint's target
scaler (``data.stock.to_price``) and compared with the real closes of the split's target days,
next to the naive forecast "the close ``horizon`` days ahead = today's close" on the same days.
Metrics: MAE, RMSE, MAPE (%) and direction accuracy (the share of days whose close moved on which
the predicted change had the sign of the real change; a flat naive forecast has none, so the
"always up" share is given as its direction baseline). Writes ``forecast.png`` and
``predictions.csv`` into ``ctx.out_dir``. Called by ``jobs/evaluate.py`` with an ``EvalContext``.

The trainer's own metric for these runs (``test_mae`` of the regression task) is measured on the
scaled target the model learns, not in price units. :func:`summary_metrics` is the hook that turns
the trainer's test-pass outputs into the same price-unit errors this report gives, named with
their unit (``test_price_mae``); it is the report's ``summary_metrics`` trait (``REPORTS.register``).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypedDict

import numpy as np

from dlkit.components import REPORTS
from dlkit.errors import DataError

if TYPE_CHECKING:
    from dlkit.data.base import Dataset


class PriceErrors(TypedDict):
    """``price_errors``' figures: MAE and RMSE always, MAPE and direction accuracy where defined."""

    mae: float
    rmse: float
    mape: float | None
    direction_acc: float | None


def price_errors(pred: np.ndarray, real: np.ndarray, today: np.ndarray) -> PriceErrors:
    """MAE, RMSE, MAPE (%) and direction accuracy of predicted closes (None where undefined)."""
    err = pred - real
    moved = real != today
    direction = None
    if moved.any() and not np.allclose(pred, today):
        direction = float((np.sign(pred - today)[moved] == np.sign(real - today)[moved]).mean())
    nonzero = real != 0
    mape = float(np.mean(np.abs(err[nonzero] / real[nonzero])) * 100) if nonzero.any() else None
    return {
        "mae": float(np.mean(np.abs(err))),
        "rmse": float(np.sqrt(np.mean(err**2))),
        "mape": mape,
        "direction_acc": direction,
    }


def _series(ctx: Any) -> dict[str, Any]:
    info = getattr(ctx.dataset, "info", {}) or {}
    series = info.get("series", {}).get(ctx.split)
    if series is None or len(series["dates"]) != len(ctx.y):
        raise DataError(
            "the forecast report needs a series dataset (data module 'stock'); "
            "this run's data has no target dates and closes"
        )
    return series


def price_forecast(
    spec: dict[str, Any], series: dict[str, Any], outputs: Any
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(predicted, real, today's) closes in price units for a split's model outputs."""
    from dlkit.families.series.stock import to_price

    today = np.asarray(series["today_close"], dtype=np.float64)
    real = np.asarray(series["target_close"], dtype=np.float64)
    return to_price(np.asarray(outputs, dtype=np.float64), today, spec), real, today


def summary_metrics(dataset: Dataset, outputs: Any, split: str = "test") -> dict[str, float]:
    """Price-unit errors of a split's outputs, for the trainer's summary beside its scaled
    ``test_mae``: ``{split}_price_mae``, ``{split}_price_rmse``, ``{split}_naive_price_mae``."""
    series = (getattr(dataset, "info", {}) or {}).get("series", {}).get(split)
    if series is None:
        return {}
    pred, real, today = price_forecast(dataset.input_spec, series, outputs)
    model, naive = price_errors(pred, real, today), price_errors(today, real, today)
    return {
        f"{split}_price_mae": model["mae"],
        f"{split}_price_rmse": model["rmse"],
        f"{split}_naive_price_mae": naive["mae"],
    }


def _table(
    model: Mapping[str, Any], naive: Mapping[str, Any], up_share: float | None
) -> list[dict]:
    def row(name: str, m: Mapping[str, Any]) -> dict[str, Any]:
        values = {
            "mae (price)": m["mae"],
            "rmse (price)": m["rmse"],
            "mape_%": m["mape"],
            "direction_acc": m["direction_acc"],
        }
        return {"forecast": name, **{k: "-" if v is None else v for k, v in values.items()}}

    return [
        row("model", model),
        row("naive (tomorrow = today)", naive),
        row("always up", {"mae": None, "rmse": None, "mape": None, "direction_acc": up_share}),
    ]


@REPORTS.register("forecast")
def forecast(ctx: Any) -> dict[str, Any]:
    from dlkit.families.series.stock import scaler_changed

    series = _series(ctx)
    spec = ctx.ckpt["input_spec"]
    changed = scaler_changed(spec, ctx.dataset.input_spec)
    outputs = _rescaled_outputs(ctx, spec) if changed else ctx.outputs
    pred, real, today = price_forecast(spec, series, outputs)
    model, naive = price_errors(pred, real, today), price_errors(today, real, today)
    moved = real != today
    up_share = float((real[moved] > today[moved]).mean()) if moved.any() else None
    dates = list(series["dates"])
    name = spec.get("stock") or Path(str(ctx.dataset.info.get("source", ""))).stem
    written = _write_files(ctx, dates, real, pred, today, {**spec, "stock": name})
    result: dict[str, Any] = {
        "split": ctx.split,
        "days": len(dates),
        "first_date": dates[0] if dates else None,
        "last_date": dates[-1] if dates else None,
        "horizon": int(spec.get("horizon", 1)),
        **model,
        **{f"naive_{k}": v for k, v in naive.items()},
        "always_up_direction_acc": up_share,
        "mae_vs_naive": model["mae"] / naive["mae"] if naive["mae"] else None,
        "table": _table(model, naive, up_share),
        "files": written,
    }
    if changed:
        result["note"] = (
            "the data differ from the run's training data; inputs were rescaled "
            "with the checkpoint's scaler"
        )
    return result


REPORTS.register("forecast", summary_metrics=summary_metrics)(forecast)


def _rescaled_outputs(ctx: Any, spec: dict[str, Any]) -> Any:
    """Outputs for inputs scaled as in training, when the rebuilt data fit other scalers (as when
    ``evaluate --data`` names a longer or different history)."""
    import torch

    mine = ctx.dataset.input_spec["scaler"]
    raw = np.asarray(ctx.x, dtype=np.float64) * np.asarray(mine["scale"]) + np.asarray(mine["mean"])
    x = (raw - np.asarray(spec["scaler"]["mean"])) / np.asarray(spec["scaler"]["scale"])
    with torch.no_grad():
        return ctx.model(torch.as_tensor(x, dtype=torch.float32, device=ctx.device)).float().cpu()


def _write_files(
    ctx: Any,
    dates: list[str],
    real: np.ndarray,
    pred: np.ndarray,
    today: np.ndarray,
    spec: dict[str, Any],
) -> list[str]:
    import pandas as pd

    from dlkit import files

    table = pd.DataFrame(
        {
            "date": dates,
            "close": real,
            "predicted": np.round(pred, 4),
            "naive": today,
            "error": np.round(pred - real, 4),
        }
    )
    out_dir = ctx.out_dir
    paths = [files.write_csv(out_dir / "predictions.csv", table)]
    paths.append(
        files.save_figure(out_dir / "forecast.png", _figure(dates, real, pred, today, spec))
    )
    return [str(p) for p in paths]


def _figure(
    dates: list[str], real: np.ndarray, pred: np.ndarray, today: np.ndarray, spec: dict[str, Any]
) -> Any:
    from matplotlib.figure import Figure

    fig = Figure(figsize=(10, 6))
    top, bottom = fig.subplots(2, 1, sharex=True, gridspec_kw={"height_ratios": [3, 1]})
    days = np.arange(len(dates))
    target = spec.get("target", "close")
    top.plot(days, real, color="black", linewidth=1.6, label=f"real {target}")
    top.plot(days, pred, color="tab:blue", linewidth=1.2, label="model")
    top.plot(
        days,
        today,
        color="tab:orange",
        linewidth=1.0,
        linestyle="--",
        label="naive (tomorrow = today)",
    )
    top.set_ylabel(target)
    top.set_title(
        f"{spec.get('stock') or ''} {target}, {spec.get('horizon', 1)} day(s) ahead: "
        "real vs predicted".strip()
    )
    top.legend(loc="best")
    top.grid(alpha=0.3)
    bottom.plot(days, np.abs(pred - real), color="tab:blue", linewidth=1.0, label="model |error|")
    bottom.plot(
        days, np.abs(today - real), color="tab:orange", linewidth=1.0, label="naive |error|"
    )
    bottom.set_ylabel("abs. error")
    bottom.legend(loc="best")
    bottom.grid(alpha=0.3)
    ticks = days[:: max(1, len(days) // 8)]
    bottom.set_xticks(ticks, [dates[i] for i in ticks], rotation=30, ha="right")
    return fig

"""``dlkit predict`` for series checkpoints (``input_spec.kind: series``, the stock recipes).

Reads the price history from each CSV named on the command line, else from ``--data`` (a CSV, or
a scrape folder holding ``<stock>.csv`` for the stock the run was trained on), else from the path
the run was trained on. Takes the last
``window`` trading days, scales them with the checkpoint's scaler (never one refit on new data),
runs the model and turns its output back into a price: one row per CSV with the last date and
close, the forecast date (``horizon`` business days later, skipping weekends but not exchange
holidays), the predicted close and the change. Called through ``components.PREDICTORS``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from dlkit.components import PREDICTORS
from dlkit.errors import DataError


def next_business_day(date: str, days: int = 1) -> str:
    """The ISO date ``days`` weekdays after ``date`` (Friday + 1 → Monday)."""
    import pandas as pd

    return (pd.Timestamp(date) + pd.offsets.BDay(days)).strftime("%Y-%m-%d")


def _sources(ctx: Any) -> list[Path]:
    from dlkit.data.price_csv import resolve_csv

    spec = ctx.ckpt["input_spec"]
    data_cfg = (ctx.ckpt.get("config") or {}).get("data") or {}
    stock = spec.get("stock") or data_cfg.get("stock")
    if stock is None and str(data_cfg.get("path", "")).lower().endswith(".csv"):
        stock = Path(str(data_cfg["path"])).stem       # trained on DIR/2330.csv: a folder → 2330
    if ctx.inputs:
        return [resolve_csv(item, stock) for item in ctx.inputs]
    if ctx.data:
        return [resolve_csv(ctx.data, stock)]
    if data_cfg.get("path"):
        return [resolve_csv(data_cfg["path"], stock)]
    raise DataError("name the price history: dlkit predict RUN --data DIR/STOCK.csv")


def forecast_row(csv: Path, spec: dict[str, Any], model: Any, device: Any) -> dict[str, Any]:
    """The next forecast from the last ``window`` rows of one CSV."""
    import torch

    from dlkit.data.price_csv import read_prices
    from dlkit.data.stock import apply_scaler, feature_values, to_price

    features, target, window = spec["features"], spec["target"], int(spec["window"])
    inputs = spec.get("inputs", "prices")
    need = window + (1 if inputs == "returns" else 0)
    frame = read_prices(csv, list(dict.fromkeys([*features, target]))).frame
    if len(frame) < need:
        raise DataError(f"{csv}: {len(frame)} usable rows, the model needs the last {need} "
                        "trading days")
    last, values = feature_values(frame.iloc[-need:], features, target, inputs)
    x = apply_scaler(values, spec["scaler"])
    with torch.no_grad():
        out = model(torch.as_tensor(x[None], dtype=torch.float32, device=device))
    last_close = float(last[target].iloc[-1])
    predicted = float(to_price(out.float().cpu().numpy(), np.array([last_close]), spec)[0])
    last_date = last["date"].iloc[-1].strftime("%Y-%m-%d")
    return {"stock": csv.stem, "last_date": last_date,
            "last_close": last_close,
            "next_date": next_business_day(last_date, int(spec.get("horizon", 1))),
            "predicted_close": round(predicted, 4), "change": round(predicted - last_close, 4),
            "change_pct": round((predicted / last_close - 1) * 100, 4) if last_close else None}


@PREDICTORS.register("series")
def predict_series(ctx: Any) -> list[dict[str, Any]]:
    spec = ctx.ckpt["input_spec"]
    ctx.model.eval()
    return [forecast_row(csv, spec, ctx.model, ctx.device) for csv in _sources(ctx)]

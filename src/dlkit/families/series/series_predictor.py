"""The series predictor (input kind ``series``, the stock recipes): the next close per history.

Reads the price history from each CSV named on the command line, else from ``--data`` (a CSV, or a
scrape folder holding ``<stock>.csv`` for the stock the run was trained on), else from the path the
run was trained on, so it needs no inputs. Takes the last ``window`` trading days, scales them with
the checkpoint's scaler (never one refit on new data), runs the model and turns its output back
into a price: one row per CSV with the last date and close, the forecast date (``horizon`` business
days later, skipping weekends but not exchange holidays), the predicted close and the change.
``read_payload`` (``serve``) takes the histories as JSON: each item a list of daily records with the
CSV's column names (raw prices, never pre-scaled), or ``{"name": "2330", "history": [...]}``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from dlkit.components import PREDICTORS
from dlkit.errors import DataError
from dlkit.predict.options import HISTORY
from dlkit.predict.protocol import PredictRequest, Prepared, item_name


def next_business_day(date: str, days: int = 1) -> str:
    """The ISO date ``days`` weekdays after ``date`` (Friday + 1 → Monday)."""
    import pandas as pd

    return (pd.Timestamp(date) + pd.offsets.BDay(days)).strftime("%Y-%m-%d")


@PREDICTORS.register("series")
class SeriesPredictor:
    options = (HISTORY,)
    needs_inputs = False
    input_help = "price-history CSV files (default: the run's own data)"
    payload_help = (
        "JSON inputs: per forecast, the daily price records (objects with date, "
        'open, high, low, close, transactions…) or {"name": ..., "history": [...]}'
    )

    def __init__(self, ckpt: dict[str, Any], spec: Any) -> None:
        self.ckpt, self.spec = ckpt, spec

    def _sources(self, request: PredictRequest) -> list[Path]:
        from dlkit.families.series.price_csv import resolve_csv

        data_cfg = (self.ckpt.get("config") or {}).get("data") or {}
        stock = self.spec.stock or data_cfg.get("stock")
        if stock is None and str(data_cfg.get("path", "")).lower().endswith(".csv"):
            stock = Path(str(data_cfg["path"])).stem  # trained on DIR/2330.csv: a folder → 2330
        if request.inputs:
            return [resolve_csv(item, stock) for item in request.inputs]
        if request.data:
            return [resolve_csv(request.data, stock)]
        if data_cfg.get("path"):
            return [resolve_csv(data_cfg["path"], stock)]
        raise DataError("name the price history: dlkit predict RUN --data DIR/STOCK.csv")

    def _columns(self) -> list[str]:
        return list(dict.fromkeys([*self.spec.features, self.spec.target]))

    def _window(self, csv: Path) -> tuple[np.ndarray, dict[str, Any]]:
        from dlkit.families.series.price_csv import read_prices

        return self._window_of(read_prices(csv, self._columns()).frame, str(csv), csv.stem)

    def _window_of(self, frame: Any, where: str, stock: str) -> tuple[np.ndarray, dict[str, Any]]:
        from dlkit.families.series.stock import apply_scaler, feature_values

        spec = self.spec
        need = spec.window + (1 if spec.inputs == "returns" else 0)
        if len(frame) < need:
            raise DataError(
                f"{where}: {len(frame)} usable rows, the model needs the last {need} trading days"
            )
        last, values = feature_values(frame.iloc[-need:], spec.features, spec.target, spec.inputs)
        info = {
            "stock": stock,
            "last_date": last["date"].iloc[-1].strftime("%Y-%m-%d"),
            "last_close": float(last[spec.target].iloc[-1]),
        }
        return apply_scaler(values, spec.scaler).astype(np.float32), info

    def read(self, request: PredictRequest) -> Prepared:
        windows, infos = zip(*(self._window(csv) for csv in self._sources(request)))
        return Prepared(np.stack(windows), list(infos))

    def read_payload(self, items: list[Any], request: PredictRequest) -> Prepared:
        from dlkit.families.series.price_csv import prices_from_records

        if not items:
            raise DataError('no inputs: send {"inputs": [[{"date": ..., "close": ...}, ...]]}')
        windows, infos = [], []
        for index, item in enumerate(items):
            name = item_name(index, item)
            if isinstance(item, dict):
                name, item = str(item.get("name") or name), item.get("history")
            if not isinstance(item, list):
                raise DataError(f"{name}: expected a list of daily price records")
            frame = prices_from_records(item, self._columns(), name).frame
            window, info = self._window_of(frame, name, name)
            windows.append(window)
            infos.append(info)
        return Prepared(np.stack(windows), infos)

    def rows(self, prepared: Prepared, outputs: Any, request: PredictRequest) -> list[dict]:
        from dlkit.families.series.stock import to_price

        last = np.array([info["last_close"] for info in prepared.keys])
        predicted = to_price(outputs.numpy(), last, self.spec.to_dict())
        rows = []
        for info, value in zip(prepared.keys, predicted):
            value, close = float(value), info["last_close"]
            rows.append(
                {
                    **info,
                    "next_date": next_business_day(info["last_date"], self.spec.horizon),
                    "predicted_close": round(value, 4),
                    "change": round(value - close, 4),
                    "change_pct": round((value / close - 1) * 100, 4) if close else None,
                }
            )
        return rows

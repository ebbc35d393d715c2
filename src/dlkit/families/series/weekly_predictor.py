"""The weekly predictor (input kind ``weekly``, the sales-rnn recipe): next week's sales per product.

Reads each CSV named on the command line (else ``--data``, else the table the run was trained on)
in the UCI weekly layout: it needs the run's input week columns (``W0`` … ``W50`` for the UCI
file); later weeks, ``MIN``/``MAX`` and ``Normalized *`` are ignored. Each row is scaled with the
checkpoint's scaler (never one refit on new data), run through the model, and its forecast of the
next week turned back into sales: one row per product with its code, the last week's sales and
the forecast. ``read_payload`` (``serve``) takes per product either an object with the week
columns (and optionally ``Product_Code``) or a plain list of the input weeks' sales.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from dlkit.components import PREDICTORS
from dlkit.errors import DataError
from dlkit.predict.options import HISTORY
from dlkit.predict.protocol import PredictRequest, Prepared, item_name


@PREDICTORS.register("weekly")
class WeeklyPredictor:
    options = (HISTORY,)
    needs_inputs = False
    input_help = "weekly sales CSV files (Product_Code, W0..W50; default: the run's own data)"
    payload_help = (
        'JSON inputs: per product, {"Product_Code": ..., "W0": ..., ...} or a '
        "list of the input weeks' sales"
    )

    def __init__(self, ckpt: dict[str, Any], spec: Any) -> None:
        self.ckpt, self.spec = ckpt, spec

    def _sources(self, request: PredictRequest) -> list[str]:
        if request.inputs:
            return list(request.inputs)
        if request.data:
            return [request.data]
        path = ((self.ckpt.get("config") or {}).get("data") or {}).get("path")
        if path:
            return [str(path)]
        raise DataError("name the weekly sales table: dlkit predict RUN sales.csv")

    def read(self, request: PredictRequest) -> Prepared:
        xs, keys = [], []
        for source in self._sources(request):
            x, ids, last = self.spec.read(source)
            xs.append(x)
            keys += [
                {"source": Path(source).name, "product": pid, "last_sales": float(v)}
                for pid, v in zip(ids, last)
            ]
        return Prepared(np.concatenate(xs), keys)

    def read_payload(self, items: list[Any], request: PredictRequest) -> Prepared:
        if not items:
            raise DataError('no inputs: send {"inputs": [{"W0": ..., ...}, ...]}')
        weeks, rows, keys = self.spec.weeks, [], []
        for index, item in enumerate(items):
            name = item_name(index, item)
            if isinstance(item, dict):
                missing = [w for w in weeks if w not in item]
                if missing:
                    raise DataError(f"{name}: missing week(s) {', '.join(missing[:5])}")
                name = str(item.get(self.spec.id_column or "", "") or name)
                item = [item[w] for w in weeks]
            if not isinstance(item, list) or len(item) != len(weeks):
                raise DataError(
                    f"{name}: expected {len(weeks)} weekly sales ({weeks[0]}..{weeks[-1]})"
                )
            try:
                values = np.asarray(item, dtype=np.float64)
            except (TypeError, ValueError):
                raise DataError(f"{name}: weekly sales must be numbers") from None
            if not np.isfinite(values).all():
                raise DataError(f"{name}: weekly sales must be finite numbers")
            rows.append(values)
            keys.append({"source": "request", "product": name, "last_sales": float(values[-1])})
        return Prepared(self.spec.scale(np.stack(rows)), keys)

    def rows(self, prepared: Prepared, outputs: Any, request: PredictRequest) -> list[dict]:
        from dlkit.families.series.weekly_report import forecasts

        predicted = forecasts(self.spec, outputs.numpy())
        return [
            {
                **key,
                "last_week": self.spec.weeks[-1],
                "forecast_week": self.spec.target,
                "forecast": round(float(value), 4),
            }
            for key, value in zip(prepared.keys, predicted)
        ]

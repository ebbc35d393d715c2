"""The table predictor (input kind ``table``): raw rows → a class and its probability, or a value.

Rows come from table files named as arguments or with ``--input`` (CSV/TSV/TXT, parquet, Excel:
``families/tables/table_read.py``), with the run's raw columns by name: the run's ``TableInput`` encodes them
exactly as in training (fill values, one-hot categories, scaler). A file that lacks a trained
column is refused by name; extra columns are ignored with a note, the target column silently (a
labelled file predicts like an unlabelled one). Each row: ``row`` (1-based, per file; ``file`` too
when several are named), then ``prediction`` and ``probability`` (of that class) — two-class runs
add ``p_positive``, the probability of the second class (``1`` of a 0/1 target) — or ``value`` for
a regression run. ``read_payload`` takes ``serve``'s JSON records (``{"inputs": [{"col": value,
...}, ...]}``); ``labelled`` reads a file with the target column for ``evaluate --data``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from dlkit.components import PREDICTORS
from dlkit.errors import DataError, UsageError
from dlkit.predict.options import INPUT_FILE
from dlkit.predict.protocol import PredictRequest, Prepared, item_name
from dlkit.tasks import definition


@PREDICTORS.register("table")
class TablePredictor:
    options = (INPUT_FILE,)
    needs_inputs = True
    input_help = (
        "a table of raw rows with the run's columns (CSV/TSV, parquet or Excel: FILE "
        "or --input FILE)"
    )
    payload_help = 'JSON inputs: one object per row, {"column": value, ...} with the run\'s columns'

    def __init__(self, ckpt: dict[str, Any], spec: Any) -> None:
        self.ckpt, self.spec = ckpt, spec
        self.task = ckpt.get("task", "classification")

    def _frame(self, path: str, notes: list[str]) -> Any:
        from dlkit.families.tables.table_read import read_frame

        frame, _ = read_frame(path)
        extra = [c for c in frame.columns if c not in self.spec.columns and c != self.spec.target]
        if extra and not self.spec.missing_columns(frame):
            shown = ", ".join(extra[:6]) + (", …" if len(extra) > 6 else "")
            notes.append(
                f"{Path(path).name}: ignored {len(extra)} column(s) this run does not use: {shown}"
            )
        return frame

    def read(self, request: PredictRequest) -> Prepared:
        if request.options.get("prompt") is not None or request.options.get("column"):
            raise UsageError(
                f"this run ({self.ckpt['recipe']}) predicts rows of a table; give "
                "the table file only (no --prompt or --column)"
            )
        paths = list(request.inputs) + (
            [request.options["input"]] if request.options.get("input") else []
        )
        blocks, keys = [], []
        for path in paths:
            frame = self._frame(path, request.warnings)
            blocks.append(self.spec.encode(frame, request.warnings, f"{path}: "))
            name = {"file": str(path)} if len(paths) > 1 else {}
            keys += [{**name, "row": i + 1} for i in range(len(frame))]
        return Prepared(np.concatenate(blocks), keys)

    def read_payload(self, items: list[Any], request: PredictRequest) -> Prepared:
        import pandas as pd

        if not items:
            raise DataError('no inputs: send {"inputs": [{"column": value, ...}, ...]}')
        for index, item in enumerate(items):
            if not isinstance(item, dict):
                raise DataError(
                    f"{item_name(index, item)}: expected an object of column values, "
                    f"not {type(item).__name__}"
                )
            missing = [c for c in self.spec.columns if c not in item]
            if missing:
                raise DataError(
                    f"{item_name(index, item)}: missing column(s) {', '.join(map(repr, missing))}"
                )
        frame = pd.DataFrame.from_records(items)
        x = self.spec.encode(frame, request.warnings)
        return Prepared(x, [{"row": i + 1} for i in range(len(items))])

    def labelled(self, path: str) -> tuple[np.ndarray, np.ndarray] | None:
        """(x, y) of a table file with the run's target column (for ``evaluate --data``)."""
        from dlkit.families.tables.table_input import category_strings, to_numbers

        frame = self._frame(path, [])
        target = self.spec.target
        if target not in frame.columns:
            raise DataError(f"--data {path}: no target column '{target}' to evaluate against")
        if not definition(self.task).has_classes:
            y = to_numbers(frame[target], target, f"{path}: ")
            keep = ~np.isnan(y)
            y = self.spec.scaled_target(y[keep])
        else:
            classes = list(self.ckpt.get("classes") or [])
            labels = category_strings(frame[target])
            unknown = sorted({v for v in labels if v is not None} - set(classes))
            if unknown:
                raise DataError(
                    f"--data {path}: labels {unknown[:5]} are not among this run's "
                    f"classes {classes}"
                )
            keep = np.asarray([v is not None for v in labels])
            y = np.asarray([classes.index(v) for v in labels if v is not None], dtype=np.int64)
        if not keep.any():
            raise DataError(f"--data {path}: no row has a value in '{target}'")
        return self.spec.encode(frame[keep].reset_index(drop=True), None, f"{path}: "), y

    def rows(self, prepared: Prepared, outputs: Any, request: PredictRequest) -> list[dict]:
        import torch

        from dlkit.tasks import make_task

        with torch.no_grad():
            _, values = make_task(self.task).predict(outputs)
        values = values.numpy()
        if not definition(self.task).has_classes:
            units = self.spec.target_values(values.reshape(len(values), -1)[:, 0])
            return [{**key, "value": round(float(v), 6)} for key, v in zip(prepared.keys, units)]
        classes = list(self.ckpt.get("classes") or [str(i) for i in range(values.shape[1])])
        rows = []
        for key, p in zip(prepared.keys, values):
            best = int(np.argmax(p))
            row = {**key, "prediction": classes[best], "probability": round(float(p[best]), 6)}
            if len(classes) == 2:
                row["p_positive"] = round(float(p[1]), 6)
            rows.append(row)
        return rows

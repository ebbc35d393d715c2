"""Weekly sales per product for next-week forecasting: the ``weekly_sales`` data module.

Reads a table in UCI's "Sales Transactions Dataset Weekly" layout (``families/series/weekly_input.py``:
``Product_Code``, ``W0`` … ``W51``; ``MIN``, ``MAX`` and ``Normalized *`` ignored) and makes one
sample per product: inputs the weeks ``W0`` … ``W50`` (all week columns but the last), targets the
same weeks shifted by one, ``W1`` … ``W51`` — the tutorial's ``targets`` (Activity 6.01,
``data_train.shift(-1, axis="columns", fill_value=W51)``). A sequence model's output at week t is
its forecast for week t+1, so the last column is the forecast of ``W51`` from ``W0`` … ``W50``,
which is what the ``weekly_forecast`` report scores against the naive "next week = this week".

Unlike the tutorial, which trained and scored on all 811 products: products are split into
train / val / test first (seeded, by product, so no product's weeks are in two splits), and the
scaler (one mean and standard deviation over every week of the training products, ``scale:
standard``) is fit on the training products only and stored in the checkpoint's input spec.
``scale: none`` feeds raw counts, as the tutorial did. ``info["weekly"][split]`` holds each
product's code, its last input week's sales and its real target-week sales in sales units.
"""

from __future__ import annotations

import math
from typing import Any, Literal

import numpy as np

from dlkit.components import DATASETS
from dlkit.data.base import Dataset, Split
from dlkit.errors import DataError, UsageError
from dlkit.families.series.weekly_input import (
    WeeklyInput,
    product_ids,
    read_table,
    resolve_csv,
    week_columns,
    week_values,
)
from dlkit.registry import Fraction

MIN_WEEKS = 3  # two input weeks (the naive forecast needs the last one) and the target
MIN_TRAIN = 2  # training products a split must leave, at the least


def split_products(
    count: int, val_fraction: float, test_fraction: float, seed: int
) -> dict[str, np.ndarray]:
    """Row indices per split (each in file order), drawn by a seeded permutation of products;
    a non-zero fraction gets at least one product."""

    def part(fraction: float) -> int:
        return 0 if fraction <= 0 else max(1, math.ceil(fraction * count - 1e-9))

    n_val, n_test = part(val_fraction), part(test_fraction)
    if count - n_val - n_test < MIN_TRAIN:
        raise DataError(
            f"{count} products are too few for val {val_fraction} and test "
            f"{test_fraction}: at least {MIN_TRAIN} must be left to train on"
        )
    order = np.random.default_rng(seed).permutation(count)
    parts = {
        "test": order[:n_test],
        "val": order[n_test : n_test + n_val],
        "train": order[n_test + n_val :],
    }
    return {name: np.sort(rows) for name, rows in parts.items()}


def fit_scaler(values: np.ndarray, scale: str) -> dict[str, list[float]]:
    """One mean and standard deviation over all the values (identity for ``scale: none``)."""
    if scale == "none":
        return {"mean": [0.0], "scale": [1.0]}
    std = float(values.std())
    return {"mean": [float(values.mean())], "scale": [std if std > 1e-12 else 1.0]}


def _weeks(frame: Any, where: str) -> tuple[list[str], list[str]]:
    """(week columns, the other columns that are ignored)."""
    weeks = week_columns(frame, where)
    if len(weeks) < MIN_WEEKS:
        raise DataError(
            f"{where}: {len(weeks)} week column(s); forecasting needs at least "
            f"{MIN_WEEKS} (input weeks and the week to forecast)"
        )
    return weeks, [c for c in frame.columns if c not in weeks]


@DATASETS.register("weekly_sales")
def weekly_sales(
    path: str = "data/Sales_Transactions_Dataset_Weekly.csv",
    seed: int = 0,
    id_column: str | None = "Product_Code",
    val_fraction: Fraction = 0.15,
    test_fraction: Fraction = 0.15,
    scale: Literal["standard", "none"] = "standard",
) -> Dataset:
    if val_fraction + test_fraction >= 1:
        raise UsageError("data.val_fraction + data.test_fraction must be less than 1")
    source = resolve_csv(path)
    frame = read_table(source)
    weeks, other = _weeks(frame, str(source))
    values = week_values(frame, weeks, str(source))
    ids = product_ids(frame, id_column)
    rows = split_products(len(values), val_fraction, test_fraction, seed)
    scaler = fit_scaler(values[rows["train"]], scale)
    spec = WeeklyInput(
        [len(weeks) - 1],
        weeks=weeks[:-1],
        target=weeks[-1],
        id_column=id_column if id_column in frame.columns else None,
        scaler=scaler,
    )
    x, y = spec.scale(values[:, :-1]), spec.scale(values[:, 1:])
    splits = {name: Split(x[r], y[r]) for name, r in rows.items()}
    weekly = {
        name: {"products": [ids[i] for i in r], "last": values[r, -2], "target": values[r, -1]}
        for name, r in rows.items()
    }
    ignored = [c for c in other if c != id_column]
    notes = [
        f"forecasting {weeks[-1]} from {weeks[0]}..{weeks[-2]} per product; products "
        f"split {len(rows['train'])}/{len(rows['val'])}/{len(rows['test'])} (train/val/test)"
    ]
    if ignored:
        notes.append(
            f"ignored {len(ignored)} column(s) that are not weeks: "
            + ", ".join(ignored[:4])
            + (", ..." if len(ignored) > 4 else "")
        )
    info = {
        "source": str(source),
        "products": len(values),
        "weeks": len(weeks),
        "weekly": weekly,
        "notes": notes,
    }
    return Dataset(
        train=splits["train"],
        val=splits["val"] if len(rows["val"]) else None,
        test=splits["test"] if len(rows["test"]) else None,
        input_spec=spec,
        info=info,
    )

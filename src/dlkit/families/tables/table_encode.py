"""Deciding what each column of a table is, checking it, and fitting the ``TableInput``.

Called by ``families/tables/table.py``. ``column_kinds`` calls a column a number column when pandas read it as
numbers (or booleans) or when most of its cells are numbers — then a text cell in it is an error
naming the column and the cell — and a category column when most cells are text or when
``data.categorical`` lists it (integer codes one-hot encoded). ``check_columns`` refuses columns
without a single value and, unless ``impute`` is set, missing values (naming each column and its
count). ``fit_input`` fits on the training rows only: the fill values (``median``: a number
column's median; ``most_frequent``: its most common value; a category column always takes its most
common category), the categories (sorted, as ``pd.get_dummies`` orders them) and the scaler.
``oversample`` repeats minority-class training rows, drawn with replacement, until every class has
as many rows as the largest.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from dlkit.errors import DataError
from dlkit.families.tables.table_input import TableInput, category_strings, to_numbers

MANY_CATEGORIES = 100


def column_kinds(frame: Any, columns: list[str], categorical: list[str]) -> dict[str, str]:
    """``{column: "number" | "category"}``."""
    import pandas as pd

    kinds = {}
    for name in columns:
        series = frame[name]
        if name in categorical:
            kinds[name] = "category"
        elif pd.api.types.is_bool_dtype(series) or pd.api.types.is_numeric_dtype(series):
            kinds[name] = "number"
        else:
            filled = series.dropna().astype(str).str.strip()
            filled = filled[filled != ""]
            numbers = pd.to_numeric(filled, errors="coerce").notna().sum()
            kinds[name] = "number" if len(filled) and numbers * 2 > len(filled) else "category"
    return kinds


def check_columns(
    frame: Any, kinds: dict[str, str], impute: str | None, where: str, notes: list[str]
) -> None:
    """The refusals of the module docstring, before anything is fitted."""
    gaps = {}
    for name, kind in kinds.items():
        if kind == "number":
            count = int(np.isnan(to_numbers(frame[name], name, where)).sum())
        else:
            count = sum(v is None for v in category_strings(frame[name]))
        if count == len(frame):
            raise DataError(
                f"{where}column '{name}' has no values (every cell is empty); "
                "remove it or list it in data.drop"
            )
        if count:
            gaps[name] = count
    if gaps and impute is None:
        listed = ", ".join(f"'{name}' ({count})" for name, count in list(gaps.items())[:8])
        more = f" and {len(gaps) - 8} more" if len(gaps) > 8 else ""
        raise DataError(
            f"{where}missing values in {len(gaps)} column(s): {listed}{more}; fill "
            "them in, or set data.impute to median or most_frequent"
        )
    if gaps:
        notes.append(
            f"imputed ({impute}, fitted on the training rows) missing values in: "
            + ", ".join(f"{name} ({count})" for name, count in gaps.items())
        )
    for name, kind in kinds.items():
        count = len({v for v in category_strings(frame[name]) if v}) if kind == "category" else 0
        if count > MANY_CATEGORIES:
            notes.append(
                f"column '{name}' has {count} categories (one feature each); if it is "
                "an id or free text, list it in data.drop"
            )


def _mode(values: list[Any]) -> Any:
    """The most common value (ties: the smallest), ignoring gaps."""
    import pandas as pd

    found = pd.Series([v for v in values if v is not None], dtype=object)
    if found.empty:
        return None
    counts = found.value_counts()
    top = counts[counts == counts.max()].index.tolist()
    return sorted(top, key=lambda v: (str(type(v)), v))[0]


def _fill_values(train: Any, kinds: dict[str, str], impute: str | None) -> dict[str, Any]:
    fill: dict[str, Any] = {}
    if impute is None:
        return fill
    for name, kind in kinds.items():
        if kind == "category":
            value = _mode(category_strings(train[name]))
        else:
            numbers = to_numbers(train[name], name)
            numbers = numbers[~np.isnan(numbers)]
            if not len(numbers):
                value = None
            elif impute == "median":
                value = float(np.median(numbers))
            else:
                value = float(_mode(numbers.tolist()))
        if value is None:
            raise DataError(
                f"column '{name}' has no values in the training rows, so there is "
                "nothing to impute from; remove it or list it in data.drop"
            )
        fill[name] = value
    return fill


def fit_input(
    train: Any, kinds: dict[str, str], scaling: str, impute: str | None, target: str
) -> TableInput:
    """The ``TableInput`` fitted on the training rows ``train``."""
    columns = list(kinds)
    fill = _fill_values(train, kinds, impute)
    categories, names, numeric = {}, [], []
    for name in columns:
        if kinds[name] == "category":
            labels = [fill.get(name) if v is None else v for v in category_strings(train[name])]
            categories[name] = sorted({v for v in labels if v is not None})
            names += [f"{name}={c}" for c in categories[name]]
            numeric += [False] * len(categories[name])
        else:
            names.append(name)
            numeric.append(True)
    spec = TableInput(
        [len(names)],
        columns,
        categories,
        scaling=scaling,
        fill=fill,
        target=target,
        feature_names=names,
    )
    if scaling != "none":
        raw = spec.encode(train).astype(np.float64)
        if scaling == "standard":
            center, scale = raw.mean(0), raw.std(0)
        else:
            center, scale = raw.min(0), raw.max(0) - raw.min(0)
        scale = np.where(scale > 0, scale, 1.0)
        spec.center = np.where(numeric, center, 0.0).tolist()
        spec.scale = np.where(numeric, scale, 1.0).tolist()
    return spec


def oversample(index: np.ndarray, y: np.ndarray, seed: int) -> tuple[np.ndarray, str]:
    """Training row indices with minority classes repeated up to the largest class, and a note."""
    rng = np.random.default_rng(seed)
    classes, counts = np.unique(y, return_counts=True)
    extra = [
        rng.choice(index[y == c], counts.max() - n, replace=True)
        for c, n in zip(classes, counts)
        if n < counts.max()
    ]
    if not extra:
        return index, "data.oversample: the training classes are already balanced"
    added = sum(len(e) for e in extra)
    return (
        np.concatenate([index, *extra]),
        f"oversampled the training split: {added} repeated minority-class rows, "
        f"{counts.max()} per class (validation and test rows untouched)",
    )

"""Tables with a target column: the ``tabular`` data module and ``table_dataset``.

``tabular`` reads ``path`` (``--data``: CSV/TSV/TXT, parquet, ``.xls``/``.xlsx``; see
``families/tables/table_read.py`` for the header rules) and hands the frame to ``table_dataset``, which other
data modules also call with a DataFrame they generated. The target is ``target`` (a column name,
or a 0-based column index; default: the last column); the features are every other column, or
those ``features`` lists, minus ``drop`` (id columns such as the credit-card ``ID``). Rows without
a target are left out with a note. Columns are numbers or categories (``families/tables/table_encode.py``);
categories are one-hot encoded; ``scaling`` (``standard``/``minmax``/``none``), the categories and
the ``impute`` fill values are fitted on the training split only and stored in the checkpoint's
``TableInput``.

The task is the recipe's: ``classification``/``binary`` targets become int64 class ids of the
sorted labels (numerically when all are numbers; ``classes`` fixes an order; for ``binary`` the
second class is the positive one) — one class, or more than two for ``binary``, is an error;
``regression`` targets are float32, standardised with the training rows' mean and standard
deviation when ``target_scaling: standard`` (predictions and reports are turned back into the
target's units). Splits: ``test_fraction`` and ``val_fraction`` are shares of
all rows (0.2 and 0.2: the tutorials' 60/20/20), seeded, stratified by class for classification;
a ``split_column`` (values train/val/test) or ``split`` series replaces them. ``oversample``
repeats minority-class rows of the training split only.
"""

from __future__ import annotations

from typing import Any, Literal

import numpy as np

from dlkit.components import DATASETS
from dlkit.data.base import Dataset, Split, holdout
from dlkit.errors import DataError, UsageError
from dlkit.registry import Fraction, PositiveInt, close_matches
from dlkit.tasks import definition

Scaling = Literal["standard", "minmax", "none"]
Impute = Literal["median", "most_frequent"]
SPLIT_NAMES = {
    "train": "train",
    "val": "val",
    "valid": "val",
    "validation": "val",
    "dev": "val",
    "test": "test",
}


def _column(frame: Any, wanted: str | int, option: str) -> str:
    """The column a name or 0-based index names; a bad one is a did-you-mean UsageError."""
    columns = [str(c) for c in frame.columns]
    if isinstance(wanted, int) and not isinstance(wanted, bool):
        if not -len(columns) <= wanted < len(columns):
            raise UsageError(
                f"{option}: column index {wanted} is out of range; the table has "
                f"{len(columns)} columns (0 to {len(columns) - 1})"
            )
        return columns[wanted]
    name = str(wanted)
    if name in columns:
        return name
    lower = {c.lower(): c for c in columns}
    hint = (
        f" (did you mean '{lower[name.lower()]}'?)"
        if name.lower() in lower
        else close_matches(name, columns)
    )
    listed = ", ".join(repr(c) for c in columns[:12]) + (", …" if len(columns) > 12 else "")
    raise UsageError(f"{option}: no column '{name}'{hint}; the columns are: {listed}")


def _labels(
    series: Any, task: str, classes: list[str] | None, target: str, where: str
) -> tuple[np.ndarray, list[str] | None, np.ndarray]:
    """(y, class names or None, mask of rows that have a target)."""
    from dlkit.families.tables.table_input import category_strings, to_numbers

    kind = definition(task)
    if not kind.has_classes:
        values = to_numbers(series, target, where)
        return values.astype(np.float32), None, ~np.isnan(values)
    labels = category_strings(series)
    keep = np.asarray([v is not None for v in labels])
    found = sorted({v for v in labels if v is not None})
    if classes is not None:
        names = [str(c) for c in classes]
        unknown = sorted(set(found) - set(names))
        if unknown:
            raise DataError(
                f"{where}target '{target}' has labels {unknown[:5]} that are not in "
                f"data.classes {names}"
            )
    else:
        try:
            names = sorted(found, key=lambda v: (float(v), v))
        except ValueError:
            names = found
    if len(found) < 2:
        shown = f" ({found[0]!r})" if found else ""
        raise DataError(
            f"{where}target '{target}' has {len(found)} class{shown}; a classifier "
            "needs at least two"
        )
    if kind.max_classes is not None and len(names) > kind.max_classes:
        count = "two" if kind.max_classes == 2 else str(kind.max_classes)
        raise DataError(
            f"{where}target '{target}' has {len(names)} classes ({names[:6]}); a "
            f"{task} recipe takes {count}: use task: classification, or a target "
            f"with {count} values"
        )
    lookup = {c: i for i, c in enumerate(names)}
    y = np.asarray([lookup[v] if v is not None else -1 for v in labels], dtype=np.int64)
    return y, names, keep


def _split_rows(
    y: np.ndarray, task: str, split: Any, test_fraction: float, val_fraction: float, seed: int
) -> dict[str, np.ndarray]:
    index = np.arange(len(y))
    if split is not None:
        raw = [str(v).strip().lower() for v in list(split)]
        bad = sorted(set(raw) - set(SPLIT_NAMES))
        if bad:
            raise DataError(f"the split column has values {bad[:5]}; use train, val or test")
        names = np.asarray([SPLIT_NAMES[v] for v in raw])
        return {name: index[names == name] for name in ("train", "val", "test")}
    if val_fraction + test_fraction >= 1:
        raise UsageError("data.val_fraction and data.test_fraction must sum to less than 1")
    stratify = definition(task).has_classes
    rest, test = holdout(index, y, test_fraction, seed, stratify=stratify)
    share = val_fraction / (1 - test_fraction) if val_fraction else 0.0
    if share and len(rest) < 2:
        raise DataError(
            f"{len(y)} rows are too few for test_fraction {test_fraction} and "
            f"val_fraction {val_fraction}"
        )
    train, val = holdout(rest.x, rest.y, share, seed, stratify=stratify)
    empty = index[:0]
    return {
        "train": train.x,
        "val": val.x if val is not None else empty,
        "test": test.x if test is not None else empty,
    }


def table_dataset(
    frame: Any,
    *,
    task: str,
    target: str | int | None,
    features: list[str] | None = None,
    scaling: str = "standard",
    impute: str | None = None,
    test_fraction: float = 0.2,
    val_fraction: float = 0.2,
    seed: int = 0,
    oversample: bool = False,
    classes: list[str] | None = None,
    source: str = "<generated>",
    split: Any = None,
    drop: list[str] | None = None,
    categorical: list[str] | None = None,
    target_scaling: str = "none",
    notes: list[str] | None = None,
) -> Dataset:
    """The ``Dataset`` of a frame of raw rows (see the module docstring)."""
    from dlkit.families.tables.table_encode import check_columns, column_kinds, fit_input
    from dlkit.families.tables.table_encode import oversample as oversampled

    notes = list(notes or [])
    where = f"{source}: " if source else ""
    frame = frame.copy()
    frame.columns = [str(c) for c in frame.columns]
    if target is None:
        target = str(frame.columns[-1])
        notes.append(f"target: the last column, '{target}' (set data.target to choose another)")
    target = _column(frame, target, "data.target")
    dropped = [_column(frame, c, "data.drop") for c in (drop or [])]
    if features:
        columns = [_column(frame, c, "data.features") for c in features]
    else:
        columns = [c for c in frame.columns if c != target and c not in dropped]
    columns = [c for c in columns if c not in dropped]
    if target in columns:
        raise UsageError(f"data.features: '{target}' is the target column")
    if not columns:
        raise UsageError("no feature columns left: check data.features and data.drop")
    categorical = [_column(frame, c, "data.categorical") for c in (categorical or [])]
    y, names, keep = _labels(frame[target], task, classes, target, where)
    if not keep.all():
        notes.append(f"left out {int((~keep).sum())} of {len(keep)} rows without a target")
        frame, y = frame[keep].reset_index(drop=True), y[keep]
        split = None if split is None else [v for v, k in zip(list(split), keep) if k]
    kinds = column_kinds(frame, columns, categorical)
    check_columns(frame, kinds, impute, where, notes)
    parts = _split_rows(y, task, split, test_fraction, val_fraction, seed)
    if not len(parts["train"]):
        raise DataError(f"{where}no training rows")
    spec = fit_input(frame.iloc[parts["train"]], kinds, scaling, impute, target)
    if target_scaling == "standard":
        if definition(task).has_classes:
            raise UsageError(f"data.target_scaling scales a regression target; this task is {task}")
        train_y = y[parts["train"]].astype(np.float64)
        spec.target_center = float(train_y.mean())
        spec.target_scale = float(train_y.std()) or 1.0
        y = spec.scaled_target(y)
    if oversample:
        if not definition(task).has_classes:
            raise UsageError(
                "data.oversample balances classes; it needs a classification or binary task"
            )
        parts["train"], note = oversampled(parts["train"], y[parts["train"]], seed)
        notes.append(note)
    built = {}
    for name, rows in parts.items():
        x = spec.encode(frame.iloc[rows], notes if name != "train" else None, where)
        built[name] = Split(x, y[rows])
    info = {
        "source": source,
        "notes": notes,
        "rows": {k: len(v) for k, v in built.items()},
        "features": list(spec.feature_names),
        "kinds": kinds,
    }
    return Dataset(
        train=built["train"],
        val=built["val"] if len(built["val"]) else None,
        test=built["test"] if len(built["test"]) else None,
        input_spec=spec,
        classes=names,
        info=info,
    )


@DATASETS.register("tabular")
def tabular(
    path: str | None = None,
    seed: int = 0,
    task: str = "classification",
    target: str | int | None = None,
    features: list[str] | None = None,
    drop: list[str] = [],
    categorical: list[str] = [],
    scaling: Scaling = "standard",
    impute: Impute | None = None,
    test_fraction: Fraction = 0.2,
    val_fraction: Fraction = 0.2,
    oversample: bool = False,
    classes: list[str] | None = None,
    split_column: str | None = None,
    header_row: Literal["auto", "none"] | int = "auto",
    sheet: str | int = 0,
    nrows: PositiveInt | None = None,
    target_scaling: Literal["none", "standard"] = "none",
) -> Dataset:
    from dlkit.families.tables.table_read import read_frame

    if not path:
        raise UsageError(
            "name the table: --data FILE (CSV, TSV, parquet, .xls or .xlsx) with "
            "a target column (data.target)"
        )
    frame, notes = read_frame(path, header_row, sheet, nrows)
    split = None
    if split_column is not None:
        name = _column(frame, split_column, "data.split_column")
        split, frame = frame[name].tolist(), frame.drop(columns=[name])
    return table_dataset(
        frame,
        task=task,
        target=target,
        features=features,
        scaling=scaling,
        impute=impute,
        test_fraction=test_fraction,
        val_fraction=val_fraction,
        seed=seed,
        oversample=oversample,
        classes=classes,
        source=str(path),
        split=split,
        drop=drop,
        categorical=categorical,
        target_scaling=target_scaling,
        notes=notes,
    )

"""Weekly sales tables in UCI's "Sales Transactions Dataset Weekly" layout, and their input spec.

The layout: one row per product, ``Product_Code`` (P1, P2, ...), the raw weekly counts ``W0`` …
``W51``, then ``MIN``, ``MAX`` and ``Normalized 0`` … ``Normalized 51`` (the UCI file's own min-max
scaling of each row, which would leak every week's range into the inputs: those columns are always
ignored). Only columns named ``W<number>`` are weeks; they must be numbers, with no gaps.

``read_table`` / ``week_values`` / ``product_ids`` read such a CSV with one-line errors (missing
file, no week columns, text or empty cells in a week, naming the column and row). ``WeeklyInput``
(input kind ``weekly``) is what a checkpoint stores: the input week columns, the target week, the
id column and the scaler fit on the training products, so ``predict`` scales a new table exactly
as training did. Used by ``families/series/weekly_sales.py``, ``families/series/weekly_predictor.py`` and
``families/series/weekly_report.py``.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, ClassVar

import numpy as np

from dlkit.components import INPUT_KINDS
from dlkit.errors import DataError

WEEK = re.compile(r"^W(\d+)$")
UCI_FILE = "Sales_Transactions_Dataset_Weekly.csv"


def resolve_csv(path: str | Path) -> Path:
    """The CSV a path names: the file itself, or the UCI file inside a folder."""
    source = Path(path).expanduser()
    if source.is_dir() and (source / UCI_FILE).is_file():
        return source / UCI_FILE
    if not source.is_file():
        raise DataError(
            f"{path}: no such file; download {UCI_FILE} from the UCI repository "
            "(dataset 396, 'Sales Transactions Dataset Weekly') or name your own "
            "CSV with --data"
        )
    return source


def read_table(path: str | Path) -> Any:
    """The CSV as a DataFrame (header names stripped of spaces)."""
    import pandas as pd

    source = resolve_csv(path)
    try:
        frame = pd.read_csv(source, dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError, OSError) as exc:
        raise DataError(
            f"{source}: not a readable CSV ({' '.join(str(exc).split())[:120]})"
        ) from None
    frame.columns = [str(c).strip() for c in frame.columns]
    return frame


def week_columns(frame: Any, where: str) -> list[str]:
    """The ``W<n>`` columns in week order; an error when there are none or a week is missing."""
    numbered = sorted((int(m.group(1)), c) for c in frame.columns if (m := WEEK.match(c)))
    if not numbered:
        shown = ", ".join(list(frame.columns)[:6]) or "none"
        raise DataError(f"{where}: no week columns W0, W1, ... (columns: {shown})")
    numbers = [n for n, _ in numbered]
    gaps = sorted(set(range(numbers[0], numbers[-1] + 1)) - set(numbers))
    if gaps:
        raise DataError(
            f"{where}: week column W{gaps[0]} is missing between W{numbers[0]} and W{numbers[-1]}"
        )
    return [c for _, c in numbered]


def week_values(frame: Any, weeks: list[str], where: str) -> np.ndarray:
    """(products, weeks) float64 of the named columns; text or empty cells are an error naming
    the column and the row (2 = the first data row, as a spreadsheet numbers it)."""
    import pandas as pd

    missing = [w for w in weeks if w not in frame.columns]
    if missing:
        shown = ", ".join(missing[:5]) + (
            f" and {len(missing) - 5} more" if len(missing) > 5 else ""
        )
        raise DataError(
            f"{where}: missing week column(s) {shown}; the model needs {weeks[0]}..{weeks[-1]}"
        )
    if not len(frame):
        raise DataError(f"{where}: no product rows")
    values = np.empty((len(frame), len(weeks)), dtype=np.float64)
    for j, week in enumerate(weeks):
        cells = frame[week].astype(str).str.strip()
        numbers = pd.to_numeric(cells, errors="coerce")
        bad = np.flatnonzero(numbers.isna().to_numpy() | ~np.isfinite(numbers.to_numpy()))
        if len(bad):
            row, cell = int(bad[0]), cells.iloc[int(bad[0])]
            what = "an empty cell" if cell == "" else f"'{cell[:20]}', not a number,"
            raise DataError(
                f"{where}: column {week} has {what} in row {row + 2} "
                f"({len(bad)} bad cell(s) in that column)"
            )
        values[:, j] = numbers.to_numpy(dtype=np.float64)
    return values


def product_ids(frame: Any, id_column: str | None) -> list[str]:
    """Each row's product code, or ``row <n>`` when the table has no such column."""
    if id_column and id_column in frame.columns:
        return [str(v).strip() for v in frame[id_column]]
    return [f"row {i + 2}" for i in range(len(frame))]


@INPUT_KINDS.register("weekly")
@dataclass
class WeeklyInput:
    """Per product, the scaled sales of the input weeks (``shape`` [weeks]); ``target`` is the
    week the model forecasts, ``scaler`` one mean/scale fit on the training products."""

    kind: ClassVar[str] = "weekly"
    shape: list[int]
    weeks: list[str] = field(default_factory=list)
    target: str = "W51"
    id_column: str | None = "Product_Code"
    scaler: dict[str, list[float]] = field(default_factory=lambda: {"mean": [0.0], "scale": [1.0]})

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, **asdict(self)}

    def batch_transform(self, augment: Any = None) -> Any:
        from dlkit.data.transforms import FloatBatchTransform

        return FloatBatchTransform(augment)

    def sample(self, n: int, seed: int = 0) -> np.ndarray:
        """``n`` random scaled rows (N, weeks), float32."""
        return np.random.default_rng(seed).standard_normal((n, *self.shape)).astype(np.float32)

    def scale(self, values: Any) -> np.ndarray:
        mean, scale = self.scaler["mean"][0], self.scaler["scale"][0]
        return ((np.asarray(values, dtype=np.float64) - mean) / scale).astype(np.float32)

    def unscale(self, values: Any) -> np.ndarray:
        mean, scale = self.scaler["mean"][0], self.scaler["scale"][0]
        return np.asarray(values, dtype=np.float64) * scale + mean

    def read(self, path: str | Path) -> tuple[np.ndarray, list[str], np.ndarray]:
        """(scaled inputs, product ids, last input week's sales) of a table in this layout;
        later weeks (the target week, when present) are ignored."""
        frame = read_table(path)
        values = week_values(frame, self.weeks, str(path))
        return self.scale(values), product_ids(frame, self.id_column), values[:, -1]

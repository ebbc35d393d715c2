"""The typed input spec of a table (input kind ``table``): raw rows → the model's float features.

``TableInput`` holds everything fitted on a training split (``families/tables/table_encode.py`` fits it): the
raw feature columns in order, the categories of each categorical column (one-hot in that order,
like ``pd.get_dummies``), the fill value of each imputed column, and the per-feature ``center`` and
``scale`` of the scaler (``standard``: mean and standard deviation; ``minmax``: minimum and range;
one-hot features are never scaled) and, for a regression target scaled with ``data.target_scaling:
standard``, its training mean and standard deviation. It is stored in every checkpoint
(``to_dict``), so ``predict``, ``evaluate --data`` and ``serve`` encode a user's raw rows exactly
as training did: ``encode`` refuses a frame that lacks a trained column (by name), a number column
holding text (column and cell named) and a missing value it has no fill for; an unseen category
becomes all zeros and is counted in ``notes``. The value helpers here (``to_numbers``,
``category_strings``) are the one place a cell becomes a number or a category, for fitting and
predicting alike.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, ClassVar

import numpy as np

from dlkit.components import INPUT_KINDS
from dlkit.errors import DataError


def to_numbers(series: Any, name: str, where: str = "") -> np.ndarray:
    """float64 values of a column (NaN for empty cells); text in it is a ``DataError`` naming the
    column and the first bad cell (its 1-based data row)."""
    import pandas as pd

    if series.dtype == bool:
        return series.to_numpy(dtype=np.float64)
    values = pd.to_numeric(series, errors="coerce")
    bad = values.isna() & ~_is_empty(series)
    if bad.any():
        row = int(np.flatnonzero(bad.to_numpy())[0])
        raise DataError(
            f"{where}column '{name}' holds numbers but row {row + 1} is "
            f"{str(series.iloc[row])!r}; fix the cell, or list the column in "
            "data.categorical (or data.drop)"
        )
    numbers = values.to_numpy(dtype=np.float64)
    _refuse_non_finite(numbers, series, name, where)
    return numbers


FLOAT32_MAX = float(np.finfo(np.float32).max)


def _refuse_non_finite(numbers: np.ndarray, series: Any, name: str, where: str) -> None:
    """inf, -inf, 1e400 (read as inf) and numbers float32 cannot hold are a ``DataError`` naming
    the column and its first such rows: the networks and estimators compute in float32."""
    with np.errstate(invalid="ignore"):
        huge = np.abs(numbers) > FLOAT32_MAX
    if huge.any():
        rows = np.flatnonzero(huge)
        shown = ", ".join(f"{i + 1} ({str(series.iloc[i]).strip()[:20]})" for i in rows[:3])
        raise DataError(
            f"{where}column '{name}' has {len(rows)} value(s) that are infinite or "
            f"beyond float32's ±3.4e38, row {shown}; fix or remove those rows"
        )


# In a column of numbers these words are gaps (pandas' defaults); in a category column they are
# categories like any other text (``table_read.KEEP_TEXT`` reads them as text).
NUMBER_GAPS = {"", "na", "n/a", "nan", "-nan", "null", "none", "#n/a", "<na>", "-1.#ind", "1.#qnan"}


def _is_empty(series: Any) -> Any:
    """True for NaN/None cells, cells of only white space and the gap words above."""
    import pandas as pd

    empty = series.isna()
    if not pd.api.types.is_numeric_dtype(series):  # object, or pandas 3's str
        empty |= series.map(lambda v: isinstance(v, str) and v.strip().lower() in NUMBER_GAPS)
    return empty


def category_strings(series: Any) -> list[str | None]:
    """Each cell as a category label (None when empty); whole floats lose their '.0', so a code
    column read as 1.0 (a column with gaps) names the same category as 1."""
    out: list[str | None] = []
    for value in series.tolist():
        if value is None or (isinstance(value, float) and np.isnan(value)):
            out.append(None)
        elif isinstance(value, float) and value.is_integer():
            out.append(str(int(value)))
        else:
            text = str(value).strip()
            out.append(text or None)
    return out


@INPUT_KINDS.register("table")
@dataclass
class TableInput:
    kind: ClassVar[str] = "table"
    shape: list[int]  # [number of encoded features]
    columns: list[str] = field(default_factory=list)  # the raw feature columns, in order
    categories: dict[str, list[str]] = field(default_factory=dict)
    scaling: str = "standard"  # standard | minmax | none
    center: list[float] = field(default_factory=list)  # per encoded feature
    scale: list[float] = field(default_factory=list)  # per encoded feature
    fill: dict[str, Any] = field(default_factory=dict)  # per raw column: the imputed value
    target: str = ""
    feature_names: list[str] = field(default_factory=list)
    target_center: float = 0.0  # regression: y was (y - center) / scale
    target_scale: float = 1.0

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, **asdict(self)}

    def batch_transform(self, augment: Any = None) -> Any:
        from dlkit.data.transforms import FloatBatchTransform

        return FloatBatchTransform(augment)

    def sample(self, n: int, seed: int = 0) -> np.ndarray:
        """``n`` random rows in the encoded (scaled) form, float32 (what ``export`` compares)."""
        rng = np.random.default_rng(seed)
        return rng.standard_normal((n, *self.shape)).astype(np.float32)

    def target_values(self, outputs: Any) -> np.ndarray:
        """A regression model's outputs (or scaled targets) back in the target's own units."""
        return np.asarray(outputs, dtype=np.float64) * self.target_scale + self.target_center

    def scaled_target(self, values: Any) -> np.ndarray:
        return (
            (np.asarray(values, dtype=np.float64) - self.target_center) / self.target_scale
        ).astype(np.float32)

    def missing_columns(self, frame: Any) -> list[str]:
        return [c for c in self.columns if c not in frame.columns]

    def encode(self, frame: Any, notes: list[str] | None = None, where: str = "") -> np.ndarray:
        """Raw rows → float32 (N, F): filled, one-hot, scaled. ``notes`` collects a line about
        unseen categories; ``where`` prefixes errors (the file's name)."""
        missing = self.missing_columns(frame)
        if missing:
            raise DataError(
                f"{where}the table lacks column(s) {', '.join(map(repr, missing))} "
                f"that this run was trained on (it needs: "
                f"{', '.join(map(repr, self.columns))})"
            )
        blocks, unseen = [], {}
        for name in self.columns:
            if name in self.categories:
                block, count = self._one_hot(frame[name], name, where)
                if count:
                    unseen[name] = count
            else:
                block = self._numbers(frame[name], name, where)[:, None]
            blocks.append(block)
        x = np.concatenate(blocks, axis=1) if blocks else np.zeros((len(frame), 0))
        if unseen and notes is not None:
            notes.append(
                "categories not seen in training (encoded as all zeros): "
                + ", ".join(f"{name} {count} row(s)" for name, count in unseen.items())
            )
        if self.center:
            x = (x - np.asarray(self.center)) / np.asarray(self.scale)
        return x.astype(np.float32)

    def _numbers(self, series: Any, name: str, where: str) -> np.ndarray:
        values = to_numbers(series, name, where)
        gaps = np.isnan(values)
        if gaps.any():
            if name not in self.fill:
                rows = ", ".join(str(i + 1) for i in np.flatnonzero(gaps)[:5])
                raise DataError(
                    f"{where}column '{name}' has {int(gaps.sum())} missing value(s) "
                    f"(row {rows}) and this run was trained without data.impute"
                )
            values = np.where(gaps, float(self.fill[name]), values)
        return values

    def _one_hot(self, series: Any, name: str, where: str) -> tuple[np.ndarray, int]:
        labels = category_strings(series)
        if any(v is None for v in labels):
            if name not in self.fill:
                count = sum(v is None for v in labels)
                raise DataError(
                    f"{where}column '{name}' has {count} missing value(s) and this "
                    "run was trained without data.impute"
                )
            labels = [str(self.fill[name]) if v is None else v for v in labels]
        index = {c: i for i, c in enumerate(self.categories[name])}
        block = np.zeros((len(labels), len(index)))
        hits = [(row, index[v]) for row, v in enumerate(labels) if v in index]
        if hits:
            rows, cols = zip(*hits)
            block[list(rows), list(cols)] = 1.0
        return block, len(labels) - len(hits)

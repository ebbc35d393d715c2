"""The tutorials' generated tables, embedded (no file to download): a regression line, a noisy
cosine and the AND / OR / XOR truth tables.

Each generates its rows from the tutorial's formula with NumPy's ``RandomState(seed)`` (the
tutorial's ``np.random`` calls, so seed 0 gives the cosine notebook's own points) and goes through
``families/tables/table.py``'s ``table_dataset``, so runs store a ``TableInput`` and ``predict RUN rows.csv``
takes raw rows (columns ``x``, or ``x1``/``x2``) like any table run.

- ``regression_line`` (seed 004 §5): ``n`` = 2,000 points, ``x ~ U(0, 3)``,
  ``y = 78 + 7.8·x + N(0, 3)``; the first 1,500 rows train (their last 20% validate, Keras'
  ``validation_split=0.2``) and the last 500 test, as the tutorial's ``x[:1500]`` / ``x[1500:]``.
- ``noisy_cosine`` (seed 004 §7.1): 2,000 points of ``x = linspace(-10, 10)``,
  ``y = 2.9·cos(0.6·x) + N(0, 1)``; held-out rows drawn at random (the tutorial gives no split).
- ``truth_table`` (seed 000b §13, §15): the four rows of ``gate`` (and / or / xor) over inputs
  ``x1``, ``x2``. The tutorial trains on the table and predicts the table, so the table is both the
  training and the test split (there is nothing else to hold out) and there is no validation split.
"""

from __future__ import annotations

from typing import Literal

import numpy as np

from dlkit.components import DATASETS
from dlkit.data.base import Dataset, Split
from dlkit.errors import UsageError
from dlkit.registry import Fraction, PositiveFloat, PositiveInt
from dlkit.tasks import definition

Scaling = Literal["standard", "minmax", "none"]
GATES = {"and": [0, 0, 0, 1], "or": [0, 1, 1, 1], "xor": [0, 1, 1, 0]}


def _regression_only(task: str, name: str) -> None:
    if definition(task).has_classes:
        raise UsageError(
            f"data {name} is a regression table (a number per row); set task: regression"
        )


@DATASETS.register("regression_line")
def regression_line(
    seed: int = 0,
    task: str = "regression",
    n: PositiveInt = 2000,
    intercept: float = 78.0,
    slope: float = 7.8,
    noise: PositiveFloat = 3.0,
    low: float = 0.0,
    high: float = 3.0,
    test_rows: PositiveInt = 500,
    val_fraction: Fraction = 0.2,
    scaling: Scaling = "none",
) -> Dataset:
    """The tutorial's line ``y = intercept + slope·x + N(0, noise)`` (see the module docstring)."""
    import pandas as pd

    from dlkit.families.tables.table import table_dataset

    _regression_only(task, "regression_line")
    if not low < high:
        raise UsageError(f"data.low ({low}) must be below data.high ({high})")
    if test_rows >= n:
        raise UsageError(f"data.test_rows ({test_rows}) must be below data.n ({n})")
    rng = np.random.RandomState(seed)
    x = rng.uniform(low, high, n)
    y = intercept + slope * x + rng.normal(0.0, noise, n)
    fit_rows = n - test_rows
    val_rows = int(round(val_fraction * fit_rows))
    split = ["train"] * (fit_rows - val_rows) + ["val"] * val_rows + ["test"] * test_rows
    frame = pd.DataFrame({"x": x, "y": y})
    return table_dataset(
        frame,
        task=task,
        target="y",
        scaling=scaling,
        split=split,
        seed=seed,
        source="regression_line",
    )


@DATASETS.register("noisy_cosine")
def noisy_cosine(
    seed: int = 0,
    task: str = "regression",
    n: PositiveInt = 2000,
    amplitude: float = 2.9,
    frequency: float = 0.6,
    noise: PositiveFloat = 1.0,
    low: float = -10.0,
    high: float = 10.0,
    test_fraction: Fraction = 0.2,
    val_fraction: Fraction = 0.2,
    scaling: Scaling = "standard",
) -> Dataset:
    """``y = amplitude·cos(frequency·x) + N(0, noise)`` on ``linspace(low, high, n)``."""
    import pandas as pd

    from dlkit.families.tables.table import table_dataset

    _regression_only(task, "noisy_cosine")
    if not low < high:
        raise UsageError(f"data.low ({low}) must be below data.high ({high})")
    rng = np.random.RandomState(seed)
    x = np.linspace(low, high, num=n)
    y = amplitude * np.cos(frequency * x) + noise * rng.normal(size=n)
    frame = pd.DataFrame({"x": x, "y": y})
    return table_dataset(
        frame,
        task=task,
        target="y",
        scaling=scaling,
        seed=seed,
        test_fraction=test_fraction,
        val_fraction=val_fraction,
        source="noisy_cosine",
    )


@DATASETS.register("truth_table")
def truth_table(seed: int = 0, gate: Literal["and", "or", "xor"] = "xor") -> Dataset:
    """The four rows of a logic gate; the table is the training and the test split."""
    from dlkit.families.tables.table_input import TableInput

    x = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=np.float32)
    y = np.array(GATES[gate], dtype=np.int64)
    spec = TableInput(
        shape=[2], columns=["x1", "x2"], scaling="none", target="y", feature_names=["x1", "x2"]
    )
    info = {
        "source": f"truth_table {gate}",
        "notes": [f"the {gate.upper()} truth table: trained on and tested on its 4 rows"],
    }
    return Dataset(
        train=Split(x, y),
        val=None,
        test=Split(x.copy(), y.copy()),
        input_spec=spec,
        classes=["0", "1"],
        info=info,
    )

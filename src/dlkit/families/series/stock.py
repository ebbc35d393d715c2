"""Daily stock prices as sliding windows for sequence models: the ``stock`` data module.

Reads ``path`` (a CSV file, or a folder holding ``<stock>.csv`` as ``dlkit scrape twse`` writes
it; see ``families/series/price_csv.py``), then builds one sample per trading day t: the inputs are the
``window`` days t-window+1..t of ``features``, the target is ``target`` (close) ``horizon`` trading
days later. Unlike the seed, nothing leaks from the future into training:

- the samples are split by time FIRST: train, then val, then test, by target day, with no target
  day in two splits (val/test inputs may look back into the previous split's days: those prices
  were known on the day of the forecast);
- the feature scaler (per-feature mean/std) and the target scaler are fit on the training rows
  only, and the spec that goes into the checkpoint carries them for ``evaluate`` and ``predict``.

``inputs: returns`` (default) feeds each day's prices as log ratios to the previous close (and
counts as log(1 + x)), ``target_mode: return`` (default) learns the scaled return
close[t+h]/close[t] - 1: both keep their meaning when prices drift out of the training range, which
scaled price levels do not (a trending stock's test prices lie outside everything the scaler and
the model saw). ``inputs: prices`` with ``target_mode: close`` is the seed's set-up, kept for
comparison. Either way ``to_price`` turns outputs back into a price.
``info["series"][split]`` holds each sample's target date, today's close and the real target close,
for the ``forecast`` report and its naive baseline.
"""

from __future__ import annotations

import math
from typing import Any, Literal

import numpy as np

from dlkit.components import DATASETS
from dlkit.data.base import Dataset, Split
from dlkit.errors import DataError, UsageError
from dlkit.families.series.series_input import SeriesInput
from dlkit.registry import Fraction, PositiveInt

FEATURES = ("open", "high", "low", "close", "transactions")
PRICE_COLUMNS = ("open", "high", "low", "close", "adj_close")
COUNT_COLUMNS = ("volume", "turnover", "transactions")
MIN_TRAIN = 20  # training samples a split must leave, at the least


def split_counts(samples: int, val_fraction: float, test_fraction: float) -> tuple[int, int, int]:
    """(train, val, test) sample counts, in time order; a non-zero fraction gets at least one."""

    def part(fraction: float) -> int:
        return 0 if fraction <= 0 else max(1, int(round(fraction * samples)))

    n_val, n_test = part(val_fraction), part(test_fraction)
    return samples - n_val - n_test, n_val, n_test


def rows_needed(
    window: int, horizon: int, val_fraction: float, test_fraction: float, inputs: str = "prices"
) -> int:
    """The fewest usable rows that leave ``MIN_TRAIN`` training samples."""
    lost = 1 if inputs == "returns" else 0  # the first day has no previous close
    rows = window + horizon + lost
    while (
        split_counts(rows - lost - window - horizon + 1, val_fraction, test_fraction)[0] < MIN_TRAIN
    ):
        rows += 1
    return rows


def feature_values(frame: Any, features: list[str], target: str, inputs: str) -> tuple[Any, Any]:
    """(rows, per-day feature values before scaling) for ``inputs``.

    ``prices``: the columns as they are (the seed). ``returns``: price columns as log ratios to
    the previous day's target close, counts (volume, turnover, transactions) as log(1 + x), the
    rest as they are; the first row has no previous close and is dropped.
    """
    raw = frame[features].to_numpy(dtype=np.float64)
    if inputs == "prices":
        return frame, raw
    previous = frame[target].to_numpy(dtype=np.float64)[:-1, None]
    values = raw[1:].copy()
    for j, name in enumerate(features):
        if name in PRICE_COLUMNS:
            if (raw[:, j] <= 0).any() or (previous <= 0).any():
                raise DataError(f"column '{name}' has prices <= 0; use --set data.inputs=prices")
            values[:, j] = np.log(raw[1:, j] / previous[:, 0])
        elif name in COUNT_COLUMNS:
            values[:, j] = np.log1p(np.clip(raw[1:, j], 0, None))
    return frame.iloc[1:].reset_index(drop=True), values


def fit_scaler(values: np.ndarray) -> dict[str, list[float]]:
    """Per-column mean and standard deviation (1 where a column is constant), as plain floats."""
    mean = values.mean(axis=0)
    scale = values.std(axis=0)
    scale = np.where(scale > 1e-12, scale, 1.0)
    return {
        "mean": [float(v) for v in np.atleast_1d(mean)],
        "scale": [float(v) for v in np.atleast_1d(scale)],
    }


def apply_scaler(values: np.ndarray, scaler: dict[str, list[float]]) -> np.ndarray:
    return (values - np.asarray(scaler["mean"])) / np.asarray(scaler["scale"])


def raw_target(close: np.ndarray, today: np.ndarray, target: np.ndarray, mode: str) -> np.ndarray:
    """The unscaled quantity the model learns: the target close, or its return over today's."""
    if mode == "close":
        return close[target]
    return close[target] / close[today] - 1.0


def to_price(outputs: Any, today_close: Any, spec: dict[str, Any]) -> np.ndarray:
    """Model outputs (scaled targets) → predicted closes in price units, per the checkpoint spec."""
    out = np.asarray(outputs, dtype=np.float64).reshape(len(np.atleast_1d(today_close)), -1)[:, 0]
    scaler = spec["target_scaler"]
    value = out * scaler["scale"][0] + scaler["mean"][0]
    if spec.get("target_mode", "close") == "close":
        return value
    return np.asarray(today_close, dtype=np.float64) * (1.0 + value)


def windows(values: np.ndarray, window: int, count: int) -> np.ndarray:
    """(count, window, features) float32: sample i covers rows i .. i+window-1."""
    view = np.lib.stride_tricks.sliding_window_view(values, window, axis=0)[:count]
    return np.ascontiguousarray(view.transpose(0, 2, 1), dtype=np.float32)


def _check(
    features: list[str],
    target: str,
    window: int,
    horizon: int,
    val_fraction: float,
    test_fraction: float,
    target_mode: str,
    inputs: str,
) -> None:
    problems = []
    if not features:
        problems.append("data.features: list at least one column")
    if window < 1 or horizon < 1:
        problems.append("data.window and data.horizon must be at least 1")
    if not (0 <= val_fraction < 1 and 0 <= test_fraction < 1 and val_fraction + test_fraction < 1):
        problems.append(
            "data.val_fraction and data.test_fraction must be in [0, 1) and sum to less than 1"
        )
    if target_mode not in ("return", "close"):
        problems.append(f"data.target_mode must be 'return' or 'close', not {target_mode!r}")
    if inputs not in ("returns", "prices"):
        problems.append(f"data.inputs must be 'returns' or 'prices', not {inputs!r}")
    elif target_mode == "close" and inputs == "returns":
        problems.append(
            "data.target_mode: close needs price levels as inputs (--set data.inputs=prices)"
        )
    if not target:
        problems.append("data.target: name the column to forecast")
    if problems:
        raise UsageError("; ".join(problems))


def _series(
    dates: np.ndarray,
    close: np.ndarray,
    today: np.ndarray,
    target_idx: np.ndarray,
    bounds: dict[str, tuple[int, int]],
) -> dict[str, dict[str, Any]]:
    """Per split: each sample's target date, its "today" date and close, and the real target."""
    return {
        name: {
            "dates": dates[target_idx[a:b]].tolist(),
            "today_dates": dates[today[a:b]].tolist(),
            "today_close": close[today[a:b]],
            "target_close": close[target_idx[a:b]],
        }
        for name, (a, b) in bounds.items()
    }


def _sizes(
    prices: Any,
    rows: int,
    window: int,
    horizon: int,
    val_fraction: float,
    test_fraction: float,
    inputs: str,
) -> tuple[int, int, int, int]:
    """(samples, train, val, test), or the one-line error saying how many rows are needed."""
    samples = max(rows - window - horizon + 1, 0)
    n_train, n_val, n_test = split_counts(samples, val_fraction, test_fraction)
    if n_train < MIN_TRAIN:
        need = rows_needed(window, horizon, val_fraction, test_fraction, inputs)
        raise DataError(
            f"{prices.path}: {len(prices.frame)} usable rows (after dropping "
            f"{prices.dropped_missing} without prices) are too few for window "
            f"{window} + horizon {horizon} with val {val_fraction} and test "
            f"{test_fraction}; need at least {need} rows"
        )
    return samples, n_train, n_val, n_test


@DATASETS.register("stock")
def stock(
    path: str = "data/twse",
    stock: str | int | None = None,
    seed: int = 0,
    features: list[str] = list(FEATURES),
    target: str = "close",
    window: PositiveInt = 10,
    horizon: PositiveInt = 1,
    val_fraction: Fraction = 0.15,
    test_fraction: Fraction = 0.15,
    target_mode: Literal["return", "close"] = "return",
    inputs: Literal["returns", "prices"] = "returns",
) -> Dataset:
    from dlkit.families.series.price_csv import normalise, read_prices, resolve_csv

    features = [normalise(f) for f in features]  # 'Adj Close' → adj_close, like the headers
    target = normalise(target)
    _check(features, target, window, horizon, val_fraction, test_fraction, target_mode, inputs)
    prices = read_prices(resolve_csv(path, stock), list(dict.fromkeys([*features, target])))
    frame, values = feature_values(prices.frame, features, target, inputs)
    samples, n_train, n_val, n_test = _sizes(
        prices, len(frame), window, horizon, val_fraction, test_fraction, inputs
    )
    today = np.arange(window - 1, window - 1 + samples)
    target_idx = today + horizon
    close = frame[target].to_numpy(dtype=np.float64)
    if target_mode == "return" and (close <= 0).any():
        raise DataError(
            f"{prices.path}: column '{target}' has values <= 0; returns need "
            "positive prices (use --set data.target_mode=close)"
        )
    train_rows = int(target_idx[n_train - 1]) + 1  # rows 0 .. last training target
    scaler = fit_scaler(values[:train_rows])
    goal = raw_target(close, today, target_idx, target_mode)
    target_scaler = fit_scaler(goal[:n_train, None])
    x = windows(apply_scaler(values, scaler), window, samples)
    y = apply_scaler(goal[:, None], target_scaler)[:, 0].astype(np.float32)
    bounds = {
        "train": (0, n_train),
        "val": (n_train, n_train + n_val),
        "test": (n_train + n_val, samples),
    }
    splits = {name: Split(x[a:b], y[a:b]) for name, (a, b) in bounds.items()}
    series = _series(
        frame["date"].dt.strftime("%Y-%m-%d").to_numpy(), close, today, target_idx, bounds
    )
    spec = SeriesInput(
        [window, len(features)],
        features=features,
        target=target,
        window=window,
        horizon=horizon,
        inputs=inputs,
        target_mode=target_mode,
        scaler=scaler,
        target_scaler=target_scaler,
        stock=None if stock is None else str(stock),
    )
    info = {
        **prices.summary(),
        "stock": spec["stock"],
        "train_rows": train_rows,
        "train_end": series["train"]["dates"][-1],
        "series": series,
    }
    return Dataset(
        train=splits["train"],
        val=splits["val"] if n_val else None,
        test=splits["test"] if n_test else None,
        input_spec=spec,
        info=info,
    )


def scaler_changed(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """True when two specs' scalers differ (evaluate on other data than training saw)."""
    pairs = [
        (a.get(k, {}).get(f, []), b.get(k, {}).get(f, []))
        for k in ("scaler", "target_scaler")
        for f in ("mean", "scale")
    ]
    return any(
        len(p) != len(q)
        or not all(math.isclose(u, v, rel_tol=1e-6, abs_tol=1e-9) for u, v in zip(p, q))
        for p, q in pairs
    )

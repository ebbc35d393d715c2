"""Synthetic weekly sales in the exact layout of UCI's "Sales Transactions Dataset Weekly" CSV:
``Product_Code`` (P1, P2, ...), ``W0`` … ``W51`` (whole counts), ``MIN``, ``MAX`` and
``Normalized 0`` … ``Normalized 51`` (each row min-max scaled, as in the UCI file), for the
sales-rnn tests. Each product has its own level, a linear trend, a 13-week season and Poisson noise,
so a model that learns the structure beats the naive "next week = this week".

A uniquely named module (not ``conftest``) so test files can import it next to other folders'
helpers."""

from __future__ import annotations

from pathlib import Path

import numpy as np

WEEKS = 52


def sales_matrix(products: int = 811, seed: int = 0, weeks: int = WEEKS) -> np.ndarray:
    """(products, weeks) int counts: level · (1 + trend·t + season) with Poisson noise."""
    rng = np.random.default_rng(seed)
    t = np.arange(weeks)
    level = rng.lognormal(mean=2.5, sigma=0.7, size=(products, 1))  # ~12 a week
    trend = rng.normal(0.0, 0.006, size=(products, 1))
    amplitude = rng.uniform(0.2, 0.6, size=(products, 1))
    phase = rng.uniform(0, 2 * np.pi, size=(products, 1))
    mean = level * np.clip(
        1 + trend * t + amplitude * np.sin(2 * np.pi * t / 13 + phase), 0.05, None
    )
    return rng.poisson(mean).astype(np.int64)


def write_sales(path: Path, products: int = 811, seed: int = 0, weeks: int = WEEKS) -> Path:
    """The CSV with UCI's 107-column header (for ``weeks`` = 52)."""
    values = sales_matrix(products, seed, weeks)
    low, high = values.min(1, keepdims=True), values.max(1, keepdims=True)
    normal = np.where(high > low, (values - low) / np.maximum(high - low, 1), 0.0)
    header = [
        "Product_Code",
        *[f"W{i}" for i in range(weeks)],
        "MIN",
        "MAX",
        *[f"Normalized {i}" for i in range(weeks)],
    ]
    lines = [",".join(header)]
    for i in range(products):
        lines.append(
            ",".join(
                [
                    f"P{i + 1}",
                    *map(str, values[i]),
                    str(low[i, 0]),
                    str(high[i, 0]),
                    *(f"{v:.2f}" for v in normal[i]),
                ]
            )
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path

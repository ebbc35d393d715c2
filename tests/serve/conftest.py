"""Fixtures for export and serve: tiny trained runs (one per recipe, trained once per session),
and torch on one thread while these tests run (tiny models gain nothing from more, and on a busy
machine spinning OpenMP workers cost ten times the work). Helpers live in ``serve_helpers.py``."""

from __future__ import annotations

from pathlib import Path

import pytest
from serve_helpers import one_torch_thread, train


@pytest.fixture(autouse=True)
def _one_thread():
    with one_torch_thread():
        yield


@pytest.fixture(scope="session")
def runs(tmp_path_factory) -> dict[str, Path]:
    """digits-mlp, digits-cnn and stock-lstm (on generated prices), one epoch each and narrowed
    (the same layer types, fewer units: export and serve see the recipes' own model families),
    plus the price CSV under ``"csv"``."""
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "stock"))
    from stock_prices import write_prices

    root = tmp_path_factory.mktemp("serve-runs")
    csv = write_prices(root / "twse" / "2330.csv")
    with one_torch_thread():
        return {
            "digits-mlp": train(root, "digits-mlp", "--set", "model.hidden=[32]"),
            "digits-cnn": train(
                root, "digits-cnn", "--set", "model.channels=[4,8]", "--set", "model.hidden=[16]"
            ),
            "stock-lstm": train(
                root, "stock-lstm", "--data", str(csv), "--set", "model.hidden=[8,8]"
            ),
            "csv": csv,
        }

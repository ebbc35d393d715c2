"""Fixtures for the stock recipe's tests (helpers live in ``stock_prices.py``)."""

from __future__ import annotations

from pathlib import Path

import pytest
from stock_prices import write_prices


@pytest.fixture
def prices_csv(tmp_path: Path) -> Path:
    """``tmp/twse/2330.csv``: 400 weekdays, four no-trade rows."""
    return write_prices(tmp_path / "twse" / "2330.csv")

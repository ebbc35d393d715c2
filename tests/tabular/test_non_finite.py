"""Non-finite numbers in a table (``inf``, ``-inf``, ``1e400`` as text, or a number float32 cannot
hold) are a data error naming the column and the first rows, found when the column is read: for
features and regression targets alike, in tables and stock prices."""

from __future__ import annotations

import pandas as pd
import pytest

from dlkit.errors import DataError
from dlkit.families.series.price_csv import read_prices
from dlkit.families.tables.table_input import to_numbers


@pytest.mark.parametrize("cell", ["inf", "-inf", "1e400", "-1e39", "Infinity"])
def test_non_finite_cells_are_refused(cell):
    series = pd.Series(["1", "2", cell, "4"], dtype=object)
    with pytest.raises(DataError, match=r"column 'X2' has 1 value\(s\) .* row 3"):
        to_numbers(series, "X2", "t.csv: ")


def test_float_columns_and_first_rows_are_named():
    series = pd.Series([1.0, float("inf"), 2.0, float("-inf"), 1e308, float("inf")])
    with pytest.raises(DataError, match=r"4 value\(s\).*row 2 \(inf\), 4 \(-inf\), 5 "):
        to_numbers(series, "D", "")


def test_finite_values_and_gaps_pass():
    values = to_numbers(pd.Series(["1", "", "3.4e38", None], dtype=object), "X", "")
    assert values[0] == 1 and values[2] == 3.4e38
    assert pd.isna(values[1]) and pd.isna(values[3])


def test_stock_prices_refuse_inf(tmp_path):
    path = tmp_path / "prices.csv"
    path.write_text("date,close\n2024-01-02,10\n2024-01-03,inf\n2024-01-04,1e308\n")
    with pytest.raises(
        DataError, match=r"column 'close' has 2 value\(s\) that are infinite .*row 2, 3"
    ):
        read_prices(path, ["close"])

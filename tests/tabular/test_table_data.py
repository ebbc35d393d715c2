"""The tabular data module and its input spec on generated frames and files: reading (CSV with a
sniffed delimiter, headerless TXT, parquet, the raw credit-card Excel layout), targets, one-hot
categories, scaling and imputing fitted on the training split only, stratified seeded splits,
oversampling of the training split only, and the refusals."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from dlkit.components import DATASETS, INPUT_KINDS
from dlkit.data.inputs import input_from_dict
from dlkit.errors import DataError, UsageError
from dlkit.families.tables.table import table_dataset
from dlkit.families.tables.table_input import TableInput
from tabular.table_samples import (
    CREDIT_TARGET,
    credit_csv,
    credit_frame,
    credit_xlsx,
    happiness_frame,
    year_txt,
)


def _mixed(n: int = 120, seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    return pd.DataFrame(
        {
            "ID": np.arange(n),
            "size": rng.normal(10, 3, n),
            "colour": rng.choice(["red", "green", "blue"], n),
            "count": rng.integers(0, 9, n),
            "label": rng.choice(["no", "yes"], n),
        }
    )


def test_registered_names():
    assert INPUT_KINDS.get("table") is TableInput
    assert DATASETS.get("tabular").__module__ == "dlkit.families.tables.table"


def test_one_hot_scaling_and_checkpoint_round_trip():
    frame = _mixed()
    ds = table_dataset(frame, task="classification", target="label", drop=["ID"], seed=3)
    spec = ds.input_spec
    assert spec.columns == ["size", "colour", "count"]
    assert spec.categories == {"colour": ["blue", "green", "red"]}  # sorted, like get_dummies
    assert spec.feature_names == ["size", "colour=blue", "colour=green", "colour=red", "count"]
    assert spec.shape == [5] and ds.train.x.dtype == np.float32
    assert ds.classes == ["no", "yes"] and ds.train.y.dtype == np.int64
    # standard scaling fitted on the training split: mean 0 / std 1 there, not on val/test
    numbers = ds.train.x[:, [0, 4]]
    np.testing.assert_allclose(numbers.mean(0), 0, atol=1e-5)
    np.testing.assert_allclose(numbers.std(0), 1, atol=1e-5)
    assert set(np.unique(ds.train.x[:, 1:4])) == {0.0, 1.0}  # one-hot columns are not scaled
    rows = {name: len(getattr(ds, name)) for name in ("train", "val", "test")}
    assert rows == {"train": 72, "val": 24, "test": 24}  # 60/20/20
    back = input_from_dict(spec.to_dict())
    assert isinstance(back, TableInput) and back == spec
    np.testing.assert_array_equal(back.encode(frame.iloc[:5]), spec.encode(frame.iloc[:5]))
    train_rows = frame.drop(columns=["ID", "label"])
    means = [train_rows["size"].mean(), train_rows["count"].mean()]
    assert [spec.center[0], spec.center[4]] != pytest.approx(means)  # not fitted on all rows


def test_scaler_statistics_come_from_the_training_rows_only():
    frame = _mixed(200)
    split = pd.Series(["train"] * 120 + ["val"] * 40 + ["test"] * 40)
    frame.loc[120:, "size"] += 100.0  # held-out rows far away: they must not move it
    for scaling in ("standard", "minmax"):
        spec = table_dataset(
            frame, task="classification", target="label", drop=["ID"], scaling=scaling, split=split
        ).input_spec
        train = frame["size"].iloc[:120]
        if scaling == "standard":
            expected = (train.mean(), train.std(ddof=0))
        else:
            expected = (train.min(), train.max() - train.min())
        assert (spec.center[0], spec.scale[0]) == pytest.approx(expected)
    none = table_dataset(
        frame, task="classification", target="label", drop=["ID"], scaling="none", split=split
    )
    assert none.input_spec.center == [] and none.train.x[0, 0] == pytest.approx(frame["size"][0])


def test_unseen_category_is_all_zeros_and_counted():
    ds = table_dataset(_mixed(), task="classification", target="label", drop=["ID"])
    rows = pd.DataFrame({"size": [10.0, 11.0], "colour": ["purple", "red"], "count": [1, 2]})
    notes: list[str] = []
    x = ds.input_spec.encode(rows, notes)
    assert x[0, 1:4].tolist() == [0, 0, 0] and x[1, 1:4].tolist() == [0, 0, 1]
    assert notes == ["categories not seen in training (encoded as all zeros): colour 1 row(s)"]


def test_missing_columns_are_refused_by_name():
    spec = table_dataset(_mixed(), task="classification", target="label", drop=["ID"]).input_spec
    with pytest.raises(DataError, match="lacks column\\(s\\) 'colour', 'count'"):
        spec.encode(pd.DataFrame({"size": [1.0]}))


def test_regression_target_by_index_and_stratified_classes():
    frame = happiness_frame(300)
    ds = table_dataset(frame, task="regression", target=1, seed=0)
    assert ds.classes is None and ds.train.y.dtype == np.float32 and ds.input_spec.target == "X1"
    assert ds.num_outputs == 1
    scaled = table_dataset(frame, task="regression", target=1, seed=0, target_scaling="standard")
    spec = scaled.input_spec
    np.testing.assert_allclose(spec.target_values(scaled.train.y), ds.train.y, atol=1e-5)
    assert scaled.train.y.mean() == pytest.approx(0, abs=1e-5)
    assert (spec.target_center, spec.target_scale) == pytest.approx(
        (ds.train.y.mean(), ds.train.y.std()), rel=1e-5
    )
    with pytest.raises(UsageError, match="target_scaling"):
        table_dataset(frame, task="binary", target="D", target_scaling="standard")
    ds = table_dataset(frame, task="binary", target="D", seed=0)
    share = frame["D"].mean()
    for part in (ds.train, ds.val, ds.test):
        assert part.y.mean() == pytest.approx(share, abs=0.02)
    again = table_dataset(frame, task="binary", target="D", seed=0)
    assert again.fingerprint() == ds.fingerprint()
    assert table_dataset(frame, task="binary", target="D", seed=1).fingerprint() != ds.fingerprint()


def test_oversampling_touches_the_training_split_only():
    frame = credit_frame(400)
    plain = table_dataset(frame, task="classification", target=CREDIT_TARGET, drop=["ID"])
    over = table_dataset(
        frame, task="classification", target=CREDIT_TARGET, drop=["ID"], oversample=True
    )
    counts = np.bincount(over.train.y)
    assert counts[0] == counts[1] == np.bincount(plain.train.y).max()
    np.testing.assert_array_equal(over.val.y, plain.val.y)
    np.testing.assert_array_equal(over.test.x, plain.test.x)
    assert "oversampled the training split" in over.info["notes"][-1]


def test_impute_fits_on_train_and_is_stored():
    frame = _mixed(100)
    frame.loc[[3, 50, 70], "size"] = np.nan
    frame.loc[[5], "colour"] = None
    with pytest.raises(
        DataError,
        match="missing values in 2 column\\(s\\): 'size' \\(3\\), 'colour' \\(1\\); .*data.impute",
    ):
        table_dataset(frame, task="classification", target="label", drop=["ID"])
    split = pd.Series(["train"] * 60 + ["val"] * 20 + ["test"] * 20)
    ds = table_dataset(
        frame, task="classification", target="label", drop=["ID"], impute="median", split=split
    )
    fill = ds.input_spec.fill
    assert fill["size"] == pytest.approx(frame["size"].iloc[:60].median())
    assert fill["colour"] == frame["colour"].iloc[:60].mode().sort_values().iloc[0]
    assert fill["count"] == pytest.approx(frame["count"].iloc[:60].median())
    rows = pd.DataFrame({"size": [np.nan], "colour": [None], "count": [1]})
    x = ds.input_spec.encode(rows)
    assert np.isfinite(x).all() and x[0, 1:4].sum() == 1
    mode = table_dataset(
        frame,
        task="classification",
        target="label",
        drop=["ID"],
        impute="most_frequent",
        split=split,
    ).input_spec.fill
    assert mode["count"] == frame["count"].iloc[:60].mode().min()


def test_refusals():
    frame = _mixed()
    with pytest.raises(UsageError, match="no column 'lable' \\(did you mean 'label'\\?\\)"):
        table_dataset(frame, task="classification", target="lable")
    one = frame.assign(label="yes")
    with pytest.raises(DataError, match="has 1 class \\('yes'\\)"):
        table_dataset(one, task="binary", target="label")
    with pytest.raises(DataError, match="has 3 classes .*binary recipe takes two"):
        table_dataset(frame, task="binary", target="colour")
    text = frame.astype({"size": object})
    text.loc[7, "size"] = "n/a?"
    with pytest.raises(DataError, match="column 'size' holds numbers but row 8 is 'n/a\\?'"):
        table_dataset(text, task="classification", target="label")
    empty = frame.assign(blank=np.nan)
    with pytest.raises(DataError, match="column 'blank' has no values"):
        table_dataset(empty, task="classification", target="label", impute="median")


def test_headerless_txt_and_sniffed_semicolons(tmp_path):
    path = year_txt(tmp_path / "YearPredictionMSD.txt", n=60)
    ds = DATASETS.create("tabular", path=str(path), task="regression", target=0)
    assert ds.input_spec.shape == [90] and ds.input_spec.target == "0"
    assert any("numbered 0, 1" in n for n in ds.info["notes"])
    assert 1980 < float(ds.train.y.mean()) < 2020
    semi = tmp_path / "happy.csv"
    happiness_frame(60).to_csv(semi, sep=";", index=False)
    ds = DATASETS.create("tabular", path=str(semi), task="binary", target="D")
    assert ds.input_spec.columns == [f"X{i}" for i in range(1, 7)]


def test_raw_credit_excel_layout_and_parquet(tmp_path):
    # .xlsx through openpyxl; .xls cannot be written here (no xlwt), it goes through xlrd alike
    path = credit_xlsx(tmp_path / "default of credit card clients.xlsx", n=120)
    ds = DATASETS.create(
        "tabular",
        path=str(path),
        task="classification",
        target=CREDIT_TARGET,
        drop=["ID", "SEX"],
        scaling="minmax",
    )
    assert ds.input_spec.shape == [22] and "LIMIT_BAL" in ds.input_spec.columns
    assert any("labels over the column names" in n for n in ds.info["notes"])
    pq = tmp_path / "credit.parquet"
    credit_frame(80).to_parquet(pq)
    ds = DATASETS.create(
        "tabular",
        path=str(pq),
        task="classification",
        target=CREDIT_TARGET,
        drop=["ID"],
        categorical=["SEX", "EDUCATION", "MARRIAGE"],
    )
    assert "SEX=1" in ds.input_spec.feature_names and ds.input_spec.shape[0] == 20 + 2 + 4 + 3
    csv = credit_csv(tmp_path / "credit.csv", n=80)
    assert DATASETS.create(
        "tabular", path=str(csv), target=CREDIT_TARGET, drop=["ID"]
    ).input_spec.shape == [23]

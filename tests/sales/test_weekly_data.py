"""The weekly_sales data module and the rnn model: the UCI layout, a split by product, the scaler
fit on the training products only, the shifted targets, one-line errors, and the tutorial's exact
legacy network (641 parameters) with its broadcast loss."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
import torch
from sales_data import write_sales

from dlkit.components import DATASETS, MODELS
from dlkit.errors import DataError


@pytest.fixture(scope="module")
def uci_csv(tmp_path_factory):
    return write_sales(tmp_path_factory.mktemp("sales") / "Sales_Transactions_Dataset_Weekly.csv")


def test_reads_the_uci_layout_and_splits_by_product(uci_csv):
    data = DATASETS.create("weekly_sales", path=str(uci_csv), seed=0)
    assert len(pd.read_csv(uci_csv).columns) == 107  # the UCI file's width
    assert (len(data.train), len(data.val), len(data.test)) == (567, 122, 122)
    assert data.train.x.shape == (567, 51) and data.train.y.shape == (567, 51)
    spec = data.input_spec
    assert spec.weeks == [f"W{i}" for i in range(51)] and spec.target == "W51"
    products = {
        name: set(data.info["weekly"][name]["products"]) for name in ("train", "val", "test")
    }
    assert not (products["train"] & products["test"]) and not (products["val"] & products["test"])
    assert sum(map(len, products.values())) == 811
    assert any("ignored 54 column(s)" in note and "MIN" in note for note in data.info["notes"])
    again = DATASETS.create("weekly_sales", path=str(uci_csv), seed=0)
    other = DATASETS.create("weekly_sales", path=str(uci_csv), seed=1)
    assert again.info["weekly"]["test"]["products"] == data.info["weekly"]["test"]["products"]
    assert other.info["weekly"]["test"]["products"] != data.info["weekly"]["test"]["products"]


def test_targets_are_the_weeks_shifted_and_the_scaler_saw_training_products_only(uci_csv):
    data = DATASETS.create("weekly_sales", path=str(uci_csv), seed=0)
    np.testing.assert_array_equal(data.train.y[:, :-1], data.train.x[:, 1:])
    table = pd.read_csv(uci_csv).set_index("Product_Code")
    weeks = [f"W{i}" for i in range(52)]
    train = table.loc[data.info["weekly"]["train"]["products"], weeks].to_numpy(float)
    assert data.input_spec.scaler["mean"][0] == pytest.approx(train.mean())
    assert data.input_spec.scaler["scale"][0] == pytest.approx(train.std())
    every = table[weeks].to_numpy(float)
    assert data.input_spec.scaler["mean"][0] != pytest.approx(every.mean(), rel=1e-6)
    test = table.loc[data.info["weekly"]["test"]["products"]]
    np.testing.assert_allclose(data.input_spec.unscale(data.test.y[:, -1]), test["W51"], atol=1e-3)
    np.testing.assert_array_equal(data.info["weekly"]["test"]["last"], test["W50"])


def test_scale_none_keeps_raw_counts(uci_csv):
    data = DATASETS.create("weekly_sales", path=str(uci_csv), seed=0, scale="none")
    raw = pd.read_csv(uci_csv)[[f"W{i}" for i in range(51)]].to_numpy(np.float32)
    assert set(map(tuple, data.train.x)) <= set(map(tuple, raw))


@pytest.mark.parametrize(
    "edit, match",
    [
        (lambda f: f.drop(columns=[f"W{i}" for i in range(52)]), "no week columns"),
        (
            lambda f: f.assign(W5=["lots"] + list(f["W5"][1:])),
            "column W5 has 'lots', not a number, in row 2",
        ),
        (
            lambda f: f.assign(W7=list(f["W7"][:3]) + [None] + list(f["W7"][4:])),
            "column W7 has an empty cell in row 5",
        ),
        (lambda f: f[["Product_Code", "W0", "W1"]], "2 week column(s)"),
        (lambda f: f.drop(columns=["W20"]), "W20 is missing"),
        (lambda f: f.head(3), "too few"),
    ],
)
def test_bad_tables_are_one_line_errors(uci_csv, tmp_path, edit, match):
    path = tmp_path / "bad.csv"
    edit(pd.read_csv(uci_csv)).to_csv(path, index=False)
    with pytest.raises(DataError, match=match.replace("(", r"\(").replace(")", r"\)")):
        DATASETS.create("weekly_sales", path=str(path), seed=0)


def test_legacy_is_the_tutorials_network_and_broadcast_loss():
    model = MODELS.create("rnn", in_shape=[51], num_outputs=51, legacy=True)
    assert sum(p.numel() for p in model.parameters()) == 641  # RNN(51, 10) + Linear(10, 1)
    assert model.rnn.input_size == 51 and model.rnn.hidden_size == 10
    torch.manual_seed(0)
    inputs, targets = torch.randn(8, 51), torch.randn(8, 51)
    out = model(inputs)
    pred = model.output(model.rnn(inputs.unsqueeze(1))[0].view(-1, 10))  # the tutorial's forward
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the broadcast it warned of
        tutorial = torch.nn.MSELoss()(targets, pred)
    assert out.shape == (8, 51) and torch.allclose(out[:, 0:1], pred)
    assert torch.nn.functional.mse_loss(out, targets).item() == pytest.approx(
        tutorial.item(), rel=1e-6
    )


def test_the_default_rnn_steps_over_weeks_and_never_looks_ahead():
    model = MODELS.create("rnn", in_shape=[51], num_outputs=51)
    assert model.rnn.input_size == 1
    x = torch.randn(2, 51)
    later = x.clone()
    later[:, 30:] += 5  # change weeks 30..50 only
    with torch.no_grad():
        assert torch.equal(model(x)[:, :30], model(later)[:, :30])
        assert not torch.equal(model(x)[:, 30:], model(later)[:, 30:])


def test_the_rnn_refuses_inputs_that_are_not_weeks():
    from dlkit.errors import UsageError

    with pytest.raises(UsageError, match="model rnn takes one row of weeks"):
        MODELS.create("rnn", in_shape=[1, 8, 8], num_outputs=10)

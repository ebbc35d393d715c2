"""``tabular-xgboost`` on generated tables (classification and, by ``task``, regression): train →
evaluate → predict through the CLI; the ``table_estimator`` model's outputs per task, its
checkpoint round trip without pickle, and the estimator/task checks made before any data is read."""

from __future__ import annotations

import json

import numpy as np
import pytest
import torch

from classic.classic_runs import invoke, metrics, predict_json, train

FAST = ["--set", "model.estimator.n_estimators=20", "--set", "model.estimator.n_jobs=1"]


def _table(path, n=240, seed=0):
    import pandas as pd

    rng = np.random.default_rng(seed)
    frame = pd.DataFrame(
        {
            "age": rng.integers(20, 80, n),
            "score": rng.normal(size=n).round(3),
            "city": rng.choice(["north", "south", "east"], n),
        }
    )
    frame["outcome"] = np.where(frame.score + (frame.city == "north") > 0.5, "yes", "no")
    frame["price"] = (3 * frame.score + 0.1 * frame.age + rng.normal(0, 0.2, n)).round(3)
    frame.to_csv(path, index=False)
    return frame


@pytest.fixture(scope="module")
def table(tmp_path_factory):
    folder = tmp_path_factory.mktemp("xgb")
    frame = _table(folder / "table.csv")
    frame.head(5).drop(columns=["outcome", "price"]).to_csv(folder / "rows.csv", index=False)
    return folder, frame


def test_tabular_xgboost_classifies(table):
    folder, frame = table
    run = train(
        folder,
        "tabular-xgboost",
        "--data",
        str(folder / "table.csv"),
        "--set",
        "data.target=outcome",
        "--set",
        "data.drop=[price]",
        *FAST,
    )
    result = metrics(run)
    assert result["test_acc"] > 0.85 and result["test_loss"] < 0.5
    rows = predict_json(run, str(folder / "rows.csv"))
    assert [r["prediction"] for r in rows] == frame.outcome.head(5).tolist()
    report = json.loads(invoke("evaluate", str(run), "--json").stdout)
    assert report["accuracy"] == pytest.approx(result["test_acc"])


def test_tabular_xgboost_regresses_by_task(table):
    folder, frame = table
    run = train(
        folder,
        "tabular-xgboost",
        "--data",
        str(folder / "table.csv"),
        "--set",
        "data.target=price",
        "--set",
        "data.drop=[outcome]",
        "--set",
        "task=regression",
        *FAST,
    )
    result = metrics(run)
    assert result["task"] == "regression" and result["test_mae"] < 0.6
    values = [r["value"] for r in predict_json(run, str(folder / "rows.csv"))]
    assert np.abs(np.array(values) - frame.price.head(5).to_numpy()).max() < 1.0
    report = json.loads(invoke("evaluate", str(run), "--json").stdout)
    assert report["r2"] > 0.8


@pytest.mark.parametrize(
    "estimator, y, outputs",
    [
        ({"name": "xgboost", "n_estimators": 5}, np.array([0, 1] * 10), 1),  # binary: logit
        ({"name": "random_forest", "n_estimators": 3}, np.array([0, 1, 2] * 7)[:20], 3),
        ({"name": "xgboost", "n_estimators": 5}, np.linspace(0, 1, 20, dtype=np.float32), 1),
        ({"name": "linear_regression"}, np.linspace(0, 1, 20, dtype=np.float32), 1),
    ],
)
def test_table_estimator_outputs_and_round_trip(estimator, y, outputs, tmp_path):
    from dlkit.components import MODELS
    from dlkit.engine import checkpoint

    x = np.random.default_rng(0).normal(size=(20, 3)).astype(np.float32)
    x[:, 0] = y
    model = MODELS.create(
        "table_estimator", in_shape=[3], num_outputs=outputs, estimator=estimator
    ).fit(x, y)
    out = model(torch.from_numpy(x))
    assert out.shape == (20, outputs) and out.dtype == torch.float32
    if y.dtype == np.float32:
        assert np.abs(out[:, 0].numpy() - y).mean() < 0.2
    elif outputs == 1:
        assert ((out[:, 0] > 0).long().numpy() == y).mean() > 0.9
    else:
        assert torch.allclose(out.exp().sum(1), torch.ones(20), atol=1e-4)
    payload = {
        "recipe": "t",
        "config": {},
        "state_dict": model.state_dict(),
        "model": {
            "name": "table_estimator",
            "options": {"estimator": estimator},
            "in_shape": [3],
            "num_outputs": outputs,
        },
        "input_spec": {"kind": "table", "shape": [3]},
    }
    path = checkpoint.save(tmp_path / "best.pt", payload)
    torch.load(path, weights_only=True)
    assert torch.equal(checkpoint.build_model(checkpoint.load(path))(x), out)


def test_a_regressor_twin_is_used_for_regression():
    from xgboost import XGBRegressor

    from dlkit.families.tables.table_estimators import resolve

    estimator, _ = resolve({"name": "xgboost", "n_estimators": 7}, regression=True)
    assert isinstance(estimator, XGBRegressor) and estimator.n_estimators == 7

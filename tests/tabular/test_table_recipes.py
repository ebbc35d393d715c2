"""The tabular recipes from the command line, as a user types them, on generated tables of the
tutorials' shapes: train → evaluate → predict for happiness-logreg, tabular-regress, credit-mlp,
credit-mlp-big and tabular-binary; the reports' numbers against scikit-learn's; predict on raw
rows (extra columns noted, unseen categories counted), evaluate --data on a labelled file, the
serve payload, class weights; parameter counts of the tutorials' networks."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import torch

from dlkit_testing import train_run as _train
from tabular.table_samples import (
    credit_csv,
    credit_frame,
    credit_xlsx,
    disease_csv,
    happiness_csv,
    year_txt,
)


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    root = tmp_path_factory.mktemp("tables")
    return {
        "happy": happiness_csv(root / "SomervilleHappinessSurvey2015.csv", n=300),
        "year": year_txt(root / "YearPredictionMSD.txt", n=400),
        "credit": credit_csv(root / "credit.csv", n=600),
        "disease": disease_csv(root / "patients.csv", n=400),
        "root": root,
    }


@pytest.fixture(scope="module")
def credit_run(files):
    return _train(
        "credit-mlp",
        "--data",
        files["credit"],
        "--epochs",
        "2",
        "--lr",
        "0.01",
        "--out",
        files["root"] / "runs",
    )


@pytest.mark.parametrize(
    "recipe, width, params",
    [
        ("happiness-logreg", 6, 7),  # Linear(6, 1)
        ("tabular-regress", 90, 1033),  # 90 -> 10 -> 7 -> 5 -> 1
        ("credit-mlp", 22, 472),  # 22 -> 10 -> 10 -> 10 -> 2
        ("credit-mlp-big", 22, 20102),  # 22 -> 100 -> 100 -> 50 -> 50 -> 2
        ("tabular-binary", 8, 289),  # 8 -> 16 -> 8 -> 1
    ],
)
def test_parameter_counts_at_the_tutorials_widths(recipe, width, params):
    from dlkit.components import MODELS
    from dlkit.config.recipes import find_recipe
    from dlkit.config.validate import component_options
    from dlkit.jobs.recipe_args import Overrides, load_recipe
    from dlkit.tasks import make_task

    parsed = load_recipe(str(find_recipe(recipe)), Overrides())
    outputs = make_task(parsed.task).outputs(2 if parsed.task != "regression" else 1)
    model = MODELS.create(
        parsed.model.name,
        in_shape=[width],
        num_outputs=outputs,
        **component_options(parsed, "model"),
    )
    assert sum(p.numel() for p in model.parameters()) == params
    if recipe == "credit-mlp-big":
        assert sum(isinstance(m, torch.nn.Dropout) and m.p == 0.1 for m in model.modules()) == 4


def test_credit_mlp_trains_evaluates_and_predicts(credit_run, files, cli, tmp_path):
    from sklearn.metrics import (
        balanced_accuracy_score,
        f1_score,
        precision_score,
        recall_score,
        roc_auc_score,
    )

    metrics = json.loads((credit_run / "metrics.json").read_text())
    ckpt = torch.load(credit_run / "best.pt", weights_only=True)
    spec = ckpt["input_spec"]
    assert spec["kind"] == "table" and spec["shape"] == [22] and spec["scaling"] == "minmax"
    assert "ID" not in spec["columns"] and "SEX" not in spec["columns"]
    assert ckpt["classes"] == ["0", "1"] and metrics["params"] == 472
    result = cli("evaluate", str(credit_run), "--json")
    assert result.exit_code == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["accuracy"] == pytest.approx(metrics["test_acc"])
    assert summary["roc_auc"] == pytest.approx(metrics["test_roc_auc"])
    # the report's numbers are scikit-learn's on the test rows' own predictions
    from dlkit.components import DATASETS
    from dlkit.config.validate import data_arguments
    from dlkit.jobs.evaluate import stored_recipe

    recipe = stored_recipe(ckpt)
    test = DATASETS.create(recipe.data.name, **data_arguments(recipe)).test
    from dlkit.engine import checkpoint

    model = checkpoint.build_model(ckpt).eval()
    with torch.no_grad():
        p1 = torch.softmax(model(torch.from_numpy(test.x)), 1)[:, 1].numpy()
    pred = (p1 > 0.5).astype(int)
    assert summary["samples"] == len(test.y) == 120
    assert summary["roc_auc"] == pytest.approx(roc_auc_score(test.y, p1))
    assert summary["balanced_accuracy"] == pytest.approx(balanced_accuracy_score(test.y, pred))
    assert summary["precision"] == pytest.approx(precision_score(test.y, pred, zero_division=0))
    assert summary["recall"] == pytest.approx(recall_score(test.y, pred))
    assert summary["f1"] == pytest.approx(f1_score(test.y, pred))
    assert summary["positive_class"] == "1"
    for name in ("roc_curve.png", "confusion_matrix.csv", "per_class.csv"):
        assert (Path(summary["out_dir"]) / name).is_file(), name
    # predict on raw rows: the same columns (ID, SEX and the target are ignored) + an extra one
    rows = credit_frame(5, seed=9).assign(note="x")
    rows.to_csv(tmp_path / "rows.csv", index=False)
    result = cli("predict", str(credit_run), "--input", tmp_path / "rows.csv", "--json")
    assert result.exit_code == 0, result.stderr
    out = json.loads(result.stdout)["predictions"]
    assert [r["row"] for r in out] == [1, 2, 3, 4, 5]
    assert "ignored 3 column(s) this run does not use: ID, SEX, note" in result.stderr
    x = torch.from_numpy(checkpoint_spec(ckpt).encode(rows))
    with torch.no_grad():
        expected = torch.softmax(model(x), 1)[:, 1].numpy()
    np.testing.assert_allclose([r["p_positive"] for r in out], expected, atol=1e-6)
    assert all(r["prediction"] == ("1" if p > 0.5 else "0") for r, p in zip(out, expected))
    plain = cli("predict", str(credit_run), tmp_path / "rows.csv")
    table = list(csv.DictReader(io.StringIO(plain.stdout)))
    assert list(table[0]) == ["row", "prediction", "probability", "p_positive"]


def checkpoint_spec(ckpt):
    from dlkit.data.inputs import input_from_dict

    return input_from_dict(ckpt["input_spec"])


def test_evaluate_data_on_a_labelled_file_and_the_serve_payload(credit_run, cli, tmp_path):
    from dlkit.jobs.predict import load_predictor
    from dlkit.predict.protocol import PredictRequest

    labelled = credit_frame(80, seed=5)
    labelled.to_csv(tmp_path / "new.csv", index=False)
    result = cli("evaluate", str(credit_run), "--data", tmp_path / "new.csv", "--json")
    assert result.exit_code == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["samples"] == 80 and summary["split"] == "new.csv"
    ckpt, spec, predictor = load_predictor(str(credit_run))
    records = labelled.head(3).to_dict("records")
    request = PredictRequest([])
    prepared = predictor.read_payload(records, request)
    np.testing.assert_allclose(prepared.x, spec.encode(labelled.head(3)))
    with pytest.raises(Exception, match="inputs\\[1\\]: missing column\\(s\\) 'AGE'"):
        predictor.read_payload(
            [records[0], {k: v for k, v in records[1].items() if k != "AGE"}], request
        )


def test_serve_answers_records_like_predict(credit_run, cli, tmp_path):
    from starlette.testclient import TestClient

    from dlkit.jobs.serve import ServeOptions, load
    from dlkit.serve.app import Limits, create_app

    rows = credit_frame(3, seed=2)
    rows.to_csv(tmp_path / "rows.csv", index=False)
    printed = json.loads(cli("predict", str(credit_run), tmp_path / "rows.csv", "--json").stdout)[
        "predictions"
    ]
    models = load([str(credit_run)], ServeOptions(device="cpu"))
    with TestClient(create_app(models, Limits())) as client:
        answer = client.post(
            "/v1/models/credit-mlp/predict", json={"inputs": rows.to_dict("records")}
        )
        assert answer.status_code == 200 and answer.json()["predictions"] == printed
        bad = client.post(
            "/v1/models/credit-mlp/predict",
            json={"inputs": [{**rows.iloc[0].to_dict(), "AGE": "old"}]},
        )
        assert bad.status_code == 422 and "column 'AGE' holds numbers" in bad.json()["error"]


def test_happiness_logreg_binary_report(files, cli):
    run = _train(
        "happiness-logreg",
        "--data",
        files["happy"],
        "--epochs",
        "20",
        "--lr",
        "0.1",
        "--out",
        files["root"] / "runs",
    )
    metrics = json.loads((run / "metrics.json").read_text())
    assert metrics["params"] == 7 and metrics["task"] == "binary"
    assert {"test_roc_auc", "test_balanced_accuracy", "test_f1"} <= set(metrics)
    result = cli("predict", str(run), files["happy"], "--json")
    rows = json.loads(result.stdout)["predictions"]
    assert len(rows) == 300 and 0 <= rows[0]["p_positive"] <= 1
    agree = np.mean(
        [r["prediction"] == str(d) for r, d in zip(rows, pd.read_csv(files["happy"])["D"])]
    )
    assert agree > 0.7  # linearly separable up to noise: 20 full-batch steps get most right


def test_tabular_regress_on_headerless_year_table(files, cli):
    from sklearn.metrics import mean_absolute_error, r2_score

    run = _train(
        "tabular-regress",
        "--data",
        files["year"],
        "--set",
        "data.target=0",
        "--epochs",
        "3",
        "--out",
        files["root"] / "runs",
    )
    ckpt = torch.load(run / "best.pt", weights_only=True)
    assert ckpt["input_spec"]["shape"] == [90] and ckpt["classes"] is None
    result = cli("evaluate", str(run), "--json")
    summary = json.loads(result.stdout)
    assert {"mae", "rmse", "r2"} <= set(summary)
    assert (Path(summary["out_dir"]) / "predicted_vs_true.png").is_file()
    result = cli("predict", str(run), files["year"], "--json")
    values = [r["value"] for r in json.loads(result.stdout)["predictions"]]
    assert len(values) == 400 and np.isfinite(values).all()
    # the report's MAE and R² are scikit-learn's over the same rows (the test split)
    from dlkit.components import DATASETS
    from dlkit.config.validate import data_arguments
    from dlkit.engine import checkpoint
    from dlkit.jobs.evaluate import stored_recipe

    recipe = stored_recipe(ckpt)
    dataset = DATASETS.create(recipe.data.name, **data_arguments(recipe))
    spec, test = dataset.input_spec, dataset.test
    assert 1990 < spec.target_center < 2006 and spec.target_scale > 1  # standardised years
    with torch.no_grad():
        out = checkpoint.build_model(ckpt).eval()(torch.from_numpy(test.x))[:, 0].numpy()
    pred, true = spec.target_values(out), spec.target_values(test.y)
    assert np.abs(true - np.round(true)).max() < 1e-3  # back in whole years
    assert summary["mae"] == pytest.approx(mean_absolute_error(true, pred), rel=1e-5)
    assert summary["r2"] == pytest.approx(r2_score(true, pred), rel=1e-4)
    metrics = json.loads((run / "metrics.json").read_text())
    assert metrics["test_mae"] == pytest.approx(summary["mae"], rel=1e-4)  # in years too
    assert 1950 < np.median(values) < 2050


def test_tabular_binary_disease_homework_and_class_weights(files, cli):
    run = _train(
        "tabular-binary",
        "--data",
        files["disease"],
        "--set",
        "data.target=outcome",
        "--epochs",
        "25",
        "--lr",
        "0.01",
        "--out",
        files["root"] / "runs",
    )
    metrics = json.loads((run / "metrics.json").read_text())
    assert metrics["test_acc"] >= 0.8, metrics  # the homework's goal, on a learnable table
    weighted = _train(
        "tabular-binary",
        "--data",
        files["disease"],
        "--epochs",
        "1",
        "--set",
        "loss.class_weights=balanced",
        "--out",
        files["root"] / "runs",
    )
    stored = json.loads((weighted / "metrics.json").read_text())
    assert stored["test_loss"] > 0


def test_credit_mlp_big_reads_the_raw_excel_layout(files, tmp_path):
    path = credit_xlsx(tmp_path / "default of credit card clients.xlsx", n=150)
    run = _train("credit-mlp-big", "--data", path, "--epochs", "1", "--out", tmp_path / "runs")
    ckpt = torch.load(run / "best.pt", weights_only=True)
    assert ckpt["input_spec"]["shape"] == [22]
    assert json.loads((run / "metrics.json").read_text())["params"] == 20102


def test_binary_metrics_match_scikit_learn():
    from sklearn.metrics import (
        balanced_accuracy_score,
        f1_score,
        precision_score,
        recall_score,
        roc_auc_score,
    )

    from dlkit.evaluate.binary import binary_metrics

    rng = np.random.default_rng(0)
    y = rng.integers(0, 2, 200)
    p = np.round(np.clip(y * 0.3 + rng.uniform(0, 0.7, 200), 0, 1), 1)  # many ties
    got = binary_metrics(y, p)
    pred = (p > 0.5).astype(int)
    assert got["roc_auc"] == pytest.approx(roc_auc_score(y, p))
    assert got["balanced_accuracy"] == pytest.approx(balanced_accuracy_score(y, pred))
    assert got["precision"] == pytest.approx(precision_score(y, pred))
    assert got["recall"] == pytest.approx(recall_score(y, pred))
    assert got["f1"] == pytest.approx(f1_score(y, pred))


def test_class_weights_are_balanced_from_the_training_split():
    from dlkit.tasks import balanced_weights, make_task

    y = np.array([0, 0, 0, 1])
    weights = balanced_weights(y, 2)
    assert weights == pytest.approx([4 / 6, 2.0])
    out = torch.tensor([[0.3], [-1.0], [2.0], [0.5]])
    task = make_task("binary", "bce", weights=weights)
    per = torch.nn.functional.binary_cross_entropy_with_logits(
        out[:, 0], torch.tensor(y, dtype=torch.float32), reduction="none"
    )
    w = torch.tensor(weights)[torch.from_numpy(y)]
    assert float(task.loss(out, torch.from_numpy(y))) == pytest.approx(
        float((per * w).sum() / w.sum())
    )
    logits = torch.randn(4, 2)
    ce = make_task("classification", "nll", weights=weights).loss(logits, torch.from_numpy(y))
    assert float(ce) == pytest.approx(
        float(
            torch.nn.functional.cross_entropy(
                logits, torch.from_numpy(y), weight=torch.tensor(weights, dtype=torch.float32)
            )
        )
    )

"""The embedded regression recipes through the CLI: scikit-learn's line recovers the generating
formula, the tutorial's dense stacks have their parameter counts, the cosine MLP draws its fitted
curve; each trains, evaluates and predicts raw rows of column x."""

from __future__ import annotations

import json

import numpy as np
import pytest
import torch

from classic.classic_runs import invoke, metrics, predict_json, train


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    folder = tmp_path_factory.mktemp("regression")
    (folder / "x.csv").write_text("x\n0\n1.5\n3\n")
    return folder


def test_linreg_sklearn_recovers_the_formula(out):
    from dlkit.engine import checkpoint

    run = train(out, "linreg-sklearn")
    result = metrics(run)
    assert 7 < result["test_loss"] < 11  # the noise variance is 9
    model = checkpoint.build_model(checkpoint.load(run / "best.pt"))
    line = model.estimator
    assert abs(line.coef_[0] - 7.8) < 0.3 and abs(line.intercept_ - 78) < 0.5
    values = [r["value"] for r in predict_json(run, str(out / "x.csv"))]
    assert np.allclose(
        values, [line.intercept_ + line.coef_[0] * x for x in (0, 1.5, 3)], atol=1e-3
    )
    assert (run / "fit.png").is_file() and (run / "history.csv").is_file()
    report = json.loads(invoke("evaluate", str(run), "--json").stdout)
    assert report["r2"] > 0.6 and report["samples"] == 500
    assert (run / "eval-test" / "fit.png").is_file()


@pytest.mark.parametrize("hidden, params", [("[4,8,4]", 89), ("[4,8,16,32,16,4]", 1337)])
def test_linreg_mlp_cases_have_the_tutorials_parameter_counts(hidden, params):
    from dlkit.components import MODELS
    from dlkit.config.validate import component_options
    from dlkit.jobs.recipe_args import Overrides, load_recipe

    recipe = load_recipe("linreg-mlp", Overrides(sets=[f"model.hidden={hidden}"]))
    model = MODELS.create("mlp", in_shape=[1], num_outputs=1, **component_options(recipe, "model"))
    assert sum(p.numel() for p in model.parameters()) == params
    assert not any(isinstance(m, (torch.nn.ReLU, torch.nn.Dropout)) for m in model.modules())


def test_linreg_mlp_trains_evaluates_and_predicts(out):
    run = train(out, "linreg-mlp", "--epochs", "2", "--set", "model.hidden=[4,8,4]")
    result = metrics(run)
    assert result["params"] == 89 and result["epochs"] == 2
    assert invoke("evaluate", str(run)).exit_code == 0
    assert len(predict_json(run, str(out / "x.csv"))) == 3
    assert (run / "fit.png").is_file()


def test_cos_regression_draws_its_curve(out):
    run = train(out, "cos-regression", "--epochs", "2")
    assert metrics(run)["params"] == 1153  # 1 -> 32 -> 32 -> 1
    assert (run / "fit.png").stat().st_size > 10_000
    rows = predict_json(run, str(out / "x.csv"))
    assert [r["row"] for r in rows] == [1, 2, 3] and all(np.isfinite(r["value"]) for r in rows)
    report = json.loads(invoke("evaluate", str(run), "--json").stdout)
    assert report["samples"] == 400 and np.isfinite(report["r2"])


@pytest.mark.slow
def test_cos_regression_fits_the_cosine(out):
    run = train(out, "cos-regression")
    assert metrics(run)["test_mae"] < 0.9  # the noise alone gives ~0.8

"""Every registered estimator fits in the tfidf pipeline, scores like a model, and reloads from its
saved bytes without pickle (skops with the explicit trusted list, XGBoost's JSON)."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from dlkit.components import ESTIMATORS, MODELS
from dlkit.engine import checkpoint

TEXTS = [
    "free cash prize now",
    "win a free prize",
    "see you at dinner",
    "call me later pls",
    "claim your cash",
    "dinner at home tonight",
] * 4
Y = np.array([1, 1, 0, 0, 1, 0] * 4)
SMALL = {
    "decision_tree": {"max_depth": 3},
    "random_forest": {"n_estimators": 3},
    "xgboost": {"n_estimators": 5, "n_jobs": 1},
}


# The regressors fit table features (tests/classic/test_table_estimators.py), not this pipeline.
REGRESSORS = {"linear_regression", "xgboost_regressor"}
CLASSIFIERS = [name for name in ESTIMATORS.names() if name not in REGRESSORS]


def test_every_estimator_has_a_small_row():
    assert sorted(SMALL) == CLASSIFIERS


@pytest.mark.parametrize("name", CLASSIFIERS)
def test_estimator_fits_scores_and_round_trips_without_pickle(name, tmp_path):
    spec = {"name": name, **SMALL[name]}
    MODELS.params_model("tfidf", skip=("in_shape", "num_outputs")).model_validate(
        {"estimator": spec}
    )
    model = MODELS.create("tfidf", in_shape=[1], num_outputs=2, estimator=spec).fit(TEXTS, Y)
    out = model(TEXTS[:4])
    assert out.shape == (4, 2) and torch.allclose(out.exp().sum(1), torch.ones(4), atol=1e-4)
    assert (out.argmax(1).numpy() == Y[:4]).all()
    payload = {
        "recipe": "t",
        "config": {},
        "state_dict": model.state_dict(),
        "model": {
            "name": "tfidf",
            "options": {"estimator": spec},
            "in_shape": [1],
            "num_outputs": 2,
        },
        "input_spec": {"kind": "text", "shape": [1]},
    }
    path = checkpoint.save(tmp_path / "best.pt", payload)
    torch.load(path, weights_only=True)  # no arbitrary unpickling
    rebuilt = checkpoint.build_model(checkpoint.load(path))
    assert torch.equal(rebuilt(TEXTS[:4]), out)


def test_skops_refuses_types_outside_the_trusted_list():
    import skops.io

    from dlkit.errors import DataError
    from dlkit.models.estimators import SkopsCodec

    data = skops.io.dumps({"f": np.fft.fft})  # a function is not trusted
    with pytest.raises(DataError, match="does not trust"):
        SkopsCodec.loads(data)


@pytest.mark.parametrize(
    "spec, match",
    [
        ({"name": "xgbost"}, "did you mean 'xgboost'"),
        ({"name": "decision_tree", "max_depth": 0}, "max_depth"),
        ({"name": "random_forest", "n_trees": 3}, "n_trees"),
    ],
)
def test_estimator_options_are_checked_with_the_recipe(spec, match):
    from pydantic import ValidationError

    params = MODELS.params_model("tfidf", skip=("in_shape", "num_outputs"))
    with pytest.raises(ValidationError, match=match):
        params.model_validate({"estimator": spec})

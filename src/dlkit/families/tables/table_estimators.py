"""Fitted estimators on table features: the model ``table_estimator`` and the regressors.

``table_estimator`` fits an ``ESTIMATORS`` entry (``model.estimator``) on the encoded float matrix
of a table (``families/tables/table.py``: one-hot categories, scaled numbers) and wraps it in the call
contract every model has (see ``families/text/text_estimators.py``), so the ``estimator`` step fits it once and
the trainer, ``evaluate`` and ``predict`` treat it like a network. What ``model(x)`` returns
follows the task, so the task's loss scores it:

- classification: log-probabilities (cross-entropy on them is the log-loss);
- binary: the logit ``log p − log(1 − p)`` of the positive class (BCE on it is the log-loss);
- regression: the predicted values (MSE on them is the squared error).

The task is read from the targets at ``fit`` (int64 class ids or float32 values, the data-module
contract) and stored with the weights. For regression a classifier's name is read as its
``<name>_regressor`` twin when there is one (``xgboost`` → ``xgboost_regressor``), so
``--set task=regression`` is the only change a recipe needs; a classifier without a twin, or a
regressor in a classification recipe, is a config error before any data is read
(``table_estimator.check``, called by the ``estimator`` step's check).

Saved without pickle: scikit-learn estimators with skops (the trusted list of
``families/text/text_estimators.py``), XGBoost boosters in their JSON format.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import torch

from dlkit.components import ESTIMATORS, MODELS
from dlkit.errors import DataError, UsageError
from dlkit.models.call_contract import TorchCallContract, from_bytes, to_bytes
from dlkit.models.estimators import (
    EstimatorSpec,
    SkopsCodec,
    XGBoostRegressorCodec,
    xgboost_options,
)
from dlkit.registry import NonNegativeInt, PositiveFloat, PositiveInt
from dlkit.tasks import definition

if TYPE_CHECKING:
    from dlkit.config.schema import Recipe


@ESTIMATORS.register("linear_regression")
def linear_regression(fit_intercept: bool = True, positive: bool = False) -> tuple[Any, Any]:
    from sklearn.linear_model import LinearRegression

    return LinearRegression(fit_intercept=fit_intercept, positive=positive), SkopsCodec


@ESTIMATORS.register("xgboost_regressor")
def xgboost_regressor(
    n_estimators: PositiveInt = 100,
    learning_rate: PositiveFloat = 0.3,
    max_depth: PositiveInt | None = None,
    random_state: NonNegativeInt = 0,
    n_jobs: PositiveInt | None = None,
    tree_method: Literal["auto", "hist", "exact", "approx"] = "auto",
    device: str = "cpu",
) -> tuple[Any, Any]:
    options = xgboost_options(locals())  # the arguments, before the import adds a name
    from xgboost import XGBRegressor

    return XGBRegressor(**options), XGBoostRegressorCodec


def resolve(spec: dict[str, Any], regression: bool) -> tuple[Any, Any]:
    """(unfitted estimator, codec) for a task: a classifier's regressor twin for regression; a
    ``UsageError`` when the estimator does not fit the task."""
    from sklearn.base import is_classifier, is_regressor

    name = spec["name"]
    if regression and f"{name}_regressor" in ESTIMATORS.where:
        name = f"{name}_regressor"
    estimator, codec = ESTIMATORS.create(name, **{k: v for k, v in spec.items() if k != "name"})
    if regression and not is_regressor(estimator):
        raise UsageError(
            f"model.estimator: {spec['name']} is a classifier; task regression "
            f"takes {', '.join(_kind(is_regressor))}"
        )
    if not regression and not is_classifier(estimator):
        raise UsageError(
            f"model.estimator: {spec['name']} is a regressor; a classification "
            f"task takes {', '.join(_kind(is_classifier))}"
        )
    return estimator, codec


def _kind(test: Any) -> list[str]:
    return [n for n in ESTIMATORS.names() if test(ESTIMATORS.create(n)[0])]


class TableEstimator(TorchCallContract):
    """A fitted estimator with the model call contract (see the module docstring)."""

    def __init__(self, num_outputs: int, estimator: dict[str, Any]) -> None:
        self.num_outputs, self.estimator_spec = num_outputs, dict(estimator)
        self.estimator: Any = None
        self.regression = False
        super().__init__()

    def fit(self, x: np.ndarray, y: np.ndarray) -> TableEstimator:
        self.regression = np.issubdtype(np.asarray(y).dtype, np.floating)
        estimator, _ = resolve(self.estimator_spec, self.regression)
        if not self.regression:
            wanted = max(2, self.num_outputs)
            present = np.unique(y)
            if len(present) != wanted:
                raise DataError(
                    f"the training split holds {len(present)} of the {wanted} "
                    f"classes; every class needs training rows"
                )
        self.estimator = estimator.fit(np.asarray(x, dtype=np.float32), np.asarray(y))
        return self

    def __call__(self, x: Any) -> torch.Tensor:
        if self.estimator is None:
            raise DataError("this estimator has not been fitted")
        if isinstance(x, torch.Tensor):
            x = x.detach().cpu().numpy()
        x = np.asarray(x, dtype=np.float32).reshape(len(x), -1)
        if self.regression:
            out = np.asarray(self.estimator.predict(x), dtype=np.float32).reshape(len(x), -1)
        else:
            probs = np.clip(self.estimator.predict_proba(x), 1e-7, 1 - 1e-7)
            out = (
                np.log(probs)
                if self.num_outputs > 1
                else np.log(probs[:, 1:]) - np.log(probs[:, :1])
            )
        return self.as_tensor(out)

    def state_dict(self) -> dict[str, Any]:
        if self.estimator is None:
            return {}
        _, codec = resolve(self.estimator_spec, self.regression)
        raw = codec.dumps(self.estimator)
        return {
            "estimator": to_bytes(raw),
            "regression": torch.tensor(self.regression),
        }

    def load_state_dict(self, state: dict[str, Any]) -> None:
        if set(state) != {"estimator", "regression"}:
            raise RuntimeError(f"expected estimator and regression, got {sorted(state)}")
        self.regression = bool(state["regression"])
        _, codec = resolve(self.estimator_spec, self.regression)
        self.estimator = codec.loads(from_bytes(state["estimator"]))


@MODELS.register("table_estimator")
def table_estimator(
    in_shape: list[int], num_outputs: int, estimator: EstimatorSpec = {"name": "xgboost"}
) -> TableEstimator:
    if len(in_shape) != 1:
        raise UsageError(
            "model table_estimator fits table features (data: tabular and the "
            "embedded tables), not images or token ids"
        )
    return TableEstimator(num_outputs, estimator)


def _check(recipe: Recipe) -> list[str]:
    """The estimator fits the recipe's task (called by the estimator step's check)."""
    if getattr(recipe.loss, "class_weights", "none") != "none":
        return [
            "loss.class_weights: a fitted estimator has no weighted loss here; balance the "
            "classes with data.oversample: true"
        ]
    spec = recipe.model.options().get("estimator", {"name": "xgboost"})
    try:
        resolve(spec, not definition(recipe.task).has_classes)
    except UsageError as exc:
        return [str(exc)]
    except Exception:  # a bad name or option: the model section reports it
        return []
    return []


MODELS.register("table_estimator", check=_check)(table_estimator)

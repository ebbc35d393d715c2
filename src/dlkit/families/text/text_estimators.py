"""Fitted (not trained) text models: a scikit-learn ``Pipeline`` of ``TfidfVectorizer`` and an
estimator from ``models/estimators.py`` (``decision_tree``, ``random_forest``, ``xgboost``). The
model ``tfidf`` (``MODELS``) wraps the
pipeline in the call contract every model has — ``model(inputs)`` gives one row of outputs per
input (log-probabilities: cross-entropy on them is the log-loss, softmax gives the probabilities
back), ``state_dict()``/``load_state_dict()`` — so the trainer's checkpoints, ``evaluate`` and
``predict`` treat it like any other model. The ``estimator`` training step
(``engine/estimator_setup.py``) calls ``fit``.

Nothing is pickled: the vectorizer (and a scikit-learn estimator) is saved with ``skops.io`` and
loaded with the explicit ``TRUSTED`` list of types beyond skops' own safe defaults; an XGBoost
booster is saved in XGBoost's own JSON model format. Both ride in the checkpoint as uint8 tensors,
so ``best.pt`` still loads with ``torch.load(weights_only=True)``.
"""

from __future__ import annotations

from typing import Annotated, Any

import numpy as np
import torch
from pydantic import Field

from dlkit.components import ESTIMATORS, MODELS
from dlkit.errors import DataError, UsageError
from dlkit.models.call_contract import TorchCallContract, from_bytes, to_bytes
from dlkit.models.estimators import EstimatorSpec, SkopsCodec
from dlkit.registry import PositiveInt


class TfidfModel(TorchCallContract):
    """``Pipeline([tfidf, estimator])`` with the model call contract (see the module docstring)."""

    def __init__(
        self, num_outputs: int, estimator: dict[str, Any], vectorizer: dict[str, Any]
    ) -> None:
        self.num_outputs, self.estimator_spec = num_outputs, dict(estimator)
        self.vectorizer_options = vectorizer
        self.pipeline: Any = None
        super().__init__()

    def _fresh(self) -> tuple[Any, Any]:
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.pipeline import Pipeline

        options = {k: v for k, v in self.estimator_spec.items() if k != "name"}
        estimator, codec = ESTIMATORS.create(self.estimator_spec["name"], **options)
        return Pipeline(
            [("tfidf", TfidfVectorizer(**self.vectorizer_options)), ("estimator", estimator)]
        ), codec

    def fit(self, texts: Any, y: np.ndarray) -> TfidfModel:
        pipeline, _ = self._fresh()
        present = np.unique(y)
        if len(present) != self.num_outputs:
            raise DataError(
                f"the training split holds {len(present)} of the "
                f"{self.num_outputs} classes; every class needs training rows"
            )
        self.pipeline = pipeline.fit(list(texts), np.asarray(y))
        return self

    def __call__(self, texts: Any) -> torch.Tensor:
        if self.pipeline is None:
            raise DataError("this estimator has not been fitted")
        probs = self.pipeline.predict_proba(list(texts))
        return self.as_tensor(np.log(np.clip(probs, 1e-7, 1.0)))

    def state_dict(self) -> dict[str, Any]:
        if self.pipeline is None:
            return {}
        _, codec = self._fresh()
        parts = {
            "vectorizer": SkopsCodec.dumps(self.pipeline.named_steps["tfidf"]),
            "estimator": codec.dumps(self.pipeline.named_steps["estimator"]),
        }
        return {k: to_bytes(v) for k, v in parts.items()}

    def load_state_dict(self, state: dict[str, Any]) -> None:
        from sklearn.pipeline import Pipeline

        if set(state) != {"vectorizer", "estimator"}:
            raise RuntimeError(f"expected vectorizer and estimator, got {sorted(state)}")
        _, codec = self._fresh()
        raw = {k: from_bytes(v) for k, v in state.items()}
        self.pipeline = Pipeline(
            [
                ("tfidf", SkopsCodec.loads(raw["vectorizer"])),
                ("estimator", codec.loads(raw["estimator"])),
            ]
        )


@MODELS.register("tfidf")
def tfidf(
    in_shape: list[int],
    num_outputs: int,
    estimator: EstimatorSpec = {"name": "xgboost"},
    lowercase: bool = True,
    max_features: PositiveInt | None = None,
    ngram_range: Annotated[list[PositiveInt], Field(min_length=2, max_length=2)] = [1, 1],
    min_df: PositiveInt = 1,
    sublinear_tf: bool = False,
) -> TfidfModel:
    if in_shape != [1]:
        raise UsageError("model tfidf needs texts (data.encode: strings), not token ids")
    vectorizer = {
        "lowercase": lowercase,
        "max_features": max_features,
        "ngram_range": tuple(ngram_range),
        "min_df": min_df,
        "sublinear_tf": sublinear_tf,
    }
    return TfidfModel(num_outputs, estimator, vectorizer)

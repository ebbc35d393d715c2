"""Fitted (not trained) models: a scikit-learn ``Pipeline`` of ``TfidfVectorizer`` and an estimator.

``ESTIMATORS`` (``components.py``) holds the estimators a recipe names under
``model.estimator`` — ``decision_tree``, ``random_forest``, ``xgboost`` — each a factory whose
signature is its schema (checked when the recipe is validated, before any data is read) returning
an unfitted estimator and the codec that saves it. The model ``tfidf`` (``MODELS``) wraps the
pipeline in the call contract every model has — ``model(inputs)`` gives one row of outputs per
input (log-probabilities: cross-entropy on them is the log-loss, softmax gives the probabilities
back), ``state_dict()``/``load_state_dict()`` — so the trainer's checkpoints, ``evaluate`` and
``predict`` treat it like any other model. The ``estimator`` training step
(``jobs/estimator_setup.py``) calls ``fit``.

Nothing is pickled: the vectorizer (and a scikit-learn estimator) is saved with ``skops.io`` and
loaded with the explicit ``TRUSTED`` list of types beyond skops' own safe defaults; an XGBoost
booster is saved in XGBoost's own JSON model format. Both ride in the checkpoint as uint8 tensors,
so ``best.pt`` still loads with ``torch.load(weights_only=True)``.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

import numpy as np
import torch
from pydantic import AfterValidator, Field

from dlkit.components import ESTIMATORS, MODELS
from dlkit.errors import DataError, UsageError
from dlkit.registry import NonNegativeInt, PositiveFloat, PositiveInt

# Types skops may rebuild beyond its defaults (scikit-learn estimators, numpy, builtins): the trees.
TRUSTED = ["sklearn.tree._tree.Tree"]


class SkopsCodec:
    name = "skops"

    @staticmethod
    def dumps(obj: Any) -> bytes:
        import skops.io

        return skops.io.dumps(obj)

    @staticmethod
    def loads(data: bytes) -> Any:
        import skops.io

        try:
            untrusted = [t for t in skops.io.get_untrusted_types(data=data) if t not in TRUSTED]
            if untrusted:
                raise DataError(f"the checkpoint's estimator holds types dlkit does not trust: "
                                f"{', '.join(untrusted[:5])}")
            return skops.io.loads(data, trusted=TRUSTED)
        except DataError:
            raise
        except Exception as exc:  # zeroed or edited bytes fail in many ways
            raise _unreadable("skops", exc) from None


class XGBoostCodec:
    """A booster in XGBoost's own JSON format, reloaded into ``model_class``."""

    name = "xgboost-json"
    model_class = "XGBClassifier"

    @staticmethod
    def dumps(obj: Any) -> bytes:
        return bytes(obj.get_booster().save_raw(raw_format="json"))

    @classmethod
    def loads(cls, data: bytes) -> Any:
        import xgboost

        model = getattr(xgboost, cls.model_class)()
        try:
            model.load_model(bytearray(data))
        except Exception as exc:  # xgboost.core.XGBoostError, ValueError, ...
            raise _unreadable("XGBoost JSON", exc) from None
        return model


def _unreadable(what: str, exc: Exception) -> DataError:
    reason = " ".join(str(exc).split())[:120] or type(exc).__name__
    return DataError(f"the checkpoint's estimator ({what}) does not load; the file is damaged or "
                     f"was edited ({reason})")


class XGBoostRegressorCodec(XGBoostCodec):
    model_class = "XGBRegressor"


@ESTIMATORS.register("decision_tree")
def decision_tree(criterion: Literal["gini", "entropy", "log_loss"] = "gini",
                  max_depth: PositiveInt | None = None,
                  min_samples_split: Annotated[int, Field(ge=2)] = 2,
                  random_state: NonNegativeInt | None = 0) -> tuple[Any, Any]:
    from sklearn.tree import DecisionTreeClassifier

    return DecisionTreeClassifier(criterion=criterion, max_depth=max_depth,
                                  min_samples_split=min_samples_split,
                                  random_state=random_state), SkopsCodec


@ESTIMATORS.register("random_forest")
def random_forest(n_estimators: PositiveInt = 100, max_depth: PositiveInt | None = None,
                  min_samples_split: Annotated[int, Field(ge=2)] = 2,
                  random_state: NonNegativeInt | None = 0,
                  n_jobs: PositiveInt | None = None) -> tuple[Any, Any]:
    from sklearn.ensemble import RandomForestClassifier

    return RandomForestClassifier(n_estimators=n_estimators, max_depth=max_depth,
                                  min_samples_split=min_samples_split, random_state=random_state,
                                  n_jobs=n_jobs), SkopsCodec


@ESTIMATORS.register("xgboost")
def xgboost(n_estimators: PositiveInt = 100, learning_rate: PositiveFloat = 0.3,
            max_depth: PositiveInt | None = None, random_state: NonNegativeInt = 0,
            n_jobs: PositiveInt | None = None,
            tree_method: Literal["auto", "hist", "exact", "approx"] = "auto",
            device: str = "cpu") -> tuple[Any, Any]:
    options = xgboost_options(locals())  # the arguments, before the import adds a name
    from xgboost import XGBClassifier

    return XGBClassifier(**options), XGBoostCodec


def xgboost_options(args: dict[str, Any]) -> dict[str, Any]:
    """An XGBoost factory's arguments as the booster's keywords (``auto`` tree method: its own)."""
    options = dict(args)
    options["tree_method"] = None if options["tree_method"] == "auto" else options["tree_method"]
    return options


def _estimator_spec(value: dict[str, Any]) -> dict[str, Any]:
    """``{name: decision_tree, max_depth: 6, ...}`` checked against the estimator's signature."""
    from pydantic import ValidationError

    if not isinstance(value, dict) or not isinstance(value.get("name"), str):
        raise ValueError("give the estimator as {name: decision_tree | random_forest | xgboost, "
                         "...its options}")
    options = {k: v for k, v in value.items() if k != "name"}
    try:
        params = ESTIMATORS.params_model(value["name"])
    except UsageError as exc:
        raise ValueError(str(exc)) from None
    try:
        params.model_validate(options)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise ValueError(f"{where}: {first['msg']}") from None
    return value


EstimatorSpec = Annotated[dict[str, Any], AfterValidator(_estimator_spec)]


class TfidfModel:
    """``Pipeline([tfidf, estimator])`` with the model call contract (see the module docstring)."""

    def __init__(self, num_outputs: int, estimator: dict[str, Any],
                 vectorizer: dict[str, Any]) -> None:
        self.num_outputs, self.estimator_spec = num_outputs, dict(estimator)
        self.vectorizer_options = vectorizer
        self.pipeline: Any = None
        self.device = torch.device("cpu")
        self.training = False

    def _fresh(self) -> tuple[Any, Any]:
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.pipeline import Pipeline

        options = {k: v for k, v in self.estimator_spec.items() if k != "name"}
        estimator, codec = ESTIMATORS.create(self.estimator_spec["name"], **options)
        return Pipeline([("tfidf", TfidfVectorizer(**self.vectorizer_options)),
                         ("estimator", estimator)]), codec

    # the call contract shared with torch modules -------------------------------------------
    def to(self, device: Any) -> "TfidfModel":
        self.device = torch.device(device)
        return self

    def eval(self) -> "TfidfModel":
        self.training = False
        return self

    def train(self, mode: bool = True) -> "TfidfModel":
        self.training = mode
        return self

    def parameters(self) -> Any:
        return iter(())

    def fit(self, texts: Any, y: np.ndarray) -> "TfidfModel":
        pipeline, _ = self._fresh()
        present = np.unique(y)
        if len(present) != self.num_outputs:
            raise DataError(f"the training split holds {len(present)} of the "
                            f"{self.num_outputs} classes; every class needs training rows")
        self.pipeline = pipeline.fit(list(texts), np.asarray(y))
        return self

    def __call__(self, texts: Any) -> torch.Tensor:
        if self.pipeline is None:
            raise DataError("this estimator has not been fitted")
        probs = self.pipeline.predict_proba(list(texts))
        out = np.log(np.clip(probs, 1e-7, 1.0)).astype(np.float32)
        return torch.from_numpy(out).to(self.device)

    def state_dict(self) -> dict[str, Any]:
        if self.pipeline is None:
            return {}
        _, codec = self._fresh()
        parts = {"vectorizer": SkopsCodec.dumps(self.pipeline.named_steps["tfidf"]),
                 "estimator": codec.dumps(self.pipeline.named_steps["estimator"])}
        return {k: torch.frombuffer(bytearray(v), dtype=torch.uint8) for k, v in parts.items()}

    def load_state_dict(self, state: dict[str, Any]) -> None:
        from sklearn.pipeline import Pipeline

        if set(state) != {"vectorizer", "estimator"}:
            raise RuntimeError(f"expected vectorizer and estimator, got {sorted(state)}")
        _, codec = self._fresh()
        raw = {k: v.numpy().tobytes() for k, v in state.items()}
        self.pipeline = Pipeline([("tfidf", SkopsCodec.loads(raw["vectorizer"])),
                                  ("estimator", codec.loads(raw["estimator"]))])


@MODELS.register("tfidf")
def tfidf(in_shape: list[int], num_outputs: int, estimator: EstimatorSpec = {"name": "xgboost"},
          lowercase: bool = True, max_features: PositiveInt | None = None,
          ngram_range: Annotated[list[PositiveInt], Field(min_length=2, max_length=2)] = [1, 1],
          min_df: PositiveInt = 1, sublinear_tf: bool = False) -> TfidfModel:
    if in_shape != [1]:
        raise UsageError("model tfidf needs texts (data.encode: strings), not token ids")
    vectorizer = {"lowercase": lowercase, "max_features": max_features,
                  "ngram_range": tuple(ngram_range), "min_df": min_df,
                  "sublinear_tf": sublinear_tf}
    return TfidfModel(num_outputs, estimator, vectorizer)

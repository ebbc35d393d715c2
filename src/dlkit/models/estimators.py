"""The fitted (not trained) estimators recipes name under ``model.estimator``, shared by the text
(``families/text/text_estimators.py``: TF-IDF pipelines) and table
(``families/tables/table_estimators.py``) families.

``ESTIMATORS`` (``components.py``) holds ``decision_tree``, ``random_forest`` and ``xgboost``, each
a factory whose signature is its schema (checked when the recipe is validated, before any data is
read) returning an unfitted estimator and the codec that saves it. Nothing is pickled: a
scikit-learn estimator is saved with ``skops.io`` and loaded with the explicit ``TRUSTED`` list of
types beyond skops' own safe defaults; an XGBoost booster is saved in XGBoost's own JSON model
format. Both ride in the checkpoint as uint8 tensors, so ``best.pt`` still loads with
``torch.load(weights_only=True)``.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import AfterValidator, Field

from dlkit.components import ESTIMATORS
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
                raise DataError(
                    f"the checkpoint's estimator holds types dlkit does not trust: "
                    f"{', '.join(untrusted[:5])}"
                )
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
    return DataError(
        f"the checkpoint's estimator ({what}) does not load; the file is damaged or "
        f"was edited ({reason})"
    )


class XGBoostRegressorCodec(XGBoostCodec):
    model_class = "XGBRegressor"


@ESTIMATORS.register("decision_tree")
def decision_tree(
    criterion: Literal["gini", "entropy", "log_loss"] = "gini",
    max_depth: PositiveInt | None = None,
    min_samples_split: Annotated[int, Field(ge=2)] = 2,
    random_state: NonNegativeInt | None = 0,
) -> tuple[Any, Any]:
    from sklearn.tree import DecisionTreeClassifier

    return DecisionTreeClassifier(
        criterion=criterion,
        max_depth=max_depth,
        min_samples_split=min_samples_split,
        random_state=random_state,
    ), SkopsCodec


@ESTIMATORS.register("random_forest")
def random_forest(
    n_estimators: PositiveInt = 100,
    max_depth: PositiveInt | None = None,
    min_samples_split: Annotated[int, Field(ge=2)] = 2,
    random_state: NonNegativeInt | None = 0,
    n_jobs: PositiveInt | None = None,
) -> tuple[Any, Any]:
    from sklearn.ensemble import RandomForestClassifier

    return RandomForestClassifier(
        n_estimators=n_estimators,
        max_depth=max_depth,
        min_samples_split=min_samples_split,
        random_state=random_state,
        n_jobs=n_jobs,
    ), SkopsCodec


@ESTIMATORS.register("xgboost")
def xgboost(
    n_estimators: PositiveInt = 100,
    learning_rate: PositiveFloat = 0.3,
    max_depth: PositiveInt | None = None,
    random_state: NonNegativeInt = 0,
    n_jobs: PositiveInt | None = None,
    tree_method: Literal["auto", "hist", "exact", "approx"] = "auto",
    device: str = "cpu",
) -> tuple[Any, Any]:
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
        raise ValueError(
            "give the estimator as {name: decision_tree | random_forest | xgboost, ...its options}"
        )
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

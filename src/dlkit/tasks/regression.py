"""``regression``: values out; MSE (or l1, huber) loss, metric ``mae`` (mean absolute error, per
row averaged over a row's outputs); predictions are the outputs themselves."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from dlkit.components import TASKS
from dlkit.tasks.base import LossFn, squeeze


class Regression:
    name = "regression"
    metric = "mae"
    losses = ("mse", "l1", "huber")
    monitor = "val_loss"
    report = "regression"
    postprocess = "none (raw values)"
    has_classes = False
    max_classes: int | None = None
    compares_as = "regression"

    def outputs(self, dataset_outputs: int) -> int:
        return dataset_outputs

    def make_loss(self, name: str, label_smoothing: float, weights: list[float] | None) -> LossFn:
        import torch.nn.functional as F

        losses: dict[str, Callable[..., Any]] = {
            "mse": F.mse_loss,
            "l1": F.l1_loss,
            "huber": F.huber_loss,
        }
        fn = losses[name]
        return lambda out, y: fn(squeeze(out, y).float(), y.float())

    def metric_sum(self, out: Any, y: Any) -> Any:
        error = (squeeze(out, y) - y).abs()
        return error.mean(dim=tuple(range(1, y.ndim))).sum() if y.ndim > 1 else error.sum()

    def predict(self, out: Any) -> tuple[Any, Any]:
        return out.float(), out.float()


TASKS.register("regression")(Regression)

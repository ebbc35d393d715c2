"""``binary``: one logit for the positive class; BCE-with-logits, or MSE of its sigmoid (the
tutorials' combination); optional label smoothing towards 0.5 and class weights; metric ``acc``;
predictions threshold the sigmoid at 0.5 and report both classes' probabilities."""

from __future__ import annotations

from typing import Any

from dlkit.components import TASKS
from dlkit.tasks.base import LossFn, weighted


class Binary:
    name = "binary"
    metric = "acc"
    losses = ("bce", "mse")
    monitor = "val_loss"
    report = "binary"
    postprocess = "sigmoid of output 0"
    has_classes = True
    max_classes: int | None = 2
    compares_as = "classification"  # both losses are the log-loss of the true class

    def outputs(self, dataset_outputs: int) -> int:
        return 1

    def make_loss(self, name: str, label_smoothing: float, weights: list[float] | None) -> LossFn:
        import torch.nn.functional as F

        def target(y: Any) -> Any:
            t = y.float()
            return t * (1 - label_smoothing) + 0.5 * label_smoothing if label_smoothing else t

        def mse(out: Any, y: Any, reduction: str = "mean") -> Any:
            return F.mse_loss(out[:, 0].float().sigmoid(), target(y), reduction=reduction)

        def bce(out: Any, y: Any, reduction: str = "mean") -> Any:
            return F.binary_cross_entropy_with_logits(out[:, 0], target(y), reduction=reduction)

        fn = mse if name == "mse" else bce
        return fn if weights is None else weighted(fn, weights)

    def metric_sum(self, out: Any, y: Any) -> Any:
        return ((out[:, 0] > 0).long() == y).sum()

    def predict(self, out: Any) -> tuple[Any, Any]:
        import torch

        p1 = torch.sigmoid(out[:, 0].float())
        return (p1 > 0.5).long(), torch.stack([1 - p1, p1], 1)


TASKS.register("binary")(Binary)

"""``classification``: one logit per class; cross-entropy (optional label smoothing) or the NLL of
log-softmax (the tutorials' combination, idempotent on outputs already log-softmaxed); metric
``acc``; predictions are the softmax's arg-max."""

from __future__ import annotations

from typing import Any

from dlkit.components import TASKS
from dlkit.tasks.base import LossFn


class Classification:
    name = "classification"
    metric = "acc"
    losses = ("cross_entropy", "nll")
    monitor = "val_loss"
    report = "binary"  # the classification report, plus ROC AUC … when there are two classes
    postprocess = "softmax over outputs"
    has_classes = True
    max_classes: int | None = None
    compares_as = "classification"

    def outputs(self, dataset_outputs: int) -> int:
        return dataset_outputs

    def make_loss(self, name: str, label_smoothing: float, weights: list[float] | None) -> LossFn:
        import torch
        import torch.nn.functional as F

        def weight(out: Any) -> Any:
            return (
                None
                if weights is None
                else torch.as_tensor(weights, dtype=torch.float32, device=out.device)
            )

        if name == "nll":
            return lambda out, y: F.nll_loss(F.log_softmax(out.float(), 1), y, weight=weight(out))
        return lambda out, y: F.cross_entropy(
            out, y, weight=weight(out), label_smoothing=label_smoothing
        )

    def metric_sum(self, out: Any, y: Any) -> Any:
        return (out.argmax(1) == y).sum()

    def predict(self, out: Any) -> tuple[Any, Any]:
        import torch

        prob = torch.softmax(out.float(), 1)
        return prob.argmax(1), prob


TASKS.register("classification")(Classification)

"""``seq2seq``: (batch, length, vocab) logits against target token ids; cross-entropy per target
token with padding (label -100) ignored; metric ``acc`` over the target tokens (the transformer
step counts tokens, not rows); the default report generates texts and scores ROUGE."""

from __future__ import annotations

from typing import Any

from dlkit.components import TASKS
from dlkit.tasks.base import LossFn


class Seq2Seq:
    name = "seq2seq"
    metric = "acc"
    losses = ("cross_entropy",)
    monitor = "val_loss"
    report = "seq2seq"
    postprocess = "none (token logits; generate with the run's model/ folder)"
    has_classes = False
    max_classes: int | None = None
    compares_as = "seq2seq"

    def outputs(self, dataset_outputs: int) -> int:
        return dataset_outputs

    def make_loss(self, name: str, label_smoothing: float, weights: list[float] | None) -> LossFn:
        import torch.nn.functional as F

        return lambda out, y: F.cross_entropy(
            out.flatten(0, 1).float(),
            y.flatten(),
            ignore_index=-100,
            label_smoothing=label_smoothing,
        )

    def metric_sum(self, out: Any, y: Any) -> Any:
        return ((out.argmax(-1) == y) & (y != -100)).sum()

    def predict(self, out: Any) -> tuple[Any, Any]:
        return out.float(), out.float()


TASKS.register("seq2seq")(Seq2Seq)

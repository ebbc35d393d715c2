"""What a task means to the trainer: its loss, its metric, how outputs become predictions.

classification: cross-entropy (optional label smoothing) or NLL of log-softmax, metric ``acc``.
binary: one logit, BCE-with-logits (or MSE of its sigmoid), metric ``acc``. regression: MSE (or
l1/huber), metric ``mae``. ``weights`` (one per class, ``loss.class_weights: balanced`` computes
them from the training split with ``balanced_weights``) weight each sample's loss by its class,
normalised by the batch's total weight (PyTorch's weighted cross-entropy; the same for BCE/MSE).
seq2seq: cross-entropy per target token of (batch, length, vocab)
logits, label -100 (padding) ignored, metric ``acc`` over the target tokens (the transformer
step in ``engine/hf_steps.py`` counts tokens, not rows).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable


@dataclass(frozen=True)
class Task:
    name: str
    metric: str
    loss: Callable[[Any, Any], Any]

    def outputs(self, dataset_outputs: int) -> int:
        return 1 if self.name == "binary" else dataset_outputs

    def check_classes(self, classes: list[str] | None, recipe: str) -> None:
        """A task that fixes the class count (binary: two) refuses data with another count,
        before anything is trained (a binary loss on 3 classes trains to a negative loss)."""
        from dlkit.errors import DataError

        if self.name != "binary" or classes is None or len(classes) == 2:
            return
        shown = ", ".join(map(str, classes[:6])) + (", …" if len(classes) > 6 else "")
        raise DataError(f"the data has {len(classes)} class(es) ({shown}) but recipe {recipe} "
                        "is binary (two classes); for more classes use --set "
                        "task=classification --set loss.name=auto (a multi-class recipe), or "
                        "give data with two labels")

    def metric_sum(self, out: Any, y: Any) -> Any:
        """Sum over the batch of the metric (correct count, or absolute error)."""
        if self.name == "classification":
            return (out.argmax(1) == y).sum()
        if self.name == "binary":
            return ((out[:, 0] > 0).long() == y).sum()
        if self.name == "seq2seq":
            return ((out.argmax(-1) == y) & (y != -100)).sum()
        return (_squeeze(out, y) - y).abs().mean(dim=tuple(range(1, y.ndim))).sum() \
            if y.ndim > 1 else (_squeeze(out, y) - y).abs().sum()

    def predict(self, out: Any) -> tuple[Any, Any]:
        """(predictions, probabilities-or-values) from raw outputs."""
        import torch

        if self.name == "classification":
            prob = torch.softmax(out.float(), 1)
            return prob.argmax(1), prob
        if self.name == "binary":
            p1 = torch.sigmoid(out[:, 0].float())
            return (p1 > 0.5).long(), torch.stack([1 - p1, p1], 1)
        return out.float(), out.float()


def _squeeze(out: Any, y: Any) -> Any:
    return out[:, 0] if y.ndim == 1 and out.ndim == 2 else out


def balanced_weights(y: Any, num_classes: int) -> list[float]:
    """scikit-learn's ``balanced`` class weights of integer labels: n / (classes · count)."""
    import numpy as np

    counts = np.bincount(np.asarray(y, dtype=np.int64), minlength=num_classes)
    return (len(y) / (num_classes * np.maximum(counts, 1))).tolist()


def _weighted(fn: Callable[[Any, Any], Any], weights: list[float]) -> Callable[[Any, Any], Any]:
    """A per-sample loss ``fn(out, y)`` weighted by each sample's class weight."""
    import torch

    def loss(out: Any, y: Any) -> Any:
        w = torch.as_tensor(weights, dtype=torch.float32, device=out.device)[y]
        return (fn(out, y) * w).sum() / w.sum()

    return loss


def make_task(name: str, loss_name: str = "auto", label_smoothing: float = 0.0,
              weights: list[float] | None = None) -> Task:
    """The task with its loss. ``config/schema.TASK_LOSSES`` lists which losses fit which task
    (validated before any data is read); ``auto`` is the first of them. ``weights``: per class,
    for the classification and binary losses."""
    import torch
    import torch.nn.functional as F

    def class_weight(out: Any) -> Any:
        return None if weights is None else torch.as_tensor(weights, dtype=torch.float32,
                                                            device=out.device)

    if name == "classification":
        if loss_name == "nll":  # log-softmax + NLL (idempotent on outputs already log-softmaxed)
            return Task(name, "acc", lambda out, y: F.nll_loss(F.log_softmax(out.float(), 1), y,
                                                               weight=class_weight(out)))
        return Task(name, "acc", lambda out, y: F.cross_entropy(out, y, weight=class_weight(out),
                                                                label_smoothing=label_smoothing))
    if name == "binary":
        def target(y: Any) -> Any:
            t = y.float()
            return t * (1 - label_smoothing) + 0.5 * label_smoothing if label_smoothing else t

        if loss_name == "mse":  # sigmoid + MSE, the tutorials' combination
            def mse(out: Any, y: Any, reduction: str = "mean") -> Any:
                return F.mse_loss(out[:, 0].float().sigmoid(), target(y), reduction=reduction)

            fn = mse
        else:
            def fn(out: Any, y: Any, reduction: str = "mean") -> Any:
                return F.binary_cross_entropy_with_logits(out[:, 0], target(y),
                                                          reduction=reduction)
        if weights is not None:
            return Task(name, "acc", _weighted(lambda out, y: fn(out, y, "none"), weights))
        return Task(name, "acc", fn)
    if name == "seq2seq":
        return Task(name, "acc", lambda out, y: F.cross_entropy(
            out.flatten(0, 1).float(), y.flatten(), ignore_index=-100,
            label_smoothing=label_smoothing))
    losses = {"auto": F.mse_loss, "mse": F.mse_loss, "l1": F.l1_loss, "huber": F.huber_loss}
    fn = losses[loss_name]
    return Task(name, "mae", lambda out, y: fn(_squeeze(out, y).float(), y.float()))

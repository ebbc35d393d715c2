"""The task protocol and the bound task the trainer uses.

A task module defines one class of the ``TaskDefinition`` protocol and registers an instance in
``components.TASKS``. Declarations (names, metric, losses, report) are plain attributes, so the
schema reads them without importing torch; the methods import torch when called.
``make_task(name, loss, label_smoothing, weights)`` returns a ``Task``: the definition with the
loss function the recipe chose, which is what steps, reports and predictors call.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

LossFn = Callable[[Any, Any], Any]


class TaskDefinition(Protocol):
    """What one task declares. ``losses``: the loss names that fit it, the first is ``auto``."""

    name: str
    metric: str  # history columns train_<metric>, val_<metric>
    losses: tuple[str, ...]
    monitor: str  # the default ``trainer.monitor``
    report: str  # the ``evaluate.report`` that ``auto`` means (``components.REPORTS``)
    postprocess: str  # what an exported model's outputs need, for the sidecar JSON
    has_classes: bool  # labels are class ids (class weights, stratified splits, top-k)
    max_classes: int | None  # a fixed class count (binary: 2), else None
    compares_as: str  # runs whose tasks compare as the same name share a best in compare

    def outputs(self, dataset_outputs: int) -> int:
        """The model's output width for data with ``dataset_outputs`` targets or classes."""
        ...

    def make_loss(self, name: str, label_smoothing: float, weights: list[float] | None) -> LossFn:
        """The loss function ``name`` (one of ``losses``) as ``fn(outputs, targets)``."""
        ...

    def metric_sum(self, out: Any, y: Any) -> Any:
        """Sum over the batch of the metric (correct count, or absolute error)."""
        ...

    def predict(self, out: Any) -> tuple[Any, Any]:
        """(predictions, probabilities-or-values) from raw outputs."""
        ...


def definition(name: str) -> TaskDefinition:
    """The registered task ``name`` (an unknown name is a one-line usage error)."""
    from dlkit.components import TASKS

    task: TaskDefinition = TASKS.create(name)
    return task


@dataclass(frozen=True)
class Task:
    """A task bound to the recipe's loss: what the training steps and reports call."""

    definition: TaskDefinition
    loss: LossFn

    @property
    def name(self) -> str:
        return self.definition.name

    @property
    def metric(self) -> str:
        return self.definition.metric

    def outputs(self, dataset_outputs: int) -> int:
        return self.definition.outputs(dataset_outputs)

    def metric_sum(self, out: Any, y: Any) -> Any:
        return self.definition.metric_sum(out, y)

    def predict(self, out: Any) -> tuple[Any, Any]:
        return self.definition.predict(out)

    def check_classes(self, classes: list[str] | None, recipe: str) -> None:
        """A task that fixes the class count (binary: two) refuses data with another count,
        before anything is trained (a binary loss on 3 classes trains to a negative loss)."""
        from dlkit.errors import DataError

        wanted = self.definition.max_classes
        if wanted is None or classes is None or len(classes) == wanted:
            return
        shown = ", ".join(map(str, classes[:6])) + (", …" if len(classes) > 6 else "")
        raise DataError(
            f"the data has {len(classes)} class(es) ({shown}) but recipe {recipe} "
            f"is {self.name} ({wanted} classes); for more classes use --set "
            "task=classification --set loss.name=auto (a multi-class recipe), or "
            f"give data with {wanted} labels"
        )


def make_task(
    name: str,
    loss_name: str = "auto",
    label_smoothing: float = 0.0,
    weights: list[float] | None = None,
) -> Task:
    """The task with its loss (``auto``: the task's first); ``weights``: one per class."""
    task = definition(name)
    chosen = task.losses[0] if loss_name == "auto" else loss_name
    return Task(task, task.make_loss(chosen, label_smoothing, weights))


def balanced_weights(y: Any, num_classes: int) -> list[float]:
    """scikit-learn's ``balanced`` class weights of integer labels: n / (classes · count)."""
    import numpy as np

    counts = np.bincount(np.asarray(y, dtype=np.int64), minlength=num_classes)
    result: list[float] = (len(y) / (num_classes * np.maximum(counts, 1))).tolist()
    return result


def weighted(fn: Callable[..., Any], weights: list[float]) -> LossFn:
    """A per-sample loss ``fn(out, y, 'none')`` weighted by each sample's class weight and
    normalised by the batch's total weight (PyTorch's weighted cross-entropy)."""
    import torch

    def loss(out: Any, y: Any) -> Any:
        w = torch.as_tensor(weights, dtype=torch.float32, device=out.device)[y]
        return (fn(out, y, "none") * w).sum() / w.sum()

    return loss


def squeeze(out: Any, y: Any) -> Any:
    """One output column against 1-D targets."""
    return out[:, 0] if y.ndim == 1 and out.ndim == 2 else out

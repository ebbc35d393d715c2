"""The training step of the hand-written nets: the net applies its own update rule.

A net trained here (``families/classic/perceptron.py``, ``families/classic/hand_mlp.py``) has ``learn(x, y, lr)``: one
pass of its written-out rule over the batch (the perceptron rule, back-propagation by hand, or
autograd with a hand-written ``p −= lr·grad``) returning the outputs it had before updating. The
tutorial trains for thousands of iterations on four rows, so one trainer epoch is
``passes_per_epoch`` such passes over each batch (the recipes' batch is the whole table): the
history, checkpoints and loss curve get one row per trainer epoch (the mean loss and metric over
its passes) and a run takes seconds. Nothing here is
random, so exact resume needs only the weights (and the trainer's RNG state for the batch order).
Built by ``families/classic/manual_setup.py`` (``trainer.step: manual``).
"""

from __future__ import annotations

from typing import Any

import torch


class ManualStep:
    def __init__(self, model: Any, task: Any, lr: float, passes_per_epoch: int) -> None:
        self.model, self.task, self.learning_rate = model, task, lr
        self.passes = passes_per_epoch
        self.metric = task.metric

    def start_epoch(self, epoch: int) -> None:
        pass

    def train(self, mode: bool = True) -> None:
        self.model.train(mode)

    def train_batch(self, batch: Any, index: int) -> tuple[Any, Any, int]:
        x, y = batch
        outs = [self.model.learn(x, y, self.learning_rate) for _ in range(self.passes)]
        out, ys = torch.cat(outs), y.repeat(self.passes)  # scored at once: the mean over passes
        count = len(y)
        return (
            self.task.loss(out, ys).detach() * count,
            self.task.metric_sum(out, ys) / self.passes,
            count,
        )

    def eval_batch(self, batch: Any) -> tuple[Any, Any, int]:
        x, y = batch
        with torch.no_grad():
            out = self.model(x)
            return self.task.loss(out, y) * len(y), self.task.metric_sum(out, y), len(y)

    def end_epoch(self, monitored: float) -> None:
        pass

    @property
    def lr(self) -> float:
        return self.learning_rate

    def weights(self) -> dict[str, Any]:
        return {"state_dict": self.model.state_dict()}

    def load_weights(self, ckpt: dict[str, Any]) -> None:
        self.model.load_state_dict(ckpt["state_dict"])

    def state_dict(self) -> dict[str, Any]:
        return {"optimizer": {}}

    def load_state_dict(self, state: dict[str, Any], replan_epochs: int | None = None) -> None:
        pass

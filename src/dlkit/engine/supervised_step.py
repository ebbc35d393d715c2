"""Training steps: the part of training that differs between families.

The trainer (``engine/trainer.py``) owns the loop — epochs, batches, evaluation, history, early
stopping, checkpoints, DDP flags — and calls a step object for everything else:

- ``start_epoch(epoch)``: per-epoch set-up (freeze/unfreeze layers, reset carried state);
- ``train_batch(batch, index) -> (loss_sum, metric_sum, count)``: how a batch becomes a loss and
  which optimisers step and when (a GAN steps G on every 2nd index, a transformer accumulates);
  the sums are tensors on the device, so nothing waits for the GPU;
- ``eval_batch(batch)``: the same sums without gradients;
- ``end_epoch(monitored)``: epoch-interval schedulers (plateau sees the monitored value);
- ``weights()`` / ``load_weights(ckpt)``: the modules' state dicts in the checkpoint;
- ``state_dict()`` / ``load_state_dict(state, replan_epochs)``: optimisers, schedulers and scalers
  for exact resume; ``replan_epochs`` re-plans the schedule when a finished run is extended;
- ``metric`` (the metric's name), ``lr`` (for the history), ``model`` (the main module).

Optional (the trainer calls it only where a step has it):

- ``write_artifacts(run_dir, epoch)``: after each epoch's checkpoints, on the main rank, write the
  step's own per-epoch files into the run folder (a GAN's fixed-noise sample grid, a style
  transfer's image and snapshots). Written atomically; resume rewrites them for later epochs.
- ``input_spec``: the typed input spec (``data/inputs.py``) of what the checkpoint's model takes,
  when that is not the data's (a GAN's generator takes noise, not the images it trained on).

``SupervisedStep`` is the one every supervised recipe uses: ``out = model(x)``, ``task.loss(out,
y)``, one optimiser, an optional scheduler, mixed precision (``engine/precision.py``: ``auto`` is
bf16 or fp16 autocast on CUDA, fp32 elsewhere), channels_last inputs for conv nets on CUDA,
gradient clipping and accumulation. Steps are built from a recipe by the builders registered in
``components.STEPS`` (the supervised one is ``engine/supervised_setup.py``); the protocol is
``protocols.TrainStep``.
"""

from __future__ import annotations

import contextlib
import warnings
from collections.abc import Callable
from typing import Any

import torch

from dlkit.protocols import EpochAware, TrainStep

__all__ = ["SupervisedStep", "TrainStep"]


SchedulerFactory = Callable[[Any], tuple[Any, str]]  # optimizer -> (scheduler, "step" | "epoch")


class SupervisedStep:
    """One model, one optimiser: ``loss = task.loss(model(x), y)``."""

    def __init__(
        self,
        model: Any,
        net: Any,
        task: Any,
        optimizer: Any,
        make_scheduler: SchedulerFactory,
        steps_per_epoch: int,
        device: Any,
        precision: str = "fp32",
        grad_clip: float | None = None,
        accumulate: int = 1,
        channels_last: bool = False,
    ) -> None:
        from dlkit.engine.precision import plan_for

        self.model, self.net, self.task, self.optimizer = model, net, task, optimizer
        self.metric = task.metric
        self.make_scheduler, self.steps_per_epoch = make_scheduler, steps_per_epoch
        self.scheduler, self.interval = make_scheduler(optimizer)
        self.device, self.grad_clip, self.accumulate = device, grad_clip, max(1, accumulate)
        precision = plan_for(precision, device).precision  # auto -> bf16/fp16 on CUDA; CPU: fp32
        self.channels_last = channels_last and device.type == "cuda"
        self.amp_dtype = {"bf16": torch.bfloat16, "fp16": torch.float16}.get(precision)
        self.scaler = torch.amp.GradScaler("cuda", enabled=precision == "fp16")

    def autocast(self) -> Any:
        if self.amp_dtype is None:
            return contextlib.nullcontext()
        return torch.autocast(self.device.type, dtype=self.amp_dtype)

    def start_epoch(self, epoch: int) -> None:
        if isinstance(self.model, EpochAware):
            self.model.on_epoch_start(epoch)

    def train(self, mode: bool = True) -> None:
        self.net.train(mode)

    def inputs(self, x: Any) -> Any:
        """Images in channels_last when the model's weights are (conv nets on CUDA)."""
        if self.channels_last and isinstance(x, torch.Tensor) and x.ndim == 4:
            return x.contiguous(memory_format=torch.channels_last)
        return x

    def train_batch(self, batch: Any, index: int) -> tuple[Any, Any, int]:
        x, y = batch
        x = self.inputs(x)
        with self.autocast():
            out = self.net(x)
            loss = self.task.loss(out, y)
        last_of_group = (index + 1) % self.accumulate == 0 or index + 1 == self.steps_per_epoch
        self.scaler.scale(loss / self.accumulate if self.accumulate > 1 else loss).backward()
        if last_of_group:
            self.optimizer_step()
        out = out.detach()
        return loss.detach() * len(y), self.task.metric_sum(out, y), len(y)

    def optimizer_step(self) -> None:
        """Clip (when set), step the optimiser through the scaler, zero the gradients and advance
        a per-step schedule: after the backward passes of one update (also ``bptt``'s chunks)."""
        if self.grad_clip:
            self.scaler.unscale_(self.optimizer)
            torch.nn.utils.clip_grad_norm_(self.model.parameters(), self.grad_clip)
        self.scaler.step(self.optimizer)
        self.scaler.update()
        self.optimizer.zero_grad(set_to_none=True)
        if self.scheduler is not None and self.interval == "step":
            self.scheduler.step()

    def eval_batch(self, batch: Any) -> tuple[Any, Any, int]:
        x, y = batch
        x = self.inputs(x)
        with torch.no_grad(), self.autocast():
            out = self.net(x)
            loss = self.task.loss(out, y).float()
        return loss * len(y), self.task.metric_sum(out, y), len(y)

    def end_epoch(self, monitored: float) -> None:
        if self.scheduler is None or self.interval != "epoch":
            return
        if isinstance(self.scheduler, torch.optim.lr_scheduler.ReduceLROnPlateau):
            self.scheduler.step(monitored)
        else:
            self.scheduler.step()

    @property
    def lr(self) -> float:
        return float(self.optimizer.param_groups[0]["lr"])

    def weights(self) -> dict[str, Any]:
        return {"state_dict": self.model.state_dict()}

    def load_weights(self, ckpt: dict[str, Any]) -> None:
        self.model.load_state_dict(ckpt["state_dict"])

    def state_dict(self) -> dict[str, Any]:
        return {
            "optimizer": self.optimizer.state_dict(),
            "scheduler": self.scheduler.state_dict() if self.scheduler else None,
            "scaler": self.scaler.state_dict(),
        }

    def load_state_dict(self, state: dict[str, Any], replan_epochs: int | None = None) -> None:
        """Restore for resume. ``replan_epochs`` (the epochs already done, when a finished run is
        extended) rebuilds the schedule for the new total and moves it to where that schedule
        stands after those epochs, instead of running the old one past its end."""
        self.optimizer.load_state_dict(state["optimizer"])
        self.scaler.load_state_dict(state["scaler"])
        stored = state.get("scheduler")
        if self.scheduler is None or stored is None:
            return
        if replan_epochs is None or isinstance(
            self.scheduler, torch.optim.lr_scheduler.ReduceLROnPlateau
        ):
            self.scheduler.load_state_dict(stored)
            return
        for group in self.optimizer.param_groups:  # the new schedule starts from the base lr
            group["lr"] = group.get("initial_lr", group["lr"])
        self.scheduler, self.interval = self.make_scheduler(self.optimizer)
        updates = -(-self.steps_per_epoch // self.accumulate)  # a per-step schedule's steps
        done = replan_epochs * (updates if self.interval == "step" else 1)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # stepping a schedule without optimiser steps
            for _ in range(done):
                self.scheduler.step()

"""The one trainer every recipe uses: device placement, mixed precision, optional torch.compile,
gradient clipping, LR schedules, early stopping, DDP under torchrun, checkpoints every epoch and
exact resume.

Two optional model hooks serve staged fine-tuning: ``model.param_groups(lr)`` returns optimizer
parameter groups (e.g. a lower LR for a pretrained block), and ``model.on_epoch_start(epoch)`` may
freeze or unfreeze layers; both depend only on the epoch number, so resume stays exact.

``jobs/train.py`` builds a Trainer from a validated recipe and a Dataset and calls ``fit``; the
loop itself is ``train_epoch`` (one screen), with helpers for evaluation and bookkeeping.
"""

from __future__ import annotations

import contextlib
import time
from pathlib import Path
from typing import Any, Callable

from dlkit.engine import checkpoint, rng
from dlkit.engine.distributed import Dist, broadcast_flag, reduce_sum, wrap
from dlkit.engine.fit_state import FitState
from dlkit.engine.loader import ArrayLoader
from dlkit.engine.task import make_task


class Trainer:
    """Owns the model, optimizer, scheduler and loaders for one run."""

    def __init__(self, recipe: Any, dataset: Any, device: Any, dist: Dist = Dist(),
                 on_epoch: Callable[[dict[str, Any]], None] | None = None,
                 progress: Any = None) -> None:
        import torch

        from dlkit.components import MODELS, OPTIMIZERS, SCHEDULERS
        from dlkit.config.validate import component_options
        from dlkit.data.transforms import batch_transform

        self.recipe, self.dataset, self.device, self.dist = recipe, dataset, device, dist
        self.on_epoch, self.progress = on_epoch, progress
        self.task = make_task(recipe.task, recipe.loss.name, recipe.loss.label_smoothing)
        self.model_spec = {"name": recipe.model.name, "options": component_options(recipe, "model"),
                           "in_shape": list(dataset.input_spec["shape"]),
                           "num_outputs": self.task.outputs(dataset.num_outputs)}
        self.model = MODELS.create(self.model_spec["name"], in_shape=self.model_spec["in_shape"],
                                   num_outputs=self.model_spec["num_outputs"],
                                   **self.model_spec["options"]).to(device)
        self.net = wrap(self.model, dist, device)
        if recipe.trainer.compile:
            self.net = torch.compile(self.net)
        self.generator = torch.Generator().manual_seed(recipe.seed)
        self.transform = batch_transform(dataset.input_spec, dataset.augment)
        self.train_loader = self.loader(dataset.train, train=True)
        self.val_loader = self.loader(dataset.val) if dataset.val is not None \
            and len(dataset.val) else None
        params = (self.model.param_groups(recipe.optim.lr) if hasattr(self.model, "param_groups")
                  else self.model.parameters())
        self.optimizer = OPTIMIZERS.create(
            recipe.optim.name, params=params, lr=recipe.optim.lr,
            weight_decay=recipe.optim.weight_decay, **component_options(recipe, "optim"))
        self.scheduler, self.interval = SCHEDULERS.create(
            recipe.scheduler.name, optimizer=self.optimizer, epochs=recipe.trainer.epochs,
            steps_per_epoch=len(self.train_loader), **component_options(recipe, "scheduler"))
        precision = recipe.trainer.precision if device.type == "cuda" else "fp32"
        self.amp_dtype = {"bf16": torch.bfloat16, "fp16": torch.float16}.get(precision)
        self.scaler = torch.amp.GradScaler("cuda", enabled=precision == "fp16")
        self.state = FitState.start(recipe, has_val=self.val_loader is not None,
                                    metric=self.task.metric)

    def loader(self, split: Any, train: bool = False) -> ArrayLoader:
        """Batches of a split on this trainer's device (shuffled and augmented when ``train``)."""
        data = self.recipe.data
        size = data.batch_size if train else (data.eval_batch_size or data.batch_size)
        return ArrayLoader(split.x, split.y, size, self.device, self.transform, shuffle=train,
                           generator=self.generator if train else None, train=train,
                           on_device=data.on_device, rank=self.dist.rank if train else 0,
                           world=self.dist.world if train else 1)

    def _autocast(self) -> Any:
        import torch

        if self.amp_dtype is None:
            return contextlib.nullcontext()
        return torch.autocast(self.device.type, dtype=self.amp_dtype)

    def train_epoch(self) -> tuple[float, float]:
        """One pass over the training data; returns (mean loss, mean metric) over all ranks."""
        import torch

        self.net.train()
        clip = self.recipe.trainer.grad_clip
        loss_sum = torch.zeros((), device=self.device)
        metric_sum = torch.zeros((), device=self.device)
        task_bar = self.progress.add_task(f"epoch {self.state.epoch + 1}",
                                          total=len(self.train_loader)) if self.progress else None
        for step, (x, y) in enumerate(self.train_loader):
            with self._autocast():
                out = self.net(x)
                loss = self.task.loss(out, y)
            self.optimizer.zero_grad(set_to_none=True)
            self.scaler.scale(loss).backward()
            if clip:
                self.scaler.unscale_(self.optimizer)
                torch.nn.utils.clip_grad_norm_(self.model.parameters(), clip)
            self.scaler.step(self.optimizer)
            self.scaler.update()
            if self.scheduler is not None and self.interval == "step":
                self.scheduler.step()
            loss_sum += loss.detach() * len(y)
            metric_sum += self.task.metric_sum(out.detach(), y)
            if task_bar is not None:
                self._show(task_bar, step, loss)
        if task_bar is not None:
            self.progress.remove_task(task_bar)
        return self._mean(loss_sum, metric_sum, self.train_loader.num_samples)

    def _show(self, task_bar: int, step: int, loss: Any) -> None:
        status = f"loss {loss.item():.4f}" if step % 20 == 0 else None
        if status:
            self.progress.update(task_bar, advance=1, status=status)
        else:
            self.progress.advance(task_bar)

    def _mean(self, loss_sum: Any, metric_sum: Any, count: int) -> tuple[float, float]:
        import torch

        totals = torch.stack([loss_sum.float(), metric_sum.float(),
                              torch.tensor(float(count), device=self.device)])
        totals = reduce_sum(totals, self.dist).tolist()
        return totals[0] / max(totals[2], 1), totals[1] / max(totals[2], 1)

    def evaluate(self, loader: ArrayLoader) -> tuple[float, float]:
        """(mean loss, mean metric) over a loader, without gradients."""
        import torch

        self.net.eval()
        loss_sum = torch.zeros((), device=self.device)
        metric_sum = torch.zeros((), device=self.device)
        with torch.no_grad(), self._autocast():
            for x, y in loader:
                out = self.net(x)
                loss_sum += self.task.loss(out, y).float() * len(y)
                metric_sum += self.task.metric_sum(out, y)
        totals = torch.stack([loss_sum, metric_sum.float()]).tolist()
        return totals[0] / max(len(loader.x), 1), totals[1] / max(len(loader.x), 1)

    def fit(self, run_dir: Path | None) -> FitState:
        """Train the remaining epochs, checkpointing into ``run_dir`` (rank 0 only)."""
        for epoch in range(self.state.epoch + 1, self.recipe.trainer.epochs + 1):
            start = time.perf_counter()
            if hasattr(self.model, "on_epoch_start"):
                self.model.on_epoch_start(epoch)
            train_loss, train_metric = self.train_epoch()
            val = self.evaluate(self.val_loader) if self.val_loader is not None else None
            row = self.state.record(epoch, train_loss, train_metric, val,
                                    lr=self.optimizer.param_groups[0]["lr"],
                                    seconds=time.perf_counter() - start)
            self._step_epoch_scheduler()
            improved = self.state.update_best()
            if run_dir is not None and self.dist.is_main:
                self._save(run_dir, improved)
            if self.on_epoch is not None and self.dist.is_main:
                self.on_epoch(row)
            if broadcast_flag(self.state.should_stop(), self.dist, self.device):
                break
        return self.state

    def _step_epoch_scheduler(self) -> None:
        import torch

        if self.scheduler is None or self.interval != "epoch":
            return
        if isinstance(self.scheduler, torch.optim.lr_scheduler.ReduceLROnPlateau):
            self.scheduler.step(self.state.monitored())
        else:
            self.scheduler.step()

    def payload(self) -> dict[str, Any]:
        """What best.pt holds: everything needed to rebuild and use the model."""
        ds = self.dataset
        return {"recipe": self.recipe.name, "task": self.recipe.task,
                "config": self.recipe.model_dump(mode="json"), "model": self.model_spec,
                "state_dict": self.model.state_dict(), "classes": ds.classes,
                "input_spec": ds.input_spec, "epoch": self.state.epoch,
                "metrics": dict(self.state.history[-1]) if self.state.history else {}}

    def _save(self, run_dir: Path, improved: bool) -> None:
        from dlkit.engine.run_files import write_history

        base = self.payload()
        if improved:
            checkpoint.save(run_dir / "best.pt", base)
        resume = {"optimizer": self.optimizer.state_dict(),
                  "scheduler": self.scheduler.state_dict() if self.scheduler else None,
                  "scaler": self.scaler.state_dict(), "rng": rng.capture(self.generator),
                  "fit_state": self.state.to_dict()}
        checkpoint.save(run_dir / "last.pt", {**base, **resume})
        write_history(run_dir, self.state.history)

    def restore(self, ckpt: dict[str, Any]) -> None:
        """Continue from a ``last.pt`` payload (weights, optimizer, RNG, history)."""
        self.model.load_state_dict(ckpt["state_dict"])
        self.optimizer.load_state_dict(ckpt["optimizer"])
        if self.scheduler is not None and ckpt.get("scheduler") is not None:
            self.scheduler.load_state_dict(ckpt["scheduler"])
        self.scaler.load_state_dict(ckpt["scaler"])
        rng.restore(ckpt["rng"], self.generator)
        self.state = FitState.from_dict(ckpt["fit_state"])

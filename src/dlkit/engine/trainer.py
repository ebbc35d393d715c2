"""The one trainer every recipe uses: the epoch loop, evaluation, history, early stopping, DDP
flags, checkpoints every epoch and exact resume.

It is handed its parts — a training step (``engine/supervised_step.py``: how a batch becomes a loss, which
optimisers step and when, what state to checkpoint), the loaders, the ``trainer`` config section, the
fit state and the checkpoint's description of the run — and builds none of them: ``jobs/setup.py``
assembles them from a recipe, ``scripts/bench_trainer.py`` from plain objects. The loop itself is
``train_epoch`` (one screen).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import torch

from dlkit.engine import checkpoint, rng
from dlkit.engine.distributed import Dist, broadcast_flag, reduce_sum
from dlkit.engine.fit_state import FitState
from dlkit.protocols import ArtifactWriter


class Trainer:
    """Runs a step over loaders for the configured epochs, checkpointing into a run folder."""

    def __init__(
        self,
        step: Any,
        train_loader: Any,
        val_loader: Any,
        epochs: int,
        state: FitState,
        device: Any,
        describe: dict[str, Any],
        generator: Any = None,
        dist: Dist = Dist(),
        on_epoch: Callable[[dict[str, Any]], None] | None = None,
        progress: Any = None,
    ) -> None:
        self.step, self.train_loader, self.val_loader = step, train_loader, val_loader
        self.epochs, self.state, self.device, self.dist = epochs, state, device, dist
        self.describe, self.generator = describe, generator
        self.on_epoch, self.progress = on_epoch, progress

    def train_epoch(self) -> tuple[float, float]:
        """One pass over the training data; returns (mean loss, mean metric) over all ranks."""
        self.step.train(True)
        loss_sum = torch.zeros((), device=self.device)
        metric_sum = torch.zeros((), device=self.device)
        count = 0
        bar = (
            self.progress.add_task(f"epoch {self.state.epoch + 1}", total=len(self.train_loader))
            if self.progress
            else None
        )
        for index, batch in enumerate(self.train_loader):
            loss, metric, n = self.step.train_batch(batch, index)
            loss_sum += loss
            metric_sum += metric
            count += n
            if bar is not None:
                self._show(bar, index, loss / max(n, 1))
        if bar is not None:
            self.progress.remove_task(bar)
        return self._mean(loss_sum, metric_sum, count)

    def _show(self, bar: int, index: int, loss: Any) -> None:
        if index % 20 == 0:
            self.progress.update(bar, advance=1, status=f"loss {loss.item():.4f}")
        else:
            self.progress.advance(bar)

    def _mean(self, loss_sum: Any, metric_sum: Any, count: int) -> tuple[float, float]:
        totals = torch.stack(
            [loss_sum.float(), metric_sum.float(), torch.tensor(float(count), device=self.device)]
        )
        totals = reduce_sum(totals, self.dist).tolist()
        return totals[0] / max(totals[2], 1), totals[1] / max(totals[2], 1)

    def evaluate(self, loader: Any) -> tuple[float, float]:
        """(mean loss, mean metric) over a loader, without gradients (this rank's data)."""
        self.step.train(False)
        loss_sum = torch.zeros((), device=self.device)
        metric_sum = torch.zeros((), device=self.device)
        count = 0
        for batch in loader:
            loss, metric, n = self.step.eval_batch(batch)
            loss_sum += loss
            metric_sum += metric
            count += n
        totals = torch.stack([loss_sum.float(), metric_sum.float()]).tolist()
        return totals[0] / max(count, 1), totals[1] / max(count, 1)

    def fit(self, run_dir: Path | None) -> FitState:
        """Train the remaining epochs, checkpointing into ``run_dir`` (rank 0 only)."""
        for epoch in range(self.state.epoch + 1, self.epochs + 1):
            start = time.perf_counter()
            self.step.start_epoch(epoch)
            train_loss, train_metric = self.train_epoch()
            val = self.evaluate(self.val_loader) if self.val_loader is not None else None
            row = self.state.record(
                epoch,
                train_loss,
                train_metric,
                val,
                lr=self.step.lr,
                seconds=time.perf_counter() - start,
            )
            self.step.end_epoch(self.state.monitored())
            improved = self.state.update_best()
            if run_dir is not None and self.dist.is_main:
                self._save(run_dir, improved)
                if isinstance(self.step, ArtifactWriter):  # sample grids, snapshots
                    self.step.write_artifacts(run_dir, epoch)
            if self.on_epoch is not None and self.dist.is_main:
                self.on_epoch(row)
            if broadcast_flag(self.state.should_stop(), self.dist, self.device):
                break
        return self.state

    def payload(self) -> dict[str, Any]:
        """What best.pt holds: everything needed to rebuild and use the model."""
        return {
            **self.describe,
            **self.step.weights(),
            "epoch": self.state.epoch,
            "metrics": dict(self.state.history[-1]) if self.state.history else {},
        }

    def _save(self, run_dir: Path, improved: bool) -> None:
        from dlkit.engine.run_files import write_history

        base = self.payload()
        if improved:
            checkpoint.save(run_dir / "best.pt", base)
        resume = {
            **self.step.state_dict(),
            "rng": rng.capture(self.generator),
            "fit_state": self.state.to_dict(),
        }
        checkpoint.save(run_dir / "last.pt", {**base, **resume})
        write_history(run_dir, self.state.history)

    def restore(self, ckpt: dict[str, Any], extended: bool = False) -> None:
        """Continue from a ``last.pt`` payload (weights, optimiser, RNG, history); ``extended``
        (more epochs than the run was planned for) re-plans the schedule over the new total."""
        from dlkit.errors import DataError

        try:
            self.step.load_weights(ckpt)
            self.state = FitState.from_dict(ckpt["fit_state"])
            self.step.load_state_dict(ckpt, replan_epochs=self.state.epoch if extended else None)
            rng.restore(ckpt["rng"], self.generator)
        except (KeyError, ValueError, RuntimeError, TypeError, IndexError) as exc:
            raise DataError(
                f"last.pt: its training state does not fit this recipe "
                f"({type(exc).__name__}: {' '.join(str(exc).split())[:120]})"
            ) from None

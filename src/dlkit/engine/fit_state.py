"""Where a run stands: epochs done, the history rows, the best monitored value and early stopping.

It is plain data so it rides in ``last.pt`` (``to_dict``/``from_dict``) and a resumed run picks up
the same history, best epoch and patience count.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from typing import Any

from dlkit.errors import DlkitError, UsageError

_LOWER_IS_BETTER = ("loss", "mae", "rmse", "mape", "mse")


@dataclass
class FitState:
    monitor: str
    mode: str
    patience: int | None
    min_delta: float
    metric: str
    epoch: int = 0
    history: list[dict[str, Any]] = field(default_factory=list)
    best_value: float | None = None
    best_epoch: int | None = None
    bad_epochs: int = 0

    @classmethod
    def start(cls, cfg: Any, has_val: bool, metric: str) -> FitState:
        """A fresh state for a ``trainer`` config section (monitor, mode, patience, min_delta)."""
        monitor = cfg.monitor
        if monitor.startswith("val_") and not has_val:
            monitor = "train_" + monitor[len("val_") :]
        known = [f"{p}_{m}" for p in ("train", "val") for m in ("loss", metric)]
        if monitor not in known:
            raise UsageError(f"trainer.monitor: '{monitor}' is not one of {', '.join(known)}")
        mode = cfg.mode
        if mode == "auto":
            mode = "min" if monitor.endswith(_LOWER_IS_BETTER) else "max"
        return cls(monitor, mode, cfg.patience, cfg.min_delta, metric)

    def record(
        self,
        epoch: int,
        train_loss: float,
        train_metric: float,
        val: tuple[float, float] | None,
        lr: float,
        seconds: float,
    ) -> dict[str, Any]:
        if not math.isfinite(train_loss):
            raise DlkitError(
                f"training diverged: the loss is {train_loss} in epoch {epoch}; "
                "try a lower optim.lr or trainer.grad_clip"
            )
        row = {
            "epoch": epoch,
            "train_loss": train_loss,
            f"train_{self.metric}": train_metric,
            "val_loss": val[0] if val else None,
            f"val_{self.metric}": val[1] if val else None,
            "lr": lr,
            "seconds": round(seconds, 3),
        }
        self.epoch = epoch
        self.history.append(row)
        return row

    def monitored(self) -> float:
        return float(self.history[-1][self.monitor])

    def update_best(self) -> bool:
        """Note the latest epoch's monitored value; True when it is the new best."""
        value = self.monitored()
        if self.best_value is None or self.mode == "last":
            better = True
        elif self.mode == "min":
            better = value < self.best_value - self.min_delta
        else:
            better = value > self.best_value + self.min_delta
        if better:
            self.best_value, self.best_epoch, self.bad_epochs = value, self.epoch, 0
        else:
            self.bad_epochs += 1
        return better

    def should_stop(self) -> bool:
        return self.patience is not None and self.bad_epochs >= self.patience

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> FitState:
        return cls(**data)

"""Learning-rate schedulers by name. A factory returns ``(scheduler, interval)`` where interval is
``"step"`` (called after every batch) or ``"epoch"``; ``none`` returns ``(None, "epoch")``."""

from __future__ import annotations

from dlkit.components import SCHEDULERS


@SCHEDULERS.register("none")
def none(optimizer, epochs: int, steps_per_epoch: int):
    return None, "epoch"


@SCHEDULERS.register("step")
def step(optimizer, epochs: int, steps_per_epoch: int, step_size: int = 10, gamma: float = 0.1):
    import torch

    return torch.optim.lr_scheduler.StepLR(optimizer, step_size=step_size, gamma=gamma), "epoch"


@SCHEDULERS.register("cosine")
def cosine(
    optimizer, epochs: int, steps_per_epoch: int, min_lr: float = 0.0, warmup_epochs: float = 0.0
):
    import torch

    total = max(1, epochs * steps_per_epoch)
    warmup = int(warmup_epochs * steps_per_epoch)
    cos = torch.optim.lr_scheduler.CosineAnnealingLR(
        optimizer, T_max=max(1, total - warmup), eta_min=min_lr
    )
    if warmup <= 0:
        return cos, "step"
    ramp = torch.optim.lr_scheduler.LinearLR(optimizer, start_factor=1e-3, total_iters=warmup)
    return torch.optim.lr_scheduler.SequentialLR(
        optimizer, [ramp, cos], milestones=[warmup]
    ), "step"


@SCHEDULERS.register("onecycle")
def onecycle(
    optimizer,
    epochs: int,
    steps_per_epoch: int,
    max_lr: float | None = None,
    pct_start: float = 0.25,
    div_factor: float = 25.0,
    final_div_factor: float = 1e4,
):
    import torch

    peak = max_lr or optimizer.param_groups[0]["lr"]
    return torch.optim.lr_scheduler.OneCycleLR(
        optimizer,
        max_lr=peak,
        epochs=epochs,
        steps_per_epoch=max(1, steps_per_epoch),
        pct_start=pct_start,
        div_factor=div_factor,
        final_div_factor=final_div_factor,
    ), "step"


@SCHEDULERS.register("plateau")
def plateau(
    optimizer,
    epochs: int,
    steps_per_epoch: int,
    factor: float = 0.1,
    patience: int = 3,
    min_lr: float = 0.0,
):
    import torch

    return torch.optim.lr_scheduler.ReduceLROnPlateau(
        optimizer, factor=factor, patience=patience, min_lr=min_lr
    ), "epoch"


@SCHEDULERS.register("triangle")
def triangle(
    optimizer,
    epochs: int,
    steps_per_epoch: int,
    start: float = 0.2,
    peak: float = 0.23,
    end: float = 0.07,
):
    """Linear warm-up from ``start``×lr to lr at fraction ``peak`` of training, then linear decay
    to ``end``×lr (airbench's schedule). Scales every parameter group's own lr alike."""
    import numpy as np
    import torch

    total = max(1, epochs * steps_per_epoch)
    knots = [0, max(1, int(peak * total)), total]

    def factor(step: int) -> float:
        return float(np.interp(step, knots, [start, 1.0, end]))

    return torch.optim.lr_scheduler.LambdaLR(optimizer, factor), "step"


@SCHEDULERS.register("linear")
def linear(
    optimizer,
    epochs: int,
    steps_per_epoch: int,
    warmup_ratio: float = 0.0,
    warmup_steps: int = 0,
    end: float = 0.0,
):
    """Linear warm-up from 0 to lr over ``warmup_steps`` (or ``warmup_ratio`` of training), then
    linear decay to ``end``×lr at the last step: the Hugging Face Trainer's default schedule
    (``get_linear_schedule_with_warmup``). Steps are optimiser updates, like every schedule
    here (``steps_per_epoch``: batches / ``trainer.accumulate``)."""
    import torch

    total = max(1, epochs * steps_per_epoch)
    warmup = warmup_steps or int(warmup_ratio * total)

    def factor(step: int) -> float:
        if step < warmup:
            return step / max(1, warmup)
        return max(end, end + (1 - end) * (total - step) / max(1, total - warmup))

    return torch.optim.lr_scheduler.LambdaLR(optimizer, factor), "step"

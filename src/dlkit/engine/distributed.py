"""DistributedDataParallel when launched by ``torchrun`` (WORLD_SIZE > 1): process group set-up,
the model wrapper, metric reduction and which rank writes files. Uses PyTorch's own DDP engine;
NCCL on CUDA, gloo on CPU. ``mark`` reports a worker's start-up stages to ``dlkit train --nproc``
(``jobs/launch.py``), which watches for a rank that hangs."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Dist:
    rank: int = 0
    world: int = 1
    local_rank: int = 0

    @property
    def active(self) -> bool:
        return self.world > 1

    @property
    def is_main(self) -> bool:
        return self.rank == 0


def from_env() -> Dist:
    world = int(os.environ.get("WORLD_SIZE", "1"))
    if world <= 1:
        return Dist()
    return Dist(int(os.environ.get("RANK", "0")), world, int(os.environ.get("LOCAL_RANK", "0")))


def mark(stage: str) -> None:
    """Record this worker's start-up stage (started | joined | ready) in ``DLKIT_LAUNCH_DIR``, the
    folder ``dlkit train --nproc`` watches; nothing when not launched by it."""
    folder = os.environ.get("DLKIT_LAUNCH_DIR")
    if not folder:
        return
    from pathlib import Path

    from dlkit import files

    local, rank = os.environ.get("LOCAL_RANK", "0"), os.environ.get("RANK", "0")
    files.write_text(Path(folder) / f"stage.{local}", f"{rank} {os.getpid()} {stage}\n")


def init(dist: Dist, device: Any) -> Any:
    """Join the process group; returns this rank's device (cuda:LOCAL_RANK on GPUs)."""
    import torch
    import torch.distributed as td

    if not dist.active:
        return device
    if device.type == "cuda":
        device = torch.device("cuda", dist.local_rank)
        torch.cuda.set_device(device)
    if not td.is_initialized():
        td.init_process_group(backend="nccl" if device.type == "cuda" else "gloo")
    return device


def wrap(model: Any, dist: Dist, device: Any) -> Any:
    if not dist.active:
        return model
    from torch.nn.parallel import DistributedDataParallel

    return DistributedDataParallel(
        model, device_ids=[device.index] if device.type == "cuda" else None
    )


def reduce_sum(tensor: Any, dist: Dist) -> Any:
    if dist.active:
        import torch.distributed as td

        td.all_reduce(tensor, op=td.ReduceOp.SUM)
    return tensor


def broadcast_flag(flag: bool, dist: Dist, device: Any) -> bool:
    """Rank 0's decision (early stopping) shared with every rank."""
    if not dist.active:
        return flag
    import torch
    import torch.distributed as td

    value = torch.tensor([1 if flag else 0], device=device)
    td.broadcast(value, src=0)
    return bool(value.item())


def shutdown(dist: Dist) -> None:
    if dist.active:
        import torch.distributed as td

        if td.is_initialized():
            td.barrier()  # let rank 0 finish its test pass and files before peers disconnect
            td.destroy_process_group()

"""The embedding of ``dlkit cluster`` spread over the processes that ``torchrun`` starts.

Called by ``jobs/cluster.py`` when ``WORLD_SIZE`` > 1 (``torchrun --nproc-per-node N -m dlkit
cluster FILE``, on one or many nodes). Every rank reads the texts, encodes every ``world``-th text
missing from the embedding cache (on ``cuda:LOCAL_RANK`` when there is a GPU) and writes its
shards into the shared cache folder; after a barrier rank 0 reads them all and runs the rest of
the pipeline alone, the other ranks stop. The process group is gloo (the barrier and the row
counts are a few bytes), so it needs no GPU and works on CPU-only machines.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path
from typing import Any

from dlkit.errors import UsageError

BARRIER_MINUTES = 24 * 60  # ranks wait for the slowest one's encoding


def world() -> tuple[int, int]:
    """(rank, world size) from torchrun's environment; (0, 1) outside torchrun."""
    try:
        return int(os.environ.get("RANK", "0")), int(os.environ.get("WORLD_SIZE", "1"))
    except ValueError:
        raise UsageError("RANK and WORLD_SIZE must be integers (set by torchrun)") from None


def _device() -> str:
    import torch

    if torch.cuda.is_available():
        return f"cuda:{int(os.environ.get('LOCAL_RANK', '0')) % torch.cuda.device_count()}"
    return "cpu"


def embed_share(recipe: Any, path: Path, ref: Any, cache_dir: Path, quiet: bool) -> list[int]:
    """Encode this rank's share of the missing texts into the cache, wait for every rank, and
    return the rows each rank encoded (index = rank)."""
    import torch.distributed as dist

    from dlkit.cluster import embed, pipeline

    rank, size = world()
    if not dist.is_initialized():
        dist.init_process_group("gloo", timeout=timedelta(minutes=BARRIER_MINUTES))
    texts = pipeline.read_texts(path, recipe.input.text_column, quiet or rank != 0)[3]
    _, stats = embed.embed_texts(
        texts,
        ref,
        cache_dir,
        recipe.embed.batch_size,
        shard_rows=recipe.embed.shard_rows,
        part=(rank, size),
        float16=recipe.embed.float16,
        device=_device(),
    )
    counts: list[Any] = [None] * size
    dist.all_gather_object(counts, stats.embedded)
    dist.barrier()
    return [int(c) for c in counts]


def finish() -> None:
    import torch.distributed as dist

    if dist.is_initialized():
        dist.destroy_process_group()

"""Length-bucketed batch order for texts: batches of similar lengths, shuffled every epoch.

``engine/loader.py``'s ``ArrayLoader`` calls ``bucketed`` when ``data.group_by_length`` is on, with
each training text's length (characters of a string, or non-pad ids of an id row). The epoch's
shuffled permutation is cut into windows of ``window`` batches; each window is sorted longest
first (stable, so ties keep the shuffled order) and cut into batches; then the batches are shuffled
(the Hugging Face length-grouped sampler's idea). Every index appears exactly once per epoch, the
order depends only on the seeded generator (whose state the checkpoint keeps, so resume is exact),
and a batch pads (or packs) little.
"""

from __future__ import annotations

from typing import Any


def bucketed(order: Any, lengths: Any, batch_size: int, generator: Any, window: int = 50) -> Any:
    """``order`` (a permutation tensor) regrouped into length-sorted batches in shuffled order."""
    import torch

    chunks = [
        c[torch.argsort(lengths[c], descending=True, stable=True)]
        for c in order.split(window * batch_size)
    ]
    batches = [b for c in chunks for b in c.split(batch_size)]
    if not batches:
        return order
    perm = torch.randperm(len(batches), generator=generator)
    return torch.cat([batches[i] for i in perm])


def batch_order(n: int, lengths: Any, batch_size: int, generator: Any, window: int = 50) -> Any:
    """One epoch's bucketed order of ``n`` items: a seeded shuffle, then ``bucketed``."""
    import torch

    return bucketed(torch.randperm(n, generator=generator), lengths, batch_size, generator, window)

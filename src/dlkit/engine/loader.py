"""Batches from in-memory arrays, without a per-item Dataset: the data path for every recipe.

The arrays stay uint8 (images) or float32 (series) tensors, on the training device when they fit
(``on_device``), otherwise in pinned host memory copied with ``non_blocking``. Each batch is indexed
with one shuffled permutation drawn from a seeded ``torch.Generator`` (its state is checkpointed)
and converted by the recipe's batch transform. Under DistributedDataParallel each rank takes an
equal, disjoint share of every epoch's permutation. Texts (object arrays) are batched as lists of
strings (and so are target texts); ``group_by_length`` groups training texts (strings or id rows)
of similar lengths.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Any

import numpy as np

ON_DEVICE_LIMIT = 2 * 1024**3  # bytes of data moved to a GPU up front under on_device: auto


class ArrayLoader:
    """Iterate (inputs, targets) batches over arrays, already on ``device``."""

    x: Any  # the inputs: a tensor, or an array of texts
    y: Any  # the targets: a tensor, or an array of target texts

    def __init__(
        self,
        x: np.ndarray,
        y: np.ndarray,
        batch_size: int,
        device: Any,
        transform: Any,
        shuffle: bool = False,
        generator: Any = None,
        train: bool = False,
        on_device: str = "auto",
        rank: int = 0,
        world: int = 1,
        group_by_length: bool = False,
    ) -> None:
        import torch

        self.batch_size, self.device, self.transform = batch_size, device, transform
        self.shuffle, self.generator, self.train = shuffle, generator, train
        self.rank, self.world = rank, world
        self.lengths = None
        if x.dtype == object and group_by_length and shuffle:
            self.lengths = torch.tensor([len(str(v)) for v in x])  # characters, for grouping
        elif group_by_length and shuffle and x.ndim == 2 and x.dtype.kind in "iu":
            self.lengths = torch.from_numpy((x != 0).sum(1))  # token ids: non-pad tokens
        if x.dtype == object:  # texts: batched as lists of strings, never moved to a device
            self.x, self.y = (
                np.asarray(x),
                torch.from_numpy(np.ascontiguousarray(y)).to(device)
                if y.dtype != object
                else np.asarray(y),
            )  # target texts (seq2seq) stay lists
            return
        x_t, y_t = (
            torch.from_numpy(np.ascontiguousarray(x)),
            torch.from_numpy(np.ascontiguousarray(y)),
        )
        size = x_t.numel() * x_t.element_size()
        keep_on_device = device.type != "cpu" and (
            on_device == "always" or (on_device == "auto" and size <= ON_DEVICE_LIMIT)
        )
        if keep_on_device:
            x_t, y_t = x_t.to(device), y_t.to(device)
        elif device.type == "cuda":
            x_t, y_t = x_t.pin_memory(), y_t.pin_memory()
        self.x, self.y = x_t, y_t

    @property
    def num_samples(self) -> int:
        """Samples this rank sees per epoch (equal on every rank)."""
        return len(self.x) // self.world if self.world > 1 else len(self.x)

    def __len__(self) -> int:
        return math.ceil(self.num_samples / self.batch_size)

    def _indices(self):
        import torch

        n = len(self.x)
        order = torch.randperm(n, generator=self.generator) if self.shuffle else torch.arange(n)
        if self.lengths is not None:
            order = self._grouped(order)
        if self.world > 1:
            order = order[: self.num_samples * self.world][self.rank :: self.world]
        return order

    def _grouped(self, order: Any) -> Any:
        """The shuffled order in length-bucketed batches (``engine/buckets.py``): similar lengths
        share a batch, so dynamic padding or packing pays little; the same generator keeps
        resume exact."""
        from dlkit.engine.buckets import bucketed

        return bucketed(order, self.lengths, self.batch_size * self.world, self.generator)

    def __iter__(self) -> Iterator[tuple[Any, Any]]:
        order = self._indices()
        sequential = not self.shuffle and self.world == 1
        for start in range(0, len(order), self.batch_size):
            if sequential:
                xb, yb = (
                    self.x[start : start + self.batch_size],
                    self.y[start : start + self.batch_size],
                )
            elif isinstance(self.x, np.ndarray):
                idx = order[start : start + self.batch_size]
                xb = self.x[idx.numpy()]
                yb = (
                    self.y[idx.numpy()]
                    if isinstance(self.y, np.ndarray)
                    else self.y.index_select(0, idx.to(self.y.device))
                )
            else:
                idx = order[start : start + self.batch_size].to(self.x.device)
                # index_select copies whole rows: far faster than advanced indexing on CPU
                xb, yb = self.x.index_select(0, idx), self.y.index_select(0, idx)
            if isinstance(xb, np.ndarray):
                xb, yb = xb.tolist(), yb.tolist() if isinstance(yb, np.ndarray) else yb
            elif xb.device != self.device:
                if self.device.type == "cuda" and not xb.is_pinned():
                    xb, yb = xb.pin_memory(), yb.pin_memory()  # gathered rows are unpinned
                xb = xb.to(self.device, non_blocking=True)
                yb = yb.to(self.device, non_blocking=True)
            yield self.transform(xb, train=self.train), yb

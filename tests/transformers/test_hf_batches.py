"""Length-grouped text batches: similar lengths share a batch, every row still comes once per
epoch, and the order is the generator's (so resume stays exact)."""

from __future__ import annotations

import numpy as np
import torch

from dlkit.engine.loader import ArrayLoader
from dlkit.families.text.text_input import strings


def _batches(group: bool, seed: int = 0) -> list[list[str]]:
    rng = np.random.default_rng(0)
    texts = strings(["x" * int(n) for n in rng.integers(1, 400, size=256)])
    loader = ArrayLoader(
        texts,
        np.arange(256),
        16,
        torch.device("cpu"),
        lambda x, train: x,
        shuffle=True,
        generator=torch.Generator().manual_seed(seed),
        train=True,
        group_by_length=group,
    )
    return [xb for xb, _ in loader]


def test_grouped_batches_pad_less_and_keep_every_row_once():
    grouped, plain = _batches(True), _batches(False)

    def padding(batches):
        return sum(max(map(len, b)) * len(b) - sum(map(len, b)) for b in batches)

    assert sorted(t for b in grouped for t in b) == sorted(t for b in plain for t in b)
    assert padding(grouped) < padding(plain) / 5
    assert _batches(True) == grouped and _batches(True, seed=1) != grouped

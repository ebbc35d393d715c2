"""A family that lives outside dlkit: the sum of two handwritten digits.

It registers, through ``dlkit.plugins`` only, a task of its own (``digit_sum``: one value out,
MSE loss, the share of sums it gets exactly right as its metric), a data module (``digit_pairs``:
two of scikit-learn's bundled digits side by side, 8×16 pixels), a model (``pair_net``) and a
recipe folder. Images go through dlkit's shared image input, so predict, export and serve work as
for any image run.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from dlkit.data.base import Dataset, Split, holdout
from dlkit.data.inputs import ImageInput
from dlkit.plugins import DATASETS, MODELS, TASKS, add_recipes


class DigitSum:
    name = "digit_sum"
    metric = "exact"
    losses = ("mse",)
    monitor = "val_loss"
    report = "regression"
    postprocess = "round output 0 to the nearest whole number"
    has_classes = False
    max_classes = None
    compares_as = "digit_sum"

    def outputs(self, dataset_outputs: int) -> int:
        return 1

    def make_loss(self, name: str, label_smoothing: float, weights: Any) -> Any:
        import torch.nn.functional as F

        return lambda out, y: F.mse_loss(out[:, 0].float(), y.float())

    def metric_sum(self, out: Any, y: Any) -> Any:
        return (out[:, 0].round() == y).sum()

    def predict(self, out: Any) -> tuple[Any, Any]:
        return out[:, 0].round(), out.float()


@DATASETS.register("digit_pairs")
def digit_pairs(
    seed: int = 0, pairs: int = 1200, val_fraction: float = 0.15, test_fraction: float = 0.15
) -> Dataset:
    from sklearn.datasets import load_digits

    bunch = load_digits()
    images = np.rint(bunch.images * (255.0 / 16.0)).astype(np.uint8)
    rng = np.random.default_rng(seed)
    left, right = rng.integers(0, len(images), pairs), rng.integers(0, len(images), pairs)
    x = np.concatenate([images[left], images[right]], axis=2)  # (N, 8, 16)
    y = (bunch.target[left] + bunch.target[right]).astype(np.float32)
    rest, test = holdout(x, y, test_fraction, seed, stratify=False)
    train, val = holdout(rest.x, rest.y, val_fraction, seed, stratify=False)
    spec = ImageInput([1, 8, 16], [0.3], [0.4], background="dark")
    return Dataset(
        train=train,
        val=val,
        test=test or Split(x[:0], y[:0]),
        input_spec=spec,
        info={"source": "two sklearn digits side by side"},
    )


@MODELS.register("pair_net")
def pair_net(in_shape: list[int], num_outputs: int, hidden: int = 64) -> Any:
    from torch import nn

    size = int(np.prod(in_shape))
    return nn.Sequential(
        nn.Flatten(), nn.Linear(size, hidden), nn.ReLU(), nn.Linear(hidden, num_outputs)
    )


TASKS.register("digit_sum")(DigitSum)
add_recipes(Path(__file__).parent / "recipes", origin="digit-sum-plugin")

"""The cats-vs-dogs convnet of seed 004 (Chollet, ch. 5.2): four conv 3×3 ("valid") + ReLU +
2×2 max-pool blocks of 32/64/128/128 filters, flatten, [dropout], dense 512 + ReLU, one output logit
(sigmoid/BCE via ``task: binary``). On 150×150×3 inputs with one output it has exactly 3,453,121
parameters, like the Keras summary; ``dropout: 0.5`` (after flatten, as in the seed) is the
augmented variant, with the same count."""

from __future__ import annotations

from torch import nn

from dlkit.components import MODELS
from dlkit.errors import UsageError
from dlkit.registry import Fraction, NonEmptySizes, PositiveInt


@MODELS.register("catsdogs_cnn")
def catsdogs_cnn(
    in_shape: list[int],
    num_outputs: int,
    channels: NonEmptySizes = [32, 64, 128, 128],
    hidden: PositiveInt = 512,
    dropout: Fraction = 0.0,
) -> nn.Module:
    in_ch, height, width = in_shape
    if min(_shrink(height, len(channels)), _shrink(width, len(channels))) < 1:
        smallest = next(s for s in range(3, 10_000) if _shrink(s, len(channels)) >= 1)
        raise UsageError(
            f"data.image_size: {height}x{width} is too small for {len(channels)} "
            f"conv+pool blocks; use at least {smallest}"
        )
    layers: list[nn.Module] = []
    for out_ch in channels:
        layers += [nn.Conv2d(in_ch, out_ch, 3), nn.ReLU(), nn.MaxPool2d(2)]
        in_ch = out_ch
    height, width = _shrink(height, len(channels)), _shrink(width, len(channels))
    head: list[nn.Module] = [nn.Flatten()]
    if dropout > 0:
        head.append(nn.Dropout(dropout))
    head += [nn.Linear(in_ch * height * width, hidden), nn.ReLU(), nn.Linear(hidden, num_outputs)]
    return nn.Sequential(*layers, *head)


def _shrink(size: int, blocks: int) -> int:
    """Side length after ``blocks`` of conv 3×3 (valid) + 2×2 max-pool."""
    for _ in range(blocks):
        size = (size - 2) // 2
    return size

"""Stacked LSTMs for windows of daily features: ``lstm`` (the stock seed's day-6 network).

Input (batch, window, features); each LSTM in ``hidden`` feeds its whole output sequence to the
next (the seed's ``return_sequences=True``), the last layer's final time step goes through optional
dropout into a linear layer with ``num_outputs`` values. ``hidden: [128, 64]`` is the seed's
LSTM 128 → LSTM 64 → Dense 1.
"""

from __future__ import annotations

import torch
from torch import nn

from dlkit.components import MODELS
from dlkit.errors import UsageError
from dlkit.registry import Fraction, NonEmptySizes


class StackedLSTM(nn.Module):
    def __init__(self, features: int, num_outputs: int, hidden: list[int], dropout: float) -> None:
        super().__init__()
        sizes = [features, *hidden]
        self.layers = nn.ModuleList(
            nn.LSTM(a, b, batch_first=True) for a, b in zip(sizes, sizes[1:])
        )
        self.dropout = nn.Dropout(dropout)
        self.head = nn.Linear(sizes[-1], num_outputs)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        for layer in self.layers:
            x, _ = layer(x)
            x = self.dropout(x)
        return self.head(x[:, -1])


@MODELS.register("lstm")
def lstm(
    in_shape: list[int],
    num_outputs: int,
    hidden: NonEmptySizes = [128, 64],
    dropout: Fraction = 0.0,
) -> StackedLSTM:
    if len(in_shape) != 2:
        raise UsageError(
            f"model lstm needs inputs shaped [window, features], not {in_shape}; "
            "use it with a series data module such as 'stock'"
        )
    return StackedLSTM(int(in_shape[1]), num_outputs, list(hidden), float(dropout))

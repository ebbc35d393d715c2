"""Stacked LSTMs for windows of daily features: ``lstm`` (the stock seed's day-6 network).

Input (batch, window, features); each LSTM in ``hidden`` feeds its whole output sequence to the
next (the seed's ``return_sequences=True``), the last layer's final time step goes through optional
dropout into a linear layer with ``num_outputs`` values. ``hidden: [128, 64]`` is the seed's
LSTM 128 → LSTM 64 → Dense 1.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from dlkit.components import MODELS
from dlkit.errors import UsageError


@cache
def _module_class() -> type:
    """The nn.Module class, defined on first use so importing this file stays free of torch."""
    from torch import nn

    class StackedLSTM(nn.Module):
        def __init__(self, features: int, num_outputs: int, hidden: list[int],
                     dropout: float) -> None:
            super().__init__()
            sizes = [features, *hidden]
            self.layers = nn.ModuleList(nn.LSTM(a, b, batch_first=True)
                                        for a, b in zip(sizes, sizes[1:]))
            self.dropout = nn.Dropout(dropout)
            self.head = nn.Linear(sizes[-1], num_outputs)

        def forward(self, x: Any) -> Any:
            for layer in self.layers:
                x, _ = layer(x)
                x = self.dropout(x)
            return self.head(x[:, -1])

    return StackedLSTM


@MODELS.register("lstm")
def lstm(in_shape: list[int], num_outputs: int, hidden: list[int] = [128, 64],
         dropout: float = 0.0):
    if len(in_shape) != 2:
        raise UsageError(f"model lstm needs inputs shaped [window, features], not {in_shape}; "
                         "use it with a series data module such as 'stock'")
    if not hidden or any(h < 1 for h in hidden):
        raise UsageError("model.hidden: list one or more LSTM sizes, e.g. [128, 64]")
    if not 0 <= dropout < 1:
        raise UsageError(f"model.dropout must be in [0, 1), not {dropout}")
    return _module_class()(int(in_shape[1]), num_outputs, list(hidden), float(dropout))

"""The tutorial's simple RNN for weekly sales (Activity 6.01): ``rnn``.

Input (batch, weeks) of one product's scaled sales; output (batch, weeks), column t being the
forecast for week t+1, to compare with the ``weekly_sales`` targets (the weeks shifted by one).

- default: the RNN template of the tutorial (``nn.RNN(input_size, hidden, layers,
  batch_first=True)`` + ``nn.Linear(hidden, 1)`` applied to every step's output) used as a
  sequence model: one week per time step (input_size 1), so the state carries the history and
  step t sees weeks 0..t only; its last step forecasts the next week.
- ``legacy: true``: Activity 6.01 exactly: the 51 weeks as 51 *features* of a single time step,
  ``nn.RNN(51, 10, 1)`` + ``Linear(10, 1)`` (641 parameters), and its loss
  ``MSELoss()(targets, pred)``, which broadcasts the (N, 1) prediction against the (N, 51)
  shifted targets: one value trained to be close to all 51 next weeks at once, i.e. to the
  product's mean week, never to week 51 in particular (and with one time step the "RNN" is a tanh
  layer). The prediction is expanded over the 51 target columns, so the task's MSE computes
  exactly that broadcast loss (same value and gradients) without PyTorch's size warning. Kept to
  reproduce the tutorial's numbers; the default is the set-up that forecasts.
"""

from __future__ import annotations

import torch
from torch import nn

from dlkit.components import MODELS
from dlkit.errors import UsageError
from dlkit.registry import PositiveInt


class WeeklyRNN(nn.Module):
    """One week per time step; every step's output is the next week's forecast."""

    def __init__(self, hidden: int, layers: int) -> None:
        super().__init__()
        self.rnn = nn.RNN(1, hidden, layers, batch_first=True)
        self.output = nn.Linear(hidden, 1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        out, _ = self.rnn(x.unsqueeze(-1))  # (N, weeks, hidden); hidden starts at 0
        return self.output(out).squeeze(-1)


class LegacyRNN(nn.Module):
    """Activity 6.01's network: all weeks as the features of one time step."""

    def __init__(self, weeks: int, hidden: int, layers: int) -> None:
        super().__init__()
        self.hidden_size = hidden
        self.rnn = nn.RNN(weeks, hidden, layers, batch_first=True)
        self.output = nn.Linear(hidden, 1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        out, _ = self.rnn(x.unsqueeze(1))  # (N, 1, weeks): seq_len 1, as the tutorial
        pred = self.output(out.reshape(-1, self.hidden_size))  # (N, 1)
        return pred.expand(-1, x.shape[1])  # the broadcast over the shifted targets


@MODELS.register("rnn")
def rnn(
    in_shape: list[int],
    num_outputs: int,
    hidden: PositiveInt = 10,
    layers: PositiveInt = 1,
    legacy: bool = False,
) -> nn.Module:
    if len(in_shape) != 1 or num_outputs != in_shape[0]:
        raise UsageError(
            f"model rnn takes one row of weeks and forecasts each next week "
            f"(inputs [weeks], as many outputs); got inputs {in_shape} and "
            f"{num_outputs} outputs: use it with the weekly_sales data module"
        )
    if legacy:
        return LegacyRNN(int(in_shape[0]), int(hidden), int(layers))
    return WeeklyRNN(int(hidden), int(layers))

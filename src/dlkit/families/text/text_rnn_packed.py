"""Recurrent text classifiers that read only the real tokens: packed sequences, no padding steps.

Used by the ``-plus`` text recipes (``imdb-bilstm-plus``); the tutorial-named recipes keep the
padded networks of ``families/text/text_rnn.py``. The input is the same padded id array the ``text`` data
module gives (``in_shape`` ``[max_len, vocab_size]``, id 0 = ``<pad>``), pre- or post-padded: each
row's tokens are moved to the front (order kept), the batch is cut to its longest text, and
``pack_padded_sequence`` runs the LSTM over each text's real length only. With length-bucketed
batches (``data.group_by_length: true``, ``engine/buckets.py``) a batch of tweets costs tens of
steps, not the 500 a padded batch pays.

- ``text_bilstm_packed``: Embedding → BiLSTM → the top layer's final states ``h_n``: the forward
  direction's state at the text's real last token and the backward direction's state at its first
  token (2 × hidden) → Linear ``fc`` → Linear to the classes. The output for a text does not depend
  on how much padding surrounds it (tested).

- ``text_lstm_packed``: Embedding → stacked LSTM → the top layer's ``h_n`` (the state at the
  text's real last token) → Linear: ``text_lstm`` (sentiment-lstm) without the padding steps.

A float input of shape (batch, max_len, vocab_size) is read as one-hot rows (``argmax`` 0 = pad),
as in ``families/text/text_rnn.py``, whose embedding and input check these share.
"""

from __future__ import annotations

from typing import Literal

import torch
import torch.nn.functional as F
from torch import nn
from torch.nn.utils.rnn import pack_padded_sequence

from dlkit.components import MODELS
from dlkit.families.text.text_rnn import TokenEmbedding, text_shape
from dlkit.registry import Fraction, PositiveInt


def left_align(x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """``x`` (batch, T) ids or (batch, T, V) one-hot rows with every row's tokens first and the
    batch cut to its longest text, and the lengths (at least 1: an empty text reads one pad)."""
    ids = x.argmax(-1) if x.is_floating_point() else x
    mask = ids != 0
    lengths = mask.sum(1)
    width = max(int(lengths.max()) if len(lengths) else 1, 1)
    if bool((~mask[:, :-1] & mask[:, 1:]).any()):  # some row has padding before a token
        order = torch.sort((~mask).to(torch.uint8), dim=1, stable=True).indices
        if x.is_floating_point():
            x = x.gather(1, order.unsqueeze(-1).expand_as(x))
        else:
            x = x.gather(1, order)
    return x[:, :width], lengths.clamp(min=1)


class PackedBiLSTM(nn.Module):
    def __init__(
        self,
        vocab: int,
        num_outputs: int,
        embedding_dim: int,
        hidden_size: int,
        num_layers: int,
        fc: int,
        head: str,
        dropout: float,
    ) -> None:
        super().__init__()
        self.embed = TokenEmbedding(vocab, embedding_dim)
        self.lstm = nn.LSTM(
            embedding_dim,
            hidden_size,
            num_layers,
            bidirectional=True,
            batch_first=True,
            dropout=dropout if num_layers > 1 else 0.0,
        )
        self.fc = nn.Linear(hidden_size * 2, fc)  # forward at the last token, backward at the first
        self.fc1 = nn.Linear(fc, num_outputs)
        self.head = head

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x, lengths = left_align(x)
        packed = pack_padded_sequence(
            self.embed(x), lengths.cpu(), batch_first=True, enforce_sorted=False
        )
        _, (h_n, _) = self.lstm(packed)
        x = torch.cat((h_n[-2], h_n[-1]), 1)  # the top layer's two directions
        x = self.fc1(F.relu(self.fc(x)))
        return torch.sigmoid(F.relu(x)) if self.head == "seed" else x


class PackedLSTM(nn.Module):
    def __init__(
        self,
        vocab: int,
        num_outputs: int,
        embedding_dim: int,
        hidden_size: int,
        num_layers: int,
        dropout: float,
    ) -> None:
        super().__init__()
        self.embed = TokenEmbedding(vocab, embedding_dim)
        self.lstm = nn.LSTM(
            embedding_dim,
            hidden_size,
            num_layers,
            batch_first=True,
            dropout=dropout if num_layers > 1 else 0.0,
        )
        self.output = nn.Linear(hidden_size, num_outputs)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x, lengths = left_align(x)
        packed = pack_padded_sequence(
            self.embed(x), lengths.cpu(), batch_first=True, enforce_sorted=False
        )
        _, (h_n, _) = self.lstm(packed)
        return self.output(h_n[-1])  # the top layer at the last real token


@MODELS.register("text_bilstm_packed")
def text_bilstm_packed(
    in_shape: list[int],
    num_outputs: int,
    embedding_dim: PositiveInt = 256,
    hidden_size: PositiveInt = 64,
    num_layers: PositiveInt = 2,
    fc: PositiveInt = 20,
    head: Literal["seed", "logits"] = "logits",
    dropout: Fraction = 0.0,
) -> PackedBiLSTM:
    return PackedBiLSTM(
        text_shape("text_bilstm_packed", in_shape)[1],
        num_outputs,
        embedding_dim,
        hidden_size,
        num_layers,
        fc,
        head,
        float(dropout),
    )


@MODELS.register("text_lstm_packed")
def text_lstm_packed(
    in_shape: list[int],
    num_outputs: int,
    embedding_dim: PositiveInt = 64,
    hidden_size: PositiveInt = 128,
    num_layers: PositiveInt = 3,
    dropout: Fraction = 0.0,
) -> PackedLSTM:
    return PackedLSTM(
        text_shape("text_lstm_packed", in_shape)[1],
        num_outputs,
        embedding_dim,
        hidden_size,
        num_layers,
        float(dropout),
    )

"""Recurrent networks for text: the IMDB BiLSTM, the Amazon sentiment LSTM and the char-LM.

Word models take token ids (batch, max_len) from a ``text`` input spec (``in_shape`` is
``[max_len, vocab_size]``); a float input of shape (batch, max_len, vocab_size) is read as one-hot
(or soft) rows and multiplied into the embedding, which is what an embedding lookup is.

- ``text_bilstm`` (seed ``000a.md`` §7): Embedding 256 → BiLSTM 64 × 2 layers → the first and the
  last time step's outputs concatenated (256) → Linear 20 → Linear 2. ``head: seed`` keeps the
  seed's ReLU after each linear layer and a sigmoid before the cross-entropy; ``head: logits``
  gives the last layer's raw outputs.
- ``text_lstm`` (seed ``001-003.md`` §3.9): Embedding 64 → LSTM 128 × 3 → the last time step →
  Linear 1 (a logit: BCE-with-logits is the seed's sigmoid + BCELoss).
- ``char_lstm`` (seed ``001-003.md`` §3.5–3.7): one-hot characters → LSTM 256 × 2 → Linear to the
  characters. Ids (batch, T) give logits (batch, n_chars, T), the layout cross-entropy takes per
  time step; a float (batch, n_chars) input is one step of one-hot characters and gives
  (batch, n_chars). ``forward(x, states, keep_state=True)`` also returns the LSTM state, which the
  ``bptt`` step carries (detached) from chunk to chunk and generation carries from char to char.
"""

from __future__ import annotations

from typing import Any, Literal

import torch
import torch.nn.functional as F
from torch import nn

from dlkit.components import MODELS
from dlkit.errors import UsageError
from dlkit.registry import Fraction, PositiveInt


def text_shape(name: str, in_shape: list[int]) -> tuple[int, int]:
    """(max_len, vocab size) of token-id inputs, or the one-line error for other inputs."""
    if len(in_shape) != 2 or in_shape[1] < 2:
        raise UsageError(
            f"model {name} needs token ids of a vocabulary ([max_len, vocab_size]), "
            f"not inputs shaped {in_shape}; use it with the 'text' data module"
        )
    return int(in_shape[0]), int(in_shape[1])


class TokenEmbedding(nn.Module):
    """An embedding that also takes one-hot float rows (one_hot(ids) @ W is the lookup)."""

    def __init__(self, vocab: int, dim: int) -> None:
        super().__init__()
        self.embedding = nn.Embedding(vocab, dim, padding_idx=0)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if x.is_floating_point():
            return x @ self.embedding.weight
        return self.embedding(x)


class TextBiLSTM(nn.Module):
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
        self.fc = nn.Linear(hidden_size * 4, fc)  # first and last step, two directions each
        self.fc1 = nn.Linear(fc, num_outputs)
        self.head = head

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        states, _ = self.lstm(self.embed(x))
        x = torch.cat((states[:, 0], states[:, -1]), 1)
        x = self.fc1(F.relu(self.fc(x)))
        return torch.sigmoid(F.relu(x)) if self.head == "seed" else x


class TextLSTM(nn.Module):
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
        out, _ = self.lstm(self.embed(x))
        return self.output(out[:, -1])


class CharLSTM(nn.Module):
    def __init__(self, chars: int, hidden_size: int, num_layers: int, dropout: float) -> None:
        super().__init__()
        self.chars = chars
        self.lstm = nn.LSTM(
            chars,
            hidden_size,
            num_layers,
            batch_first=True,
            dropout=dropout if num_layers > 1 else 0.0,
        )
        self.output = nn.Linear(hidden_size, chars)

    def forward(self, x: torch.Tensor, states: Any = None, keep_state: bool = False) -> Any:
        single = x.is_floating_point() and x.ndim == 2
        if not x.is_floating_point():
            x = F.one_hot(x, self.chars).float()
        elif single:
            x = x.unsqueeze(1)
        out, states = self.lstm(x, states)
        logits = self.output(out)  # (batch, T, chars)
        logits = logits[:, 0] if single else logits.transpose(1, 2)
        return (logits, states) if keep_state else logits


@MODELS.register("text_bilstm")
def text_bilstm(
    in_shape: list[int],
    num_outputs: int,
    embedding_dim: PositiveInt = 256,
    hidden_size: PositiveInt = 64,
    num_layers: PositiveInt = 2,
    fc: PositiveInt = 20,
    head: Literal["seed", "logits"] = "seed",
    dropout: Fraction = 0.0,
) -> TextBiLSTM:
    _, vocab = text_shape("text_bilstm", in_shape)
    return TextBiLSTM(
        vocab, num_outputs, embedding_dim, hidden_size, num_layers, fc, head, float(dropout)
    )


@MODELS.register("text_lstm")
def text_lstm(
    in_shape: list[int],
    num_outputs: int,
    embedding_dim: PositiveInt = 64,
    hidden_size: PositiveInt = 128,
    num_layers: PositiveInt = 3,
    dropout: Fraction = 0.0,
) -> TextLSTM:
    _, vocab = text_shape("text_lstm", in_shape)
    return TextLSTM(vocab, num_outputs, embedding_dim, hidden_size, num_layers, float(dropout))


@MODELS.register("char_lstm")
def char_lstm(
    in_shape: list[int],
    num_outputs: int,
    hidden_size: PositiveInt = 256,
    num_layers: PositiveInt = 2,
    dropout: Fraction = 0.0,
) -> CharLSTM:
    if len(in_shape) != 1 or in_shape[0] != num_outputs:
        raise UsageError(
            f"model char_lstm needs one-hot characters ([n_chars]), not inputs "
            f"shaped {in_shape}; use it with the 'text_stream' data module"
        )
    return CharLSTM(int(in_shape[0]), hidden_size, num_layers, float(dropout))

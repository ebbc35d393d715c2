"""Typed input specs for text: how raw texts become model inputs, stored in every checkpoint.

- ``text`` (``TextInput``): texts for a classifier. With a vocabulary, each text is cleaned
  (``clean``), tokenised (``tokenizer``), mapped to ids (``vocab``: ``<pad>`` 0, ``<unk>`` 1) and
  padded/truncated to ``max_len`` with Keras' ``pad_sequences`` semantics (``padding``,
  ``truncating``); ``shape`` is ``[max_len, vocab_size]``, the one-hot shape an embedding
  replaces. Without one (``vocab: null``, the TF-IDF estimators, whose pipeline tokenises), the
  cleaned strings themselves are the inputs and ``shape`` is ``[1]``.
- ``chars`` (``CharInput``): a character language model's inputs, ids of the sorted characters of
  the training text (``chars``), in chunks of ``seq_length``; ``shape`` is ``[seq_length, n_chars]``.

Both are registered in ``components.INPUT_KINDS``; ``data/inputs.input_from_dict`` rebuilds them
from a checkpoint, and the predictors in ``families/text/text_predictor.py`` and ``families/text/chars_predictor.py`` use them.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, ClassVar

import numpy as np

from dlkit.components import INPUT_KINDS
from dlkit.errors import DataError


def strings(texts: list[str]) -> np.ndarray:
    """A 1-D object array of the texts (what the loaders batch as lists of strings)."""
    out = np.empty(len(texts), dtype=object)
    out[:] = list(texts)
    return out


class IdsBatchTransform:
    """Token-id batches: cast to int64 (the embedding's index type); strings pass through."""

    def __call__(self, x: Any, train: bool = False, generator: Any = None) -> Any:
        import torch

        return x.long() if isinstance(x, torch.Tensor) else x


@INPUT_KINDS.register("text")
@dataclass
class TextInput:
    kind: ClassVar[str] = "text"
    shape: list[int]
    clean: list[str] = field(default_factory=list)
    tokenizer: str = "words"
    vocab: list[str] | None = None
    max_len: int | None = None
    padding: str = "pre"
    truncating: str = "pre"
    text_column: str | None = None
    label_column: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, **asdict(self)}

    def batch_transform(self, augment: Any = None) -> IdsBatchTransform:
        return IdsBatchTransform()

    def cleaned(self, texts: list[str]) -> list[str]:
        from dlkit.families.text.text_prep import clean

        return clean(texts, self.clean)

    def tokens(self, texts: list[str]) -> list[list[str]]:
        from dlkit.families.text.text_prep import tokenize

        return tokenize(self.cleaned(texts), self.tokenizer)

    def encode(self, texts: list[str]) -> np.ndarray:
        """Model inputs for raw texts: (N, max_len) int64 ids, or (N,) cleaned strings."""
        if self.vocab is None:
            return strings(self.cleaned(texts))
        from dlkit.families.text.sequences import pad_sequences

        ids = self.vocabulary().encode(self.tokens(texts))
        return pad_sequences(
            ids, self.max_len, dtype="int64", padding=self.padding, truncating=self.truncating
        )

    def vocabulary(self) -> Any:
        from dlkit.families.text.text_prep import Vocabulary

        if getattr(self, "_vocab", None) is None:
            if not self.vocab:
                raise DataError("this text run has no vocabulary")
            try:
                self._vocab = Vocabulary(list(self.vocab))
            except ValueError as exc:  # an edited checkpoint
                raise DataError(f"the checkpoint's vocabulary is damaged ({exc})") from None
        return self._vocab

    def sample(self, n: int, seed: int = 0) -> np.ndarray:
        """``n`` rows of random known token ids, (n, max_len) int64: what ``export`` traces and
        verifies a text network with (the vocabulary and cleaning go in its sidecar JSON)."""
        if self.vocab is None:
            from dlkit.errors import UsageError

            raise UsageError(
                "this text run feeds cleaned strings to a fitted estimator; there "
                "is no network to export"
            )
        rng = np.random.default_rng(seed)
        return rng.integers(2, max(len(self.vocab), 3), (n, self.max_len or 16), dtype=np.int64)

    def decode(self, x: np.ndarray) -> list[str]:
        """Inputs back to (cleaned, known-token) text, for reports on data without raw texts."""
        if self.vocab is None:
            return [str(v) for v in x]
        vocab = self.vocabulary()
        return [" ".join(vocab.decode(row)) for row in np.asarray(x)]

    def labelled(self, path: str, classes: list[str]) -> tuple[np.ndarray, np.ndarray, list[str]]:
        """A labelled file of this run's classes: (inputs, class ids, raw texts)."""
        from dlkit.families.text.text_files import read_labelled

        texts, labels, _, _ = read_labelled(path, self.text_column, self.label_column, None)
        unknown = sorted(set(labels) - set(classes))
        if unknown:
            raise DataError(
                f"--data {path}: labels {unknown[:5]} are not among this run's classes {classes}"
            )
        y = np.asarray([classes.index(label) for label in labels], dtype=np.int64)
        return self.encode(texts), y, texts


@INPUT_KINDS.register("chars")
@dataclass
class CharInput:
    kind: ClassVar[str] = "chars"
    shape: list[int]
    chars: list[str] = field(default_factory=list)
    seq_length: int = 50

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, **asdict(self)}

    def batch_transform(self, augment: Any = None) -> IdsBatchTransform:
        return IdsBatchTransform()

    def index(self) -> dict[str, int]:
        return {c: i for i, c in enumerate(self.chars)}

    def encode(self, text: str) -> tuple[np.ndarray, list[str]]:
        """(ids of the known characters, the unknown characters, in order of appearance)."""
        index = self.index()
        ids = [index[c] for c in text if c in index]
        unknown = list(dict.fromkeys(c for c in text if c not in index))
        return np.asarray(ids, dtype=np.int64), unknown

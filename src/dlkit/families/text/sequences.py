"""Keras' sequence utilities with Keras' semantics: ``pad_sequences`` and ``to_categorical``.

``pad_sequences(seqs, maxlen, padding="pre", truncating="pre", value=0)`` is
``keras.preprocessing.sequence.pad_sequences``: every sequence becomes exactly ``maxlen`` long
(the longest one when ``maxlen`` is None); ``padding`` says on which side the ``value`` goes and
``truncating`` which end of a long sequence is cut (Keras' defaults are both ``pre``: a long
sequence loses its *beginning*; the Keras cheat sheet's "the later data is deleted" is
``truncating="post"``). ``to_categorical(labels, num_classes=None)`` is
``keras.utils.to_categorical``: one-hot rows, ``max(labels) + 1`` columns unless told, so labels
1..3 give four columns — map labels through a class index first. The text data modules
(``families/text/text_data.py``) and the text input spec (``families/text/text_input.py``) pad with these; they work
without a Python loop over tokens, so 50,000 reviews pad in milliseconds.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np


def pad_sequences(
    sequences: Iterable[Sequence[int]],
    maxlen: int | None = None,
    dtype: str = "int32",
    padding: str = "pre",
    truncating: str = "pre",
    value: int | float = 0,
) -> np.ndarray:
    """(len(sequences), maxlen) array of the sequences padded and truncated as Keras does."""
    if padding not in ("pre", "post") or truncating not in ("pre", "post"):
        raise ValueError("padding and truncating must each be 'pre' or 'post'")
    seqs = [np.asarray(s) for s in sequences]
    lengths = np.fromiter((len(s) for s in seqs), dtype=np.int64, count=len(seqs))
    if maxlen is None:
        maxlen = int(lengths.max()) if len(lengths) else 0
    if maxlen < 0:
        raise ValueError("maxlen must be at least 0")
    out = np.full((len(seqs), maxlen), value, dtype=dtype)
    if not seqs or maxlen == 0:
        return out
    flat = np.concatenate(seqs) if lengths.sum() else np.zeros(0, dtype=dtype)
    return _place(flat, lengths, out, padding, truncating)


def _place(
    flat: np.ndarray, lengths: np.ndarray, out: np.ndarray, padding: str, truncating: str
) -> np.ndarray:
    """Scatter the concatenated sequences into ``out`` (rows already filled with the value)."""
    maxlen = out.shape[1]
    kept = np.minimum(lengths, maxlen)
    starts = np.concatenate([[0], np.cumsum(lengths)[:-1]])
    # the first element of each sequence that survives truncation
    first = starts + (lengths - kept if truncating == "pre" else 0)
    rows = np.repeat(np.arange(len(lengths)), kept)
    within = np.arange(int(kept.sum())) - np.repeat(np.cumsum(kept) - kept, kept)
    source = np.repeat(first, kept) + within
    column = within + (np.repeat(maxlen - kept, kept) if padding == "pre" else 0)
    out[rows, column] = flat[source]
    return out


def to_categorical(
    labels: Iterable[int], num_classes: int | None = None, dtype: str = "float32"
) -> np.ndarray:
    """One-hot rows of integer labels (``max + 1`` columns unless ``num_classes`` is given)."""
    y = np.asarray(list(labels) if not isinstance(labels, np.ndarray) else labels, dtype=np.int64)
    shape = y.shape
    y = y.ravel()
    if len(y) and y.min() < 0:
        raise ValueError("labels must be at least 0")
    if num_classes is None:
        num_classes = int(y.max()) + 1 if len(y) else 0
    if len(y) and y.max() >= num_classes:
        raise ValueError(f"label {int(y.max())} does not fit {num_classes} classes")
    out = np.zeros((len(y), num_classes), dtype=dtype)
    out[np.arange(len(y)), y] = 1
    return out.reshape(*shape, num_classes) if len(shape) > 1 else out

"""One plain text file as a character stream for a language model: the ``text_stream`` module.

The charlm seed (``001-003.md`` §3.7): the characters are indexed (sorted, never ``set()`` order,
from the training text only), the stream is cut into ``sequences`` rows and each row into chunks
of ``seq_length`` characters, and the target of every character is the next one. Unlike the seed,
the last ``val_fraction`` of the text is held out as validation (set 0 for the seed's exact
29 batches of Alice); characters of that tail that training never saw are dropped.

Each sample is one whole row (``x``, ``y``: (sequences, chunks × seq_length) ids); the ``bptt``
training step (``families/text/bptt_step.py``) walks a row's chunks in order, carrying and detaching the
LSTM state, so shuffling rows changes nothing within a row.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from dlkit.components import DATASETS
from dlkit.data.base import Dataset, Split
from dlkit.errors import DataError, UsageError
from dlkit.families.text.text_input import CharInput
from dlkit.registry import Fraction, PositiveInt


def read_text(path: str | Path, encoding: str | None) -> tuple[str, list[str]]:
    from dlkit.families.text.text_files import decode

    file = Path(path).expanduser()
    if not file.is_file():
        from dlkit.files import not_a_file

        raise DataError(not_a_file(file) + ("; give the text file" if file.exists() else ""))
    size = file.stat().st_size
    if size > MAX_TEXT_BYTES:
        raise DataError(
            f"{file}: {size / 2**20:.0f} MiB of text; a character model reads at most "
            f"{MAX_TEXT_BYTES >> 20} MiB (cut the file)"
        )
    text, _, notes = decode(file.read_bytes(), file, encoding)
    return text, notes


MAX_TEXT_BYTES = 32 << 20  # a character model's corpus (the seed's book: 0.15 MiB)


def rows(ids: np.ndarray, sequences: int, seq_length: int) -> tuple[np.ndarray, np.ndarray]:
    """(x, y) of shape (sequences, batches × seq_length): the seed's ``reshape((n_seq, -1))``."""
    batches = (len(ids) - 1) // (sequences * seq_length)
    total = sequences * seq_length * batches
    x = ids[:total].reshape(sequences, -1)
    y = ids[1 : total + 1].reshape(sequences, -1)
    return np.ascontiguousarray(x), np.ascontiguousarray(y)


@DATASETS.register("text_stream")
def text_stream(
    path: str | None = None,
    seed: int = 0,
    encoding: str | None = None,
    sequences: PositiveInt = 100,
    seq_length: PositiveInt = 50,
    val_fraction: Fraction = 0.1,
) -> Dataset:
    if not path:
        raise UsageError("name the text file to learn from: --data FILE")
    text, notes = read_text(path, encoding)
    cut = len(text) - int(round(len(text) * val_fraction))
    train_text, val_text = text[:cut], text[cut:]
    need = sequences * seq_length + 1
    if len(train_text) < need:
        raise DataError(
            f"{path}: {len(train_text)} training characters; data.sequences × "
            f"data.seq_length needs at least {need}"
        )
    chars = sorted(set(train_text))
    index = {c: i for i, c in enumerate(chars)}
    train_ids = np.fromiter((index[c] for c in train_text), dtype=np.int64, count=len(train_text))
    x, y = rows(train_ids, sequences, seq_length)
    val = None
    val_ids = np.fromiter((index[c] for c in val_text if c in index), dtype=np.int64)
    if len(val_ids) > seq_length:
        n_val = max(1, min(sequences, (len(val_ids) - 1) // seq_length))
        vx, vy = rows(val_ids, n_val, seq_length)
        val = Split(vx, vy)
    spec = CharInput([len(chars)], chars=chars, seq_length=seq_length)
    info = {
        "source": str(path),
        "notes": notes,
        "characters": len(text),
        "batches_per_epoch": x.shape[1] // seq_length,
    }
    return Dataset(train=Split(x, y), val=val, test=None, input_spec=spec, classes=chars, info=info)

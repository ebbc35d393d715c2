"""Token ids on disk: a transformer recipe's texts are tokenised once per (tokenizer, settings,
texts), not once per run.

The transformer step builders (``families/transformers/hf_setup.py``) hand every split's texts to
``HFText.prefill``, which calls ``cached_ids`` here. The key is the sha256 of the tokenizer itself
(its class and full serialised vocabulary/rules, so two checkpoints sharing a tokenizer share the
cache and an edited tokenizer does not), ``max_length`` with truncation, and the texts in order —
the data's hash. A hit is one ``.npz`` of concatenated int32 ids plus offsets under
``cache_root()/tokens`` (no pickle); a miss tokenises and writes it atomically. An unwritable
cache only costs the tokenising.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from dlkit import files
from dlkit.caches import cache_root

SCHEME = "tokens-v1"  # bump when the ids a tokenizer call gives could change meaning


def tokenizer_identity(tokenizer: Any) -> str:
    """sha256 of what decides a tokenizer's ids: its class and its serialised rules."""
    backend = getattr(tokenizer, "backend_tokenizer", None)
    if backend is not None:
        body = backend.to_str()
    else:  # a slow (Python) tokenizer: its vocabulary and special tokens
        body = repr((sorted(tokenizer.get_vocab().items()), tokenizer.all_special_tokens))
    return hashlib.sha256(f"{type(tokenizer).__name__}\0{body}".encode()).hexdigest()


def cache_key(tokenizer: Any, texts: list[str], max_length: int) -> str:
    digest = hashlib.sha256(f"{SCHEME}\0{tokenizer_identity(tokenizer)}\0{max_length}".encode())
    for text in texts:
        digest.update(text.encode("utf-8", "surrogatepass"))
        digest.update(b"\0")
    return digest.hexdigest()


def cached_ids(
    tokenizer: Any,
    texts: list[str],
    max_length: int,
    tokenize: Callable[[list[str]], list[list[int]]],
    root: Path | None = None,
) -> tuple[list[list[int]], bool]:
    """(each text's ids, whether they came from the cache); ``tokenize`` makes them on a miss."""
    path = (root or cache_root()) / "tokens" / f"{cache_key(tokenizer, texts, max_length)}.npz"
    rows = _load(path, len(texts))
    if rows is not None:
        return rows, True
    rows = tokenize(texts)
    try:
        _save(path, rows)
    except OSError:
        pass  # a read-only cache folder still trains, just tokenising every run
    return rows, False


def _load(path: Path, count: int) -> list[list[int]] | None:
    try:
        with np.load(path, allow_pickle=False) as data:
            ids, offsets = data["ids"], data["offsets"]
    except (OSError, ValueError, KeyError):
        return None
    if len(offsets) != count + 1:
        return None
    return [ids[a:b].tolist() for a, b in zip(offsets[:-1], offsets[1:])]


def _save(path: Path, rows: list[list[int]]) -> None:
    offsets = np.zeros(len(rows) + 1, dtype=np.int64)
    offsets[1:] = np.cumsum([len(r) for r in rows])
    ids = np.fromiter((i for r in rows for i in r), dtype=np.int32, count=int(offsets[-1]))
    with files.atomic_path(path) as tmp:
        with open(tmp, "wb") as handle:
            np.savez(handle, ids=ids, offsets=offsets)

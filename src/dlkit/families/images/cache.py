"""The fast uint8 cache that ``prepare`` writes and ``train`` reads.

A cache file is an ``.npz`` of named arrays plus a fingerprint of its source files (name, size,
mtime); it is used only while the fingerprint still matches, so editing the data rebuilds it. Writes
are atomic. Bundled or generated data (no source files) is cached with an empty fingerprint.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import numpy as np

from dlkit import files


def fingerprint(sources: list[Path]) -> str:
    items = []
    for src in sorted(sources):
        stat = src.stat()
        items.append([src.name, stat.st_size, int(stat.st_mtime)])
    return json.dumps(items)


def load(cache_file: Path, sources: list[Path]) -> dict[str, np.ndarray] | None:
    """The cached arrays, or None when missing or stale."""
    if not cache_file.is_file():
        return None
    try:
        with np.load(cache_file, allow_pickle=False) as data:
            if str(data["__fingerprint__"]) != fingerprint(sources):
                return None
            return {k: data[k] for k in data.files if k != "__fingerprint__"}
    except (OSError, ValueError, KeyError):
        return None


def save(cache_file: Path, sources: list[Path], arrays: dict[str, np.ndarray]) -> Path:
    with files.atomic_path(cache_file) as tmp:
        with open(tmp, "wb") as handle:
            # numpy's stub types **kwds as its allow_pickle: bool
            np.savez(handle, __fingerprint__=np.array(fingerprint(sources)), **arrays)  # type: ignore[arg-type]
    return cache_file


def cached(
    cache_file: Path,
    sources: list[Path],
    build: Callable[[], dict[str, np.ndarray]],
    write: bool = True,
) -> dict[str, np.ndarray]:
    """Load ``cache_file`` if fresh, else ``build()`` the arrays (and save them when ``write``)."""
    arrays = load(cache_file, sources)
    if arrays is None:
        arrays = build()
        if write:
            try:
                save(cache_file, sources, arrays)
            except OSError:
                pass  # a read-only data folder still trains, just without the cache
    return arrays

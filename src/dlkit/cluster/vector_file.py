"""The vectors to cluster as one memory-mapped array on disk, one row per text, in row order.

Called by the embed stage (``stage_work.py``). ``embed_to_file`` has ``embed.embed_texts`` fill
the embedding cache (only what is missing is encoded; nothing is gathered in memory), then copies
the cached vectors shard by shard into an ``.npy`` file (float16 when the recipe caches float16)
and opens it with ``mmap_mode="r"``: the reduction's sample, the batched assignment and the
topics read the rows they need from disk, and the operating system keeps in memory only the pages
in use (``release`` hands back the pages a sweep has read). The largest block held is one cache
shard or ``BATCH`` rows. Without a cache folder
(``--no-cache``) the vectors are held in memory as before.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from dlkit.cluster import embed
from dlkit.errors import DataError

FILE_NAME = "x.npy"  # the file's name, also in the embed stage's cache entry
BATCH = 16_384  # rows copied at once from the unique vectors to the row-ordered file


def embed_to_file(
    texts: list[str], ref: embed.ModelRef, cache_dir: Path | None, **embed_kw: Any
) -> tuple[Any, embed.EmbedStats, Path | None]:
    """The vectors of ``texts`` (memory-mapped when there is a cache), their stats, and the file
    they are in (a temporary one in the cache folder, or None when held in memory)."""
    if cache_dir is None:
        x, stats = embed.embed_texts(texts, ref, cache_dir, **embed_kw)
        return x, stats, None
    _, stats = embed.embed_texts(texts, ref, cache_dir, gather=False, **embed_kw)
    cache = embed.EmbeddingCache(cache_dir, ref, embed_kw.get("float16", False))
    dest = cache.folder / f".rows-{os.getpid()}" / FILE_NAME
    return write_rows(cache, [embed.text_key(t) for t in texts], dest), stats, dest


def write_rows(cache: embed.EmbeddingCache, keys: list[str], dest: Path) -> Any:
    """Copy the cached vector of every key into ``dest`` (row i = keys[i]) and map it read-only;
    raises DataError when the cache lost a vector meanwhile."""
    import numpy as np

    from dlkit import files

    index: dict[str, int] = {}
    row_unique = np.fromiter(
        (index.setdefault(k, len(index)) for k in keys), dtype=np.int64, count=len(keys)
    )
    unique_path = dest.with_name(dest.stem + "-unique.npy")
    dest.parent.mkdir(parents=True, exist_ok=True)
    try:
        unique = _unique_vectors(cache, index, unique_path)
        with files.atomic_path(dest) as tmp:
            out = np.lib.format.open_memmap(
                tmp, mode="w+", dtype=unique.dtype, shape=(len(keys), unique.shape[1])
            )
            for start in range(0, len(keys), BATCH):
                out[start : start + BATCH] = unique[row_unique[start : start + BATCH]]
                release(out)
                release(unique)
            out.flush()
            del out, unique
    finally:
        unique_path.unlink(missing_ok=True)
    return np.load(dest, mmap_mode="r")


def as_file(x: Any, scratch: Path) -> Path:
    """The ``.npy`` file ``x`` is mapped from, or ``x`` saved (vectors blended in memory) as
    ``FILE_NAME`` in a new temporary folder under ``scratch``."""
    import tempfile

    current = getattr(x, "filename", None)
    if current is not None and Path(current).name == FILE_NAME:
        return Path(current)
    scratch.mkdir(parents=True, exist_ok=True)
    return save(x, Path(tempfile.mkdtemp(prefix=".rows-", dir=scratch)) / FILE_NAME)


def scratch(folder: Path, shape: tuple[int, int], name: str = "scratch.npy") -> Any:
    """A new zero-filled float32 array memory-mapped from a temporary ``.npy`` file under
    ``folder`` (its ``filename``; ``discard`` removes it)."""
    import tempfile

    import numpy as np

    folder.mkdir(parents=True, exist_ok=True)
    path = Path(tempfile.mkdtemp(prefix=".rows-", dir=folder)) / name
    return np.lib.format.open_memmap(path, mode="w+", dtype=np.float32, shape=shape)


def save(x: Any, dest: Path) -> Path:
    """``x`` as an ``.npy`` file (atomic), written in batches when it is memory-mapped."""
    import numpy as np

    from dlkit import files

    with files.atomic_path(dest) as tmp:
        out = np.lib.format.open_memmap(tmp, mode="w+", dtype=x.dtype, shape=x.shape)
        for start in range(0, len(x), BATCH):
            out[start : start + BATCH] = x[start : start + BATCH]
            release(out)
        out.flush()
        del out
    return dest


def release(x: Any) -> None:
    """Let the operating system drop ``x``'s pages from this process (flushed first): a sweep
    over a memory-mapped array would otherwise leave every page it read resident, and peak
    memory would grow with the rows. The data stays in the file; the next read pages it in."""
    import mmap

    handle = getattr(x, "_mmap", None)  # numpy.memmap's mapping (None for in-memory arrays)
    advise = getattr(handle, "madvise", None)  # absent on some platforms, as is the flag
    dont_need = getattr(mmap, "MADV_DONTNEED", None)
    if advise is None or dont_need is None:
        return
    if x.flags.writeable:
        x.flush()
    advise(dont_need)


def discard(path: Path | None) -> None:
    """Remove a temporary vector file and its folder (an open mapping of it stays readable)."""
    import shutil

    if path is not None:
        shutil.rmtree(path.parent, ignore_errors=True)


def _unique_vectors(cache: embed.EmbeddingCache, index: dict[str, int], path: Path) -> Any:
    """One row per unique key (``index`` order), read shard by shard into a memory-mapped file."""
    import numpy as np

    out: Any = None
    filled = np.zeros(len(index), dtype=bool)
    for shard in cache._shards():
        try:
            with np.load(shard) as data:
                pairs = [(i, index[k]) for i, k in enumerate(data["keys"].tolist()) if k in index]
                if not pairs:
                    continue
                source, target = np.asarray(pairs, dtype=np.int64).T
                vectors = data["vectors"]
        except Exception:  # noqa: BLE001, S112  (a damaged shard: its rows are checked below)
            continue
        if out is None:
            shape = (len(index), vectors.shape[1])
            out = np.lib.format.open_memmap(path, mode="w+", dtype=vectors.dtype, shape=shape)
        out[target] = vectors[source]
        release(out)
        filled[target] = True
        del vectors
    if out is None or not filled.all():
        raise DataError(
            f"the embedding cache in {cache.folder} lost vectors while this run read it; "
            "run the command again"
        )
    return out

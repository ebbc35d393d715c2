"""The stage cache of ``dlkit cluster``: each stage's output kept under a hash of its inputs.

Called by ``cluster/pipeline.py``. ``stage_keys`` chains one key per stage from the input file's
bytes, the model identity and the recipe settings each stage reads (``embed`` ← input + model +
lexical settings; ``reduce`` ← embed + the chosen reducer's options; ``cluster`` ← reduce + the
chosen algorithm's options; ``topics`` ← cluster + ``topics.*``; ``keywords`` ← topics + the
keyword settings; ``charts`` ← keywords; ``report`` ← charts + the names written into the
summary), so a changed setting changes the key of its stage and of every stage after it, and an
unchanged stage is read, not recomputed. ``StageStore`` keeps each entry as a folder
``<cache>/stages/<stage>/<key>/`` holding ``arrays.npz`` (no pickles), ``meta.json`` and any
output files, written to a temp folder and renamed into place; it keeps the ``KEEP`` most recently
used entries per stage. Nothing here imports more than the standard library until arrays are read.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from dlkit.errors import DataError

STAGES = ("embed", "reduce", "cluster", "topics", "keywords", "charts", "report")
VERSION = 1  # bump when a stage's computation changes, so old entries are not read
KEEP = 6


def digest(*parts: Any) -> str:
    """sha256 of the parts as canonical JSON (keys sorted; paths and tuples as strings/lists)."""
    blob = json.dumps(parts, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()[:32]


def file_digest(path: Path) -> str:
    """sha256 of the file's bytes (read in 1 MiB blocks)."""
    if not path.is_file():
        from dlkit.files import not_a_file

        raise DataError(f"input file not found: {path}" if not path.exists() else not_a_file(path))
    sha = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            sha.update(block)
    return sha.hexdigest()


def stage_keys(
    recipe: Any,
    input_digest: str,
    model_identity: str,
    reduce_options: dict[str, Any],
    cluster_options: dict[str, Any],
) -> dict[str, str]:
    """One key per stage (plus ``tokens``); each stage's key includes the key before it."""
    keys: dict[str, str] = {}
    source = [VERSION, input_digest, recipe.input.text_column]
    grouped = [recipe.input.near_duplicates, recipe.scale.model_dump()]
    keys["tokens"] = digest(source, recipe.keywords.ngrams, recipe.keywords.clean)
    lexical = [recipe.embed.lexical_weight, recipe.embed.model is None, recipe.seed]
    if recipe.embed.lexical_weight != 0:  # None (auto) or a weight: the blend reads the tokens
        lexical.append(keys["tokens"])
    keys["embed"] = digest(source, model_identity, lexical, recipe.embed.float16)
    keys["reduce"] = digest(keys["embed"], grouped, recipe.reduce.name, reduce_options, recipe.seed)
    keys["cluster"] = digest(keys["reduce"], recipe.cluster.name, cluster_options, recipe.seed)
    keys["topics"] = digest(keys["cluster"], recipe.topics.model_dump())
    keys["keywords"] = digest(keys["topics"], keys["tokens"], recipe.keywords.model_dump())
    keys["charts"] = digest(keys["keywords"])
    keys["report"] = digest(keys["charts"], recipe.name)
    return keys


class Entry:
    """One stored stage output: its folder, arrays, metadata and files."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def arrays(self) -> dict[str, Any]:
        import numpy as np

        with np.load(self.folder / "arrays.npz", allow_pickle=False) as data:
            return {name: data[name] for name in data.files}

    def meta(self) -> Any:
        return json.loads((self.folder / "meta.json").read_text(encoding="utf-8"))

    def files(self) -> list[Path]:
        return sorted(p for p in self.folder.iterdir() if p.name not in ("arrays.npz", "meta.json"))


class StageStore:
    """Stage outputs under ``<root>/stages``; a store with no root keeps nothing."""

    def __init__(self, root: Path | None) -> None:
        self.root = Path(root) / "stages" if root is not None else None

    def get(self, stage: str, key: str) -> Entry | None:
        if self.root is None:
            return None
        folder = self.root / stage / key
        if not (folder / "meta.json").is_file():
            return None
        try:
            os.utime(folder)  # most recently used: kept longest
        except OSError:
            pass
        return Entry(folder)

    def put(
        self,
        stage: str,
        key: str,
        meta: Any = None,
        arrays: dict[str, Any] | None = None,
        files: Sequence[Path] = (),
    ) -> None:
        """Store one stage's output; a full or read-only disk costs speed next time, not this run."""
        if self.root is None:
            return
        parent = self.root / stage
        try:
            parent.mkdir(parents=True, exist_ok=True)
            tmp = Path(tempfile.mkdtemp(prefix=f".{key}.", dir=parent))
            try:
                self._fill(tmp, meta, arrays, files)
                dest = parent / key
                if dest.exists():
                    shutil.rmtree(dest, ignore_errors=True)
                os.replace(tmp, dest)
            finally:
                if tmp.exists():
                    shutil.rmtree(tmp, ignore_errors=True)
            self._prune(parent)
        except OSError as exc:
            from dlkit import console

            console.info(f"note: could not write the stage cache in {parent}: {exc}")

    @staticmethod
    def _fill(
        folder: Path, meta: Any, arrays: dict[str, Any] | None, files: Sequence[Path]
    ) -> None:
        if arrays:
            import numpy as np

            np.savez(folder / "arrays.npz", **arrays)
        for path in files:
            shutil.copyfile(path, folder / path.name)
        # meta.json last: an entry without it is never read
        (folder / "meta.json").write_text(
            json.dumps(meta, ensure_ascii=False, default=str), encoding="utf-8"
        )

    @staticmethod
    def _prune(parent: Path) -> None:
        """Keep the KEEP most recently used entries; drop temp folders over an hour old."""
        import time

        folders = [p for p in parent.iterdir() if p.is_dir()]
        stale = [
            p for p in folders if p.name.startswith(".") and time.time() - p.stat().st_mtime > 3600
        ]
        entries = [p for p in folders if not p.name.startswith(".")]
        entries.sort(key=lambda p: p.stat().st_mtime, reverse=True)
        for old in entries[KEEP:] + stale:
            shutil.rmtree(old, ignore_errors=True)

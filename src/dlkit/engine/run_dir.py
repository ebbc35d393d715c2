"""Run folders: ``<out>/<name>/<NNN>/``, numbered, never overwritten.

Every job that writes results (train, cluster, …) asks for a fresh folder here. Creation uses
``mkdir`` without ``exist_ok``, so two runs started at the same moment still get different numbers.
"""

from __future__ import annotations

import re
from pathlib import Path

_NUMBERED = re.compile(r"^\d{3,}$")


def new_run_dir(out: str | Path, name: str) -> Path:
    """Create and return the next free ``out/name/NNN`` folder."""
    parent = Path(out) / name
    parent.mkdir(parents=True, exist_ok=True)
    taken = [int(p.name) for p in parent.iterdir() if _NUMBERED.match(p.name)]
    number = max(taken, default=0) + 1
    while True:
        candidate = parent / f"{number:03d}"
        try:
            candidate.mkdir()
            return candidate
        except FileExistsError:
            number += 1

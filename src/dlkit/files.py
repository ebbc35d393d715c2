"""Atomic file writes: every output dlkit produces goes through here.

A writer gets a temporary path in the destination folder and the file appears under its final name
only once complete (``os.replace``), so a crash or Ctrl-C never leaves half a CSV or checkpoint.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any, Iterator


@contextlib.contextmanager
def atomic_path(dest: str | os.PathLike) -> Iterator[Path]:
    """Yield a temp path beside ``dest``; rename it onto ``dest`` if the block succeeds."""
    dest = Path(dest)
    dest.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{dest.name}.", suffix=".tmp", dir=dest.parent)
    os.close(fd)
    tmp_path = Path(tmp)
    try:
        yield tmp_path
        os.replace(tmp_path, dest)
    finally:
        if tmp_path.exists():
            tmp_path.unlink()


def write_bytes(dest: str | os.PathLike, data: bytes) -> Path:
    with atomic_path(dest) as tmp:
        tmp.write_bytes(data)
    return Path(dest)


def write_text(dest: str | os.PathLike, text: str) -> Path:
    return write_bytes(dest, text.encode("utf-8"))


def write_json(dest: str | os.PathLike, obj: Any) -> Path:
    return write_text(dest, json.dumps(obj, indent=2, ensure_ascii=False, default=str) + "\n")


def write_csv(dest: str | os.PathLike, frame: Any, **to_csv_kw: Any) -> Path:
    """Write a pandas DataFrame as CSV (index off unless asked)."""
    to_csv_kw.setdefault("index", False)
    with atomic_path(dest) as tmp:
        frame.to_csv(tmp, **to_csv_kw)
    return Path(dest)


def save_figure(dest: str | os.PathLike, fig: Any, **savefig_kw: Any) -> Path:
    """Save a matplotlib Figure (PNG by the destination's suffix)."""
    savefig_kw.setdefault("dpi", 110)
    savefig_kw.setdefault("bbox_inches", "tight")
    dest = Path(dest)
    with atomic_path(dest) as tmp:
        fig.savefig(tmp, format=dest.suffix.lstrip(".") or "png", **savefig_kw)
    return dest

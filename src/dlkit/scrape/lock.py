"""One lock file per output folder, so two cron runs never write the same CSVs at once.

``folder_lock(DIR)`` takes ``fcntl.flock`` on ``DIR/.dlkit-scrape.lock`` without waiting. The kernel
drops the lock when the process ends, so a crashed or killed run never leaves a stale lock behind.
A second run raises :class:`LockBusy` (exit 75, EX_TEMPFAIL: "another run is busy, try later"),
which a cron wrapper can tell apart from real failures.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

from dlkit.errors import DlkitError

LOCK_NAME = ".dlkit-scrape.lock"
LOCK_BUSY = 75


class LockBusy(DlkitError):
    """Another dlkit scrape holds the output folder's lock (exit 75)."""

    exit_code = LOCK_BUSY


@contextlib.contextmanager
def folder_lock(folder: str | os.PathLike) -> Iterator[Path]:
    """Hold the folder's lock for the block; raise LockBusy at once if another run holds it."""
    import fcntl

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / LOCK_NAME
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _read_pid(fd)
            raise LockBusy(
                f"another dlkit scrape{holder} is writing to {folder} (lock {path}); "
                "let it finish, or use another --out"
            ) from None
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        yield path
    finally:
        os.close(fd)


def _read_pid(fd: int) -> str:
    try:
        text = os.pread(fd, 32, 0).decode().strip()
    except OSError:
        return ""
    return f" (pid {text})" if text.isdigit() else ""

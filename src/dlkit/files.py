"""Atomic file writes and output-path checks: every output dlkit produces goes through here.

A writer gets a temporary path in the destination folder and the file appears under its final name
only once complete (flushed to disk, then ``os.replace``), so a crash or Ctrl-C never leaves half a
CSV or checkpoint. Temp files are named ``.NAME.<pid>-<random>.tmp``; those left by a writer that
died are removed the next time something is written into that folder. Files get the user's umask
(``mkstemp`` alone would make every output mode 0600).

``check_writable`` is the one up-front test every verb runs on its output paths before long work
starts: a path under a regular file, in a read-only or pseudo file system (``/proc``), or a folder
where a file should go is a one-line ``UsageError``, and the check leaves nothing behind.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import re
import tempfile
import traceback
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from dlkit.errors import DataError, UsageError

_TEMP = re.compile(r"^\..+\.(\d+)-[A-Za-z0-9_]+\.tmp$")


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _pid_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def remove_stale_temps(folder: Path) -> int:
    """Delete ``.NAME.<pid>-<random>.tmp`` files in ``folder`` whose writer process is gone."""
    removed = 0
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return 0
    for entry in entries:
        match = _TEMP.match(entry.name)
        if match and not _pid_alive(int(match.group(1))):
            with contextlib.suppress(OSError):
                os.unlink(entry.path)
                removed += 1
    return removed


@contextlib.contextmanager
def atomic_path(dest: str | os.PathLike) -> Iterator[Path]:
    """Yield a temp path beside ``dest``; fsync and rename it onto ``dest`` if the block succeeds."""
    dest = Path(dest)
    try:
        dest.parent.mkdir(parents=True, exist_ok=True)
        remove_stale_temps(dest.parent)
        fd, tmp = tempfile.mkstemp(
            prefix=f".{dest.name}.{os.getpid()}-", suffix=".tmp", dir=dest.parent
        )
    except OSError as exc:
        failure = write_failure(dest, exc)
        if failure is None:
            raise
        raise failure from None
    os.close(fd)
    tmp_path = Path(tmp)
    try:
        yield tmp_path
        os.chmod(tmp_path, 0o666 & ~_umask())
        with open(tmp_path, "rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(tmp_path, dest)
    except (OSError, RuntimeError) as exc:  # torch.save on a full disk raises RuntimeError
        failure = write_failure(dest, exc)
        if failure is None:
            raise
        # the writer's finished frames still hold the temp file open: drop them, so unlinking
        # it gives the space back (for failed.json, the next write, the user)
        _release(exc)
        raise failure from None
    finally:
        if tmp_path.exists():
            tmp_path.unlink()


_FULL = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}
FULL_BELOW = 1 << 20  # a write that failed with less than 1 MiB free failed for want of space


def write_failure(dest: Path, exc: BaseException) -> DataError | None:
    """The one-line ``DataError`` (exit 3, naming ``dest``) for a write that failed because the
    disk is full, over quota, read-only or failing; None for anything else (a bug to surface)."""
    code = getattr(exc, "errno", None)
    if code in _FULL:
        reason = "no space left on device"
    elif code in (errno.EROFS, errno.EIO):
        reason = os.strerror(code).lower()
    elif isinstance(exc, (OSError, RuntimeError)) and _nearly_full(dest.parent):
        reason = "no space left on device"
    else:
        return None
    return DataError(
        f"cannot write {dest}: {reason}; free some space or write elsewhere, then rerun"
    )


def _release(exc: BaseException | None) -> None:
    """Clear the finished frames of ``exc`` and the exceptions it chains to (what they hold, such
    as torch's file writer, is closed), then collect any cycle among them."""
    import gc

    seen = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        traceback.clear_frames(exc.__traceback__)
        exc = exc.__context__ or exc.__cause__
    gc.collect()


def _nearly_full(folder: Path) -> bool:
    import shutil

    try:
        return shutil.disk_usage(folder).free < FULL_BELOW
    except OSError:
        return False


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


def not_a_file(path: Path) -> str:
    """Why ``path`` (which is not a regular file) cannot be read as one, in a few words."""
    if not path.exists():
        return f"no such file: {path}"
    if path.is_dir():
        return f"{path} is a folder"
    return f"{path} is not a regular file (a device, pipe or socket)"


def check_writable(path: str | os.PathLike, what: str, kind: str = "dir") -> Path:
    """Fail fast, leaving nothing behind, unless ``path`` can be written.

    ``kind="dir"``: a folder that will be created (or written into); ``kind="file"``: a file that
    will be written (its folder is created). ``what`` names the option in the message (``--out``).
    """
    path = Path(path).expanduser()
    if kind == "file" and path.is_dir():
        raise UsageError(f"{what} {path}: is a folder, not a file")
    if kind == "dir" and path.exists() and not path.is_dir():
        raise UsageError(f"{what} {path}: is a file, not a folder")
    folder = path if kind == "dir" else path.parent
    probe = folder.absolute()
    while not probe.exists():
        if probe.is_symlink():
            raise UsageError(f"{what} {path}: {probe} is a broken symbolic link")
        probe = probe.parent
    if not probe.is_dir():
        raise UsageError(f"{what} {path}: {probe} is a file, so no folder can be made under it")
    try:
        Path(tempfile.mkdtemp(prefix=".dlkit-probe-", dir=probe)).rmdir()
    except OSError as exc:
        reason = (
            "not a writable folder"
            if isinstance(exc, FileNotFoundError)
            else (exc.strerror or type(exc).__name__).lower()
        )
        raise UsageError(f"{what} {path}: cannot write in {probe} ({reason})") from None
    return path

"""What a failed training run leaves behind.

``train`` records the run folder it creates in a ``RunRecord`` and runs the fit inside
``cleanup_on_error``. When anything goes wrong (a data error, a full disk, Ctrl-C, a bug):
- a run with no finished epoch (no ``last.pt``) is removed, with the parent folders the run created,
  so a failure never leaves a folder holding only ``config.yaml``;
- a run with finished epochs stays, marked failed by a ``failed.json`` (the error, the epochs done
  and the command that resumes it), and a user error's line says how to resume. A later successful
  ``--resume`` removes the marker.
``fresh_folder`` does the same for ``evaluate``'s ``eval-*`` folder.
"""

from __future__ import annotations

import contextlib
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from dlkit.errors import DlkitError, Interrupted

MARKER = "failed.json"


@dataclass
class RunRecord:
    """The run folder a job is writing, once it exists."""

    path: Path | None = None
    fresh: bool = True  # created by this job (not a run being resumed)
    made: list[Path] = field(default_factory=list)  # parent folders this job created, deepest first

    def will_create(self, out: Path, name: str) -> None:
        """Note which of ``out/name`` and its parents do not exist yet (call before creating)."""
        folder = (Path(out) / name).absolute()
        self.made = []
        while not folder.exists():
            self.made.append(folder)
            folder = folder.parent


def _finished_epochs(run: Path) -> int:
    try:
        lines = (run / "history.csv").read_text(encoding="utf-8").splitlines()
    except OSError:
        return 0
    return max(len([line for line in lines if line.strip()]) - 1, 0)


def _discard(record: RunRecord) -> None:
    assert record.path is not None
    shutil.rmtree(record.path, ignore_errors=True)
    for folder in record.made:
        with contextlib.suppress(OSError):
            folder.rmdir()  # only when empty: another run may have appeared in it meanwhile


def _mark_failed(run: Path, exc: BaseException) -> None:
    from dlkit import files

    reason = str(exc) if isinstance(exc, DlkitError) else f"{type(exc).__name__}: {exc}"
    with contextlib.suppress(Exception):  # best effort: the disk may be what failed
        files.write_json(
            run / MARKER,
            {
                "status": "failed",
                "error": reason[:500],
                "epochs_done": _finished_epochs(run),
                "resume": f"dlkit train --resume {run}",
            },
        )


def after_failure(record: RunRecord, exc: BaseException) -> BaseException | None:
    """Tidy the run folder after ``exc``; the exception to raise in its place, or None."""
    run = record.path
    if run is None or not run.is_dir():
        return None
    if not (run / "last.pt").is_file():
        if record.fresh:
            _discard(record)
        return None
    _mark_failed(run, exc)
    if (
        isinstance(exc, DlkitError)
        and not isinstance(exc, Interrupted)
        and "--resume" not in str(exc)
    ):
        return type(exc)(
            f"{exc} (the run keeps its {_finished_epochs(run)} finished epoch(s); "
            f"resume with: dlkit train --resume {run})"
        )
    return None


@contextlib.contextmanager
def cleanup_on_error(record: RunRecord) -> Iterator[RunRecord]:
    try:
        yield record
    except BaseException as exc:
        replacement = after_failure(record, exc)
        if replacement is not None:
            raise replacement from None
        raise
    if record.path is not None:
        with contextlib.suppress(OSError):
            (record.path / MARKER).unlink(missing_ok=True)


@contextlib.contextmanager
def fresh_folder(path: Path) -> Iterator[Path]:
    """Remove ``path`` if it did not exist before the block and the block fails: a failed
    ``evaluate`` leaves no half-written ``eval-*`` folder (an earlier, complete one is kept)."""
    existed = path.exists()
    try:
        yield path
    except BaseException:
        if not existed:
            shutil.rmtree(path, ignore_errors=True)
        raise

"""Terminal output shared by every subcommand: stdout/stderr consoles, TTY-aware progress, --json.

Rules it enforces: progress bars only when stdout is a terminal (and not ``--quiet``); plain
one-line messages otherwise; ``--json`` prints exactly one JSON document on stdout and everything
human goes to stderr, so scripts can pipe it.
"""

from __future__ import annotations

import contextlib
import json
import sys
from collections.abc import Iterator
from typing import Any

from rich.console import Console

_out: Console | None = None
_err: Console | None = None


def out() -> Console:
    """The stdout console (tables, run folders)."""
    global _out
    if _out is None:
        _out = Console(highlight=False, soft_wrap=True)
    return _out


def err() -> Console:
    """The stderr console (errors, notes, progress)."""
    global _err
    if _err is None:
        _err = Console(stderr=True, highlight=False, soft_wrap=True)
    return _err


def stdout_is_tty() -> bool:
    try:
        return sys.stdout.isatty()
    except (AttributeError, ValueError):
        return False


def info(message: str, quiet: bool = False) -> None:
    """A plain progress or status line on stderr (kept off stdout so --json stays clean)."""
    if not quiet:
        err().print(message, markup=False)


def print_json(summary: Any) -> None:
    """The machine-readable summary: one JSON document on stdout."""
    sys.stdout.write(json.dumps(summary, ensure_ascii=False, default=str) + "\n")
    sys.stdout.flush()


class _NoProgress:
    """Stand-in with rich.Progress's small API when bars are off."""

    def add_task(self, description: str, total: float | None = None, **_: Any) -> int:
        return 0

    def update(self, task_id: int, **_: Any) -> None:
        pass

    def advance(self, task_id: int, advance: float = 1) -> None:
        pass

    def remove_task(self, task_id: int) -> None:
        pass


@contextlib.contextmanager
def progress(enabled: bool = True) -> Iterator[Any]:
    """A rich Progress on stderr when stdout is a TTY and ``enabled``; a no-op object otherwise."""
    if not (enabled and stdout_is_tty()):
        yield _NoProgress()
        return
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    bar = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        TextColumn("{task.fields[status]}"),
        console=err(),
        transient=True,
    )
    with bar:
        yield _FieldDefaults(bar)


class _FieldDefaults:
    """Wraps rich.Progress so every task has a ``status`` field without callers passing one."""

    def __init__(self, bar: Any) -> None:
        self._bar = bar

    def add_task(self, description: str, total: float | None = None, **fields: Any) -> int:
        fields.setdefault("status", "")
        return self._bar.add_task(description, total=total, **fields)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._bar, name)

"""What the train job does around the trainer for every run: the epoch line, the state file, the
trackers (``--log``), an optional extra epoch callback (``dlkit tune``'s pruning reports) and, at
the end, ``report.html``. ``jobs/train.py`` builds one ``RunWatch`` and hands ``watch.epoch`` to the
trainer as its ``on_epoch`` callback, so nothing here adds a second loop.

An extra callback stops a run by raising ``StopRun`` (its ``status`` lands in the state file and
the trackers); every other tracker or report fault is one warning and never stops training.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from dlkit import console

EpochHook = Callable[[dict[str, Any]], None]


class StopRun(Exception):
    """Raised by an extra epoch callback to end a run early (``status``: what the run became)."""

    status = "pruned"


class RunWatch:
    """The per-run bookkeeping around ``Trainer.fit`` (rank 0 only)."""

    def __init__(
        self,
        recipe: Any,
        quiet: bool,
        print_line: EpochHook,
        extra: EpochHook | None = None,
        parent_run: str | None = None,
    ) -> None:
        self.recipe, self.quiet, self.print_line = recipe, quiet, print_line
        self.extra, self.parent_run = extra, parent_run
        self.state: Any = None
        self.trackers: Any = None
        self.trainer: Any = None
        self._warned: set[str] = set()

    def warn(self, message: str) -> None:
        if message not in self._warned:  # each fault once; warnings show even with --quiet
            self._warned.add(message)
            console.info(f"dlkit: warning: {message}")

    def start(self, run_dir: Path | None, trainer: Any) -> None:
        """The run folder exists: write the state file, open the trackers."""
        from dlkit.runs.state import StateFile
        from dlkit.tracking import open_trackers

        if run_dir is None:
            return
        self.trainer = trainer
        self.state = StateFile(run_dir, self.recipe.name, self.recipe.trainer.epochs)
        self.trackers = open_trackers(self.recipe, run_dir, self.warn, self.parent_run)

    def epoch(self, row: dict[str, Any]) -> None:
        """The trainer's ``on_epoch``: print, heartbeat, track, then the extra callback."""
        self.print_line(row)
        if self.state is not None and self.trainer is not None:
            fit = self.trainer.state
            self.state.epoch(row, fit.monitor, fit.best_value)
        if self.trackers is not None:
            self.trackers.epoch(row)
        if self.extra is not None:
            self.extra(row)

    def end(self, status: str, run_dir: Path | None, metrics: dict[str, Any] | None = None) -> None:
        """The run ended (``finished``, ``interrupted``, ``failed``, ``pruned``): write the report
        for a finished run, close the trackers, then the state file's final status."""
        if status == "finished" and run_dir is not None:
            self._report(run_dir)
        if self.trackers is not None and run_dir is not None:
            self.trackers.finish(metrics or _partial(self.trainer), run_dir, status)
        if self.state is not None:
            self.state.end(status)

    def _report(self, run_dir: Path) -> None:
        from dlkit.runs.report import write_report

        try:
            write_report(run_dir)
        except Exception as exc:  # noqa: BLE001 - the run is done; a report fault must not undo it
            self.warn(f"report.html not written ({type(exc).__name__}: {exc})")


def _partial(trainer: Any) -> dict[str, Any]:
    """What an unfinished run's trackers get at the end: the monitor and its best so far."""
    if trainer is None:
        return {}
    state = trainer.state
    return {"monitor": state.monitor, "best_value": state.best_value, "epochs": state.epoch}

"""A run's state file, ``state.json``: status, process id, host, start time, heartbeat, epochs done
and planned, the monitored best value. The train job writes it atomically when the run starts,
after every epoch, every ``HEARTBEAT`` seconds from a background thread, and when it ends, so
``dlkit runs`` reads a run's status instead of guessing it, and ``dlkit runs clean`` can tell a
running run (never touched) from one whose process died.
"""

from __future__ import annotations

import json
import os
import socket
import threading
import time
from pathlib import Path
from typing import Any

from dlkit import files

NAME = "state.json"
HEARTBEAT = 30.0  # seconds between heartbeats while a run trains
STALE = 10 * HEARTBEAT  # a running run on another host with no heartbeat for this long: lost
STATUSES = ("running", "finished", "interrupted", "failed", "pruned")


class StateFile:
    """Keeps ``run_dir/state.json`` up to date for one process's run."""

    def __init__(self, run_dir: Path, recipe: str, epochs: int) -> None:
        self.path = run_dir / NAME
        previous = read(run_dir) or {}
        self.data: dict[str, Any] = {
            "recipe": recipe,
            "status": "running",
            "pid": os.getpid(),
            "host": socket.gethostname(),
            "started": previous.get("started", time.time()),
            "heartbeat": time.time(),
            "ended": None,
            "epochs_done": previous.get("epochs_done", 0),
            "epochs_planned": epochs,
            "monitor": None,
            "best_value": None,
        }
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._write()
        self._thread = threading.Thread(target=self._beat, name="dlkit-heartbeat", daemon=True)
        self._thread.start()

    def _write(self) -> None:
        with self._lock:
            files.write_json(self.path, self.data)

    def _beat(self) -> None:
        while not self._stop.wait(HEARTBEAT):
            self.data["heartbeat"] = time.time()
            self._write()

    def epoch(self, row: dict[str, Any], monitor: str, best: float | None) -> None:
        self.data.update(
            epochs_done=int(row["epoch"]), heartbeat=time.time(), monitor=monitor, best_value=best
        )
        self._write()

    def end(self, status: str) -> None:
        self._stop.set()
        self.data.update(status=status, heartbeat=time.time(), ended=time.time())
        self._write()


def read(run_dir: Path) -> dict[str, Any] | None:
    """The state file's contents, or None when missing or unreadable."""
    try:
        data = json.loads((run_dir / NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def _alive(pid: int) -> bool:
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True
    return True


def live_status(data: dict[str, Any], now: float | None = None) -> str:
    """The status a state file means now: a 'running' run whose process is gone (same host) or
    whose heartbeat stopped (another host) has failed."""
    status = str(data.get("status", "failed"))
    if status != "running":
        return status
    if data.get("host") == socket.gethostname():
        return "running" if _alive(int(data.get("pid") or 0)) else "failed"
    age = (now or time.time()) - float(data.get("heartbeat") or 0)
    return "running" if age < STALE else "failed"

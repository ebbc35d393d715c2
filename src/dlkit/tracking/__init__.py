"""Experiment tracking: ``--log tensorboard|mlflow`` (recipe key ``trainer.log``).

``jobs/train.py`` (through ``dlkit.runs.watch``) opens the recipe's trackers once the run folder
exists, feeds them every epoch's history row and, at the end, the test metrics and the run's files.
Each tracker sits behind ``Trackers``, which turns a failure (an unreachable tracking server, a full
disk) into one warning and drops that tracker: tracking never stops or corrupts training.
``require`` runs before any work, so a tracker whose package is missing is a one-line exit 2
naming the install command.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

from dlkit.errors import UsageError

# tracker name -> (the module it needs, the command that installs it)
PACKAGES = {
    "tensorboard": ("tensorboard", 'pip install "dlkit[tensorboard]"'),
    "mlflow": ("mlflow", 'pip install "dlkit[mlflow]"'),
}


def require(names: list[str] | tuple[str, ...]) -> None:
    """A UsageError (exit 2) naming the pip command unless every tracker's package imports."""
    for name in names:
        module, command = PACKAGES[name]
        try:
            found = importlib.util.find_spec(module) is not None
        except (ImportError, ValueError):
            found = False
        if not found:
            raise UsageError(
                f"--log {name}: the {module} package is not installed; install it with: {command}"
            )


class Tracker(Protocol):
    """What every tracker does; ``Trackers`` guards each call."""

    name: str

    def epoch(self, row: dict[str, Any]) -> None: ...

    def finish(self, metrics: dict[str, Any], run_dir: Path, status: str) -> None: ...


def flatten(config: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """``{"optim": {"lr": 1e-3}}`` → ``{"optim.lr": 1e-3}`` (lists and None as text)."""
    flat: dict[str, Any] = {}
    for key, value in config.items():
        path = f"{prefix}{key}"
        if isinstance(value, dict) and value:
            flat.update(flatten(value, path + "."))
        elif isinstance(value, (bool, int, float, str)):
            flat[path] = value
        else:
            flat[path] = str(value)
    return flat


def _short(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {' '.join(str(exc).split())[:160]}"


class Trackers:
    """The run's trackers; a tracker that raises is reported once and then left out."""

    def __init__(self, warn: Callable[[str], None]) -> None:
        self.active: list[Tracker] = []
        self.warn = warn

    def open(self, name: str, build: Callable[[], Tracker]) -> None:
        try:
            self.active.append(build())
        except Exception as exc:  # noqa: BLE001 - any tracker fault must spare the run
            self.warn(f"{name} logging is off for this run ({_short(exc)}); training goes on")

    def _each(self, what: str, *args: Any) -> None:
        for tracker in list(self.active):
            try:
                getattr(tracker, what)(*args)
            except Exception as exc:  # noqa: BLE001
                self.active.remove(tracker)
                self.warn(f"{tracker.name} logging stopped ({_short(exc)}); training goes on")

    def epoch(self, row: dict[str, Any]) -> None:
        self._each("epoch", row)

    def finish(self, metrics: dict[str, Any], run_dir: Path, status: str) -> None:
        self._each("finish", metrics, run_dir, status)
        self.active = []


def open_trackers(
    recipe: Any, run_dir: Path, warn: Callable[[str], None], parent_run: str | None = None
) -> Trackers:
    """The trackers ``recipe.trainer.log`` names, started for ``run_dir``; ``parent_run``: an
    MLflow run id the run nests under (a ``tune`` study's)."""
    trackers = Trackers(warn)
    for name in dict.fromkeys(recipe.trainer.log):
        if name == "tensorboard":
            from dlkit.tracking.tensorboard_logger import TensorBoardTracker

            trackers.open(name, lambda: TensorBoardTracker(recipe, run_dir))
        else:
            from dlkit.tracking.mlflow_logger import MlflowTracker

            trackers.open(name, lambda: MlflowTracker(recipe, run_dir, parent_run))
    return trackers

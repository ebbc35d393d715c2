"""The MLflow tracker: one MLflow run per dlkit run, in the experiment named after the recipe.

Params are the flattened config, metrics every epoch's history row (step = epoch) and, at the end,
the test metrics; ``config.yaml``, ``metrics.json``, ``report.html`` and the plots are artifacts.
The tracking URI is ``MLFLOW_TRACKING_URI`` when set, else a SQLite store beside the runs
(``sqlite:///<trainer.out>/mlflow.db``, artifacts in ``<trainer.out>/mlartifacts``), as MLflow 3
does by default. A ``tune`` study passes a parent run id; its trials become that run's children.
Opened by ``dlkit.tracking.open_trackers``; nothing here prompts.
"""

from __future__ import annotations

import logging
import os
import time
from pathlib import Path
from typing import Any

from dlkit.tracking import flatten

# An unreachable server must cost seconds, not MLflow's default minutes of retries per call.
_QUICK = {"MLFLOW_HTTP_REQUEST_MAX_RETRIES": "1", "MLFLOW_HTTP_REQUEST_TIMEOUT": "10"}
_STATUS = {"finished": "FINISHED", "failed": "FAILED", "interrupted": "KILLED", "pruned": "KILLED"}
_ARTIFACTS = ("config.yaml", "metrics.json", "report.html", "history.csv")


def tracking_uri(runs_root: str | Path) -> str:
    """``MLFLOW_TRACKING_URI``, or the SQLite store beside the run folders."""
    return (
        os.environ.get("MLFLOW_TRACKING_URI")
        or f"sqlite:///{Path(runs_root).expanduser().absolute() / 'mlflow.db'}"
    )


def client_for(runs_root: str | Path) -> Any:
    """An ``MlflowClient`` on ``tracking_uri(runs_root)`` (creating the runs root for SQLite)."""
    from mlflow.tracking import MlflowClient

    for key, value in _QUICK.items():
        os.environ.setdefault(key, value)
    for name in ("mlflow.store.db.utils", "alembic"):  # "Creating initial tables..." on stderr
        logging.getLogger(name).setLevel(logging.WARNING)
    uri = tracking_uri(runs_root)
    if uri.startswith("sqlite:///"):
        Path(runs_root).expanduser().mkdir(parents=True, exist_ok=True)
    return MlflowClient(tracking_uri=uri)


def experiment_id(client: Any, name: str, runs_root: str | Path) -> str:
    """The id of experiment ``name``, created when missing (two workers may race to do it)."""
    from mlflow.exceptions import MlflowException

    found = client.get_experiment_by_name(name)
    if found is not None:
        return str(found.experiment_id)
    location = None
    if not os.environ.get("MLFLOW_TRACKING_URI"):
        location = (Path(runs_root).expanduser().absolute() / "mlartifacts").as_uri()
    try:
        return str(client.create_experiment(name, artifact_location=location))
    except MlflowException:
        return str(client.get_experiment_by_name(name).experiment_id)


def start_run(
    client: Any, experiment: str, name: str, tags: dict[str, str], parent: str | None = None
) -> str:
    """A new MLflow run's id (a child of ``parent`` when given)."""
    if parent:
        tags = {**tags, "mlflow.parentRunId": parent}
    return str(client.create_run(experiment, run_name=name, tags=tags).info.run_id)


class MlflowTracker:
    name = "mlflow"

    def __init__(self, recipe: Any, run_dir: Path, parent_run: str | None = None) -> None:
        from mlflow.entities import Param

        root = recipe.trainer.out
        self.client = client_for(root)
        experiment = experiment_id(self.client, recipe.name, root)
        label = f"{run_dir.parent.name}/{run_dir.name}"
        self.run_id = start_run(
            self.client,
            experiment,
            label,
            {"dlkit.run_dir": str(run_dir.absolute()), "dlkit.recipe": recipe.name},
            parent_run,
        )
        params = [
            Param(k, str(v)[:6000]) for k, v in flatten(recipe.model_dump(mode="json")).items()
        ]
        for start in range(0, len(params), 100):
            self.client.log_batch(self.run_id, params=params[start : start + 100])

    def _metrics(self, values: dict[str, Any], step: int) -> None:
        from mlflow.entities import Metric

        now = int(time.time() * 1000)
        batch = [
            Metric(k, float(v), now, step)
            for k, v in values.items()
            if isinstance(v, (int, float)) and not isinstance(v, bool)
        ]
        if batch:
            self.client.log_batch(self.run_id, metrics=batch)

    def epoch(self, row: dict[str, Any]) -> None:
        self._metrics({k: v for k, v in row.items() if k != "epoch"}, int(row["epoch"]))

    def finish(self, metrics: dict[str, Any], run_dir: Path, status: str) -> None:
        final = {k: v for k, v in metrics.items() if k.startswith("test_")}
        if metrics.get("best_value") is not None:
            final[f"best_{metrics['monitor']}"] = metrics["best_value"]
        self._metrics(final, int(metrics.get("epochs") or 0))
        for name in _ARTIFACTS:
            if (run_dir / name).is_file():
                self.client.log_artifact(self.run_id, str(run_dir / name))
        if (run_dir / "plots").is_dir():
            self.client.log_artifacts(self.run_id, str(run_dir / "plots"), "plots")
        self.client.set_terminated(self.run_id, _STATUS.get(status, "FINISHED"))

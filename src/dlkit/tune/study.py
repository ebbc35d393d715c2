"""``dlkit tune``'s job: an Optuna study whose trials are ordinary dlkit runs.

``tune`` resolves the recipe, the space, the metric and the storage and checks them all before the
first trial; ``Objective`` trains one trial through ``jobs.train.fit_recipe`` into
``<out>/<recipe>-tune/<NNN>/``, reporting each epoch's monitored value to the trial so the pruner
can stop it (through the trainer's ``on_epoch``, no second loop). The study lives in a storage
(default: SQLite in the study folder), so running the command again, or on another machine with
``--storage URL --study NAME``, continues it; ``--trials`` is the study's total, shared by every
worker. RDB storages get Optuna's heartbeat, and a trial whose worker died is failed and retried.
"""

from __future__ import annotations

import copy
import os
import socket
import time
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

from dlkit import console, files
from dlkit.errors import Interrupted, NetworkError, UsageError
from dlkit.registry import close_matches
from dlkit.tune.space import Param

_LOWER_IS_BETTER = ("loss", "mae", "rmse", "mape", "mse")
HEARTBEAT = 60  # seconds between a running trial's heartbeats (RDB storages)
GRACE = 180  # a trial silent this long belongs to a dead worker: failed, then retried


@dataclass
class TuneOptions:
    space: dict[str, str] = field(default_factory=dict)
    trials: int | None = None
    timeout: float | None = None
    sampler: str = "tpe"
    seed: int | None = None
    pruner: str = "median"
    metric: str | None = None
    direction: str | None = None
    storage: str | None = None
    study: str | None = None
    quiet: bool = False


@dataclass
class Plan:
    """Everything a study needs, checked before the first trial."""

    raw: dict[str, Any]
    recipe: Any
    params: list[Param]
    metric: str
    direction: str
    trials: int
    folder: Path
    storage: str
    study: str


def _metric(recipe: Any, opts: TuneOptions) -> tuple[str, str]:
    from dlkit.tasks import definition

    metric = opts.metric or recipe.tune.metric or recipe.trainer.monitor
    task_metric = definition(recipe.task).metric
    known = [f"{s}_{m}" for s in ("val", "train", "test") for m in ("loss", task_metric)]
    if metric not in known:
        raise UsageError(
            f"--metric {metric}: not one this recipe records"
            f"{close_matches(metric, known)} (one of {', '.join(known)})"
        )
    direction = opts.direction or recipe.tune.direction
    if direction == "auto":
        mode = recipe.trainer.mode if metric == recipe.trainer.monitor else "auto"
        lower = mode == "min" or (mode != "max" and metric.endswith(_LOWER_IS_BETTER))
        direction = "minimize" if lower else "maximize"
    return metric, direction


def plan(recipe_arg: str, overrides: Any, opts: TuneOptions) -> Plan:
    """The resolved recipe, space, metric, folder and storage; a UsageError for anything wrong."""
    from dlkit.config.validate import validate
    from dlkit.jobs.recipe_args import resolve_raw
    from dlkit.tracking import require
    from dlkit.tune import space

    raw = resolve_raw(recipe_arg, overrides)
    if raw.get("job") is not None:
        raise UsageError(f"{recipe_arg} is a '{raw['job']}' recipe; only training recipes tune")
    data = raw.get("data")
    if isinstance(data, dict) and isinstance(data.get("path"), str):
        data["path"] = str(Path(data["path"]).expanduser().absolute())
    recipe = validate(raw)
    specs = {**recipe.tune.space, **opts.space}
    if not specs:
        raise UsageError(
            "nothing to tune: pass --space KEY=SPEC (e.g. --space "
            "'optim.lr=loguniform(1e-5,1)') or give the recipe a tune: space"
        )
    params = [space.parse(key, spec) for key, spec in specs.items()]
    space.check(raw, params)
    metric, direction = _metric(recipe, opts)
    if opts.sampler == "grid":
        for param in params:
            param.grid()
    trials = (
        opts.trials or recipe.tune.trials or (_grid_size(params) if opts.sampler == "grid" else 20)
    )
    folder = Path(recipe.trainer.out).expanduser() / f"{recipe.name}-tune"
    files.check_writable(folder, "--out")
    require(recipe.trainer.log)
    storage = opts.storage or f"sqlite:///{folder.absolute() / 'study.db'}"
    return Plan(
        raw, recipe, params, metric, direction, trials, folder, storage, opts.study or recipe.name
    )


def _grid_size(params: list[Param]) -> int:
    size = 1
    for param in params:
        size *= len(param.grid())
    return size


def _storage(url: str) -> Any:
    """An Optuna storage for ``url``: ``journal:PATH`` (a journal file, e.g. on NFS) or any
    SQLAlchemy URL (with heartbeats and retries of a dead worker's trials)."""
    import optuna
    from optuna.storages import RDBStorage
    from sqlalchemy.exc import ArgumentError

    if url.startswith("journal:"):
        from optuna.storages.journal import JournalFileBackend, JournalStorage

        path = Path(url.removeprefix("journal:")).expanduser()
        path.parent.mkdir(parents=True, exist_ok=True)
        return JournalStorage(JournalFileBackend(str(path)))
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    try:
        with warnings.catch_warnings():  # the heartbeat is "experimental" since Optuna 2.8
            warnings.simplefilter("ignore", optuna.exceptions.ExperimentalWarning)
            return RDBStorage(
                url, heartbeat_interval=HEARTBEAT, grace_period=GRACE, **_retry_dead_workers()
            )
    except (ImportError, ValueError, ArgumentError) as exc:  # no such driver, malformed URL
        raise UsageError(f"--storage {url}: {_short(exc)}") from None
    except Exception as exc:  # noqa: BLE001 - SQLAlchemy's connection errors
        raise NetworkError(
            f"--storage {url}: cannot open the study storage ({_short(exc)})"
        ) from None


def _retry_dead_workers() -> dict[str, Any]:
    """Fail a dead worker's trial and run it again (up to 3 times): Optuna >= 4.9 names the
    callback ``RetryHeartbeatStaleTrialCallback``, older ones ``RetryFailedTrialCallback``."""
    from optuna import storages

    stale = getattr(storages, "RetryHeartbeatStaleTrialCallback", None)
    if stale is not None:
        return {"heartbeat_stale_trial_callback": stale(max_retry=3)}
    return {"failed_trial_callback": storages.RetryFailedTrialCallback(max_retry=3)}


def _short(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {' '.join(str(exc).split())[:160]}"


def _sampler(name: str, seed: int | None, params: list[Param]) -> Any:
    import optuna

    if name == "random":
        return optuna.samplers.RandomSampler(seed=seed)
    if name == "grid":
        return optuna.samplers.GridSampler({p.key: p.grid() for p in params}, seed=seed)
    return optuna.samplers.TPESampler(seed=seed)


def _pruner(name: str) -> Any:
    import optuna

    if name == "none":
        return optuna.pruners.NopPruner()
    return optuna.pruners.MedianPruner(n_startup_trials=2, n_warmup_steps=2)  # epochs 2+


class Objective:
    """One trial: sample, validate, train a run, return its metric (or prune it)."""

    def __init__(self, plan: Plan, quiet: bool, parent_run: str | None) -> None:
        self.plan, self.quiet, self.parent_run = plan, quiet, parent_run

    def __call__(self, trial: Any) -> float:
        import optuna

        from dlkit.config.load import set_path
        from dlkit.config.validate import validate
        from dlkit.engine.run_dir import new_run_dir
        from dlkit.jobs.train import fit_recipe
        from dlkit.runs.watch import StopRun

        plan = self.plan
        raw = copy.deepcopy(plan.raw)
        values = {p.key: p.suggest(trial) for p in plan.params}
        for key, value in values.items():
            set_path(raw, key.split("."), value)
        recipe = validate(raw)
        run_dir = new_run_dir(recipe.trainer.out, f"{recipe.name}-tune")
        trial.set_user_attr("run_dir", str(run_dir))
        trial.set_user_attr("worker", f"{socket.gethostname()}:{os.getpid()}")
        started = time.perf_counter()

        def report(row: dict[str, Any]) -> None:
            if row.get(plan.metric) is not None:
                trial.report(float(row[plan.metric]), int(row["epoch"]))
                last = int(row["epoch"]) >= recipe.trainer.epochs  # done anyway: no pruning
                if not last and trial.should_prune():
                    raise StopRun(f"trial {trial.number} pruned")

        try:
            summary = fit_recipe(recipe, run_dir, True, report, self.parent_run)
        except StopRun:
            self._line(trial.number, "pruned", values, run_dir)
            raise optuna.TrialPruned() from None
        finally:
            trial.set_user_attr("seconds", round(time.perf_counter() - started, 2))
        value = _value(summary, plan.metric)
        self._line(trial.number, f"{plan.metric} {value:.4f}", values, run_dir)
        return value

    def _line(self, number: int, what: str, values: dict[str, Any], run_dir: Path) -> None:
        shown = ", ".join(f"{k}={_fmt(v)}" for k, v in values.items())
        console.info(f"trial {number}: {what}  ({shown})  {run_dir}", self.quiet)


def _fmt(value: Any) -> str:
    return f"{value:.4g}" if isinstance(value, float) else str(value)


def _value(summary: dict[str, Any], metric: str) -> float:
    """The trial's result: the best monitored value, a test metric, or the last epoch's value."""
    if metric == summary.get("monitor") and summary.get("best_value") is not None:
        return float(summary["best_value"])
    if summary.get(metric) is not None:
        return float(summary[metric])
    return float(summary["final"][metric])


def _finished(study: Any) -> int:
    import optuna

    states = (optuna.trial.TrialState.COMPLETE, optuna.trial.TrialState.PRUNED)
    return len(study.get_trials(deepcopy=False, states=states))


def tune(recipe_arg: str, overrides: Any, opts: TuneOptions) -> dict[str, Any]:
    """Run (or continue) the study; returns the summary ``--json`` prints."""
    import optuna

    from dlkit.tune import outputs

    plan_ = plan(recipe_arg, overrides, opts)
    optuna.logging.set_verbosity(optuna.logging.ERROR)  # each trial's own line says it all
    storage = _storage(plan_.storage)
    try:
        study = optuna.create_study(
            storage=storage,
            study_name=plan_.study,
            sampler=_sampler(opts.sampler, opts.seed, plan_.params),
            pruner=_pruner(opts.pruner),
            direction=cast(Any, plan_.direction),
            load_if_exists=True,
        )
    except ValueError as exc:
        raise UsageError(f"--study {plan_.study}: {_short(exc)}") from None
    if study.direction.name.lower() != plan_.direction:
        raise UsageError(
            f"--study {plan_.study}: that study {study.direction.name.lower()}s; "
            f"pass --direction {study.direction.name.lower()} or a new --study"
        )
    parent = _mlflow_parent(study, plan_)
    remaining = plan_.trials - _finished(study)
    console.info(
        f"study {plan_.study}: {_finished(study)} of {plan_.trials} trials done "
        f"({plan_.direction} {plan_.metric}); storage {plan_.storage}",
        opts.quiet,
    )
    if remaining > 0:
        try:
            _optimize(study, plan_, opts, parent, remaining)
        except Interrupted:
            outputs.write_all(study, plan_)  # the finished trials' files, then the one line
            raise
    if parent is not None and _finished(study) >= plan_.trials:
        _close_parent(plan_, parent, study)
    return outputs.write_all(study, plan_)


def _close_parent(plan_: Plan, parent: str, study: Any) -> None:
    """The study is complete: its MLflow parent run gets the best value and is marked finished
    (while trials remain, other workers or a re-run still add children, so it stays open)."""
    try:
        from dlkit.tracking import mlflow_logger as ml

        client = ml.client_for(plan_.recipe.trainer.out)
        best = [t.value for t in study.trials if t.value is not None]
        if best:
            value = min(best) if plan_.direction == "minimize" else max(best)
            client.log_metric(parent, f"best_{plan_.metric}", float(value))
        client.set_terminated(parent, "FINISHED")
    except Exception as exc:  # noqa: BLE001 - tracking never stops the study
        console.info(f"dlkit: warning: could not close the study's mlflow run ({_short(exc)})")


def _optimize(
    study: Any, plan_: Plan, opts: TuneOptions, parent: str | None, remaining: int
) -> None:
    import optuna
    from optuna.study import MaxTrialsCallback

    states = (optuna.trial.TrialState.COMPLETE, optuna.trial.TrialState.PRUNED)
    try:
        study.optimize(
            Objective(plan_, opts.quiet, parent),
            n_trials=remaining,
            timeout=opts.timeout,
            gc_after_trial=False,
            callbacks=[MaxTrialsCallback(plan_.trials, states=states)],
        )
    except (Interrupted, KeyboardInterrupt):
        raise Interrupted(
            f"interrupted; the study keeps its {_finished(study)} finished trials; "
            f"run the same command again to continue it ({plan_.storage})"
        ) from None


def _mlflow_parent(study: Any, plan_: Plan) -> str | None:
    """The study's MLflow parent run (created by its first worker); trials are its children."""
    if "mlflow" not in plan_.recipe.trainer.log:
        return None
    known = study.user_attrs.get("mlflow_parent_run")
    if known:
        return str(known)
    try:
        from dlkit.tracking import mlflow_logger as ml

        client = ml.client_for(plan_.recipe.trainer.out)
        experiment = ml.experiment_id(client, plan_.recipe.name, plan_.recipe.trainer.out)
        run = ml.start_run(
            client,
            experiment,
            f"{plan_.study} (tune)",
            {"dlkit.study": plan_.study, "dlkit.storage": plan_.storage},
        )
    except Exception as exc:  # noqa: BLE001 - tracking never stops the study
        console.info(f"dlkit: warning: mlflow logging is off for this study ({_short(exc)})")
        return None
    study.set_user_attr("mlflow_parent_run", run)
    return run

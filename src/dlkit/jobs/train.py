"""``dlkit train``: resolve the recipe (or the run being resumed), check the output folder, build
the data, hand recipe and data to ``jobs/setup.py`` for the trainer's parts, fit, then test the best
weights and write ``metrics.json`` and the plots into the run folder.

Resuming applies the command line's overrides to the run's stored config through the same
``Overrides.resolve`` as a fresh run. An interrupted run resumes bit-exactly; a finished run given
more ``--epochs`` re-plans its learning-rate schedule over the new total (see ``engine/supervised_step.py``).
"""

from __future__ import annotations

import platform
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dlkit import console, files
from dlkit.errors import DataError, Interrupted, UsageError
from dlkit.jobs.recipe_args import Overrides, dump_yaml, load_recipe, resolve_raw

if TYPE_CHECKING:
    from dlkit.config.schema import Recipe
    from dlkit.data.base import Dataset


def _resume_recipe(
    run: str, recipe_arg: str | None, overrides: Overrides
) -> tuple[Any, Path, dict]:
    """The recipe stored in a run folder (plus command-line overrides) and its last.pt."""
    from dlkit.config.validate import validate
    from dlkit.engine import checkpoint

    run_dir = Path(run).expanduser()
    if not run_dir.is_dir():
        raise DataError(f"--resume {run}: no such run folder")
    if not (run_dir / "last.pt").is_file():
        raise DataError(f"--resume {run}: no last.pt in that folder, nothing to resume")
    ckpt = checkpoint.load(run_dir / "last.pt")
    if not all(key in ckpt for key in ("optimizer", "fit_state", "rng")):
        raise DataError(f"--resume {run}: last.pt holds no training state")
    if "fitted" in ckpt:  # the estimator step's state: one fit, no epochs to continue
        raise DataError(
            f"--resume {run}: a {ckpt['recipe']} run fits its estimator once, so "
            f"there is nothing to resume; fit it again with: dlkit train "
            f"{ckpt['recipe']} (plus the run's --data/--set options)"
        )
    if recipe_arg and Path(recipe_arg).resolve() != run_dir.resolve():
        wanted = resolve_raw(recipe_arg, Overrides()).get("name", recipe_arg)
        if wanted != ckpt["recipe"]:
            raise UsageError(
                f"--resume {run}: that run was trained with recipe "
                f"'{ckpt['recipe']}', not '{wanted}'"
            )
    return validate(overrides.resolve(ckpt["config"])), run_dir, ckpt


def _epoch_line(row: dict[str, Any], epochs: int) -> str:
    parts = [f"epoch {row['epoch']}/{epochs}"]
    for key, value in row.items():
        if key in ("epoch", "seconds", "lr") or value is None:
            continue
        parts.append(f"{key} {value:.4f}")
    parts.append(f"lr {row['lr']:.2e}")
    parts.append(f"{row['seconds']:.1f}s")
    return "  ".join(parts)


def train(
    recipe_arg: str | None,
    overrides: Overrides,
    resume: str | None = None,
    print_config: bool = False,
    quiet: bool = False,
) -> dict[str, Any] | str:
    """Run a training job; returns the summary (or the YAML text for ``--print-config``)."""
    if resume:
        recipe, run_dir, ckpt = _resume_recipe(resume, recipe_arg, overrides)
    else:
        if not recipe_arg:
            raise UsageError("name a recipe (see 'dlkit recipes') or pass --resume RUN")
        recipe, run_dir, ckpt = (
            load_recipe(recipe_arg, overrides, absolute_data_path=True),
            None,
            None,
        )
    if print_config:
        return dump_yaml(recipe)
    files.check_writable(run_dir or recipe.trainer.out, "--resume" if run_dir else "--out")
    from dlkit.tracking import require

    require(recipe.trainer.log)
    return _fit(recipe, run_dir, ckpt, quiet)


def fit_recipe(
    recipe: Any, run_dir: Path, quiet: bool, extra: Any = None, parent_run: str | None = None
) -> dict[str, Any]:
    """Train a validated recipe into an existing, empty ``run_dir`` (a ``dlkit tune`` trial);
    ``extra`` is called with every epoch's row and may end the run with ``runs.watch.StopRun``."""
    return _fit(recipe, run_dir, None, quiet, extra, parent_run)


def _fit(
    recipe: Any,
    run_dir: Path | None,
    ckpt: dict | None,
    quiet: bool,
    extra: Any = None,
    parent_run: str | None = None,
) -> dict[str, Any]:
    """Fit inside ``engine/run_failure``'s guard: a failed run leaves no empty folder behind."""
    from dlkit.engine.run_failure import RunRecord, cleanup_on_error

    with cleanup_on_error(RunRecord(path=run_dir, fresh=run_dir is None)) as record:
        return _fit_run(recipe, record, ckpt, quiet, extra, parent_run)


def _fit_run(
    recipe: Any,
    record: Any,
    ckpt: dict | None,
    quiet: bool,
    extra: Any = None,
    parent_run: str | None = None,
) -> dict[str, Any]:
    from dlkit.components import DATASETS
    from dlkit.config.validate import data_arguments
    from dlkit.engine import distributed, rng
    from dlkit.engine.device import describe, select_device
    from dlkit.jobs.setup import setup
    from dlkit.runs.watch import RunWatch, StopRun

    started = time.perf_counter()
    run_dir = record.path
    dist = distributed.from_env()
    distributed.mark("started")  # for dlkit train --nproc's start-up watch (jobs/launch.py)
    device = distributed.init(dist, select_device(recipe.trainer.device))
    distributed.mark("joined")
    rng.seed_everything(recipe.seed, recipe.trainer.deterministic)
    dataset = DATASETS.create(recipe.data.name, **data_arguments(recipe))
    quiet = quiet or not dist.is_main
    _prefetch("matplotlib.figure", "matplotlib.backends.backend_agg")  # for the plots at the end
    watch = RunWatch(
        recipe,
        quiet,
        lambda row: console.info(_epoch_line(row, recipe.trainer.epochs), quiet),
        extra,
        parent_run,
    )
    with console.progress(enabled=not quiet) as bar:
        parts = setup(
            recipe,
            dataset,
            device,
            dist,
            progress=bar if console.stdout_is_tty() else None,
            on_epoch=watch.epoch,
        )
        trainer = parts.trainer
        extended = False
        if ckpt is not None:
            extended = recipe.trainer.epochs > int(ckpt["config"]["trainer"]["epochs"])
            trainer.restore(ckpt, extended=extended)
        distributed.mark("ready")
        # Nothing is printed and no run folder appears until data, model and any resumed state
        # are built, so an error is the only line and leaves no empty run behind.
        console.info(
            f"device: {describe(device)}" + (f" x{dist.world} (DDP)" if dist.active else ""), quiet
        )
        console.info(_sizes(dataset), quiet)
        if recipe.trainer.precision not in ("fp32", "auto") and device.type != "cuda":
            console.info(
                f"note: precision {recipe.trainer.precision} applies on CUDA; "
                f"training in fp32 on {device.type}",
                quiet,
            )
        if device.type == "cuda":
            gpu_line = _gpu_plan(recipe, device, parts.model)  # also sets TF32 for this run
            console.info(f"precision: {gpu_line}", quiet)
        if run_dir is None and dist.is_main:
            from dlkit.engine.run_dir import new_run_dir

            record.will_create(recipe.trainer.out, recipe.name)
            run_dir = record.path = new_run_dir(recipe.trainer.out, recipe.name)
        elif ckpt is not None:
            note = (
                f"; the schedule is re-planned over {recipe.trainer.epochs} epochs"
                if extended
                else ""
            )
            console.info(f"resuming {run_dir} after epoch {trainer.state.epoch}{note}", quiet)
        if dist.is_main:
            from dlkit.engine.run_files import write_config

            assert run_dir is not None  # made or resumed above on the main process
            write_config(run_dir, recipe)
            watch.start(run_dir, trainer)
        try:
            trainer.fit(run_dir)
        except KeyboardInterrupt:
            watch.end("interrupted", run_dir)
            raise _interrupted(run_dir) from None
        except BaseException as exc:
            watch.end(exc.status if isinstance(exc, StopRun) else "failed", run_dir)
            raise
    try:
        summary = _finish(parts, recipe, dataset, run_dir, device, started) if dist.is_main else {}
    except BaseException:
        watch.end("failed", run_dir)
        raise
    if dist.is_main:
        watch.end("finished", run_dir, summary)
    distributed.shutdown(dist)
    return summary


def _gpu_plan(recipe: Any, device: Any, model: Any) -> str:
    """Turn TF32 on (or off under fp32) for this run on CUDA; the line that says what it uses."""
    from dlkit.engine.precision import enable_tf32, plan_for

    plan = plan_for(recipe.trainer.precision, device, model)
    enable_tf32(plan, device)
    return plan.describe() + (", torch.compile" if recipe.trainer.compile else "")


def _prefetch(*modules: str) -> None:
    """Import what the end of the run needs on a background thread while training runs (the
    training loop spends its time in torch kernels, which release the GIL)."""
    import importlib
    import threading

    def load() -> None:
        for name in modules:
            importlib.import_module(name)

    threading.Thread(target=load, name="dlkit-prefetch", daemon=True).start()


def _interrupted(run_dir: Path | None) -> Interrupted:
    if run_dir is not None and (run_dir / "last.pt").is_file():
        return Interrupted(f"interrupted; resume with: dlkit train --resume {run_dir}")
    return Interrupted("interrupted before the first epoch ended; nothing to resume")


def _sizes(dataset: Dataset) -> str:
    parts = [
        f"{name} {len(split)}"
        for name, split in (("train", dataset.train), ("val", dataset.val), ("test", dataset.test))
        if split is not None
    ]
    notes = (dataset.info or {}).get("notes") or []  # what a data module chose or left out
    return "data: " + ", ".join(parts) + "".join(f"\nnote: {n}" for n in notes)


def _report_summary(recipe: Recipe, dataset: Dataset, parts: Any, device: Any) -> dict[str, Any]:
    """What the recipe's evaluate report adds to the test metrics (``summary_metrics``)."""
    from dlkit.components import REPORTS
    from dlkit.jobs.evaluate import report_name
    from dlkit.predict.protocol import forward

    hook = REPORTS.trait(report_name(recipe), "summary_metrics")
    if hook is None:
        return {}
    assert dataset.test is not None  # called only when there is a test split
    parts.trainer.step.train(False)
    transform = dataset.array_input.batch_transform()
    batch = recipe.data.eval_batch_size or max(recipe.data.batch_size, 256)
    return hook(dataset, forward(parts.model, dataset.test.x, transform, device, batch), "test")


def _report_files(recipe: Recipe, dataset: Dataset, parts: Any, device: Any, run_dir: Path) -> None:
    """The recipe's report may draw into the run folder too (``run_files``: a fitted curve, a
    decision boundary), given a ``predict(encoded rows) -> outputs`` of the best weights."""
    from dlkit.components import REPORTS
    from dlkit.jobs.evaluate import report_name
    from dlkit.predict.protocol import forward

    hook = REPORTS.trait(report_name(recipe), "run_files")
    if hook is None:
        return
    parts.trainer.step.train(False)
    transform = dataset.array_input.batch_transform()
    hook(run_dir, dataset, lambda x: forward(parts.model, x, transform, device, 1024), recipe)


def _finish(
    parts: Any, recipe: Recipe, dataset: Dataset, run_dir: Path, device: Any, started: float
) -> dict[str, Any]:
    """Test the best weights, write metrics.json and plots; the job's summary."""
    import torch

    from dlkit import __version__
    from dlkit.engine import checkpoint
    from dlkit.engine.device import describe
    from dlkit.engine.run_files import plot_history

    trainer = parts.trainer
    state = trainer.state
    best = run_dir / "best.pt"
    if best.is_file():
        trainer.step.load_weights(checkpoint.load(best))
    test = {}
    if dataset.test is not None and len(dataset.test):
        loss, metric = trainer.evaluate(parts.loader(dataset.test))
        test = {
            "test_loss": loss,
            f"test_{trainer.step.metric}": metric,
            **_report_summary(recipe, dataset, parts, device),
        }
    metrics = {
        "recipe": recipe.name,
        "run_dir": str(run_dir),
        "task": recipe.task,
        "epochs": state.epoch,
        "best_epoch": state.best_epoch,
        "monitor": state.monitor,
        "best_value": state.best_value,
        "final": state.history[-1] if state.history else {},
        **test,
        "params": sum(p.numel() for p in parts.model.parameters()),
        "data_sha256": dataset.fingerprint(),
        "device": str(device),
        "wall_seconds": round(time.perf_counter() - started, 2),
        "device_name": describe(device),  # 'cuda:0 (NVIDIA H200)': what dlkit compare shows
        "versions": {
            "dlkit": __version__,
            "torch": torch.__version__,
            "python": platform.python_version(),
        },
    }
    files.write_json(run_dir / "metrics.json", metrics)
    plot_history(run_dir, state.history, trainer.step.metric)
    _report_files(recipe, dataset, parts, device, run_dir)
    return metrics

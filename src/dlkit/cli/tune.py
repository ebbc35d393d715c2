"""``dlkit tune RECIPE --space KEY=SPEC ...``: thin CLI over ``tune/study.py``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from dlkit.cli import options as opt


def tune_command(
    recipe: Annotated[
        str,
        typer.Argument(
            help="Recipe name (see 'dlkit recipes') or a YAML file.", show_default=False
        ),
    ],
    space: Annotated[
        list[str] | None,
        typer.Option(
            "--space",
            help="KEY=SPEC to search (repeatable); SPEC: loguniform(a,b) | uniform(a,b) | "
            "int(a,b) | choice(x,y,...), e.g. --space 'optim.lr=loguniform(1e-5,1)'.",
        ),
    ] = None,
    trials: Annotated[
        int | None,
        typer.Option(
            "--trials",
            min=1,
            help="The study's total of finished trials, shared by every worker "
            "(default: tune.trials, else 20), e.g. --trials 30.",
        ),
    ] = None,
    timeout: Annotated[
        float | None,
        typer.Option(
            "--timeout",
            min=0.001,
            help="Stop starting trials after this many seconds, e.g. --timeout 3600.",
        ),
    ] = None,
    sampler: Annotated[
        str,
        typer.Option(
            "--sampler",
            help="tpe | random | grid (grid: choice/int specs only), e.g. --sampler random.",
        ),
    ] = "tpe",
    seed: Annotated[
        int | None,
        typer.Option(
            "--seed", help="The sampler's seed (the recipe's is --set seed=N), e.g. --seed 0."
        ),
    ] = None,
    pruner: Annotated[
        str,
        typer.Option(
            "--pruner",
            help="median (stop trials below the median of earlier ones at the same "
            "epoch) | none, e.g. --pruner none.",
        ),
    ] = "median",
    metric: Annotated[
        str | None,
        typer.Option(
            "--metric", help="What to optimise (default: trainer.monitor), e.g. --metric val_loss."
        ),
    ] = None,
    direction: Annotated[
        str | None,
        typer.Option(
            "--direction",
            help="minimize | maximize (default: by the metric), e.g. --direction maximize.",
        ),
    ] = None,
    storage: Annotated[
        str | None,
        typer.Option(
            "--storage",
            help="Where the study lives (default: SQLite in the study folder): a "
            "SQLAlchemy URL or journal:PATH, e.g. --storage postgresql://host/db.",
        ),
    ] = None,
    study: Annotated[
        str | None,
        typer.Option(
            "--study",
            help="Study name in the storage (default: the recipe's name), e.g. --study cifar.",
        ),
    ] = None,
    config: opt.ConfigFiles = None,
    set_: opt.Sets = None,
    device: opt.Device = None,
    epochs: opt.Epochs = None,
    batch_size: opt.BatchSize = None,
    data_dir: opt.DataDir = None,
    out: opt.Out = None,
    log: opt.Log = None,
    as_json: opt.Json = False,
    quiet: opt.Quiet = False,
) -> None:
    """Search hyper-parameters with Optuna; each trial is a run in runs/<recipe>-tune/<NNN>/.

    Examples:
      dlkit tune digits-mlp --space "optim.lr=loguniform(1e-5,1)" --space "model.dropout=uniform(0,0.5)" --trials 30
      dlkit tune spam-tree --data sms.csv --space "model.estimator.max_depth=int(2,10)"
      dlkit tune cifar10-cnn --space "optim.lr=loguniform(1e-4,1e-1)" --storage postgresql://host/db --study cifar
    """
    from dlkit.errors import UsageError
    from dlkit.tune.space import parse_items
    from dlkit.tune.study import TuneOptions, tune

    if sampler not in ("tpe", "random", "grid"):
        raise UsageError(f"--sampler {sampler}: use tpe, random or grid")
    if pruner not in ("median", "none"):
        raise UsageError(f"--pruner {pruner}: use median or none")
    if direction not in (None, "minimize", "maximize"):
        raise UsageError(f"--direction {direction}: use minimize or maximize")
    overrides = opt.overrides(
        config,
        set_,
        device=device,
        epochs=epochs,
        batch_size=batch_size,
        data_dir=data_dir,
        out=out,
        log=log or None,
    )
    options = TuneOptions(
        parse_items(list(space or [])),
        trials,
        timeout,
        sampler,
        seed,
        pruner,
        metric,
        direction,
        storage,
        study,
        quiet or as_json,
    )
    summary = tune(recipe, overrides, options)
    if as_json:
        from dlkit import console

        console.print_json(summary)
    else:
        _show(summary, quiet)


def _show(summary: dict, quiet: bool) -> None:
    from rich.table import Table

    from dlkit import console

    if not quiet and summary["top"]:
        table = Table(
            title=f"best trials of {summary['study']} ({summary['direction']} {summary['metric']})"
        )
        columns = [c for c in summary["top"][0] if c != "run_dir"] + ["run"]
        for column in columns:
            table.add_column(column, overflow="fold")
        for row in summary["top"]:  # the run's number: its folder is <study folder>/<run>
            cells = {**row, "run": Path(str(row["run_dir"])).name}
            table.add_row(
                *[
                    f"{cells[c]:.4g}" if isinstance(cells[c], float) else str(cells[c])
                    for c in columns
                ]
            )
        console.out().print(table)
        states = ", ".join(f"{n} {s}" for s, n in summary["states"].items())
        console.info(
            f"trials: {states}; best.yaml, trials.csv and the pictures are in the study folder"
        )
    console.out().print(summary["folder"], markup=False)


def register(app: typer.Typer) -> None:
    app.command("tune")(tune_command)

"""Option declarations shared by several subcommands (recipe overrides, --json, --quiet), so each
flag is spelled and documented once."""

from __future__ import annotations

from typing import Annotated

import typer

ConfigFiles = Annotated[
    list[str] | None,
    typer.Option("--config", "-c", help="Extra YAML merged over the recipe (repeatable)."),
]
Sets = Annotated[
    list[str] | None,
    typer.Option(
        "--set", "-s", help="Override one key, e.g. --set optim.lr=3e-4 (repeatable, YAML values)."
    ),
]
Device = Annotated[
    str | None,
    typer.Option(
        "--device", "-d", help="auto | cpu | cuda | cuda:N | mps (auto: cuda > mps > cpu)."
    ),
]
Epochs = Annotated[int | None, typer.Option("--epochs", "-e", help="trainer.epochs")]
BatchSize = Annotated[int | None, typer.Option("--batch-size", "-b", help="data.batch_size")]
Lr = Annotated[float | None, typer.Option("--lr", help="optim.lr")]
DataSets = Annotated[
    list[str] | None,
    typer.Option(
        "--set", "-s", help="Override one data key, e.g. --set data.val_fraction=0.2 (repeatable)."
    ),
]
DataDir = Annotated[
    str | None, typer.Option("--data-dir", "--data", help="data.path: the dataset folder or file.")
]
Stock = Annotated[
    str | None,
    typer.Option("--stock", help="data.stock: a stock id in the scrape folder (stock recipes)."),
]
Out = Annotated[
    str | None, typer.Option("--out", "-o", help="Parent folder of run folders (trainer.out).")
]
Seed = Annotated[int | None, typer.Option("--seed", help="seed")]
Log = Annotated[
    list[str] | None,
    typer.Option(
        "--log",
        help="trainer.log: track the run in tensorboard | mlflow (repeatable), e.g. "
        "--log tensorboard --log mlflow.",
    ),
]
Json = Annotated[bool, typer.Option("--json", help="Print a JSON summary on stdout.")]
Quiet = Annotated[bool, typer.Option("--quiet", "-q", help="No progress bars or epoch lines.")]


def overrides(config_files, sets, **flags):
    """Bundle the override options into the jobs' Overrides object."""
    from dlkit.jobs.recipe_args import Overrides

    return Overrides(list(config_files or []), list(sets or []), flags)

"""``dlkit train RECIPE``: thin CLI over ``jobs/train.py``."""

from __future__ import annotations

from typing import Annotated

import typer

from dlkit.cli import options as opt


def train_command(
    recipe: Annotated[
        str | None,
        typer.Argument(
            help="Recipe name (see 'dlkit recipes') or a YAML file.", show_default=False
        ),
    ] = None,
    config: opt.ConfigFiles = None,
    set_: opt.Sets = None,
    device: opt.Device = None,
    epochs: opt.Epochs = None,
    batch_size: opt.BatchSize = None,
    lr: opt.Lr = None,
    data_dir: opt.DataDir = None,
    stock: opt.Stock = None,
    out: opt.Out = None,
    seed: opt.Seed = None,
    log: opt.Log = None,
    resume: Annotated[
        str | None,
        typer.Option("--resume", help="Continue the run in this folder from its last.pt."),
    ] = None,
    print_config: Annotated[
        bool, typer.Option("--print-config", help="Print the resolved config as YAML and exit.")
    ] = False,
    as_json: opt.Json = False,
    quiet: opt.Quiet = False,
) -> None:
    """Train a recipe; writes runs/<recipe>/<NNN>/ and prints that folder last.

    Examples:
      dlkit train digits-cnn
      dlkit train mnist-cnn --device cuda --epochs 12 --set optim.lr=3e-4
      dlkit train configs/my.yaml --print-config
      dlkit train mnist-cnn --resume runs/mnist-cnn/003
      dlkit train digits-mlp --log tensorboard --log mlflow
    """
    from dlkit import console
    from dlkit.jobs.train import train

    overrides = opt.overrides(
        config,
        set_,
        device=device,
        epochs=epochs,
        batch_size=batch_size,
        lr=lr,
        data_dir=data_dir,
        stock=stock,
        out=out,
        seed=seed,
        log=log or None,
    )
    result = train(
        recipe, overrides, resume=resume, print_config=print_config, quiet=quiet or as_json
    )
    if isinstance(result, str):
        console.out().print(result, end="", markup=False)
    elif not result:
        return  # a DDP worker other than rank 0: rank 0 reports
    elif as_json:
        console.print_json(result)
    else:
        _print_summary(result, quiet)


def _print_summary(metrics: dict, quiet: bool) -> None:
    from dlkit import console

    tests = [f"{k} {v:.4f}" for k, v in metrics.items() if k.startswith("test_")]
    console.info(
        quiet=quiet,
        message=f"best epoch {metrics['best_epoch']} ({metrics['monitor']} "
        f"{metrics['best_value']:.4f}); " + ", ".join(tests) + f"; {metrics['wall_seconds']}s",
    )
    console.out().print(metrics["run_dir"], markup=False)


def register(app: typer.Typer) -> None:
    app.command("train")(train_command)

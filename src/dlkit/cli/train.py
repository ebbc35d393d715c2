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
    nproc: Annotated[
        int | None,
        typer.Option(
            "--nproc",
            help="Train with N processes (DDP) on this machine, launched through torchrun: "
            "one per GPU on CUDA, up to one per core on the CPU (gloo), e.g. --nproc 4.",
            show_default=False,
        ),
    ] = None,
    nnodes: Annotated[
        int | None,
        typer.Option(
            "--nnodes",
            help="Machines taking part, each running the same command, e.g. --nnodes 2 "
            "--rdzv-endpoint 10.0.0.1:29500 (with --nproc).",
            show_default=False,
        ),
    ] = None,
    rdzv_endpoint: Annotated[
        str | None,
        typer.Option(
            "--rdzv-endpoint",
            help="HOST:PORT where the nodes meet (the first node's address and a "
            "free port), e.g. --rdzv-endpoint 10.0.0.1:29500 (with --nproc).",
            show_default=False,
        ),
    ] = None,
    start_timeout: Annotated[
        float | None,
        typer.Option(
            "--start-timeout",
            help="Seconds each process may take to join and build data and model "
            "before the launch stops and names the rank that hangs (default 300), e.g. "
            "--start-timeout 900 (with --nproc).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Train a recipe; writes runs/<recipe>/<NNN>/ and prints that folder last.

    Examples:
      dlkit train digits-cnn
      dlkit train mnist-cnn --device cuda --epochs 12 --set optim.lr=3e-4
      dlkit train configs/my.yaml --print-config
      dlkit train mnist-cnn --resume runs/mnist-cnn/003
      dlkit train digits-mlp --log tensorboard --log mlflow
      dlkit train digits-mlp --device cpu --nproc 2
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
    launcher = (nproc, nnodes, rdzv_endpoint, start_timeout)
    if launcher != (None, None, None, None) and not print_config:
        from dlkit.errors import UsageError
        from dlkit.jobs.launch import check_flags, launch

        if nproc is None:
            raise UsageError(
                "--nnodes, --rdzv-endpoint and --start-timeout go with --nproc N "
                "(processes per node)"
            )
        nodes = 1 if nnodes is None else nnodes
        start_timeout = 300.0 if start_timeout is None else start_timeout
        check_flags(nproc, nodes, rdzv_endpoint, start_timeout)
        if (nproc, nodes, rdzv_endpoint) != (1, 1, None):
            words = _train_words(
                recipe,
                config,
                set_,
                device=device,
                epochs=epochs,
                batch_size=batch_size,
                lr=lr,
                data=data_dir,
                stock=stock,
                out=out,
                seed=seed,
                resume=resume,
            )
            words += ["--json"] * as_json + ["--quiet"] * quiet
            code = launch(
                words,
                nproc,
                nodes,
                rdzv_endpoint,
                start_timeout,
                lambda: train(recipe, overrides, resume=resume, print_config=True),
            )
            raise typer.Exit(code)
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


def _train_words(
    recipe: str | None, config: list[str] | None, sets: list[str] | None, **flags: object
) -> list[str]:
    """The ``dlkit train`` words every launched process runs: this command without the
    launcher flags."""
    words = [recipe] if recipe else []
    words += [w for c in config or [] for w in ("--config", c)]
    words += [w for s in sets or [] for w in ("--set", s)]
    for name, value in flags.items():
        if value is not None:
            words += [f"--{name.replace('_', '-')}", str(value)]
    return words


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

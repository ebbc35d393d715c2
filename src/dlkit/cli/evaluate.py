"""``dlkit evaluate RUN|CKPT``: thin CLI over ``jobs/evaluate.py``."""

from __future__ import annotations

from typing import Annotated

import typer

from dlkit.cli import options as opt


def evaluate_command(
    target: Annotated[
        str, typer.Argument(metavar="RUN", help="A run folder or a checkpoint file.")
    ],
    split: Annotated[
        str | None,
        typer.Option("--split", help="val | test (default: the recipe's evaluate.split)."),
    ] = None,
    data_dir: opt.DataDir = None,
    device: Annotated[
        str, typer.Option("--device", "-d", help="auto | cpu | cuda | cuda:N | mps")
    ] = "auto",
    plot_weights: Annotated[
        bool,
        typer.Option(
            "--plot-weights", help="Draw the first linear layer's weights (mnist-softmax)."
        ),
    ] = False,
    feature_maps: Annotated[
        str | None,
        typer.Option(
            "--feature-maps",
            help="Save the conv/pool activation maps of this image into "
            "RUN/feature_maps/ (instead of evaluating a split).",
        ),
    ] = None,
    layers: Annotated[
        int,
        typer.Option(
            "--layers", min=0, help="With --feature-maps: the first N conv/pool layers (0 = all)."
        ),
    ] = 8,
    as_json: opt.Json = False,
    quiet: opt.Quiet = False,
) -> None:
    """Metrics, per-class report and confusion matrix of a trained run.

    Files go to RUN/eval-<split>/ (metrics.json, confusion_matrix.csv/.png, per_class.csv).

    Examples:
      dlkit evaluate runs/mnist-cnn/003
      dlkit evaluate runs/mnist-softmax/001 --plot-weights --json
      dlkit evaluate runs/catsdogs-cnn/001 --feature-maps cat.jpg --layers 8
    """
    from dlkit import console
    from dlkit.jobs.evaluate import evaluate

    if split not in (None, "val", "test"):
        from dlkit.errors import UsageError

        raise UsageError(f"--split must be val or test, not {split!r}")
    if feature_maps:
        from dlkit.jobs.feature_maps import feature_maps as save_maps

        maps = save_maps(target, feature_maps, layers=layers, device=device)
        if as_json:
            console.print_json(maps)
        else:
            console.info(
                f"{maps['layers']} layer grids and {len(maps['files']) - maps['layers']} "
                f"first-layer channels for {maps['image']}",
                quiet,
            )
            console.out().print(maps["out_dir"], markup=False)
        return
    summary = evaluate(
        target,
        split=split,
        data_dir=data_dir,
        device=device,
        options={"plot_weights": plot_weights},
    )
    if as_json:
        console.print_json({k: v for k, v in summary.items() if k != "table"})
        return
    _show(summary, quiet)


def _show(summary: dict, quiet: bool) -> None:
    from rich.table import Table

    from dlkit import console

    if not quiet and summary.get("table"):
        rows = summary["table"]
        table = Table(
            *rows[0].keys(),
            box=None,
            header_style="bold",
            title=f"{summary['recipe']} · {summary['split']} · {summary['samples']} samples",
        )
        for row in rows:
            table.add_row(*(f"{v:.4f}" if isinstance(v, float) else str(v) for v in row.values()))
        console.out().print(table)
    headline = {k: v for k, v in summary.items() if isinstance(v, float)}
    console.out().print("  ".join(f"{k} {v:.4f}" for k, v in headline.items()), markup=False)
    console.out().print(summary["out_dir"], markup=False)


def register(app: typer.Typer) -> None:
    app.command("evaluate")(evaluate_command)

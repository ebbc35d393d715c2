"""``dlkit predict RUN|CKPT INPUT...``: thin CLI over ``jobs/predict.py``."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from dlkit.cli import options as opt


def predict_command(
    target: Annotated[str, typer.Argument(metavar="RUN", help="A run folder or a checkpoint file.")],
    inputs: Annotated[Optional[list[str]], typer.Argument(
        help="Image files or folders (image recipes).", show_default=False)] = None,
    data: Annotated[Optional[str], typer.Option(
        "--data", help="History file for series recipes (e.g. data/twse/2330.csv).")] = None,
    top_k: Annotated[int, typer.Option("--top-k", "-k", min=1, help="Classes to list per input.")] = 3,
    output: Annotated[Optional[str], typer.Option(
        "--output", help="Write the CSV to this file (atomically) instead of stdout.")] = None,
    device: Annotated[str, typer.Option("--device", "-d", help="auto | cpu | cuda | cuda:N | mps")] = "auto",
    as_json: opt.Json = False,
) -> None:
    """Predict with a trained run: CSV on stdout by default, --json for scripts.

    Unreadable inputs are reported on stderr and skipped.

    Examples:
      dlkit predict runs/mnist-cnn/003 digit.png more_digits/
      dlkit predict runs/mnist-cnn/003 digit.png --json
      dlkit predict runs/stock-lstm/001 --data data/twse/2330.csv
    """
    from dlkit import console, files
    from dlkit.jobs.predict import predict, rows_to_csv

    if output:
        files.check_writable(output, "--output", kind="file")
    rows, warnings = predict(target, inputs or [], data=data, top_k=top_k, device=device)
    for warning in warnings:
        console.info(f"dlkit: warning: {warning}")
    if as_json:
        console.print_json({"predictions": rows, "skipped": warnings})
    elif output:
        files.write_text(output, rows_to_csv(rows))
        console.out().print(output, markup=False)
    else:
        console.out().file.write(rows_to_csv(rows))


def register(app: typer.Typer) -> None:
    app.command("predict")(predict_command)

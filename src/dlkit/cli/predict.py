"""``dlkit predict RUN [INPUT...] [RUN'S OPTIONS]``: thin CLI over ``jobs/predict.py``.

The command knows only what every run shares (inputs, ``--output``, ``--device``, ``--json``);
the words after RUN are read against the options the run's predictor declares
(``predict/options.py``), and ``dlkit predict RUN --help`` lists them.
"""

from __future__ import annotations

from typing import Annotated

import typer

from dlkit.cli import options as opt

HELP = """Predict with a trained run: CSV on stdout by default, --json for scripts.

Unreadable inputs are reported on stderr and skipped. Each kind of run takes its own options
(top-k classes, a prompt, beams, a history file …): 'dlkit predict RUN --help' lists them.

Examples:
  dlkit predict runs/mnist-cnn/003 digit.png more_digits/
  dlkit predict runs/mnist-cnn/003 digit.png --top-k 5 --json
  dlkit predict runs/stock-lstm/001 --data data/twse/2330.csv
  dlkit predict runs/imdb-bilstm/001 "a wonderful, moving film" --json
  dlkit predict runs/spam-xgboost/001 --input messages.csv --column sms
  dlkit predict runs/credit-mlp/001 rows.csv --json
  dlkit predict runs/news-t5/001 article.txt more.txt --num-beams 4
  dlkit predict runs/charlm/001 --prompt "So she was considering" --top-k 10 --seed 1
  dlkit predict runs/dcgan-anime/001 --samples 64 --seed 1
Attendance from a camera is 'dlkit attend'.
"""


def predict_command(
    ctx: typer.Context,
    target: Annotated[
        str | None,
        typer.Argument(
            metavar="RUN", help="A run folder or a checkpoint file.", show_default=False
        ),
    ] = None,
    words: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[INPUT]... [OPTIONS OF THE RUN]",
            help="What to predict: image files or folders, texts, table files, documents …; "
            "then the run's own options ('dlkit predict RUN --help').",
            show_default=False,
        ),
    ] = None,
    output: Annotated[
        str | None,
        typer.Option("--output", help="Write the CSV to this file (atomically) instead of stdout."),
    ] = None,
    device: Annotated[
        str, typer.Option("--device", "-d", help="auto | cpu | cuda | cuda:N | mps")
    ] = "auto",
    as_json: opt.Json = False,
    show_help: Annotated[
        bool, typer.Option("--help", "-h", help="Show this message (and RUN's options) and exit.")
    ] = False,
) -> None:
    from dlkit import console, files
    from dlkit.errors import UsageError

    if show_help:
        typer.echo(ctx.get_help())
        if target:
            _run_options(target)
        raise typer.Exit()
    if not target:
        raise UsageError("Missing argument 'RUN' (see 'dlkit predict --help')")
    from dlkit.jobs.predict import predict, rows_to_csv

    if output:
        files.check_writable(output, "--output", kind="file")
    rows, warnings = predict(target, words or [], device=device)
    for warning in warnings:
        console.info(f"dlkit: warning: {warning}")
    if as_json:
        console.print_json({"predictions": rows, "skipped": warnings})
    elif output:
        files.write_text(output, rows_to_csv(rows))
        console.out().print(output, markup=False)
    else:
        console.out().file.write(rows_to_csv(rows))


def _run_options(target: str) -> None:
    """The options RUN's predictor declares, after the general help."""
    from dlkit.jobs.predict import load_predictor

    ckpt, spec, predictor = load_predictor(target)
    lines = [
        f"\nOptions of {ckpt.get('recipe', 'this run')} ({spec.kind} inputs: "
        f"{predictor.input_help}):"
    ]
    for option in predictor.options:
        flags = f"{option.short}, {option.flag}" if option.short else option.flag
        kind = {int: "INTEGER", float: "NUMBER"}.get(option.type, "TEXT")
        lines.append(f"  {flags} {kind}".ljust(30) + f" {option.help}")
    if not predictor.options:
        lines.append("  (none)")
    typer.echo("\n".join(lines))


def register(app: typer.Typer) -> None:
    app.command(
        "predict",
        help=HELP,
        context_settings={
            "ignore_unknown_options": True,
            "allow_interspersed_args": True,
            "help_option_names": [],
        },
    )(predict_command)

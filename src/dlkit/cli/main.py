"""The ``dlkit`` entry point: builds the typer app and registers each subcommand module.

Nothing here does work; each ``cli/<verb>.py`` parses its options and calls a job. Keep imports
light: ``dlkit --help`` must not import torch, pandas or selenium.
"""

from __future__ import annotations

import typer

from dlkit import __version__
from dlkit.cli import (
    attend,
    cluster,
    compare,
    components,
    config_cmd,
    evaluate,
    export,
    predict,
    prepare,
    recipes,
    runs,
    scrape,
    serve,
    train,
    tune,
)
from dlkit.cli.group import DlkitGroup

HELP = """dlkit: scrape, prepare, train, evaluate, predict and cluster from YAML recipes.

[b]Examples[/b]
  dlkit recipes                          list the recipes
  dlkit components model                 models and their options
  dlkit train digits-cnn                 train offline on sklearn's digits
  dlkit evaluate runs/digits-cnn/001     metrics and confusion matrix
  dlkit export runs/digits-cnn/001       a verified ONNX file
  dlkit predict runs/digits-cnn/001 --help   the options that run takes
  dlkit serve runs/digits-cnn/001        an HTTP prediction API
  dlkit compare runs/digits-cnn          its runs' metrics side by side
  dlkit scrape twse --stock 2330         daily prices from TWSE
  dlkit cluster reviews.csv              topics in a column of texts

Exit codes: 0 ok, 1 internal error, 2 usage/config error, 3 missing or unreadable data,
4 network failure, 75 busy (another scrape holds the lock), 130 interrupted.
"""

app = typer.Typer(
    cls=DlkitGroup,
    name="dlkit",
    help=HELP,
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"dlkit {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Print the version and exit."
    ),
) -> None:
    """dlkit: deep-learning jobs from YAML recipes."""


scrape.register(app)
prepare.register(app)
train.register(app)
evaluate.register(app)
predict.register(app)
attend.register(app)
export.register(app)
serve.register(app)
cluster.register(app)
recipes.register(app)
components.register(app)
config_cmd.register(app)
compare.register(app)
tune.register(app)
runs.register(app)


def run() -> None:
    """Console-script entry point."""
    app()

"""``dlkit compare RUN...``: thin CLI over ``jobs/compare.py`` (a rich table, or ``--json``)."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from dlkit.cli import options as opt

MISSING = "—"


def compare_command(
    runs: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="RUN",
            help="Run folders, folders of numbered runs (runs/digits-mlp: all its "
            "runs) or quoted glob patterns ('runs/*/001').",
            show_default=False,
        ),
    ] = None,
    plot: Annotated[
        str | None,
        typer.Option(
            "--plot",
            help="Also draw the runs' validation curves overlaid into this .png/.svg/.pdf file.",
        ),
    ] = None,
    as_json: opt.Json = False,
) -> None:
    """The final metrics of several runs in one table, the best of each column marked.

    Columns: each run's test metrics (metrics.json), its best validation values over the epochs
    (history.csv, best_val_*), parameters, wall time and device; a metric a run lacks shows as
    "—". The best of a column is marked among runs of the same task: lower loss/MAE/RMSE,
    higher accuracy/AUC/R². Works across tasks and for fitted estimators (one epoch); nothing
    loads weights.

    Examples:
      dlkit compare runs/digits-mlp/001 runs/digits-cnn/001
      dlkit compare runs/credit-mlp runs/tabular-xgboost/002
      dlkit compare 'runs/*/001' --plot curves.png
      dlkit compare runs/spam-tree runs/spam-xgboost --json
    """
    from dlkit import console
    from dlkit.jobs.compare import compare

    summary = compare(list(runs or []), plot=plot)
    if as_json:
        console.print_json(summary)
        return
    import shutil

    from rich.console import Console

    width = shutil.get_terminal_size((console.out().width, 24)).columns  # COLUMNS, read now
    Console(width=width, highlight=False, soft_wrap=True).print(_table(summary, width))
    if summary.get("plot"):
        console.out().print(summary["plot"], markup=False)


def _cell(value: Any, column: str) -> str:
    from rich.markup import escape

    if value is None:
        return MISSING
    if column == "params":
        return f"{value:,}"
    if column == "wall_seconds":
        return f"{value:.1f}s"
    if isinstance(value, float):
        return f"{value:.4g}"
    return escape(str(value))


META = {
    "run": "run",
    "recipe": "recipe",
    "task": "task",
    "epochs": "epochs",
    "params": "params",
    "wall_seconds": "wall",
    "device": "device",
}
CAPTION = (
    "* best in its column among runs of the same task (lower loss/MAE/RMSE, higher acc/AUC/R²)"
)


def _cells(summary: dict[str, Any]) -> list[list[str]]:
    """One list of cell texts per run: the META fields, then the metrics (best ones marked)."""
    rows = []
    for row in summary["runs"]:
        cells = [_cell(row[k], k) for k in META]
        for name in summary["columns"]:
            text = _cell(row["metrics"][name], name)
            if row["run"] in summary["best"].get(name, ()):
                text = f"[bold green]{text}*[/]"
            cells.append(text)
        rows.append(cells)
    return rows


def _table(summary: dict[str, Any], width: int) -> Any:
    """Runs as rows and metrics as columns; turned round (a row per field, a column per run)
    when that is too wide for the terminal."""
    from rich.table import Table
    from rich.text import Text

    titles = [*META.values(), *summary["columns"]]
    rows = _cells(summary)
    widths = [
        max(len(Text.from_markup(r[i]).plain) for r in [titles, *rows]) for i in range(len(titles))
    ]
    if sum(widths) + 2 * (len(titles) - 1) <= width:
        table = Table(*titles, box=None, header_style="bold", pad_edge=False, caption=CAPTION)
        for cells in rows:
            table.add_row(*cells)
        return table
    caption = CAPTION.replace("column", "row")
    table = Table(
        "", *(r[0] for r in rows), box=None, header_style="bold", pad_edge=False, caption=caption
    )
    for i, title in enumerate(titles[1:], 1):
        table.add_row(title, *(r[i] for r in rows))
    return table


def register(app: typer.Typer) -> None:
    app.command("compare")(compare_command)

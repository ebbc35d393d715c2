"""``dlkit runs [FOLDER]`` and ``dlkit runs clean [FOLDER]``: thin CLI over ``runs/listing.py``."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer

from dlkit.cli import options as opt


def runs_command(
    words: Annotated[
        list[str] | None,
        typer.Argument(
            help="[clean] [FOLDER]: the runs root to list (default: runs); 'clean' first frees the "
            "checkpoints of runs that are neither best nor recent.",
            show_default=False,
        ),
    ] = None,
    recipe: Annotated[
        str | None,
        typer.Option(
            "--recipe", help="Only runs of this recipe (a pattern), e.g. --recipe 'digits-*'."
        ),
    ] = None,
    status: Annotated[
        str | None,
        typer.Option(
            "--status",
            help="Only runs with this status: running | finished | interrupted | failed "
            "| pruned, e.g. --status failed.",
        ),
    ] = None,
    keep_best: Annotated[
        int,
        typer.Option(
            "--keep-best",
            help="clean: keep the checkpoints of each recipe's N best runs (and its "
            "latest), e.g. --keep-best 3.",
        ),
    ] = 1,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="clean: only list the checkpoints it would delete.")
    ] = False,
    as_json: opt.Json = False,
) -> None:
    """List runs with their status, epochs, best metric and size; or free disk with 'clean'.

    Examples:
      dlkit runs
      dlkit runs runs/digits-mlp-tune --status pruned
      dlkit runs --recipe 'digits-*' --json
      dlkit runs clean --keep-best 3 --dry-run
    """
    from dlkit import console
    from dlkit.errors import UsageError
    from dlkit.runs import listing

    words = list(words or [])
    cleaning = bool(words) and words[0] == "clean"
    if cleaning:
        words = words[1:]
    if len(words) > 1:
        raise UsageError(f"dlkit runs takes one FOLDER, got {len(words)}: {' '.join(words)}")
    folder = words[0] if words else "runs"
    if not cleaning and (dry_run or keep_best != 1):
        raise UsageError("--keep-best and --dry-run go with 'dlkit runs clean'")
    if cleaning:
        result = listing.clean(folder, keep_best, dry_run, recipe)
        if as_json:
            console.print_json(result)
            return
        verb = "would delete" if dry_run else "deleted"
        for path in result["removed"]:
            console.out().print(f"{verb} {path}", markup=False)
        console.out().print(
            f"{verb} {len(result['removed'])} checkpoints, {_size(result['freed_bytes'])}",
            markup=False,
        )
        return
    rows = listing.list_runs(folder, recipe, status)
    if as_json:
        console.print_json(listing.as_dicts(rows))
    else:
        _table(rows)


def _size(n: float) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n:.0f}{unit}" if unit == "B" else f"{n:.1f}{unit}"
        n /= 1024
    return f"{n:.1f} GB"


def _table(rows: list) -> None:
    from rich.table import Table

    from dlkit import console

    table = Table()
    for column in ("run", "started", "wall", "epochs", "status", "best", "size"):
        table.add_column(
            column,
            no_wrap=column != "run",
            overflow="fold",
            min_width=14 if column == "best" else None,
        )
    for r in rows:
        started = time.strftime("%m-%d %H:%M", time.localtime(r.started)) if r.started else ""
        epochs = (
            f"{r.epochs_done or 0}/{r.epochs_planned}"
            if r.epochs_planned
            else str(r.epochs_done or "")
        )
        best = f"{r.monitor} {r.best_value:.4f}" if r.best_value is not None else ""
        wall = f"{r.wall_seconds:.0f}s" if r.wall_seconds is not None else ""
        table.add_row(
            f"{Path(r.path).parent.name}/{r.number}",
            started,
            wall,
            epochs,
            r.status,
            best,
            _size(r.size_bytes),
        )
    console.out().print(table)
    console.info(f"{len(rows)} runs")


def register(app: typer.Typer) -> None:
    app.command("runs")(runs_command)

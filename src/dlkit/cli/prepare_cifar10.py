"""``dlkit prepare cifar10``: fetch, verify and cache CIFAR-10, or move it to and from a PNG folder.

A subcommand of the ``prepare`` group: without options it does what ``prepare dataset cifar10``
does (the same job, ``jobs/prepare.prepare``, and the same output);
``--to-png DIR`` also writes ``DIR/{train,test}/<class>/NNNNN.png``; ``--from-png DIR`` turns such a
folder into the cache in ``--data-dir`` (no pickle files needed), ready for ``train --data-dir``.
"""

from __future__ import annotations

from typing import Annotated

import typer

from dlkit.cli import options as opt


def cifar10_command(
    set_: opt.DataSets = None,
    data_dir: opt.DataDir = None,  # --set applies to the plain prepare
    to_png: Annotated[
        str | None,
        typer.Option(
            "--to-png",
            help="Also write every image as DIR/{train,test}/<class>/NNNNN.png.",
            metavar="DIR",
        ),
    ] = None,
    from_png: Annotated[
        str | None,
        typer.Option(
            "--from-png",
            help="Build the cache in --data-dir from a folder in that PNG layout.",
            metavar="DIR",
        ),
    ] = None,
    as_json: opt.Json = False,
) -> None:
    """Prepare CIFAR-10: download when online, verify, write the uint8 cache.

    Examples:
      dlkit prepare cifar10 --data-dir data/cifar10
      dlkit prepare cifar10 --to-png data/cifar10-png
      dlkit prepare cifar10 --from-png data/cifar10-png --data-dir data/cifar10-mine
    """
    from dlkit.errors import UsageError

    if to_png and from_png:
        raise UsageError("use --to-png or --from-png, not both")
    if from_png:
        from dlkit.families.images.cifar10_export import from_png as build

        summary = build(from_png, data_dir or "data/cifar10")
        _report(summary, f"cache {summary['cache']}", as_json)
        return
    if not to_png:
        from dlkit.cli.prepare_summary import show_dataset
        from dlkit.jobs.prepare import prepare

        show_dataset(prepare("cifar10", opt.overrides(None, set_, data_dir=data_dir)), as_json)
        return
    from pathlib import Path

    from dlkit.families.images.cifar10 import load_arrays
    from dlkit.families.images.cifar10_export import to_png as export

    summary = export(
        load_arrays(Path(data_dir or "data/cifar10").expanduser(), download=True), to_png
    )
    _report(summary, summary["out"], as_json)


def _report(summary: dict, last_line: str, as_json: bool) -> None:
    from dlkit import console

    if as_json:
        console.print_json(summary)
        return
    console.info(
        f"cifar10: train {summary['train']}, test {summary['test']}; "
        f"{len(summary['classes'])} classes"
    )
    console.out().print(last_line, markup=False)


def register(prepare_app: typer.Typer) -> None:
    prepare_app.command("cifar10")(cifar10_command)

"""How ``dlkit prepare`` subcommands print a prepared dataset's summary (one line, or --json);
shared by ``prepare dataset`` and ``prepare cifar10``."""

from __future__ import annotations

from typing import Any


def show_dataset(summary: dict[str, Any], as_json: bool) -> None:
    from dlkit import console

    if as_json:
        console.print_json(summary)
        return
    splits = ", ".join(f"{k} {v}" for k, v in summary["splits"].items())
    classes = summary.get("classes") or []
    console.out().print(
        f"{summary['dataset']}: {splits}; input {summary['input_shape']}; "
        f"{len(classes)} classes; {summary['seconds']}s",
        markup=False,
    )

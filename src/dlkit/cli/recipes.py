"""``dlkit recipes``: the table of recipes shipped in configs/ and by installed plugins (name,
task, dataset, description, and where a plugin's come from)."""

from __future__ import annotations

from typing import Annotated

import typer


def recipes_command(
    pattern: Annotated[str, typer.Argument(help="Only names matching this glob.")] = "*",
    as_json: Annotated[bool, typer.Option("--json", help="Print the list as JSON.")] = False,
) -> None:
    """List the recipes you can name in train/evaluate/prepare.

    Example: dlkit recipes 'mnist*'
    """
    from dlkit import console
    from dlkit.config.recipes import list_recipes

    rows = list_recipes(pattern)
    if not rows:
        from dlkit.config.recipes import recipe_names
        from dlkit.errors import UsageError
        from dlkit.registry import close_matches

        raise UsageError(
            f"no recipe matches '{pattern}'{close_matches(pattern, recipe_names())}; "
            "'dlkit recipes' lists them all"
        )
    if as_json:
        console.print_json(rows)
        return
    from rich.table import Table

    # names are what users copy into the next command: never cut them; the description wraps
    table = Table(box=None, header_style="bold", pad_edge=False)
    longest = max((len(row["name"]) for row in rows), default=6)
    table.add_column("recipe", no_wrap=True, min_width=longest)
    table.add_column("task", no_wrap=True)
    table.add_column("dataset", no_wrap=True)
    table.add_column("description", overflow="fold")
    plugged = any(row["origin"] != "dlkit" for row in rows)
    if plugged:  # recipes shipped by installed plugins say where they come from
        table.add_column("from", no_wrap=True)
    for row in rows:
        cells = [row["name"], row["task"], row["dataset"], row["description"]]
        table.add_row(*cells, *([row["origin"]] if plugged else []))
    console.out().print(table)


def register(app: typer.Typer) -> None:
    app.command("recipes")(recipes_command)

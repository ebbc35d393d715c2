"""``dlkit config show|cp``: print a recipe resolved and validated, or copy it (with its comments)
to edit."""

from __future__ import annotations

from typing import Annotated

import typer

from dlkit.cli import options as opt

app = typer.Typer(
    no_args_is_help=True,
    help="""Look at and copy recipe configs.

Examples:
  dlkit config show mnist-cnn --set optim.lr=3e-4
  dlkit config cp mnist-cnn my.yaml
""",
)


@app.command("show")
def show_command(
    recipe: Annotated[str, typer.Argument(help="Recipe name, YAML file or run folder.")],
    config: opt.ConfigFiles = None,
    set_: opt.Sets = None,
) -> None:
    """Print the recipe after overrides and validation, as YAML.

    Example: dlkit config show mnist-cnn --set trainer.epochs=3
    """
    from dlkit import console
    from dlkit.jobs.recipe_args import dump_yaml, load_recipe

    console.out().print(
        dump_yaml(load_recipe(recipe, opt.overrides(config, set_), any_job=True)),
        end="",
        markup=False,
    )


@app.command("cp")
def cp_command(
    recipe: Annotated[str, typer.Argument(help="Recipe name to copy.")],
    dest: Annotated[str, typer.Argument(help="Where to write the YAML.")],
    force: Annotated[bool, typer.Option("--force", "-f", help="Overwrite DEST.")] = False,
) -> None:
    """Copy a recipe's YAML (comments included) to DEST for editing; the copy is named after
    DEST's file name, so its runs go to runs/<that name>/.

    Example: dlkit config cp mnist-cnn my.yaml && dlkit train my.yaml
    """
    from pathlib import Path

    from dlkit import console, files
    from dlkit.config.recipes import find_recipe, renamed_copy
    from dlkit.errors import UsageError

    source = find_recipe(recipe)
    target = Path(dest).expanduser()
    if target.is_dir():
        target = target / f"{source.stem}.yaml"
    files.check_writable(target, "DEST", kind="file")
    if target.exists() and not force:
        raise UsageError(f"{target} exists; pass --force to overwrite it")
    files.write_text(target, renamed_copy(source.read_text(encoding="utf-8"), target.stem))
    console.out().print(str(target), markup=False)


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="config")

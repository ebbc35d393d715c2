"""``dlkit prepare``: a group whose default command prepares a recipe's dataset
(``dlkit prepare mnist-cnn`` = ``dlkit prepare dataset mnist-cnn``); tools such as ``split`` add
themselves as further subcommands."""

from __future__ import annotations

from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from dlkit.cli import options as opt


class DefaultToDataset(TyperGroup):
    """Route ``prepare NAME`` to ``prepare dataset NAME`` when NAME is not a subcommand."""

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        if args and args[0] not in self.commands and not args[0].startswith("-"):
            args = ["dataset", *args]
        return super().resolve_command(ctx, args)


app = typer.Typer(
    cls=DefaultToDataset,
    no_args_is_help=True,
    help="""Get data ready for training.

Examples:
  dlkit prepare mnist-cnn --data-dir data/mnist    fetch, verify, cache
  dlkit prepare digits                             a dataset by name
  dlkit prepare faces --video class.mp4 --out data/faces/me --every 5
""",
)


@app.command("dataset")
def dataset_command(
    target: Annotated[str, typer.Argument(help="A recipe name/YAML or a dataset name.")],
    config: opt.ConfigFiles = None,
    set_: opt.Sets = None,
    data_dir: opt.DataDir = None,
    as_json: opt.Json = False,
) -> None:
    """Fetch (when online), verify and cache a dataset; prints its splits and classes.

    Example: dlkit prepare mnist-cnn --data-dir data/mnist
    """
    from dlkit.cli.prepare_summary import show_dataset
    from dlkit.jobs.prepare import prepare

    show_dataset(prepare(target, opt.overrides(config, set_, data_dir=data_dir)), as_json)


def register(root: typer.Typer) -> None:
    from dlkit.cli import prepare_cifar10, prepare_faces, prepare_images

    prepare_images.register(app)
    prepare_cifar10.register(app)
    prepare_faces.register(app)
    root.add_typer(app, name="prepare")

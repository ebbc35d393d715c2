"""``dlkit prepare split`` and ``dlkit prepare augment-preview``: the image-folder tools of the
prepare group (thin CLI over ``families/images/split_folders.py`` and ``families/images/augment_preview.py``)."""

from __future__ import annotations

from typing import Annotated

import typer

from dlkit.cli import options as opt


def split_command(
    src: Annotated[
        str, typer.Argument(help="Photos: one subfolder per class, or <class>.<n>.jpg files.")
    ],
    dst: Annotated[
        str, typer.Argument(help="Output folder: DST/{train,validation,test}/<class>/.")
    ],
    train: Annotated[
        str, typer.Option("--train", help="Per class: a count (1000) or a ratio (0.8).")
    ] = "0.8",
    val: Annotated[str, typer.Option("--val", help="Per class: a count or a ratio.")] = "0.1",
    test: Annotated[str, typer.Option("--test", help="Per class: a count or a ratio.")] = "0.1",
    seed: Annotated[
        int, typer.Option("--seed", help="Shuffling seed (same seed, same split).")
    ] = 0,
    link: Annotated[
        bool, typer.Option("--link", help="Hard-link (or symlink) instead of copying.")
    ] = False,
    force: Annotated[
        bool, typer.Option("--force", help="Replace DST's train/validation/test folders.")
    ] = False,
    as_json: opt.Json = False,
) -> None:
    """Split photos into train/validation/test folders per class, reproducibly.

    Examples:
      dlkit prepare split kaggle/train data/cats_and_dogs_small --train 1000 --val 500 --test 500
      dlkit prepare split my_photos data/my_split --train 0.7 --val 0.15 --test 0.15 --seed 1
    """
    from dlkit import console
    from dlkit.families.images.split_folders import split_folders

    summary = split_folders(src, dst, train, val, test, seed=seed, link=link, force=force)
    if as_json:
        console.print_json(summary)
        return
    for part, by_class in summary["counts"].items():
        counts = ", ".join(f"{name} {n}" for name, n in by_class.items())
        console.info(f"{part}: {sum(by_class.values())} ({counts})")
    if summary["skipped_unreadable"]:
        console.info(
            f"skipped {summary['skipped_unreadable']} unreadable image file(s) in "
            f"{summary['source']} (first: {summary['unreadable'][0]})"
        )
    console.out().print(summary["destination"], markup=False)


def augment_preview_command(
    image: Annotated[str, typer.Argument(help="One image file.")],
    recipe: Annotated[
        str,
        typer.Option("--recipe", "-r", help="Recipe whose data.augment and image_size are shown."),
    ] = "catsdogs-cnn-aug",
    config: opt.ConfigFiles = None,
    set_: opt.Sets = None,
    count: Annotated[
        int, typer.Option("--count", "-n", min=1, max=63, help="Augmented copies.")
    ] = 15,
    seed: Annotated[int, typer.Option("--seed", help="Seed of the random transforms.")] = 0,
    out: Annotated[
        str | None,
        typer.Option(
            "--out", "-o", help="PNG to write (default: <image name>-augmented.png here)."
        ),
    ] = None,
) -> None:
    """Save a grid of augmented copies of one image, as a recipe's augmentation makes them.

    Examples:
      dlkit prepare augment-preview cat.jpg
      dlkit prepare augment-preview cat.jpg --recipe image-folder-cnn --set data.augment.rotation=90
    """
    from pathlib import Path

    from dlkit import console
    from dlkit.config.validate import component_options
    from dlkit.errors import UsageError
    from dlkit.families.images.augment_preview import augment_preview
    from dlkit.families.images.image_files import as_size
    from dlkit.jobs.recipe_args import load_recipe

    loaded = load_recipe(recipe, opt.overrides(config, set_))
    data = component_options(loaded, "data")
    if not data.get("augment"):
        raise UsageError(
            f"recipe '{loaded.name}' has no data.augment; pick another --recipe or "
            "add --set data.augment.rotation=20"
        )
    target = out or f"{Path(image).stem}-augmented.png"
    saved = augment_preview(
        image,
        target,
        data["augment"],
        as_size(data.get("image_size", 150)),
        channels=int(data.get("channels", 3)),
        count=count,
        seed=seed,
    )
    console.out().print(str(saved), markup=False)


def register(app: typer.Typer) -> None:
    app.command("split")(split_command)
    app.command("augment-preview")(augment_preview_command)

"""``dlkit prepare split``: build ``DST/{train,validation,test}/<class>/`` from a folder of photos.

The source is either one subfolder per class, or a flat folder of files named ``<class>.<n>.jpg``
(Kaggle's dogs-vs-cats ``train/``, which the seed split by hand). Each class is shuffled with its
own generator seeded by ``(seed, class name)`` — the same command always gives the same split, and
adding a class does not change the others — then cut into the requested sizes: counts (``1000``)
or ratios (``0.5``) of that class's images. Files are copied (atomically) or, with ``link``,
hard-linked (symlinked across file systems). Files that do not decode are skipped before the
split and counted, as training skips them (``data/image_io.readable``). DST is checked up front
(``files.check_writable``); a non-empty DST is refused unless ``force``, which replaces only DST's
train/validation/test folders. ``split.json`` records what was done.
"""

from __future__ import annotations

import os
import shutil
import zlib
from pathlib import Path
from typing import Any

import numpy as np

from dlkit import files
from dlkit.errors import DataError, UsageError
from dlkit.families.images.image_files import class_folders, image_files
from dlkit.families.images.image_io import readable

PARTS = ("train", "validation", "test")


def parse_amount(text: str | int | float | None, flag: str) -> float | int:
    """'1000' → 1000 images per class, '0.25' → a quarter of each class, None → none."""
    if text is None:
        return 0
    value = str(text).strip()
    if value.isdigit():
        return int(value)
    try:
        number = float(value)
    except ValueError:
        raise UsageError(f"{flag} {value}: give a count (1000) or a ratio (0.2)") from None
    if not 0 <= number <= 1:
        raise UsageError(f"{flag} {value}: a ratio must be between 0 and 1 (or give a count)")
    return number


def find_classes(src: Path) -> dict[str, list[Path]]:
    """class name → its image files (sorted), from subfolders or from ``<class>.<n>.ext`` names."""
    if not src.is_dir():
        raise DataError(f"source folder not found: {src}")
    folders = class_folders(src)
    if folders:
        classes = {p.name: image_files(p) for p in folders}
    else:
        classes = {}
        for path in image_files(src, recursive=False):
            name = path.name.split(".", 1)[0]
            if "." in path.name[len(name) + 1 :]:
                classes.setdefault(name, []).append(path)
    if len(classes) < 2:
        raise DataError(
            f"{src}: found {len(classes)} class(es); it needs one subfolder per class "
            "or files named <class>.<n>.jpg (like Kaggle's dogs-vs-cats)"
        )
    return classes


def drop_unreadable(
    classes: dict[str, list[Path]], src: Path
) -> tuple[dict[str, list[Path]], list[str]]:
    """(classes with only the files that decode, the others' paths relative to ``src``)."""
    paths = [p for group in classes.values() for p in group]
    ok = dict(zip(paths, readable(paths)))
    kept = {name: [p for p in group if ok[p]] for name, group in classes.items()}
    return kept, [str(p.relative_to(src)) for p in paths if not ok[p]]


def _sizes(amounts: dict[str, float | int], total: int) -> dict[str, int]:
    """Images per part for a class of ``total``: ratios round down, train's takes the rest."""
    sizes = {p: int(a * total) if isinstance(a, float) else a for p, a in amounts.items()}
    if isinstance(amounts["train"], float):
        others = sizes["validation"] + sizes["test"]
        sizes["train"] = max(0, min(int(round(amounts["train"] * total)), total - others))
    return sizes


def plan_split(
    classes: dict[str, list[Path]], amounts: dict[str, float | int], seed: int
) -> dict[str, dict[str, list[Path]]]:
    """part → class → files, each class shuffled reproducibly and cut into the asked sizes."""
    plan: dict[str, dict[str, list[Path]]] = {part: {} for part in PARTS}
    ratios = sum(a for a in amounts.values() if isinstance(a, float))
    if ratios > 1.0 + 1e-9:
        raise UsageError(f"the ratios add up to {ratios:g}, more than 1")
    for name, paths in classes.items():
        rng = np.random.default_rng([seed, zlib.crc32(name.encode("utf-8"))])
        order = [paths[i] for i in rng.permutation(len(paths))]
        sizes = _sizes(amounts, len(paths))
        if sum(sizes.values()) > len(paths):
            wanted = ", ".join(f"{p} {n}" for p, n in sizes.items())
            raise DataError(
                f"class '{name}' has {len(paths)} images, fewer than asked ({wanted}); "
                "ask for fewer or use ratios"
            )
        start = 0
        for part in PARTS:
            plan[part][name] = order[start : start + sizes[part]]
            start += sizes[part]
    return plan


def _place(src: Path, dest: Path, link: bool) -> None:
    dest.parent.mkdir(parents=True, exist_ok=True)
    if link:
        try:
            os.link(src, dest)
        except OSError:
            os.symlink(src.resolve(), dest)
        return
    with files.atomic_path(dest) as tmp:
        shutil.copy2(src, tmp)


def _check_destination(dst: Path) -> None:
    """Every folder and file the split writes in DST can be written (UsageError otherwise)."""
    files.check_writable(dst, "DST")
    files.check_writable(dst / "split.json", "DST", kind="file")
    for part in PARTS:
        files.check_writable(dst / part, "DST")


def _prepare_destination(dst: Path, force: bool) -> None:
    if dst.exists() and not dst.is_dir():
        raise UsageError(f"{dst} exists and is not a folder")
    if dst.is_dir() and any(dst.iterdir()):
        if not force:
            raise UsageError(
                f"{dst} is not empty; pick a new folder or pass --force to replace "
                "its train/validation/test folders"
            )
        for part in PARTS:
            if (dst / part).is_dir():
                shutil.rmtree(dst / part)


def split_folders(
    src: str | Path,
    dst: str | Path,
    train: Any = 0.8,
    val: Any = 0.1,
    test: Any = 0.1,
    seed: int = 0,
    link: bool = False,
    force: bool = False,
) -> dict[str, Any]:
    """Write the split; returns a summary (counts per part and class, the settings)."""
    src, dst = Path(src).expanduser(), Path(dst).expanduser()
    amounts = {
        "train": parse_amount(train, "--train"),
        "validation": parse_amount(val, "--val"),
        "test": parse_amount(test, "--test"),
    }
    if src.resolve() == dst.resolve() or dst.resolve().is_relative_to(src.resolve()):
        raise UsageError("DST must not be SRC or inside it")
    _check_destination(dst)
    classes, skipped = drop_unreadable(find_classes(src), src)
    plan = plan_split(classes, amounts, seed)
    _prepare_destination(dst, force)
    for part, by_class in plan.items():
        for name, paths in by_class.items():
            for path in paths:
                _place(path, dst / part / name / path.name, link)
    counts = {
        part: {name: len(paths) for name, paths in by_class.items()}
        for part, by_class in plan.items()
    }
    summary = {
        "source": str(src),
        "destination": str(dst),
        "seed": seed,
        "mode": "link" if link else "copy",
        "requested": {k: v for k, v in amounts.items()},
        "counts": counts,
        "skipped_unreadable": len(skipped),
        "unreadable": skipped,
    }
    files.write_json(dst / "split.json", summary)
    return summary

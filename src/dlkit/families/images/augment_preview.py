"""``dlkit prepare augment-preview IMG``: one photo and a grid of its augmented copies, to see what a
recipe's ``data.augment`` settings do before training (the seed's four-cat figure, bigger).

The image is read and resized exactly like training data (``data/image_io.read_image``), pushed
through ``build_augment`` ``count`` times with a seeded generator, and drawn 4 per row with the
original first. Called by ``cli/prepare.py``; the PNG is written atomically.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from dlkit import files
from dlkit.errors import DataError, UsageError


def augmented_copies(image: Any, options: dict[str, Any], count: int, seed: int = 0) -> Any:
    """uint8 (count, H, W, C) augmented versions of one uint8 HxWxC image."""
    import numpy as np
    import torch

    from dlkit.families.images.augment import build_augment

    augment = build_augment(options)
    if augment is None:
        raise UsageError(
            "the augmentation is all off (every range 0, no flips); nothing to preview"
        )
    batch = torch.from_numpy(np.ascontiguousarray(image)).permute(2, 0, 1).float().div(255.0)
    batch = batch.unsqueeze(0).repeat(count, 1, 1, 1)
    out = augment(batch, torch.Generator().manual_seed(seed))
    return (out.clamp(0, 1) * 255).round().byte().permute(0, 2, 3, 1).numpy()


def augment_preview(
    image_path: str | Path,
    out: str | Path,
    options: dict[str, Any],
    size: tuple[int, int],
    channels: int = 3,
    count: int = 15,
    seed: int = 0,
) -> Path:
    """Save the original + ``count`` augmented copies as a grid PNG at ``out``."""
    from matplotlib.figure import Figure

    from dlkit.families.images.image_io import read_image

    path = Path(image_path).expanduser()
    if not path.is_file():
        raise DataError(f"no such image: {path}")
    image = read_image(path, channels, size)
    if image is None:
        raise DataError(f"{path}: not a readable image")
    copies = augmented_copies(image, options, max(1, count), seed)
    cells = [("original", image)] + [(f"#{i + 1}", c) for i, c in enumerate(copies)]
    cols = min(4, len(cells))
    rows = -(-len(cells) // cols)
    fig = Figure(figsize=(2.2 * cols, 2.3 * rows))
    for i, (title, cell) in enumerate(cells):
        ax = fig.add_subplot(rows, cols, i + 1)
        ax.imshow(cell.squeeze(), cmap="gray" if cell.shape[-1] == 1 else None, vmin=0, vmax=255)
        ax.set_title(title, fontsize=9)
        ax.axis("off")
    return files.save_figure(Path(out).expanduser(), fig)

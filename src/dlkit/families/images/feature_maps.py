"""Seeing what a CNN learned (seed 004 §9): the activation maps of its conv and pool layers for one
input image, drawn like the seed — 16 maps per row, each standardised ((x - mean) / std, × 64 + 128,
clipped to 0-255, viridis); a dead channel (std 0) is drawn flat mid-grey, never NaN — plus the first
layer's channels one by one. Small maps are enlarged by whole pixels (nearest neighbour) to at least
``MIN_TILE`` px, and grid tiles are separated by ``GAP`` px of white, so the 8×8 maps of an 8×8 digit
are readable and neighbouring maps do not run into each other.

``capture`` hooks the model's leaf modules in forward order: a Conv2d followed by a ReLU is recorded
after the ReLU (Keras' ``Conv2D(activation='relu')`` output), pools as they are. ``jobs/feature_maps``
calls ``save_feature_maps`` for ``dlkit evaluate RUN --feature-maps IMG``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from dlkit import files

PER_ROW = 16
MIN_TILE = 64  # px: a smaller map is enlarged by a whole factor to at least this
GAP = 2  # px of white between grid tiles
DPI = 110
MAX_WIDTH = 2640  # px of a grid PNG (24 inches at DPI)


def activation_layers(model: Any) -> list[tuple[str, Any]]:
    """(label, module) for each conv (its ReLU when one follows) and pool layer, in order."""
    from torch import nn

    leaves = [m for m in model.modules() if not list(m.children())]
    found: list[tuple[str, Any]] = []
    counts = {"conv": 0, "pool": 0}
    target: nn.Module
    for i, module in enumerate(leaves):
        if isinstance(module, nn.Conv2d):
            kind = "conv"
            nxt = leaves[i + 1] if i + 1 < len(leaves) else None
            target = nxt if isinstance(nxt, nn.ReLU) else module
        elif isinstance(module, (nn.MaxPool2d, nn.AvgPool2d)):
            kind, target = "pool", module
        else:
            continue
        counts[kind] += 1
        found.append((f"{kind}{counts[kind]}", target))
    return found


def capture(model: Any, x: Any, limit: int | None = None) -> list[tuple[str, np.ndarray]]:
    """(label, float32 C×H×W activations) of the first ``limit`` conv/pool layers for one input."""
    import torch

    layers = activation_layers(model)[:limit] if limit else activation_layers(model)
    outputs: dict[int, np.ndarray] = {}
    hooks = []
    for index, (_, module) in enumerate(layers):

        def hook(_m: Any, _in: Any, out: Any, index: int = index) -> None:
            outputs[index] = out[0].detach().float().cpu().numpy().copy()

        hooks.append(module.register_forward_hook(hook))
    try:
        with torch.no_grad():
            model(x)
    finally:
        for handle in hooks:
            handle.remove()
    return [(label, outputs[i]) for i, (label, _) in enumerate(layers) if i in outputs]


def standardise(channel: np.ndarray) -> np.ndarray:
    """The seed's display scaling, as uint8; a constant channel becomes flat 128, not NaN."""
    values = channel.astype(np.float64)
    values = values - values.mean()
    std = values.std()
    values = values / std if std > 1e-12 else np.zeros_like(values)
    return np.clip(values * 64 + 128, 0, 255).astype(np.uint8)


def upscale(image: np.ndarray, min_side: int = MIN_TILE) -> np.ndarray:
    """``image`` repeated by a whole factor (nearest neighbour) so its longer side >= min_side."""
    factor = max(1, -(-min_side // max(image.shape[:2])))
    return image.repeat(factor, 0).repeat(factor, 1) if factor > 1 else image


def colourise(values: np.ndarray) -> np.ndarray:
    """uint8 display values as an RGB uint8 image in viridis."""
    from matplotlib import colormaps

    return (colormaps["viridis"](values)[..., :3] * 255).round().astype(np.uint8)


def layer_grid(
    maps: np.ndarray, per_row: int = PER_ROW, gap: int = GAP, min_tile: int = MIN_TILE
) -> np.ndarray:
    """C×H×W maps as one RGB image: each standardised and enlarged to >= ``min_tile`` px,
    ``per_row`` to a row, ``gap`` px of white between tiles (unused cells white too)."""
    tiles = [colourise(upscale(standardise(m), min_tile)) for m in maps]
    height, width = tiles[0].shape[:2]
    cols = min(per_row, len(tiles))
    rows = -(-len(tiles) // cols)
    grid = np.full((rows * (height + gap) - gap, cols * (width + gap) - gap, 3), 255, np.uint8)
    for i, tile in enumerate(tiles):
        top, left = (i // cols) * (height + gap), (i % cols) * (width + gap)
        grid[top : top + height, left : left + width] = tile
    return grid


def _save_grid(path: Path, label: str, maps: np.ndarray) -> Path:
    from matplotlib.figure import Figure

    grid = layer_grid(maps)
    height, width = grid.shape[:2]
    scale = min(1.0, MAX_WIDTH / width)  # one grid pixel per PNG pixel, unless very wide
    title = 0.4  # inches above the grid
    img_h = height * scale / DPI
    fig = Figure(figsize=(max(width * scale / DPI, 4.0), img_h + title))
    ax = fig.add_axes((0.0, 0.0, 1.0, img_h / (img_h + title)))
    ax.imshow(grid, interpolation="nearest")
    ax.set_title(f"{label}: {maps.shape[0]} maps of {maps.shape[1]}x{maps.shape[2]}")
    ax.axis("off")
    return files.save_figure(path, fig, dpi=DPI, bbox_inches=None)


def _save_channel(path: Path, channel: np.ndarray) -> Path:
    from matplotlib.image import imsave

    with files.atomic_path(path) as tmp:
        imsave(tmp, colourise(upscale(standardise(channel))), format="png")
    return path


def save_feature_maps(
    model: Any, x: Any, out_dir: Path, layers: int | None = 8, channels: int = 16
) -> list[Path]:
    """Write ``NN-<layer>.png`` grids and the first layer's ``first-layer/channel-NN.png``."""
    captured = capture(model, x, layers)
    if not captured:
        from dlkit.errors import UsageError

        raise UsageError("this model has no conv or pool layers to show feature maps of")
    written = []
    for i, (label, maps) in enumerate(captured, 1):
        written.append(_save_grid(out_dir / f"{i:02d}-{label}.png", label, maps))
    first = captured[0][1]
    for c in range(min(channels, first.shape[0])):
        written.append(_save_channel(out_dir / "first-layer" / f"channel-{c:02d}.png", first[c]))
    return written

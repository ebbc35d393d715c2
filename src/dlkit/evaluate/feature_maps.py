"""Seeing what a CNN learned (seed 004 §9): the activation maps of its conv and pool layers for one
input image, drawn like the seed — 16 maps per row, each standardised ((x - mean) / std, × 64 + 128,
clipped to 0-255); a dead channel (std 0) is drawn flat mid-grey, never NaN — plus the first layer's
channels one by one.

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


def activation_layers(model: Any) -> list[tuple[str, Any]]:
    """(label, module) for each conv (its ReLU when one follows) and pool layer, in order."""
    from torch import nn

    leaves = [m for m in model.modules() if not list(m.children())]
    found: list[tuple[str, Any]] = []
    counts = {"conv": 0, "pool": 0}
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


def layer_grid(maps: np.ndarray, per_row: int = PER_ROW) -> np.ndarray:
    """C×H×W maps tiled ``per_row`` to a row (unused cells stay 0) as one uint8 image."""
    count, height, width = maps.shape
    cols = min(per_row, count)
    rows = -(-count // cols)
    grid = np.zeros((rows * height, cols * width), dtype=np.uint8)
    for i in range(count):
        r, c = divmod(i, cols)
        grid[r * height:(r + 1) * height, c * width:(c + 1) * width] = standardise(maps[i])
    return grid


def _save_grid(path: Path, label: str, maps: np.ndarray) -> Path:
    from matplotlib.figure import Figure

    grid = layer_grid(maps)
    scale = min(1.0 / 8, 24.0 / max(grid.shape))  # ~8 px per inch, at most 24 inches wide
    fig = Figure(figsize=(max(4.0, grid.shape[1] * scale), max(1.5, grid.shape[0] * scale + 0.5)))
    ax = fig.add_subplot()
    ax.imshow(grid, cmap="viridis", interpolation="nearest", vmin=0, vmax=255)
    ax.set_title(f"{label}: {maps.shape[0]} maps of {maps.shape[1]}x{maps.shape[2]}")
    ax.grid(False)
    ax.axis("off")
    return files.save_figure(path, fig)


def _save_channel(path: Path, channel: np.ndarray) -> Path:
    from matplotlib.image import imsave

    with files.atomic_path(path) as tmp:
        imsave(tmp, standardise(channel), cmap="viridis", vmin=0, vmax=255, format="png")
    return path


def save_feature_maps(model: Any, x: Any, out_dir: Path, layers: int | None = 8,
                      channels: int = 16) -> list[Path]:
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

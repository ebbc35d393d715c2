"""Writing pictures: float image batches → uint8 RGB, tiled grids, atomic PNG files.

Used by the GAN step (a fixed-noise sample grid per epoch), the noise predictor (``predict
--samples``) and the style-transfer step (the styled image and its snapshots). Values are clamped
to the valid range before the byte conversion, so nothing wraps around.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from dlkit import files


def to_uint8(images: Any, low: float = -1.0, high: float = 1.0) -> np.ndarray:
    """(N, C, H, W) floats in [low, high] → (N, H, W, C) uint8, clamped."""
    import torch

    x = torch.as_tensor(images).detach().float().cpu()
    x = ((x - low) / (high - low)).clamp(0, 1)
    return (x * 255).round().to(torch.uint8).permute(0, 2, 3, 1).numpy()


def denormalised(outputs: Any, mean: list[float], std: list[float]) -> np.ndarray:
    """Normalised (N, C, H, W) outputs → (N, H, W, C) uint8 pixels, clamped."""
    import torch

    m = torch.tensor(mean).view(1, -1, 1, 1)
    s = torch.tensor(std).view(1, -1, 1, 1)
    return to_uint8(torch.as_tensor(outputs).float() * s + m, 0.0, 1.0)


def grid(pixels: np.ndarray, columns: int = 8, gap: int = 2) -> np.ndarray:
    """(N, H, W, C) uint8 tiles → one (rows·H, columns·W, C) picture with ``gap`` black pixels."""
    n, height, width, channels = pixels.shape
    columns = max(1, min(columns, n))
    rows = -(-n // columns)
    out = np.zeros(
        (rows * (height + gap) + gap, columns * (width + gap) + gap, channels), dtype=np.uint8
    )
    for i, tile in enumerate(pixels):
        r, c = divmod(i, columns)
        top, left = gap + r * (height + gap), gap + c * (width + gap)
        out[top : top + height, left : left + width] = tile
    return out


def write_png(path: str | Path, picture: np.ndarray) -> Path:
    """An RGB (or grey) uint8 picture as a PNG, atomically."""
    import cv2

    if picture.ndim == 3 and picture.shape[2] == 3:
        picture = cv2.cvtColor(picture, cv2.COLOR_RGB2BGR)
    elif picture.ndim == 3:
        picture = picture[..., 0]
    ok, data = cv2.imencode(".png", np.ascontiguousarray(picture))
    if not ok:
        raise ValueError(f"could not encode {path} as PNG")
    return files.write_bytes(path, data.tobytes())

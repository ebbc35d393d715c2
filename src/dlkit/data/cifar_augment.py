"""Batched training augmentation for small RGB images (CIFAR-10): flip, translate, grayscale, cutout.

Every step is a handful of tensor ops over the whole batch, on the batch's device (the GPU under
``--device cuda``), with no per-image Python. ``build_augment`` returns the callable that a data
module puts in ``Dataset.augment``; the batch transform calls it on float NCHW batches in [0, 1],
for training batches only. Random draws come from the given ``torch.Generator`` (on its own device,
then moved), or from torch's seeded global RNG on the batch's device when none is given, so a run is
reproducible either way.
"""

from __future__ import annotations

from typing import Any

from dlkit.errors import UsageError

PAD_MODES = ("reflect", "zeros")


def _rand(shape: tuple[int, ...], x: Any, generator: Any) -> Any:
    import torch

    if generator is None:
        return torch.rand(shape, device=x.device)
    return torch.rand(shape, generator=generator, device=generator.device).to(x.device)


def _randint(high: int, n: int, x: Any, generator: Any) -> Any:
    import torch

    if generator is None:
        return torch.randint(high, (n,), device=x.device)
    return torch.randint(high, (n,), generator=generator, device=generator.device).to(x.device)


def random_flip(x: Any, generator: Any = None) -> Any:
    """Mirror each image left-right with probability 1/2."""
    import torch

    flip = _rand((len(x), 1, 1, 1), x, generator) < 0.5
    return torch.where(flip, x.flip(-1), x)


def random_translate(x: Any, pixels: int, pad_mode: str = "reflect", generator: Any = None) -> Any:
    """Shift each image by up to ``pixels`` in x and y (pad, then one random crop per image)."""
    import torch
    import torch.nn.functional as F

    n, _, height, width = x.shape
    mode = "reflect" if pad_mode == "reflect" else "constant"
    padded = F.pad(x, (pixels,) * 4, mode=mode)
    span = 2 * pixels + 1
    dy, dx = _randint(span, n, x, generator), _randint(span, n, x, generator)
    rows = (dy[:, None] + torch.arange(height, device=x.device))[:, None, :, None]
    cols = (dx[:, None] + torch.arange(width, device=x.device))[:, None, None, :]
    batch = torch.arange(n, device=x.device)[:, None, None, None]
    channel = torch.arange(x.shape[1], device=x.device)[None, :, None, None]
    return padded[batch, channel, rows, cols]


def random_grayscale(x: Any, p: float, generator: Any = None) -> Any:
    """Replace each image by its luma (ITU-R 601, in every channel) with probability ``p``."""
    import torch

    weights = torch.tensor([0.299, 0.587, 0.114], device=x.device, dtype=x.dtype)
    gray = (x * weights.view(1, 3, 1, 1)).sum(1, keepdim=True).expand_as(x)
    pick = _rand((len(x), 1, 1, 1), x, generator) < p
    return torch.where(pick, gray, x)


def random_cutout(x: Any, size: int, generator: Any = None) -> Any:
    """Zero one ``size``×``size`` square per image, centred anywhere (clipped at the borders)."""
    import torch

    n, _, height, width = x.shape
    cy, cx = _randint(height, n, x, generator), _randint(width, n, x, generator)
    top, left = cy - size // 2, cx - size // 2
    rows = torch.arange(height, device=x.device)[None, :]
    cols = torch.arange(width, device=x.device)[None, :]
    in_rows = (rows >= top[:, None]) & (rows < top[:, None] + size)
    in_cols = (cols >= left[:, None]) & (cols < left[:, None] + size)
    hole = (in_rows[:, :, None] & in_cols[:, None, :])[:, None]
    return x.masked_fill(hole, 0.0)


class BatchAugment:
    """The configured steps, applied in order: grayscale → flip → translate → cutout."""

    def __init__(self, flip: bool = False, translate: int = 0, pad_mode: str = "reflect",
                 grayscale: float = 0.0, cutout: int = 0) -> None:
        self.flip, self.translate, self.pad_mode = flip, translate, pad_mode
        self.grayscale, self.cutout = grayscale, cutout

    def __call__(self, x: Any, generator: Any = None) -> Any:
        if self.grayscale > 0 and x.shape[1] == 3:
            x = random_grayscale(x, self.grayscale, generator)
        if self.flip:
            x = random_flip(x, generator)
        if self.translate > 0:
            x = random_translate(x, self.translate, self.pad_mode, generator)
        if self.cutout > 0:
            x = random_cutout(x, self.cutout, generator)
        return x

    def __repr__(self) -> str:
        return (f"BatchAugment(flip={self.flip}, translate={self.translate}, "
                f"pad_mode={self.pad_mode!r}, grayscale={self.grayscale}, cutout={self.cutout})")


def build_augment(flip: bool = False, translate: int = 0, pad_mode: str = "reflect",
                  grayscale: float = 0.0, cutout: int = 0) -> BatchAugment | None:
    """The augmentation for a data section's options, or None when all are off."""
    problems = []
    if translate < 0 or translate > 8:
        problems.append(f"data.translate must be 0..8 pixels, not {translate}")
    if pad_mode not in PAD_MODES:
        problems.append(f"data.pad_mode must be one of {', '.join(PAD_MODES)}, not {pad_mode!r}")
    if not 0.0 <= grayscale <= 1.0:
        problems.append(f"data.grayscale is a probability in [0, 1], not {grayscale}")
    if cutout < 0:
        problems.append(f"data.cutout must be >= 0 pixels, not {cutout}")
    if problems:
        raise UsageError("; ".join(problems))
    if not (flip or translate or grayscale or cutout):
        return None
    return BatchAugment(flip, translate, pad_mode, grayscale, cutout)

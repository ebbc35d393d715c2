"""Keras-ImageDataGenerator-style augmentation as batched tensor ops on the training device.

``build_augment(options)`` turns a recipe's ``data.augment`` mapping into a callable
``(x, generator) -> x`` for float NCHW batches in [0, 1] (the ``Dataset.augment`` contract), or None
when nothing is switched on. Data modules (image folders, CIFAR-10) call it; the trainer applies the
result to training batches only, so validation and test are never augmented.

Keras equivalents (``ImageDataGenerator(...)`` → ``augment:``): ``rotation_range`` → ``rotation``
(degrees, uniform in ±r); ``width_shift_range``/``height_shift_range`` → ``width_shift``/
``height_shift`` (fractions of the size); ``shear_range`` → ``shear`` (DEGREES, as in Keras ≥ 2.2 —
``0.2`` is a fifth of a degree); ``zoom_range`` → ``zoom`` (x and y scale drawn independently from
[1-z, 1+z], or give [lo, hi]); ``horizontal_flip``/``vertical_flip``; ``brightness_range`` →
``brightness`` ([lo, hi] multiplier); ``fill_mode`` nearest | reflect | constant | wrap with ``cval``
(0-255 pixel units). Geometry is one ``affine_grid`` + bilinear ``grid_sample`` per batch (Keras
interpolates bilinearly too). Randomness comes from the given ``torch.Generator`` (the trainer's
seeded one), so a run is reproducible.

Small-image extras (the CIFAR-10 recipes, airbench): ``translate`` shifts by whole pixels (±N, each
image cropped from a ``fill_mode``-padded batch; exact, no interpolation), ``grayscale`` turns an
image gray with that probability, ``cutout`` zeroes one N×N square per image. Their draws happen on
the batch's device when no generator is given (no host round trip per batch on a GPU).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from dlkit.errors import UsageError


class AugmentOptions(BaseModel):
    """The keys a recipe may put under ``data.augment`` (all off by default)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    rotation: float = Field(0.0, ge=0, le=180)
    width_shift: float = Field(0.0, ge=0, lt=1)
    height_shift: float = Field(0.0, ge=0, lt=1)
    shear: float = Field(0.0, ge=0, lt=90)
    zoom: float | tuple[float, float] = 0.0
    horizontal_flip: bool = False
    vertical_flip: bool = False
    brightness: tuple[float, float] | None = None
    fill_mode: Literal["nearest", "reflect", "constant", "wrap"] = "nearest"
    cval: float = Field(0.0, ge=0, le=255)
    translate: int = Field(0, ge=0, le=16)
    grayscale: float = Field(0.0, ge=0, le=1)
    cutout: int = Field(0, ge=0)


def zoom_bounds(zoom: float | tuple[float, float]) -> tuple[float, float]:
    """Keras' reading of ``zoom_range``: a float z means [1-z, 1+z]."""
    if isinstance(zoom, (tuple, list)):
        low, high = float(zoom[0]), float(zoom[1])
    else:
        low, high = 1.0 - float(zoom), 1.0 + float(zoom)
    if not 0 < low <= high:
        raise UsageError(f"data.augment.zoom: needs 0 < low <= high, got [{low}, {high}]")
    return low, high


def parse_options(options: dict[str, Any] | AugmentOptions | None) -> AugmentOptions:
    """Validated options; unknown keys or bad values become one UsageError."""
    from pydantic import ValidationError

    if isinstance(options, AugmentOptions):
        return options
    try:
        return AugmentOptions.model_validate(dict(options or {}))
    except ValidationError as exc:
        from dlkit.registry import close_matches

        known = list(AugmentOptions.model_fields)
        parts = []
        for error in exc.errors():
            key = ".".join(str(p) for p in error["loc"])
            hint = close_matches(key, known) if error["type"] == "extra_forbidden" else ""
            parts.append(f"data.augment.{key}: {error['msg'].lower()}{hint}")
        raise UsageError("; ".join(parts)) from None


def build_augment(options: dict[str, Any] | AugmentOptions | None) -> Callable[..., Any] | None:
    """The augment callable for ``options``, or None when every transform is off."""
    opts = parse_options(options)
    zoom = zoom_bounds(opts.zoom)
    geometric = (
        opts.rotation or opts.width_shift or opts.height_shift or opts.shear or zoom != (1.0, 1.0)
    )
    pixel = opts.translate or opts.grayscale or opts.cutout
    if not (geometric or pixel or opts.horizontal_flip or opts.vertical_flip or opts.brightness):
        return None
    return Augment(opts)


class Augment:
    """Random affine + flips + brightness for float NCHW batches (picklable, stateless)."""

    def __init__(self, options: AugmentOptions) -> None:
        self.options = options
        self.zoom = zoom_bounds(options.zoom)
        o = options
        self.geometric = bool(
            o.rotation or o.width_shift or o.height_shift or o.shear or self.zoom != (1.0, 1.0)
        )

    def __call__(self, x: Any, generator: Any = None) -> Any:
        import torch

        o = self.options
        if self.geometric:
            x = self._affine(x, generator)
        if o.horizontal_flip:
            flip = _coin(len(x), generator).to(x.device).view(-1, 1, 1, 1)
            x = torch.where(flip, x.flip(-1), x)
        if o.vertical_flip:
            flip = _coin(len(x), generator).to(x.device).view(-1, 1, 1, 1)
            x = torch.where(flip, x.flip(-2), x)
        if o.brightness:
            low, high = o.brightness
            factor = _uniform(len(x), low, high, generator).to(x.device).view(-1, 1, 1, 1)
            x = (x * factor).clamp_(0.0, 1.0)
        if o.translate:
            x = random_translate(x, o.translate, o.fill_mode, o.cval / 255.0, generator)
        if o.grayscale and x.shape[1] == 3:
            x = random_grayscale(x, o.grayscale, generator)
        if o.cutout:
            x = random_cutout(x, o.cutout, generator)
        return x

    def matrices(self, n: int, height: int, width: int, generator: Any = None) -> Any:
        """(n, 2, 3) ``affine_grid`` thetas mapping output to input coordinates."""
        import torch

        o = self.options
        angle = _uniform(n, -o.rotation, o.rotation, generator) * (math.pi / 180)
        shear = _uniform(n, -o.shear, o.shear, generator) * (math.pi / 180)
        zx = _uniform(n, *self.zoom, generator)
        zy = _uniform(n, *self.zoom, generator)
        tx = _uniform(n, -o.width_shift, o.width_shift, generator) * 2.0
        ty = _uniform(n, -o.height_shift, o.height_shift, generator) * 2.0
        cos, sin = torch.cos(angle), torch.sin(angle)
        rotate = torch.stack([torch.stack([cos, -sin], 1), torch.stack([sin, cos], 1)], 1)
        sheared = torch.stack(
            [
                torch.stack([torch.ones(n), -torch.sin(shear)], 1),
                torch.stack([torch.zeros(n), torch.cos(shear)], 1),
            ],
            1,
        )
        scale = torch.diag_embed(torch.stack([zx, zy], 1))
        linear = rotate @ sheared @ scale  # in pixel-proportional units
        aspect = torch.tensor([width / 2.0, height / 2.0])
        linear = linear * aspect.view(1, 1, 2) / aspect.view(1, 2, 1)  # S^-1 M S, normalised
        return torch.cat([linear, torch.stack([tx, ty], 1).unsqueeze(-1)], 2)

    def _affine(self, x: Any, generator: Any) -> Any:
        import torch
        import torch.nn.functional as F

        n, _, height, width = x.shape
        theta = self.matrices(n, height, width, generator).to(x.device, x.dtype)
        grid = F.affine_grid(theta, list(x.shape), align_corners=False)
        mode = self.options.fill_mode
        if mode == "wrap":
            grid = torch.remainder(grid + 1.0, 2.0) - 1.0
        padding = {
            "nearest": "border",
            "wrap": "border",
            "reflect": "reflection",
            "constant": "zeros",
        }[mode]
        shift = self.options.cval / 255.0 if mode == "constant" else 0.0
        out = F.grid_sample(
            x - shift, grid, mode="bilinear", padding_mode=padding, align_corners=False
        )
        return out + shift if shift else out


def _uniform(n: int, low: float, high: float, generator: Any) -> Any:
    import torch

    return torch.rand(n, generator=generator) * (high - low) + low


def _coin(n: int, generator: Any) -> Any:
    import torch

    return torch.rand(n, generator=generator) < 0.5


def _rand(n: int, x: Any, generator: Any) -> Any:
    import torch

    if generator is None:
        return torch.rand(n, device=x.device)
    return torch.rand(n, generator=generator, device=generator.device).to(x.device)


def _randint(high: int, n: int, x: Any, generator: Any) -> Any:
    import torch

    if generator is None:
        return torch.randint(high, (n,), device=x.device)
    return torch.randint(high, (n,), generator=generator, device=generator.device).to(x.device)


def random_translate(
    x: Any, pixels: int, fill_mode: str = "reflect", cval: float = 0.0, generator: Any = None
) -> Any:
    """Shift each image by whole pixels, up to ``pixels`` in x and y: pad, one crop per image."""
    import torch
    import torch.nn.functional as F

    n, channels, height, width = x.shape
    mode = {
        "nearest": "replicate",
        "reflect": "reflect",
        "constant": "constant",
        "wrap": "circular",
    }[fill_mode]
    if mode == "reflect" and pixels >= min(height, width):
        mode = "replicate"
    padded = F.pad(x, (pixels,) * 4, mode=mode, **({"value": cval} if mode == "constant" else {}))
    span = 2 * pixels + 1
    dy, dx = _randint(span, n, x, generator), _randint(span, n, x, generator)
    # two gathers (rows, then columns): 2x faster than 4-D advanced indexing, no host sync
    rows = (dy[:, None] + torch.arange(height, device=x.device))[:, None, :, None]
    x = padded.gather(2, rows.expand(n, channels, height, width + 2 * pixels))
    cols = (dx[:, None] + torch.arange(width, device=x.device))[:, None, None, :]
    return x.gather(3, cols.expand(n, channels, height, width))


def random_grayscale(x: Any, p: float, generator: Any = None) -> Any:
    """Replace an RGB image by its luma (ITU-R 601) in every channel, with probability ``p``."""
    import torch

    weights = torch.tensor([0.299, 0.587, 0.114], device=x.device, dtype=x.dtype)
    gray = (x * weights.view(1, 3, 1, 1)).sum(1, keepdim=True).expand_as(x)
    pick = (_rand(len(x), x, generator) < p).view(-1, 1, 1, 1)
    return torch.where(pick, gray, x)


def random_cutout(x: Any, size: int, generator: Any = None) -> Any:
    """Zero one ``size``×``size`` square per image, centred anywhere (clipped at the borders)."""
    import torch

    n, _, height, width = x.shape
    top = _randint(height, n, x, generator) - size // 2
    left = _randint(width, n, x, generator) - size // 2
    rows = torch.arange(height, device=x.device)[None, :]
    cols = torch.arange(width, device=x.device)[None, :]
    in_rows = (rows >= top[:, None]) & (rows < top[:, None] + size)
    in_cols = (cols >= left[:, None]) & (cols < left[:, None] + size)
    return x.masked_fill((in_rows[:, :, None] & in_cols[:, None, :])[:, None], 0.0)

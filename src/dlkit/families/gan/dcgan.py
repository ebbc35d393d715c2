"""The anime-face DCGAN of seed 000b §3d–e, layer for layer (all convolutions ``bias=False``).

``dcgan_generator``: noise ``nz``×1×1 → 3×96×96 in [-1, 1] (five transposed convolutions, BN +
ReLU, tanh); ``dcgan_discriminator``: 3×96×96 → one sigmoid score per image, shape (batch,) as the
tutorial's ``view(-1)`` (five convolutions, LeakyReLU 0.2, BN on the middle three). At ``ngf =
ndf = 64`` they have 3,578,432 and 2,767,296 parameters. ``dcgan`` is the pair a recipe names
(``model: {name: dcgan, nz, ngf, ndf}``): the ``gan`` training step (``families/gan/gan_step.py``) trains
both halves and checkpoints the generator as the run's model, the discriminator beside it.
"""

from __future__ import annotations

from typing import Any

import torch
from torch import nn

from dlkit.components import MODELS
from dlkit.errors import UsageError
from dlkit.registry import PositiveInt

SIZE = 96  # the architecture turns 1×1 noise into exactly 96×96 and back


class Generator(nn.Module):
    def __init__(self, nz: int = 100, ngf: int = 64, channels: int = 3) -> None:
        super().__init__()
        self.nz = nz

        def up(cin: int, cout: int, kernel: int, stride: int, pad: int) -> list[nn.Module]:
            return [
                nn.ConvTranspose2d(cin, cout, kernel, stride, pad, bias=False),
                nn.BatchNorm2d(cout),
                nn.ReLU(True),
            ]

        self.main = nn.Sequential(
            *up(nz, ngf * 8, 4, 1, 0),  # 512×4×4
            *up(ngf * 8, ngf * 4, 4, 2, 1),  # 256×8×8
            *up(ngf * 4, ngf * 2, 4, 2, 1),  # 128×16×16
            *up(ngf * 2, ngf, 4, 2, 1),  # 64×32×32
            nn.ConvTranspose2d(ngf, channels, 5, 3, 1, bias=False),
            nn.Tanh(),
        )  # 3×96×96

    def forward(self, z: torch.Tensor) -> torch.Tensor:
        return self.main(z.reshape(-1, self.nz, 1, 1))  # -1: the batch axis stays dynamic


class Discriminator(nn.Module):
    def __init__(self, ndf: int = 64, channels: int = 3) -> None:
        super().__init__()

        def down(cin: int, cout: int) -> list[nn.Module]:
            return [
                nn.Conv2d(cin, cout, 4, 2, 1, bias=False),
                nn.BatchNorm2d(cout),
                nn.LeakyReLU(0.2, inplace=True),
            ]

        self.main = nn.Sequential(
            nn.Conv2d(channels, ndf, 5, 3, 1, bias=False),
            nn.LeakyReLU(0.2, inplace=True),
            *down(ndf, ndf * 2),
            *down(ndf * 2, ndf * 4),
            *down(ndf * 4, ndf * 8),
            nn.Conv2d(ndf * 8, 1, 4, 1, 0, bias=False),
            nn.Sigmoid(),
        )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.main(x).view(-1)


class DCGAN(nn.Module):
    """Both halves; ``forward`` scores images (the discriminator)."""

    def __init__(self, nz: int, ngf: int, ndf: int, channels: int) -> None:
        super().__init__()
        self.nz, self.ngf, self.ndf, self.channels = nz, ngf, ndf, channels
        self.generator = Generator(nz, ngf, channels)
        self.discriminator = Discriminator(ndf, channels)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.discriminator(x)

    def specs(self) -> tuple[dict[str, Any], dict[str, Any]]:
        """The checkpoint's model descriptions of (generator, discriminator)."""
        image = [self.channels, SIZE, SIZE]
        return (
            {
                "name": "dcgan_generator",
                "options": {"ngf": self.ngf},
                "in_shape": [self.nz, 1, 1],
                "num_outputs": self.channels,
            },
            {
                "name": "dcgan_discriminator",
                "options": {"ndf": self.ndf},
                "in_shape": image,
                "num_outputs": 1,
            },
        )


def _image_shape(in_shape: list[int]) -> int:
    channels, *size = in_shape
    if list(size) != [SIZE, SIZE]:
        raise UsageError(
            f"data.image_size: the DCGAN works on {SIZE}x{SIZE} images, got "
            f"{'x'.join(map(str, size))}"
        )
    return channels


@MODELS.register("dcgan")
def dcgan(
    in_shape: list[int],
    num_outputs: int,
    nz: PositiveInt = 100,
    ngf: PositiveInt = 64,
    ndf: PositiveInt = 64,
) -> DCGAN:
    """The pair for ``in_shape`` images ([C, 96, 96]); ``num_outputs`` is unused."""
    return DCGAN(nz, ngf, ndf, _image_shape(in_shape))


@MODELS.register("dcgan_generator")
def dcgan_generator(in_shape: list[int], num_outputs: int, ngf: PositiveInt = 64) -> Generator:
    """Noise ``in_shape`` = [nz, 1, 1] → ``num_outputs`` channels of 96×96."""
    return Generator(int(in_shape[0]), ngf, num_outputs)


@MODELS.register("dcgan_discriminator")
def dcgan_discriminator(
    in_shape: list[int], num_outputs: int, ndf: PositiveInt = 64
) -> Discriminator:
    return Discriminator(ndf, _image_shape(in_shape))

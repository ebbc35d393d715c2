"""The airbench94 network (Keller Jordan's fast CIFAR-10 trainer) for the ``cifar10-fast`` recipe.

A frozen 2×2 patch-whitening conv (initialised from the first training batch's patch covariance,
its bias trained for the first ``whiten_bias_epochs`` epochs), GELU, then three conv groups
(conv → max-pool → BatchNorm → GELU → conv → BatchNorm → GELU; identity-initialised convs, BatchNorm
with frozen unit scale), a global max-pool and a bias-free linear layer scaled by ``scale``. The
weights are kept ``channels_last`` for tensor-core convolutions under bf16/fp16 autocast.

Two trainer hooks carry the rest of the recipe: ``param_groups`` gives the BatchNorm biases a
``bias_scaler``× learning rate (and a matching weight decay), ``on_epoch_start`` freezes the
whitening bias. In eval mode ``tta`` averages mirrored (1) and also 1-pixel translated (2) views.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

import torch
import torch.nn.functional as F
from pydantic import Field
from torch import nn

from dlkit.components import MODELS
from dlkit.errors import UsageError
from dlkit.registry import NonNegativeFloat, NonNegativeInt, PositiveFloat, PositiveInt

Widths = Annotated[list[PositiveInt], Field(min_length=3, max_length=3)]  # the three conv groups
Momentum = Annotated[float, Field(ge=0, le=1)]  # running = m * running + (1 - m) * batch


class Conv(nn.Conv2d):
    """3×3 same-padded bias-free conv, identity-initialised (Dirac) on its first channels."""

    def __init__(self, cin: int, cout: int) -> None:
        super().__init__(cin, cout, kernel_size=3, padding="same", bias=False)

    def reset_parameters(self) -> None:
        super().reset_parameters()
        w = self.weight.data
        torch.nn.init.dirac_(w[: w.size(1)])


class Norm(nn.BatchNorm2d):
    """BatchNorm with a frozen unit scale and Keras-style momentum."""

    def __init__(self, channels: int, momentum: float) -> None:
        super().__init__(channels, eps=1e-12, momentum=1 - momentum)
        self.weight.requires_grad_(False)


class ConvGroup(nn.Module):
    def __init__(self, cin: int, cout: int, momentum: float) -> None:
        super().__init__()
        self.conv1, self.norm1 = Conv(cin, cout), Norm(cout, momentum)
        self.conv2, self.norm2 = Conv(cout, cout), Norm(cout, momentum)
        self.pool, self.act = nn.MaxPool2d(2), nn.GELU()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = self.act(self.norm1(self.pool(self.conv1(x))))
        return self.act(self.norm2(self.conv2(x)))


class AirbenchNet(nn.Module):
    whitened: torch.Tensor  # a buffer: whether the whitening filters are set

    def __init__(
        self,
        in_ch: int,
        num_outputs: int,
        widths: list[int],
        momentum: float,
        scale: float,
        bias_scaler: float,
        bias_weight_decay: float,
        whiten_bias_epochs: int,
        tta: int,
    ) -> None:
        super().__init__()
        whiten_width = 2 * in_ch * 4
        self.whiten = nn.Conv2d(in_ch, whiten_width, 2, padding=0, bias=True)
        self.whiten.weight.requires_grad_(False)
        self.register_buffer("whitened", torch.zeros((), dtype=torch.bool))
        self._whitened = False
        groups, cin = [], whiten_width
        for width in widths:
            groups.append(ConvGroup(cin, width, momentum))
            cin = width
        self.groups = nn.Sequential(*groups)
        self.head = nn.Linear(cin, num_outputs, bias=False)
        self.scale, self.tta = scale, tta
        self.bias_scaler, self.bias_weight_decay = bias_scaler, bias_weight_decay
        self.whiten_bias_epochs = whiten_bias_epochs

    @torch.no_grad()
    def init_whitening(self, x: torch.Tensor, eps: float = 5e-4) -> None:
        """Set the whitening filters from the patch covariance of a batch (normalised inputs)."""
        c, (h, w) = x.shape[1], self.whiten.weight.shape[2:]
        with torch.autocast(x.device.type, enabled=False):  # covariance needs fp32
            patches = x.float().unfold(2, h, 1).unfold(3, w, 1).transpose(1, 3)
            flat = patches.reshape(-1, c * h * w)
            cov = flat.T @ flat / len(flat)
            values, vectors = torch.linalg.eigh(cov)
        values, vectors = values.flip(0), vectors.T.flip(0).reshape(c * h * w, c, h, w)
        scaled = vectors / torch.sqrt(values.clamp_min(0) + eps).view(-1, 1, 1, 1)
        self.whiten.weight.copy_(torch.cat((scaled, -scaled)).to(self.whiten.weight))
        self.whitened.fill_(True)

    def features(self, x: torch.Tensor) -> torch.Tensor:
        x = F.gelu(self.whiten(x))
        x = F.adaptive_max_pool2d(self.groups(x), 1).flatten(1)
        return self.head(x) * self.scale

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.contiguous(memory_format=torch.channels_last)
        if not self._whitened:
            if not bool(self.whitened):
                self.init_whitening(x)
            self._whitened = True
        if self.training or self.tta == 0:
            return self.features(x)
        logits = 0.5 * (self.features(x) + self.features(x.flip(-1)))
        if self.tta == 1:
            return logits
        padded = F.pad(x, (1, 1, 1, 1), mode="reflect")
        h, w = x.shape[2:]
        shifted = [padded[:, :, :h, :w], padded[:, :, 2:, 2:]]
        views = [0.5 * (self.features(s) + self.features(s.flip(-1))) for s in shifted]
        return 0.5 * logits + 0.25 * (views[0] + views[1])

    def param_groups(self, lr: float) -> list[dict[str, Any]]:
        norm_biases = [p for n, p in self.named_parameters() if "norm" in n and p.requires_grad]
        others = [p for n, p in self.named_parameters() if "norm" not in n and p.requires_grad]
        return [
            {"params": others},
            {
                "params": norm_biases,
                "lr": lr * self.bias_scaler,
                "weight_decay": self.bias_weight_decay,
            },
        ]

    def on_epoch_start(self, epoch: int) -> None:
        assert self.whiten.bias is not None  # built with bias=True
        self.whiten.bias.requires_grad_(epoch <= self.whiten_bias_epochs)


@MODELS.register("airbench")
def airbench(
    in_shape: list[int],
    num_outputs: int,
    widths: Widths = [64, 256, 256],
    batchnorm_momentum: Momentum = 0.6,
    scale: PositiveFloat = 1 / 9,
    bias_scaler: PositiveFloat = 64.0,
    bias_weight_decay: NonNegativeFloat = 2.08e-5,
    whiten_bias_epochs: NonNegativeInt = 3,
    tta: Literal[0, 1, 2] = 2,
) -> AirbenchNet:
    """``tta``: test-time augmentation, 0 off, 1 mirror, 2 mirror + 1-pixel translate."""
    if in_shape[1] < 16 or in_shape[2] < 16:
        raise UsageError("model airbench wants inputs of at least 16x16 pixels")
    net = AirbenchNet(
        in_shape[0],
        num_outputs,
        list(widths),
        batchnorm_momentum,
        scale,
        bias_scaler,
        bias_weight_decay,
        whiten_bias_epochs,
        tta,
    )
    return net.to(memory_format=torch.channels_last)

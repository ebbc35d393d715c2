"""VGG16 transfer learning (seed 004 §8): torchvision's VGG16 convolutional base plus a small head.

``weights``: ``imagenet`` (torchvision's ``VGG16_Weights.IMAGENET1K_V1``, file ``vgg16-397923af.pth``:
read from the torch hub cache, downloaded there when online and ``DLKIT_OFFLINE`` is unset), a path
to a saved state dict (a whole VGG16's or just its ``features``), or ``none`` (random init, seeded —
for tests). ``vgg16_transfer`` is base + head end to end: ``mode: frozen`` keeps the base fixed (the
seed's 88.3% recipe); ``mode: finetune`` trains the head alone for ``warmup_epochs`` (the warm-up the
seed skipped), then unfreezes block5 with its own lower ``finetune_lr`` through the trainer's
``param_groups``/``on_epoch_start`` hooks. ``vgg16_head`` is the classifier the ``vgg16_features``
data module trains on cached base outputs. On 150×150 inputs the base yields 4×4×512 features.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any, Literal

import torch
from torch import nn

from dlkit.components import MODELS
from dlkit.errors import DataError, UsageError
from dlkit.registry import Fraction, NonNegativeInt, PositiveFloat, PositiveInt

WEIGHTS_FILE = "vgg16-397923af.pth"
BLOCK5 = 24  # index of block5_conv1 in torchvision's vgg16().features


def hub_file() -> Path:
    return Path(torch.hub.get_dir()) / "checkpoints" / WEIGHTS_FILE


def _imagenet_file(key: str) -> Path:
    from torchvision.models import VGG16_Weights

    from dlkit.data.download import fetch

    target = hub_file()
    if target.is_file():
        return target
    url = VGG16_Weights.IMAGENET1K_V1.url
    how = (
        f"put {WEIGHTS_FILE} (from {url}) into {target.parent}, "
        f"or set {key} to the file's path (or 'none' for random init)"
    )

    def download() -> None:
        torch.hub.load_state_dict_from_url(url, progress=False, check_hash=True)

    fetch("VGG16 ImageNet weights", how, True, download)
    return target


def vgg16_state(weights: str, key: str = "model.weights") -> dict[str, Any] | None:
    """A whole VGG16 state dict (or just its ``features``) for ``weights``; None for ``none``."""
    if weights == "none":
        return None
    path = _imagenet_file(key) if weights == "imagenet" else Path(weights).expanduser()
    if not path.is_file():
        raise DataError(
            f"VGG16 weights file not found: {path}; use imagenet, none or a path "
            "to a VGG16 state dict"
        )
    try:
        state = torch.load(path, map_location="cpu", weights_only=True)
    except Exception as exc:  # pickle, zip and torch errors all mean "not a state dict"
        raise DataError(
            f"{path} is not a loadable VGG16 state dict ({type(exc).__name__})"
        ) from None
    return state.get("state_dict", state) if isinstance(state, dict) else {}


def features_state(weights: str, key: str = "model.weights") -> dict[str, Any] | None:
    """The VGG16 ``features`` state dict for ``weights`` (None for ``none``)."""
    state = vgg16_state(weights, key)
    if state is None:
        return None
    prefix = "features." if any(k.startswith("features.") for k in state) else ""
    return {
        k[len(prefix) :]: v
        for k, v in state.items()
        if k.startswith(prefix) and not k.startswith("classifier.")
    }


def vgg16_base(
    weights: str = "imagenet", seed: int = 0, key: str = "model.weights"
) -> nn.Sequential:
    """torchvision's VGG16 ``features`` with the given weights (random init seeded by ``seed``)."""
    from torchvision.models.vgg import cfgs, make_layers

    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        base = make_layers(cfgs["D"], batch_norm=False)  # vgg16().features, without the
        for layer in base:  # 120M-parameter classifier
            if isinstance(layer, nn.Conv2d):  # torchvision's VGG init
                nn.init.kaiming_normal_(layer.weight, mode="fan_out", nonlinearity="relu")
                if layer.bias is not None:
                    nn.init.zeros_(layer.bias)
    state = features_state(weights, key)
    if state is not None:
        try:
            base.load_state_dict(state)
        except RuntimeError:
            raise DataError(
                f"{weights}: the weights do not fit VGG16's convolutional base"
            ) from None
    return base


def base_output_shape(height: int, width: int) -> list[int]:
    """[512, h, w] after VGG16's five 2×2 max-pools (150 → 4)."""
    if min(height, width) < 32:
        raise UsageError(f"data.image_size: VGG16 needs at least 32x32, got {height}x{width}")
    for _ in range(5):
        height, width = height // 2, width // 2
    return [512, height, width]


def _head(in_features: int, num_outputs: int, hidden: int, dropout: float) -> nn.Sequential:
    layers: list[nn.Module] = [nn.Flatten(), nn.Linear(in_features, hidden), nn.ReLU()]
    if dropout > 0:
        layers.append(nn.Dropout(dropout))
    return nn.Sequential(*layers, nn.Linear(hidden, num_outputs))


class VGG16Transfer(nn.Module):
    """Frozen (or partly unfrozen) VGG16 base → head; the trainer's fine-tuning hooks."""

    def __init__(
        self,
        base: nn.Sequential,
        head: nn.Module,
        mode: str,
        warmup_epochs: int,
        finetune_lr: float | None,
    ) -> None:
        super().__init__()
        self.base, self.head = base, head
        self.mode, self.warmup_epochs, self.finetune_lr = mode, warmup_epochs, finetune_lr
        self.base.requires_grad_(False)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.head(self.base(x))

    def block5(self) -> list[nn.Parameter]:
        return [p for layer in list(self.base)[BLOCK5:] for p in layer.parameters()]

    def param_groups(self, lr: float) -> list[dict[str, Any]]:
        """The head at ``lr``; in finetune mode block5 too, at ``finetune_lr`` (or lr/10)."""
        groups = [{"params": list(self.head.parameters()), "lr": lr}]
        if self.mode == "finetune":
            groups.append({"params": self.block5(), "lr": self.finetune_lr or lr / 10})
        return groups

    def on_epoch_start(self, epoch: int) -> None:
        """Epochs 1..warmup_epochs train the head alone; later ones block5 too (finetune)."""
        unfreeze = self.mode == "finetune" and epoch > self.warmup_epochs
        for param in self.block5():
            param.requires_grad_(unfreeze)


@MODELS.register("vgg16_head")
def vgg16_head(
    in_shape: list[int], num_outputs: int, hidden: PositiveInt = 256, dropout: Fraction = 0.5
) -> nn.Sequential:
    """Dense ``hidden`` + ReLU + dropout + output on cached base features (seed: 4·4·512 → 256)."""
    return _head(math.prod(in_shape), num_outputs, hidden, dropout)


@MODELS.register("vgg16_transfer")
def vgg16_transfer(
    in_shape: list[int],
    num_outputs: int,
    weights: str = "imagenet",
    mode: Literal["frozen", "finetune"] = "frozen",
    hidden: PositiveInt = 256,
    dropout: Fraction = 0.0,
    warmup_epochs: NonNegativeInt = 5,
    finetune_lr: PositiveFloat | None = None,
    seed: int = 0,
) -> VGG16Transfer:
    if in_shape[0] != 3:
        raise UsageError("vgg16_transfer needs 3-channel (RGB) images; set data.channels: 3")
    features = base_output_shape(in_shape[1], in_shape[2])
    head = _head(math.prod(features), num_outputs, hidden, dropout)
    return VGG16Transfer(vgg16_base(weights, seed), head, mode, warmup_epochs, finetune_lr)

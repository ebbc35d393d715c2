"""torchvision's whole VGG-16 with its 1000-class head replaced (seed 000a §11, 000b §1c).

The tutorial trained "me vs other" through all 1000 ImageNet logits; here ``classifier[6]`` is a
``Linear(4096, num_outputs)``, so the softmax is over the run's own classes. Everything else is
``torchvision.models.vgg16()``: 13 convolutions, ``AdaptiveAvgPool2d(7)``, ``Linear(25088, 4096)`` –
ReLU – Dropout – ``Linear(4096, 4096)`` – ReLU – Dropout. ``weights``: ``imagenet`` (torchvision's
``vgg16-397923af.pth`` from the torch hub cache, as ``families/images/vgg16_transfer.py`` finds it; offline
without it a one-line error says where to put it), ``none`` (random init, seeded), or a path to a
VGG-16 state dict (the tutorial's ``model_weights.pth`` included): every layer whose shape fits is
loaded, the old head is dropped. All layers train, as in the tutorial; ``freeze_features`` keeps the
convolutions fixed.
"""

from __future__ import annotations

from typing import Any

import torch
from torch import nn

from dlkit.components import MODELS
from dlkit.errors import DataError, UsageError
from dlkit.registry import Fraction


def _state(weights: str) -> dict[str, Any] | None:
    from dlkit.families.images.vgg16_transfer import vgg16_state

    return vgg16_state(weights, "model.weights")


def _load(model: nn.Module, state: dict[str, Any], weights: str) -> None:
    own = model.state_dict()
    fitting = {k: v for k, v in state.items() if k in own and own[k].shape == v.shape}
    if not any(k.startswith("features.") for k in fitting):
        raise DataError(f"{weights}: the weights do not fit torchvision's VGG16")
    model.load_state_dict(fitting, strict=False)


@MODELS.register("vgg16")
def vgg16(
    in_shape: list[int],
    num_outputs: int,
    weights: str = "imagenet",
    dropout: Fraction = 0.5,
    freeze_features: bool = False,
    seed: int = 0,
) -> nn.Module:
    from torchvision.models import vgg16 as tv_vgg16

    if in_shape[0] != 3:
        raise UsageError("vgg16 needs 3-channel (RGB) images; set data.channels: 3")
    if min(in_shape[1:]) < 32:
        raise UsageError(
            f"data.image_size: VGG16 needs at least 32x32, got {in_shape[1]}x{in_shape[2]}"
        )
    state = _state(weights)  # first: a missing file fails before 138M weights are initialised
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        model = tv_vgg16(weights=None, dropout=dropout)
        model.classifier[6] = nn.Linear(4096, num_outputs)  # the replaced 1000-class head
    if state is not None:
        _load(model, state, weights)
    model.features.requires_grad_(not freeze_features)
    return model

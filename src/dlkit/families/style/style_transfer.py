"""Style transfer's two modules (seed 001-003 §3.10, activity 5.01).

``vgg19_style`` is the loss network: torchvision's VGG-19 ``features`` up to ``conv5_1``, frozen.
``losses(image)`` gives the tutorial's content loss (mean squared difference at ``content_layer``,
``conv4_2``) and style loss (per style layer ``weight × mean((G_target − G_style)²) / (d·h·w)``
with Gram matrices ``G = F·Fᵀ`` of the layer's d×(h·w) features; weights conv1_1 1.0 … conv5_1
0.2) and ``alpha·content + beta·style`` (1 and 1e5). ``weights: imagenet`` is torchvision's
``vgg19-dcbb9e9d.pth`` from the torch hub cache (offline without it: one line saying where to put
it); ``none`` is a seeded random init, for tests. ``style_image`` is what is trained and what the
checkpoint holds: one picture as an ``nn.Parameter`` (ImageNet-normalised), ``forward`` returns it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import torch
from torch import nn

from dlkit.components import MODELS
from dlkit.errors import DataError, UsageError

WEIGHTS_FILE = "vgg19-dcbb9e9d.pth"
# torchvision vgg19().features indices of the tutorial's layers
LAYERS = {"conv1_1": 0, "conv2_1": 5, "conv3_1": 10, "conv4_1": 19, "conv4_2": 21, "conv5_1": 28}
STYLE_WEIGHTS = {"conv1_1": 1.0, "conv2_1": 0.8, "conv3_1": 0.6, "conv4_1": 0.4, "conv5_1": 0.2}


def _imagenet_state() -> dict[str, Any]:
    from torchvision.models import VGG19_Weights

    from dlkit.data.download import fetch

    target = Path(torch.hub.get_dir()) / "checkpoints" / WEIGHTS_FILE
    if not target.is_file():
        url = VGG19_Weights.IMAGENET1K_V1.url
        how = (
            f"put {WEIGHTS_FILE} (from {url}) into {target.parent}, or set model.weights "
            "to the file's path"
        )
        fetch(
            "VGG-19 ImageNet weights",
            how,
            True,
            lambda: torch.hub.load_state_dict_from_url(url, progress=False, check_hash=True),
        )
    return _load_file(target)


def _load_file(path: Path) -> dict[str, Any]:
    if not path.is_file():
        raise DataError(f"VGG-19 weights file not found: {path}; use imagenet, none or a path")
    try:
        state = torch.load(path, map_location="cpu", weights_only=True)
    except Exception as exc:  # pickle, zip and torch errors all mean "not a state dict"
        raise DataError(
            f"{path} is not a loadable VGG-19 state dict ({type(exc).__name__})"
        ) from None
    return state.get("state_dict", state) if isinstance(state, dict) else {}


def gram(features: torch.Tensor) -> torch.Tensor:
    """The tutorial's Gram matrix of one picture's (1, d, h, w) features: d×d."""
    _, d, h, w = features.shape
    flat = features.view(d, h * w)
    return flat @ flat.t()


class VGG19Style(nn.Module):
    def __init__(
        self,
        features: nn.Sequential,
        content_layer: str,
        style_weights: dict[str, float],
        alpha: float,
        beta: float,
    ) -> None:
        super().__init__()
        self.features = features.eval().requires_grad_(False)
        self.content_layer, self.style_weights = content_layer, dict(style_weights)
        self.alpha, self.beta = alpha, beta
        self.wanted = {LAYERS[name]: name for name in {content_layer, *style_weights}}
        self.targets: dict[str, torch.Tensor] = {}

    def train(self, mode: bool = True) -> VGG19Style:
        return super().train(False)  # the loss network never leaves eval mode

    def extract(self, x: torch.Tensor) -> dict[str, torch.Tensor]:
        out = {}
        for index, layer in enumerate(self.features):
            x = layer(x)
            if index in self.wanted:
                out[self.wanted[index]] = x
        return out

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.features(x)

    def set_targets(self, content: torch.Tensor, style: torch.Tensor) -> None:
        with torch.no_grad():
            self.targets = {"content": self.extract(content)[self.content_layer]}
            style_features = self.extract(style)
            self.targets.update({name: gram(style_features[name]) for name in self.style_weights})

    def losses(self, image: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        """(total, content, style) for a (1, 3, H, W) normalised picture."""
        found = self.extract(image)
        content = torch.mean((found[self.content_layer] - self.targets["content"]) ** 2)
        style = image.new_zeros(())
        for name, weight in self.style_weights.items():
            _, d, h, w = found[name].shape
            style = style + weight * torch.mean((gram(found[name]) - self.targets[name]) ** 2) / (
                d * h * w
            )
        return self.alpha * content + self.beta * style, content, style


@MODELS.register("vgg19_style")
def vgg19_style(
    in_shape: list[int],
    num_outputs: int,
    weights: str = "imagenet",
    content_layer: str = "conv4_2",
    style_weights: dict[str, float] | None = None,
    alpha: float = 1.0,
    beta: float = 1e5,
    seed: int = 0,
) -> VGG19Style:
    from torchvision.models.vgg import cfgs, make_layers

    style_weights = dict(STYLE_WEIGHTS if style_weights is None else style_weights)
    unknown = [n for n in (content_layer, *style_weights) if n not in LAYERS]
    if unknown:
        raise UsageError(
            f"model: unknown VGG-19 layer {', '.join(unknown)} (use {', '.join(LAYERS)})"
        )
    if in_shape[0] != 3:
        raise UsageError("vgg19_style needs 3-channel (RGB) pictures")
    state = (
        None
        if weights == "none"
        else (
            _imagenet_state() if weights == "imagenet" else _load_file(Path(weights).expanduser())
        )
    )
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        features = make_layers(cfgs["E"], batch_norm=False)[: LAYERS["conv5_1"] + 1]
    if state is not None:
        prefix = "features." if any(k.startswith("features.") for k in state) else ""
        own = {k[len(prefix) :]: v for k, v in state.items() if k.startswith(prefix)}
        try:
            features.load_state_dict(
                {k: v for k, v in own.items() if int(k.split(".")[0]) <= LAYERS["conv5_1"]}
            )
        except (RuntimeError, ValueError):
            raise DataError(f"{weights}: the weights do not fit VGG-19's features") from None
    return VGG19Style(features, content_layer, style_weights, alpha, beta)


class StyleImage(nn.Module):
    """The picture being painted: (1, C, H, W) ImageNet-normalised values."""

    def __init__(self, shape: list[int]) -> None:
        super().__init__()
        self.image = nn.Parameter(torch.zeros(1, *shape))

    def forward(self, x: torch.Tensor | None = None) -> torch.Tensor:
        return self.image if x is None else self.image.expand(len(x), -1, -1, -1)


@MODELS.register("style_image")
def style_image(in_shape: list[int], num_outputs: int) -> StyleImage:
    return StyleImage(list(in_shape))

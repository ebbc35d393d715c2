"""LeNet-5 as in the PyTorch CIFAR-10 tutorial (the ``cifar10-lenet`` seed): two 5×5 valid convs
with ReLU and 2×2 max-pooling (3→6→16 channels), then dense 400→120→84→classes. 62,006 parameters
for 32×32 RGB inputs and 10 classes."""

from __future__ import annotations

from dlkit.components import MODELS
from dlkit.errors import UsageError
from dlkit.models.mlp import build_mlp


@MODELS.register("lenet")
def lenet(in_shape: list[int], num_outputs: int, channels: list[int] = [6, 16],
          kernel: int = 5, hidden: list[int] = [120, 84], activation: str = "relu",
          dropout: float = 0.0):
    from torch import nn

    in_ch, height, width = in_shape
    act = {"relu": nn.ReLU, "tanh": nn.Tanh}.get(activation)
    if act is None:
        raise UsageError(f"model.activation must be relu or tanh, not {activation!r}")
    layers: list = []
    for out_ch in channels:
        layers += [nn.Conv2d(in_ch, out_ch, kernel), act(), nn.MaxPool2d(2)]
        height, width = (height - kernel + 1) // 2, (width - kernel + 1) // 2
        if height < 1 or width < 1:
            raise UsageError(f"model.channels: {len(channels)} conv blocks of {kernel}x{kernel} "
                             f"shrink a {in_shape[1]}x{in_shape[2]} input to nothing")
        in_ch = out_ch
    head = build_mlp(in_ch * height * width, num_outputs, hidden, dropout, activation)
    return nn.Sequential(*layers, nn.Flatten(), *head)

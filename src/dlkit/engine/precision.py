"""The GPU defaults: which precision, TF32 and memory format a run trains with on its device.

``trainer.precision`` is ``auto | fp32 | bf16 | fp16``. On CUDA, ``auto`` means bf16 autocast where
the GPU computes bf16 natively (compute capability 8.0+: Ampere, Hopper, ...) and fp16 autocast with
a gradient scaler elsewhere; TF32 matmuls and convolutions on; conv nets' weights and inputs in
``channels_last``. ``fp32`` opts out of all three (TF32 off too: true fp32). An explicit ``bf16`` or
``fp16`` is honoured with TF32 and channels_last as under ``auto``. On the CPU and on MPS every
value trains in fp32 with the default memory format, exactly as before these defaults existed.

``choose`` is the decision, a pure function of the request and the device's capability (unit
tested without a GPU); ``plan_for`` reads the capability from torch; ``enable_tf32`` sets the
backend flags and is called by ``jobs/train.py`` when a run starts on CUDA, never at import.
``engine/supervised_step.py`` (autocast, scaler, input format) and ``jobs/setup.py`` (the model's format)
read the plan.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

PRECISIONS = ("auto", "fp32", "bf16", "fp16")
BF16_MAJOR = 8  # compute capability from which bf16 is native (Ampere)


@dataclass(frozen=True)
class Plan:
    precision: str  # what autocast uses: fp32 (none) | bf16 | fp16
    tf32: bool  # TF32 matmuls and cuDNN convolutions
    channels_last: bool  # conv weights and 4-D inputs in NHWC

    @property
    def scaler(self) -> bool:
        """fp16 needs a gradient scaler; bf16 has fp32's range and does not."""
        return self.precision == "fp16"

    def describe(self) -> str:
        if self.precision == "fp32":
            return "fp32"
        parts = [f"{self.precision} autocast" + (" + grad scaler" if self.scaler else "")]
        parts += ["TF32"] if self.tf32 else []
        parts += ["channels_last"] if self.channels_last else []
        return ", ".join(parts)


def choose(
    requested: str,
    device_type: str,
    capability: tuple[int, int] | None = None,
    conv_net: bool = False,
) -> Plan:
    """The plan for ``trainer.precision`` on a device of ``device_type`` (``cuda`` with its
    compute ``capability``; anything else trains in fp32, as it always did)."""
    if requested not in PRECISIONS:
        raise ValueError(f"trainer.precision: {requested!r} is not one of {', '.join(PRECISIONS)}")
    if device_type != "cuda" or requested == "fp32":
        return Plan("fp32", False, False)
    precision = requested
    if requested == "auto":
        precision = "bf16" if capability is not None and capability[0] >= BF16_MAJOR else "fp16"
    return Plan(precision, True, conv_net)


def is_conv_net(model: Any) -> bool:
    """A model with 2-D convolutions (the ones channels_last speeds up)."""
    from torch import nn

    return any(isinstance(m, (nn.Conv2d, nn.ConvTranspose2d)) for m in model.modules())


def plan_for(requested: str, device: Any, model: Any = None) -> Plan:
    """``choose`` with the capability of ``device`` read from torch."""
    capability = None
    if device.type == "cuda":
        import torch

        capability = tuple(torch.cuda.get_device_capability(device))
    return choose(
        requested,
        device.type,
        capability,  # type: ignore[arg-type]
        conv_net=model is not None and device.type == "cuda" and is_conv_net(model),
    )


def enable_tf32(plan: Plan, device: Any) -> None:
    """Set TF32 for matmuls and cuDNN convolutions on CUDA as the plan says (off under fp32);
    nothing on other devices."""
    if device.type != "cuda":
        return
    import torch

    torch.backends.cuda.matmul.allow_tf32 = plan.tf32
    torch.backends.cudnn.allow_tf32 = plan.tf32

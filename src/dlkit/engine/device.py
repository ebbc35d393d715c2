"""Device selection: ``auto`` picks cuda > mps > cpu and says which; an explicit device that is not
available is a UsageError with the reason, never a silent fallback."""

from __future__ import annotations

import re

from dlkit.errors import UsageError

_PATTERN = re.compile(r"^(auto|cpu|mps|cuda(:\d+)?)$")


def select_device(requested: str):
    """A ``torch.device`` for ``auto|cpu|cuda|cuda:N|mps``."""
    import torch

    name = requested.strip().lower()
    if not _PATTERN.match(name):
        raise UsageError(f"unknown device {requested!r}; use auto, cpu, cuda, cuda:N or mps")
    if name == "auto":
        if torch.cuda.is_available():
            return torch.device("cuda")
        if _mps_available():
            return torch.device("mps")
        return torch.device("cpu")
    if name.startswith("cuda"):
        if not torch.cuda.is_available():
            why = (
                "this PyTorch build has no CUDA support"
                if torch.version.cuda is None
                else "no CUDA GPU is visible (check the driver and CUDA_VISIBLE_DEVICES)"
            )
            raise UsageError(f"--device {requested}: {why}; use --device cpu or auto")
        index = int(name.split(":")[1]) if ":" in name else 0
        if index >= torch.cuda.device_count():
            raise UsageError(
                f"--device {requested}: only {torch.cuda.device_count()} CUDA device(s) visible"
            )
        return torch.device("cuda", index)
    if name == "mps" and not _mps_available():
        raise UsageError(
            "--device mps: Apple MPS is not available on this machine; use --device cpu or auto"
        )
    return torch.device(name)


def _mps_available() -> bool:
    import torch

    backend = getattr(torch.backends, "mps", None)
    return bool(backend and backend.is_available())


def describe(device) -> str:
    """'cuda:0 (NVIDIA H100)', 'cpu (2 threads)'."""
    import torch

    if device.type == "cuda":
        index = device.index if device.index is not None else torch.cuda.current_device()
        return f"cuda:{index} ({torch.cuda.get_device_name(index)})"
    if device.type == "cpu":
        return f"cpu ({torch.get_num_threads()} threads)"
    return str(device)

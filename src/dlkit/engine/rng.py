"""Seeding and RNG state capture, so runs are reproducible and ``--resume`` is exact.

``capture()`` returns every generator's state (python, numpy, torch CPU and CUDA, the loader's
shuffling generator) as plain lists and tensors that ``torch.load(weights_only=True)`` accepts;
``restore()`` puts them back.
"""

from __future__ import annotations

import os
import random
from typing import Any

import numpy as np


def seed_everything(seed: int, deterministic: bool = False) -> None:
    import torch

    random.seed(seed)
    np.random.seed(seed % 2**32)
    torch.manual_seed(seed)
    if deterministic:
        os.environ.setdefault("CUBLAS_WORKSPACE_CONFIG", ":4096:8")
        torch.use_deterministic_algorithms(True, warn_only=True)
        torch.backends.cudnn.benchmark = False
        torch.backends.cudnn.deterministic = True
    else:
        torch.backends.cudnn.benchmark = True  # pick the fastest conv kernels for fixed shapes


def capture(loader_generator: Any = None) -> dict[str, Any]:
    import torch

    version, keys, gauss = random.getstate()
    np_state = np.random.get_state(legacy=True)  # the default: a 5-tuple
    assert isinstance(np_state, tuple)
    state: dict[str, Any] = {
        "python": [version, list(keys), gauss],
        "numpy": [
            np_state[0],
            torch.from_numpy(np_state[1].astype(np.int64)),
            int(np_state[2]),
            int(np_state[3]),
            float(np_state[4]),
        ],
        "torch": torch.get_rng_state(),
        "cuda": torch.cuda.get_rng_state_all() if torch.cuda.is_available() else [],
    }
    if loader_generator is not None:
        state["loader"] = loader_generator.get_state()
    return state


def restore(state: dict[str, Any], loader_generator: Any = None) -> None:
    import torch

    version, keys, gauss = state["python"]
    random.setstate((version, tuple(keys), gauss))
    name, keys_t, pos, has_gauss, cached = state["numpy"]
    np.random.set_state((name, keys_t.numpy().astype(np.uint32), pos, has_gauss, cached))
    torch.set_rng_state(state["torch"])
    if state.get("cuda") and torch.cuda.is_available():
        torch.cuda.set_rng_state_all(state["cuda"])
    if loader_generator is not None and "loader" in state:
        loader_generator.set_state(state["loader"])

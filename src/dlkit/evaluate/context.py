"""The inputs a report (``dlkit evaluate``) or a predictor (``dlkit predict``) works from.

Reports are registered in ``components.REPORTS`` as ``fn(ctx: EvalContext) -> dict`` and return
JSON-able metrics (optionally a ``"table"`` list of row dicts for the terminal); they write their
files into ``ctx.out_dir``. (Predictors follow the protocol in ``predict/protocol.py``.)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from dlkit.config.schema import Recipe


@dataclass
class EvalContext:
    ckpt: dict[str, Any]  # the loaded checkpoint (classes, input_spec, config, …)
    recipe: Recipe  # the validated Recipe it was trained with
    dataset: Any  # the Dataset rebuilt from that recipe (None for evaluate --data DIR)
    split: str  # "val" or "test"
    x: Any  # the split's inputs (numpy)
    y: Any  # the split's targets (numpy)
    outputs: Any  # raw model outputs for all of x (CPU float32 tensor)
    model: Any  # the model, eval mode, on ``device``
    device: Any
    out_dir: Path  # RUN/eval-<split>/
    loss: float = float("nan")
    options: dict[str, Any] = field(default_factory=dict)  # e.g. plot_weights
    spec: Any = None  # the run's typed input spec (data/inputs.py)

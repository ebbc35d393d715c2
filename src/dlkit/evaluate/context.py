"""The inputs a report (``dlkit evaluate``) or a predictor (``dlkit predict``) works from.

Reports are registered in ``components.REPORTS`` as ``fn(ctx: EvalContext) -> dict`` and return
JSON-able metrics (optionally a ``"table"`` list of row dicts for the terminal); they write their
files into ``ctx.out_dir``. Predictors are registered in ``components.PREDICTORS`` under an
``input_spec.kind`` as ``fn(ctx: PredictContext) -> list[dict]``, one row per prediction.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass
class EvalContext:
    ckpt: dict[str, Any]      # the loaded checkpoint (classes, input_spec, config, …)
    recipe: Any               # the validated Recipe it was trained with
    dataset: Any              # the Dataset rebuilt from that recipe
    split: str                # "val" or "test"
    x: Any                    # the split's inputs (numpy)
    y: Any                    # the split's targets (numpy)
    outputs: Any              # raw model outputs for all of x (CPU float32 tensor)
    model: Any                # the model, eval mode, on ``device``
    device: Any
    out_dir: Path             # RUN/eval-<split>/
    loss: float = float("nan")
    options: dict[str, Any] = field(default_factory=dict)  # e.g. plot_weights


@dataclass
class PredictContext:
    ckpt: dict[str, Any]
    model: Any                # eval mode, on ``device``
    device: Any
    inputs: list[str]         # files/folders named on the command line
    data: str | None          # --data (series predictors read their history from it)
    top_k: int = 3
    batch_size: int = 64
    warnings: list[str] = field(default_factory=list)  # skipped inputs, reported on stderr

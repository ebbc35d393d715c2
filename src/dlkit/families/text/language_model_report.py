"""The ``language_model`` report (``evaluate.report: language_model``, the char-LM): per-character
cross-entropy, its perplexity and the next-character accuracy on the split, each row of the held-out
stream read from a zero state with the state carried along it, as in training."""

from __future__ import annotations

import math
from typing import Any

from dlkit.components import REPORTS


@REPORTS.register("language_model")
def language_model(ctx: Any) -> dict[str, Any]:
    import torch

    y = torch.as_tensor(ctx.y)
    accuracy = float((ctx.outputs.argmax(1) == y).float().mean()) if y.numel() else float("nan")
    metrics = {
        "accuracy": accuracy,
        "perplexity": math.exp(min(ctx.loss, 700.0)),
        "characters": int(y.numel()),
    }
    return {**metrics, "table": [{"metric": k, "value": v} for k, v in metrics.items()]}

"""The ``text`` report (``evaluate.report: text``): the classification report — accuracy,
per-class precision/recall/F1, confusion matrix CSV and PNG — plus ``misclassified.csv``: every
wrongly classified text with its label, the prediction and its probability, most confident
first. The texts are the split's raw texts (the data module keeps them); for ``evaluate --data``
they are the inputs read back through the run's vocabulary."""

from __future__ import annotations

from typing import Any

import numpy as np

from dlkit import files
from dlkit.components import REPORTS
from dlkit.evaluate.classification import classification


def split_texts(ctx: Any) -> list[str]:
    texts = ((getattr(ctx.dataset, "info", None) or {}).get("texts") or {}).get(ctx.split)
    if texts is not None and len(texts) == len(ctx.y):
        return list(texts)
    return ctx.spec.decode(ctx.x)


@REPORTS.register("text")
def text(ctx: Any) -> dict[str, Any]:
    import pandas as pd

    from dlkit.tasks import make_task

    result = classification(ctx)
    preds, probs = make_task(ctx.recipe.task).predict(ctx.outputs)
    preds, probs = preds.numpy(), probs.numpy()
    classes = list(ctx.ckpt.get("classes") or [str(i) for i in range(probs.shape[1])])
    wrong = np.flatnonzero(preds != ctx.y)
    texts = split_texts(ctx)
    confidence = probs[np.arange(len(preds)), preds] if len(preds) else probs[:0, 0]
    order = wrong[np.argsort(-confidence[wrong], kind="stable")]
    frame = pd.DataFrame(
        {
            "text": [texts[i] for i in order],
            "label": [classes[int(ctx.y[i])] for i in order],
            "prediction": [classes[int(preds[i])] for i in order],
            "probability": np.round(confidence[order], 6),
        },
        columns=["text", "label", "prediction", "probability"],
    )
    files.write_csv(ctx.out_dir / "misclassified.csv", frame)
    return {**result, "misclassified": int(len(wrong))}

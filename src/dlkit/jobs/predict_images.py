"""The image predictor: files or folders of images → top-k classes with probabilities.

Each image is prepared exactly as in training (channels, size, normalisation from the
checkpoint's ``input_spec``); unreadable files are reported and skipped, not fatal.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from dlkit.components import PREDICTORS
from dlkit.errors import DataError


@PREDICTORS.register("image")
def predict_images(ctx: Any) -> list[dict[str, Any]]:
    spec = ctx.ckpt["input_spec"]
    images, kept = read_inputs(ctx, spec["shape"], spec.get("background"))
    probs = probabilities(ctx, ctx.model, images, spec)
    return _rows(kept, probs, ctx.ckpt.get("classes"), ctx.top_k)


def read_inputs(ctx: Any, shape: list[int], background: str | None = None
                ) -> tuple[np.ndarray, list]:
    """The readable images among ``ctx.inputs`` as a uint8 batch of ``shape`` [C, H, W], and
    their paths; unreadable or missing inputs go to ``ctx.warnings``."""
    from dlkit.data.image_io import list_images, match_background, read_image

    if not ctx.inputs:
        raise DataError("name at least one image file or folder to predict")
    channels, height, width = (int(v) for v in shape)
    paths, problems = list_images(ctx.inputs)
    ctx.warnings.extend(problems)
    images, kept = [], []
    for path in paths:
        image = read_image(path, channels, (height, width))
        if image is None:
            ctx.warnings.append(f"{path}: not a readable image, skipped")
            continue
        images.append(match_background(image, background))
        kept.append(path)
    if not images:
        raise DataError("no readable images among the inputs")
    return np.stack(images), kept


def probabilities(ctx: Any, model: Any, images: np.ndarray, spec: dict[str, Any]) -> np.ndarray:
    """Class probabilities of ``model`` for a uint8 image batch prepared by ``spec``."""
    import torch

    from dlkit.engine.task import make_task
    from dlkit.jobs.evaluate import run_outputs

    outputs = run_outputs(model, images, np.zeros(len(images), dtype=np.int64), spec,
                          ctx.device, ctx.batch_size)
    task = make_task(ctx.ckpt.get("task", "classification"))
    with torch.no_grad():
        return task.predict(outputs)[1].numpy()


def _rows(paths: list, probs: np.ndarray, classes: list[str] | None, top_k: int) -> list[dict]:
    names = classes or [str(i) for i in range(probs.shape[1])]
    k = max(1, min(top_k, probs.shape[1]))
    rows = []
    for path, p in zip(paths, probs):
        order = np.argsort(-p, kind="stable")[:k]
        rows.append({"file": str(path), "prediction": names[order[0]],
                     "probability": round(float(p[order[0]]), 6),
                     "top": [{"class": names[i], "p": round(float(p[i]), 6)} for i in order]})
    return rows

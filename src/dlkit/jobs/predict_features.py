"""The predictor for ``vgg16_features`` runs: a user's photos → VGG16 base → the trained head.

The base is rebuilt from the checkpoint's ``input_spec`` (same weights, same seeded init for
``weights: none``), each image is read and resized by ``data/image_io.read_image`` exactly as in
training, and rows have the image predictor's shape (file, prediction, probability, top-k).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from dlkit.components import PREDICTORS
from dlkit.errors import DataError


def feature_model(ckpt: dict[str, Any], head: Any) -> Any:
    """base → head as one module, for runs whose model was trained on cached base features."""
    from torch import nn

    from dlkit.models.vgg16_transfer import vgg16_base

    spec = ckpt["input_spec"]
    return nn.Sequential(vgg16_base(spec["weights"], int(spec.get("base_seed", 0))), head)


@PREDICTORS.register("vgg16_features")
def predict_features(ctx: Any) -> list[dict[str, Any]]:
    import torch

    from dlkit.data.image_io import list_images, read_image
    from dlkit.engine.task import make_task
    from dlkit.jobs.evaluate import run_outputs
    from dlkit.jobs.predict_images import _rows

    spec = ctx.ckpt["input_spec"]
    _, height, width = (int(v) for v in spec["image_shape"])
    if not ctx.inputs:
        raise DataError("name at least one image file or folder to predict")
    paths, problems = list_images(ctx.inputs)
    ctx.warnings.extend(problems)
    images, kept = [], []
    for path in paths:
        image = read_image(path, 3, (height, width))
        if image is None:
            ctx.warnings.append(f"{path}: not a readable image, skipped")
            continue
        images.append(image)
        kept.append(path)
    if not images:
        raise DataError("no readable images among the inputs")
    model = feature_model(ctx.ckpt, ctx.model).to(ctx.device).eval()
    image_spec = {"kind": "image", "shape": spec["image_shape"], "mean": spec["mean"],
                  "std": spec["std"]}
    outputs = run_outputs(model, np.stack(images), np.zeros(len(images), dtype=np.int64),
                          image_spec, ctx.device, ctx.batch_size)
    with torch.no_grad():
        probs = make_task(ctx.ckpt.get("task", "classification")).predict(outputs)[1].numpy()
    return _rows(kept, probs, ctx.ckpt.get("classes"), ctx.top_k)

"""The predictor for ``vgg16_features`` runs: a user's photos → VGG16 base → the trained head.

The base is rebuilt from the checkpoint's ``input_spec`` (same weights, same seeded init for
``weights: none``), each image is read and resized by ``data/image_io.read_image`` exactly as in
training, and rows have the image predictor's shape (file, prediction, probability, top-k).
"""

from __future__ import annotations

from typing import Any

from dlkit.components import PREDICTORS


def feature_model(ckpt: dict[str, Any], head: Any) -> Any:
    """base → head as one module, for runs whose model was trained on cached base features."""
    from torch import nn

    from dlkit.models.vgg16_transfer import vgg16_base

    spec = ckpt["input_spec"]
    return nn.Sequential(vgg16_base(spec["weights"], int(spec.get("base_seed", 0))), head)


@PREDICTORS.register("vgg16_features")
def predict_features(ctx: Any) -> list[dict[str, Any]]:
    from dlkit.jobs.predict_images import _rows, probabilities, read_inputs

    spec = ctx.ckpt["input_spec"]
    _, height, width = (int(v) for v in spec["image_shape"])
    images, kept = read_inputs(ctx, [3, height, width])
    model = feature_model(ctx.ckpt, ctx.model).to(ctx.device).eval()
    image_spec = {"kind": "image", "shape": spec["image_shape"], "mean": spec["mean"],
                  "std": spec["std"]}
    probs = probabilities(ctx, model, images, image_spec)
    return _rows(kept, probs, ctx.ckpt.get("classes"), ctx.top_k)

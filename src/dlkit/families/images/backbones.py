"""Frozen feature extractors a checkpoint can put in front of its trained head.

A data module that caches a backbone's outputs (``families/images/vgg16_features.py``) names the backbone in
``Dataset.backbone``; the checkpoint's model description keeps that name and its options, and
``engine/checkpoint.build_model`` rebuilds ``backbone → head`` so the run predicts on raw images.
"""

from __future__ import annotations

from dlkit.components import BACKBONES


@BACKBONES.register("vgg16")
def vgg16(weights: str = "imagenet", seed: int = 0):
    """torchvision's VGG16 convolutional base (``weights``: imagenet, none or a file)."""
    from dlkit.families.images.vgg16_transfer import vgg16_base

    return vgg16_base(weights, seed, key="data.weights")

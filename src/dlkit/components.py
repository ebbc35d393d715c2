"""The registries of trainable components, one per kind.

Data modules, models, optimizers and schedulers register themselves with a decorator in their own
module; the module lists below are imported on first lookup, so adding a component is one file plus
one line here.
"""

from dlkit.registry import Registry

DATASETS = Registry("dataset", modules=(
    "dlkit.data.digits",
    "dlkit.data.mnist",
    "dlkit.data.cifar10",
    "dlkit.data.image_folder",
    "dlkit.data.vgg16_features",
    "dlkit.data.stock",
))

MODELS = Registry("model", modules=(
    "dlkit.models.mlp",
    "dlkit.models.cnn",
    "dlkit.models.lenet",
    "dlkit.models.vgg_small",
    "dlkit.models.airbench",
    "dlkit.models.catsdogs_cnn",
    "dlkit.models.vgg16_transfer",
    "dlkit.models.lstm",
))

OPTIMIZERS = Registry("optimizer", modules=("dlkit.engine.optim",))

SCHEDULERS = Registry("scheduler", modules=("dlkit.engine.schedulers",))

# How a recipe's batches become losses and optimiser steps (``trainer.step``): builders of the
# step objects in ``engine/steps.py``, called by ``jobs/setup.py``.
STEPS = Registry("training step", modules=("dlkit.jobs.setup",))

# How ``dlkit evaluate`` reports a split: keyed by ``evaluate.report`` (``auto`` → the task's).
REPORTS = Registry("report", modules=("dlkit.evaluate.classification", "dlkit.evaluate.regression",
                                      "dlkit.evaluate.forecast"))

# Frozen feature extractors a checkpoint puts in front of a head trained on their cached outputs.
BACKBONES = Registry("backbone", modules=("dlkit.models.backbones",))

# Typed input specs (``data/inputs.py``), keyed by the ``kind`` a checkpoint stores.
INPUT_KINDS = Registry("input kind", modules=("dlkit.data.inputs",))

# How ``dlkit predict``/``evaluate`` read inputs and turn outputs into rows: keyed by input kind.
PREDICTORS = Registry("predictor", modules=("dlkit.predict.images", "dlkit.predict.series"))

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

# How ``dlkit evaluate`` reports a split: keyed by ``evaluate.report`` (``auto`` → the task's).
REPORTS = Registry("report", modules=("dlkit.evaluate.classification", "dlkit.evaluate.regression",
                                      "dlkit.evaluate.forecast"))

# How ``dlkit predict`` reads inputs: keyed by the checkpoint's ``input_spec.kind``.
PREDICTORS = Registry("predictor", modules=("dlkit.jobs.predict_images",
                                            "dlkit.jobs.predict_features",
                                            "dlkit.jobs.predict_series"))

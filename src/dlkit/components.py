"""The registries of trainable components, one per kind, and where each component lives.

Data modules, models, optimizers, schedulers, reports and predictors register themselves with a
decorator in their own module. Each registry below maps every name to that module, and a lookup
imports only the module it needs (``dlkit train digits-cnn`` never imports the VGG16 file; listing
recipes imports no torch). Adding a component is one file plus one line here:
``"my_net": "dlkit.models.my_net"``; ``tests/foundation/test_models.py`` checks that the map and
the decorators agree. ``dlkit components`` lists them all.
"""

from dlkit.registry import Registry

DATASETS = Registry("dataset", modules={
    "digits": "dlkit.data.digits",
    "mnist": "dlkit.data.mnist",
    "cifar10": "dlkit.data.cifar10",
    "image_folder": "dlkit.data.image_folder",
    "vgg16_features": "dlkit.data.vgg16_features",
    "stock": "dlkit.data.stock",
})

MODELS = Registry("model", modules={
    "mlp": "dlkit.models.mlp",
    "cnn": "dlkit.models.cnn",
    "lenet": "dlkit.models.lenet",
    "vgg_small": "dlkit.models.vgg_small",
    "airbench": "dlkit.models.airbench",
    "catsdogs_cnn": "dlkit.models.catsdogs_cnn",
    "vgg16_head": "dlkit.models.vgg16_transfer",
    "vgg16_transfer": "dlkit.models.vgg16_transfer",
    "lstm": "dlkit.models.lstm",
})

OPTIMIZERS = Registry("optimizer", modules={
    name: "dlkit.engine.optim" for name in ("sgd", "adam", "adamw", "rmsprop", "adadelta")})

SCHEDULERS = Registry("scheduler", modules={
    name: "dlkit.engine.schedulers"
    for name in ("none", "step", "cosine", "onecycle", "plateau", "triangle")})

# How ``dlkit evaluate`` reports a split: keyed by ``evaluate.report`` (``auto`` → the task's).
REPORTS = Registry("report", modules={
    "classification": "dlkit.evaluate.classification",
    "regression": "dlkit.evaluate.regression",
    "forecast": "dlkit.evaluate.forecast",
})

# How ``dlkit predict`` reads inputs: keyed by the checkpoint's ``input_spec.kind``.
PREDICTORS = Registry("predictor", modules={
    "image": "dlkit.jobs.predict_images",
    "vgg16_features": "dlkit.jobs.predict_features",
    "series": "dlkit.jobs.predict_series",
})

# The recipe section each configurable kind is set in (``model: {name: cnn, ...}``).
SECTIONS = {"data": DATASETS, "model": MODELS, "optim": OPTIMIZERS, "scheduler": SCHEDULERS}


def registries() -> dict[str, Registry]:
    """Every registry defined above, by kind, in definition order (what ``dlkit components``
    lists)."""
    return {value.kind: value for value in globals().values() if isinstance(value, Registry)}

"""The registries of trainable components, one per kind, and where each component lives.

Data modules, models, optimizers, schedulers, reports and predictors register themselves with a
decorator in their own module. Each registry below maps every name to that module, and a lookup
imports only the module it needs (``dlkit train digits-cnn`` never imports the VGG16 file; listing
recipes imports no torch). Adding a component is one file plus one line here:
``"my_net": "dlkit.models.my_net"``; ``tests/foundation/test_models.py`` checks that the map and
the decorators agree. ``dlkit components`` lists them all.
"""

from dlkit.registry import Registry

DATASETS = Registry(
    "dataset",
    modules={
        "digits": "dlkit.families.images.digits",
        "mnist": "dlkit.families.images.mnist",
        "cifar10": "dlkit.families.images.cifar10",
        "image_folder": "dlkit.families.images.image_folder",
        "vgg16_features": "dlkit.families.images.vgg16_features",
        "stock": "dlkit.families.series.stock",
        "text": "dlkit.families.text.text_data",
        "text_stream": "dlkit.families.text.text_stream",
        "images": "dlkit.families.gan.image_set",
        "style_images": "dlkit.families.style.style_images",
        "weekly_sales": "dlkit.families.series.weekly_sales",
        "tabular": "dlkit.families.tables.table",
        "fake_news": "dlkit.families.transformers.fake_news",
        "summaries": "dlkit.families.transformers.summaries",
        "regression_line": "dlkit.families.classic.generated",
        "noisy_cosine": "dlkit.families.classic.generated",
        "truth_table": "dlkit.families.classic.generated",
    },
)

MODELS = Registry(
    "model",
    modules={
        "mlp": "dlkit.models.mlp",
        "cnn": "dlkit.families.images.cnn",
        "lenet": "dlkit.families.images.lenet",
        "vgg_small": "dlkit.families.images.vgg_small",
        "airbench": "dlkit.families.images.airbench",
        "catsdogs_cnn": "dlkit.families.images.catsdogs_cnn",
        "vgg16_head": "dlkit.families.images.vgg16_transfer",
        "vgg16_transfer": "dlkit.families.images.vgg16_transfer",
        "lstm": "dlkit.families.series.lstm",
        "vgg16": "dlkit.families.images.vgg16_classifier",
        "dcgan": "dlkit.families.gan.dcgan",
        "dcgan_generator": "dlkit.families.gan.dcgan",
        "dcgan_discriminator": "dlkit.families.gan.dcgan",
        "vgg19_style": "dlkit.families.style.style_transfer",
        "style_image": "dlkit.families.style.style_transfer",
        "text_bilstm": "dlkit.families.text.text_rnn",
        "text_lstm": "dlkit.families.text.text_rnn",
        "text_bilstm_packed": "dlkit.families.text.text_rnn_packed",
        "text_lstm_packed": "dlkit.families.text.text_rnn_packed",
        "char_lstm": "dlkit.families.text.text_rnn",
        "tfidf": "dlkit.families.text.text_estimators",
        "rnn": "dlkit.families.series.rnn",
        "hf_classifier": "dlkit.families.transformers.hf_text",
        "hf_seq2seq": "dlkit.families.transformers.hf_text",
        "table_estimator": "dlkit.families.tables.table_estimators",
        "perceptron": "dlkit.families.classic.perceptron",
        "hand_mlp": "dlkit.families.classic.hand_mlp",
    },
)

# Fitted (scikit-learn / XGBoost) estimators a fitted model names (``model.estimator.name``).
ESTIMATORS = Registry(
    "estimator",
    modules={
        "decision_tree": "dlkit.models.estimators",
        "random_forest": "dlkit.models.estimators",
        "xgboost": "dlkit.models.estimators",
        "linear_regression": "dlkit.families.tables.table_estimators",
        "xgboost_regressor": "dlkit.families.tables.table_estimators",
    },
)

OPTIMIZERS = Registry(
    "optimizer",
    modules={
        name: "dlkit.engine.optim"
        for name in ("sgd", "adam", "adamw", "rmsprop", "adadelta", "lbfgs")
    },
)

SCHEDULERS = Registry(
    "scheduler",
    modules={
        name: "dlkit.engine.schedulers"
        for name in ("none", "step", "cosine", "onecycle", "plateau", "triangle", "linear")
    },
)

# How a recipe's batches become losses and optimiser steps (``trainer.step``): builders of the
# step objects in ``engine/supervised_step.py``, called by ``jobs/setup.py``.
STEPS = Registry(
    "training step",
    modules={
        "supervised": "dlkit.engine.supervised_setup",
        "estimator": "dlkit.engine.estimator_setup",
        "bptt": "dlkit.families.text.bptt_setup",
        "gan": "dlkit.families.gan.gan_setup",
        "style": "dlkit.families.style.style_setup",
        "transformers": "dlkit.families.transformers.hf_setup",
        "seq2seq": "dlkit.families.transformers.hf_setup",
        "manual": "dlkit.families.classic.manual_setup",
    },
)

# How ``dlkit evaluate`` reports a split: keyed by ``evaluate.report`` (``auto`` → the task's).
REPORTS = Registry(
    "report",
    modules={
        "classification": "dlkit.evaluate.classification",
        "regression": "dlkit.evaluate.regression",
        "forecast": "dlkit.families.series.forecast_report",
        "text": "dlkit.families.text.text_report",
        "language_model": "dlkit.families.text.language_model_report",
        "weekly_forecast": "dlkit.families.series.weekly_report",
        "binary": "dlkit.evaluate.binary",
        "seq2seq": "dlkit.families.transformers.rouge",
        "curve": "dlkit.families.classic.fit_plots",
        "boundary": "dlkit.families.classic.fit_plots",
    },
)

# What a recipe's ``task`` means: losses, metric, predictions, report (``dlkit/tasks/``).
TASKS = Registry(
    "task",
    modules={
        "classification": "dlkit.tasks.classification",
        "binary": "dlkit.tasks.binary",
        "regression": "dlkit.tasks.regression",
        "seq2seq": "dlkit.tasks.seq2seq",
    },
)

# Frozen feature extractors a checkpoint puts in front of a head trained on their cached outputs.
BACKBONES = Registry("backbone", modules={"vgg16": "dlkit.families.images.backbones"})

# Typed input specs (``data/inputs.py``), keyed by the ``kind`` a checkpoint stores.
INPUT_KINDS = Registry(
    "input kind",
    modules={
        "image": "dlkit.data.inputs",
        "series": "dlkit.families.series.series_input",
        "text": "dlkit.families.text.text_input",
        "chars": "dlkit.families.text.text_input",
        "noise": "dlkit.families.gan.noise_input",
        "picture": "dlkit.families.style.picture_input",
        "weekly": "dlkit.families.series.weekly_input",
        "table": "dlkit.families.tables.table_input",
        "documents": "dlkit.families.transformers.document_input",
    },
)

# How ``dlkit predict``/``evaluate`` read inputs and turn outputs into rows: keyed by input kind
# (the protocol is in ``predict/protocol.py``).
PREDICTORS = Registry(
    "predictor",
    modules={
        "image": "dlkit.families.images.image_predictor",
        "series": "dlkit.families.series.series_predictor",
        "text": "dlkit.families.text.text_predictor",
        "chars": "dlkit.families.text.chars_predictor",
        "noise": "dlkit.families.gan.noise_predictor",
        "picture": "dlkit.families.style.picture_predictor",
        "weekly": "dlkit.families.series.weekly_predictor",
        "table": "dlkit.families.tables.table_predictor",
        "documents": "dlkit.families.transformers.document_predictor",
    },
)

# The recipe section each configurable kind is set in (``model: {name: cnn, ...}``).
SECTIONS = {"data": DATASETS, "model": MODELS, "optim": OPTIMIZERS, "scheduler": SCHEDULERS}


def registries() -> dict[str, Registry]:
    """Every registry defined above, by kind, in definition order (what ``dlkit components``
    lists)."""
    return {value.kind: value for value in globals().values() if isinstance(value, Registry)}

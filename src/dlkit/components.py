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
    "text": "dlkit.data.text",
    "text_stream": "dlkit.data.text_stream",
    "images": "dlkit.data.image_set",
    "style_images": "dlkit.data.style_images",
    "weekly_sales": "dlkit.data.weekly_sales",
    "tabular": "dlkit.data.table",
    "fake_news": "dlkit.data.fake_news",
    "summaries": "dlkit.data.summaries",
    "regression_line": "dlkit.data.generated",
    "noisy_cosine": "dlkit.data.generated",
    "truth_table": "dlkit.data.generated",
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
    "vgg16": "dlkit.models.vgg16_classifier",
    "dcgan": "dlkit.models.dcgan",
    "dcgan_generator": "dlkit.models.dcgan",
    "dcgan_discriminator": "dlkit.models.dcgan",
    "vgg19_style": "dlkit.models.style_transfer",
    "style_image": "dlkit.models.style_transfer",
    "text_bilstm": "dlkit.models.text_rnn",
    "text_lstm": "dlkit.models.text_rnn",
    "text_bilstm_packed": "dlkit.models.text_rnn_packed",
    "text_lstm_packed": "dlkit.models.text_rnn_packed",
    "char_lstm": "dlkit.models.text_rnn",
    "tfidf": "dlkit.models.estimators",
    "rnn": "dlkit.models.rnn",
    "hf_classifier": "dlkit.models.hf_text",
    "hf_seq2seq": "dlkit.models.hf_text",
    "table_estimator": "dlkit.models.table_estimators",
    "perceptron": "dlkit.models.perceptron",
    "hand_mlp": "dlkit.models.hand_mlp",
})

# Fitted (scikit-learn / XGBoost) estimators a fitted model names (``model.estimator.name``).
ESTIMATORS = Registry("estimator", modules={
    "decision_tree": "dlkit.models.estimators",
    "random_forest": "dlkit.models.estimators",
    "xgboost": "dlkit.models.estimators",
    "linear_regression": "dlkit.models.table_estimators",
    "xgboost_regressor": "dlkit.models.table_estimators",
})

OPTIMIZERS = Registry("optimizer", modules={
    name: "dlkit.engine.optim"
    for name in ("sgd", "adam", "adamw", "rmsprop", "adadelta", "lbfgs")})

SCHEDULERS = Registry("scheduler", modules={
    name: "dlkit.engine.schedulers"
    for name in ("none", "step", "cosine", "onecycle", "plateau", "triangle", "linear")})

# How a recipe's batches become losses and optimiser steps (``trainer.step``): builders of the
# step objects in ``engine/steps.py``, called by ``jobs/setup.py``.
STEPS = Registry("training step", modules={
    "supervised": "dlkit.jobs.setup",
    "estimator": "dlkit.jobs.estimator_setup",
    "bptt": "dlkit.jobs.bptt_setup",
    "gan": "dlkit.jobs.setup_gan",
    "style": "dlkit.jobs.setup_style",
    "transformers": "dlkit.jobs.hf_setup",
    "seq2seq": "dlkit.jobs.hf_setup",
    "manual": "dlkit.jobs.manual_setup",
})

# How ``dlkit evaluate`` reports a split: keyed by ``evaluate.report`` (``auto`` → the task's).
REPORTS = Registry("report", modules={
    "classification": "dlkit.evaluate.classification",
    "regression": "dlkit.evaluate.regression",
    "forecast": "dlkit.evaluate.forecast",
    "text": "dlkit.evaluate.text",
    "language_model": "dlkit.evaluate.language_model",
    "weekly_forecast": "dlkit.evaluate.weekly",
    "binary": "dlkit.evaluate.binary",
    "seq2seq": "dlkit.evaluate.rouge",
    "curve": "dlkit.evaluate.fit_plots",
    "boundary": "dlkit.evaluate.fit_plots",
})

# Frozen feature extractors a checkpoint puts in front of a head trained on their cached outputs.
BACKBONES = Registry("backbone", modules={"vgg16": "dlkit.models.backbones"})

# Typed input specs (``data/inputs.py``), keyed by the ``kind`` a checkpoint stores.
INPUT_KINDS = Registry("input kind", modules={
    "image": "dlkit.data.inputs",
    "series": "dlkit.data.inputs",
    "text": "dlkit.data.text_input",
    "chars": "dlkit.data.text_input",
    "noise": "dlkit.data.inputs",
    "picture": "dlkit.data.inputs",
    "weekly": "dlkit.data.weekly_input",
    "table": "dlkit.data.table_input",
    "documents": "dlkit.data.document_input",
})

# How ``dlkit predict``/``evaluate`` read inputs and turn outputs into rows: keyed by input kind
# (the protocol is in ``predict/protocol.py``).
PREDICTORS = Registry("predictor", modules={
    "image": "dlkit.predict.images",
    "series": "dlkit.predict.series",
    "text": "dlkit.predict.text",
    "chars": "dlkit.predict.chars",
    "noise": "dlkit.predict.noise",
    "picture": "dlkit.predict.picture",
    "weekly": "dlkit.predict.weekly",
    "table": "dlkit.predict.table",
    "documents": "dlkit.predict.documents",
})

# The recipe section each configurable kind is set in (``model: {name: cnn, ...}``).
SECTIONS = {"data": DATASETS, "model": MODELS, "optim": OPTIMIZERS, "scheduler": SCHEDULERS}


def registries() -> dict[str, Registry]:
    """Every registry defined above, by kind, in definition order (what ``dlkit components``
    lists)."""
    return {value.kind: value for value in globals().values() if isinstance(value, Registry)}

"""The ``estimator`` step builder (``trainer.step: estimator``): a fitted model, no optimiser.

Registered in ``components.STEPS`` and called by ``jobs/setup.setup`` with the same arguments as
every builder; returns an ``engine.estimator_step.EstimatorStep`` and the checkpoint's model
description. The recipe's ``model`` is a fitted model such as ``tfidf`` (``families/text/text_estimators.py``);
its ``optim``/``scheduler`` sections are not used. One fit is one epoch: ``trainer.epochs``
must be 1 (checked with the recipe, before any data is read).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from dlkit.components import STEPS
from dlkit.errors import UsageError

if TYPE_CHECKING:
    from dlkit.config.schema import Recipe


@STEPS.register("estimator")
def estimator(
    recipe: Any, dataset: Any, device: Any, dist: Any, steps_per_epoch: int
) -> tuple[Any, dict[str, Any]]:
    """Fit once on the training split, score every split like a network."""
    from dlkit.components import MODELS
    from dlkit.engine.estimator_step import EstimatorStep
    from dlkit.engine.supervised_setup import model_spec
    from dlkit.tasks import make_task

    if dist.active:
        raise UsageError("trainer.step estimator fits in one process; run it without torchrun")
    task = make_task(recipe.task, recipe.loss.name, recipe.loss.label_smoothing)
    spec = model_spec(recipe, dataset, task.outputs(dataset.num_outputs))
    model = MODELS.create(
        spec["name"], in_shape=spec["in_shape"], num_outputs=spec["num_outputs"], **spec["options"]
    ).to(device)
    return EstimatorStep(model, task, dataset.train), spec


def _check(recipe: Recipe) -> list[str]:
    """Config problems of an estimator recipe, reported with the rest before any data is read."""
    if recipe.trainer.epochs != 1:
        return ["trainer.epochs: an estimator is fitted once; set it to 1"]
    from dlkit.components import MODELS

    try:  # a fitted model may check the recipe too (an estimator that fits the task)
        return MODELS.check(recipe.model.name, recipe)
    except UsageError:
        return []  # the model section reports the unknown name


STEPS.register("estimator", check=_check)(estimator)

"""The ``manual`` step builder (``trainer.step: manual``): nets that apply their own update rule.

Registered in ``components.STEPS`` and called by ``jobs/setup.setup`` like every builder; returns an
``engine.manual_step.ManualStep`` and the checkpoint's model description. The recipe's model must be
one of the hand-written nets (registered with ``step="manual"``); their update is plain
``w −= lr·grad`` (or the perceptron rule), so the optimiser section is ``sgd`` with only ``lr`` read,
and there is no scheduler. These settings are checked with the recipe, before any data is read.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from dlkit.components import STEPS
from dlkit.errors import UsageError
from dlkit.registry import PositiveInt
from dlkit.tasks import definition

if TYPE_CHECKING:
    from dlkit.config.schema import Recipe


@STEPS.register("manual")
def manual(
    recipe: Any,
    dataset: Any,
    device: Any,
    dist: Any,
    steps_per_epoch: int,
    passes_per_epoch: PositiveInt = 1,
) -> tuple[Any, dict[str, Any]]:
    """``passes_per_epoch`` passes of the net's own rule per trainer epoch."""
    from dlkit.components import MODELS
    from dlkit.engine.supervised_setup import model_spec
    from dlkit.families.classic.manual_step import ManualStep
    from dlkit.tasks import make_task

    if dist.active:
        raise UsageError("trainer.step manual trains in one process; run it without torchrun")
    task = make_task(recipe.task, recipe.loss.name, recipe.loss.label_smoothing)
    spec = model_spec(recipe, dataset, task.outputs(dataset.num_outputs))
    model = MODELS.create(
        spec["name"], in_shape=spec["in_shape"], num_outputs=spec["num_outputs"], **spec["options"]
    ).to(device)
    return ManualStep(model, task, recipe.optim.lr, passes_per_epoch), spec


def _check(recipe: Recipe) -> list[str]:
    """Config problems of a hand-written net's recipe, reported before any data is read."""
    from dlkit.components import MODELS

    problems = []
    try:
        trained_here = MODELS.trait(recipe.model.name, "step") == "manual"
    except UsageError:
        trained_here = True  # the model section reports the unknown name
    if not trained_here:
        problems.append(
            f"trainer.step manual trains the hand-written nets (perceptron, "
            f"hand_mlp); model {recipe.model.name} trains with trainer.step "
            f"supervised"
        )
    if recipe.optim.name != "sgd" or recipe.optim.options() or recipe.optim.weight_decay:
        problems.append(
            "optim: the hand-written nets apply plain w -= lr*grad; set optim.name "
            "sgd with only optim.lr"
        )
    if recipe.scheduler.name != "none":
        problems.append("scheduler.name: the hand-written nets keep lr fixed; set it to none")
    if getattr(recipe.loss, "class_weights", "none") != "none":
        problems.append(
            "loss.class_weights: the hand-written nets weigh every row alike; set it to none"
        )
    if definition(recipe.task).max_classes != 2:
        problems.append("task: the hand-written nets answer yes/no; set task: binary")
    return problems


STEPS.register("manual", check=_check)(manual)

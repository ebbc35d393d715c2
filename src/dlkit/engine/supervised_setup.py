"""The ``supervised`` step builder (``trainer.step: supervised``) and the parts every step builder
shares: the checkpoint's model description (``model_spec``), class weights and the supervised
step itself, which the transformer and BPTT builders wrap. Families' builders import these from
here (the engine), never from the jobs above them.
"""

from __future__ import annotations

from typing import Any

from dlkit.components import STEPS
from dlkit.protocols import ParamGroups


def model_spec(recipe: Any, dataset: Any, num_outputs: int) -> dict[str, Any]:
    """The checkpoint's model description: registry name, options, input shape, outputs."""
    from dlkit.config.validate import component_options

    spec = {
        "name": recipe.model.name,
        "options": component_options(recipe, "model"),
        "in_shape": list(dataset.array_input.shape),
        "num_outputs": num_outputs,
    }
    if dataset.backbone is not None:
        spec["backbone"] = {
            "name": dataset.backbone["name"],
            "options": dict(dataset.backbone["options"]),
        }
    return spec


def class_weights(recipe: Any, dataset: Any) -> list[float] | None:
    """``loss.class_weights: balanced``: per-class weights from the training split's labels."""
    if recipe.loss.class_weights == "none":
        return None
    from dlkit.tasks import balanced_weights

    return balanced_weights(dataset.train.y, len(dataset.classes or [0, 1]))


@STEPS.register("supervised")
def supervised(
    recipe: Any, dataset: Any, device: Any, dist: Any, steps_per_epoch: int
) -> tuple[Any, dict[str, Any]]:
    """model(x) → task loss, one optimiser and scheduler: every supervised recipe."""
    return supervised_step(recipe, dataset, device, dist, steps_per_epoch)


def supervised_step(
    recipe: Any, dataset: Any, device: Any, dist: Any, steps_per_epoch: int, step_class: Any = None
) -> tuple[Any, dict[str, Any]]:
    """The supervised step's parts, as ``step_class`` (a ``SupervisedStep`` subclass: the
    transformer steps in ``families/transformers/hf_setup.py``) or ``SupervisedStep`` itself."""
    import torch

    from dlkit.components import MODELS, OPTIMIZERS, SCHEDULERS
    from dlkit.config.validate import component_options
    from dlkit.engine.distributed import wrap
    from dlkit.engine.precision import plan_for
    from dlkit.engine.supervised_step import SupervisedStep
    from dlkit.tasks import make_task

    task = make_task(
        recipe.task,
        recipe.loss.name,
        recipe.loss.label_smoothing,
        weights=class_weights(recipe, dataset),
    )
    task.check_classes(dataset.classes, recipe.name)
    spec = model_spec(recipe, dataset, task.outputs(dataset.num_outputs))
    model = MODELS.create(
        spec["name"], in_shape=spec["in_shape"], num_outputs=spec["num_outputs"], **spec["options"]
    ).to(device)
    plan = plan_for(recipe.trainer.precision, device, model)  # CPU: fp32, formats unchanged
    if plan.channels_last:
        model = model.to(memory_format=torch.channels_last)
    net = wrap(model, dist, device)
    if recipe.trainer.compile:
        net = torch.compile(net)
    params = (
        model.param_groups(recipe.optim.lr)
        if isinstance(model, ParamGroups)
        else model.parameters()
    )
    optim = {"lr": recipe.optim.lr, **component_options(recipe, "optim")}
    if recipe.optim.weight_decay is not None:
        optim["weight_decay"] = recipe.optim.weight_decay
    optimizer = OPTIMIZERS.create(recipe.optim.name, params=params, **optim)

    updates = -(-steps_per_epoch // recipe.trainer.accumulate)  # optimiser steps per epoch

    def make_scheduler(opt: Any) -> tuple[Any, str]:
        return SCHEDULERS.create(
            recipe.scheduler.name,
            optimizer=opt,
            epochs=recipe.trainer.epochs,
            steps_per_epoch=updates,
            **component_options(recipe, "scheduler"),
        )

    step = (step_class or SupervisedStep)(
        model,
        net,
        task,
        optimizer,
        make_scheduler,
        steps_per_epoch,
        device,
        precision=recipe.trainer.precision,
        grad_clip=recipe.trainer.grad_clip,
        accumulate=recipe.trainer.accumulate,
        channels_last=plan.channels_last,
    )
    return step, spec

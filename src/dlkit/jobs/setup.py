"""``setup(recipe, dataset, ...)``: the one place a validated recipe becomes a trainer's parts.

It builds the model (and the checkpoint's description of it), the loaders, the task, the
optimiser and scheduler, the training step and the fit state, then hands them to
``engine.trainer.Trainer``, which builds nothing itself. The step is chosen by the recipe's
``trainer.step`` key from ``components.STEPS``: every builder registered there takes the same
arguments (plus its own keyword options, set in ``trainer.step_options`` and validated against
its signature like a component's) and returns a step object of the protocol in
``engine/steps.py``, so a new family (a GAN, a char-LM, an estimator) plugs in with one builder and
no change to ``train`` or the trainer.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from dlkit.components import STEPS
from dlkit.protocols import ParamGroups

if TYPE_CHECKING:
    from dlkit.config.schema import Recipe
    from dlkit.data.base import Dataset
    from dlkit.protocols import InputSpec


@dataclass
class Setup:
    trainer: Any  # engine.trainer.Trainer
    model: Any  # the main module (unwrapped), for the test pass and parameter counts
    loader: Callable[..., Any]  # split -> loader on the trainer's device (eval batches)


def model_spec(recipe: Recipe, dataset: Dataset, num_outputs: int) -> dict[str, Any]:
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


def describe(
    recipe: Recipe, dataset: Dataset, spec: dict[str, Any], input_spec: InputSpec | None = None
) -> dict[str, Any]:
    """The plain-data part of every checkpoint (everything but weights and training state);
    ``input_spec``: what the checkpoint's model takes when not the data's (a generator's noise)."""
    return {
        "recipe": recipe.name,
        "task": recipe.task,
        "config": recipe.model_dump(mode="json"),
        "model": spec,
        "classes": dataset.classes,
        "input_spec": (input_spec or dataset.input_spec).to_dict(),
    }


def make_loader(
    recipe: Recipe, dataset: Dataset, device: Any, dist: Any, generator: Any
) -> Callable:
    """``loader(split, train=False)``: batches of a split on ``device`` (shuffled, augmented and
    sharded across DDP ranks when ``train``)."""
    from dlkit.engine.loader import ArrayLoader

    data = recipe.data
    transform = dataset.array_input.batch_transform(dataset.augment)

    def loader(split: Any, train: bool = False) -> ArrayLoader:
        size = data.batch_size if train else (data.eval_batch_size or data.batch_size)
        return ArrayLoader(
            split.x,
            split.y,
            size,
            device,
            transform,
            shuffle=train,
            generator=generator if train else None,
            train=train,
            on_device=data.on_device,
            group_by_length=data.group_by_length,
            rank=dist.rank if train else 0,
            world=dist.world if train else 1,
        )

    return loader


def setup(
    recipe: Recipe,
    dataset: Dataset,
    device: Any,
    dist: Any,
    progress: Any = None,
    on_epoch: Callable[[dict[str, Any]], None] | None = None,
) -> Setup:
    import torch

    from dlkit.engine.fit_state import FitState
    from dlkit.engine.trainer import Trainer

    generator = torch.Generator().manual_seed(recipe.seed)
    loader = make_loader(recipe, dataset, device, dist, generator)
    train_loader = loader(dataset.train, train=True)
    val_loader = loader(dataset.val) if dataset.val is not None and len(dataset.val) else None
    from dlkit.config.validate import step_options

    step, spec = STEPS.create(
        recipe.trainer.step,
        recipe=recipe,
        dataset=dataset,
        device=device,
        dist=dist,
        steps_per_epoch=len(train_loader),
        **step_options(recipe),
    )
    state = FitState.start(recipe.trainer, has_val=val_loader is not None, metric=step.metric)
    trainer = Trainer(
        step,
        train_loader,
        val_loader,
        recipe.trainer.epochs,
        state,
        device,
        describe(recipe, dataset, spec, getattr(step, "input_spec", None)),
        generator=generator,
        dist=dist,
        on_epoch=on_epoch,
        progress=progress,
    )
    return Setup(trainer=trainer, model=step.model, loader=loader)


def class_weights(recipe: Recipe, dataset: Dataset) -> list[float] | None:
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
    recipe: Recipe,
    dataset: Dataset,
    device: Any,
    dist: Any,
    steps_per_epoch: int,
    step_class: Any = None,
) -> tuple[Any, dict[str, Any]]:
    """The supervised step's parts, as ``step_class`` (a ``SupervisedStep`` subclass: the
    transformer steps in ``families/transformers/hf_setup.py``) or ``SupervisedStep`` itself."""
    import torch

    from dlkit.components import MODELS, OPTIMIZERS, SCHEDULERS
    from dlkit.config.validate import component_options
    from dlkit.engine.distributed import wrap
    from dlkit.engine.steps import SupervisedStep
    from dlkit.tasks import make_task

    task = make_task(
        recipe.task,
        recipe.loss.name,
        recipe.loss.label_smoothing,
        weights=class_weights(recipe, dataset),
    )
    spec = model_spec(recipe, dataset, task.outputs(dataset.num_outputs))
    model = MODELS.create(
        spec["name"], in_shape=spec["in_shape"], num_outputs=spec["num_outputs"], **spec["options"]
    ).to(device)
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
    )
    return step, spec

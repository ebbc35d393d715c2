"""``setup(recipe, dataset, ...)``: the one place a validated recipe becomes a trainer's parts.

It builds the model (and the checkpoint's description of it), the loaders, the task, the
optimiser and scheduler, the training step and the fit state, then hands them to
``engine.trainer.Trainer``, which builds nothing itself. The step is chosen by the recipe's
``trainer.step`` key from ``components.STEPS``: every builder registered there takes the same
arguments (plus its own keyword options, set in ``trainer.step_options`` and validated against
its signature like a component's) and returns a step object of the protocol in
``protocols.TrainStep``, so a new family (a GAN, a char-LM, an estimator) plugs in with one
builder and no change to ``train`` or the trainer. The builders' shared parts (the model's
description, the supervised step) are in ``engine/supervised_setup.py``, below the families.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from dlkit.components import STEPS
from dlkit.protocols import OwnInput

if TYPE_CHECKING:
    from dlkit.config.schema import Recipe
    from dlkit.data.base import Dataset
    from dlkit.protocols import InputSpec


@dataclass
class Setup:
    trainer: Any  # engine.trainer.Trainer
    model: Any  # the main module (unwrapped), for the test pass and parameter counts
    loader: Callable[..., Any]  # split -> loader on the trainer's device (eval batches)


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
        describe(recipe, dataset, spec, step.input_spec if isinstance(step, OwnInput) else None),
        generator=generator,
        dist=dist,
        on_epoch=on_epoch,
        progress=progress,
    )
    return Setup(trainer=trainer, model=step.model, loader=loader)

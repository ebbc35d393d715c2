"""The ``style`` step builder (``trainer.step: style``): the recipe's ``model`` is the frozen loss
network (``vgg19_style``), its ``data`` the content and style pictures (``style_images``), its
``optim`` the optimiser of the picture itself, which starts as a copy of the content picture (the
tutorial's ``content_img.clone()``). The checkpoint's model is that picture (``style_image``) and
its input kind ``picture``, so ``dlkit predict RUN`` writes it out (``families/style/picture_predictor.py``).
"""

from __future__ import annotations

from typing import Any

from dlkit.components import STEPS
from dlkit.protocols import StyleLossNet
from dlkit.registry import PositiveInt


@STEPS.register("style")
def style(
    recipe: Any,
    dataset: Any,
    device: Any,
    dist: Any,
    steps_per_epoch: int,
    snapshot_every: PositiveInt = 500,
) -> tuple[Any, dict[str, Any]]:
    """Optimise the picture; snapshots on epoch 1 and every ``snapshot_every``-th."""
    import torch

    from dlkit.components import MODELS, OPTIMIZERS
    from dlkit.config.validate import component_options
    from dlkit.data.inputs import PictureInput
    from dlkit.errors import UsageError
    from dlkit.families.style.style_step import StyleStep

    if dist.active:
        raise UsageError("trainer.step style runs in one process; start it without torchrun")
    spec_in = dataset.input_spec
    transform = spec_in.batch_transform()
    content = transform(torch.from_numpy(dataset.train.x)).to(device)
    style_pic = transform(torch.from_numpy(dataset.info["style"][None])).to(device)
    loss_net = MODELS.create(
        recipe.model.name,
        in_shape=list(spec_in.shape),
        num_outputs=3,
        **component_options(recipe, "model"),
    ).to(device)
    if not isinstance(loss_net, StyleLossNet):
        raise UsageError(
            f"trainer.step style needs a loss network as the model (model.name: "
            f"vgg19_style), not '{recipe.model.name}'"
        )
    loss_net.set_targets(content, style_pic)
    spec = {"name": "style_image", "options": {}, "in_shape": list(spec_in.shape), "num_outputs": 3}
    image = MODELS.create("style_image", in_shape=spec["in_shape"], num_outputs=3).to(device)
    with torch.no_grad():
        image.image.copy_(content)
    options = component_options(recipe, "optim")
    if recipe.optim.weight_decay is not None:
        options["weight_decay"] = recipe.optim.weight_decay
    optimizer = OPTIMIZERS.create(
        recipe.optim.name, params=image.parameters(), lr=recipe.optim.lr, **options
    )
    step = StyleStep(image, loss_net, optimizer, spec_in.mean, spec_in.std, snapshot_every)
    step.input_spec = PictureInput(list(spec_in.shape), list(spec_in.mean), list(spec_in.std))
    return step, spec

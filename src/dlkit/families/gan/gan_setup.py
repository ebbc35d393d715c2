"""The ``gan`` step builder (``trainer.step: gan``): a recipe's ``model`` is a generator +
discriminator pair (``families/gan/dcgan.py``'s ``dcgan``), ``optim`` configures the generator's
optimiser and ``trainer.step_options.d_lr`` the discriminator's (same optimiser, the seed's Adam
1e-4 / 1e-5). Returns the step of ``families/gan/gan_step.py`` and the generator's model description,
so ``engine.checkpoint.build_model`` rebuilds the generator and ``predict --samples`` draws from it.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import Field

from dlkit.components import STEPS
from dlkit.protocols import GanPair
from dlkit.registry import PositiveFloat, PositiveInt

Label = Annotated[float, Field(ge=0, le=1)]


@STEPS.register("gan")
def gan(
    recipe: Any,
    dataset: Any,
    device: Any,
    dist: Any,
    steps_per_epoch: int,
    d_lr: PositiveFloat = 1e-5,
    g_every: PositiveInt = 2,
    d_every: PositiveInt = 1,
    fresh_noise: bool = False,
    real_label: Label = 0.0,
    fake_label: Label = 1.0,
    grid: PositiveInt = 64,
) -> tuple[Any, dict[str, Any]]:
    """D every ``d_every``-th batch, G every ``g_every``-th; noise reused (the seed) or fresh."""
    from dlkit.components import MODELS, OPTIMIZERS
    from dlkit.config.validate import component_options
    from dlkit.data.inputs import NoiseInput
    from dlkit.errors import UsageError
    from dlkit.families.gan.gan_step import GanStep

    if dist.active:
        raise UsageError("trainer.step gan runs in one process; start it without torchrun")
    image_shape = list(dataset.input_spec.shape)
    pair = MODELS.create(
        recipe.model.name,
        in_shape=image_shape,
        num_outputs=image_shape[0],
        **component_options(recipe, "model"),
    )
    if not isinstance(pair, GanPair):
        raise UsageError(
            f"trainer.step gan needs a generator/discriminator pair as the model "
            f"(model.name: dcgan), not '{recipe.model.name}'"
        )
    pair = pair.to(device)
    options = component_options(recipe, "optim")
    if recipe.optim.weight_decay is not None:
        options["weight_decay"] = recipe.optim.weight_decay
    opt_g = OPTIMIZERS.create(
        recipe.optim.name, params=pair.generator.parameters(), lr=recipe.optim.lr, **options
    )
    opt_d = OPTIMIZERS.create(
        recipe.optim.name, params=pair.discriminator.parameters(), lr=d_lr, **options
    )
    g_spec, d_spec = pair.specs()
    step = GanStep(
        pair.generator,
        pair.discriminator,
        (g_spec, d_spec),
        opt_g,
        opt_d,
        device,
        noise_batch=recipe.data.batch_size,
        seed=recipe.seed,
        fresh_noise=fresh_noise,
        g_every=g_every,
        d_every=d_every,
        real_label=real_label,
        fake_label=fake_label,
        grid=grid,
    )
    image = dataset.input_spec
    step.input_spec = NoiseInput(
        list(g_spec["in_shape"]),
        image=list(image.shape),
        mean=list(image.mean),
        std=list(image.std),
    )
    return step, g_spec

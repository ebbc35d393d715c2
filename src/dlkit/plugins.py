"""The public face of dlkit for other packages: the registries a plugin registers into, and the
folders of recipes it ships. Nothing else here is public API.

A plugin package declares an entry point in the group ``dlkit.plugins``::

    [project.entry-points."dlkit.plugins"]
    my_family = "my_family.register"

and its module registers what it adds, as dlkit's own families do::

    from dlkit.plugins import MODELS, TASKS, add_recipes

    @MODELS.register("my_net")
    def my_net(in_shape, num_outputs, hidden: int = 64): ...

    add_recipes(Path(__file__).parent / "recipes", origin="my_family")

dlkit imports the plugin only when it lists components or recipes or meets a name it does not
know (``plugin_loader.py``). The protocols a family's parts follow are in ``dlkit.protocols``.
"""

from __future__ import annotations

from pathlib import Path

from dlkit.components import (
    BACKBONES,
    DATASETS,
    ESTIMATORS,
    INPUT_KINDS,
    MODELS,
    OPTIMIZERS,
    PREDICTORS,
    REPORTS,
    SCHEDULERS,
    STEPS,
    TASKS,
)
from dlkit.config.recipes import RECIPE_FOLDERS
from dlkit.registry import Registry

__all__ = [
    "BACKBONES",
    "DATASETS",
    "ESTIMATORS",
    "INPUT_KINDS",
    "MODELS",
    "OPTIMIZERS",
    "PREDICTORS",
    "REPORTS",
    "SCHEDULERS",
    "STEPS",
    "TASKS",
    "Registry",
    "add_recipes",
]


def add_recipes(folder: str | Path, origin: str) -> None:
    """Offer every ``*.yaml`` in ``folder`` as a recipe (``dlkit recipes`` shows ``origin``); a
    name dlkit already ships stays dlkit's."""
    RECIPE_FOLDERS[str(Path(folder))] = origin

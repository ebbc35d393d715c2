"""``dlkit prepare TARGET``: fetch (when online), verify and cache a dataset before training.

TARGET is a recipe (its ``data`` section is used) or a dataset name (its defaults, plus
``--data-dir``). Building the data module does the work: it downloads if allowed, validates the
files and writes the uint8 cache that ``train`` then reads.
"""

from __future__ import annotations

import time
from typing import Any

from dlkit.jobs.recipe_args import Overrides


def prepare(target: str, overrides: Overrides) -> dict[str, Any]:
    from dlkit.components import DATASETS
    from dlkit.config.recipes import recipe_names
    from dlkit.config.validate import data_arguments, validate_data

    started = time.perf_counter()
    if target in DATASETS.names() and target not in recipe_names():
        # A dataset by name: its data section validated on its own, every problem at once.
        recipe = validate_data(overrides.resolve({"name": target, "data": {"name": target}}))
    else:
        from dlkit.jobs.recipe_args import load_recipe

        recipe = load_recipe(target, overrides)
    dataset = DATASETS.create(recipe.data.name, **data_arguments(recipe))
    sizes = {
        split: len(part)
        for split, part in (("train", dataset.train), ("val", dataset.val), ("test", dataset.test))
        if part is not None
    }
    return {
        "dataset": recipe.data.name,
        "splits": sizes,
        "classes": dataset.classes,
        "input_shape": list(dataset.input_spec.shape),
        **dataset.info,
        "seconds": round(time.perf_counter() - started, 2),
    }

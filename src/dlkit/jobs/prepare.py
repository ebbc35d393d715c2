"""``dlkit prepare TARGET``: fetch (when online), verify and cache a dataset before training.

TARGET is a recipe (its ``data`` section is used) or a dataset name (its defaults, plus
``--data-dir``). Building the data module does the work: it downloads if allowed, validates the
files and writes the uint8 cache that ``train`` then reads.
"""

from __future__ import annotations

import time
from typing import Any

from dlkit.errors import UsageError
from dlkit.jobs.recipe_args import Overrides


def prepare(target: str, overrides: Overrides) -> dict[str, Any]:
    from dlkit.components import DATASETS
    from dlkit.config.recipes import recipe_names
    from dlkit.config.validate import data_arguments, validate

    started = time.perf_counter()
    if target in DATASETS.names() and target not in recipe_names():
        # A dataset by name: validated like a recipe's data section, every problem at once.
        raw = overrides.resolve(
            {"name": target, "data": {"name": target}, "model": {"name": "mlp"}}
        )
        extra = sorted(set(raw) - {"name", "data", "model"})
        if extra or raw["model"] != {"name": "mlp"}:
            raise UsageError(
                f"with a dataset name only data.<key> settings apply, not "
                f"{', '.join(extra) or 'model'}"
            )
        recipe = validate(raw)
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

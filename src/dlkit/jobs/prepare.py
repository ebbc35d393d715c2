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

    started = time.perf_counter()
    if target in DATASETS.names() and target not in recipe_names():
        options = {"path": overrides.flags["data_dir"]} if overrides.flags.get("data_dir") else {}
        for item in overrides.sets:
            from dlkit.config.load import parse_set

            keys, value = parse_set(item)
            if keys[0] != "data" or len(keys) != 2:
                raise UsageError(f"--set {item}: with a dataset name only data.<key> applies")
            options[keys[1]] = value
        params = DATASETS.params_model(target, skip=("seed",))
        _check(params, options, target)
        dataset, name = DATASETS.create(target, seed=0, **options), target
    else:
        from dlkit.config.validate import component_options
        from dlkit.jobs.recipe_args import load_recipe

        recipe = load_recipe(target, overrides)
        dataset = DATASETS.create(recipe.data.name, seed=recipe.seed,
                                  **component_options(recipe, "data"))
        name = recipe.data.name
    sizes = {split: len(part) for split, part in
             (("train", dataset.train), ("val", dataset.val), ("test", dataset.test)) if part is not None}
    return {"dataset": name, "splits": sizes, "classes": dataset.classes,
            "input_shape": list(dataset.input_spec["shape"]), **dataset.info,
            "seconds": round(time.perf_counter() - started, 2)}


def _check(params: Any, options: dict[str, Any], target: str) -> None:
    from pydantic import ValidationError

    try:
        params.model_validate(options)
    except ValidationError as exc:
        first = exc.errors()[0]
        raise UsageError(f"dataset {target}: data.{'.'.join(map(str, first['loc']))}: "
                         f"{first['msg']}") from None

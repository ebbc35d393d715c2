"""Validate a raw config dict into a read-only ``Recipe``, reporting every problem at once.

Two passes: the pydantic schema (sections, types, ranges, unknown keys), then each component
section's extra keys against its registered factory's signature (``data``→datasets,
``model``→models, ``optim``→optimizers, ``scheduler``→schedulers). Messages name the full key path
and, for an unknown key, the close matches.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from dlkit.errors import UsageError
from dlkit.registry import Registry, close_matches

if TYPE_CHECKING:
    from dlkit.config.schema import Recipe

# Arguments the engine passes itself; a recipe never sets them.
INJECTED = {
    "data": ("seed", "task"),
    "model": ("in_shape", "num_outputs"),
    "optim": ("params", "lr", "weight_decay"),
    "scheduler": ("optimizer", "epochs", "steps_per_epoch"),
    "step": ("recipe", "dataset", "device", "dist", "steps_per_epoch"),
}


# Keys older recipes and run folders set that the schema now drops (see schema.DataSection).
RETIRED = {"data": ("num_workers",)}


def _describe(error: Mapping[str, Any], prefix: str, known: list[str]) -> str:
    path = ".".join(str(p) for p in (prefix, *error["loc"]) if p != "")
    if error["type"] == "extra_forbidden":
        leaf = str(error["loc"][-1])
        return f"{path}: unknown key{close_matches(leaf, known)}"
    if error["type"] == "missing":
        return f"{path}: required key is missing"
    if error["type"] == "value_error" and not error["loc"]:
        return str(error["msg"]).removeprefix("Value error, ")
    got = error.get("input")
    shown = f" (got {got!r})" if not isinstance(got, dict | list) else ""
    message = str(error["msg"]).removeprefix("Value error, ")
    return f"{path}: {message[0].lower()}{message[1:]}{shown}"


def _known_keys(model: Any, loc: tuple) -> list[str]:
    """Field names at the section where an unknown key was found (for did-you-mean)."""
    fields = getattr(model, "model_fields", {})
    for part in loc[:-1]:
        annotation = fields[part].annotation if part in fields else None
        fields = getattr(annotation, "model_fields", {})
    return list(fields)


def _schema_errors(raw: dict[str, Any]) -> tuple[Any, list[str]]:
    from pydantic import ValidationError

    from dlkit.config.schema import Recipe

    try:
        return Recipe.model_validate(raw), []
    except ValidationError as exc:
        return None, [_describe(e, "", _known_keys(Recipe, e["loc"])) for e in exc.errors()]


def _component_errors(
    section: str, name: str, options: dict[str, Any], registry: Registry, base_fields: list[str]
) -> list[str]:
    from pydantic import ValidationError

    try:
        params = registry.params_model(name, skip=INJECTED[section])
    except UsageError as exc:
        return [f"{section}.name: {exc}"]
    try:
        params.model_validate(options)
    except ValidationError as exc:
        known = list(params.model_fields) + base_fields
        return [_describe(e, section, known) for e in exc.errors()]
    return []


# Recipes of other verbs say so with a top-level ``job:`` key and bring their own schema.
JOB_VALIDATORS = {"cluster": "dlkit.cluster.recipe"}


def _step_errors(step: str, options: dict[str, Any]) -> list[str]:
    """``trainer.step_options`` against the step builder's signature (like a component's)."""
    from pydantic import ValidationError

    from dlkit.components import STEPS

    params = STEPS.params_model(step, skip=INJECTED["step"])
    try:
        params.model_validate(options)
    except ValidationError as exc:
        return [
            _describe(e, "trainer.step_options", list(params.model_fields)) for e in exc.errors()
        ]
    return []


def validate(raw: dict[str, Any]) -> Any:
    """A validated, frozen Recipe (or the recipe of the ``job:`` it names), or one UsageError
    listing every problem."""
    from dlkit.components import DATASETS, MODELS, OPTIMIZERS, SCHEDULERS, STEPS
    from dlkit.config import schema

    job = raw.get("job")
    if isinstance(job, str) and job in JOB_VALIDATORS:
        import importlib

        return importlib.import_module(JOB_VALIDATORS[job]).validate(raw)

    recipe, problems = _schema_errors(raw)
    for section, registry, cls in (
        ("data", DATASETS, schema.DataSection),
        ("model", MODELS, schema.ModelSection),
        ("optim", OPTIMIZERS, schema.OptimSection),
        ("scheduler", SCHEDULERS, schema.SchedulerSection),
    ):
        part = raw.get(section, {})
        default = cls.model_fields["name"].default
        if not isinstance(part, dict) or not isinstance(part.get("name", default), str):
            continue  # the schema pass has reported it
        base = list(cls.model_fields)
        extras = {k: v for k, v in part.items() if k not in (*base, *RETIRED.get(section, ()))}
        problems += _component_errors(section, part.get("name", default), extras, registry, base)
    step = (
        (raw.get("trainer") or {}).get("step", "supervised")
        if isinstance(raw.get("trainer"), dict) or raw.get("trainer") is None
        else None
    )
    if isinstance(step, str):
        try:
            STEPS.get(step)
        except UsageError as exc:
            problems.append(f"trainer.step: {exc}")
        else:  # a step builder may check the settings it needs (``STEPS.register(check=…)``)
            if recipe is not None:
                problems += STEPS.check(step, recipe)
            options = (raw.get("trainer") or {}).get("step_options") or {}
            if isinstance(options, dict):  # else the schema pass has reported it
                problems += _step_errors(step, options)
    if problems:
        raise UsageError("invalid config: " + "; ".join(problems))
    return recipe


def step_options(recipe: Recipe) -> dict[str, Any]:
    """The validated, defaulted keyword arguments of the recipe's step builder."""
    from dlkit.components import STEPS

    params = STEPS.params_model(recipe.trainer.step, skip=INJECTED["step"])
    return params.model_validate(dict(recipe.trainer.step_options)).model_dump()


def validate_data(raw: dict[str, Any]) -> Any:
    """A validated ``DataRecipe`` (a dataset on its own), or one UsageError listing every
    problem; a key outside ``name``, ``seed``, ``task`` and ``data`` is one of them."""
    from pydantic import ValidationError

    from dlkit.components import DATASETS
    from dlkit.config.schema import DataRecipe, DataSection

    problems: list[str] = []
    recipe = None
    try:
        recipe = DataRecipe.model_validate(raw)
    except ValidationError as exc:
        for error in exc.errors():
            if error["type"] == "extra_forbidden" and len(error["loc"]) == 1:
                problems.append(
                    f"{error['loc'][0]}: with a dataset name only data.<key> settings apply"
                )
            else:
                problems.append(_describe(error, "", _known_keys(DataRecipe, error["loc"])))
    part = raw.get("data")
    if isinstance(part, dict) and isinstance(part.get("name"), str):
        base = list(DataSection.model_fields)
        extras = {k: v for k, v in part.items() if k not in (*base, *RETIRED["data"])}
        problems += _component_errors("data", part["name"], extras, DATASETS, base)
    if problems:
        raise UsageError("invalid config: " + "; ".join(problems))
    return recipe


def data_arguments(recipe: Any) -> dict[str, Any]:
    """The data module's keyword arguments: its validated options, the recipe's seed, and the
    recipe's task when the factory takes one (a table's targets are class ids or values by it)."""
    import inspect

    from dlkit.components import DATASETS

    arguments = {"seed": recipe.seed, **component_options(recipe, "data")}
    if "task" in inspect.signature(DATASETS.get(recipe.data.name)).parameters:
        arguments["task"] = recipe.task
    return arguments


def component_options(recipe: Recipe, section: str) -> dict[str, Any]:
    """The validated, defaulted keyword arguments for a section's component."""
    from dlkit import components

    registry = components.SECTIONS[section]
    part = getattr(recipe, section)
    params = registry.params_model(part.name, skip=INJECTED[section])
    return params.model_validate(part.options()).model_dump()

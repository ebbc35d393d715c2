"""Turning a command's recipe argument and override options into a validated Recipe.

Shared by train (also when resuming), evaluate, prepare and ``config show``: the common flags map
onto config keys here, in one place (``--epochs`` → ``trainer.epochs`` …), and every command applies
them through ``Overrides.resolve`` → ``config.load.resolve``, the one override path.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from dlkit.config.schema import Recipe

FLAG_KEYS = {
    "device": "trainer.device",
    "epochs": "trainer.epochs",
    "batch_size": "data.batch_size",
    "lr": "optim.lr",
    "data_dir": "data.path",
    "stock": "data.stock",
    "out": "trainer.out",
    "seed": "seed",
    "log": "trainer.log",
}


@dataclass
class Overrides:
    """Everything on the command line that changes a recipe."""

    config_files: list[str] = field(default_factory=list)
    sets: list[str] = field(default_factory=list)
    flags: dict[str, Any] = field(default_factory=dict)

    def flag_paths(self) -> dict[str, Any]:
        return {FLAG_KEYS[k]: v for k, v in self.flags.items() if v is not None}

    def resolve(self, base: Any) -> dict[str, Any]:
        """``base`` (a recipe file or a stored config dict) with these overrides applied."""
        from dlkit.config.load import resolve

        return resolve(base, self.config_files, self.sets, self.flag_paths())


def resolve_raw(recipe_arg: str, overrides: Overrides) -> dict[str, Any]:
    from dlkit.config.recipes import find_recipe

    return overrides.resolve(find_recipe(recipe_arg))


def load_recipe(
    recipe_arg: str, overrides: Overrides, absolute_data_path: bool = False, any_job: bool = False
) -> Any:
    """The validated recipe; ``absolute_data_path`` pins ``data.path`` to the current folder, so
    a run's stored config still finds its data when evaluated from elsewhere. A recipe of another
    verb (``job: cluster``) is refused unless ``any_job`` (``config show`` prints any recipe)."""
    from pathlib import Path

    from dlkit.config.validate import validate
    from dlkit.errors import UsageError

    raw = resolve_raw(recipe_arg, overrides)
    if raw.get("job") is not None and not any_job:
        raise UsageError(
            f"{recipe_arg} is a '{raw['job']}' recipe; run it with "
            f"'dlkit {raw['job']} FILE --recipe {recipe_arg}'"
        )
    data = raw.get("data")
    if absolute_data_path and isinstance(data, dict) and isinstance(data.get("path"), str):
        data["path"] = str(Path(data["path"]).expanduser().absolute())
    return validate(raw)


def dump_yaml(recipe: Recipe) -> str:
    import yaml

    return yaml.safe_dump(recipe.model_dump(mode="json"), sort_keys=False, allow_unicode=True)

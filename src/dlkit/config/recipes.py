"""Where recipes live and how a name or a path becomes a recipe file.

Recipes ship in the package (``dlkit/configs``, the repo's ``configs/`` folder) so they work from
an installed wheel. A command's RECIPE argument is either such a name (``mnist-cnn``) or a path to
a YAML file, or a run folder (its ``config.yaml``).
"""

from __future__ import annotations

import fnmatch
import os
import re
from importlib import resources
from pathlib import Path
from typing import Any

from dlkit.errors import UsageError
from dlkit.registry import close_matches

# Recipe folders plugins add (``dlkit.plugins.add_recipes``): folder -> origin.
RECIPE_FOLDERS: dict[str, str] = {}


def recipe_dir() -> Path:
    return Path(str(resources.files("dlkit") / "configs"))


def recipe_files() -> dict[str, tuple[Path, str]]:
    """name -> (YAML file, origin): dlkit's own, then each plugin's (a name taken stays)."""
    from dlkit import plugin_loader

    plugin_loader.load()
    found: dict[str, tuple[Path, str]] = {}
    for folder, origin in [(str(recipe_dir()), "dlkit"), *RECIPE_FOLDERS.items()]:
        path = Path(folder)
        for file in sorted(path.glob("*.yaml")) if path.is_dir() else []:
            found.setdefault(file.stem, (file, origin))
    return found


def recipe_names() -> list[str]:
    return sorted(recipe_files())


_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
YAML_SUFFIXES = (".yaml", ".yml")


def _looks_like_path(text: str) -> bool:
    return (
        any(sep in text for sep in ("/", "\\", os.sep))
        or text.startswith(("~", "."))
        or Path(text).suffix.lower() in YAML_SUFFIXES
    )


def find_recipe(name_or_path: str) -> Path:
    """The YAML file for a recipe name, a YAML path, or a run folder.

    A recipe name is a name (letters, digits, ``-_.``, no path separators) looked up among the
    packaged recipes only; anything else is a path, which must be a run folder or an existing
    ``.yaml``/``.yml`` file, so ``../../etc/shadow`` is never read as a recipe."""
    path = Path(name_or_path).expanduser()
    if path.is_dir() and (path / "config.yaml").is_file():
        return path / "config.yaml"
    if _looks_like_path(name_or_path):
        if path.suffix.lower() not in YAML_SUFFIXES:
            what = "a folder without config.yaml" if path.is_dir() else "not a .yaml/.yml file"
            raise UsageError(
                f"{name_or_path}: {what}; give a recipe name ('dlkit recipes' lists "
                "them), a run folder or a .yaml/.yml file"
            )
        if not path.is_file():
            raise UsageError(f"config file not found: {path}")
        return path
    candidate = recipe_dir() / f"{name_or_path}.yaml"
    if _NAME.match(name_or_path) and candidate.is_file():
        return candidate
    if name_or_path in recipe_files():
        return recipe_files()[name_or_path][0]
    raise UsageError(
        f"unknown recipe '{name_or_path}'{close_matches(name_or_path, recipe_names())}"
        "; 'dlkit recipes' lists them, or pass a path to a YAML file"
    )


def list_recipes(pattern: str = "*") -> list[dict[str, Any]]:
    """Rows for ``dlkit recipes``: name, task, dataset, description."""
    from dlkit.config.load import load_yaml

    rows = []
    for name, (file, origin) in sorted(recipe_files().items()):
        if not fnmatch.fnmatch(name, pattern):
            continue
        raw = load_yaml(file)
        job = raw.get("job")  # a recipe of another verb (e.g. job: cluster) names its verb
        rows.append(
            {
                "name": name,
                "task": job or raw.get("task", "classification"),
                "dataset": "" if job else (raw.get("data") or {}).get("name", ""),
                "description": raw.get("description", ""),
                "origin": origin,
            }
        )
    return rows


def renamed_copy(text: str, name: str) -> str:
    """A recipe's YAML text for a copy called ``name``: its top-level ``name:`` (which files its
    runs under ``runs/<name>/``) says the copy's; comments and layout are untouched."""
    import re

    return re.sub(r"^name:[ \t]*[^\s#]+", f"name: {name}", text, count=1, flags=re.M)

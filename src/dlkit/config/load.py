"""Read YAML and merge overrides into one raw config dict (validation is ``validate.py``'s job).

Precedence, lowest first: the recipe, each ``--config`` file in order, then the command-line flags
and ``--set key.path=value`` items in order. Values from the command line are parsed with
``yaml.safe_load`` (``3e-4`` → float, ``[32, 64]`` → list, ``null`` → None); nothing is evaluated.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from dlkit.config.safe_yaml import YamlBadValue, YamlTooBig
from dlkit.config.safe_yaml import read as read_yaml
from dlkit.errors import UsageError

MAX_BYTES = 10 << 20  # the largest packaged recipe is a few KB


def load_yaml(path: str | Path) -> dict[str, Any]:
    """A YAML file's mapping; every way it can be wrong is a ``UsageError`` naming the file."""
    import yaml

    path = Path(path)
    if path.exists() and not path.is_file():  # /dev/zero would be read forever
        what = "a folder" if path.is_dir() else "not a regular file"
        raise UsageError(f"cannot read config {path}: {what}; give a .yaml file")
    if path.is_file() and path.stat().st_size > MAX_BYTES:
        raise UsageError(
            f"cannot read config {path}: {path.stat().st_size:,} bytes is more than "
            f"a config holds (limit {MAX_BYTES:,})"
        )
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise UsageError(f"cannot read config {path}: not UTF-8 text (byte {exc.start})") from None
    except OSError as exc:
        raise UsageError(f"cannot read config {path}: {exc.strerror or exc}") from None
    try:
        data = read_yaml(text)
    except (YamlTooBig, YamlBadValue) as exc:
        raise UsageError(f"config {path}: {exc}") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or "invalid YAML"
        raise UsageError(f"malformed YAML in {path}{where}: {problem}") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise UsageError(f"{path} must hold a mapping of settings, not a {type(data).__name__}")
    return data


_FLOAT = re.compile(r"^[-+]?(\d+(\.\d*)?|\.\d+)[eE][-+]?\d+$")  # linear: no nested backtracking


def parse_value(text: str) -> Any:
    """A command-line value as YAML would read it, plus ``3e-4`` as a float (YAML 1.1 wants 3.0e-4)."""
    import yaml

    if _FLOAT.match(text.strip()):
        return float(text)
    try:
        value = read_yaml(text)
    except (YamlTooBig, YamlBadValue) as exc:
        raise UsageError(f"value {_short(text)}: {exc}") from None
    except yaml.YAMLError:
        return text
    return text if value is None and text.strip() not in ("null", "~", "None", "") else value


def _short(text: str) -> str:
    return repr(text if len(text) <= 40 else text[:37] + "...")


def parse_set(item: str) -> tuple[list[str], Any]:
    """``"optim.lr=3e-4"`` → (["optim", "lr"], 0.0003)."""
    key, sep, value = item.partition("=")
    keys = key.strip().split(".")
    if not sep or not all(k.strip() for k in keys):
        raise UsageError(f"--set expects key.path=value, got {item!r}")
    return [k.strip() for k in keys], parse_value(value)


def set_path(config: dict[str, Any], keys: list[str], value: Any) -> None:
    node = config
    for i, key in enumerate(keys[:-1]):
        child = node.get(key)
        if child is None:
            child = node[key] = {}
        if not isinstance(child, dict):
            raise UsageError(
                f"cannot set {'.'.join(keys)}: {'.'.join(keys[: i + 1])} is a value, not a section"
            )
        node = child
    node[keys[-1]] = value


def merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    """Deep merge: mappings merge key by key, anything else replaces."""
    merged = copy.deepcopy(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = merge(merged[key], value)
        else:
            merged[key] = copy.deepcopy(value)
    return merged


def resolve(
    base: dict[str, Any] | str | Path,
    config_files: Iterable[str] = (),
    sets: Iterable[str] = (),
    flags: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The raw merged config: ``base`` (a recipe file or an already loaded config, such as the one
    a run folder stored) < each --config file < flags < --set items. Every unreadable file and
    malformed --set item is reported at once. ``base`` is never modified."""
    config = load_yaml(base) if isinstance(base, (str, Path)) else copy.deepcopy(base)
    problems: list[str] = []
    for extra in config_files:
        try:
            config = merge(config, load_yaml(extra))
        except UsageError as exc:
            problems.append(str(exc))
    steps = [(path.split("."), value) for path, value in (flags or {}).items() if value is not None]
    for item in sets:
        try:
            steps.append(parse_set(item))
        except UsageError as exc:
            problems.append(str(exc))
    for keys, value in steps:
        try:
            set_path(config, keys, value)
        except UsageError as exc:
            problems.append(str(exc))
    if problems:
        raise UsageError("; ".join(problems))
    return config

"""A component named by import path, ``package.module:Name``: a user's own model, data module or
step, built through the same door as a built-in.

``Registry.get`` hands such a name here. The module is imported (the current folder is searched
after ``sys.path``, so ``my_nets.py`` beside the recipe works without ``PYTHONPATH``), the name is
looked up, and the factory is wrapped so the arguments dlkit passes itself (``in_shape``,
``num_outputs``, ``seed`` …) reach it only when its signature declares them; its other keyword
arguments are its schema, validated like a built-in's. The checkpoint records the path, so every
later command imports the same code. Importing a module runs it: a recipe that names code runs
that code, as ``import`` does.
"""

from __future__ import annotations

import functools
import importlib
import inspect
import os
import re
import sys
from collections.abc import Callable
from typing import Any

from dlkit.errors import DlkitError, UsageError

PATTERN = re.compile(r"^[A-Za-z_][\w]*(\.[A-Za-z_][\w]*)*:[A-Za-z_][\w]*(\.[A-Za-z_][\w]*)*$")


def is_import_path(name: str) -> bool:
    return ":" in name


def resolve(kind: str, name: str) -> Callable[..., Any]:
    """The factory ``package.module:Name`` names, adapted to dlkit's call (a one-line
    ``UsageError`` when the path is malformed, the module cannot be imported or lacks the name)."""
    if not PATTERN.match(name):
        raise UsageError(
            f"{kind} '{name}': an import path is package.module:Name "
            "(letters, digits, underscores and dots)"
        )
    module_name, attr = name.split(":", 1)
    module = _import(kind, name, module_name)
    target: Any = module
    for part in attr.split("."):
        target = getattr(target, part, None)
        if target is None:
            raise UsageError(f"{kind} '{name}': module {module_name} has no '{attr}'")
    if not callable(target):
        raise UsageError(f"{kind} '{name}': {attr} is not a class or function")
    return adapt(target, f"{kind} '{name}'")


def _import(kind: str, name: str, module_name: str) -> Any:
    cwd = os.getcwd()
    if cwd not in sys.path:
        sys.path.append(cwd)  # after everything else: a local file never shadows a package
    try:
        return importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name and module_name.split(".")[0] == exc.name.split(".")[0]:
            raise UsageError(
                f"{kind} '{name}': cannot import {module_name}: no such module on "
                "the Python path or in the current folder (install it, or set "
                "PYTHONPATH)"
            ) from None
        raise UsageError(f"{kind} '{name}': importing {module_name} failed: {exc}") from None
    except Exception as exc:  # the user's module raised while importing
        detail = " ".join(f"{type(exc).__name__}: {exc}".split())[:200]
        raise UsageError(f"{kind} '{name}': importing {module_name} failed: {detail}") from None


def adapt(factory: Callable[..., Any], what: str) -> Callable[..., Any]:
    """``factory`` taking only the keyword arguments its signature declares (all of them when it
    has ``**kwargs``); its signature stays the schema. An exception it raises is the user's
    code failing: one line naming ``what`` (exit 2), not a dlkit bug."""
    try:
        signature = inspect.signature(factory)
    except (TypeError, ValueError):
        signature = None
    params = signature.parameters if signature is not None else {}
    takes_all = signature is None or any(p.kind is p.VAR_KEYWORD for p in params.values())

    @functools.wraps(factory)
    def build(*args: Any, **kwargs: Any) -> Any:
        chosen = kwargs if takes_all else {k: v for k, v in kwargs.items() if k in params}
        try:
            return factory(*args, **chosen)
        except DlkitError:
            raise
        except Exception as exc:
            detail = " ".join(f"{type(exc).__name__}: {exc}".split())[:200]
            raise UsageError(f"{what} failed to build: {detail}") from None

    if signature is not None:
        build.__signature__ = signature  # type: ignore[attr-defined]
    return build

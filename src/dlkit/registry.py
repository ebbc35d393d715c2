"""One registry type for every kind of component: datasets, models, optimizers, schedulers.

``DATASETS.register("mnist")`` decorates a factory; ``create(name, **kw)`` builds one, and
``names("mnist*")`` lists them. An unknown name is a UsageError that lists the close matches. The
factory's signature is its schema: ``params_model`` turns it into a strict pydantic model so recipe
arguments are validated (unknown keys, wrong types) before anything heavy runs.
"""

from __future__ import annotations

import difflib
import fnmatch
import importlib
import inspect
from typing import Any, Callable

from dlkit.errors import UsageError


def close_matches(word: str, choices: list[str]) -> str:
    """' (did you mean 'x'?)' or ''."""
    found = difflib.get_close_matches(word, choices, n=3, cutoff=0.6)
    if not found:
        return ""
    return " (did you mean " + " or ".join(f"'{f}'" for f in found) + "?)"


class Registry:
    """Name → factory, for one kind of component.

    ``modules`` are imported on first lookup, so registering stays lazy: listing recipes never
    imports torch, but asking for a model imports the module files that define them.
    """

    def __init__(self, kind: str, modules: tuple[str, ...] = ()) -> None:
        self.kind = kind
        self._modules = modules
        self._loaded = False
        self._items: dict[str, Callable[..., Any]] = {}

    def register(self, name: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
        def decorate(factory: Callable[..., Any]) -> Callable[..., Any]:
            if name in self._items and self._items[name] is not factory:
                raise ValueError(f"{self.kind} '{name}' registered twice")
            self._items[name] = factory
            return factory

        return decorate

    def _load(self) -> None:
        if not self._loaded:
            self._loaded = True
            for module in self._modules:
                importlib.import_module(module)

    def get(self, name: str) -> Callable[..., Any]:
        self._load()
        try:
            return self._items[name]
        except KeyError:
            raise UsageError(f"unknown {self.kind} '{name}'"
                             f"{close_matches(name, list(self._items))}; "
                             f"known: {', '.join(sorted(self._items))}") from None

    def create(self, name: str, **kwargs: Any) -> Any:
        return self.get(name)(**kwargs)

    def names(self, pattern: str = "*") -> list[str]:
        self._load()
        return sorted(n for n in self._items if fnmatch.fnmatch(n, pattern))

    def params_model(self, name: str, skip: tuple[str, ...] = ()) -> Any:
        """A strict pydantic model of the factory's keyword arguments (minus ``skip``)."""
        from pydantic import ConfigDict, create_model

        fields: dict[str, Any] = {}
        for param in inspect.signature(self.get(name), eval_str=True).parameters.values():
            if param.name in skip or param.kind in (param.VAR_POSITIONAL, param.VAR_KEYWORD):
                continue
            annotation = Any if param.annotation is inspect.Parameter.empty else param.annotation
            default = ... if param.default is inspect.Parameter.empty else param.default
            fields[param.name] = (annotation, default)
        return create_model(f"{self.kind}_{name}", __config__=ConfigDict(extra="forbid"), **fields)

"""One registry type for every kind of component: datasets, models, optimizers, schedulers.

``DATASETS.register("mnist")`` decorates a factory; ``create(name, **kw)`` builds one, and
``names("mnist*")`` lists them. An unknown name is a UsageError that lists the close matches. The
factory's signature is its schema: ``params_model`` turns it into a strict pydantic model so recipe
arguments are validated (unknown keys, wrong types, ranges) before anything heavy runs.

A registry knows where its components live without importing them: ``modules`` maps each name to
the module that registers it (``{"cnn": "dlkit.families.images.cnn"}``), and looking a name up imports that
one module, so a model file imports torch at the top and listing recipes or validating a data
section never does. The older form, a tuple of modules, is still accepted: they are imported on
the first lookup. ``names()`` imports every module.

Two doors lead in from outside: a name written as an import path, ``package.module:Name``, is a
user's own component (``user_code.py``); a name nobody registered makes the installed plugins
(entry-point group ``dlkit.plugins``) load once (``plugin_loader.py``), and the lookup is tried
again.
"""

from __future__ import annotations

import difflib
import fnmatch
import importlib
import inspect
from collections.abc import Callable, Mapping
from typing import Annotated, Any

from pydantic import AfterValidator, Field

from dlkit import plugin_loader, user_code
from dlkit.errors import UsageError

# Option types for factory signatures: the validator turns them into range checks, so a bad value
# is a one-line config error before any data is read.
PositiveInt = Annotated[int, Field(gt=0)]
NonNegativeInt = Annotated[int, Field(ge=0)]
PositiveFloat = Annotated[float, Field(gt=0)]
NonNegativeFloat = Annotated[float, Field(ge=0)]
Fraction = Annotated[float, Field(ge=0, lt=1)]  # a share of the data, a dropout rate
Sizes = list[PositiveInt]  # layer widths; [] allowed
NonEmptySizes = Annotated[list[PositiveInt], Field(min_length=1)]


def _image_size(value: int | list[int]) -> int | list[int]:
    ok = value >= 1 if isinstance(value, int) else len(value) == 2 and min(value) >= 1
    if not ok:
        raise ValueError("give one size N or [height, width], each at least 1")
    return value


ImageSize = Annotated[int | list[int], AfterValidator(_image_size)]


def close_matches(word: str, choices: list[str]) -> str:
    """' (did you mean 'x'?)' or ''."""
    found = difflib.get_close_matches(word, choices, n=3, cutoff=0.6)
    if not found:
        return ""
    return " (did you mean " + " or ".join(f"'{f}'" for f in found) + "?)"


class Registry:
    """Name → factory, for one kind of component.

    ``modules`` is either a name → module map (each module imported when one of its names is
    asked for) or a tuple of modules (all imported on the first lookup).
    """

    def __init__(self, kind: str, modules: Mapping[str, str] | tuple[str, ...] = ()) -> None:
        self.kind = kind
        self.where: dict[str, str] = dict(modules) if isinstance(modules, Mapping) else {}
        self._unmapped = () if isinstance(modules, Mapping) else tuple(modules)
        self._items: dict[str, Callable[..., Any]] = {}
        self._checks: dict[str, Callable[[Any], list[str]]] = {}
        self._traits: dict[str, dict[str, Any]] = {}

    def register(
        self, name: str, check: Callable[[Any], list[str]] | None = None, **traits: Any
    ) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
        """Decorate a factory as ``name``; ``check(recipe) -> problems`` is an optional recipe
        check reported with the config's other errors before any data is read; ``traits`` are
        what the component declares about itself (a report's ``summary_metrics`` hook, the
        ``step`` a model trains with), read with ``trait``."""

        def decorate(factory: Callable[..., Any]) -> Callable[..., Any]:
            if name in self._items and self._items[name] is not factory:
                raise ValueError(f"{self.kind} '{name}' registered twice")
            self._items[name] = factory
            if check is not None:
                self._checks[name] = check
            self._traits.setdefault(name, {}).update(traits)
            return factory

        return decorate

    def trait(self, name: str, key: str, default: Any = None) -> Any:
        """What component ``name`` declared as ``key`` when it registered (else ``default``)."""
        self.get(name)
        return self._traits.get(name, {}).get(key, default)

    def check(self, name: str, recipe: Any) -> list[str]:
        """The problems the component ``name`` finds in ``recipe`` (none without a check)."""
        self.get(name)
        found = self._checks.get(name)
        return found(recipe) if found is not None else []

    def modules(self) -> list[str]:
        """Every module this registry imports, mapped or not, in order, without repeats."""
        return list(dict.fromkeys([*self.where.values(), *self._unmapped]))

    def _import(self, modules: Any) -> None:
        for module in modules:
            importlib.import_module(module)  # cached by Python after the first time

    def get(self, name: str) -> Callable[..., Any]:
        if name not in self._items and user_code.is_import_path(name):
            self._items[name] = user_code.resolve(self.kind, name)
        if name not in self._items and name in self.where:
            importlib.import_module(self.where[name])
            if name not in self._items:
                raise LookupError(f"{self.where[name]} does not register {self.kind} '{name}'")
        if name not in self._items:
            self._import(self._unmapped)
        if name not in self._items and plugin_loader.load():  # an installed plugin's name?
            return self.get(name)
        try:
            return self._items[name]
        except KeyError:
            known = sorted({*self._items, *self.where})
            raise UsageError(
                f"unknown {self.kind} '{name}'{close_matches(name, known)}; "
                f"known: {', '.join(known)}"
            ) from None

    def create(self, name: str, **kwargs: Any) -> Any:
        return self.get(name)(**kwargs)

    def names(self, pattern: str = "*") -> list[str]:
        self._import(self.modules())
        plugin_loader.load()
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

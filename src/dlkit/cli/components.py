"""``dlkit components [KIND]``: every registered component, with its options and defaults.

Reads the registries in ``dlkit/components.py`` (all of them, so a new registry shows up without
touching this file) and each factory's signature: the options a recipe may set under the
component's section, their defaults and the values they accept. Arguments the engine passes
itself (``config/validate.INJECTED``: a model's ``in_shape``, an optimizer's ``params``, …) are left
out; reports and predictors are called with the engine's context only, so they have no options.
"""

from __future__ import annotations

import inspect
import json
import types
from typing import Annotated, Any, Literal, Union, get_args, get_origin

import typer


def _bounds(meta: list[Any]) -> str:
    """' > 0', ' in [0, 1)', ', at least 1 item' from pydantic Field / annotated-types metadata."""
    found: dict[str, Any] = {}
    for item in meta:
        for part in getattr(item, "metadata", [item]):
            for key in ("gt", "ge", "lt", "le", "min_length", "max_length"):
                if getattr(part, key, None) is not None:
                    found[key] = getattr(part, key)
    text = ""
    low = ("(", found["gt"]) if "gt" in found else ("[", found["ge"]) if "ge" in found else None
    high = (")", found["lt"]) if "lt" in found else ("]", found["le"]) if "le" in found else None
    if low and high:
        text = f" in {low[0]}{low[1]:g}, {high[1]:g}{high[0]}"
    elif low:
        text = f" {'>' if low[0] == '(' else '>='} {low[1]:g}"
    elif high:
        text = f" {'<' if high[0] == ')' else '<='} {high[1]:g}"
    least, most = found.get("min_length"), found.get("max_length")
    if least is not None and least == most:
        text += f", {least} items"
    elif least:
        text += f", at least {least}"
    elif most is not None:
        text += f", at most {most}"
    return text


def type_text(annotation: Any) -> str:
    """A short human description of a signature's type: 'list of int > 0', 'relu | tanh'."""
    origin, args = get_origin(annotation), get_args(annotation)
    if annotation is inspect.Parameter.empty or annotation is Any:
        return "any"
    if annotation is type(None):
        return "null"
    if origin is Annotated:
        return type_text(args[0]) + _bounds(list(args[1:]))
    if origin is Literal:
        return " | ".join(str(a) for a in args)
    if origin in (Union, types.UnionType):
        return " or ".join(type_text(a) for a in args)
    if origin is list:
        return f"list of {type_text(args[0])}" if args else "list"
    if origin is tuple:
        return "[" + ", ".join(type_text(a) for a in args) + "]"
    return getattr(annotation, "__name__", str(annotation))


def _value(default: Any) -> str:
    """A default as it is written in a recipe (YAML flow style)."""
    if isinstance(default, str):
        return default
    return json.dumps(default, default=str)


def describe(registry: Any, name: str, skip: tuple[str, ...] | None) -> dict[str, Any]:
    """name, module and options (name, default, type, required) of one component; ``skip``
    None means "the call contract has no options" (every argument without a default)."""
    options = []
    for param in inspect.signature(registry.get(name), eval_str=True).parameters.values():
        required = param.default is inspect.Parameter.empty
        if (
            (skip is None and required)
            or param.name in (skip or ())
            or param.kind in (param.VAR_POSITIONAL, param.VAR_KEYWORD)
        ):
            continue
        options.append(
            {
                "name": param.name,
                "default": None if required else param.default,
                "type": type_text(param.annotation),
                "required": required,
            }
        )
    module = registry.where.get(name) or registry.get(name).__module__
    return {"name": name, "module": module, "options": options}


def _kinds(kind: str | None) -> dict[str, Any]:
    from dlkit.components import SECTIONS, registries
    from dlkit.errors import UsageError
    from dlkit.registry import close_matches

    found = registries()
    if kind is None:
        return found
    aliases = {
        **{k + "s": k for k in found},
        **{s: r.kind for s, r in SECTIONS.items()},
        **{k: k for k in found},
    }
    if kind.lower() not in aliases:
        raise UsageError(
            f"unknown component kind '{kind}'{close_matches(kind, list(aliases))}; "
            f"known: {', '.join(found)}"
        )
    chosen = aliases[kind.lower()]
    return {chosen: found[chosen]}


def listing(kind: str | None = None) -> dict[str, list[dict[str, Any]]]:
    """kind → its components described, for the table and ``--json``."""
    from dlkit.components import SECTIONS
    from dlkit.config.validate import INJECTED

    skips = {registry.kind: INJECTED.get(section, ()) for section, registry in SECTIONS.items()}
    return {
        k: [describe(r, name, skips.get(k)) for name in r.names()] for k, r in _kinds(kind).items()
    }


def _table(kind: str, items: list[dict[str, Any]]) -> Any:
    from rich.table import Table
    from rich.text import Text

    table = Table(
        title=f"{kind}s",
        title_justify="left",
        title_style="bold",
        box=None,
        header_style="bold",
        pad_edge=False,
    )
    width = max((len(i["name"]) for i in items), default=4)
    table.add_column("name", no_wrap=True, min_width=width)
    table.add_column(
        "option",
        no_wrap=True,
        min_width=max((len(o["name"]) for i in items for o in i["options"]), default=6),
    )
    table.add_column("default", overflow="fold")
    table.add_column("accepts", overflow="fold")
    for item in items:
        if not item["options"]:
            table.add_row(item["name"], "-", "", "")
        for n, option in enumerate(item["options"]):
            default = "(required)" if option["required"] else _value(option["default"])
            table.add_row(
                item["name"] if n == 0 else "", option["name"], Text(default), Text(option["type"])
            )
    return table


def components_command(
    kind: Annotated[
        str | None,
        typer.Argument(
            help="dataset | model | optimizer | scheduler | report | predictor (default: all).",
            metavar="KIND",
            show_default=False,
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the list as JSON.")] = False,
) -> None:
    """List the components a recipe can name, with their options and defaults.

    Options go in the component's recipe section: --set model.kernel=5.

    Examples:
      dlkit components
      dlkit components model
      dlkit components optimizer --json
    """
    from dlkit import console

    found = listing(kind)
    if as_json:
        console.print_json(found)
        return
    out = console.out()
    for n, (name, items) in enumerate(found.items()):
        if n:
            out.print()
        out.print(_table(name, items))


def register(app: typer.Typer) -> None:
    app.command("components")(components_command)

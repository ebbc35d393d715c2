"""One look for every command's ``--help``, applied by ``cli/group.py`` before click renders it.

Docstrings are written hard-wrapped in the source; here each prose paragraph is joined into one
line so the terminal wraps it to its own width (no ragged lines at 80 columns), every example is
indented two spaces under an ``Examples:`` heading (``Example: dlkit …`` on one line becomes the
same block), flags show no ``<bool>`` type and repeatable options show their element type.
"""

from __future__ import annotations

from typing import Any

_TYPE_NAMES = {"str": "TEXT", "int": "N", "float": "X", "Path": "PATH"}


def _paragraphs(text: str) -> list[list[str]]:
    blocks: list[list[str]] = [[]]
    for line in text.strip("\n").splitlines():
        if line.strip():
            blocks[-1].append(line.rstrip())
        elif blocks[-1]:
            blocks.append([])
    return [b for b in blocks if b]


def tidy_text(text: str | None) -> str | None:
    """Prose paragraphs joined, examples as an indented block."""
    if not text:
        return text
    import inspect

    out: list[str] = []
    for block in _paragraphs(inspect.cleandoc(text)):
        first = block[0].strip()
        if first.lower().startswith(("example:", "examples:")):
            head, _, rest = first.partition(":")
            lines = ([rest.strip()] if rest.strip() else []) + [b.strip() for b in block[1:]]
            examples = [f"  {line}" for line in lines]
            out.append("Examples:\n" + "\n".join(examples))
        elif len(block) > 1 and all(line.startswith((" ", "\t")) for line in block[1:]):
            out.append("\n".join([block[0].strip()] + [f"  {b.strip()}" for b in block[1:]]))
        else:
            out.append(" ".join(line.strip() for line in block))
    # typer dedents everything after the first paragraph by the margin of its lines but the first;
    # one more newline makes that first line blank, so the examples keep their indent
    return out[0] + ("\n\n\n" + "\n\n".join(out[1:]) if len(out) > 1 else "")


def _metavar(param: Any) -> None:
    if getattr(param, "is_flag", False) and getattr(param, "param_type_name", "") == "option":
        param.metavar = ""
        return
    repeated = getattr(param, "multiple", False) or getattr(param, "nargs", 1) != 1
    if repeated and getattr(param, "param_type_name", "") == "argument":
        label = "TEXT"
        param.display_type_rich = lambda ctx: f"{label}..."
        return
    if getattr(param, "metavar", None) is not None:
        return
    if repeated:
        name = getattr(getattr(param, "type", None), "name", "") or ""
        label = _TYPE_NAMES.get(name, name.upper() or "TEXT")
        if getattr(param, "param_type_name", "") == "argument":  # keep its name in the usage
            param.display_type_rich = lambda ctx: f"{label}..."
        else:
            param.metavar = label


def _quiet_help_option(command: Any) -> None:
    """The ``--help`` option is made per context; give it the flag look too."""
    make = command.get_help_option

    def get_help_option(ctx: Any) -> Any:
        option = make(ctx)
        if option is not None:
            _metavar(option)
        return option

    command.get_help_option = get_help_option


def tidy(command: Any) -> None:
    """Tidy a click command and, for a group, every subcommand below it (once)."""
    if getattr(command, "_dlkit_tidy", False):
        return
    command._dlkit_tidy = True
    command.help = tidy_text(command.help)
    for param in getattr(command, "params", []):
        _metavar(param)
    _quiet_help_option(command)
    for sub in getattr(command, "commands", {}).values():
        tidy(sub)

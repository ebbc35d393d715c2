"""The click group class behind ``dlkit``: turns every error into one line and an exit code.

It wraps click's ``main`` so the same handling applies to the installed entry point, to
``python -m dlkit`` and to typer's CliRunner in tests: DlkitError → its code, click usage errors →
2, Ctrl-C → 130, anything else → 1 with a hint to set ``DLKIT_DEBUG=1`` for the traceback.
"""

from __future__ import annotations

import importlib
import os
import sys
from typing import Any

from typer.core import TyperGroup

from dlkit import errors


def _classes(name: str) -> tuple[type[Any], ...]:
    """The click exception ``name`` from typer's bundled click and from click itself: typer ≥ 0.25
    vendors click, older typer uses the click package, so both may be in play."""
    found: list[type[Any]] = []  # click's exception classes, found by name at run time
    for module in ("typer._click.exceptions", "click.exceptions", "typer.exceptions"):
        try:
            cls = getattr(importlib.import_module(module), name, None)
        except ImportError:
            continue
        if isinstance(cls, type) and issubclass(cls, BaseException) and cls not in found:
            found.append(cls)
    return tuple(found)


def _fail(message: str, code: int) -> None:
    sys.stderr.write(f"dlkit: error: {message}\n")
    sys.stderr.flush()
    sys.exit(code)


def _one_line(text: object) -> str:
    return " ".join(str(text).split())


class DlkitGroup(TyperGroup):
    """TyperGroup with dlkit's error contract."""

    def main(self, *args: Any, **kwargs: Any) -> Any:  # noqa: D401 - click API
        from dlkit.cli.help_text import tidy

        tidy(self)
        kwargs["standalone_mode"] = False
        try:
            code = super().main(*args, **kwargs)
        except errors.DlkitError as exc:
            if os.environ.get("DLKIT_DEBUG"):
                raise
            _fail(_one_line(exc), exc.exit_code)
        except _classes("NoArgsIsHelpError") as exc:
            sys.stdout.write(exc.ctx.get_help() + "\n")
            sys.exit(errors.OK)
        except _classes("UsageError") as exc:
            where = exc.ctx.command_path if getattr(exc, "ctx", None) else "dlkit"
            _fail(f"{_one_line(exc.format_message())} (see '{where} --help')", errors.USAGE)
        except _classes("ClickException") as exc:
            _fail(_one_line(exc.format_message()), errors.USAGE)
        except _classes("Abort") + (KeyboardInterrupt,):
            _fail("interrupted", errors.INTERRUPTED)
        except BrokenPipeError:
            sys.exit(errors.FAILURE)
        except Exception as exc:  # a bug: say so in one line
            if os.environ.get("DLKIT_DEBUG"):
                raise
            _fail(
                f"internal error: {type(exc).__name__}: {_one_line(exc)} "
                "(this is a bug; rerun with DLKIT_DEBUG=1 for the traceback)",
                errors.FAILURE,
            )
        sys.exit(code if isinstance(code, int) else errors.OK)

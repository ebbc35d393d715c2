"""Loading the installed plugins: packages that extend dlkit through the entry-point group
``dlkit.plugins``.

Nothing is imported until it is needed: ``load()`` runs the first time a registry meets a name it
does not know, lists its components, or ``dlkit recipes`` lists recipes. Each entry point names a
module (importing it registers its components through ``dlkit.plugins``) or a callable (called
with no arguments after import). A plugin that fails to load is named in one warning line on
stderr and the others go on. ``loaded()`` tells which plugins are in (``dlkit components``).
"""

from __future__ import annotations

import sys
from importlib import metadata

GROUP = "dlkit.plugins"
_state: dict[str, list[str]] = {}


def load() -> bool:
    """Load every plugin once; True when this call loaded at least one (so a lookup retries)."""
    if "loaded" in _state:
        return False
    _state["loaded"] = []
    for entry in metadata.entry_points(group=GROUP):
        try:
            target = entry.load()
            if callable(target):
                target()
        except Exception as exc:  # a broken plugin must not break dlkit
            detail = " ".join(f"{type(exc).__name__}: {exc}".split())[:200]
            print(
                f"dlkit: warning: plugin '{entry.name}' ({entry.value}) failed to load: {detail}",
                file=sys.stderr,
            )
            continue
        _state["loaded"].append(entry.name)
    return bool(_state["loaded"])


def loaded() -> list[str]:
    """The names of the plugins loaded so far."""
    return list(_state.get("loaded", []))

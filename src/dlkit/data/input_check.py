"""Type checks for an input spec read back from a checkpoint.

A checkpoint stores its input spec as a plain dict (``to_dict``); a hand-edited or damaged file can
hold a string where the spec says ``list[int]``, which would fail much later with an internal error.
``field_types_fit`` validates the stored fields against the dataclass's own annotations with
pydantic (the same validator the config schema uses). Called by ``data/inputs.input_from_dict``.
"""

from __future__ import annotations

from functools import cache
from typing import Any


@cache
def _adapter(cls: type) -> Any:
    from pydantic import TypeAdapter

    try:
        return TypeAdapter(cls)
    except Exception:  # noqa: BLE001 - a spec pydantic cannot describe is not checked
        return None


def field_types_fit(cls: type, fields: dict[str, Any]) -> str | None:
    """None when ``fields`` fit ``cls``'s annotations, else the first misfit in a few words."""
    from pydantic import ValidationError

    adapter = _adapter(cls)
    if adapter is None:
        return None
    try:
        adapter.validate_python(fields)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        return f"{where}: {first['msg']}"
    return None

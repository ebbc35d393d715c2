"""Download policy shared by data modules: when downloads are allowed and how failures read.

``DLKIT_OFFLINE=1`` (set by the tests and usable on air-gapped machines) turns every download off.
A failed download becomes a one-line NetworkError that also says how to provide the files by hand.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

from dlkit.errors import DataError, NetworkError


def downloads_allowed(download: bool) -> bool:
    return download and os.environ.get("DLKIT_OFFLINE", "") in ("", "0")


def fetch(what: str, how_to_provide: str, download: bool, fn: Callable[[], Any]) -> Any:
    """Run ``fn`` (a torchvision/hub download) or fail with one line explaining the way out."""
    if not downloads_allowed(download):
        raise DataError(f"{what} not found; {how_to_provide}")
    try:
        return fn()
    except Exception as exc:  # urllib, http, ssl errors all mean the same to the user
        reason = " ".join(str(exc).split())[:160] or type(exc).__name__
        raise NetworkError(f"could not download {what} ({reason}); {how_to_provide}") from None

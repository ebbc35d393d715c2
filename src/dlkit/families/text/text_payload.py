"""Texts from a JSON payload (``serve``): the checks every text predictor's ``read_payload`` makes.

Each item must be a JSON string, not empty, and at most ``MAX_TEXT_CHARS`` characters (the same
cap ``predict`` applies to a generative run's prompt); anything else is a ``DataError`` (HTTP 422)
naming the item. Called by ``families/text/text_predictor.py`` (and any other text predictor that serves).
"""

from __future__ import annotations

from typing import Any

from dlkit.errors import DataError, TooLarge

MAX_TEXT_CHARS = 100_000


def texts_of(items: list[Any]) -> list[str]:
    if not items:
        raise DataError('no inputs: send {"inputs": ["a text", ...]}')
    for index, item in enumerate(items):
        if not isinstance(item, str):
            raise DataError(
                f"inputs[{index}]: expected a text (a JSON string), not {type(item).__name__}"
            )
        if len(item) > MAX_TEXT_CHARS:
            raise TooLarge(
                f"inputs[{index}]: {len(item):,} characters; the limit is {MAX_TEXT_CHARS:,}"
            )
        if not item.strip():
            raise DataError(f"inputs[{index}] is empty")
    return list(items)

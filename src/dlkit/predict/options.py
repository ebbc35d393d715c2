"""The options a predictor declares for ``dlkit predict``, and the parser that reads them.

``dlkit predict`` itself knows only what every run shares (RUN, inputs, ``--output``,
``--device``, ``--json``); each predictor lists its own options as ``PredictOption``s in its
``options`` class attribute, and the command reads the words after RUN against the run's list.
``dlkit predict RUN --help`` shows that list, and an option the run does not take is one line
naming the ones it does. Shared option declarations live here so the families say the same thing
the same way.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from dlkit.errors import UsageError


@dataclass(frozen=True)
class PredictOption:
    """One ``--flag VALUE`` (``type`` int, float or str) stored as ``request.options[key]``."""

    key: str
    flag: str
    type: type
    help: str
    min: float | None = None
    short: str | None = None

    def convert(self, text: str) -> object:
        try:
            value = self.type(text)
        except ValueError:
            kind = {int: "a whole number", float: "a number"}.get(self.type, "a value")
            raise UsageError(f"{self.flag}: give {kind} (got {text!r})") from None
        if isinstance(value, float) and not math.isfinite(value):
            raise UsageError(f"{self.flag}: give a finite number (got {text!r})")
        if self.min is not None and isinstance(value, int | float) and value < self.min:
            raise UsageError(f"{self.flag}: give at least {self.min:g} (got {text!r})")
        return value


TOP_K = PredictOption(
    "top_k", "--top-k", int, "Classes to list per input (default 3).", min=1, short="-k"
)
INPUT_FILE = PredictOption(
    "input", "--input", str, "A file of inputs: one per line, or a CSV/TSV/JSONL (see --column)."
)
COLUMN = PredictOption("column", "--column", str, "The --input table's column (default: found).")
SEED = PredictOption("seed", "--seed", int, "Sampling seed (same seed, same output; default 0).", 0)
OUT = PredictOption("out", "--out", str, "Folder for the files the run writes.", short="-o")
HISTORY = PredictOption(
    "data", "--data", str, "History file or folder (default: the run's own data)."
)


def parse(
    words: list[str], options: tuple[PredictOption, ...], what: str
) -> tuple[list[str], dict[str, object]]:
    """(inputs, options) from the words after RUN; ``what`` names the run in errors."""
    by_flag = {o.flag: o for o in options} | {o.short: o for o in options if o.short}
    inputs: list[str] = []
    found: dict[str, object] = {}
    index = 0
    while index < len(words):
        word = words[index]
        index += 1
        if not word.startswith("-") or word == "-" or _is_number(word):
            inputs.append(word)
            continue
        flag, eq, value = word.partition("=")
        option = by_flag.get(flag)
        if option is None:
            takes = ", ".join(o.flag for o in options) or "no options"
            raise UsageError(
                f"{flag} is not an option of this run ({what}); it takes {takes} "
                "(see 'dlkit predict RUN --help')"
            )
        if not eq:
            if index >= len(words):
                raise UsageError(f"{flag} needs a value")
            value = words[index]
            index += 1
        found[option.key] = option.convert(value)
    return inputs, found


def _is_number(word: str) -> bool:
    try:
        float(word)
    except ValueError:
        return False
    return True

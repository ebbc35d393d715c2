"""The bad-input table: one row per wrong thing a user can type, for every subcommand.

A row is ``Case(id, args, code)``: ``args`` are the words after ``dlkit``; each ``{name}`` in them is
filled from the fixtures in ``test_bad_inputs.py`` (``{run}`` a trained digits-mlp run folder,
``{file}`` a regular file, ``{dir}`` an empty folder, ``{png}`` a readable image, ``{csv}`` a small
CSV of texts, ``{tmp}`` the test's working folder). ``match`` is a fragment the one stderr line must
contain. Every family adds its rows to its own list below; ``CASES`` gathers them.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Case:
    id: str
    args: tuple[str, ...]
    code: int
    match: str = ""


def case(id: str, line: str, code: int, match: str = "") -> Case:
    """A row from a command line written as the user types it (split on spaces)."""
    return Case(id, tuple(line.split()), code, match)


# --- foundation: config, train, evaluate, predict, prepare, recipes, config -------------------
FOUNDATION: list[Case] = [
    case("train-unknown-recipe", "train nope-cnn", 2, "unknown recipe"),
    case("train-unknown-key", "train digits-mlp --set trainer.epoch=3", 2, "did you mean"),
    case("train-bad-type", "train digits-mlp --set data.batch_size=x", 2, "data.batch_size"),
    case("train-out-under-file", "train digits-mlp --out {file}/runs", 2, "is a file"),
    case("train-out-in-proc", "train digits-mlp --out /proc/dlkit-runs", 2, "cannot write"),
    case("predict-no-run", "predict {tmp}/nothere x.png", 3),
    case("evaluate-bad-split", "evaluate {run} --split train", 2, "--split"),
]

# --- scrape ----------------------------------------------------------------------------------
SCRAPE: list[Case] = []

# --- cluster ---------------------------------------------------------------------------------
CLUSTER: list[Case] = []

# --- vision, stock ---------------------------------------------------------------------------
VISION: list[Case] = []
STOCK: list[Case] = []

CASES: list[Case] = FOUNDATION + SCRAPE + CLUSTER + VISION + STOCK

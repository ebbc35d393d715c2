"""Bad-input rows for ``dlkit serve --workers`` (issue 22): each fails in one line before a model
loads or a port opens. Gathered into ``CASES`` in ``cases.py``."""

from __future__ import annotations

from bad_inputs.cases import Case, case

SERVE_WORKERS: list[Case] = [
    case("serve-workers-zero", "serve {run} --workers 0", 2, "--workers 0: give 1-"),
    case("serve-workers-negative", "serve {run} --workers -2", 2, "--workers -2: give 1-"),
    case("serve-workers-huge", "serve {run} --workers 100000", 2, "at most 4 per CPU core"),
    case("serve-workers-not-a-number", "serve {run} --workers two", 2, "--workers"),
    case("serve-workers-fraction", "serve {run} --workers 1.5", 2, "--workers"),
    case("serve-workers-no-run", "serve {tmp}/nothere --workers 2", 3, "no such run folder"),
]

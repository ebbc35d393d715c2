"""Every command's ``--help`` at 80 columns: an example block indented under "Examples:", no
``<bool>`` on flags, nothing wider than the terminal."""

from __future__ import annotations

import pytest

COMMANDS = [
    [],
    ["train"],
    ["evaluate"],
    ["predict"],
    ["prepare"],
    ["prepare", "dataset"],
    ["prepare", "split"],
    ["prepare", "cifar10"],
    ["scrape"],
    ["scrape", "twse"],
    ["scrape", "google-reviews"],
    ["cluster"],
    ["recipes"],
    ["components"],
    ["config"],
    ["config", "show"],
    ["config", "cp"],
    ["export"],
    ["serve"],
]
COMMANDS += [["compare"]]
COMMANDS += [["tune"], ["runs"]]


@pytest.mark.parametrize("words", COMMANDS, ids=[" ".join(c) or "dlkit" for c in COMMANDS])
def test_help_reads_well_at_80_columns(cli, words):
    result = cli(*words, "--help", env={"COLUMNS": "80", "TERMINAL_WIDTH": "80"})
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert max(len(line) for line in lines) <= 80
    assert "<bool>" not in result.stdout and "list[str]" not in result.stdout
    heading = next(i for i, line in enumerate(lines) if line.strip().startswith("Examples"))
    assert lines[heading + 1].startswith("   dlkit "), lines[heading : heading + 2]

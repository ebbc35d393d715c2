"""``dlkit recipes`` at 80 columns, as a user's terminal is: every recipe name printed whole (the
names are what users copy into the next command), the table no wider than the terminal."""

from __future__ import annotations

from dlkit.config.recipes import recipe_names


def test_recipe_names_are_never_cut_at_80_columns(cli_proc):
    result = cli_proc("recipes", env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split()[:4] == ["recipe", "task", "dataset", "description"]
    first_words = {line.split()[0] for line in lines[1:] if line and not line[0].isspace()}
    assert first_words == set(recipe_names())  # every name, whole, once
    assert "…" not in "".join(line.split()[0] for line in lines[1:] if line.strip())
    assert max(len(line) for line in lines) <= 80

"""Bad-input rows from the hostile-user probe (issue 23), and the files they name.

``hostile_assets(root)`` writes the files (an alias bomb, a 100,000-digit number, ...) and returns
their ``{name}`` fillers; ``test_bad_inputs.py``'s ``assets`` fixture adds them to its own.
"""

from __future__ import annotations

from pathlib import Path

from bad_inputs.cases import Case, case


def _billion_laughs() -> str:
    text = 'name: bomb\na: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    previous = "a"
    for name in "bcdefghi":
        text += f"{name}: &{name} [" + ",".join([f"*{previous}"] * 9) + "]\n"
        previous = name
    return text


def hostile_assets(root: Path) -> dict[str, str]:
    files = {
        "bomb": ("bomb.yaml", _billion_laughs()),
        "bigint": ("bigint.yaml", "seed: " + "1" * 100_000 + "\n"),
    }
    paths = {}
    for key, (name, text) in files.items():
        (root / name).write_text(text)
        paths[key] = str(root / name)
    paths["nines"] = "9" * 100_000
    return paths


HOSTILE: list[Case] = [
    # YAML: bounded work whatever the file (recipe, --config, --set) holds
    case("yaml-bomb-recipe", "train {bomb}", 2, "nested aliases"),
    case("yaml-bomb-config", "train digits-mlp --config {bomb}", 2, "nested aliases"),
    case("yaml-bomb-config-show", "config show digits-mlp --config {bomb}", 2, "nested aliases"),
    case("yaml-huge-integer", "train {bigint}", 2, "4,300 digits"),
    case("yaml-huge-integer-set", "train digits-mlp --set seed={nines}", 2, "4,300 digits"),
]

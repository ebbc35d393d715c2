"""The bounded YAML reader: alias bombs, 100,000-digit numbers and deep nesting are one-line usage
errors, found in milliseconds, in recipes, --config files and --set values alike."""

from __future__ import annotations

import time

import pytest

from dlkit.config.load import load_yaml, parse_value
from dlkit.config.safe_yaml import MAX_NODES, YamlBadValue, YamlTooBig, read
from dlkit.errors import UsageError


def billion_laughs(levels: int = 9) -> str:
    text = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    previous = "a"
    for name in "bcdefghijk"[: levels - 1]:
        text += f"{name}: &{name} [" + ",".join([f"*{previous}"] * 9) + "]\n"
        previous = name
    return text


def test_alias_bomb_refused_fast():
    start = time.perf_counter()
    with pytest.raises(YamlTooBig, match="nested aliases"):
        read(billion_laughs())
    assert time.perf_counter() - start < 1.0


def test_small_aliases_still_work(monkeypatch):
    from dlkit.config import safe_yaml

    assert read("a: &x [1, 2]\nb: *x\n") == {"a": [1, 2], "b": [1, 2]}
    assert MAX_NODES == 100_000
    monkeypatch.setattr(safe_yaml, "MAX_NODES", 1_000)  # the bound, at a size quick to build
    # just under the bound is read (the list itself is a node); just over is refused
    assert len(read("- x\n" * 999)) == 999
    with pytest.raises(YamlTooBig):
        read("- x\n" * 1_000)
    with pytest.raises(YamlTooBig):  # 10 x 10 x 10 aliased values expand past it
        read(
            "a: &a [1,1,1,1,1,1,1,1,1,1]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
            "c: [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
        )


def test_huge_integer_and_bad_date():
    with pytest.raises(YamlBadValue, match="digits"):
        read("seed: " + "1" * 100_000)
    with pytest.raises(YamlBadValue, match="month"):
        read("seed: 2024-13-45")


def test_files_and_set_values_are_usage_errors(tmp_path):
    bomb = tmp_path / "bomb.yaml"
    bomb.write_text(billion_laughs())
    with pytest.raises(UsageError, match="bomb.yaml: expands"):
        load_yaml(bomb)
    with pytest.raises(UsageError, match="digits"):
        parse_value("9" * 100_000)
    start = time.perf_counter()  # the float pattern no longer backtracks quadratically
    assert parse_value("9" * 100_000 + "x").endswith("9x")
    assert time.perf_counter() - start < 1.0
    assert parse_value("3e-4") == 3e-4 and parse_value("[1, 2]") == [1, 2]

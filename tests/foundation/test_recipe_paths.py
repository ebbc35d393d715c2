"""A recipe name is a name, a path is a path: ``config cp ../../etc/shadow`` reads nothing outside
the packaged recipes; a config path must be an existing .yaml/.yml regular file (``/dev/zero`` is
refused before it is read)."""

from __future__ import annotations

import pytest

from dlkit.config.load import load_yaml
from dlkit.config.recipes import find_recipe, recipe_dir
from dlkit.errors import UsageError


@pytest.mark.parametrize(
    "arg",
    [
        "../../../../../../etc/shadow",
        "/etc/passwd",
        "/dev/zero",
        "..%2F..%2Fetc%2Fpasswd",
        "digits-mlp/../../x",
        "~/.bashrc",
    ],
)
def test_names_and_paths_outside_the_recipes_are_refused(arg, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(UsageError):
        find_recipe(arg)


def test_a_traversal_through_the_recipes_folder_is_refused(monkeypatch, tmp_path):
    outside = recipe_dir().parent / "escaped.yaml"  # would be found by joining the name as given
    monkeypatch.chdir(tmp_path)
    with pytest.raises(UsageError):
        find_recipe("../escaped")
    assert not outside.exists()


def test_names_paths_and_run_folders_still_work(tmp_path):
    assert find_recipe("digits-mlp") == recipe_dir() / "digits-mlp.yaml"
    mine = tmp_path / "mine.yml"
    mine.write_text("name: mine\n")
    assert find_recipe(str(mine)) == mine
    run = tmp_path / "run"
    run.mkdir()
    (run / "config.yaml").write_text("name: r\n")
    assert find_recipe(str(run)) == run / "config.yaml"


@pytest.mark.parametrize("path", ["/dev/zero", "/dev/null"])
def test_config_files_must_be_regular(path):
    with pytest.raises(UsageError, match="not a regular file"):
        load_yaml(path)


def test_config_cp_of_a_system_file_copies_nothing(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = cli("config", "cp", "../../../../../../../../etc/passwd", "out.yaml")
    assert result.exit_code == 2 and "not a .yaml/.yml file" in result.stderr
    assert not (tmp_path / "out.yaml").exists()

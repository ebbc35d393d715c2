"""User errors of ``dlkit cluster``: one line, the documented exit code, and how to fix it."""

from __future__ import annotations

import pandas as pd


def test_ambiguous_text_column_lists_columns(cli, tmp_path, cache_dir):
    path = tmp_path / "two.csv"
    pd.DataFrame({"title": ["a good one", "meh"], "body_text": ["x y", "z w"]}).to_csv(
        path, index=False
    )
    result = cli("cluster", path, "--cache-dir", cache_dir, "--out", tmp_path)
    assert result.exit_code == 2
    line = result.stderr.strip()
    assert line.startswith("dlkit: error:") and "\n" not in line
    assert "'title'" in line and "'body_text'" in line and "--text-column" in line


def test_unknown_text_column(cli, en_csv, tmp_path, cache_dir):
    result = cli(
        "cluster", en_csv, "--text-column", "reviw", "--cache-dir", cache_dir, "--out", tmp_path
    )
    assert result.exit_code == 2
    assert "did you mean 'review'" in result.stderr


def test_missing_file(cli, tmp_path):
    result = cli("cluster", tmp_path / "nope.csv", "--out", tmp_path)
    assert result.exit_code == 3
    assert "not found" in result.stderr


def test_offline_unknown_model_is_network_error(cli, en_csv, tmp_path, cache_dir, monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    result = cli(
        "cluster",
        en_csv,
        "--model",
        "someone/not-a-cached-model",
        "--cache-dir",
        cache_dir,
        "--out",
        tmp_path,
    )
    assert result.exit_code == 4
    assert "--model PATH" in result.stderr and "\n" not in result.stderr.strip()


def test_missing_model_folder(cli, en_csv, tmp_path, cache_dir):
    result = cli(
        "cluster",
        en_csv,
        "--model",
        str(tmp_path / "models" / "x"),
        "--cache-dir",
        cache_dir,
        "--out",
        tmp_path,
    )
    assert result.exit_code == 3


def test_umap_missing_says_how_to_install(cli, en_csv, tmp_path, cache_dir):
    import importlib.util

    if importlib.util.find_spec("umap") is not None:
        return
    result = cli("cluster", en_csv, "--reduce", "umap", "--cache-dir", cache_dir, "--out", tmp_path)
    assert result.exit_code == 2
    assert "pip install" in result.stderr and "umap" in result.stderr


def test_bad_options(cli, en_csv, tmp_path, cache_dir):
    for flags in (["--algo", "spectral"], ["--reduce", "lda"], ["--merge-threshold", "3"]):
        result = cli("cluster", en_csv, *flags, "--cache-dir", cache_dir, "--out", tmp_path)
        assert result.exit_code == 2, flags
    assert cli("cluster").exit_code == 2
    assert cli("cluster", "--demo", "kmeans", "--out", tmp_path).exit_code == 2


def test_help_is_fast_and_light(cli_proc):
    result = cli_proc("cluster", "--help")
    assert result.exit_code == 0
    assert "--min-cluster-size" in result.stdout
    check = cli_proc("--help")
    assert check.exit_code == 0


def test_cli_does_not_import_heavy_modules():
    import subprocess
    import sys

    code = (
        "import sys; import dlkit.cli.main; "
        "print(sorted(m for m in ('torch', 'sentence_transformers', 'hdbscan', 'sklearn', "
        "'pandas', 'jieba', 'matplotlib') if m in sys.modules))"
    )
    import os
    from pathlib import Path

    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[2] / "src"))
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env
    ).stdout.strip()
    assert out == "[]"

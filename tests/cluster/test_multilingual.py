"""The multilingual path, as far as offline allows: a hub id found in the local Hugging Face cache
is used by id (no lexical blend), an id that is not cached is a one-line network error, and the
jieba blend stays the offline fallback for the English default model on Chinese text."""

from __future__ import annotations

import json
import os
from pathlib import Path

MULTI = "sentence-transformers/paraphrase-multilingual-MiniLM-L12-v2"


def _fake_hub_cache(root: Path) -> Path:
    """A Hugging Face cache holding MULTI; its files are the bundled MiniLM's (offline stand-in)."""
    from dlkit.cluster.embed import _bundled_model_dir

    source = _bundled_model_dir()
    repo = root / ("models--" + MULTI.replace("/", "--"))
    snapshot = repo / "snapshots" / ("0" * 40)
    for path in source.rglob("*"):
        if path.is_file():
            target = snapshot / path.relative_to(source)
            target.parent.mkdir(parents=True, exist_ok=True)
            os.symlink(path, target)
    (repo / "refs").mkdir(parents=True)
    (repo / "refs" / "main").write_text("0" * 40)
    return root


def test_cached_multilingual_id_is_used_without_the_blend(cli, zh_csv, tmp_path, monkeypatch):
    from huggingface_hub import constants

    monkeypatch.setattr(constants, "HF_HUB_CACHE", str(_fake_hub_cache(tmp_path / "hub")))
    result = cli(
        "cluster",
        zh_csv,
        "--model",
        MULTI,
        "--min-cluster-size",
        "8",
        "--json",
        "--cache-dir",
        tmp_path / "cache",
        "--out",
        tmp_path / "runs",
    )
    assert result.exit_code == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["model"] == MULTI and summary["lexical_weight"] == 0.0


def test_uncached_multilingual_id_offline_says_what_to_do(cli, zh_csv, tmp_path, cache_dir):
    result = cli("cluster", zh_csv, "--model", MULTI, "--cache-dir", cache_dir, "--out", tmp_path)
    assert result.exit_code == 4
    line = result.stderr.strip()
    assert "\n" not in line and MULTI in line and "go online once" in line


def test_default_model_on_chinese_blends_jieba_words(run_cluster_cli, zh_csv):
    _, summary = run_cluster_cli(zh_csv, "--min-cluster-size", "8")
    assert summary["model"] == "sentence-transformers/all-MiniLM-L6-v2"
    assert summary["lexical_weight"] == 0.5

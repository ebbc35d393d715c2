"""The stage cache: an unchanged re-run reads every stage, a changed setting recomputes from its
stage on, and ``--json`` says which stages were reused."""

from __future__ import annotations

import json
import zlib

import numpy as np
import pytest

from dlkit.cluster import embed, pipeline, stages

ALL = list(stages.STAGES)


class WordModel:
    """A cheap stand-in SentenceTransformer: hashed words → unit vectors (same words, near)."""

    def get_embedding_dimension(self) -> int:
        return 32

    def encode(self, texts, **_):
        out = np.zeros((len(texts), 32), dtype=np.float32)
        for i, text in enumerate(texts):
            for word in text.lower().split():
                out[i, zlib.crc32(word.strip(".,!").encode()) % 32] += 1.0
        return out / np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-9)


@pytest.fixture
def run(cli, en_csv, tmp_path, monkeypatch):
    monkeypatch.setattr(embed, "load_model", lambda ref, device=None: WordModel())

    def invoke(*flags: str) -> dict:
        result = cli(
            "cluster",
            en_csv,
            "--cache-dir",
            tmp_path / "cache",
            "--out",
            tmp_path / "runs",
            "--json",
            "--set",
            "embed.encoder=transformer",  # the stand-in model above is a sentence-transformer
            *flags,
        )
        assert result.exit_code == 0, result.stderr
        return json.loads(result.stdout)

    return invoke


def _forbid(monkeypatch, target, name):
    def boom(*a, **k):
        raise AssertionError(f"{name} ran although its stage was cached")

    monkeypatch.setattr(target, name, boom)


def test_unchanged_rerun_reads_every_stage(run, monkeypatch):
    first = run()
    assert first["reused"] == [] and first["embedded"] == 72
    _forbid(monkeypatch, pipeline, "read_texts")
    _forbid(monkeypatch, embed, "load_model")
    second = run()
    assert second["reused"] == ALL
    assert (second["embedded"], second["cached"]) == (0, 72)
    assert second["topics"] == first["topics"] and second["run_dir"] != first["run_dir"]
    from pathlib import Path

    folder = Path(second["run_dir"])
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        p.name for p in Path(first["run_dir"]).iterdir()
    )
    assert json.loads((folder / "topics.json").read_text())["run_dir"] == str(folder)


def test_changed_setting_recomputes_from_its_stage(run, monkeypatch):
    base = run()
    _forbid(monkeypatch, embed, "load_model")
    changed = run("--min-cluster-size", "6")
    assert changed["reused"] == ["embed", "reduce"]
    keywords = run("--min-cluster-size", "6", "--top-words", "3")
    assert keywords["reused"] == ["embed", "reduce", "cluster", "topics"]
    assert all(len(t["keywords"]) <= 3 for t in keywords["topics"])
    back = run()
    assert back["reused"] == ALL and back["topics"] == base["topics"]


def test_no_cache_reuses_nothing(run):
    run("--no-cache")
    assert run("--no-cache")["reused"] == []


def test_keys_chain_from_the_changed_stage():
    from dlkit.cluster.recipe import validate

    def keys(**cluster):
        recipe = validate(
            {"job": "cluster", "name": "t", "cluster": {"name": "hdbscan", "hdbscan": cluster}}
        )
        return stages.stage_keys(recipe, "digest", "model", {"dims": 10}, cluster)

    a, b = keys(min_cluster_size=5), keys(min_cluster_size=6)
    assert [s for s in ALL if a[s] == b[s]] == ["embed", "reduce"]
    assert keys(min_cluster_size=5) == a  # deterministic


def test_damaged_entry_is_recomputed(run, tmp_path):
    run()
    for damaged in (tmp_path / "cache" / "stages" / "reduce").glob("*/arrays.npz"):
        damaged.write_bytes(b"not an npz")
    again = run("--min-cluster-size", "6")
    assert again["reused"] == ["embed"]  # reduce computed again
    assert run("--min-cluster-size", "7")["reused"] == ["embed", "reduce"]
    assert stages.StageStore(None).get("reduce", "any") is None


def test_store_keeps_the_most_recent_entries(tmp_path):
    store = stages.StageStore(tmp_path)
    import os

    for i in range(stages.KEEP + 3):
        store.put("report", f"k{i}", meta={"i": i})
        os.utime(tmp_path / "stages" / "report" / f"k{i}", (1000 + i, 1000 + i))
    kept = sorted(p.name for p in (tmp_path / "stages" / "report").iterdir())
    assert len(kept) == stages.KEEP and f"k{stages.KEEP + 2}" in kept

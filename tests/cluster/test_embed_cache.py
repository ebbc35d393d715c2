"""Model resolution and the embedding cache: a re-run embeds nothing and never loads the model."""

from __future__ import annotations

import numpy as np
import pytest

from dlkit.cluster import embed


def test_default_model_resolves_offline(monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    ref = embed.resolve_model(None)
    assert ref.identity == embed.DEFAULT_MODEL_ID
    assert (embed.Path(ref.source) / "modules.json").is_file()


def test_cache_dir_honours_xdg(monkeypatch, tmp_path):
    monkeypatch.delenv("DLKIT_CACHE", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert embed.default_cache_dir() == tmp_path / "dlkit"
    monkeypatch.setenv("DLKIT_CACHE", str(tmp_path / "mine"))  # dlkit's own setting wins
    assert embed.default_cache_dir() == tmp_path / "mine"


class FakeModel:
    """Deterministic stand-in for a SentenceTransformer; counts what it encodes."""

    def __init__(self) -> None:
        self.seen: list[str] = []

    def get_embedding_dimension(self) -> int:
        return 4

    def encode(self, texts, **_):
        self.seen.extend(texts)
        rows = np.array([[len(t), t.count("a") + 1, 1.0, 2.0] for t in texts], dtype=np.float32)
        return rows / np.linalg.norm(rows, axis=1, keepdims=True)


def test_cache_hits_duplicates_and_new_texts(tmp_path):
    ref = embed.ModelRef("fake", "fake-model")
    model = FakeModel()
    x1, s1 = embed.embed_texts(["a", "bb", "a"], ref, tmp_path, loader=lambda r: model)
    assert (s1.unique, s1.embedded, s1.cached) == (2, 2, 0)
    assert model.seen == ["a", "bb"]  # duplicates embedded once, sorted by length
    np.testing.assert_array_equal(x1[0], x1[2])

    def unloadable(_):
        raise AssertionError("the model must not be loaded when everything is cached")

    x2, s2 = embed.embed_texts(["bb", "a"], ref, tmp_path, loader=unloadable)
    assert (s2.embedded, s2.cached, s2.model_loaded) == (0, 2, False)
    np.testing.assert_array_equal(x2, x1[[1, 0]])
    _, s3 = embed.embed_texts(["a", "ccc"], ref, tmp_path, loader=lambda r: model)
    assert (s3.embedded, s3.cached) == (1, 1) and model.seen[-1] == "ccc"
    other = embed.ModelRef("fake", "another-model")
    _, s4 = embed.embed_texts(["a"], other, tmp_path, loader=lambda r: model)
    assert s4.embedded == 1  # keyed by model identity


def test_cache_compacts_shards(tmp_path):
    ref = embed.ModelRef("fake", "fake-model")
    model = FakeModel()
    for i in range(embed.MAX_SHARDS + 2):
        embed.embed_texts([f"text {i}"], ref, tmp_path, loader=lambda r: model)
    cache = embed.EmbeddingCache(tmp_path, ref)
    assert len(cache._shards()) <= embed.MAX_SHARDS
    found = cache.lookup([embed.text_key(f"text {i}") for i in range(embed.MAX_SHARDS + 2)])
    assert len(found) == embed.MAX_SHARDS + 2


def test_cli_rerun_embeds_nothing(cli, en_csv, tmp_path, monkeypatch):
    import json

    cache = tmp_path / "cache"
    first = json.loads(
        cli(
            "cluster",
            en_csv,
            "--cache-dir",
            cache,
            "--out",
            tmp_path,
            "--json",
            "--min-cluster-size",
            "8",
        ).stdout
    )
    assert first["embedded"] == 72

    def unloadable(ref, device=None):
        raise AssertionError("model loaded on a cached re-run")

    monkeypatch.setattr(embed, "load_model", unloadable)
    again = cli(
        "cluster",
        en_csv,
        "--cache-dir",
        cache,
        "--out",
        tmp_path,
        "--json",
        "--min-cluster-size",
        "8",
    )
    assert again.exit_code == 0, again.stderr
    second = json.loads(again.stdout)
    assert (second["embedded"], second["cached"]) == (0, 72)
    assert second["topics"] == first["topics"]
    assert list((cache / "embeddings").iterdir())[0].name.startswith("all-MiniLM-L6-v2-")


@pytest.mark.parametrize("flag", ["--no-cache"])
def test_no_cache_writes_nothing(cli, en_csv, tmp_path, flag, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    result = cli("cluster", en_csv, flag, "--out", tmp_path, "--json", "--min-cluster-size", "8")
    assert result.exit_code == 0, result.stderr
    assert not (tmp_path / "xdg").exists()


def test_unwritable_cache_is_only_a_note(tmp_path, capsys):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    ref = embed.ModelRef("fake", "fake-model")
    x, stats = embed.embed_texts(["a"], ref, blocker, loader=lambda r: FakeModel())
    assert stats.embedded == 1 and x.shape == (1, 4)
    assert "could not write the embedding cache" in capsys.readouterr().err

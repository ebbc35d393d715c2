"""Bounded memory: fitting on a seeded sample and assigning the rest gives the topics of the full
fit; the assignment runs in batches."""

from __future__ import annotations

import json
import zlib

import numpy as np
import pandas as pd
import pytest

from dlkit.cluster import embed, scale

TOPICS, PER_TOPIC, DIM = 8, 150, 24


class BlobModel:
    """Stand-in encoder: ``"t3 item 17"`` → a unit vector near topic 3's centre."""

    centres = np.random.default_rng(0).standard_normal((TOPICS, DIM))

    def get_embedding_dimension(self) -> int:
        return DIM

    def encode(self, texts, **_):
        rows = []
        for text in texts:
            rng = np.random.default_rng(zlib.crc32(text.encode()))
            rows.append(self.centres[int(text.split()[0][1:])] + 0.35 * rng.standard_normal(DIM))
        x = np.asarray(rows, dtype=np.float32)
        return x / np.linalg.norm(x, axis=1, keepdims=True)


@pytest.fixture
def blobs_csv(tmp_path):
    rows = [f"t{t} item {i}" for i in range(PER_TOPIC) for t in range(TOPICS)]
    path = tmp_path / "blobs.csv"
    pd.DataFrame({"text": rows}).to_csv(path, index=False)
    return path


def test_sample_and_assign_gives_the_full_fits_topics(cli, blobs_csv, tmp_path, monkeypatch):
    from sklearn.metrics import adjusted_rand_score

    monkeypatch.setattr(embed, "load_model", lambda ref, device=None: BlobModel())

    def topics(*flags: str) -> tuple[dict, np.ndarray]:
        result = cli(
            "cluster",
            blobs_csv,
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
        summary = json.loads(result.stdout)
        frame = pd.read_csv(f"{summary['run_dir']}/assignments.csv")
        return summary, frame["topic"].to_numpy()

    full, full_topics = topics()
    sampled, sampled_topics = topics("--set", "scale.sample=300")
    assert (full["sampled"], sampled["sampled"]) == (0, 300)
    assert sampled["reused"] == ["embed"]  # the sample changes the reduction
    assert full["n_topics"] == sampled["n_topics"] == TOPICS
    assert adjusted_rand_score(full_topics, sampled_topics) >= 0.98


def test_knn_assign_batches_give_the_same_labels():
    rng = np.random.default_rng(1)
    x = rng.standard_normal((500, 8)).astype(np.float32)
    x /= np.linalg.norm(x, axis=1, keepdims=True)
    sample = scale.seeded_sample(500, 100, seed=7)
    assert (sample == scale.seeded_sample(500, 100, seed=7)).all() and len(set(sample)) == 100
    labels = (x[sample, 0] > 0).astype(int)
    a, sa = scale.knn_assign(x, sample, labels, np.ones(100), k=5, batch=7)
    b, sb = scale.knn_assign(x, sample, labels, np.ones(100), k=5, batch=4096)
    np.testing.assert_array_equal(a, b)
    np.testing.assert_allclose(sa, sb)
    assert ((a == 1) == (x[:, 0] > 0)).mean() > 0.85  # neighbours vote sensibly
    np.testing.assert_array_equal(a[sample], labels)  # the sample keeps its labels

"""Bounded memory: the read → vectors → assign → assignments.csv path, run in a fresh process on
N and 4N generated rows (vectors pre-filled in the embedding cache, as ``bench_cluster.py
--standin`` does), must not grow its peak memory with the rows the way holding them would.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from dlkit.cluster import chunked, embed, vector_file

DIM = 384
REF = embed.ModelRef("stand-in", "stand-in-encoder")

CHILD = """
import resource, sys
from pathlib import Path
import numpy as np
from dlkit.cluster import chunked, embed, report, scale, vector_file

data, cache_dir, out = (Path(a) for a in sys.argv[1:4])
source, rows, texts = chunked.read_source(data, "text", chunk_rows=5000)
cache = embed.EmbeddingCache(cache_dir, embed.ModelRef("stand-in", "stand-in-encoder"), True)
x = vector_file.write_rows(cache, [embed.text_key(t) for t in texts], out / "x" / "x.npy")
sample = scale.seeded_sample(len(x), 2000, 0)
labels, scores = scale.knn_assign(x, sample, np.arange(len(sample)) % 20, np.ones(len(sample)))
status = np.full(len(texts), "clustered", dtype=object)
result = report.Result(source, "text", np.asarray(rows), labels, scores, status, {}, {}, None)
report.write_assignments(out / "assignments.csv", result, rows=5000)
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def _texts(n: int) -> list[str]:
    return [
        f"review {i} about the {('lift', 'view', 'food', 'staff')[i % 4]} and more"
        for i in range(n)
    ]


def _prepare(folder: Path, n: int) -> Path:
    """``n`` rows (every 50th empty) in a CSV, and a stand-in vector for each text in the cache."""
    folder.mkdir()
    texts = _texts(n)
    cells = ["" if i % 50 == 0 else t for i, t in enumerate(texts)]
    pd.DataFrame({"id": range(n), "stars": 5, "text": cells}).to_csv(folder / "in.csv", index=False)
    cache = embed.EmbeddingCache(folder / "cache", REF, float16=True)
    rng = np.random.default_rng(0)
    for start in range(0, n, embed.SHARD_ROWS):
        part = texts[start : start + embed.SHARD_ROWS]
        vectors = rng.standard_normal((len(part), DIM)).astype(np.float32)
        cache.add(
            [embed.text_key(t) for t in part], vectors / np.linalg.norm(vectors, axis=1)[:, None]
        )
    return folder


def _peak_mb(folder: Path) -> float:
    proc = subprocess.run(
        [sys.executable, "-c", CHILD, str(folder / "in.csv"), str(folder / "cache"), str(folder)],
        capture_output=True,
        text=True,
        check=True,
    )
    assert (
        len(pd.read_csv(folder / "assignments.csv")) == sum(1 for _ in open(folder / "in.csv")) - 1
    )
    return int(proc.stdout.split()[-1]) / 1024


@pytest.mark.slow
def test_peak_memory_stays_flat_as_rows_grow(tmp_path):
    n = 20_000
    small, large = _peak_mb(_prepare(tmp_path / "n", n)), _peak_mb(_prepare(tmp_path / "4n", 4 * n))
    held = 3 * n * DIM * 4 / 2**20  # the extra rows' float32 vectors, were they held in memory
    print(f"peak RSS {small:.0f} MB at {n} rows, {large:.0f} MB at {4 * n} rows")
    assert large - small < 0.5 * held, (small, large, held)


def test_vector_file_rows_follow_the_texts_and_no_temp_is_left(tmp_path):
    texts = ["a", "b", "a", "c", "b"]
    cache = embed.EmbeddingCache(tmp_path / "cache", REF, float16=True)
    vectors = np.eye(3, DIM, dtype=np.float32)
    cache.add([embed.text_key(t) for t in "ab"], vectors[:2])
    cache.add([embed.text_key("c")], vectors[2:])
    dest = tmp_path / "rows" / "x.npy"
    x = vector_file.write_rows(cache, [embed.text_key(t) for t in texts], dest)
    assert isinstance(x, np.memmap) and x.dtype == np.float16
    assert x.argmax(axis=1).tolist() == [0, 1, 0, 2, 1]
    assert sorted(p.name for p in dest.parent.iterdir()) == ["x.npy"]
    vector_file.discard(dest)
    assert not dest.parent.exists()


def test_chunked_source_frames_match_the_file(tmp_path):
    folder = tmp_path / "d"
    folder.mkdir()
    pd.DataFrame({"text": _texts(30)}).to_csv(folder / "in.csv", index=False)
    source, _, _ = chunked.read_source(folder / "in.csv", None, chunk_rows=7)
    assert pd.concat(list(source.frames(rows=4)))["text"].tolist() == _texts(30)

"""The embedding spread over two CPU processes by ``torchrun`` (gloo): each rank encodes half the
texts into the shared cache, rank 0 clusters, and the topics are those of one process. A killed
run resumes from the cache shards it finished."""

from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
import pytest

from dlkit.cluster import embed
from dlkit_testing import cli_env


@pytest.mark.slow
def test_two_torchrun_processes_give_the_topics_of_one(en_csv, tmp_path, cli):
    """About 40 s on 2 CPU cores: two processes load the model and encode 36 texts each."""
    args = [
        "cluster",
        str(en_csv),
        "--min-cluster-size",
        "8",
        "--json",
        "--set",
        "embed.shard_rows=10",
    ]
    one = cli(*args, "--cache-dir", tmp_path / "one", "--out", tmp_path / "runs-one")
    assert one.exit_code == 0, one.stderr
    env = cli_env({"OMP_NUM_THREADS": "1", "HF_HUB_OFFLINE": "1"})
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "torch.distributed.run",
            "--nproc-per-node",
            "2",
            "--standalone",
            "-m",
            "dlkit",
            *args,
            "--cache-dir",
            str(tmp_path / "two"),
            "--out",
            str(tmp_path / "runs-two"),
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    two = json.loads(proc.stdout.strip().splitlines()[-1])  # rank 0 alone prints
    first = json.loads(one.stdout)
    assert (first["world_size"], two["world_size"]) == (1, 2)
    assert two["rows_per_rank"] == [36, 36] and two["embedded"] == 0 and two["cached"] == 72
    assert two["topics"] == first["topics"]
    shards = list((tmp_path / "two" / "embeddings").glob("*/shard-*.npz"))
    assert len(shards) == 8  # 4 shards of <= 10 per rank


class CountingModel:
    def __init__(self, fail_after: int | None = None) -> None:
        self.calls, self.fail_after = 0, fail_after

    def get_embedding_dimension(self) -> int:
        return 4

    def encode(self, texts, **_):
        self.calls += 1
        if self.fail_after is not None and self.calls > self.fail_after:
            raise KeyboardInterrupt  # the user pressed Ctrl-C mid-run
        return np.ones((len(texts), 4), dtype=np.float32) / 2


def test_killed_run_resumes_from_finished_shards(tmp_path):
    ref = embed.ModelRef("fake", "fake-model")
    texts = [f"text {i}" for i in range(50)]
    with pytest.raises(KeyboardInterrupt):
        embed.embed_texts(
            texts,
            ref,
            tmp_path,
            batch_size=2,
            shard_rows=16,
            loader=lambda r: CountingModel(fail_after=2),
        )
    _, stats = embed.embed_texts(
        texts, ref, tmp_path, batch_size=2, shard_rows=16, loader=lambda r: CountingModel()
    )
    assert (stats.cached, stats.embedded) == (32, 18)  # two finished shards kept


def test_part_encodes_every_other_missing_text(tmp_path):
    ref = embed.ModelRef("fake", "fake-model")
    texts = [f"text {i}" for i in range(9)]
    x, stats = embed.embed_texts(
        texts, ref, tmp_path, part=(1, 2), loader=lambda r: CountingModel()
    )
    assert stats.embedded == 4 and x.size == 0  # rank 1 of 2 returns no vectors
    _, stats = embed.embed_texts(texts, ref, tmp_path, loader=lambda r: CountingModel())
    assert (stats.cached, stats.embedded) == (4, 5)

"""Encoders for ``dlkit cluster`` on the same texts: seconds and topics against the default.

    HF_HUB_OFFLINE=1 python scripts/bench_cluster_encoders.py --n 2000 --rounds 2

Generates ``samples_hard.hard_texts(n)`` (the harder set: mixed English/Chinese, near-duplicates,
spam, a tail of small topics) and runs whole ``dlkit cluster`` processes with each
``embed.encoder`` — ``transformer`` (the default), ``onnx``, ``onnx-int8``, ``static`` — each
round with an empty embedding cache (the ONNX graphs and the static table are exported or
distilled in a warm-up run first, as a user's second run finds them), in a rotating order. It prints
per encoder the median and min–max seconds, the ratio to the transformer, the agreement of its
topics with the transformer's (ARI over every row) and with the generated topics (NMI), and the
outlier share.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ENCODERS = ("transformer", "onnx", "onnx-int8", "static")
SRC = Path(__file__).resolve().parents[1] / "src"


def run(csv_path: Path, encoder: str, root: Path, cache: Path) -> tuple[float, list[int]]:
    env = dict(os.environ, PYTHONPATH=str(SRC), HF_HUB_OFFLINE="1")
    start = time.perf_counter()
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "dlkit",
            "cluster",
            str(csv_path),
            "--set",
            f"embed.encoder={encoder}",
            "--cache-dir",
            str(cache),
            "--out",
            str(root),
            "--json",
            "--quiet",
        ],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"{encoder}: {proc.stderr.strip()}")
    run_dir = Path(json.loads(proc.stdout)["run_dir"])
    with open(run_dir / "assignments.csv", newline="", encoding="utf-8") as handle:
        topics = [int(row["topic"]) for row in csv.DictReader(handle)]
    return seconds, topics


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    sys.path.insert(0, str(SRC))
    from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score

    from dlkit.cluster.samples_hard import hard_texts

    work = Path(tempfile.mkdtemp(prefix="bench-encoders-"))
    rows = hard_texts(args.n, args.seed)
    data = work / "posts.csv"
    with open(data, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["text", "topic"])
        writer.writerows((text, topic) for topic, text in rows)
    truth = [topic for topic, _ in rows]
    shared = work / "warm"  # exported graphs and distilled tables, reused by every round
    for encoder in ENCODERS[1:]:
        run(data, encoder, work / "runs", shared)
    times: dict[str, list[float]] = {e: [] for e in ENCODERS}
    topics: dict[str, list[int]] = {}
    for r in range(args.rounds):
        order = ENCODERS[r % len(ENCODERS) :] + ENCODERS[: r % len(ENCODERS)]
        for encoder in order:
            cache = work / f"cache-{r}-{encoder}"
            if (shared / "static").exists():  # the one-off distillation, not the encoding
                os.makedirs(cache, exist_ok=True)
                os.symlink(shared / "static", cache / "static")
            seconds, topics[encoder] = run(data, encoder, work / "runs", cache)
            times[encoder].append(seconds)
    base = statistics.median(times["transformer"])
    print(f"{args.n} texts of the harder set, {args.rounds} rounds, empty embedding cache each")
    print(
        f"{'encoder':12} {'seconds (min-max)':>22} {'x faster':>9} {'ARI vs default':>15} "
        f"{'NMI vs truth':>13} {'outliers':>9}"
    )
    for encoder in ENCODERS:
        t = times[encoder]
        labels = topics[encoder]
        print(
            f"{encoder:12} {statistics.median(t):9.1f} ({min(t):.1f}-{max(t):.1f}) "
            f"{base / statistics.median(t):9.2f} "
            f"{adjusted_rand_score(topics['transformer'], labels):15.3f} "
            f"{normalized_mutual_info_score(truth, labels):13.3f} "
            f"{sum(x < 0 for x in labels) / len(labels):9.1%}"
        )


if __name__ == "__main__":
    main()

"""Benchmark ``dlkit cluster`` as whole processes: cold, unchanged re-run, changed clustering.

    HF_HUB_OFFLINE=1 python scripts/bench_cluster.py --n 2000 --texts hard --rounds 3
    HF_HUB_OFFLINE=1 python scripts/bench_cluster.py --n 100000 --standin --rounds 2

Generates ``samples_hard.hard_texts(n)`` (``--texts hard``: mixed English/Chinese, near-duplicates,
spam, chatter, a tail of small topics) or ``samples.messy_texts(n)`` (``--texts messy``), writes a
CSV and times ``python -m dlkit cluster texts.csv --json`` from outside, every run a new process
(imports, model load and all), each under ``/usr/bin/time`` for its peak resident memory:

- cold: empty embedding and stage caches;
- warm: the same command again, ``--rounds`` times (goal: ≤ 5 % of cold);
- changed: ``--min-cluster-size`` changed each round, so embeddings and reduction are read and
  clustering, topics, keywords, charts and report are computed (goal: ≤ 25 % of cold);
  warm and changed rounds are interleaved.

Prints the cold run's seconds per stage, the share of the cold run spent embedding, each ratio with
its spread (min / median / max over the rounds) and the peak memory of each kind of run. With
``--standin`` the embedding cache is filled first with cheap stand-in vectors (hashed words
projected to 384-D: timing only, their topics mean nothing), so the stages after encoding can be
timed at 100,000 texts; the encoding cost is then extrapolated from ``--rate`` texts/s (measured by
a real cold run at a smaller n) and printed with the extrapolation to 1,000,000 texts.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

STAGES = ("read", "embed", "reduce", "cluster", "topics", "report")


def standin_vectors(texts: list[str], dim: int = 384):
    """Unit vectors from hashed word counts (timing only: the topics mean nothing)."""
    import numpy as np
    from sklearn.feature_extraction.text import HashingVectorizer

    counts = HashingVectorizer(n_features=2**16, alternate_sign=False).transform(texts)
    projection = np.random.default_rng(0).standard_normal((2**16, dim)).astype(np.float32)
    x = np.asarray(counts @ projection, dtype=np.float32)
    return x / np.maximum(np.linalg.norm(x, axis=1, keepdims=True), 1e-12)


def prefill(cache: Path, texts: list[str]) -> None:
    from dlkit.cluster import embed

    unique = sorted(set(texts))
    store = embed.EmbeddingCache(cache, embed.resolve_model(None), float16=True)
    for start in range(0, len(unique), 50_000):
        part = unique[start : start + 50_000]
        store.add([embed.text_key(t) for t in part], standin_vectors(part))


def run(data: Path, cache: Path, out: Path, *flags: str) -> tuple[float, float, dict]:
    """One whole process: (seconds, peak RSS in MB, summary)."""
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"), HF_HUB_OFFLINE="1")
    rss = out / "rss.txt"
    cmd = [
        "/usr/bin/time",
        "-f",
        "%M",
        "-o",
        str(rss),
        sys.executable,
        "-m",
        "dlkit",
        "cluster",
        str(data),
        "--text-column",
        "text",
        "--cache-dir",
        str(cache),
        "--out",
        str(out),
        "--json",
        *flags,
    ]
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=ROOT, check=False)
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"dlkit cluster failed: {proc.stderr.strip()[-800:]}")
    return seconds, int(rss.read_text().split()[-1]) / 1024, json.loads(proc.stdout)


def spread(values: list[float], cold: float) -> str:
    ratios = sorted(v / cold for v in values)
    return (
        f"{statistics.median(ratios):.1%} of cold (min {ratios[0]:.1%}, "
        f"max {ratios[-1]:.1%}, {len(ratios)} runs)"
    )


def texts_for(kind: str, n: int, seed: int) -> list[tuple[str, str]]:
    if kind == "hard":
        from dlkit.cluster.samples_hard import hard_texts

        return hard_texts(n, seed)
    from dlkit.cluster.samples import messy_texts

    return messy_texts(n, seed)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=2000)
    parser.add_argument("--texts", choices=("hard", "messy"), default="hard")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--standin", action="store_true", help="stand-in vectors, no encoding")
    parser.add_argument(
        "--rate",
        type=float,
        default=None,
        help="measured encoding rate (texts/s) for the --standin extrapolation",
    )
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    import pandas as pd

    rows = texts_for(args.texts, args.n, args.seed)
    texts = [t for _, t in rows]
    with tempfile.TemporaryDirectory() as tmp:
        data, cache, out = Path(tmp) / "texts.csv", Path(tmp) / "cache", Path(tmp) / "runs"
        out.mkdir()
        pd.DataFrame({"truth": [t for t, _ in rows], "text": texts}).to_csv(data, index=False)
        if args.standin:
            prefill(cache, texts)
        cold_s, cold_mb, cold = run(data, cache, out)
        warm, changed = [], []
        for i in range(args.rounds):  # interleaved
            warm.append(run(data, cache, out))
            changed.append(run(data, cache, out, "--min-cluster-size", str(7 + i)))
    report(args, texts, cold_s, cold_mb, cold, warm, changed)
    return 0


def report(args, texts, cold_s, cold_mb, cold, warm, changed) -> None:
    stages = cold["seconds"]
    inside = sum(stages.values())
    print(
        f"texts: {len(texts):,} ({args.texts}; {cold['unique']:,} unique, "
        f"{cold['n_groups']:,} near-duplicate groups"
        f"{', sampled ' + format(cold['sampled'], ',') if cold['sampled'] else ''})"
        f"{'; stand-in vectors' if args.standin else ''}"
    )
    print(
        "cold run, seconds per stage (inside the job): "
        + ", ".join(f"{s} {stages[s]:.2f}" for s in STAGES)
    )
    print(
        f"cold: {cold_s:.1f} s whole process ({inside:.1f} s in the job, "
        f"{cold_s - inside:.1f} s imports and start-up); embedding {stages['embed']:.1f} s = "
        f"{stages['embed'] / cold_s:.1%} of the process; peak RSS {cold_mb:,.0f} MB"
    )
    print(
        f"warm unchanged: {statistics.median(w[0] for w in warm):.2f} s, "
        f"{spread([w[0] for w in warm], cold_s)} (goal <= 5%); reused {warm[0][2]['reused']}; "
        f"peak RSS {max(w[1] for w in warm):,.0f} MB"
    )
    print(
        f"changed --min-cluster-size: {statistics.median(c[0] for c in changed):.2f} s, "
        f"{spread([c[0] for c in changed], cold_s)} (goal <= 25%); reused "
        f"{changed[0][2]['reused']}; peak RSS {max(c[1] for c in changed):,.0f} MB"
    )
    print(
        f"{cold['n_topics']} topics, {cold['outlier_share']:.1%} outliers "
        f"({cold['outlier_share_before_assign']:.1%} before assignment), largest topic "
        f"{max(t['size'] for t in cold['topics']) / cold['n_texts']:.1%}"
    )
    if not args.standin:
        rate = cold["embedded"] / max(stages["embed"], 1e-9)
        print(f"encoding rate: {rate:.1f} texts/s on this machine")
    if args.rate:
        extrapolate(cold, stages, args.rate)


def extrapolate(cold: dict, stages: dict, rate: float) -> None:
    """1,000,000 texts: encoding linear in unique texts; reduction and HDBSCAN fixed by the sample;
    reading, assignment, topics and report linear in rows (from this run)."""
    n, unique = cold["n_texts"], cold["unique"]
    scale = 1_000_000 / n
    encode = unique * scale / rate
    rest = stages["read"] + stages["topics"] + stages["report"]
    fitted = stages["reduce"] + stages["cluster"]
    total = encode + rest * scale + fitted * (scale if not cold["sampled"] else 1.2)
    print(
        f"extrapolated to 1,000,000 texts ({unique / n:.0%} unique, {rate:.1f} texts/s): "
        f"encoding {encode / 3600:.1f} h, reading/topics/report {rest * scale / 60:.1f} min, "
        f"reduce+cluster ~{fitted * (1.2 if cold['sampled'] else scale) / 60:.1f} min "
        f"(sample fixed at {cold['sampled'] or 'all'} groups; assignment grows linearly); "
        f"embedding share {encode / total:.1%}"
    )


if __name__ == "__main__":
    sys.exit(main())

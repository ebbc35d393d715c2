"""``dlkit cluster`` side by side with BERTopic on the same texts and the same model, one run each.

    HF_HUB_OFFLINE=1 python scripts/bench_cluster_vs_bertopic.py --n 2000 \
        --bertopic-python /work/venv-bench/bin/python

BERTopic is never a dlkit dependency: install it in a venv of its own (``python -m venv
/work/venv-bench && /work/venv-bench/bin/pip install torch bertopic``) and name that venv's python.
Every contender is a whole process (imports and model load included), timed from outside:

- dlkit cold: ``python -m dlkit cluster texts.csv`` on an empty embedding cache;
- dlkit warm: the same command again (goal: ≤ 5 % of cold);
- bare encode: a script that loads the same sentence-transformers model and encodes the texts,
  nothing else (goal: dlkit cold ≤ 1.6× of it);
- BERTopic: ``BERTopic(embedding_model=<same model>).fit_transform(texts)`` with its defaults
  (UMAP 5-D, HDBSCAN min_cluster_size 10) (goal: dlkit cold ≤ 0.5× of it).

Texts: ``dlkit.cluster.samples.messy_texts(n)`` (16 known topics; URLs, mentions, emoji,
duplicates). Prints seconds, topics, outlier share, largest topic and NMI against the known topics.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

ENCODE = """
import sys, json
from sentence_transformers import SentenceTransformer
texts = json.load(open(sys.argv[2], encoding="utf-8"))
SentenceTransformer(sys.argv[1], device="cpu").encode(texts, batch_size=64)
"""

BERTOPIC = """
import sys, json
from bertopic import BERTopic
from sentence_transformers import SentenceTransformer
texts = json.load(open(sys.argv[2], encoding="utf-8"))
model = BERTopic(embedding_model=SentenceTransformer(sys.argv[1], device="cpu"))
topics, _ = model.fit_transform(texts)
json.dump([int(t) for t in topics], open(sys.argv[3], "w"))
"""


def timed(cmd: list[str], env: dict) -> tuple[float, str]:
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=ROOT)
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd[:3])}… failed: {proc.stderr.strip()[-500:]}")
    return seconds, proc.stdout


def describe(labels, truth) -> str:
    import numpy as np
    from sklearn.metrics import normalized_mutual_info_score as nmi

    labels = np.asarray(labels)
    inside = labels >= 0
    largest = np.bincount(labels[inside]).max() / len(labels) if inside.any() else 0.0
    return (
        f"topics={len(set(labels[inside].tolist())):3d} outliers={1 - inside.mean():6.1%} "
        f"largest={largest:6.1%} NMI={nmi(truth, labels):.3f}"
    )


def main() -> int:
    import os

    import pandas as pd

    from dlkit.cluster.embed import resolve_model
    from dlkit.cluster.samples import messy_texts

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=2000)
    parser.add_argument(
        "--bertopic-python",
        default=None,
        help="python of a venv with bertopic installed (skipped when not given)",
    )
    args = parser.parse_args()
    env = dict(
        os.environ, PYTHONPATH=str(ROOT / "src"), HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1"
    )
    model = resolve_model(None).source
    rows = messy_texts(args.n, seed=1)
    truth = [t for t, _ in rows]
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        pd.DataFrame({"text": [t for _, t in rows]}).to_csv(tmp / "texts.csv", index=False)
        (tmp / "texts.json").write_text(json.dumps([t for _, t in rows]), encoding="utf-8")
        dlkit = [
            sys.executable,
            "-m",
            "dlkit",
            "cluster",
            str(tmp / "texts.csv"),
            "--cache-dir",
            str(tmp / "cache"),
            "--out",
            str(tmp / "runs"),
            "--json",
        ]
        results = {}
        results["bare encode"] = (
            timed([sys.executable, "-c", ENCODE, model, str(tmp / "texts.json")], env)[0],
            "",
        )
        for name in ("dlkit cold", "dlkit warm"):
            seconds, out = timed(dlkit, env)
            run = Path(json.loads(out)["run_dir"])
            labels = pd.read_csv(run / "assignments.csv")["topic"].tolist()
            results[name] = seconds, describe(labels, truth)
        if args.bertopic_python:
            seconds, _ = timed(
                [
                    args.bertopic_python,
                    "-c",
                    BERTOPIC,
                    model,
                    str(tmp / "texts.json"),
                    str(tmp / "bertopic.json"),
                ],
                env,
            )
            labels = json.loads((tmp / "bertopic.json").read_text())
            results["BERTopic"] = seconds, describe(labels, truth)
    print(f"{args.n} texts, model {resolve_model(None).identity}, whole processes")
    for name, (seconds, text) in results.items():
        print(f"{name:<12}{seconds:8.1f} s  {text}")
    cold, warm = results["dlkit cold"][0], results["dlkit warm"][0]
    print(f"dlkit cold / bare encode: {cold / results['bare encode'][0]:.2f}x (goal <= 1.6)")
    print(f"dlkit warm / cold: {warm / cold:.1%} (goal <= 5%)")
    if "BERTopic" in results:
        print(f"dlkit cold / BERTopic: {cold / results['BERTopic'][0]:.2f}x (goal <= 0.5)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""``dlkit cluster`` side by side with BERTopic on the same texts and the same model.

    HF_HUB_OFFLINE=1 python scripts/bench_cluster_vs_bertopic.py --n 1000 --rounds 2 \
        --bertopic-python /work/venv-bertopic-cluster/bin/python

BERTopic is never a dlkit dependency: install it in a venv of its own (``python -m venv
--system-site-packages /work/venv-bertopic-cluster && /work/venv-bertopic-cluster/bin/pip install
bertopic``) and name that venv's python. Every contender is a whole process (imports and model
load included), timed from outside, after one untimed warm-up run of each on 200 texts (disk
caches, numba's first compile), in ``--rounds`` interleaved rounds (the order rotates each round):

- dlkit cold: ``python -m dlkit cluster texts.csv`` on an empty embedding and stage cache;
- dlkit warm: the same command again (goal: ≤ 5 % of cold);
- bare encode: loads the same sentence-transformers model and encodes the unique texts, nothing
  else (goal: dlkit cold ≤ 1.6× of it);
- BERTopic: ``BERTopic(embedding_model=<same model>).fit_transform(texts)`` with its defaults
  (UMAP 5-D, HDBSCAN min_cluster_size 10) on the same near-duplicate groups dlkit clusters
  (``dlkit.cluster.dedup``: one text per group in, labels expanded to every row after), so both
  sides handle duplicates the same way (goal: dlkit cold ≤ 0.5× of it).

Texts: ``samples_hard.hard_texts(n)`` (``--texts hard``, default) or ``samples.messy_texts(n)``.
Prints the median seconds and their spread, topics, outlier share, largest topic and NMI
against the known topics.
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
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=ROOT, check=False)
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


def contenders(tmp: Path, args: argparse.Namespace, model: str) -> dict:
    """name → (command for a fresh run, reader of its labels or None)."""

    def dlkit(cache: str) -> list[str]:
        return [
            sys.executable,
            "-m",
            "dlkit",
            "cluster",
            str(tmp / "texts.csv"),
            "--text-column",
            "text",
            "--cache-dir",
            str(tmp / cache),
            "--out",
            str(tmp / "runs"),
            "--json",
        ]

    out = {
        "bare encode": ([sys.executable, "-c", ENCODE, model, str(tmp / "unique.json")], None),
        "dlkit cold": (dlkit("cold-cache"), "dlkit"),
        "dlkit warm": (dlkit("warm-cache"), "dlkit"),
    }
    if args.bertopic_python:
        out["BERTopic"] = (
            [
                args.bertopic_python,
                "-c",
                BERTOPIC,
                model,
                str(tmp / "groups.json"),
                str(tmp / "bertopic.json"),
            ],
            "bertopic",
        )
    return out


def labels_of(kind: str | None, out: str, tmp: Path, inverse) -> list[int] | None:
    import numpy as np
    import pandas as pd

    if kind == "dlkit":
        return pd.read_csv(Path(json.loads(out)["run_dir"]) / "assignments.csv")["topic"].tolist()
    if kind == "bertopic":
        return np.asarray(json.loads((tmp / "bertopic.json").read_text()))[inverse].tolist()
    return None


def main() -> int:
    import os
    import shutil
    import statistics

    import pandas as pd

    from dlkit.cluster import dedup
    from dlkit.cluster.embed import resolve_model

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--texts", choices=("hard", "messy"), default="hard")
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
    rows = texts_for(args.texts, args.n)
    texts, truth = [t for _, t in rows], [t for t, _ in rows]
    heads, _ = dedup.groups(texts)
    seconds: dict[str, list[float]] = {}
    quality: dict[str, str] = {}
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        for n, suffix in ((200, "warmup"), (len(texts), "")):
            part = texts[:n]
            pd.DataFrame({"text": part}).to_csv(tmp / "texts.csv", index=False)
            (tmp / "unique.json").write_text(json.dumps(sorted(set(part))), encoding="utf-8")
            part_heads, part_inverse = dedup.groups(part)
            (tmp / "groups.json").write_text(
                json.dumps([part[i] for i in part_heads]), encoding="utf-8"
            )
            runs = contenders(tmp, args, model)
            for r in range(1 if suffix else args.rounds):
                names = list(runs)
                names = names[r % len(names) :] + names[: r % len(names)]
                for name in names:
                    if name == "dlkit cold":
                        shutil.rmtree(tmp / "cold-cache", ignore_errors=True)
                    if name == "dlkit warm" and not (tmp / "warm-cache").exists():
                        timed(runs[name][0], env)  # fills the cache; the timed run is warm
                    if suffix:  # warm-up: untimed, and a contender that fails on it is not ours
                        try:
                            timed(runs[name][0], env)
                        except SystemExit as exc:
                            print(f"warm-up of {name}: {exc}", file=sys.stderr)
                        continue
                    took, out = timed(runs[name][0], env)
                    seconds.setdefault(name, []).append(took)
                    labels = labels_of(runs[name][1], out, tmp, part_inverse)
                    if labels is not None:
                        quality[name] = describe(labels, truth)
            shutil.rmtree(tmp / "warm-cache", ignore_errors=True)
    med = {k: statistics.median(v) for k, v in seconds.items()}
    print(
        f"{args.n} {args.texts} texts ({len(heads)} near-duplicate groups), model "
        f"{resolve_model(None).identity}, whole processes, {args.rounds} interleaved rounds"
    )
    for name, values in seconds.items():
        print(
            f"{name:<12}{med[name]:8.1f} s (min {min(values):.1f}, max {max(values):.1f})  "
            f"{quality.get(name, '')}"
        )
    cold = med["dlkit cold"]
    print(f"dlkit cold / bare encode: {cold / med['bare encode']:.2f}x (goal <= 1.6)")
    print(f"dlkit warm / cold: {med['dlkit warm'] / cold:.1%} (goal <= 5%)")
    if "BERTopic" in med:
        print(f"dlkit cold / BERTopic: {cold / med['BERTopic']:.2f}x (goal <= 0.5)")
    return 0


def texts_for(kind: str, n: int) -> list[tuple[str, str]]:
    if kind == "hard":
        from dlkit.cluster.samples_hard import hard_texts

        return hard_texts(n, seed=1)
    from dlkit.cluster.samples import messy_texts

    return messy_texts(n, seed=1)


if __name__ == "__main__":
    sys.exit(main())

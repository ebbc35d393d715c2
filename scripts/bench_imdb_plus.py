"""Benchmark: imdb-bilstm (the tutorial's padded BiLSTM) against imdb-bilstm-plus (packed,
length-bucketed batches) on the same short texts, the same epochs and the same CPU threads.

The texts are generated with the test suite's IMDB writer (``tests/text/text_samples.py``:
Kaggle's ``review,sentiment`` CSV, label words mixed with neutral ones, ~20-60 words a text after
cleaning: tweet length, lengths varying), so the tutorial's ``max_len: 500`` pads every text more
than tenfold. Each round trains both recipes as whole ``dlkit train ... --json`` processes, one
after the other (the order alternates between rounds), and the script prints each run's wall time
(whole process) and training time (its epochs' seconds from history.csv), test accuracy, the
speed-ups per round, and their median and spread over the rounds.

    python scripts/bench_imdb_plus.py [--texts 4000] [--epochs 3] [--rounds 2] [--threads 1]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAIR = ("imdb-bilstm", "imdb-bilstm-plus")


def epoch_seconds(run_dir: str) -> float:
    """The run's training time: its epochs' seconds from history.csv (no start-up, no test)."""
    import csv

    with (Path(run_dir) / "history.csv").open() as handle:
        return sum(float(row["seconds"]) for row in csv.DictReader(handle))


def train(recipe: str, data: Path, out: Path, epochs: int, threads: int) -> dict:
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT / "src"),
        "OMP_NUM_THREADS": str(threads),
        "MKL_NUM_THREADS": str(threads),
    }
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "dlkit",
            "train",
            recipe,
            "--data",
            str(data),
            "--epochs",
            str(epochs),
            "--device",
            "cpu",
            "--out",
            str(out),
            "--json",
        ],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode:
        sys.exit(f"{recipe} failed ({done.returncode}): {done.stderr.strip()[-400:]}")
    summary = json.loads(done.stdout)
    summary["train_seconds"] = epoch_seconds(summary["run_dir"])
    return summary


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--texts", type=int, default=4000)
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "tests"))
    from text.text_samples import imdb_csv

    with tempfile.TemporaryDirectory(prefix="bench-imdb-") as tmp:
        data = imdb_csv(Path(tmp) / "IMDB Dataset.csv", n=args.texts)
        ratios, train_ratios, rows = [], [], {name: [] for name in PAIR}
        for index in range(args.rounds):
            order = PAIR if index % 2 == 0 else PAIR[::-1]
            got = {
                name: train(name, data, Path(tmp) / "runs", args.epochs, args.threads)
                for name in order
            }
            for name in PAIR:
                rows[name].append(got[name])
                print(
                    f"round {index + 1}  {name:18s} {got[name]['wall_seconds']:8.1f} s whole, "
                    f"{got[name]['train_seconds']:7.1f} s in epochs  "
                    f"test_acc {got[name]['test_acc']:.4f}  params {got[name]['params']:,}",
                    flush=True,
                )
            ratios.append(got[PAIR[0]]["wall_seconds"] / got[PAIR[1]]["wall_seconds"])
            train_ratios.append(got[PAIR[0]]["train_seconds"] / got[PAIR[1]]["train_seconds"])
            print(
                f"round {index + 1}  speed-up x{ratios[-1]:.1f} whole process, "
                f"x{train_ratios[-1]:.1f} in epochs",
                flush=True,
            )
    print(
        f"\n{args.texts} texts, {args.epochs} epochs, {args.threads} thread(s), "
        f"{args.rounds} round(s), CPU"
    )
    for name in PAIR:
        walls = [r["wall_seconds"] for r in rows[name]]
        accs = [r["test_acc"] for r in rows[name]]
        print(
            f"{name:18s} wall median {statistics.median(walls):7.1f} s "
            f"(min {min(walls):.1f}, max {max(walls):.1f})  test_acc "
            + ", ".join(f"{a:.4f}" for a in accs)
        )
    for what, values in (("whole process", ratios), ("epochs only", train_ratios)):
        print(
            f"speed-up, {what}: median x{statistics.median(values):.1f} "
            f"(min x{min(values):.1f}, max x{max(values):.1f})"
        )


if __name__ == "__main__":
    main()

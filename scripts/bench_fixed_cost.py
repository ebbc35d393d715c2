"""Benchmark: the fixed cost of a ``dlkit train`` run, as whole processes against a plain PyTorch
script doing the same training.

Both train mnist-cnn's 843,658-parameter network (Adam 1e-3, batch 128, 20% held out for
validation each epoch, a test pass at the end, the weights saved) on the same generated IDX files
of MNIST's shape (``bench_vs_keras.write_mnist``: scikit-learn's digits scaled to 28×28) for each
of ``--epochs`` (default 2 and 5), timed as fresh processes as a user runs them. Rounds alternate
the order (dlkit first, then plain first, …). A third process, ``import torch`` and nothing else,
shows the floor every PyTorch program pays. Prints, per epoch count, the median wall seconds with
min–max over rounds, the median CPU seconds (user + system of the process and its children), the
ratio dlkit / plain per round (median and min–max), and dlkit's fixed cost (median difference).

    python scripts/bench_fixed_cost.py [--rounds 5] [--epochs 2,5] [--threads 1]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_vs_keras import PLAIN, write_mnist  # the same plain script and data


def timed(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the process and its children) of one fresh process."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    err = proc.stderr.read().decode() if proc.stderr else ""
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"failed: {' '.join(cmd)}\n{err[-2000:]}")
    return wall, usage.ru_utime + usage.ru_stime


def spread(values: list[float], fmt: str = "{:.2f}") -> str:
    return (
        f"{fmt.format(statistics.median(values))} ({fmt.format(min(values))}–"
        f"{fmt.format(max(values))})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--epochs", default="2,5")
    parser.add_argument("--train", type=int, default=4000)
    parser.add_argument("--test", type=int, default=1000)
    parser.add_argument(
        "--threads", type=int, default=1, help="torch threads of every process (OMP_NUM_THREADS)"
    )
    args = parser.parse_args()
    src = Path(__file__).resolve().parents[1] / "src"
    env = {
        **os.environ,
        "PYTHONPATH": f"{src}{os.pathsep}{os.environ.get('PYTHONPATH', '')}",
        "DLKIT_OFFLINE": "1",
        "OMP_NUM_THREADS": str(args.threads),
    }
    print(
        f"{os.cpu_count()} CPUs, {args.threads} torch thread(s) per process, {args.rounds} "
        f"alternating rounds; load average {os.getloadavg()[0]:.2f}",
        flush=True,
    )
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "mnist"
        data.mkdir()
        write_mnist(data, args.train, args.test)
        (Path(tmp) / "plain.py").write_text(PLAIN)
        floor = [timed([sys.executable, "-c", "import torch"], env) for _ in range(3)]
        print(
            f"import torch alone: {spread([w for w, _ in floor])} s wall, "
            f"{spread([c for _, c in floor])} s CPU",
            flush=True,
        )
        for epochs in (int(e) for e in args.epochs.split(",")):
            runners = {
                "dlkit": [
                    sys.executable,
                    "-m",
                    "dlkit",
                    "train",
                    "mnist-cnn",
                    "--data-dir",
                    str(data),
                    "--epochs",
                    str(epochs),
                    "--device",
                    "cpu",
                    "-q",
                    "--out",
                    str(Path(tmp) / "runs"),
                ],
                "plain": [sys.executable, str(Path(tmp) / "plain.py"), str(data), str(epochs)],
            }
            got: dict[str, list[tuple[float, float]]] = {"dlkit": [], "plain": []}
            for rnd in range(args.rounds):
                for name in ("dlkit", "plain") if rnd % 2 == 0 else ("plain", "dlkit"):
                    got[name].append(timed(runners[name], env))
            report(epochs, got)
    print(f"load average at the end {os.getloadavg()[0]:.2f}")


def report(epochs: int, got: dict[str, list[tuple[float, float]]]) -> None:
    for name, runs in got.items():
        print(
            f"{epochs} epochs {name:5s} wall {spread([w for w, _ in runs])} s   "
            f"cpu {spread([c for _, c in runs])} s"
        )
    pairs = list(zip(got["dlkit"], got["plain"]))
    print(
        f"{epochs} epochs ratio dlkit/plain: wall {spread([d[0] / p[0] for d, p in pairs], '{:.3f}')}"
        f"  cpu {spread([d[1] / p[1] for d, p in pairs], '{:.3f}')}   fixed cost (dlkit - "
        f"plain) wall {spread([d[0] - p[0] for d, p in pairs])} s, cpu "
        f"{spread([d[1] - p[1] for d, p in pairs])} s",
        flush=True,
    )


if __name__ == "__main__":
    main()

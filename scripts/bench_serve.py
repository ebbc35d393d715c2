"""Benchmark ``dlkit serve --workers N`` against the tutorial's Flask app (activity 3.03: one model
call per request) under gunicorn with the same number of workers, on loopback only.

For each model shape (``mnist-cnn``: 843,658 params on 28×28 grey; ``cifar10-vgg``: 9,176,018 on
32×32 RGB; random weights: speed does not depend on them) it writes a checkpoint and starts both
servers once, each given the same CPUs (``--server-cpus``) and the same torch threads per worker
(``OMP_NUM_THREADS`` = server cores / workers: gunicorn's workers would otherwise each spin one
thread per core). The load generator is pinned to CPUs of its own (``--client-cpus``, default the
last core) and is one asyncio process on raw sockets with prepared requests (a thread per client
with ``requests`` costs more CPU than the servers it measures): PNG uploads from 1, 8 and 32
concurrent keep-alive clients (gunicorn's default sync workers close each connection; the client
then reconnects, as any client of such a server must). Rounds interleave the two servers (the
order flips each round), each level runs ``--seconds`` (≥ 10 by default). Per server and level it
prints the median over rounds of requests/s, p50 and p99 latency and server CPU per request (user
+ system time of the server's whole process tree, from /proc), with min–max over rounds, then the
ratios dlkit / gunicorn per round (median and min–max). Both servers prepare an image the same way
(the run's ``ImageInput``) and answer top-3 JSON.

    pip install -e ".[bench]"       # flask and gunicorn, the baseline's
    python scripts/bench_serve.py [--workers 2] [--rounds 3] [--seconds 10] [--levels 1,8,32]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"
SHAPES = {
    "mnist-cnn": ([1, 28, 28], [0.1307], [0.3081], "dark"),
    "cifar10-vgg": ([3, 32, 32], [0.4914, 0.4822, 0.4465], [0.247, 0.2435, 0.2616], None),
}

FLASK_APP = r'''
"""The tutorial's Flask server (activity 3.03), as gunicorn imports it: flask_app:app."""
import os
import numpy as np, torch
from flask import Flask, request, jsonify
from dlkit.engine import checkpoint
from dlkit.data.inputs import input_from_dict

ckpt = checkpoint.load(os.environ["BENCH_CHECKPOINT"])
model = checkpoint.build_model(ckpt).eval()          # the tutorial: load once, eval, then serve
spec = input_from_dict(ckpt["input_spec"])
transform = spec.batch_transform()
classes = ckpt["classes"]
app = Flask(__name__)

@app.route("/predict", methods=["POST"])
def predict():
    image = spec.decode_bytes(request.files["file"].read(), 25_000_000)
    with torch.no_grad():                            # one model call per request
        probs = torch.softmax(model(transform(torch.from_numpy(image[None]))), 1)[0].numpy()
    order = np.argsort(-probs)[:3]
    return jsonify({"prediction": classes[order[0]], "probability": float(probs[order[0]]),
                    "top": [{"class": classes[i], "p": float(probs[i])} for i in order]})
'''


def write_checkpoint(folder: Path, recipe: str) -> Path:
    """A checkpoint of the recipe's model with random weights and an image input spec."""
    import torch

    from dlkit.components import MODELS
    from dlkit.config.validate import component_options
    from dlkit.data.inputs import ImageInput
    from dlkit.engine import checkpoint
    from dlkit.jobs.recipe_args import Overrides, load_recipe

    shape, mean, std, background = SHAPES[recipe]
    config = load_recipe(recipe, Overrides([], [], {}))
    options = component_options(config, "model")
    torch.manual_seed(0)
    model = MODELS.create(config.model.name, in_shape=shape, num_outputs=10, **options)
    path = folder / recipe / "best.pt"
    path.parent.mkdir(parents=True, exist_ok=True)
    checkpoint.save(
        path,
        {
            "recipe": recipe,
            "task": "classification",
            "config": config.model_dump(mode="json"),
            "model": {
                "name": config.model.name,
                "options": options,
                "in_shape": shape,
                "num_outputs": 10,
            },
            "state_dict": model.state_dict(),
            "classes": [str(i) for i in range(10)],
            "input_spec": ImageInput(shape, mean, std, background).to_dict(),
        },
    )
    params = sum(p.numel() for p in model.parameters())
    print(f"{recipe}: {params:,} params, input {shape}")
    return path


def upload_request(host: str, port: int, path: str, image: bytes) -> bytes:
    """One whole multipart POST of ``image``, as bytes on the wire."""
    boundary = "benchboundary7d2f"
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; '
            f'filename="x.png"\r\nContent-Type: image/png\r\n\r\n'
        ).encode()
        + image
        + f"\r\n--{boundary}--\r\n".encode()
    )
    head = (
        f"POST {path} HTTP/1.1\r\nHost: {host}:{port}\r\nContent-Type: multipart/form-data; "
        f"boundary={boundary}\r\nContent-Length: {len(body)}\r\n\r\n"
    ).encode()
    return head + body


def png(shape: list[int], seed: int) -> bytes:
    import cv2
    import numpy as np

    channels, height, width = shape
    image = np.random.default_rng(seed).integers(0, 256, (height, width, channels), np.uint8)
    _, buffer = cv2.imencode(".png", image if channels == 3 else image[:, :, 0])
    return buffer.tobytes()


async def _client(
    port: int, payloads: list[bytes], deadline: float, latencies: list[float]
) -> None:
    reader = writer = None
    n = 0
    while time.perf_counter() < deadline:
        if writer is None:
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
        begin = time.perf_counter()
        writer.write(payloads[n % len(payloads)])
        head = await reader.readuntil(b"\r\n\r\n")
        status = head[9:12]
        length, close = 0, False
        for line in head.lower().split(b"\r\n"):
            if line.startswith(b"content-length:"):
                length = int(line[15:])
            elif line.startswith(b"connection:") and b"close" in line:
                close = True
        body = await reader.readexactly(length)
        if status != b"200":
            raise SystemExit(f"HTTP {status.decode()}: {body[:200]!r}")
        latencies.append(time.perf_counter() - begin)
        n += 1
        if close:
            writer.close()
            reader = writer = None
    if writer is not None:
        writer.close()


def load(port: int, payloads: list[bytes], clients: int, seconds: float) -> dict[str, float]:
    """``clients`` concurrent connections for ``seconds``; requests/s, p50, p99 (ms)."""
    latencies: list[float] = []

    async def main() -> float:
        start = time.perf_counter()
        await asyncio.gather(
            *(
                _client(port, payloads[i:] + payloads[:i], start + seconds, latencies)
                for i in range(clients)
            )
        )
        return time.perf_counter() - start

    wall = asyncio.run(main())
    latencies.sort()
    p99 = latencies[min(len(latencies) - 1, round(0.99 * (len(latencies) - 1)))]
    return {
        "n": len(latencies),
        "rps": len(latencies) / wall,
        "p50": statistics.median(latencies) * 1000,
        "p99": p99 * 1000,
    }


def tree_cpu_seconds(root: int) -> float:
    """User + system CPU seconds of ``root`` and every descendant alive now (Linux /proc)."""
    parents: dict[int, int] = {}
    times: dict[int, float] = {}
    tick = os.sysconf("SC_CLK_TCK")
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents[int(entry.name)] = int(fields[1])
        times[int(entry.name)] = (int(fields[11]) + int(fields[12])) / tick
    total, todo = 0.0, [root]
    while todo:
        pid = todo.pop()
        total += times.get(pid, 0.0)
        todo.extend(child for child, parent in parents.items() if parent == pid)
    return total


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start(
    cmd: list[str], env: dict[str, str], log: Path, port: int, cpus: set[int]
) -> subprocess.Popen:
    """Start a server pinned to ``cpus`` and wait until ``port`` answers /health or /."""
    with open(log, "w") as err:
        proc = subprocess.Popen(
            ["taskset", "-c", ",".join(map(str, sorted(cpus))), *cmd],
            stdout=subprocess.DEVNULL,
            stderr=err,
            env=env,
            stdin=subprocess.DEVNULL,
        )
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"server did not start: {log.read_text()[-1500:]}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return proc
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"server did not start in 180 s: {log.read_text()[-1500:]}")


def stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(30)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(10)


def servers(
    root: Path, ckpt: Path, recipe: str, args: argparse.Namespace, threads: int
) -> dict[str, tuple[list[str], dict[str, str], int, str]]:
    env = {
        **os.environ,
        "PYTHONPATH": f"{SRC}{os.pathsep}{os.environ.get('PYTHONPATH', '')}",
        "OMP_NUM_THREADS": str(threads),
        "BENCH_CHECKPOINT": str(ckpt),
    }
    (root / "flask_app.py").write_text(FLASK_APP)
    dport, gport = free_port(), free_port()
    gthread = (
        ["--worker-class", "gthread", "--threads", str(args.gunicorn_threads)]
        if args.gunicorn_threads
        else []
    )
    return {
        "dlkit": (
            [
                sys.executable,
                "-m",
                "dlkit",
                "serve",
                str(ckpt),
                "--port",
                str(dport),
                "--device",
                "cpu",
                "--workers",
                str(args.workers),
                "--max-batch",
                str(args.max_batch),
            ],
            env,
            dport,
            f"/v1/models/{recipe}/predict",
        ),
        "gunicorn": (
            [
                sys.executable,
                "-m",
                "gunicorn",
                "--workers",
                str(args.workers),
                "--bind",
                f"127.0.0.1:{gport}",
                "--chdir",
                str(root),
                "--log-level",
                "warning",
                *gthread,
                "flask_app:app",
            ],
            env,
            gport,
            "/predict",
        ),
    }


def summary(values: list[float], fmt: str = "{:.1f}") -> str:
    return (
        f"{fmt.format(statistics.median(values))} ({fmt.format(min(values))}–"
        f"{fmt.format(max(values))})"
    )


def bench_model(
    recipe: str, root: Path, args: argparse.Namespace, levels: list[int], server_cpus: set[int]
) -> None:
    ckpt = write_checkpoint(root, recipe)
    images = [png(SHAPES[recipe][0], seed) for seed in range(16)]
    threads = max(1, len(server_cpus) // args.workers)
    procs, results = {}, {}
    specs = servers(root, ckpt, recipe, args, threads)
    try:
        for name, (cmd, env, port, path) in specs.items():
            procs[name] = start(cmd, env, root / f"{recipe}-{name}.log", port, server_cpus)
            payloads = [upload_request("127.0.0.1", port, path, image) for image in images]
            load(port, payloads, 2, 2.0)  # warm-up
        for rnd in range(args.rounds):
            order = list(specs) if rnd % 2 == 0 else list(reversed(specs))
            for clients in levels:
                for name in order:
                    _, _, port, path = specs[name]
                    payloads = [upload_request("127.0.0.1", port, path, im) for im in images]
                    cpu = tree_cpu_seconds(procs[name].pid)
                    got = load(port, payloads, clients, args.seconds)
                    got["cpu_ms"] = (tree_cpu_seconds(procs[name].pid) - cpu) / got["n"] * 1000
                    results.setdefault((name, clients), []).append(got)
                    print(
                        f"  round {rnd + 1} {recipe} {name:8s} c={clients:<3d} "
                        f"{got['rps']:7.1f} req/s p50 {got['p50']:6.1f} ms p99 "
                        f"{got['p99']:6.1f} ms cpu {got['cpu_ms']:.3f} ms/req",
                        flush=True,
                    )
    finally:
        for proc in procs.values():
            stop(proc)
    report(recipe, results, levels)


def report(recipe: str, results: dict, levels: list[int]) -> None:
    print(f"\n{recipe}: median (min–max) over rounds")
    for clients in levels:
        for name in ("dlkit", "gunicorn"):
            runs = results[name, clients]
            print(
                f"  {name:8s} c={clients:<3d} req/s {summary([r['rps'] for r in runs])}  "
                f"p50 {summary([r['p50'] for r in runs])} ms  "
                f"p99 {summary([r['p99'] for r in runs])} ms  "
                f"cpu {summary([r['cpu_ms'] for r in runs], '{:.3f}')} ms/req"
            )
    print(
        f"{recipe}: ratios dlkit / gunicorn-Flask per round, median (min–max); throughput "
        "higher is better, latency and CPU lower"
    )
    for clients in levels:
        pairs = list(zip(results["dlkit", clients], results["gunicorn", clients]))
        ratio = {
            key: summary([d[key] / max(g[key], 1e-9) for d, g in pairs], "{:.2f}")
            for key in ("rps", "p50", "p99", "cpu_ms")
        }
        print(
            f"  c={clients:<3d} throughput x{ratio['rps']}  p50 x{ratio['p50']}  "
            f"p99 x{ratio['p99']}  cpu/request x{ratio['cpu_ms']}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--models", default="mnist-cnn")
    parser.add_argument("--levels", default="1,8,32", help="concurrent clients")
    parser.add_argument("--workers", type=int, default=2, help="server processes, both servers")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=10.0, help="seconds per level and round")
    parser.add_argument("--max-batch", type=int, default=32)
    parser.add_argument(
        "--gunicorn-threads",
        type=int,
        default=0,
        help="0: gunicorn's default sync workers; N: gthread workers of N threads (keep-alive)",
    )
    parser.add_argument(
        "--client-cpus",
        default=None,
        help="CPUs of the load generator, e.g. '1' (default: the last core)",
    )
    parser.add_argument(
        "--server-cpus",
        default=None,
        help="CPUs of both servers, e.g. '0' (default: all but the client's)",
    )
    args = parser.parse_args()
    sys.path.insert(0, str(SRC))
    cores = sorted(os.sched_getaffinity(0))
    client = {int(c) for c in args.client_cpus.split(",")} if args.client_cpus else {cores[-1]}
    server = (
        {int(c) for c in args.server_cpus.split(",")}
        if args.server_cpus
        else (set(cores) - client or set(cores))
    )
    kind = f"gthread x{args.gunicorn_threads}" if args.gunicorn_threads else "sync"
    print(
        f"{os.cpu_count()} CPUs; load generator on {sorted(client)}, servers on "
        f"{sorted(server)}; {args.workers} workers each (gunicorn: {kind}), "
        f"{args.rounds} interleaved rounds of "
        f"{args.seconds:g} s per level; load average {os.getloadavg()[0]:.2f}"
    )
    levels = [int(v) for v in args.levels.split(",")]
    with tempfile.TemporaryDirectory(prefix="dlkit-bench-serve-") as tmp:
        for recipe in args.models.split(","):
            os.sched_setaffinity(0, client)
            bench_model(recipe, Path(tmp), args, levels, server)
    print(f"load average at the end {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()

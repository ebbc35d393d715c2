"""Benchmark ``dlkit serve`` against the tutorial's way of serving (activity 3.03: a Flask app that
calls the model once per request), in the same run, on loopback only.

For each model shape (``mnist-cnn``: 843,658 params on 28×28 grey; ``cifar10-vgg``: 9,176,018
params on 32×32 RGB; random weights: speed does not depend on them) it writes a checkpoint, starts
one server at a time on a free 127.0.0.1 port, and sends PNG uploads from 1, 8 and 32 concurrent
clients (keep-alive sessions), each level bounded by ``--requests`` and ``--seconds``. It prints
requests/s and p50/p99 latency per server and level, the server process's CPU time per request
(from /proc: on a machine shared with other work, throughput follows the CPU share a process gets,
while CPU per request shows what each request costs) and, for dlkit, the mean rows per model call
(from ``/health``), then the ratios dlkit / Flask. Both servers prepare an image the same way (the
run's ``ImageInput``) and answer top-3 JSON.

    pip install flask        # the benchmark's only extra (pip install -e ".[bench]")
    python scripts/bench_serve.py [--requests 300] [--seconds 15] [--levels 1,8,32]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"
SHAPES = {
    "mnist-cnn": ([1, 28, 28], [0.1307], [0.3081], "dark"),
    "cifar10-vgg": ([3, 32, 32], [0.4914, 0.4822, 0.4465], [0.247, 0.2435, 0.2616], None),
}

FLASK_APP = r"""
import sys, json
import numpy as np, torch
from flask import Flask, request, jsonify
from werkzeug.serving import make_server
from dlkit.engine import checkpoint
from dlkit.data.inputs import input_from_dict

ckpt = checkpoint.load(sys.argv[1])
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

server = make_server("127.0.0.1", 0, app, threaded=True)
print(f"http://127.0.0.1:{server.server_port}", flush=True)
server.serve_forever()
"""


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


def png(shape: list[int], seed: int) -> bytes:
    import cv2
    import numpy as np

    channels, height, width = shape
    image = np.random.default_rng(seed).integers(0, 256, (height, width, channels), np.uint8)
    ok, buffer = cv2.imencode(".png", image if channels == 3 else image[:, :, 0])
    return buffer.tobytes()


def start(cmd: list[str], log: Path, timeout: float = 120) -> tuple[subprocess.Popen, str]:
    env = {**os.environ, "PYTHONPATH": f"{SRC}{os.pathsep}{os.environ.get('PYTHONPATH', '')}"}
    proc = subprocess.Popen(
        cmd,
        stdout=subprocess.PIPE,
        stderr=open(log, "w"),
        text=True,
        env=env,
        stdin=subprocess.DEVNULL,
    )
    deadline, line = time.monotonic() + timeout, ""
    while time.monotonic() < deadline and not line.startswith("http://"):
        line = proc.stdout.readline().strip()
        if proc.poll() is not None:
            raise SystemExit(f"server did not start: {log.read_text()[-1500:]}")
    return proc, line


def stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(30)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(10)


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (Linux /proc), 0.0 elsewhere."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def batching(url: str) -> tuple[int, int]:
    """(model calls, rows) a dlkit server has run so far; (0, 0) for Flask."""
    import requests

    reply = requests.get(url + "/health", timeout=10)
    if reply.status_code != 200:
        return 0, 0
    stats = next(iter(reply.json().get("batching", {}).values()), {})
    return int(stats.get("calls", 0)), int(stats.get("rows", 0))


def load(
    url: str, images: list[bytes], clients: int, requests_max: int, seconds: float
) -> dict[str, float]:
    """``clients`` threads, each on its own keep-alive session, until the count or time is up."""
    import requests

    latencies: list[float] = []
    lock = threading.Lock()
    sent = [0]
    deadline = time.monotonic() + seconds

    def client(index: int) -> None:
        with requests.Session() as session:
            while time.monotonic() < deadline:
                with lock:
                    if sent[0] >= requests_max:
                        return
                    sent[0] += 1
                    n = sent[0]
                begin = time.perf_counter()
                reply = session.post(
                    url, files={"file": ("x.png", images[n % len(images)])}, timeout=60
                )
                took = time.perf_counter() - begin
                if reply.status_code != 200:
                    raise SystemExit(f"{url}: HTTP {reply.status_code} {reply.text[:200]}")
                with lock:
                    latencies.append(took)

    start_time = time.perf_counter()
    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - start_time
    latencies.sort()
    p99 = latencies[min(len(latencies) - 1, int(round(0.99 * (len(latencies) - 1))))]
    return {
        "n": len(latencies),
        "rps": len(latencies) / wall,
        "p50": statistics.median(latencies) * 1000,
        "p99": p99 * 1000,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--models", default="mnist-cnn,cifar10-vgg")
    parser.add_argument("--levels", default="1,8,32", help="concurrent clients")
    parser.add_argument("--requests", type=int, default=300, help="most requests per level")
    parser.add_argument("--seconds", type=float, default=15, help="most seconds per level")
    parser.add_argument("--max-batch", type=int, default=32)
    args = parser.parse_args()
    sys.path.insert(0, str(SRC))
    levels = [int(v) for v in args.levels.split(",")]
    results: dict[tuple[str, str, int], dict[str, float]] = {}
    with tempfile.TemporaryDirectory(prefix="dlkit-bench-serve-") as tmp:
        root = Path(tmp)
        for recipe in args.models.split(","):
            ckpt = write_checkpoint(root, recipe)
            images = [png(SHAPES[recipe][0], seed) for seed in range(16)]
            servers = {
                "dlkit": (
                    [
                        sys.executable,
                        "-m",
                        "dlkit",
                        "serve",
                        str(ckpt),
                        "--port",
                        "0",
                        "--device",
                        "cpu",
                        "--max-batch",
                        str(args.max_batch),
                    ],
                    f"/v1/models/{recipe}/predict",
                ),
                "flask": ([sys.executable, "-c", FLASK_APP, str(ckpt)], "/predict"),
            }
            for name, (cmd, path) in servers.items():
                proc, url = start(cmd, root / f"{recipe}-{name}.log")
                try:
                    load(url + path, images, 2, 10, 30)  # warm-up
                    for clients in levels:
                        cpu, (calls, rows) = cpu_seconds(proc.pid), batching(url)
                        got = load(url + path, images, clients, args.requests, args.seconds)
                        got["cpu_ms"] = (cpu_seconds(proc.pid) - cpu) / got["n"] * 1000
                        calls2, rows2 = batching(url)
                        batch = (
                            f"  {(rows2 - rows) / max(calls2 - calls, 1):4.1f} rows/call"
                            if calls2 > calls
                            else ""
                        )
                        results[recipe, name, clients] = got
                        print(
                            f"{recipe:12s} {name:6s} c={clients:<3d} {got['rps']:7.1f} req/s  "
                            f"p50 {got['p50']:7.1f} ms  p99 {got['p99']:7.1f} ms  "
                            f"cpu {got['cpu_ms']:5.2f} ms/req{batch}  ({got['n']} requests)",
                            flush=True,
                        )
                finally:
                    stop(proc)
    print("\nratios dlkit / flask (throughput: higher is better; latency, cpu: lower is better)")
    for recipe in args.models.split(","):
        for clients in levels:
            d, f = results[recipe, "dlkit", clients], results[recipe, "flask", clients]
            print(
                f"{recipe:12s} c={clients:<3d} throughput x{d['rps'] / f['rps']:.2f}  "
                f"p50 x{d['p50'] / f['p50']:.2f}  p99 x{d['p99'] / f['p99']:.2f}  "
                f"cpu/request x{d['cpu_ms'] / max(f['cpu_ms'], 1e-9):.2f}"
            )


if __name__ == "__main__":
    main()

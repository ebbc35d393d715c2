"""``dlkit serve``: load one or more runs once and serve their predictions over HTTP.

Everything the command line decides is checked before a model loads or a port opens: the bind
rule (loopback unless an API key file is given), the key file, the limits, the ``NAME=RUN``
names (a model is named by its recipe; two runs of one recipe need names). Then each run is
loaded through ``jobs/predict.load_predictor`` (the path ``dlkit predict`` takes) and its model is
put on ``--device`` in eval mode behind a micro-batcher; a run whose predictor has no
``read_payload`` is refused in one line. ``serve/`` holds the app, the batcher and the runner.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from dlkit.errors import UsageError
from dlkit.protocols import Generative, Sampled, Servable

NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")


@dataclass
class ServeOptions:
    host: str = "127.0.0.1"
    port: int = 8000
    api_key_file: str | None = None
    device: str = "auto"
    max_batch: int = 32
    batch_wait_ms: float = 2.0
    max_request_mb: float = 16.0
    max_pixels: int = 25_000_000
    max_inputs: int = 1024
    drain_s: float = 30.0
    workers: int = 1
    read_timeout_s: float = 30.0


def parse_targets(targets: list[str]) -> list[tuple[str | None, str]]:
    """``RUN`` or ``NAME=RUN`` → (name or None, run); a bad name is a UsageError."""
    if not targets:
        raise UsageError("name at least one run to serve: dlkit serve runs/mnist-cnn/003")
    parsed: list[tuple[str | None, str]] = []
    for target in targets:
        name, sep, run = target.partition("=")
        if not sep:
            parsed.append((None, target))
            continue
        if not NAME.match(name) or not run:
            raise UsageError(
                f"{target!r}: write NAME=RUN with NAME of letters, digits, '.', '_' "
                "or '-' (e.g. mnist=runs/mnist-cnn/003)"
            )
        parsed.append((name, run))
    return parsed


def check_options(opts: ServeOptions) -> None:
    from dlkit.serve.server import check_bind

    check_bind(opts.host, opts.port, opts.api_key_file)
    for flag, value, low in (
        ("--max-batch", opts.max_batch, 1),
        ("--max-request-mb", opts.max_request_mb, 0.001),
        ("--max-pixels", opts.max_pixels, 1),
        ("--max-inputs", opts.max_inputs, 1),
    ):
        if not value >= low:
            raise UsageError(f"{flag} {value}: give a number >= {low}")
    if not 0 < opts.read_timeout_s <= 3600:
        raise UsageError(f"--read-timeout {opts.read_timeout_s}: give seconds in (0, 3600]")
    if not 0 <= opts.batch_wait_ms <= 1000:
        raise UsageError(f"--batch-wait-ms {opts.batch_wait_ms}: give 0-1000")
    most = max_workers()
    if not 1 <= opts.workers <= most:
        raise UsageError(
            f"--workers {opts.workers}: give 1-{most} (at most 4 per CPU core on "
            "this machine; each worker holds its own copy of every model)"
        )
    if opts.workers > 1:
        from dlkit.serve.workers import check_supported

        check_supported()


def max_workers() -> int:
    import os

    return 4 * max(1, os.cpu_count() or 1)


def load(targets: list[str], opts: ServeOptions) -> dict[str, Any]:
    """Every run loaded and named, as ``serve.app.ServedModel``s (by name)."""
    from dlkit.engine.device import select_device

    device = select_device(opts.device)
    return {
        name: _served(name, ckpt, spec, predictor, device, opts)
        for name, ckpt, spec, predictor in resolve(targets)
    }


def resolve(targets: list[str]) -> list[tuple[str, dict[str, Any], Any, Any]]:
    """``(name, checkpoint, input spec, predictor)`` per run, checked: servable, names unique."""
    from dlkit.jobs.predict import load_predictor

    parsed = parse_targets(targets)
    loaded = []
    for name, run in parsed:
        ckpt, spec, predictor = load_predictor(run)
        name = name or str(ckpt.get("recipe") or "model")
        if not isinstance(predictor, Servable):
            raise UsageError(
                f"{run}: runs with '{spec.kind}' inputs cannot be served yet (their "
                "predictor has no read_payload)"
            )
        loaded.append((name, run, ckpt, spec, predictor))
    names = [item[0] for item in loaded]
    for name in names:
        if names.count(name) > 1:
            runs = [item[1] for item in loaded if item[0] == name]
            raise UsageError(
                f"two runs are named {name!r} ({', '.join(runs)}): name them, e.g. "
                f"a={runs[0]} b={runs[1]}"
            )
    return [(name, ckpt, spec, predictor) for name, _, ckpt, spec, predictor in loaded]


def _served(
    name: str, ckpt: dict[str, Any], spec: Any, predictor: Any, device: Any, opts: ServeOptions
) -> Any:
    from dlkit.engine import checkpoint
    from dlkit.predict.protocol import forward, run
    from dlkit.serve.app import ServedModel
    from dlkit.serve.batcher import MicroBatcher

    model = checkpoint.build_model(ckpt).to(device).eval()
    transform = spec.batch_transform()

    def run_batch(x: Any) -> Any:
        return forward(model, x, transform, device, opts.max_batch)

    alone: Callable[[Any], Any] | None = None
    if isinstance(predictor, Generative):

        def alone(prepared: Any) -> Any:
            return run(predictor, model, prepared, spec, device, opts.max_batch)

    if alone is None and isinstance(spec, Sampled):
        run_batch(spec.sample(1))  # warm up: the first request pays no one-off set-up
    batcher = MicroBatcher(run_batch, opts.max_batch, opts.batch_wait_ms, name)
    return ServedModel(name, ckpt, spec, predictor, batcher, alone)


def serve(
    targets: list[str],
    opts: ServeOptions,
    on_ready: Callable[[str, list[str], bool], None],
    log: Callable[[str], None] | None = None,
) -> None:
    """Check, load, bind, call ``on_ready(url, names, keyed)``, serve until SIGTERM (returns) or
    Ctrl-C (KeyboardInterrupt)."""
    from dlkit.serve import server
    from dlkit.serve.app import Limits, create_app

    check_options(opts)
    parse_targets(targets)
    key = server.read_key(opts.api_key_file) if opts.api_key_file else None
    if opts.workers > 1:
        return _serve_workers(targets, opts, key, on_ready, log)
    models = load(targets, opts)
    sock = server.bind(opts.host, opts.port)
    limits = Limits(
        int(opts.max_request_mb * 1024 * 1024),
        int(opts.max_pixels),
        int(opts.max_inputs),
        float(opts.read_timeout_s),
    )
    app = create_app(models, limits, key, log)
    on_ready(server.url_of(sock), list(models), key is not None)
    server.run(app, sock, opts.drain_s)


def _serve_workers(
    targets: list[str],
    opts: ServeOptions,
    key: bytes | None,
    on_ready: Callable[[str, list[str], bool], None],
    log: Callable[[str], None] | None,
) -> None:
    """``--workers N``: the runs checked and the port reserved here, then N worker processes
    (``serve/workers.py``) load the models and serve; returns after SIGTERM has drained them."""
    from dataclasses import asdict

    from dlkit.engine.device import select_device
    from dlkit.serve import server, workers

    select_device(opts.device)
    names = [name for name, *_ in resolve(targets)]
    sock = server.bind(opts.host, opts.port, listen=False)
    try:
        settings = {
            "targets": targets,
            "options": asdict(opts),
            "port": sock.getsockname()[1],
            "key": key.decode() if key else None,
            "threads": workers.threads_per_worker(opts.workers),
        }
        url = server.url_of(sock)
        workers.supervise(
            settings,
            opts.workers,
            opts.drain_s,
            lambda: on_ready(url, names, key is not None),
            log or _stderr_line,
        )
    finally:
        sock.close()


def _stderr_line(line: str) -> None:
    import sys

    sys.stderr.write(line + "\n")

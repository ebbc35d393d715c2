"""``dlkit serve RUN... [NAME=RUN]``: thin CLI over ``jobs/serve.py``."""

from __future__ import annotations

from typing import Annotated

import typer


def serve_command(
    targets: Annotated[
        list[str],
        typer.Argument(
            metavar="RUN",
            help="Run folders or checkpoints; NAME=RUN names one (default: its recipe).",
            show_default=False,
        ),
    ],
    host: Annotated[
        str,
        typer.Option("--host", help="Address to bind; other than loopback needs --api-key-file."),
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", "-p", help="Port (0: any free port).")] = 8000,
    api_key_file: Annotated[
        str | None,
        typer.Option(
            "--api-key-file",
            help="File holding the key every request must send (Authorization: Bearer KEY).",
        ),
    ] = None,
    device: Annotated[
        str, typer.Option("--device", "-d", help="auto | cpu | cuda | cuda:N | mps")
    ] = "auto",
    max_batch: Annotated[
        int,
        typer.Option(
            "--max-batch", help="Most inputs one model call takes from concurrent requests."
        ),
    ] = 32,
    batch_wait_ms: Annotated[
        float,
        typer.Option(
            "--batch-wait-ms",
            help="Longest wait for more requests while others are still being "
            "read (never when none are).",
        ),
    ] = 2.0,
    max_request_mb: Annotated[
        float, typer.Option("--max-request-mb", help="Largest request body (413 above).")
    ] = 16.0,
    max_pixels: Annotated[
        int,
        typer.Option(
            "--max-pixels", help="Largest image, in pixels, checked before decoding (413 above)."
        ),
    ] = 25_000_000,
    max_inputs: Annotated[
        int, typer.Option("--max-inputs", help="Most inputs in one request (413 above).")
    ] = 1024,
    workers: Annotated[
        int,
        typer.Option(
            "--workers",
            "-w",
            help="Server processes behind the one port, each with its own copy of "
            "the models and its own batcher; torch's threads are shared out among them. "
            "E.g. --workers 2 on a 2-core machine.",
        ),
    ] = 1,
    read_timeout: Annotated[
        float,
        typer.Option(
            "--read-timeout",
            help="Seconds a request body may take to arrive (408 after), e.g. --read-timeout 10.",
        ),
    ] = 30.0,
) -> None:
    """Serve predictions of trained runs over HTTP (FastAPI + uvicorn).

    GET /health, GET /v1/models, POST /v1/models/NAME/predict (JSON or multipart image
    uploads; answers the rows 'dlkit predict --json' prints), OpenAPI page at /docs.
    One access-log line per request on stderr; SIGTERM finishes the requests in flight
    and exits 0.

    Examples:
      dlkit serve runs/mnist-cnn/003 --port 8000
      dlkit serve a=runs/mnist-cnn/003 b=runs/mnist-cnn/004
      dlkit serve runs/mnist-cnn/003 --host 0.0.0.0 --api-key-file key.txt
      dlkit serve runs/mnist-cnn/003 --workers 4
    """
    import sys

    from dlkit import console
    from dlkit.jobs.serve import ServeOptions, serve

    opts = ServeOptions(
        host,
        port,
        api_key_file,
        device,
        max_batch,
        batch_wait_ms,
        max_request_mb,
        max_pixels,
        max_inputs,
        workers=workers,
        read_timeout_s=read_timeout,
    )

    def on_ready(url: str, names: list[str], keyed: bool) -> None:
        console.info(
            f"dlkit serve: {', '.join(names)} at {url}/v1/models/NAME/predict "
            f"(docs {url}/docs{'; API key required' if keyed else ''}); "
            "SIGTERM or Ctrl-C stops"
        )
        sys.stdout.write(url + "\n")
        sys.stdout.flush()

    def log(line: str) -> None:
        sys.stderr.write(line + "\n")
        sys.stderr.flush()

    serve(targets, opts, on_ready, log)


def register(app: typer.Typer) -> None:
    app.command("serve")(serve_command)

"""``dlkit serve --workers N``: N server processes behind one port, each with its own models and
micro-batchers, and the parent that starts, watches and stops them.

``jobs/serve.py`` checks everything and reserves the port (bound, not listening) in the parent,
then calls ``supervise``. Each worker is ``python -m dlkit.serve.workers``: it reads its settings
(runs, options, API key) as one JSON line on stdin, loads the models, opens its own listening
socket on the same address with ``SO_REUSEPORT`` (the kernel spreads new connections over the
workers; the parent's unlistening socket gets none), and answers ``ready`` (or ``error CODE
LINE``) on stdout. The workers run in their own session, so a Ctrl-C reaches the parent only and
is passed on once: SIGTERM drains every worker's requests in flight, then exits 0; Ctrl-C exits
130. A worker that dies is logged and replaced; a worker whose parent is gone (its stdin closes)
drains and exits.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from typing import Any

from dlkit.errors import DlkitError, UsageError

READY_TIMEOUT_S = 600.0


class WorkerError(DlkitError):
    """A worker could not start; carries the worker's own exit code and line."""

    def __init__(self, message: str, code: int) -> None:
        super().__init__(message)
        self.exit_code = code


def threads_per_worker(workers: int) -> int:
    """CPU threads for each worker's torch: the cores shared out (OMP_NUM_THREADS wins)."""
    given = os.environ.get("OMP_NUM_THREADS", "")
    if given.isdigit() and int(given) > 0:
        return int(given)
    return max(1, (os.cpu_count() or 1) // workers)


def check_supported() -> None:
    if getattr(socket, "SO_REUSEPORT", None) is None:
        raise UsageError(
            "--workers above 1 needs SO_REUSEPORT (Linux, macOS, BSD); serve with --workers 1 here"
        )


class Supervisor:
    """The running workers: start, wait for ready, replace the dead, stop them all."""

    def __init__(self, settings: dict[str, Any], workers: int, log: Callable[[str], None]) -> None:
        self.settings, self.log = settings, log
        self.procs: list[subprocess.Popen | None] = [None] * workers
        self.stopping = False

    def spawn(self, index: int) -> subprocess.Popen:
        proc = subprocess.Popen(
            [sys.executable, "-m", "dlkit.serve.workers"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            start_new_session=True,
        )
        assert proc.stdin is not None
        proc.stdin.write((json.dumps({**self.settings, "index": index}) + "\n").encode())
        proc.stdin.flush()  # stdin stays open: its EOF tells the worker we died
        self.procs[index] = proc
        return proc

    def start(self) -> None:
        for index in range(len(self.procs)):
            self.spawn(index)
        for proc in self.procs:
            assert proc is not None and proc.stdout is not None
            line = _readline(proc, READY_TIMEOUT_S)
            if line != "ready":
                code, _, message = line.removeprefix("error ").partition(" ")
                self.signal_all(signal.SIGTERM)
                self.wait_all(10)
                if line.startswith("error ") and code.isdigit():
                    raise WorkerError(message, int(code))
                raise WorkerError(
                    f"a serve worker exited before it was ready (exit code "
                    f"{proc.poll()}); run with --workers 1 to see why",
                    1,
                )

    def watch(self, stop: threading.Event) -> None:
        """Until ``stop`` is set: replace any worker that exits (at most one a second)."""
        while not stop.wait(0.2):
            for index, proc in enumerate(self.procs):
                if proc is not None and proc.poll() is not None and not stop.is_set():
                    self.log(
                        f"dlkit serve: worker {proc.pid} exited with code "
                        f"{proc.returncode}; starting another"
                    )
                    _close(proc)
                    time.sleep(1.0)
                    self.spawn(index)

    def signal_all(self, sig: int) -> None:
        for proc in self.procs:
            if proc is not None and proc.poll() is None:
                try:
                    proc.send_signal(sig)
                except ProcessLookupError:
                    pass

    def wait_all(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        for proc in self.procs:
            if proc is None:
                continue
            try:
                proc.wait(max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(10)
            _close(proc)


def supervise(
    settings: dict[str, Any],
    workers: int,
    drain_s: float,
    on_ready: Callable[[], None],
    log: Callable[[str], None],
) -> None:
    """Run ``workers`` workers until SIGTERM (returns after they drain) or Ctrl-C (raises
    KeyboardInterrupt after they stop)."""
    group = Supervisor(settings, workers, log)
    stop = threading.Event()
    previous = signal.signal(signal.SIGTERM, lambda *_: stop.set())
    try:
        group.start()
        on_ready()
        group.watch(stop)
        group.signal_all(signal.SIGTERM)
        group.wait_all(drain_s + 10)
    except KeyboardInterrupt:
        stop.set()
        group.signal_all(signal.SIGINT)
        group.wait_all(drain_s + 10)
        raise
    finally:
        stop.set()
        signal.signal(signal.SIGTERM, previous)
        group.signal_all(signal.SIGKILL)  # only the ones a failure left behind


def _readline(proc: subprocess.Popen, timeout: float) -> str:
    """The worker's first stdout line ('' on EOF or after ``timeout`` seconds)."""
    import selectors

    assert proc.stdout is not None
    with selectors.DefaultSelector() as sel:
        sel.register(proc.stdout, selectors.EVENT_READ)
        if not sel.select(timeout):
            return ""
    return proc.stdout.readline().decode("utf-8", "replace").strip()


def _close(proc: subprocess.Popen) -> None:
    for stream in (proc.stdin, proc.stdout):
        if stream is not None:
            try:
                stream.close()
            except OSError:
                pass


def listen(host: str, port: int) -> socket.socket:
    """This worker's own listening socket on the shared address (``SO_REUSEPORT``)."""
    family, kind, proto, _, address = socket.getaddrinfo(
        host.strip("[]"), port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
    )[0]
    sock = socket.socket(family, kind, proto)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind(address)
    sock.listen(2048)
    sock.setblocking(False)
    return sock


def _worker() -> int:
    """One worker: settings from stdin, models loaded, ``ready`` on stdout, serve."""
    from dlkit.jobs.serve import ServeOptions, load
    from dlkit.serve import server
    from dlkit.serve.app import Limits, create_app

    settings = json.loads(sys.stdin.readline())
    out = sys.stdout

    def parent_gone() -> None:  # EOF on stdin: the parent is gone
        sys.stdin.read()
        os.kill(os.getpid(), signal.SIGTERM)

    threading.Thread(target=parent_gone, daemon=True).start()
    opts = ServeOptions(**settings["options"])
    try:
        import torch

        torch.set_num_threads(int(settings["threads"]))
        models = load(settings["targets"], opts)
        sock = listen(opts.host, int(settings["port"]))
    except DlkitError as exc:
        out.write(f"error {exc.exit_code} {' '.join(str(exc).split())}\n")
        out.flush()
        return exc.exit_code
    except OSError as exc:
        out.write(f"error 2 cannot listen on {opts.host}:{settings['port']}: {exc}\n")
        out.flush()
        return 2
    limits = Limits(
        int(opts.max_request_mb * 1024 * 1024),
        int(opts.max_pixels),
        int(opts.max_inputs),
        float(opts.read_timeout_s),
    )
    key = settings["key"].encode() if settings.get("key") else None

    def log(line: str) -> None:
        sys.stderr.write(line + "\n")
        sys.stderr.flush()

    def started() -> None:
        out.write("ready\n")
        out.flush()

    try:
        server.run(create_app(models, limits, key, log), sock, opts.drain_s, on_started=started)
    except KeyboardInterrupt:
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(_worker())

"""Binding and running the ``dlkit serve`` app under uvicorn, with dlkit's safety rules.

``check_bind`` decides before anything loads: loopback (127.0.0.0/8, ::1, ``localhost``) is the
default; any other address needs an API key file. ``read_key`` reads that key (one line, at least
16 characters). ``bind`` opens the listening socket itself, so a taken port or an address that is
not this machine's is a one-line usage error and ``--port 0`` picks a free port (the URL line says
which). ``run`` serves until SIGTERM or Ctrl-C: uvicorn stops accepting, the requests in flight
finish (up to ``drain_s``), and SIGTERM then exits 0 (Ctrl-C: 130).
"""

from __future__ import annotations

import ipaddress
import signal
import socket
from collections.abc import Callable
from pathlib import Path
from typing import Any

from dlkit.errors import UsageError

MIN_KEY_CHARS = 16


def is_loopback(host: str) -> bool:
    if host.strip().lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_bind(host: str, port: int, key_file: str | None) -> None:
    if not 0 <= port <= 65535:
        raise UsageError(f"--port {port}: give 0-65535 (0 picks a free port)")
    if not host or any(ch.isspace() for ch in host):
        raise UsageError(f"--host {host!r}: give an address such as 127.0.0.1 or 0.0.0.0")
    if not is_loopback(host) and key_file is None:
        raise UsageError(
            f"--host {host} is reachable from other machines: give --api-key-file "
            "FILE (clients then send 'Authorization: Bearer KEY'), or serve on "
            "127.0.0.1"
        )


def read_key(key_file: str) -> bytes:
    path = Path(key_file).expanduser()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise UsageError(f"--api-key-file {path}: no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        reason = getattr(exc, "strerror", None) or type(exc).__name__
        raise UsageError(f"--api-key-file {path}: cannot read it ({reason})") from None
    key = text.strip()
    if len(key) < MIN_KEY_CHARS or any(ch.isspace() for ch in key) or not key.isprintable():
        raise UsageError(
            f"--api-key-file {path}: put one key of at least {MIN_KEY_CHARS} "
            "printable characters without spaces in it (e.g. python -c 'import "
            "secrets; print(secrets.token_urlsafe(32))')"
        )
    return key.encode()


def bind(host: str, port: int, listen: bool = True) -> socket.socket:
    """A listening socket on ``host:port``, or a one-line UsageError saying why not. With
    ``listen=False`` the port is only reserved (``SO_REUSEPORT``, for ``--workers``: each worker
    listens on it with a socket of its own; an unlistening socket is handed no connections)."""
    try:
        infos = socket.getaddrinfo(
            host.strip("[]"), port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
        )
    except (socket.gaierror, UnicodeError) as exc:
        raise UsageError(f"--host {host}: not an address of this machine ({exc})") from None
    family, kind, proto, _, address = infos[0]
    sock = socket.socket(family, kind, proto)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    if not listen:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    try:
        sock.bind(address)
        if listen:
            sock.listen(2048)
    except OSError as exc:
        sock.close()
        raise UsageError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    sock.setblocking(False)
    return sock


def url_of(sock: socket.socket) -> str:
    host, port = sock.getsockname()[:2]
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"


def run(
    app: Any,
    sock: socket.socket,
    drain_s: float = 30.0,
    on_started: Callable[[], None] | None = None,
) -> None:
    """Serve ``app`` on ``sock`` until SIGTERM (returns: exit 0) or Ctrl-C (KeyboardInterrupt);
    ``on_started`` is called once it accepts connections."""
    import uvicorn

    class Server(uvicorn.Server):
        def handle_exit(self, sig: int, frame: Any) -> None:
            if sig == signal.SIGTERM:  # drain, then return normally: exit 0
                self.should_exit = True
                return
            super().handle_exit(sig, frame)

        async def startup(self, sockets: list[socket.socket] | None = None) -> None:
            await super().startup(sockets=sockets)
            if on_started is not None and not self.should_exit:
                on_started()

    from dlkit.serve.protocols import json_errors_protocol

    config = uvicorn.Config(
        app,
        log_config=None,
        log_level="warning",
        access_log=False,
        timeout_graceful_shutdown=drain_s,  # type: ignore[arg-type]  # uvicorn waits a float fine
        lifespan="on",
        server_header=False,
        proxy_headers=False,
        http=json_errors_protocol(),
    )
    Server(config).run(sockets=[sock])

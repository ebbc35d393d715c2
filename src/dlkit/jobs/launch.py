"""``dlkit train --nproc N``: launch the training processes with torchrun, so a user need not learn
the launcher, and watch their start-up.

``cli/train.py`` calls ``launch`` with the training command's own words minus the launcher flags.
Before anything starts, ``check_flags`` validates the flags (``--nproc``/``--nnodes`` at least 1,
a ``HOST:PORT`` ``--rdzv-endpoint``, which several nodes need) and ``check_devices`` the devices:
on CUDA ``--nproc`` may not exceed the visible GPUs (each rank takes ``cuda:LOCAL_RANK``), on the
CPU gloo runs up to one process per core, MPS has one device. The recipe is resolved once here,
so a config error is one line, not one per rank. Then ``python -m torch.distributed.run ... -m
dlkit train ...`` runs the workers (``engine/distributed.py`` joins them to the process group).
Their output goes to log files that this process relays: rank 0's lines as they come, other
ranks' error lines once each; the launcher's own warnings and its traceback stay in its log.
A real hang (``--nnodes 2`` with no second node) ends as "start-up timeout: local rank 0 (not
started) after 10s" with exit code 4.

Each worker records its start-up stages (``distributed.mark``: started, joined the process group,
ready to train) in a folder named by ``DLKIT_LAUNCH_DIR``. A local rank that is not ready after
``--start-timeout`` seconds stops the launch with one line naming the rank and where it stopped
(exit code 4: the ranks could not meet), never a silent wait.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import IO, Any

from dlkit.errors import DlkitError, Interrupted, NetworkError, UsageError

ENDPOINT = re.compile(
    r"^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?)"
    r":(\d{1,5})$"
)
STAGES = {
    "started": "started, joining the process group",
    "joined": "joined the process group, building data and model",
    "ready": "ready",
}
EXIT_CODES = (2, 3, 4, 130)  # a worker's documented exit code is passed on; anything else is 1


def check_flags(nproc: int, nnodes: int, endpoint: str | None, start_timeout: float) -> None:
    """The launcher flags themselves (before any recipe or device is looked at)."""
    if nproc < 1:
        raise UsageError(f"--nproc {nproc}: give at least 1 process, e.g. --nproc 2")
    if nnodes < 1:
        raise UsageError(f"--nnodes {nnodes}: give at least 1 node, e.g. --nnodes 2")
    if not start_timeout > 0:
        raise UsageError(f"--start-timeout {start_timeout}: give a number of seconds above 0")
    if endpoint is not None:
        match = ENDPOINT.match(endpoint)
        if not match or not 1 <= int(match.group(3)) <= 65535:
            raise UsageError(
                f"--rdzv-endpoint {endpoint!r}: give HOST:PORT with a port from 1 "
                "to 65535, e.g. --rdzv-endpoint 10.0.0.1:29500"
            )
    elif nnodes > 1:
        raise UsageError(
            f"--nnodes {nnodes} needs --rdzv-endpoint HOST:PORT, where the nodes "
            "meet (the first node's address and a free port)"
        )


def check_devices(
    nproc: int, device: str, visible_gpus: int, cuda_built: bool, cpu_cores: int, mps: bool = False
) -> str:
    """The device type the workers will use (``auto`` as ``engine/device.py`` picks it: cuda >
    mps > cpu); a UsageError when ``nproc`` ranks do not fit it."""
    name = device.strip().lower()
    if name == "auto":
        name = "cuda" if visible_gpus else "mps" if mps else "cpu"
    if name.startswith("cuda"):
        if not visible_gpus:
            why = "no CUDA GPU is visible" if cuda_built else "this PyTorch has no CUDA support"
            raise UsageError(
                f"--nproc {nproc} on --device {device}: {why}; use --device cpu "
                "(gloo) or check CUDA_VISIBLE_DEVICES"
            )
        if ":" in name and nproc > 1:
            raise UsageError(
                f"--device {device} names one GPU; with --nproc use --device cuda "
                "(rank N takes cuda:N)"
            )
        if nproc > visible_gpus:
            raise UsageError(
                f"--nproc {nproc}: only {visible_gpus} CUDA device(s) visible; use "
                f"--nproc {visible_gpus} or fewer (one process per GPU)"
            )
        return "cuda"
    if name == "cpu" and nproc > cpu_cores:
        raise UsageError(
            f"--nproc {nproc} on the CPU: this machine has {cpu_cores} core(s); use "
            f"--nproc {cpu_cores} or fewer (more processes only share the cores)"
        )
    if name == "mps" and nproc > 1:
        raise UsageError(
            f"--nproc {nproc} on --device mps: MPS is one device and has no DDP "
            "backend; use --device cpu or a CUDA machine"
        )
    return name


def _recipe_device(resolve: Any) -> str:
    """trainer.device of the resolved recipe (validating the whole recipe once, here)."""
    import yaml

    return str((yaml.safe_load(resolve()) or {}).get("trainer", {}).get("device", "auto"))


def command(
    nproc: int, nnodes: int, endpoint: str | None, log_dir: Path, train_args: list[str]
) -> list[str]:
    """The torchrun command line that runs ``dlkit train TRAIN_ARGS`` in every worker."""
    cmd = [
        sys.executable,
        "-m",
        "torch.distributed.run",
        f"--nproc-per-node={nproc}",
        f"--nnodes={nnodes}",
    ]
    if endpoint is None:
        cmd.append("--standalone")
    else:
        cmd += ["--rdzv-backend=c10d", f"--rdzv-endpoint={endpoint}"]
    return cmd + [
        "--log-dir",
        str(log_dir),
        "--redirects",
        "3",
        "-m",
        "dlkit",
        "train",
        *train_args,
    ]


def launch(
    train_args: list[str],
    nproc: int,
    nnodes: int,
    endpoint: str | None,
    start_timeout: float,
    resolve: Any,
) -> int:
    """Check, start torchrun, relay its workers' output and watch their start-up; the exit code.
    ``resolve()`` returns the resolved recipe as YAML (``dlkit train --print-config``)."""
    import torch

    check_flags(nproc, nnodes, endpoint, start_timeout)
    device = _recipe_device(resolve)
    from dlkit.engine.device import _mps_available

    check_devices(
        nproc,
        device,
        torch.cuda.device_count() if torch.cuda.is_available() else 0,
        torch.version.cuda is not None,
        os.cpu_count() or 1,
        _mps_available(),
    )
    root = Path(tempfile.mkdtemp(prefix="dlkit-launch-"))
    threads = max(1, (os.cpu_count() or 1) // nproc)
    env = {
        **os.environ,
        "DLKIT_LAUNCH_DIR": str(root),
        "PYTHONUNBUFFERED": "1",
        "OMP_NUM_THREADS": os.environ.get("OMP_NUM_THREADS", str(threads)),
    }
    try:
        with (root / "torchrun.log").open("w") as log:
            proc = subprocess.Popen(
                command(nproc, nnodes, endpoint, root / "logs", train_args),
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
            return watch(proc, root, nproc, start_timeout)
    finally:
        shutil.rmtree(root, ignore_errors=True)


def stages(root: Path) -> dict[int, tuple[int, int, str]]:
    """local rank -> (rank, pid, stage) from the workers' stage files."""
    found = {}
    for path in root.glob("stage.*"):
        try:
            rank, pid, stage = path.read_text().split()
            found[int(path.suffix[1:])] = (int(rank), int(pid), stage)
        except (OSError, ValueError):
            continue  # being replaced right now: read again on the next poll
    return found


def watch(proc: Any, root: Path, nproc: int, start_timeout: float, poll: float = 0.2) -> int:
    """Relay output until ``proc`` ends; stop it when a local rank misses the start-up deadline."""
    relay = Relay(root / "logs")
    deadline = time.monotonic() + start_timeout
    started = False
    try:
        while proc.poll() is None:
            relay.pump()
            if not started:
                seen = stages(root)
                started = len(seen) == nproc and all(s[2] == "ready" for s in seen.values())
                if not started and time.monotonic() > deadline:
                    stop(proc, seen)
                    raise NetworkError(_late(seen, nproc, start_timeout))
            time.sleep(poll)
    except KeyboardInterrupt:
        stop(proc, stages(root))
        raise Interrupted("interrupted; the training processes were stopped") from None
    relay.pump()
    return 0 if proc.returncode == 0 else _exit_code(root / "torchrun.log", relay)


def _late(seen: dict[int, tuple[int, int, str]], nproc: int, timeout: float) -> str:
    late = []
    for local in range(nproc):
        if local not in seen:
            late.append(f"local rank {local} (not started)")
        elif seen[local][2] != "ready":
            late.append(f"rank {seen[local][0]} (stuck after: {STAGES[seen[local][2]]})")
    return (
        f"start-up timeout: {', '.join(late)} after {timeout:g}s; stopped all workers "
        "(check --rdzv-endpoint and the other nodes, or raise --start-timeout when loading "
        "the data takes longer)"
    )


def stop(proc: Any, seen: dict[int, tuple[int, int, str]], grace: float = 10.0) -> None:
    """End torchrun (which ends its workers), then kill what is left of it and of the workers."""
    _signal(proc.pid, seen, signal.SIGTERM)
    try:
        proc.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        pass
    _signal(proc.pid, seen, signal.SIGKILL)
    proc.wait()


def _signal(launcher: int, seen: dict[int, tuple[int, int, str]], sig: int) -> None:
    for pid in [launcher] + [s[1] for s in seen.values()]:
        try:
            if pid == launcher:
                os.killpg(pid, sig)  # torchrun leads its own session
            else:
                os.kill(pid, sig)
        except (ProcessLookupError, PermissionError):
            pass


def _exit_code(log: Path, relay: Relay) -> int:
    """The failing worker's documented exit code (from torchrun's failure report), else 1."""
    try:
        codes = [int(c) for c in re.findall(r"exitcode\s*:\s*(-?\d+)", log.read_text())]
    except OSError:
        codes = []
    code = next((c for c in codes if c in EXIT_CODES), 1)
    if not relay.errors:  # the worker died without its own error line
        raise DlkitError(
            "a training process failed without an error message (exit code "
            f"{codes[0] if codes else 'unknown'}); rerun without --nproc to see it"
        )
    return code


class Relay:
    """Copies the workers' log files to this terminal as they grow: local rank 0's stdout and
    stderr whole, other ranks' ``dlkit: error:`` lines (once per distinct line)."""

    def __init__(self, logs: Path) -> None:
        self.logs = logs
        self.offsets: dict[Path, int] = {}
        self.errors: list[str] = []

    def pump(self) -> None:
        for path in sorted(self.logs.glob("*/attempt_*/*/std*.log")):
            local = int(path.parent.name)
            text = self._new_text(path)
            if not text:
                continue
            out: IO[str] = sys.stdout if path.name == "stdout.log" else sys.stderr
            for line in text.splitlines(keepends=True):
                if line.startswith("dlkit: error:"):
                    if line in self.errors:
                        continue
                    self.errors.append(line)
                    sys.stderr.write(line)
                elif local == 0:
                    out.write(line)
            out.flush()

    def _new_text(self, path: Path) -> str:
        start = self.offsets.get(path, 0)
        with path.open("rb") as handle:
            handle.seek(start)
            data = handle.read()
        cut = data.rfind(b"\n") + 1  # whole lines only
        self.offsets[path] = start + cut
        return data[:cut].decode("utf-8", "replace")

"""``dlkit runs`` and ``dlkit runs clean`` over run folders laid out as the train job leaves them
(config.yaml, metrics.json, state.json, checkpoints), including a running run and a dead one."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import time
from pathlib import Path

import pytest

from dlkit.runs import state as run_state


def _dead_pid() -> int:
    proc = subprocess.Popen(["true"])
    proc.wait()
    return proc.pid


def _run(
    root: Path,
    name: str,
    number: str,
    status: str,
    best: float | None,
    pid: int | None = None,
    started: float = 1000.0,
) -> Path:
    run = root / name / number
    run.mkdir(parents=True)
    (run / "config.yaml").write_text(f"name: {name}\n")
    (run / "best.pt").write_bytes(b"x" * 1000)
    (run / "last.pt").write_bytes(b"x" * 2000)
    if status == "finished":
        (run / "metrics.json").write_text(
            json.dumps(
                {
                    "recipe": name,
                    "monitor": "val_acc",
                    "best_value": best,
                    "epochs": 3,
                    "wall_seconds": 12.5,
                }
            )
        )
    (run / run_state.NAME).write_text(
        json.dumps(
            {
                "recipe": name,
                "status": "finished" if status == "finished" else "running",
                "pid": pid or os.getpid(),
                "host": socket.gethostname(),
                "started": started,
                "heartbeat": time.time(),
                "ended": None,
                "epochs_done": 3,
                "epochs_planned": 5,
                "monitor": "val_acc",
                "best_value": best,
            }
        )
    )
    return run


@pytest.fixture
def root(tmp_path):
    root = tmp_path / "runs"
    _run(root, "digits-mlp", "001", "finished", 0.90, started=1)
    _run(root, "digits-mlp", "002", "finished", 0.95, started=2)
    _run(root, "digits-mlp", "003", "finished", 0.80, started=3)
    _run(root, "digits-mlp", "004", "running", 0.50, started=4)  # this process: alive
    _run(root, "digits-mlp", "005", "died", None, pid=_dead_pid(), started=5)
    _run(root, "spam-tree", "001", "finished", 0.97, started=1)
    (root / "digits-mlp" / "002" / "plots").mkdir()
    return root


def test_runs_lists_status_epochs_and_best(cli, root):
    result = cli("runs", root, "--json")
    assert result.exit_code == 0, result.stderr
    rows = {f"{Path(r['path']).parent.name}/{r['number']}": r for r in json.loads(result.stdout)}
    assert sorted(rows) == [
        "digits-mlp/001",
        "digits-mlp/002",
        "digits-mlp/003",
        "digits-mlp/004",
        "digits-mlp/005",
        "spam-tree/001",
    ]
    assert rows["digits-mlp/002"]["status"] == "finished"
    assert rows["digits-mlp/002"]["best_value"] == 0.95
    assert rows["digits-mlp/004"]["status"] == "running"
    assert rows["digits-mlp/005"]["status"] == "failed"  # its process is gone
    assert (
        rows["digits-mlp/001"]["epochs_done"] == 3 and rows["digits-mlp/001"]["size_bytes"] > 3000
    )
    failed = json.loads(cli("runs", root, "--status", "failed", "--json").stdout)
    assert [r["number"] for r in failed] == ["005"]
    spam = json.loads(cli("runs", root, "--recipe", "spam-*", "--json").stdout)
    assert [r["recipe"] for r in spam] == ["spam-tree"]
    table = cli("runs", root)
    assert table.exit_code == 0
    assert {"running", "failed", "finished", "val_acc 0.9500"} <= {
        part.strip() for part in table.stdout.replace("\n", "│").split("│")
    }


def test_clean_keeps_best_latest_and_running(cli, root):
    dry = cli("runs", "clean", root, "--keep-best", "1", "--dry-run", "--json")
    assert dry.exit_code == 0, dry.stderr
    plan = json.loads(dry.stdout)
    removed = sorted(str(Path(p).relative_to(root)) for p in plan["removed"])
    # kept: 002 (best), 005 (latest, though dead), 004 (running), spam-tree/001 (best and latest)
    assert removed == [
        "digits-mlp/001/best.pt",
        "digits-mlp/001/last.pt",
        "digits-mlp/003/best.pt",
        "digits-mlp/003/last.pt",
    ]
    assert plan["freed_bytes"] == 6000
    assert (root / "digits-mlp/001/best.pt").exists()  # a dry run deletes nothing
    real = cli("runs", "clean", root)
    assert real.exit_code == 0 and "deleted 4 checkpoints" in real.stdout
    assert not (root / "digits-mlp/001/best.pt").exists()
    assert (root / "digits-mlp/004/last.pt").exists() and (root / "digits-mlp/002/best.pt").exists()


def test_state_file_of_a_live_run_on_another_host_goes_by_heartbeat():
    now = time.time()
    data = {"status": "running", "host": "elsewhere", "pid": 1, "heartbeat": now - 10}
    assert run_state.live_status(data, now) == "running"
    assert run_state.live_status({**data, "heartbeat": now - 10 * run_state.STALE}, now) == "failed"


def test_state_file_is_written_atomically_and_ends(tmp_path):
    keeper = run_state.StateFile(tmp_path, "digits-mlp", 4)
    assert run_state.read(tmp_path)["status"] == "running"
    keeper.epoch({"epoch": 1}, "val_acc", 0.5)
    keeper.end("interrupted")
    data = run_state.read(tmp_path)
    assert (data["status"], data["epochs_done"], data["best_value"]) == ("interrupted", 1, 0.5)
    assert [p.name for p in tmp_path.iterdir()] == [run_state.NAME]  # no temp files left

"""A family that lives only under tests/ (``site/digit_sum_plugin``, installed here by putting its
folder and its ``.dist-info`` on PYTHONPATH) plugs in through the ``dlkit.plugins`` entry point:
its own task, data module, model and recipe train, resume, evaluate, predict, export and serve in
fresh processes, with no edit to dlkit."""

from __future__ import annotations

import json
import os
from pathlib import Path

import numpy as np
import pytest
import requests

from dlkit_testing import SRC

SITE = Path(__file__).parent / "site"


def _env(extra: dict | None = None) -> dict:
    return {"PYTHONPATH": os.pathsep.join([str(SRC), str(SITE)]), **(extra or {})}


@pytest.fixture(scope="module")
def run_dir(tmp_path_factory):
    import subprocess
    import sys

    from dlkit_testing import cli_env

    out = tmp_path_factory.mktemp("plugin-runs")
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "dlkit",
            "train",
            "digit-sum",
            "--epochs",
            "2",
            "--out",
            str(out),
            "--quiet",
        ],
        env=cli_env(_env()),
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr
    return Path(proc.stdout.strip().splitlines()[-1])


def test_plugin_recipe_listed_with_its_origin(cli_proc):
    result = cli_proc("recipes", "digit-sum*", "--json", env=_env())
    assert result.exit_code == 0, result.stderr
    rows = json.loads(result.stdout)
    assert [(r["name"], r["task"], r["origin"]) for r in rows] == [
        ("digit-sum", "digit_sum", "digit-sum-plugin")
    ]


def test_plugin_trains_with_its_own_task(run_dir):
    history = (run_dir / "history.csv").read_text().splitlines()
    assert history[0].split(",")[:5] == [
        "epoch",
        "train_loss",
        "train_exact",
        "val_loss",
        "val_exact",
    ]
    assert len(history) == 3  # header + 2 epochs
    metrics = json.loads((run_dir / "metrics.json").read_text())
    assert metrics["task"] == "digit_sum"
    assert 0 <= metrics["test_exact"] <= 1 and np.isfinite(metrics["test_loss"])
    assert metrics["test_mae"] > 0  # the regression report the task names


def test_plugin_resumes(run_dir, cli_proc, tmp_path):
    import shutil

    copy = tmp_path / "run"
    shutil.copytree(run_dir, copy)
    result = cli_proc(
        "train", "digit-sum", "--resume", str(copy), "--epochs", "3", "--quiet", env=_env()
    )
    assert result.exit_code == 0, result.stderr
    assert len((copy / "history.csv").read_text().splitlines()) == 4


def test_plugin_evaluates_with_the_task_report(run_dir, cli_proc):
    result = cli_proc("evaluate", str(run_dir), "--json", env=_env())
    assert result.exit_code == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["samples"] == 180 and {"mae", "rmse", "r2"} <= set(summary)


def test_plugin_predicts_exports_and_serves(run_dir, cli_proc, tmp_path):
    import cv2

    pair = np.zeros((8, 16), np.uint8)
    pair[2:6, 3] = 255
    cv2.imwrite(str(tmp_path / "pair.png"), pair)
    result = cli_proc("predict", str(run_dir), str(tmp_path / "pair.png"), "--json", env=_env())
    assert result.exit_code == 0, result.stderr
    rows = json.loads(result.stdout)["predictions"]
    assert len(rows) == 1 and 0 < rows[0]["value"][0] < 20

    out = tmp_path / "sum.onnx"
    result = cli_proc(
        "export", str(run_dir), "--format", "onnx", "--out", str(out), "--json", env=_env()
    )
    assert result.exit_code == 0, result.stderr
    sidecar = json.loads(Path(f"{out}.json").read_text())
    assert sidecar["task"] == "digit_sum"
    assert sidecar["output"]["postprocess"] == "round output 0 to the nearest whole number"
    assert sidecar["verified"]["max_abs_diff"] <= 1e-4

    served = _serve(run_dir, tmp_path / "serve.log")
    try:
        answer = requests.post(
            f"{served[1]}/v1/models/digit-sum/predict",
            timeout=30,
            files={"file": ("pair.png", (tmp_path / "pair.png").read_bytes())},
        )
        assert answer.status_code == 200, answer.text
        assert answer.json()["predictions"][0]["value"] == rows[0]["value"]
    finally:
        served[0].terminate()
        assert served[0].wait(30) == 0


def _serve(run: Path, log: Path) -> tuple:
    """``dlkit serve RUN --port 0`` with the plugin on the path: (process, its URL)."""
    import subprocess
    import sys

    from dlkit_testing import cli_env

    proc = subprocess.Popen(
        [sys.executable, "-m", "dlkit", "serve", str(run), "--port", "0", "--device", "cpu"],
        stdout=subprocess.PIPE,
        stderr=open(log, "w"),
        stdin=subprocess.DEVNULL,
        text=True,
        env=cli_env(_env()),
    )
    line = proc.stdout.readline().strip()
    if not line.startswith("http://"):
        proc.kill()
        raise AssertionError(f"dlkit serve did not start: {log.read_text()[-2000:]}")
    return proc, line


def test_a_broken_plugin_is_one_warning(cli_proc, tmp_path):
    broken = tmp_path / "broken-0.1.dist-info"
    broken.mkdir()
    (broken / "METADATA").write_text("Metadata-Version: 2.1\nName: broken\nVersion: 0.1\n")
    (broken / "entry_points.txt").write_text("[dlkit.plugins]\nbroken = no_such_plugin_module\n")
    env = {"PYTHONPATH": os.pathsep.join([str(SRC), str(SITE), str(tmp_path)])}
    result = cli_proc("recipes", "digit-sum*", "--json", env=env)
    assert result.exit_code == 0, result.stderr
    assert [json.loads(result.stdout)[0]["name"]] == ["digit-sum"]
    warnings = [line for line in result.stderr.splitlines() if "plugin 'broken'" in line]
    assert len(warnings) == 1 and warnings[0].startswith("dlkit: warning:")

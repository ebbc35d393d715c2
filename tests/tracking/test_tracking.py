"""``dlkit train --log tensorboard --log mlflow``: the event files and the MLflow store are read
back with the libraries' own readers (TensorBoard's EventAccumulator, MLflow's client)."""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

import pytest

from dlkit_testing import invoke


@pytest.fixture(scope="module")
def tracked(tmp_path_factory):
    """One two-epoch digits-mlp run with both trackers, MLflow on its default SQLite store."""
    out = tmp_path_factory.mktemp("tracked") / "runs"
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("MLFLOW_TRACKING_URI", raising=False)
        result = invoke(
            "train",
            "digits-mlp",
            "--epochs",
            "2",
            "--out",
            out,
            "--log",
            "tensorboard",
            "--log",
            "mlflow",
            "--quiet",
        )
    assert result.exit_code == 0, result.stderr
    assert "warning" not in result.stderr, result.stderr
    run = Path(result.stdout.strip().splitlines()[-1])
    history = list(csv.DictReader((run / "history.csv").open()))
    return out, run, history, json.loads((run / "metrics.json").read_text())


def test_tensorboard_event_files_hold_epochs_lr_and_hparams(tracked):
    from tensorboard.backend.event_processing.event_accumulator import EventAccumulator

    _, run, history, metrics = tracked
    events = EventAccumulator(str(run))
    events.Reload()
    tags = events.Tags()["scalars"]
    assert {"loss/train", "loss/val", "acc/train", "acc/val", "lr"} <= set(tags)
    val_loss = [(e.step, e.value) for e in events.Scalars("loss/val")]
    assert val_loss == [
        (int(r["epoch"]), pytest.approx(float(r["val_loss"]), rel=1e-6)) for r in history
    ]
    assert [e.value for e in events.Scalars("lr")] == [
        pytest.approx(float(r["lr"]), rel=1e-6) for r in history
    ]
    test_acc = events.Scalars("hparams/test_acc")[-1].value
    assert test_acc == pytest.approx(metrics["test_acc"], rel=1e-6)
    content = events.PluginTagToContent("hparams")
    experiment = content["_hparams_/experiment"]
    assert b"optim.lr" in experiment and b"model.dropout" in experiment


def test_mlflow_run_has_params_epoch_metrics_test_metrics_and_artifacts(tracked):
    from mlflow.tracking import MlflowClient

    out, run, history, metrics = tracked
    client = MlflowClient(tracking_uri=f"sqlite:///{out.absolute() / 'mlflow.db'}")
    experiment = client.get_experiment_by_name("digits-mlp")
    runs = client.search_runs([experiment.experiment_id])
    assert len(runs) == 1
    found = runs[0]
    assert found.info.status == "FINISHED"
    assert found.data.tags["dlkit.run_dir"] == str(run.absolute())
    assert found.data.params["optim.lr"] == "0.002"
    assert found.data.params["model.hidden"] == "[128, 64]"
    val_acc = client.get_metric_history(found.info.run_id, "val_acc")
    assert [(m.step, m.value) for m in val_acc] == [
        (int(r["epoch"]), pytest.approx(float(r["val_acc"]))) for r in history
    ]
    assert found.data.metrics["test_acc"] == pytest.approx(metrics["test_acc"])
    artifacts = {a.path for a in client.list_artifacts(found.info.run_id)}
    assert {"config.yaml", "metrics.json", "plots"} <= artifacts
    plots = {a.path for a in client.list_artifacts(found.info.run_id, "plots")}
    assert "plots/loss.png" in plots


def test_missing_tracker_package_is_one_line_before_any_work(cli, tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "tensorboard", None)  # as if not installed
    result = cli("train", "digits-mlp", "--log", "tensorboard", "--out", tmp_path / "runs")
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        "dlkit: error: --log tensorboard: the tensorboard package "
        "is not installed; install it with: pip install "
        '"dlkit[tensorboard]"'
    )
    assert not (tmp_path / "runs").exists()


def test_unknown_tracker_is_refused(cli, tmp_path):
    result = cli("train", "digits-mlp", "--log", "wandb", "--out", tmp_path / "runs")
    assert result.exit_code == 2 and "trainer.log" in result.stderr


def test_a_tracker_that_fails_mid_run_warns_once_and_the_rest_go_on():
    from dlkit.tracking import Trackers

    class Broken:
        name = "broken"
        calls = 0

        def epoch(self, row):
            Broken.calls += 1
            if row["epoch"] == 2:
                raise ConnectionError("tracking server went away")

        def finish(self, metrics, run_dir, status):
            raise AssertionError("a dropped tracker is not called again")

    class Good:
        name = "good"
        rows: list = []  # noqa: RUF012 - one instance

        def epoch(self, row):
            self.rows.append(row["epoch"])

        def finish(self, metrics, run_dir, status):
            self.rows.append(status)

    warnings: list[str] = []
    trackers = Trackers(warnings.append)
    trackers.open("broken", Broken)
    trackers.open("good", Good)
    for epoch in (1, 2, 3):
        trackers.epoch({"epoch": epoch})
    trackers.finish({}, Path("."), "finished")
    assert Broken.calls == 2
    assert Good.rows == [1, 2, 3, "finished"]
    assert warnings == [
        ("broken logging stopped (ConnectionError: tracking server went away); training goes on")
    ]


@pytest.mark.slow
def test_unreachable_mlflow_server_warns_and_training_finishes(cli, tmp_path):
    """A tracking server nobody listens on: one warning, the run completes."""
    result = cli(
        "train",
        "digits-mlp",
        "--epochs",
        "1",
        "--out",
        tmp_path / "runs",
        "--log",
        "mlflow",
        "--quiet",
        env={"MLFLOW_TRACKING_URI": "http://127.0.0.1:9", "MLFLOW_HTTP_REQUEST_MAX_RETRIES": "0"},
    )
    assert result.exit_code == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if "warning" in line]
    assert len(warnings) == 1 and "mlflow logging is off" in warnings[0], result.stderr
    run = Path(result.stdout.strip().splitlines()[-1])
    assert json.loads((run / "metrics.json").read_text())["epochs"] == 1


@pytest.mark.slow
def test_mlflow_tracking_uri_is_honoured(cli, tmp_path, monkeypatch):
    from mlflow.tracking import MlflowClient

    monkeypatch.chdir(tmp_path)  # a store named by the URI keeps MLflow's artifacts in ./mlruns

    store = f"sqlite:///{tmp_path / 'elsewhere.db'}"
    result = cli(
        "train",
        "spam-tree",
        "--data",
        _sms(tmp_path),
        "--out",
        tmp_path / "runs",
        "--log",
        "mlflow",
        "--quiet",
        env={"MLFLOW_TRACKING_URI": store},
    )
    assert result.exit_code == 0, result.stderr
    assert not (tmp_path / "runs" / "mlflow.db").exists()
    client = MlflowClient(tracking_uri=store)
    experiment = client.get_experiment_by_name("spam-tree")
    (found,) = client.search_runs([experiment.experiment_id])
    assert found.data.params["model.estimator.max_depth"] == "6"
    assert "test_acc" in found.data.metrics


def _sms(folder: Path) -> Path:
    path = folder / "sms.csv"
    rows = ["class,sms"] + [
        f"spam,win cash prize {i} now" if i % 3 == 0 else f"ham,see you at lunch {i}"
        for i in range(60)
    ]
    path.write_text("\n".join(rows) + "\n")
    return path

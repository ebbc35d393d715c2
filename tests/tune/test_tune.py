"""``dlkit tune`` as a user types it: tiny digits-mlp studies (one-epoch trials), the study read
back from its SQLite storage with Optuna, and the files it leaves."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest

from dlkit_testing import cli_env, invoke

SPACE = ("--space", "optim.lr=loguniform(1e-3,1e-1)", "--space", "model.dropout=uniform(0,0.5)")


def _tune(out: Path, *args: object):
    return invoke(
        "tune",
        "digits-mlp",
        *SPACE,
        "--epochs",
        "1",
        "--sampler",
        "random",
        "--seed",
        "0",
        "--pruner",
        "none",
        "--out",
        out,
        "--json",
        *args,
    )


@pytest.fixture(scope="module")
def study(tmp_path_factory):
    out = tmp_path_factory.mktemp("tune") / "runs"
    result = _tune(out, "--trials", "2")
    assert result.exit_code == 0, result.stderr
    return out, json.loads(result.stdout)


def _load(out: Path):
    import optuna

    return optuna.load_study(
        study_name="digits-mlp", storage=f"sqlite:///{out / 'digits-mlp-tune' / 'study.db'}"
    )


def test_each_trial_is_a_run_and_the_study_files_agree(study):
    out, summary = study
    folder = out / "digits-mlp-tune"
    assert summary["folder"] == str(folder) and summary["metric"] == "val_acc"
    assert summary["direction"] == "maximize" and summary["states"] == {"complete": 2}
    trials = _load(out).trials
    rows = list(csv.DictReader((folder / "trials.csv").open()))
    assert [int(r["number"]) for r in rows] == [0, 1]
    for trial, row in zip(trials, rows):
        run = Path(row["run_dir"])
        assert run.parent == folder and (run / "best.pt").is_file()
        metrics = json.loads((run / "metrics.json").read_text())
        assert (
            metrics["best_value"]
            == pytest.approx(trial.value)
            == pytest.approx(float(row["val_acc"]))
        )
        config = (run / "config.yaml").read_text()
        assert f"lr: {trial.params['optim.lr']}" in config
        assert json.loads((run / "state.json").read_text())["status"] == "finished"
    best = max(trials, key=lambda t: t.value)
    assert summary["best"]["number"] == best.number
    assert summary["best"]["params"] == best.params
    for name in ("history.png", "importance.png"):
        assert (folder / name).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert set(summary["importance"]) == {"optim.lr", "model.dropout"}


def test_best_yaml_is_the_recipe_with_the_best_values(study, cli):
    out, summary = study
    result = cli("train", out / "digits-mlp-tune" / "best.yaml", "--print-config")
    assert result.exit_code == 0, result.stderr
    import yaml

    config = yaml.safe_load(result.stdout)
    assert config["optim"]["lr"] == summary["best"]["params"]["optim.lr"]
    assert config["model"]["dropout"] == summary["best"]["params"]["model.dropout"]
    assert config["trainer"]["epochs"] == 1 and config["name"] == "digits-mlp"


def test_running_again_continues_the_study(study):
    out, _ = study
    before = [(t.number, t.params) for t in _load(out).trials]
    result = _tune(out, "--trials", "3")
    assert result.exit_code == 0, result.stderr
    after = _load(out).trials
    assert [(t.number, t.params) for t in after[:2]] == before
    assert len(after) == 3 and json.loads(result.stdout)["states"] == {"complete": 3}
    again = _tune(out, "--trials", "3")  # the study is complete: nothing more runs
    assert again.exit_code == 0 and len(_load(out).trials) == 3


def test_the_space_is_checked_before_any_trial(cli, tmp_path):
    result = cli(
        "tune",
        "digits-mlp",
        "--space",
        "optim.lrr=loguniform(1e-3,1e-1)",
        "--out",
        tmp_path / "runs",
    )
    assert result.exit_code == 2
    assert "optim.lrr: unknown key (did you mean 'lr'?)" in result.stderr
    assert not (tmp_path / "runs").exists()


def test_recipe_tune_section_is_the_default_space(cli, tmp_path):
    recipe = tmp_path / "mine.yaml"
    recipe.write_text(
        "name: mine\ndata: {name: digits}\nmodel: {name: mlp, hidden: [16]}\n"
        "trainer: {epochs: 1, monitor: val_loss}\n"
        "tune: {space: {model.dropout: 'choice(0.0,0.3)'}, trials: 2}\n"
    )
    result = cli("tune", recipe, "--sampler", "grid", "--out", tmp_path / "runs", "--json")
    assert result.exit_code == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["direction"] == "minimize" and summary["metric"] == "val_loss"
    values = sorted(row["model.dropout"] for row in summary["top"])
    assert values == [0.0, 0.3]


@pytest.mark.slow
def test_an_estimator_recipe_tunes(cli, tmp_path):
    data = tmp_path / "sms.csv"
    data.write_text(
        "class,sms\n"
        + "".join(
            f"spam,win cash prize {i} now\n" if i % 3 == 0 else f"ham,see you at lunch {i}\n"
            for i in range(60)
        )
    )
    result = cli(
        "tune",
        "spam-tree",
        "--data",
        data,
        "--space",
        "model.estimator.max_depth=choice(1,3)",
        "--sampler",
        "grid",
        "--out",
        tmp_path / "runs",
        "--json",
    )
    assert result.exit_code == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["states"] == {"complete": 2}
    assert sorted(r["model.estimator.max_depth"] for r in summary["top"]) == [1, 3]


@pytest.mark.slow
def test_two_processes_on_one_sqlite_file_split_the_trials(tmp_path):
    """Two workers, one --storage --study: four trials in all, each worker ran some."""
    storage = f"sqlite:///{tmp_path / 'shared.db'}"
    args = [
        sys.executable,
        "-m",
        "dlkit",
        "tune",
        "digits-mlp",
        *SPACE,
        "--epochs",
        "1",
        "--pruner",
        "none",
        "--trials",
        "4",
        "--storage",
        storage,
        "--study",
        "shared",
        "--out",
        str(tmp_path / "runs"),
        "--quiet",
    ]
    workers = [
        subprocess.Popen(
            args, env=cli_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        for _ in range(2)
    ]
    for worker in workers:
        _, err = worker.communicate(timeout=600)
        assert worker.returncode == 0, err
    import optuna

    trials = optuna.load_study(study_name="shared", storage=storage).trials
    done = [t for t in trials if t.state == optuna.trial.TrialState.COMPLETE]
    assert 4 <= len(done) <= 5  # a worker may start one more as the other finishes the fourth
    assert len({t.user_attrs["worker"] for t in done}) == 2
    assert len({t.user_attrs["run_dir"] for t in done}) == len(done)


@pytest.mark.slow
def test_mlflow_trials_are_children_of_one_parent_run(cli, tmp_path, monkeypatch):
    from mlflow.tracking import MlflowClient

    monkeypatch.delenv("MLFLOW_TRACKING_URI", raising=False)
    out = tmp_path / "runs"
    result = cli(
        "tune",
        "digits-mlp",
        *SPACE,
        "--epochs",
        "1",
        "--trials",
        "2",
        "--out",
        out,
        "--log",
        "mlflow",
        "--quiet",
    )
    assert result.exit_code == 0, result.stderr
    client = MlflowClient(tracking_uri=f"sqlite:///{out / 'mlflow.db'}")
    experiment = client.get_experiment_by_name("digits-mlp")
    runs = client.search_runs([experiment.experiment_id])
    parents = [r for r in runs if "mlflow.parentRunId" not in r.data.tags]
    children = [r for r in runs if "mlflow.parentRunId" in r.data.tags]
    assert len(parents) == 1 and len(children) == 2
    assert {c.data.tags["mlflow.parentRunId"] for c in children} == {parents[0].info.run_id}
    assert parents[0].info.status == "FINISHED"  # the study is complete: its run is closed
    assert "best_val_acc" in parents[0].data.metrics


def test_help_imports_neither_optuna_nor_mlflow_nor_torch():
    code = (
        "import sys\nfrom dlkit.cli.main import app\n"
        "for args in (['--help'], ['tune', '--help'], ['runs', '--help']):\n"
        "    try:\n        app(args)\n    except SystemExit:\n        pass\n"
        "print(sorted(m for m in ('torch', 'optuna', 'mlflow', 'tensorboard') "
        "if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        env=cli_env(),
        capture_output=True,
        check=False,
        text=True,
        timeout=120,
    ).stdout
    assert out.strip().endswith("[]"), out[-300:]
    assert "dlkit tune digits-mlp --space" in out and "dlkit runs clean" in out


@pytest.mark.slow
def test_a_dead_workers_trial_is_failed_and_retried(tmp_path, monkeypatch):
    """A RUNNING trial whose heartbeat stopped (its worker was killed) is marked failed when the
    study next runs, and the same parameters are tried again."""
    import optuna
    from optuna.storages import RetryFailedTrialCallback

    from dlkit.tune import study as tune_study

    monkeypatch.setattr(tune_study, "HEARTBEAT", 1)
    monkeypatch.setattr(tune_study, "GRACE", 2)
    url = f"sqlite:///{tmp_path / 'study.db'}"
    storage = tune_study._storage(url)
    study = optuna.create_study(storage=storage, study_name="digits-mlp", direction="maximize")
    dead = study.ask({"optim.lr": optuna.distributions.FloatDistribution(1e-3, 1e-1, log=True)})
    storage.record_heartbeat(dead._trial_id)  # ... and then its worker died
    import time

    time.sleep(3)
    result = invoke(
        "tune",
        "digits-mlp",
        "--space",
        "optim.lr=loguniform(1e-3,1e-1)",
        "--epochs",
        "1",
        "--trials",
        "1",
        "--storage",
        url,
        "--out",
        tmp_path / "runs",
        "--quiet",
    )
    assert result.exit_code == 0, result.stderr
    trials = optuna.load_study(study_name="digits-mlp", storage=url).trials
    assert trials[0].state == optuna.trial.TrialState.FAIL
    retry = trials[1]
    assert retry.state == optuna.trial.TrialState.COMPLETE
    assert RetryFailedTrialCallback.retried_trial_number(retry) == 0
    assert retry.params == dead.params


@pytest.mark.slow
def test_the_median_pruner_stops_a_poor_trial_at_epoch_two(tmp_path):
    """Two good trials, then one with a learning rate far too small: pruned after its second
    epoch through the trainer's epoch reports, its run folder marked so."""
    import optuna

    from dlkit.jobs.recipe_args import Overrides
    from dlkit.tune import study as tune_study

    options = tune_study.TuneOptions(
        space={"optim.lr": "choice(0.01,0.00001)"}, trials=3, quiet=True
    )
    plan = tune_study.plan(
        "digits-mlp", Overrides(flags={"epochs": 4, "out": str(tmp_path)}), options
    )
    study = optuna.create_study(direction=plan.direction, pruner=tune_study._pruner("median"))
    for lr in (0.01, 0.01, 0.00001):
        study.enqueue_trial({"optim.lr": lr})
    study.optimize(tune_study.Objective(plan, True, None), n_trials=3)
    assert [t.state.name for t in study.trials] == ["COMPLETE", "COMPLETE", "PRUNED"]
    pruned = Path(study.trials[2].user_attrs["run_dir"])
    assert json.loads((pruned / "state.json").read_text())["status"] == "pruned"
    assert len((pruned / "history.csv").read_text().splitlines()) == 1 + 2  # header, 2 epochs

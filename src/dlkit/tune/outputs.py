"""What a ``dlkit tune`` study leaves in its folder, rewritten after every invocation from the
study's storage (so every worker's trials are in them): ``trials.csv``, ``best.yaml`` (the recipe
with the best trial's values, runnable with ``dlkit train best.yaml``), ``history.png`` (each
trial's value and the best so far) and ``importance.png`` (Optuna's fANOVA parameter
importances). ``write_all`` returns the job's summary, ``--json``'s document.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from dlkit import files


def _rows(study: Any, plan: Any) -> list[dict[str, Any]]:
    rows = []
    for trial in study.get_trials(deepcopy=False):
        row: dict[str, Any] = {
            "number": trial.number,
            "state": trial.state.name.lower(),
            plan.metric: trial.value,
        }
        row.update({p.key: trial.params.get(p.key) for p in plan.params})
        row["run_dir"] = trial.user_attrs.get("run_dir", "")
        row["seconds"] = trial.user_attrs.get("seconds")
        rows.append(row)
    return rows


def _best_yaml(plan: Any, trial: Any) -> Path:
    import yaml

    from dlkit.config.load import set_path

    raw = copy.deepcopy(plan.raw)
    for param in plan.params:
        if param.key in trial.params:
            set_path(raw, param.key.split("."), param.decode(trial.params[param.key]))
    raw.pop("tune", None)
    head = (
        f"# dlkit train best.yaml\n# the best trial ({trial.number}, {plan.metric} "
        f"{trial.value:.6g}) of study {plan.study}: "
        + ", ".join(f"{k}={v}" for k, v in trial.params.items())
        + "\n"
    )
    text = head + yaml.safe_dump(raw, sort_keys=False, allow_unicode=True)
    return files.write_text(plan.folder / "best.yaml", text)


def _history_png(study: Any, plan: Any) -> Path | None:
    from matplotlib.figure import Figure

    done = [t for t in study.get_trials(deepcopy=False) if t.value is not None]
    if not done:
        return None
    fig = Figure(figsize=(6, 4))
    ax = fig.add_subplot()
    numbers = [t.number for t in done]
    values = [float(t.value) for t in done]
    pick = min if plan.direction == "minimize" else max
    best = [pick(values[: i + 1]) for i in range(len(values))]
    ax.plot(numbers, values, "o", label=plan.metric)
    ax.step(numbers, best, "r-", where="post", label="best so far")
    ax.set_title(f"Optimisation history of {plan.study}")
    ax.set_xlabel("trial")
    ax.set_ylabel(plan.metric)
    ax.legend()
    ax.grid(alpha=0.3)
    return files.save_figure(plan.folder / "history.png", fig)


def importances(study: Any) -> dict[str, float]:
    """Optuna's fANOVA importances (seeded); empty with fewer than two completed trials."""
    import optuna
    from optuna.importance import FanovaImportanceEvaluator, get_param_importances

    complete = study.get_trials(deepcopy=False, states=(optuna.trial.TrialState.COMPLETE,))
    if len(complete) < 2:
        return {}
    try:
        found = get_param_importances(study, evaluator=FanovaImportanceEvaluator(seed=0))
    except (RuntimeError, ValueError):  # e.g. every trial had the same values
        return {}
    return {key: float(value) for key, value in found.items()}


def _importance_png(found: dict[str, float], plan: Any) -> Path | None:
    from matplotlib.figure import Figure

    if not found:
        return None
    fig = Figure(figsize=(6, 1.2 + 0.4 * len(found)))
    ax = fig.add_subplot()
    keys = list(found)[::-1]
    ax.barh(keys, [found[k] for k in keys])
    ax.set_title(f"Parameter importance for {plan.metric}")
    ax.set_xlabel("importance (fANOVA)")
    return files.save_figure(plan.folder / "importance.png", fig)


def write_all(study: Any, plan: Any) -> dict[str, Any]:
    import pandas as pd

    rows = _rows(study, plan)
    plan.folder.mkdir(parents=True, exist_ok=True)
    written = {"trials": str(files.write_csv(plan.folder / "trials.csv", pd.DataFrame(rows)))}
    summary: dict[str, Any] = {
        "study": plan.study,
        "storage": plan.storage,
        "folder": str(plan.folder),
        "metric": plan.metric,
        "direction": plan.direction,
        "target_trials": plan.trials,
        "states": _states(rows),
        "best": None,
        "importance": {},
    }
    try:
        best = study.best_trial
    except ValueError:  # no completed trial yet
        best = None
    if best is not None:
        written["best_yaml"] = str(_best_yaml(plan, best))
        summary["best"] = {
            "number": best.number,
            "value": best.value,
            "params": best.params,
            "run_dir": best.user_attrs.get("run_dir"),
        }
    history = _history_png(study, plan)
    if history is not None:
        written["history"] = str(history)
    summary["importance"] = importances(study)
    picture = _importance_png(summary["importance"], plan)
    if picture is not None:
        written["importance_png"] = str(picture)
    ranked = sorted(
        (r for r in rows if r[plan.metric] is not None),
        key=lambda r: r[plan.metric],
        reverse=plan.direction == "maximize",
    )
    summary["top"] = ranked[:5]
    summary["files"] = written
    return summary


def _states(rows: list[dict[str, Any]]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for row in rows:
        counts[row["state"]] = counts.get(row["state"], 0) + 1
    return counts

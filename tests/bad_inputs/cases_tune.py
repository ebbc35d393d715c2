"""Bad-input rows for ``dlkit tune``, ``dlkit runs`` and ``--log`` (see ``cases.py``)."""

from __future__ import annotations

from bad_inputs.cases import Case, case

_LR = "--space optim.lr=choice(0.01)"

TUNE: list[Case] = [
    case("tune-no-space", "tune digits-mlp", 2, "nothing to tune"),
    case("tune-no-recipe", "tune", 2, "recipe"),
    case("tune-unknown-recipe", f"tune nope-mlp {_LR}", 2, "unknown recipe"),
    case("tune-job-recipe", f"tune cluster-reviews {_LR}", 2, "only training recipes tune"),
    case("tune-space-no-equals", "tune digits-mlp --space optim.lr", 2, "KEY=SPEC"),
    case(
        "tune-space-bad-key", "tune digits-mlp --space optim..lr=choice(1)", 2, "dotted config key"
    ),
    case(
        "tune-unknown-key",
        "tune digits-mlp --space optim.lrr=uniform(0.1,0.2)",
        2,
        "did you mean 'lr'",
    ),
    case(
        "tune-unknown-spec",
        "tune digits-mlp --space optim.lr=normal(0,1)",
        2,
        "SPEC must be loguniform",
    ),
    case("tune-spec-no-parens", "tune digits-mlp --space optim.lr=0.1", 2, "SPEC must be"),
    case(
        "tune-range-one-number",
        "tune digits-mlp --space optim.lr=uniform(0.1)",
        2,
        "takes two numbers",
    ),
    case(
        "tune-range-text", "tune digits-mlp --space optim.lr=uniform(a,b)", 2, "takes two numbers"
    ),
    case(
        "tune-range-reversed",
        "tune digits-mlp --space optim.lr=uniform(0.5,0.1)",
        2,
        "low end must be below",
    ),
    case("tune-loguniform-zero", "tune digits-mlp --space optim.lr=loguniform(0,1)", 2, "0 < a"),
    case(
        "tune-int-fractions",
        "tune digits-mlp --space data.batch_size=int(1.5,8)",
        2,
        "whole numbers",
    ),
    case(
        "tune-range-on-text-key",
        "tune digits-mlp --space model.activation=uniform(0,1)",
        2,
        "a range needs a numeric key",
    ),
    case("tune-empty-choice", "tune digits-mlp --space optim.lr=choice()", 2, "at least one value"),
    case(
        "tune-choice-bad-value",
        "tune digits-mlp --space model.activation=choice(relu,swish)",
        2,
        "model.activation",
    ),
    case(
        "tune-range-outside-key",
        "tune digits-mlp --space model.dropout=uniform(0,2)",
        2,
        "model.dropout",
    ),
    case("tune-lr-range-from-zero", "tune digits-mlp --space optim.lr=uniform(0,1)", 2, "optim.lr"),
    case("tune-name-key", "tune digits-mlp --space name=choice(a,b)", 2, "cannot be tuned"),
    case(
        "tune-metric-unknown", f"tune digits-mlp {_LR} --metric val_f1", 2, "did you mean 'val_acc'"
    ),
    case("tune-direction-bad", f"tune digits-mlp {_LR} --direction up", 2, "--direction"),
    case("tune-sampler-bad", f"tune digits-mlp {_LR} --sampler cmaes", 2, "--sampler"),
    case("tune-pruner-bad", f"tune digits-mlp {_LR} --pruner hyperband", 2, "--pruner"),
    case(
        "tune-grid-continuous",
        "tune digits-mlp --sampler grid --space optim.lr=uniform(0.1,0.2)",
        2,
        "no finite grid",
    ),
    case("tune-trials-zero", f"tune digits-mlp {_LR} --trials 0", 2, "--trials"),
    case("tune-timeout-negative", f"tune digits-mlp {_LR} --timeout -1", 2, "--timeout"),
    case(
        "tune-storage-unknown-driver",
        f"tune digits-mlp {_LR} --storage nosuchdb://x",
        2,
        "--storage",
    ),
    case("tune-log-unknown", f"tune digits-mlp {_LR} --log wandb", 2, "trainer.log"),
    case("tune-out-under-file", f"tune digits-mlp {_LR} --out {{file}}/runs", 2, "is a file"),
    case("tune-bad-override", f"tune digits-mlp {_LR} --set optim.lr=0", 2, "optim.lr"),
    case("train-log-unknown", "train digits-mlp --log wandb", 2, "trainer.log"),
    case("runs-no-folder", "runs {tmp}/nope", 3, "no such folder"),
    case("runs-folder-is-file", "runs {file}", 3, "no such folder"),
    case("runs-bad-status", "runs {tmp} --status done", 2, "--status"),
    case("runs-two-folders", "runs {tmp} {dir}", 2, "one FOLDER"),
    case("runs-dry-run-without-clean", "runs {tmp} --dry-run", 2, "runs clean"),
    case("runs-keep-best-negative", "runs clean {tmp} --keep-best -1", 2, "--keep-best"),
    case("runs-clean-no-folder", "runs clean {tmp}/nope", 3, "no such folder"),
]

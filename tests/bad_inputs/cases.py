"""The bad-input table: one row per wrong thing a user can type, for every subcommand.

A row is ``Case(id, args, code)``: ``args`` are the words after ``dlkit``; each ``{name}`` in them is
filled from the fixtures in ``test_bad_inputs.py`` (``{run}`` a trained digits-mlp run folder,
``{file}`` a regular file, ``{dir}`` an empty folder, ``{png}`` a readable image, ``{csv}`` a small
CSV of texts, ``{tmp}`` the test's working folder). ``match`` is a fragment the one stderr line must
contain. Every family adds its rows to its own list below; ``CASES`` gathers them.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Case:
    id: str
    args: tuple[str, ...]
    code: int
    match: str = ""


def case(id: str, line: str, code: int, match: str = "") -> Case:
    """A row from a command line written as the user types it (split on spaces)."""
    return Case(id, tuple(line.split()), code, match)


# --- foundation: config, train, evaluate, predict, prepare, recipes, config -------------------
FOUNDATION: list[Case] = [
    case("train-unknown-recipe", "train nope-cnn", 2, "unknown recipe"),
    case("train-unknown-key", "train digits-mlp --set trainer.epoch=3", 2, "did you mean"),
    case("train-bad-type", "train digits-mlp --set data.batch_size=x", 2, "data.batch_size"),
    case("train-out-under-file", "train digits-mlp --out {file}/runs", 2, "is a file"),
    case("train-out-in-proc", "train digits-mlp --out /proc/dlkit-runs", 2, "cannot write"),
    case("predict-no-run", "predict {tmp}/nothere x.png", 3),
    case("evaluate-bad-split", "evaluate {run} --split train", 2, "--split"),
    # model options, typed in each factory's signature: one config error before any data is read
    case("cnn-channels-zero", "train digits-cnn --set model.channels=[0]", 2, "model.channels"),
    case("cnn-channels-negative", "train digits-cnn --set model.channels=[-1]", 2,
         "model.channels"),
    case("cnn-channels-empty", "train digits-cnn --set model.channels=[]", 2, "model.channels"),
    case("cnn-kernel-zero", "train digits-cnn --set model.kernel=0", 2, "model.kernel"),
    case("cnn-dropout-two", "train digits-cnn --set model.dropout=2", 2, "model.dropout"),
    case("cnn-conv-dropout-negative", "train digits-cnn --set model.conv_dropout=-0.1", 2,
         "model.conv_dropout"),
    case("cnn-padding-unknown", "train digits-cnn --set model.padding=full", 2, "model.padding"),
    case("cnn-pool-zero", "train digits-cnn --set model.pool=0", 2, "model.pool"),
    case("cnn-hidden-zero", "train digits-cnn --set model.hidden=[0]", 2, "model.hidden"),
    case("mlp-hidden-zero", "train digits-mlp --set model.hidden=[0]", 2, "model.hidden"),
    case("mlp-hidden-negative", "train digits-mlp --set model.hidden=[64,-1]", 2, "model.hidden"),
    case("mlp-dropout-one", "train digits-mlp --set model.dropout=1", 2, "model.dropout"),
    case("mlp-activation-unknown", "train digits-mlp --set model.activation=swish", 2,
         "model.activation"),
    case("softmax-hidden-negative", "train mnist-softmax --set model.hidden=[-1]", 2,
         "model.hidden"),
    case("lenet-channels-zero", "train cifar10-lenet --set model.channels=[0,16]", 2,
         "model.channels"),
    case("lenet-kernel-zero", "train cifar10-lenet --set model.kernel=0", 2, "model.kernel"),
    case("lenet-activation-unknown", "train cifar10-lenet --set model.activation=gelu", 2,
         "model.activation"),
    case("vgg-channels-empty", "train cifar10-vgg --set model.channels=[]", 2, "model.channels"),
    case("vgg-convs-per-stage-zero", "train cifar10-vgg --set model.convs_per_stage=0", 2,
         "model.convs_per_stage"),
    case("vgg-conv-dropout-two", "train cifar10-vgg --set model.conv_dropout=[0.2,2,0.3]", 2,
         "model.conv_dropout"),
    case("vgg-hidden-zero", "train cifar10-vgg --set model.hidden=[2500,0]", 2, "model.hidden"),
    case("airbench-two-widths", "train cifar10-fast --set model.widths=[64,256]", 2,
         "model.widths"),
    case("airbench-tta-three", "train cifar10-fast --set model.tta=3", 2, "model.tta"),
    case("catsdogs-channels-zero", "train catsdogs-cnn --set model.channels=[32,0]", 2,
         "model.channels"),
    case("catsdogs-hidden-zero", "train catsdogs-cnn --set model.hidden=0", 2, "model.hidden"),
    case("catsdogs-dropout-two", "train catsdogs-cnn-aug --set model.dropout=2", 2,
         "model.dropout"),
    case("vgg16-head-hidden-zero", "train catsdogs-vgg16-features --set model.hidden=0", 2,
         "model.hidden"),
    case("vgg16-head-dropout-negative", "train catsdogs-vgg16-features --set model.dropout=-0.5",
         2, "model.dropout"),
    case("vgg16-mode-unknown", "train catsdogs-vgg16-frozen --set model.mode=thaw", 2,
         "model.mode"),
    case("vgg16-warmup-negative", "train catsdogs-vgg16-finetune --set model.warmup_epochs=-1", 2,
         "model.warmup_epochs"),
    case("vgg16-finetune-lr-zero", "train catsdogs-vgg16-finetune --set model.finetune_lr=0", 2,
         "model.finetune_lr"),
    case("lstm-hidden-empty", "train stock-lstm --set model.hidden=[]", 2, "model.hidden"),
    case("lstm-hidden-zero", "train stock-lstm --set model.hidden=[128,0]", 2, "model.hidden"),
    case("lstm-dropout-one", "train stock-lstm --set model.dropout=1", 2, "model.dropout"),
    # data options: the same, for every data module
    case("digits-val-fraction-big", "train digits-cnn --set data.val_fraction=1.5", 2,
         "data.val_fraction"),
    case("digits-test-fraction-negative", "train digits-cnn --set data.test_fraction=-0.1", 2,
         "data.test_fraction"),
    case("mnist-val-fraction-big", "train mnist-cnn --set data.val_fraction=1.5", 2,
         "data.val_fraction"),
    case("mnist-limit-zero", "train mnist-cnn --set data.limit_train=0", 2, "data.limit_train"),
    case("cifar10-val-fraction-one", "train cifar10-cnn --set data.val_fraction=1", 2,
         "data.val_fraction"),
    case("cifar10-limit-negative", "train cifar10-cnn --set data.limit_test=-5", 2,
         "data.limit_test"),
    case("image-folder-test-fraction-one", "train image-folder-cnn --set data.test_fraction=1", 2,
         "data.test_fraction"),
    case("image-folder-channels-two", "train image-folder-cnn --set data.channels=2", 2,
         "data.channels"),
    case("image-folder-size-zero", "train image-folder-cnn --set data.image_size=0", 2,
         "data.image_size"),
    case("vgg16-features-size-three", "train catsdogs-vgg16-features --set data.image_size=[1,2,3]",
         2, "data.image_size"),
    case("vgg16-features-val-fraction-big",
         "train catsdogs-vgg16-features --set data.val_fraction=2", 2, "data.val_fraction"),
    case("vgg16-features-batch-zero", "train catsdogs-vgg16-features --set data.extract_batch=0",
         2, "data.extract_batch"),
    case("stock-window-zero", "train stock-lstm --set data.window=0", 2, "data.window"),
    case("stock-test-fraction-negative", "train stock-lstm --set data.test_fraction=-0.1", 2,
         "data.test_fraction"),
    case("stock-fractions-sum-one",
         "train stock-lstm --set data.val_fraction=0.5 --set data.test_fraction=0.5", 2,
         "sum to less than 1"),
    case("components-unknown-kind", "components modle", 2, "did you mean 'model'"),
    case("components-extra-arg", "components model cnn", 2, "unexpected extra argument"),
]

# --- scrape ----------------------------------------------------------------------------------
SCRAPE: list[Case] = []

# --- cluster ---------------------------------------------------------------------------------
CLUSTER: list[Case] = []

# --- vision, stock ---------------------------------------------------------------------------
VISION: list[Case] = []
STOCK: list[Case] = []

CASES: list[Case] = FOUNDATION + SCRAPE + CLUSTER + VISION + STOCK

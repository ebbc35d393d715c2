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
# Every row fails before any request; each names a closed local port as the host all the same, so
# a row that did get through could never reach the internet.
_TWSE = "scrape twse --base-url http://127.0.0.1:9"
_GOOGLE = "scrape google-reviews --base-url http://127.0.0.1:9"
SCRAPE: list[Case] = [
    case("twse-no-stock", f"{_TWSE} --out {{tmp}}/twse", 2, "give at least one --stock"),
    case("twse-stock-path", f"{_TWSE} --stock ../../x --out {{tmp}}/twse", 2,
         "not a TWSE stock id"),
    case("twse-stock-short", f"{_TWSE} --stock 23", 2, "not a TWSE stock id"),
    case("twse-stock-shell", f"{_TWSE} --stock 2330;rm", 2, "not a TWSE stock id"),
    case("twse-bad-month", f"{_TWSE} --stock 2330 --from 2026-13", 2, "not a month"),
    case("twse-bad-month-text", f"{_TWSE} --stock 2330 --to last-month", 2, "not a month"),
    case("twse-from-after-to", f"{_TWSE} --stock 2330 --from 2024-02 --to 2024-01", 2,
         "is after --to"),
    case("twse-before-2010", f"{_TWSE} --stock 2330 --from 2009-12", 2, "before 2010-01"),
    case("twse-future-month", f"{_TWSE} --stock 2330 --to 2099-01", 2, "after the current month"),
    case("twse-max-rate-high", f"{_TWSE} --stock 2330 --max-rate 4", 2, "--max-rate"),
    case("twse-max-rate-zero", f"{_TWSE} --stock 2330 --max-rate 0", 2, "--max-rate"),
    case("twse-engine", f"{_TWSE} --stock 2330 --engine curl", 2, "--engine"),
    case("twse-ca-bundle", f"{_TWSE} --stock 2330 --ca-bundle {{tmp}}/none.pem", 2,
         "--ca-bundle"),
    case("twse-base-url", "scrape twse --stock 2330 --base-url ftp://x", 2, "--base-url"),
    case("twse-out-under-file", f"{_TWSE} --stock 2330 --out {{file}}/twse", 2,
         "is a file, so no folder"),
    case("twse-out-in-proc", f"{_TWSE} --stock 2330 --out /proc/dlkit-twse", 2, "cannot write"),
    case("twse-out-is-a-file", f"{_TWSE} --stock 2330 --out {{file}}", 2,
         "is a file, not a folder"),
    case("google-no-place", f"{_GOOGLE} --pb !2i0", 2, "give --place"),
    case("google-no-pb", f"{_GOOGLE} --place p", 2, "give --pb"),
    case("google-pb-no-offset", f"{_GOOGLE} --place p --pb !1m2", 2, "--pb needs"),
    case("google-max-zero", f"{_GOOGLE} --place p --pb !2i0 --max 0", 2, "--max must be"),
    case("google-base-url", "scrape google-reviews --place p --pb !2i0 --base-url file:///x", 2,
         "--base-url"),
    case("google-out-under-file", f"{_GOOGLE} --place p --pb !2i0 --out {{file}}/p.csv", 2,
         "is a file, so no folder"),
    case("google-out-is-a-folder", f"{_GOOGLE} --place p --pb !2i0 --out {{dir}}", 2,
         "is a folder, not a file"),
    case("google-out-in-proc", f"{_GOOGLE} --place p --pb !2i0 --out /proc/p.csv", 2,
         "cannot write"),
]

# --- cluster ---------------------------------------------------------------------------------
CLUSTER: list[Case] = []

# --- vision, stock ---------------------------------------------------------------------------
VISION: list[Case] = []
STOCK: list[Case] = [
    case("stock-id-leaves-folder", "train stock-lstm --data {dir} --stock ../../x", 2,
         "is not a stock id"),
    case("stock-id-hidden", "train stock-lstm --data {dir} --stock .x", 2, "is not a stock id"),
    case("stock-id-absolute", "train stock-lstm --data {dir} --stock /etc/passwd", 2,
         "is not a stock id"),
    case("stock-folder-without-stock", "train stock-lstm --data {dir}", 2, "--stock ID"),
    case("stock-csv-missing", "train stock-lstm --data {dir} --stock 2330", 3, "scrape it first"),
    case("stock-file-missing", "train stock-lstm --data {tmp}/nope.csv", 3, "no such file"),
    case("stock-no-date-column", "train stock-lstm --data {csv}", 3, "no date column"),
    case("stock-target-mode", "train stock-lstm --data {csv} --set data.target_mode=x", 2,
         "data.target_mode"),
    case("stock-window-zero", "train stock-lstm --data {csv} --set data.window=0", 2,
         "data.window"),
    case("stock-fractions", "train stock-lstm --data {csv} --set data.val_fraction=0.6 "
         "--set data.test_fraction=0.6", 2, "sum to less than 1"),
    case("stock-close-needs-prices", "train stock-lstm --data {csv} --set data.target_mode=close",
         2, "needs price levels"),
]

# --- prepare split, config cp, predict --output: output paths and split options ----------------
PREPARE_CONFIG: list[Case] = [
    case("split-dst-under-file", "prepare split {dir} {file}/split", 2, "is a file, so no folder"),
    case("split-dst-in-proc", "prepare split {dir} /proc/dlkit-split", 2, "cannot write"),
    case("split-dst-is-a-file", "prepare split {dir} {file}", 2, "is a file, not a folder"),
    case("split-src-missing", "prepare split {tmp}/nope {tmp}/split", 3, "source folder not found"),
    case("split-no-classes", "prepare split {dir} {tmp}/split", 3, "found 0 class"),
    case("split-dst-inside-src", "prepare split {tmp} {tmp}/split", 2, "must not be SRC"),
    case("split-ratio-above-1", "prepare split {dir} {tmp}/split --train 1.5", 2,
         "between 0 and 1"),
    case("split-amount-not-a-number", "prepare split {dir} {tmp}/split --val x", 2,
         "give a count"),
    case("config-cp-under-file", "config cp digits-mlp {file}/my.yaml", 2,
         "is a file, so no folder"),
    case("config-cp-in-proc", "config cp digits-mlp /proc/my.yaml", 2, "cannot write"),
    case("config-cp-exists", "config cp digits-mlp {file}", 2, "pass --force"),
    case("config-cp-unknown-recipe", "config cp nope-cnn {tmp}/my.yaml", 2, "unknown recipe"),
    case("predict-output-under-file", "predict {run} {png} --output {file}/p.csv", 2,
         "is a file, so no folder"),
    case("predict-output-is-a-folder", "predict {run} {png} --output {dir}", 2,
         "is a folder, not a file"),
    case("predict-output-in-proc", "predict {run} {png} --output /proc/p.csv", 2, "cannot write"),
]

# --- faces, GANs and style: prepare faces, face-vgg16, predict --attend/--samples, pixiv, ------
# --- dcgan-anime, style-transfer --------------------------------------------------------------
FACES: list[Case] = [
    case("faces-no-source", "prepare faces --out {tmp}/f", 2, "one frame source"),
    case("faces-two-sources", "prepare faces --video {file} --images {dir} --out {tmp}/f", 2,
         "one frame source"),
    case("faces-video-missing", "prepare faces --video {tmp}/none.mp4 --out {tmp}/f", 3,
         "no such file"),
    case("faces-video-not-a-video", "prepare faces --video {file} --out {tmp}/f", 3,
         "cannot read this file as a video"),
    case("faces-images-empty", "prepare faces --images {dir} --out {tmp}/f", 3, "no image files"),
    case("faces-images-missing", "prepare faces --images {tmp}/none --out {tmp}/f", 3,
         "no such folder"),
    case("faces-anime-cascade-missing",
         "prepare faces --images {dir} --cascade {tmp}/lbpcascade_animeface.xml --out {tmp}/f", 3,
         "nagadomi"),
    case("faces-cascade-not-xml", "prepare faces --images {dir} --cascade {png} --out {tmp}/f", 3,
         "not an OpenCV cascade"),
    case("faces-out-under-file", "prepare faces --images {dir} --out {file}/f", 2, "is a file"),
    case("faces-every-zero", "prepare faces --images {dir} --every 0 --out {tmp}/f", 2, "--every"),
    case("faces-size-zero", "prepare faces --images {dir} --size 0 --out {tmp}/f", 2, "--size"),
    case("faces-camera-negative", "prepare faces --camera -1 --out {tmp}/f", 2, "--camera"),
    case("attend-no-source", "predict {run} --attend --out {tmp}/a", 2, "--video FILE or --camera"),
    case("attend-two-sources", "predict {run} --attend --camera 0 --video {file} --out {tmp}/a",
         2, "one source"),
    case("attend-video-missing", "predict {run} --attend --video {tmp}/none.mp4 --out {tmp}/a", 3,
         "no such file"),
    case("attend-annotate-gif",
         "predict {run} --attend --video {file} --annotate-out {tmp}/a.gif --out {tmp}/a", 2,
         ".mp4"),
    case("attend-threshold-above-one", "predict {run} --attend --video {file} --threshold 2", 2,
         "--threshold"),
    case("samples-zero", "predict {run} --samples 0", 2, "--samples"),
    case("dcgan-g-every-zero", "train dcgan-anime --set trainer.step_options.g_every=0", 2,
         "trainer.step_options.g_every"),
    case("dcgan-step-option-unknown", "train dcgan-anime --set trainer.step_options.d_lrr=1", 2,
         "did you mean"),
    case("dcgan-label-above-one", "train dcgan-anime --set trainer.step_options.real_label=2", 2,
         "real_label"),
    case("dcgan-ngf-zero", "train dcgan-anime --set model.ngf=0", 2, "model.ngf"),
    case("dcgan-empty-folder", "train dcgan-anime --data {dir} --out {tmp}/r", 3, "no image files"),
    case("dcgan-mode-unknown", "train dcgan-anime --set trainer.mode=latest", 2, "trainer.mode"),
    case("style-no-content", "train style-transfer --out {tmp}/r", 2, "data.content"),
    case("style-style-missing",
         "train style-transfer --set data.content={png} --set data.style={tmp}/no.jpg --out {tmp}/r",
         3, "data.style"),
    case("style-snapshot-zero", "train style-transfer --set trainer.step_options.snapshot_every=0",
         2, "snapshot_every"),
    case("face-vgg16-dropout", "train face-vgg16 --set model.dropout=2", 2, "model.dropout"),
    case("pixiv-no-tag", "scrape pixiv --out {tmp}/p", 2, "--tag"),
    case("pixiv-bad-type", "scrape pixiv --tag x --type novel --out {tmp}/p", 2, "--type"),
    case("pixiv-pages-zero", "scrape pixiv --tag x --pages 0 --out {tmp}/p", 2, "--pages"),
    case("pixiv-cookie-file-missing", "scrape pixiv --tag x --cookie-file {tmp}/none --out {tmp}/p",
         2, "--cookie-file"),
    case("pixiv-out-under-file", "scrape pixiv --tag x --out {file}/p", 2, "is a file"),
    case("pixiv-base-url-ftp", "scrape pixiv --tag x --base-url ftp://x --out {tmp}/p", 2,
         "--base-url"),
    case("pixiv-lang-bad", "scrape pixiv --tag x --lang 1 --out {tmp}/p", 2, "--lang"),
]

CASES: list[Case] = FOUNDATION + SCRAPE + CLUSTER + VISION + STOCK + PREPARE_CONFIG + FACES

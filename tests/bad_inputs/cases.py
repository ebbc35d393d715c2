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
    # config files and the recipe's own sections
    case("config-not-utf8", "train {badutf8}", 2, "not UTF-8"),
    case("config-nests-too-deep", "train {deep}", 2, "nests too deep"),
    case("config-extra-missing", "train digits-mlp --config {tmp}/nope.yaml", 2, "nope.yaml"),
    case("set-without-equals", "train digits-mlp --set optim.lr", 2, "key.path=value"),
    case("set-two-bad-items", "train digits-mlp --set a --set b", 2, "'b'"),
    case("seed-negative", "train digits-mlp --set seed=-1", 2, "seed"),
    case("seed-huge-flag", "train digits-mlp --seed 1e20", 2, "--seed"),
    case("seed-huge-set", "train digits-mlp --set seed=100000000000000000000", 2, "seed"),
    case("lr-inf", "train digits-mlp --lr inf", 2, "optim.lr"),
    case("lr-nan", "train digits-mlp --set optim.lr=.nan", 2, "optim.lr"),
    case("lr-zero", "train digits-mlp --lr 0", 2, "optim.lr"),
    case(
        "weight-decay-negative",
        "train digits-mlp --set optim.weight_decay=-1",
        2,
        "optim.weight_decay",
    ),
    case("epochs-zero", "train digits-mlp --epochs 0", 2, "trainer.epochs"),
    case("grad-clip-inf", "train digits-mlp --set trainer.grad_clip=.inf", 2, "trainer.grad_clip"),
    case("accumulate-zero", "train digits-mlp --set trainer.accumulate=0", 2, "trainer.accumulate"),
    case("unknown-step", "train digits-mlp --set trainer.step=gan2", 2, "trainer.step"),
    case("unknown-optimizer", "train digits-mlp --set optim.name=adamm", 2, "did you mean"),
    case(
        "unknown-scheduler-option",
        "train digits-mlp --set scheduler.warmup=1",
        2,
        "scheduler.warmup",
    ),
    case(
        "loss-does-not-fit-classification",
        "train digits-mlp --set loss.name=mse",
        2,
        "does not fit task classification",
    ),
    case(
        "loss-does-not-fit-regression",
        "train stock-lstm --set loss.name=bce",
        2,
        "does not fit task regression",
    ),
    case("unknown-task", "train digits-mlp --set task=ranking", 2, "task"),
    case(
        "monitor-unknown",
        "train digits-mlp --set trainer.monitor=val_f1 --epochs 1",
        2,
        "trainer.monitor",
    ),
    case("train-no-recipe", "train", 2, "name a recipe"),
    case(
        "print-config-bad",
        "train digits-mlp --print-config --set model.hidden=[0]",
        2,
        "model.hidden",
    ),
    # resume
    case("resume-no-folder", "train --resume {tmp}/nope", 3, "no such run folder"),
    case("resume-no-last", "train --resume {dir}", 3, "no last.pt"),
    case("resume-wrong-state", "train --resume {badresume}", 3, "training state"),
    case("resume-other-recipe", "train digits-cnn --resume {run}", 2, "trained with recipe"),
    case("resume-bad-override", "train --resume {run} --set trainer.epochs=0", 2, "trainer.epochs"),
    # predict / evaluate on bad checkpoints and inputs
    case("predict-incomplete-checkpoint", "predict {incomplete} {png}", 3, "incomplete"),
    case("predict-not-a-checkpoint", "predict {file} {png}", 3, "checkpoint"),
    case("predict-no-inputs", "predict {run}", 2, "name what to predict"),
    case("predict-missing-inputs", "predict {run} {tmp}/a.png {tmp}/b.png", 3, "b.png"),
    case("predict-huge-png-header", "predict {run} {hugepng}", 3, "not a readable image"),
    case("predict-top-k-zero", "predict {run} {png} --top-k 0", 2, "--top-k"),
    case("evaluate-incomplete-checkpoint", "evaluate {incomplete}", 3, "incomplete"),
    case("evaluate-empty-folder", "evaluate {dir}", 3, "no checkpoint"),
    case(
        "feature-maps-missing-image", "evaluate {run} --feature-maps {tmp}/x.png", 3, "no such file"
    ),
    # listing and config commands
    case("recipes-no-match", "recipes extra-arg", 2, "no recipe matches"),
    case("config-show-unknown", "config show nope-cnn", 2, "unknown recipe"),
    case("prepare-unknown", "prepare nope-data", 2, "unknown recipe"),
    case("prepare-dataset-bad-key", "prepare digits --set data.nope=1", 2, "data.nope"),
    case("prepare-dataset-non-data-key", "prepare digits --set optim.lr=1", 2, "only data.<key>"),
    # model options, typed in each factory's signature: one config error before any data is read
    case("cnn-channels-zero", "train digits-cnn --set model.channels=[0]", 2, "model.channels"),
    case(
        "cnn-channels-negative", "train digits-cnn --set model.channels=[-1]", 2, "model.channels"
    ),
    case("cnn-channels-empty", "train digits-cnn --set model.channels=[]", 2, "model.channels"),
    case("cnn-kernel-zero", "train digits-cnn --set model.kernel=0", 2, "model.kernel"),
    case("cnn-dropout-two", "train digits-cnn --set model.dropout=2", 2, "model.dropout"),
    case(
        "cnn-conv-dropout-negative",
        "train digits-cnn --set model.conv_dropout=-0.1",
        2,
        "model.conv_dropout",
    ),
    case("cnn-padding-unknown", "train digits-cnn --set model.padding=full", 2, "model.padding"),
    case("cnn-pool-zero", "train digits-cnn --set model.pool=0", 2, "model.pool"),
    case("cnn-hidden-zero", "train digits-cnn --set model.hidden=[0]", 2, "model.hidden"),
    case("mlp-hidden-zero", "train digits-mlp --set model.hidden=[0]", 2, "model.hidden"),
    case("mlp-hidden-negative", "train digits-mlp --set model.hidden=[64,-1]", 2, "model.hidden"),
    case("mlp-dropout-one", "train digits-mlp --set model.dropout=1", 2, "model.dropout"),
    case(
        "mlp-activation-unknown",
        "train digits-mlp --set model.activation=swish",
        2,
        "model.activation",
    ),
    case(
        "softmax-hidden-negative", "train mnist-softmax --set model.hidden=[-1]", 2, "model.hidden"
    ),
    case(
        "lenet-channels-zero",
        "train cifar10-lenet --set model.channels=[0,16]",
        2,
        "model.channels",
    ),
    case("lenet-kernel-zero", "train cifar10-lenet --set model.kernel=0", 2, "model.kernel"),
    case(
        "lenet-activation-unknown",
        "train cifar10-lenet --set model.activation=gelu",
        2,
        "model.activation",
    ),
    case("vgg-channels-empty", "train cifar10-vgg --set model.channels=[]", 2, "model.channels"),
    case(
        "vgg-convs-per-stage-zero",
        "train cifar10-vgg --set model.convs_per_stage=0",
        2,
        "model.convs_per_stage",
    ),
    case(
        "vgg-conv-dropout-two",
        "train cifar10-vgg --set model.conv_dropout=[0.2,2,0.3]",
        2,
        "model.conv_dropout",
    ),
    case("vgg-hidden-zero", "train cifar10-vgg --set model.hidden=[2500,0]", 2, "model.hidden"),
    case(
        "airbench-two-widths", "train cifar10-fast --set model.widths=[64,256]", 2, "model.widths"
    ),
    case("airbench-tta-three", "train cifar10-fast --set model.tta=3", 2, "model.tta"),
    case(
        "catsdogs-channels-zero",
        "train catsdogs-cnn --set model.channels=[32,0]",
        2,
        "model.channels",
    ),
    case("catsdogs-hidden-zero", "train catsdogs-cnn --set model.hidden=0", 2, "model.hidden"),
    case(
        "catsdogs-dropout-two", "train catsdogs-cnn-aug --set model.dropout=2", 2, "model.dropout"
    ),
    case(
        "vgg16-head-hidden-zero",
        "train catsdogs-vgg16-features --set model.hidden=0",
        2,
        "model.hidden",
    ),
    case(
        "vgg16-head-dropout-negative",
        "train catsdogs-vgg16-features --set model.dropout=-0.5",
        2,
        "model.dropout",
    ),
    case(
        "vgg16-mode-unknown", "train catsdogs-vgg16-frozen --set model.mode=thaw", 2, "model.mode"
    ),
    case(
        "vgg16-warmup-negative",
        "train catsdogs-vgg16-finetune --set model.warmup_epochs=-1",
        2,
        "model.warmup_epochs",
    ),
    case(
        "vgg16-finetune-lr-zero",
        "train catsdogs-vgg16-finetune --set model.finetune_lr=0",
        2,
        "model.finetune_lr",
    ),
    case("lstm-hidden-empty", "train stock-lstm --set model.hidden=[]", 2, "model.hidden"),
    case("lstm-hidden-zero", "train stock-lstm --set model.hidden=[128,0]", 2, "model.hidden"),
    case("lstm-dropout-one", "train stock-lstm --set model.dropout=1", 2, "model.dropout"),
    # data options: the same, for every data module
    case(
        "digits-val-fraction-big",
        "train digits-cnn --set data.val_fraction=1.5",
        2,
        "data.val_fraction",
    ),
    case(
        "digits-test-fraction-negative",
        "train digits-cnn --set data.test_fraction=-0.1",
        2,
        "data.test_fraction",
    ),
    case(
        "mnist-val-fraction-big",
        "train mnist-cnn --set data.val_fraction=1.5",
        2,
        "data.val_fraction",
    ),
    case("mnist-limit-zero", "train mnist-cnn --set data.limit_train=0", 2, "data.limit_train"),
    case(
        "cifar10-val-fraction-one",
        "train cifar10-cnn --set data.val_fraction=1",
        2,
        "data.val_fraction",
    ),
    case(
        "cifar10-limit-negative", "train cifar10-cnn --set data.limit_test=-5", 2, "data.limit_test"
    ),
    case(
        "image-folder-test-fraction-one",
        "train image-folder-cnn --set data.test_fraction=1",
        2,
        "data.test_fraction",
    ),
    case(
        "image-folder-channels-two",
        "train image-folder-cnn --set data.channels=2",
        2,
        "data.channels",
    ),
    case(
        "image-folder-size-zero",
        "train image-folder-cnn --set data.image_size=0",
        2,
        "data.image_size",
    ),
    case(
        "vgg16-features-size-three",
        "train catsdogs-vgg16-features --set data.image_size=[1,2,3]",
        2,
        "data.image_size",
    ),
    case(
        "vgg16-features-val-fraction-big",
        "train catsdogs-vgg16-features --set data.val_fraction=2",
        2,
        "data.val_fraction",
    ),
    case(
        "vgg16-features-batch-zero",
        "train catsdogs-vgg16-features --set data.extract_batch=0",
        2,
        "data.extract_batch",
    ),
    case("stock-window-zero", "train stock-lstm --set data.window=0", 2, "data.window"),
    case(
        "stock-test-fraction-negative",
        "train stock-lstm --set data.test_fraction=-0.1",
        2,
        "data.test_fraction",
    ),
    case(
        "stock-fractions-sum-one",
        "train stock-lstm --set data.val_fraction=0.5 --set data.test_fraction=0.5",
        2,
        "sum to less than 1",
    ),
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
    case(
        "twse-stock-path", f"{_TWSE} --stock ../../x --out {{tmp}}/twse", 2, "not a TWSE stock id"
    ),
    case("twse-stock-short", f"{_TWSE} --stock 23", 2, "not a TWSE stock id"),
    case("twse-stock-shell", f"{_TWSE} --stock 2330;rm", 2, "not a TWSE stock id"),
    case("twse-bad-month", f"{_TWSE} --stock 2330 --from 2026-13", 2, "not a month"),
    case("twse-bad-month-text", f"{_TWSE} --stock 2330 --to last-month", 2, "not a month"),
    case(
        "twse-from-after-to",
        f"{_TWSE} --stock 2330 --from 2024-02 --to 2024-01",
        2,
        "is after --to",
    ),
    case("twse-before-2010", f"{_TWSE} --stock 2330 --from 2009-12", 2, "before 2010-01"),
    case("twse-future-month", f"{_TWSE} --stock 2330 --to 2099-01", 2, "after the current month"),
    case("twse-max-rate-high", f"{_TWSE} --stock 2330 --max-rate 4", 2, "--max-rate"),
    case("twse-max-rate-zero", f"{_TWSE} --stock 2330 --max-rate 0", 2, "--max-rate"),
    case("twse-engine", f"{_TWSE} --stock 2330 --engine curl", 2, "--engine"),
    case("twse-ca-bundle", f"{_TWSE} --stock 2330 --ca-bundle {{tmp}}/none.pem", 2, "--ca-bundle"),
    case("twse-base-url", "scrape twse --stock 2330 --base-url ftp://x", 2, "--base-url"),
    case(
        "twse-out-under-file",
        f"{_TWSE} --stock 2330 --out {{file}}/twse",
        2,
        "is a file, so no folder",
    ),
    case("twse-out-in-proc", f"{_TWSE} --stock 2330 --out /proc/dlkit-twse", 2, "cannot write"),
    case(
        "twse-out-is-a-file", f"{_TWSE} --stock 2330 --out {{file}}", 2, "is a file, not a folder"
    ),
    case("google-no-place", f"{_GOOGLE} --pb !2i0", 2, "give --place"),
    case("google-no-pb", f"{_GOOGLE} --place p", 2, "give --pb"),
    case("google-pb-no-offset", f"{_GOOGLE} --place p --pb !1m2", 2, "--pb needs"),
    case("google-max-zero", f"{_GOOGLE} --place p --pb !2i0 --max 0", 2, "--max must be"),
    case(
        "google-base-url",
        "scrape google-reviews --place p --pb !2i0 --base-url file:///x",
        2,
        "--base-url",
    ),
    case(
        "google-out-under-file",
        f"{_GOOGLE} --place p --pb !2i0 --out {{file}}/p.csv",
        2,
        "is a file, so no folder",
    ),
    case(
        "google-out-is-a-folder",
        f"{_GOOGLE} --place p --pb !2i0 --out {{dir}}",
        2,
        "is a folder, not a file",
    ),
    case(
        "google-out-in-proc", f"{_GOOGLE} --place p --pb !2i0 --out /proc/p.csv", 2, "cannot write"
    ),
]

# --- cluster ---------------------------------------------------------------------------------
CLUSTER: list[Case] = [
    case(
        "cluster-unknown-algo", "cluster {csv} --algo nope", 2, "unknown cluster algorithm 'nope'"
    ),
    case("cluster-algo-typo", "cluster {csv} --algo hdbscn", 2, "did you mean 'hdbscan'"),
    case("cluster-unknown-reducer", "cluster {csv} --reduce nope", 2, "unknown reducer 'nope'"),
    case("cluster-n-clusters-0", "cluster {csv} --n-clusters 0", 2, "cluster.kmeans.n_clusters"),
    case("cluster-eps-negative", "cluster {csv} --eps -1", 2, "cluster.dbscan.eps"),
    case(
        "cluster-min-cluster-size-0",
        "cluster {csv} --min-cluster-size 0",
        2,
        "cluster.hdbscan.min_cluster_size",
    ),
    case("cluster-dims-0", "cluster {csv} --dims 0", 2, "reduce.auto.dims"),
    case(
        "cluster-dims-without-dims",
        "cluster {csv} --reduce none --dims 3",
        2,
        "reduce.none.dims: unknown key",
    ),
    case(
        "cluster-all-errors-at-once",
        "cluster {csv} --eps -1 --n-clusters 0",
        2,
        "cluster.dbscan.eps: input should be greater than 0 (got -1.0); cluster.kmeans",
    ),
    case(
        "cluster-merge-threshold-3",
        "cluster {csv} --merge-threshold 3",
        2,
        "topics.merge_threshold",
    ),
    case("cluster-topics-0", "cluster {csv} --topics 0", 2, "topics.topics"),
    case("cluster-ngrams-bad", "cluster {csv} --ngrams 1-9", 2, "keywords.ngrams"),
    case("cluster-lexical-weight-2", "cluster {csv} --lexical-weight 2", 2, "embed.lexical_weight"),
    case("cluster-seed-negative", "cluster {csv} --seed -1", 2, "seed"),
    case("cluster-strict-and-assign", "cluster {csv} --strict --assign-outliers", 2, "--strict"),
    case(
        "cluster-set-typo",
        "cluster {csv} --set cluster.hdbscan.min_cluster_sise=3",
        2,
        "did you mean 'min_cluster_size'",
    ),
    case(
        "cluster-set-unknown-section",
        "cluster {csv} --set keyword.top_words=3",
        2,
        "keyword: unknown key (did you mean 'keywords'?)",
    ),
    case("cluster-unknown-recipe", "cluster {csv} --recipe nope-recipe", 2, "unknown recipe"),
    case("cluster-train-recipe", "cluster {csv} --recipe digits-cnn", 2, "not a cluster recipe"),
    case("train-cluster-recipe", "train cluster-reviews", 2, "'cluster' recipe"),
    case("cluster-out-under-file", "cluster {csv} --out {file}/runs", 2, "is a file"),
    case("cluster-out-in-proc", "cluster {csv} --out /proc/dlkit-runs", 2, "cannot write"),
    case(
        "cluster-cache-dir-is-file",
        "cluster {csv} --cache-dir {file}",
        2,
        "is a file, not a folder",
    ),
    case("cluster-cache-dir-under-file", "cluster {csv} --cache-dir {file}/cache", 2, "is a file"),
    case(
        "cluster-cache-dir-in-proc",
        "cluster {csv} --cache-dir /proc/dlkit-cache",
        2,
        "cannot write",
    ),
    case("cluster-missing-file", "cluster {tmp}/nothere.csv", 3, "not found"),
    case("cluster-no-file", "cluster", 2, "give a FILE"),
    case("cluster-unknown-demo", "cluster --demo kmeans", 2, "--demo"),
    case("cluster-demo-out-under-file", "cluster --demo dbscan --out {file}/x", 2, "is a file"),
]

# --- vision, stock ---------------------------------------------------------------------------
VISION: list[Case] = []
STOCK: list[Case] = [
    case(
        "stock-id-leaves-folder",
        "train stock-lstm --data {dir} --stock ../../x",
        2,
        "is not a stock id",
    ),
    case("stock-id-hidden", "train stock-lstm --data {dir} --stock .x", 2, "is not a stock id"),
    case(
        "stock-id-absolute",
        "train stock-lstm --data {dir} --stock /etc/passwd",
        2,
        "is not a stock id",
    ),
    case("stock-folder-without-stock", "train stock-lstm --data {dir}", 2, "--stock ID"),
    case("stock-csv-missing", "train stock-lstm --data {dir} --stock 2330", 3, "scrape it first"),
    case("stock-file-missing", "train stock-lstm --data {tmp}/nope.csv", 3, "no such file"),
    case("stock-no-date-column", "train stock-lstm --data {csv}", 3, "no date column"),
    case(
        "stock-target-mode",
        "train stock-lstm --data {csv} --set data.target_mode=x",
        2,
        "data.target_mode",
    ),
    case(
        "stock-window-zero", "train stock-lstm --data {csv} --set data.window=0", 2, "data.window"
    ),
    case(
        "stock-fractions",
        "train stock-lstm --data {csv} --set data.val_fraction=0.6 --set data.test_fraction=0.6",
        2,
        "sum to less than 1",
    ),
    case(
        "stock-close-needs-prices",
        "train stock-lstm --data {csv} --set data.target_mode=close",
        2,
        "needs price levels",
    ),
]

# --- text: {onecls} a CSV of one class, {blank} a CSV whose texts are all empty, {sms} the SMS
# collection in cp1252 (with a £), {charlm} a tiny trained charlm run --------------------------
TEXT: list[Case] = [
    case("text-no-such-file", "train imdb-bilstm --data {tmp}/nope.csv", 3, "no such file"),
    case("text-data-is-a-folder", "train spam-tree --data {dir}", 3, "is a folder"),
    case(
        "text-column-missing",
        "train spam-tree --data {csv} --set data.text_column=txt",
        2,
        "did you mean 'text'",
    ),
    case(
        "text-label-column-missing",
        "train spam-tree --data {csv} --set data.label_column=lable",
        2,
        "did you mean 'label'",
    ),
    case("text-one-class", "train spam-tree --data {onecls}", 3, "one class"),
    case("text-only-empty-texts", "train imdb-bilstm --data {blank}", 3, "is empty"),
    case(
        "text-forced-encoding-undecodable",
        "train spam-tree --data {sms} --set data.encoding=utf-8",
        3,
        "is not valid utf-8",
    ),
    case(
        "text-unknown-encoding",
        "train spam-tree --data {sms} --set data.encoding=klingon",
        2,
        "unknown encoding",
    ),
    case(
        "text-clean-step-unknown", "train imdb-bilstm --set data.clean=[html,stem]", 2, "data.clean"
    ),
    case(
        "text-tokenizer-unknown", "train imdb-bilstm --set data.tokenizer=bpe", 2, "data.tokenizer"
    ),
    case("text-max-len-zero", "train imdb-bilstm --set data.max_len=0", 2, "data.max_len"),
    case(
        "text-padding-unknown", "train sentiment-lstm --set data.padding=middle", 2, "data.padding"
    ),
    case("text-min-freq-zero", "train sentiment-lstm --set data.min_freq=0", 2, "data.min_freq"),
    case(
        "text-fractions-sum-one",
        "train spam-tree --data {csv} --set data.val_fraction=0.5 --set data.test_fraction=0.5",
        2,
        "sum to less than 1",
    ),
    case(
        "bilstm-hidden-zero", "train imdb-bilstm --set model.hidden_size=0", 2, "model.hidden_size"
    ),
    case("bilstm-head-unknown", "train imdb-bilstm --set model.head=softmax", 2, "model.head"),
    case(
        "estimator-unknown",
        "train spam-xgboost --set model.estimator.name=xgbost",
        2,
        "did you mean 'xgboost'",
    ),
    case(
        "estimator-depth-zero", "train spam-tree --set model.estimator.max_depth=0", 2, "max_depth"
    ),
    case("estimator-epochs", "train spam-tree --data {sms} --epochs 3", 2, "fitted once"),
    case("charlm-text-too-short", "train charlm --data {csv}", 3, "training characters"),
    case("charlm-seq-length-zero", "train charlm --set data.seq_length=0", 2, "data.seq_length"),
    case("predict-image-run-given-text", "predict {run} a-wonderful-film", 3, "no readable images"),
    Case("charlm-empty-prompt", ("predict", "{charlm}", "--prompt", ""), 2, "not empty"),
    case("charlm-top-k-zero", "predict {charlm} --prompt Alice --top-k 0", 2, "--top-k"),
    case(
        "charlm-temperature-zero",
        "predict {charlm} --prompt Alice --temperature 0",
        2,
        "--temperature",
    ),
    case("charlm-unknown-prompt", "predict {charlm} --prompt ☃☃", 2, "alphabet"),
    case(
        "charlm-column-without-input",
        "predict {charlm} --prompt Alice --column text",
        2,
        "--column",
    ),
]

# --- prepare split, config cp, predict --output: output paths and split options ----------------
PREPARE_CONFIG: list[Case] = [
    case("split-dst-under-file", "prepare split {dir} {file}/split", 2, "is a file, so no folder"),
    case("split-dst-in-proc", "prepare split {dir} /proc/dlkit-split", 2, "cannot write"),
    case("split-dst-is-a-file", "prepare split {dir} {file}", 2, "is a file, not a folder"),
    case("split-src-missing", "prepare split {tmp}/nope {tmp}/split", 3, "source folder not found"),
    case("split-no-classes", "prepare split {dir} {tmp}/split", 3, "found 0 class"),
    case("split-dst-inside-src", "prepare split {tmp} {tmp}/split", 2, "must not be SRC"),
    case(
        "split-ratio-above-1", "prepare split {dir} {tmp}/split --train 1.5", 2, "between 0 and 1"
    ),
    case("split-amount-not-a-number", "prepare split {dir} {tmp}/split --val x", 2, "give a count"),
    case(
        "config-cp-under-file", "config cp digits-mlp {file}/my.yaml", 2, "is a file, so no folder"
    ),
    case("config-cp-in-proc", "config cp digits-mlp /proc/my.yaml", 2, "cannot write"),
    case("config-cp-exists", "config cp digits-mlp {file}", 2, "pass --force"),
    case("config-cp-unknown-recipe", "config cp nope-cnn {tmp}/my.yaml", 2, "unknown recipe"),
    case(
        "predict-output-under-file",
        "predict {run} {png} --output {file}/p.csv",
        2,
        "is a file, so no folder",
    ),
    case(
        "predict-output-is-a-folder",
        "predict {run} {png} --output {dir}",
        2,
        "is a folder, not a file",
    ),
    case("predict-output-in-proc", "predict {run} {png} --output /proc/p.csv", 2, "cannot write"),
]

# --- export, serve: every row fails before a file is written or a server starts ------------------
EXPORT_SERVE: list[Case] = [
    case("export-no-run", "export {tmp}/nothere", 3, "no such run folder"),
    case("export-not-a-checkpoint", "export {file}", 3, "not a loadable dlkit checkpoint"),
    case("export-bad-format", "export {run} --format tflite", 2, "use torchscript or onnx"),
    case("export-out-under-file", "export {run} --out {file}/m.onnx", 2, "is a file, so no folder"),
    case("export-out-is-a-folder", "export {run} --out {dir}", 2, "is a folder, not a file"),
    case("export-out-in-proc", "export {run} --out /proc/m.onnx", 2, "cannot write"),
    case("export-atol-negative", "export {run} --atol -1", 2, "--atol"),
    case("export-samples-zero", "export {run} --samples 0", 2, "--samples"),
    case("serve-no-run", "serve {tmp}/nothere", 3, "no such run folder"),
    case("serve-no-args", "serve", 2, "Missing argument"),
    case("serve-any-host-without-key", "serve {run} --host 0.0.0.0", 2, "--api-key-file"),
    case("serve-lan-host-without-key", "serve {run} --host 192.168.1.20", 2, "--api-key-file"),
    case("serve-ipv6-any-without-key", "serve {run} --host ::", 2, "--api-key-file"),
    case("serve-port-too-big", "serve {run} --port 70000", 2, "--port 70000"),
    case("serve-port-negative", "serve {run} --port -1", 2, "--port -1"),
    case("serve-key-file-missing", "serve {run} --api-key-file {tmp}/nokey.txt", 2, "no such file"),
    case("serve-key-file-is-a-folder", "serve {run} --api-key-file {dir}", 2, "cannot read it"),
    case("serve-key-too-short", "serve {run} --api-key-file {file}", 2, "at least 16"),
    case("serve-bad-name", "serve bad/name={run}", 2, "NAME=RUN"),
    case("serve-empty-name", "serve ={run}", 2, "NAME=RUN"),
    case("serve-name-without-run", "serve mnist=", 2, "NAME=RUN"),
    case("serve-duplicate-recipe", "serve {run} {run}", 2, "two runs are named 'digits-mlp'"),
    case("serve-duplicate-names", "serve a={run} a={run}", 2, "two runs are named 'a'"),
    case("serve-max-batch-zero", "serve {run} --max-batch 0", 2, "--max-batch"),
    case("serve-batch-wait-negative", "serve {run} --batch-wait-ms -1", 2, "--batch-wait-ms"),
    case("serve-max-request-zero", "serve {run} --max-request-mb 0", 2, "--max-request-mb"),
    case("serve-max-pixels-zero", "serve {run} --max-pixels 0", 2, "--max-pixels"),
    case("serve-unknown-device", "serve {run} --device tpu", 2, "unknown device"),
]

# --- faces, GANs and style: prepare faces, face-vgg16, predict --attend/--samples, pixiv, ------
# --- dcgan-anime, style-transfer --------------------------------------------------------------
FACES: list[Case] = [
    case("faces-no-source", "prepare faces --out {tmp}/f", 2, "one frame source"),
    case(
        "faces-two-sources",
        "prepare faces --video {file} --images {dir} --out {tmp}/f",
        2,
        "one frame source",
    ),
    case(
        "faces-video-missing",
        "prepare faces --video {tmp}/none.mp4 --out {tmp}/f",
        3,
        "no such file",
    ),
    case(
        "faces-video-not-a-video",
        "prepare faces --video {file} --out {tmp}/f",
        3,
        "cannot read this file as a video",
    ),
    case("faces-images-empty", "prepare faces --images {dir} --out {tmp}/f", 3, "no image files"),
    case(
        "faces-images-missing",
        "prepare faces --images {tmp}/none --out {tmp}/f",
        3,
        "no such folder",
    ),
    case(
        "faces-anime-cascade-missing",
        "prepare faces --images {dir} --cascade {tmp}/lbpcascade_animeface.xml --out {tmp}/f",
        3,
        "nagadomi",
    ),
    case(
        "faces-cascade-not-xml",
        "prepare faces --images {dir} --cascade {png} --out {tmp}/f",
        3,
        "not an OpenCV cascade",
    ),
    case("faces-out-under-file", "prepare faces --images {dir} --out {file}/f", 2, "is a file"),
    case("faces-every-zero", "prepare faces --images {dir} --every 0 --out {tmp}/f", 2, "--every"),
    case("faces-size-zero", "prepare faces --images {dir} --size 0 --out {tmp}/f", 2, "--size"),
    case("faces-camera-negative", "prepare faces --camera -1 --out {tmp}/f", 2, "--camera"),
    case("attend-no-source", "attend {run} --out {tmp}/a", 2, "--video FILE or --camera"),
    case(
        "attend-two-sources",
        "attend {run} --camera 0 --video {file} --out {tmp}/a",
        2,
        "one source",
    ),
    case(
        "attend-video-missing",
        "attend {run} --video {tmp}/none.mp4 --out {tmp}/a",
        3,
        "no such file",
    ),
    case(
        "attend-annotate-gif",
        "attend {run} --video {file} --annotate-out {tmp}/a.gif --out {tmp}/a",
        2,
        ".mp4",
    ),
    case(
        "attend-threshold-above-one",
        "attend {run} --video {file} --threshold 2",
        2,
        "--threshold",
    ),
    case("samples-zero", "predict {run} --samples 0", 2, "--samples"),
    # each run takes its own predict options; the old --attend flag points nowhere now
    case(
        "predict-option-of-another-family",
        "predict {run} {png} --prompt hi",
        2,
        "--prompt is not an option of this run",
    ),
    case("predict-old-attend-flag", "predict {run} --attend --camera 0", 2, "--attend"),
    case("predict-option-without-value", "predict {run} {png} --top-k", 2, "needs a value"),
    case("predict-option-not-a-number", "predict {run} {png} --top-k many", 2, "whole number"),
    case(
        "dcgan-g-every-zero",
        "train dcgan-anime --set trainer.step_options.g_every=0",
        2,
        "trainer.step_options.g_every",
    ),
    case(
        "dcgan-step-option-unknown",
        "train dcgan-anime --set trainer.step_options.d_lrr=1",
        2,
        "did you mean",
    ),
    case(
        "dcgan-label-above-one",
        "train dcgan-anime --set trainer.step_options.real_label=2",
        2,
        "real_label",
    ),
    case("dcgan-ngf-zero", "train dcgan-anime --set model.ngf=0", 2, "model.ngf"),
    case("dcgan-empty-folder", "train dcgan-anime --data {dir} --out {tmp}/r", 3, "no image files"),
    case("dcgan-mode-unknown", "train dcgan-anime --set trainer.mode=latest", 2, "trainer.mode"),
    case("style-no-content", "train style-transfer --out {tmp}/r", 2, "data.content"),
    case(
        "style-style-missing",
        "train style-transfer --set data.content={png} --set data.style={tmp}/no.jpg --out {tmp}/r",
        3,
        "data.style",
    ),
    case(
        "style-snapshot-zero",
        "train style-transfer --set trainer.step_options.snapshot_every=0",
        2,
        "snapshot_every",
    ),
    case("face-vgg16-dropout", "train face-vgg16 --set model.dropout=2", 2, "model.dropout"),
    case("pixiv-no-tag", "scrape pixiv --out {tmp}/p", 2, "--tag"),
    case("pixiv-bad-type", "scrape pixiv --tag x --type novel --out {tmp}/p", 2, "--type"),
    case("pixiv-pages-zero", "scrape pixiv --tag x --pages 0 --out {tmp}/p", 2, "--pages"),
    case(
        "pixiv-cookie-file-missing",
        "scrape pixiv --tag x --cookie-file {tmp}/none --out {tmp}/p",
        2,
        "--cookie-file",
    ),
    case("pixiv-out-under-file", "scrape pixiv --tag x --out {file}/p", 2, "is a file"),
    case(
        "pixiv-base-url-ftp",
        "scrape pixiv --tag x --base-url ftp://x --out {tmp}/p",
        2,
        "--base-url",
    ),
    case("pixiv-lang-bad", "scrape pixiv --tag x --lang 1 --out {tmp}/p", 2, "--lang"),
]

# --- compare, sales-rnn: folders that are not runs, --plot, weekly tables -------------------------
COMPARE_SALES: list[Case] = [
    case("compare-not-a-run", "compare {dir}", 3, "not a dlkit run folder"),
    case("compare-file-not-a-run", "compare {run} {file}", 3, "not a dlkit run folder"),
    case("compare-missing-folder", "compare {tmp}/nope", 3, "no such run folder"),
    case("compare-glob-matches-nothing", "compare {tmp}/nothing*", 3, "matches no folder"),
    case("compare-no-runs", "compare", 2, "name at least one run"),
    case("compare-run-twice", "compare {run} {run}", 2, "named twice"),
    case("compare-plot-under-file", "compare {run} --plot {file}/curves.png", 2, "is a file"),
    case("compare-plot-not-an-image", "compare {run} --plot {tmp}/curves.txt", 2, "--plot"),
    case(
        "sales-no-week-columns", "train sales-rnn --data {csv} --out {tmp}/r", 3, "no week columns"
    ),
    case(
        "sales-text-in-a-week",
        "train sales-rnn --data {salestext} --out {tmp}/r",
        3,
        "column W5 has 'lots', not a number, in row 3",
    ),
    case(
        "sales-too-few-weeks",
        "train sales-rnn --data {salesshort} --out {tmp}/r",
        3,
        "2 week column(s)",
    ),
    case(
        "sales-missing-file",
        "train sales-rnn --data {tmp}/none.csv --out {tmp}/r",
        3,
        "no such file",
    ),
    case("sales-scale-unknown", "train sales-rnn --set data.scale=minmax", 2, "data.scale"),
    case("sales-hidden-zero", "train sales-rnn --set model.hidden=0", 2, "model.hidden"),
    case(
        "sales-predict-without-weeks",
        "predict {salesrun} {csv}",
        3,
        "missing week column(s) W0, W1",
    ),
]

# --- tables: the tabular data module, its recipes and the table predictor --------------------
TABULAR: list[Case] = [
    case(
        "tab-no-file",
        "train tabular-binary --data {tmp}/patients.csv --out {tmp}/r",
        3,
        "no such file",
    ),
    case(
        "tab-target-absent",
        "train happiness-logreg --data {table} --set data.target=d --out {tmp}/r",
        2,
        "no column 'd' (did you mean 'D'?)",
    ),
    case(
        "tab-target-index-out-of-range",
        "train happiness-logreg --data {table} --set data.target=9 --out {tmp}/r",
        2,
        "out of range",
    ),
    case(
        "tab-drop-absent",
        "train happiness-logreg --data {table} --set data.drop=[ID] --out {tmp}/r",
        2,
        "data.drop: no column 'ID'",
    ),
    case(
        "tab-target-one-class",
        "train happiness-logreg --data {tableone} --out {tmp}/r",
        3,
        "has 1 class",
    ),
    case(
        "tab-binary-three-classes",
        "train happiness-logreg --data {tablethree} --out {tmp}/r",
        3,
        "binary recipe takes two",
    ),
    case(
        "tab-text-in-number-column",
        "train happiness-logreg --data {tabletext} --out {tmp}/r",
        3,
        "column 'X2' holds numbers but row 6 is 'five'",
    ),
    case(
        "tab-all-nan-column",
        "train happiness-logreg --data {tablenan} --out {tmp}/r",
        3,
        "column 'blank' has no values",
    ),
    case(
        "tab-missing-values",
        "train happiness-logreg --data {tablegaps} --out {tmp}/r",
        3,
        "missing values in 1 column(s): 'X3' (2)",
    ),
    case("tab-bad-scaling", "train happiness-logreg --set data.scaling=zscore", 2, "data.scaling"),
    case("tab-bad-impute", "train happiness-logreg --set data.impute=mean", 2, "data.impute"),
    case(
        "tab-class-weights-regression",
        "train tabular-regress --set loss.class_weights=balanced",
        2,
        "loss.class_weights",
    ),
    case(
        "tab-oversample-regression",
        "train tabular-regress --data {table} --set data.oversample=true --out {tmp}/r",
        2,
        "data.oversample",
    ),
    case(
        "tab-predict-missing-columns",
        "predict {tablerun} {tablerows}",
        3,
        "lacks column(s) 'X3', 'X4', 'X5', 'X6'",
    ),
    case("tab-predict-no-rows", "predict {tablerun}", 2, "name what to predict"),
    case("tab-predict-file-missing", "predict {tablerun} {tmp}/rows.csv", 3, "no such file"),
    case(
        "tab-evaluate-without-target",
        "evaluate {tablerun} --data {tablerows}",
        3,
        "no target column 'D'",
    ),
]

# --- transformers: hf_classifier / hf_seq2seq recipes (issue 11) ------------------------------
TRANSFORMERS: list[Case] = [
    case(
        "hf-model-missing-offline",
        "train text-classify-transformer --data {csv} --set model.pretrained=nobody/no-such-model",
        4,
        "HF_HUB_OFFLINE",
    ),
    case(
        "hf-model-folder-missing",
        "train text-classify-transformer --data {csv} --set model.pretrained={tmp}/no/model",
        3,
        "no such model folder",
    ),
    case(
        "hf-model-folder-without-config",
        "train text-classify-transformer --data {csv} --set model.pretrained={dir}",
        3,
        "no config.json",
    ),
    case(
        "hf-max-length-zero",
        "train text-classify-transformer --set model.max_length=0",
        2,
        "model.max_length",
    ),
    case(
        "hf-encode-ids", "train text-classify-transformer --set data.encode=ids", 2, "data.encode"
    ),
    case(
        "hf-step-needs-hf-model",
        "train text-classify-transformer --set model.name=mlp",
        2,
        "trainer.step transformers",
    ),
    case(
        "hf-hub-id-as-model-name",
        "train fakenews-bert --set model.name=bert-base-uncased",
        2,
        "goes in model.pretrained: --set model.pretrained=bert-base-uncased",
    ),
    case(
        "hf-text-column-missing",
        "train text-classify-transformer --data {csv} --set data.text_column=txt",
        2,
        "did you mean 'text'",
    ),
    case(
        "hf-unknown-scheduler-option",
        "train text-classify-transformer --set scheduler.warmup=0.1",
        2,
        "scheduler.warmup",
    ),
    case("fakenews-folder-without-files", "train fakenews-bert --data {dir}", 3, "no Fake.csv"),
    case("fakenews-no-such-data", "train fakenews-bert --data {tmp}/nope", 3, "no such file"),
    case("t5-summary-column-missing", "train news-t5 --data {csv}", 2, "data.summary_column"),
    case(
        "t5-target-max-length-zero",
        "train news-t5 --set model.target_max_length=0",
        2,
        "model.target_max_length",
    ),
    case("t5-num-beams-zero", "train news-t5 --set model.num_beams=0", 2, "model.num_beams"),
    case(
        "t5-task-classification",
        "train news-t5 --set task=classification",
        2,
        "trainer.step seq2seq",
    ),
    case("t5-loss-does-not-fit", "train news-t5 --set loss.name=mse", 2, "seq2seq"),
    case("predict-num-beams-zero", "predict {run} x --num-beams 0", 2, "--num-beams"),
    case(
        "predict-max-new-tokens-zero", "predict {run} x --max-new-tokens 0", 2, "--max-new-tokens"
    ),
]

# --- classic: the hand-written nets, the regression lines, the table estimators ----------------
CLASSIC: list[Case] = [
    case("classic-impl-unknown", "train xor-mlp --set model.impl=jax", 2, "model.impl"),
    case(
        "classic-passes-zero",
        "train xor-mlp --set trainer.step_options.passes_per_epoch=0",
        2,
        "trainer.step_options.passes_per_epoch",
    ),
    case(
        "classic-passes-unknown-option",
        "train xor-mlp --set trainer.step_options.passes=5",
        2,
        "trainer.step_options.passes: unknown key",
    ),
    case(
        "classic-manual-needs-sgd", "train xor-mlp --set optim.name=adam", 2, "set optim.name sgd"
    ),
    case(
        "classic-manual-no-scheduler",
        "train perceptron-and --set scheduler.name=cosine",
        2,
        "scheduler.name",
    ),
    case(
        "classic-manual-not-a-hand-net",
        "train digits-mlp --set trainer.step=manual",
        2,
        "trains the hand-written nets",
    ),
    case(
        "classic-perceptron-two-outputs",
        "train perceptron-or --set task=classification --set loss.name=auto",
        2,
        "task: binary",
    ),
    case("classic-gate-unknown", "train xor-mlp --set data.gate=nand", 2, "data.gate"),
    case(
        "classic-line-not-regression", "train linreg-mlp --set task=binary", 2, "regression table"
    ),
    case(
        "classic-line-test-rows", "train linreg-mlp --set data.test_rows=2000", 2, "data.test_rows"
    ),
    case(
        "classic-cosine-range",
        "train cos-regression --set data.low=5 --set data.high=1",
        2,
        "data.low",
    ),
    case(
        "classic-regressor-for-classes",
        "train linreg-sklearn --set task=binary",
        2,
        "linear_regression is a regressor",
    ),
    case(
        "classic-manual-class-weights",
        "train xor-mlp --set loss.class_weights=balanced",
        2,
        "loss.class_weights",
    ),
    case(
        "classic-estimator-class-weights",
        "train tabular-xgboost --set loss.class_weights=balanced",
        2,
        "data.oversample",
    ),
    case(
        "classic-estimator-unknown",
        "train linreg-sklearn --set model.estimator.name=linear_regresion",
        2,
        "did you mean 'linear_regression'",
    ),
]

from bad_inputs.cases_cluster_scale import CLUSTER_SCALE  # noqa: E402  (needs case above)
from bad_inputs.cases_gpu import GPU  # noqa: E402  (its rows use ``case`` above)
from bad_inputs.cases_hostile import HOSTILE  # noqa: E402  (it imports ``case`` from here)
from bad_inputs.cases_serve import SERVE_WORKERS  # noqa: E402 - its rows use case()
from bad_inputs.cases_tune import TUNE  # noqa: E402  (its rows import Case/case from here)

CASES: list[Case] = (
    FOUNDATION
    + SCRAPE
    + CLUSTER
    + VISION
    + STOCK
    + TEXT
    + PREPARE_CONFIG
    + EXPORT_SERVE
    + FACES
    + COMPARE_SALES
    + TABULAR
    + TRANSFORMERS
    + CLASSIC
    + SERVE_WORKERS
    + TUNE
    + GPU
    + HOSTILE
    + CLUSTER_SCALE
)

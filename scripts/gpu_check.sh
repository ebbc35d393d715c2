#!/usr/bin/env bash
# GPU check: what the GPU defaults (trainer.precision auto: bf16/fp16 autocast, TF32, channels_last)
# buy on this machine's first CUDA device, against fp32, with dlkit itself.
#
#   scripts/gpu_check.sh                 # on a machine with a CUDA GPU (skips cleanly without one)
#   scripts/gpu_check.sh --quick         # smaller data and fewer epochs (a smoke run, ~2 min)
#   GPU_CHECK_DEVICE=cpu GPU_CHECK_IMAGES=600 GPU_CHECK_TEXTS=60 scripts/gpu_check.sh --quick
#                                        # the script's own mechanics, on a CPU, in a few minutes
#
# 1. cifar10-fast: training seconds and test accuracy, "time to 94%" = the training seconds when the
#    test accuracy reaches 0.94 (needs real CIFAR-10 in $CIFAR10_DIR, default data/cifar10; skipped
#    when it is missing: a random stand-in cannot reach 94%).
# 2. mnist-cnn: training images/s, fp32 vs the defaults (the median epoch after the first; on a
#    generated MNIST-format stand-in of 60,000 images unless $MNIST_DIR holds the real files).
# 3. text-classify-transformer (packaged MiniLM, offline): training texts/s and tokens/s, fp32 vs the
#    defaults, on 4,000 generated reviews.
# 4. serve: scripts/bench_serve.py for mnist-cnn (requests/s at 1 and 32 clients; needs flask).
# Each line names the card. Every number comes from a dlkit run's metrics.json / history.csv.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PYTHONPATH="$ROOT/src:$ROOT/tests${PYTHONPATH:+:$PYTHONPATH}"
PY="${PYTHON:-python}"
DEVICE="${GPU_CHECK_DEVICE:-cuda}"
QUICK=0
[[ "${1:-}" == "--quick" ]] && QUICK=1

if [[ "$DEVICE" == cuda* ]] && \
   ! "$PY" -c 'import sys, torch; sys.exit(0 if torch.cuda.is_available() else 1)' 2>/dev/null; then
  echo "gpu_check: skipped: no CUDA GPU is visible (torch.cuda.is_available() is False)"
  exit 0
fi
CARD="$("$PY" -c "import torch; d='$DEVICE'; print(torch.cuda.get_device_name(0) if d.startswith('cuda') else 'CPU')")"
WORK="$(mktemp -d -t dlkit-gpu-check-XXXXXX)"
trap 'rm -rf "$WORK"' EXIT
if (( QUICK )); then IMAGES=6000; TEXTS=800; EPOCHS=2; else IMAGES=60000; TEXTS=4000; EPOCHS=3; fi
IMAGES="${GPU_CHECK_IMAGES:-$IMAGES}"; TEXTS="${GPU_CHECK_TEXTS:-$TEXTS}"; EPOCHS="${GPU_CHECK_EPOCHS:-$EPOCHS}"
echo "gpu_check on $CARD ($DEVICE), torch $("$PY" -c 'import torch; print(torch.__version__)')"

train() {  # train RECIPE PRECISION ARGS... -> prints the run folder
  local recipe="$1" precision="$2"; shift 2
  "$PY" -m dlkit train "$recipe" --device "$DEVICE" --out "$WORK/runs" --quiet \
    --set "trainer.precision=$precision" "$@" | tail -n 1
}

rate() {  # rate RUN ITEMS_PER_EPOCH -> items/s over the median epoch after the first
  "$PY" - "$1" "$2" <<'EOF'
import csv, statistics, sys
rows = list(csv.DictReader(open(f"{sys.argv[1]}/history.csv")))
seconds = [float(r["seconds"]) for r in rows[1:]] or [float(rows[0]["seconds"])]
print(f"{float(sys.argv[2]) / statistics.median(seconds):.4g}")
EOF
}

metric() {  # metric RUN KEY
  "$PY" -c "import json,sys; print(json.load(open(sys.argv[1] + '/metrics.json'))[sys.argv[2]])" "$1" "$2"
}

echo "--- 1. cifar10-fast: time to 94%"
CIFAR="${CIFAR10_DIR:-$ROOT/data/cifar10}"
if [[ -d "$CIFAR/cifar-10-batches-py" ]]; then
  run="$(train cifar10-fast bf16 --data-dir "$CIFAR")"
  "$PY" - "$run" "$CARD" <<'EOF'
import csv, json, sys
run, card = sys.argv[1], sys.argv[2]
rows = list(csv.DictReader(open(f"{run}/history.csv")))
metrics = json.load(open(f"{run}/metrics.json"))
seconds = sum(float(r["seconds"]) for r in rows)
hit = "yes" if metrics["test_acc"] >= 0.94 else "NO"
print(f"cifar10-fast  {card}: {len(rows)} epochs, {seconds:.2f} s of training, "
      f"test_acc {metrics['test_acc']:.4f} (94% reached: {hit}), whole run {metrics['wall_seconds']} s")
EOF
else
  echo "cifar10-fast  skipped: no $CIFAR/cifar-10-batches-py (set CIFAR10_DIR; 'dlkit prepare cifar10-fast' online)"
fi

echo "--- 2. mnist-cnn: training images/s, fp32 vs the defaults"
MNIST="${MNIST_DIR:-}"
if [[ -z "$MNIST" ]]; then
  MNIST="$WORK/mnist"
  "$PY" -c "from pathlib import Path; from foundation.mnist_files import write_mnist; write_mnist(Path('$MNIST'), train=$IMAGES, test=2000)"
fi
declare -A IMG
for precision in fp32 auto; do
  run="$(train mnist-cnn "$precision" --data-dir "$MNIST" --epochs "$EPOCHS" --set data.download=false)"
  train_images="$("$PY" -c "import yaml; c=yaml.safe_load(open('$run/config.yaml')); print(int($IMAGES * (1 - (c['data'].get('val_fraction') or 0))))")"
  IMG[$precision]="$(rate "$run" "$train_images")"
  echo "mnist-cnn     $CARD: precision $precision: ${IMG[$precision]} images/s, test_acc $(metric "$run" test_acc)"
done
"$PY" -c "print(f'mnist-cnn     defaults / fp32: x{${IMG[auto]} / ${IMG[fp32]}:.2f}')"

echo "--- 3. text-classify-transformer: training texts/s and tokens/s, fp32 vs the defaults"
"$PY" -c "from pathlib import Path; from text.text_samples import imdb_csv; imdb_csv(Path('$WORK/reviews.csv'), n=$TEXTS)"
declare -A TXT
for precision in fp32 auto; do
  run="$(train text-classify-transformer "$precision" --data "$WORK/reviews.csv" --epochs "$EPOCHS")"
  read -r texts tokens < <("$PY" - "$run" "$WORK/reviews.csv" <<'EOF'
import csv, json, sys
import yaml
from transformers import AutoTokenizer
run, data = sys.argv[1], sys.argv[2]
config = yaml.safe_load(open(f"{run}/config.yaml"))
texts = [row["review"] for row in csv.DictReader(open(data, encoding="utf-8"))]
keep = 1 - (config["data"].get("test_fraction") or 0)
keep *= 1 - (config["data"].get("val_fraction") or 0)
tokenizer = AutoTokenizer.from_pretrained(f"{run}/model")
limit = config["model"].get("max_length") or 512
mean = sum(min(len(tokenizer(t)["input_ids"]), limit) for t in texts) / len(texts)
print(int(round(len(texts) * keep)), f"{mean:.2f}")
EOF
)
  TXT[$precision]="$(rate "$run" "$texts")"
  echo "text-classify $CARD: precision $precision: ${TXT[$precision]} texts/s," \
       "$("$PY" -c "print(round(${TXT[$precision]} * $tokens))") tokens/s, test_acc $(metric "$run" test_acc)"
done
"$PY" -c "print(f'text-classify defaults / fp32: x{${TXT[auto]} / ${TXT[fp32]}:.2f}')"

echo "--- 4. serve: mnist-cnn requests/s (scripts/bench_serve.py)"
if "$PY" -c 'import flask' 2>/dev/null; then
  seconds=15; (( QUICK )) && seconds=5
  "$PY" "$ROOT/scripts/bench_serve.py" --models mnist-cnn --levels 1,32 --seconds "$seconds" \
    | sed "s/^/serve         $CARD: /"
else
  echo "serve         skipped: flask is not installed (pip install -e \".[bench]\")"
fi

#!/usr/bin/env bash
# Daily TWSE scrape -> weekly retrain -> daily prediction, for cron.
#
# The scrape makes exactly one request per stock on a normal day: closed months come from
# data/twse/.cache, only the current month is fetched again. Exit codes: 0 ok, 2 bad options,
# 3 unreadable data, 4 network failure / refused / blocked (wait hours, don't retry at once),
# 75 another scrape still holds data/twse's lock (harmless; the next run catches up).
#
# Example crontab line (18:30 Taipei time, after TWSE publishes the day's table):
#   CRON_TZ=Asia/Taipei
#   30 18 * * 1-5  cd /srv/dlkit && scripts/cron_example.sh >> logs/cron.log 2>&1
set -euo pipefail

STOCK="${STOCK:-2330}"
DATA="${DATA:-data/twse}"
DLKIT="${DLKIT:-dlkit}"

cd "$(dirname "$0")/.."

# 1. Scrape: no progress bars without a TTY; --quiet keeps the log to errors only.
status=0
"$DLKIT" scrape twse --stock "$STOCK" --out "$DATA" --quiet || status=$?
if [ "$status" -eq 75 ]; then
    echo "$(date -Is) another scrape is running; skipping this run" >&2
    exit 0
elif [ "$status" -ne 0 ]; then
    exit "$status"
fi

# 2. Retrain once a week (Friday by default; date +%u prints 1-7 for Monday-Sunday).
if [ "$(date +%u)" -eq "${RETRAIN_DAY:-5}" ]; then
    "$DLKIT" train stock-lstm --data "$DATA/$STOCK.csv"
fi

# 3. Predict with the newest run folder (runs/stock-lstm/001, 002, ...), as JSON for the log.
latest="$(ls -d runs/stock-lstm/*/ 2>/dev/null | sort | tail -n 1 || true)"
if [ -z "$latest" ]; then
    echo "$(date -Is) no runs/stock-lstm/<run> yet; train once first" >&2
    exit 3
fi
"$DLKIT" predict "${latest%/}" --data "$DATA/$STOCK.csv" --json

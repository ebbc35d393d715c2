"""Benchmark ``dlkit scrape twse`` against a local server: seconds per request and cache hits.

Starts the fake TWSE from ``tests/scrape/fake_sites.py`` on 127.0.0.1 (nothing leaves the machine),
scrapes 156 closed months (2013-01..2025-12) of one stock at the default limit (3 requests per
5 s), then runs again (expect 0 requests: closed months come from the cache), then a daily-cron
style run of the current month (expect 1 request). The seed slept a fixed 10 s per page; the ratio
printed is that fixed 10 s over the measured dlkit seconds per request.

Run: python scripts/bench_scrape.py [--months 156] [--json]   (about 4.5 minutes at 156 months)
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "tests" / "scrape")]

SEED_S_PER_REQUEST = 10.0  # the seed's fixed time.sleep(10) between pages


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--months", type=int, default=156)
    parser.add_argument("--stock", default="2330")
    parser.add_argument("--json", action="store_true", help="print the numbers as JSON")
    args = parser.parse_args()

    from fake_sites import FakeTwse, LocalServer, month_rows

    from dlkit.jobs import scrape as jobs_scrape
    from dlkit.scrape import twse

    start, end = (2013, 1), (2025, 12)
    months = twse.months_between(start, end)[-args.months :]
    today = twse.taipei_today()
    fake = FakeTwse()
    for year, month in months + [(today.year, today.month)]:
        fake.months[(args.stock, f"{year}{month:02d}")] = month_rows(args.stock, year, month)
    with LocalServer(fake.respond) as srv, tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        t0 = time.perf_counter()
        first = jobs_scrape.twse([args.stock], months[0], months[-1], out, srv.url, quiet=True)
        elapsed = time.perf_counter() - t0
        hits_first = len(srv.hits)
        second = jobs_scrape.twse([args.stock], months[0], months[-1], out, srv.url, quiet=True)
        hits_second = len(srv.hits) - hits_first
        current = (today.year, today.month)
        third = jobs_scrape.twse([args.stock], current, current, out, srv.url, quiet=True)
        hits_third = len(srv.hits) - hits_first - hits_second
    per_request = elapsed / max(1, first["requests"])
    numbers = {
        "months": len(months),
        "first_run_requests": first["requests"],
        "first_run_server_hits": hits_first,
        "first_run_s": round(elapsed, 2),
        "s_per_request": round(per_request, 3),
        "goal_s_per_request": 1.8,
        "second_run_requests": second["requests"],
        "second_run_server_hits": hits_second,
        "cron_run_requests": third["requests"],
        "cron_run_server_hits": hits_third,
        "rows": first["stocks"][0]["rows"],
        "seed_s_per_request": SEED_S_PER_REQUEST,
        "speedup_vs_seed": round(SEED_S_PER_REQUEST / per_request, 2),
    }
    if args.json:
        print(json.dumps(numbers))
        return
    print(
        f"first run : {numbers['first_run_requests']} requests ({hits_first} seen by the server) "
        f"for {len(months)} months in {elapsed:.1f} s = {per_request:.3f} s/request (goal <= 1.8)"
    )
    print(
        f"second run: {numbers['second_run_requests']} requests (server saw {hits_second}) "
        "- closed months come from the cache (goal 0)"
    )
    print(
        f"cron run  : {numbers['cron_run_requests']} request (server saw {hits_third}) for the "
        "current month, which is always refetched"
    )
    print(
        f"seed      : fixed 10 s sleep per page -> {SEED_S_PER_REQUEST:.1f} / {per_request:.3f} = "
        f"{numbers['speedup_vs_seed']:.2f}x faster"
    )


if __name__ == "__main__":
    main()

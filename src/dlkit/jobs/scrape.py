"""``dlkit scrape twse``, ``google-reviews`` and ``pixiv``: the jobs behind the scrape commands.

Called by ``cli/scrape.py``. Each job checks every option and every output path first (bad ids,
months, rates, URLs, a CA bundle that is not there, an ``--out`` that cannot be written: one-line
errors before any request), then takes the output folder's lock (exit 75 when another run holds
it) and drives the site module (``scrape/twse.py``, ``scrape/google_reviews.py``) through one
polite :class:`~dlkit.scrape.http.HttpClient`, with a progress bar on a terminal. Each returns the
``--json`` summary; the CLI prints it.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from dlkit import console, files
from dlkit.errors import UsageError

Month = tuple[int, int]


def twse(
    stocks: list[str],
    start: Month | None,
    end: Month | None,
    out_dir: str | Path,
    base_url: str,
    engine: str = "json",
    max_rate: int = 3,
    ca_bundle: str | None = None,
    quiet: bool = False,
    today: dt.date | None = None,
) -> dict[str, Any]:
    """Scrape TWSE daily prices of ``stocks`` for the months ``start``..``end`` into ``out_dir``."""
    from dlkit.scrape import twse as site
    from dlkit.scrape.http import HttpClient, RateLimiter, check_base_url, check_ca_bundle
    from dlkit.scrape.lock import folder_lock

    out_dir = Path(out_dir).expanduser()
    base_url, verify = check_base_url(base_url), check_ca_bundle(ca_bundle)
    today = today or site.taipei_today()
    start, end = start or site.FIRST_MONTH, end or (today.year, today.month)
    stocks = site.check_request(stocks, start, end, today)
    engine = engine.lower()
    if engine not in site.ENGINES:
        raise UsageError(f"--engine {engine!r}: choose json or selenium")
    client = HttpClient(RateLimiter(max_requests=max_rate), verify=verify)
    site.check_outputs(out_dir, stocks)
    months = site.months_between(start, end)
    with folder_lock(out_dir), site.open_engine(engine, client, base_url) as fetch:
        source = site.MonthSource(site.cache_root(out_dir), today, fetch)
        results = []
        with console.progress(enabled=not quiet) as bar:
            for stock in stocks:
                task = bar.add_task(f"TWSE {stock}", total=len(months))
                results.append(site.scrape_stock(stock, months, source, out_dir, bar, task))
                _report_stock(results[-1], quiet)
    requests = client.requests + getattr(fetch, "requests", 0)
    return site.summary(results, requests, out_dir, engine, start, end)


def _report_stock(result: Any, quiet: bool) -> None:
    for warning in result.warnings:
        console.info(f"warning: {warning}")  # warnings show even with --quiet
    console.info(
        f"{result.stock}: {result.months} months ({result.months_fetched} fetched, "
        f"{result.months_cached} cached, {result.empty_months} empty), "
        f"{result.rows_added} rows added, {result.rows} in {result.csv}",
        quiet,
    )


def google_reviews(
    place: str,
    pb: str,
    out: str | Path | None,
    base_url: str,
    max_reviews: int | None = None,
    max_rate: int = 3,
    ca_bundle: str | None = None,
    quiet: bool = False,
) -> dict[str, Any]:
    """Page through a place's Google Maps reviews into a CSV (default data/reviews/<place>.csv)."""
    from dlkit.scrape import google_reviews as site
    from dlkit.scrape.http import HttpClient, RateLimiter, check_base_url, check_ca_bundle
    from dlkit.scrape.lock import LOCK_NAME, folder_lock

    base_url, verify = check_base_url(base_url), check_ca_bundle(ca_bundle)
    site.check_request(place, pb, max_reviews)
    client = HttpClient(RateLimiter(max_requests=max_rate), verify=verify)
    out = Path(out).expanduser() if out else site.default_out(place)
    files.check_writable(out, "--out", kind="file")
    files.check_writable(out.parent / LOCK_NAME, "--out: lock file", kind="file")
    with folder_lock(out.parent), console.progress(enabled=not quiet) as bar:
        old = site.read_reviews(out)  # the CSV is the cache: re-runs merge, each review once
        stats = site.fetch_reviews(
            client, base_url, pb, place, max_reviews, bar, known={site.review_key(r) for r in old}
        )
        rows = site.merge_reviews(old, stats.pop("reviews"))
        site.write_reviews(out, rows)
    return {
        "place": place,
        "csv": str(out),
        "reviews": len(rows),
        "new": len(rows) - len(old),
        **stats,
        "requests": client.requests,
    }


def pixiv(
    tag: str,
    out: str | Path,
    kind: str = "illustrations",
    lang: str = "zh_tw",
    pages: int = 1,
    start_page: int = 1,
    cookie_file: str | None = None,
    base_url: str = "https://www.pixiv.net",
    image_base_url: str = "https://i.pximg.net",
    max_rate: int = 3,
    ca_bundle: str | None = None,
    quiet: bool = False,
) -> dict[str, Any]:
    """Pictures tagged ``tag`` from pixiv's search into ``out`` plus ``manifest.csv``."""
    from dlkit.scrape import pixiv as site
    from dlkit.scrape.http import HttpClient, RateLimiter, check_base_url, check_ca_bundle
    from dlkit.scrape.lock import LOCK_NAME, folder_lock

    site.check_request(tag, kind, lang, pages, start_page)
    base_url = check_base_url(base_url)
    image_base_url = check_base_url(image_base_url, "--image-base-url")
    verify = check_ca_bundle(ca_bundle)
    cookie = site.read_cookie(cookie_file)
    out = files.check_writable(out, "--out")
    files.check_writable(out / LOCK_NAME, "--out: lock file", kind="file")
    client = HttpClient(RateLimiter(max_requests=max_rate), verify=verify)
    stats = site.Stats()
    with folder_lock(out), console.progress(enabled=not quiet) as bar:
        try:
            site.scrape(
                client,
                base_url,
                image_base_url,
                tag,
                kind,
                lang,
                pages,
                start_page,
                out,
                cookie,
                stats,
                bar,
            )
        finally:  # what was saved before a refusal is listed too
            manifest = site.write_manifest(out, stats.rows)
    return {
        "tag": tag,
        "type": kind,
        "out": str(out),
        "manifest": str(manifest),
        "pages": stats.pages,
        "works": stats.works,
        "saved": stats.saved,
        "already_there": stats.existing,
        "bad_works_skipped": stats.bad_works,
        "requests": client.requests,
        "cookie": cookie is not None,
    }

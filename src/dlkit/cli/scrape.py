"""``dlkit scrape twse`` and ``dlkit scrape google-reviews``: parse options, call the scrape jobs.

Thin on purpose: the work lives in ``dlkit.jobs.scrape`` (over ``dlkit.scrape.twse`` and
``dlkit.scrape.google_reviews``), imported inside the commands so ``dlkit --help`` stays fast.
Both share the polite HTTP layer (at most 3 requests per 5 s, retries, exit 4 when refused or
blocked) and the folder lock (exit 75 when another run is writing the same folder).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

QUIET = typer.Option("--quiet", "-q", help="No progress bar or status lines (errors still show).")
AS_JSON = typer.Option("--json", help="Print one JSON summary on stdout.")
MAX_RATE = typer.Option(
    "--max-rate", help="Requests per 5 s, across the run; 1-3 (it can only be lowered)."
)
CA_BUNDLE = typer.Option(
    "--ca-bundle",
    help="PEM file of CA certificates, if your store lacks "
    "the host's chain (TLS verification is never turned off).",
)


def twse_command(
    stock: Annotated[
        list[str] | None,
        typer.Option("--stock", "-s", metavar="ID", help="Stock id, e.g. 2330; repeat for more."),
    ] = None,
    month_from: Annotated[
        str | None,
        typer.Option("--from", metavar="YYYY-MM", help="First month, YYYY-MM (default 2010-01)."),
    ] = None,
    month_to: Annotated[
        str | None,
        typer.Option(
            "--to",
            metavar="YYYY-MM",
            help="Last month, YYYY-MM (default: the current month in Taipei).",
        ),
    ] = None,
    out: Annotated[
        Path, typer.Option("--out", "-o", help="Folder for <stock>.csv and the cache.")
    ] = Path("data/twse"),
    engine: Annotated[
        str,
        typer.Option(
            "--engine",
            help="json (requests) or selenium (headless Chromium reading the HTML table).",
        ),
    ] = "json",
    base_url: Annotated[
        str, typer.Option("--base-url", envvar="DLKIT_TWSE_BASE_URL", help="TWSE host.")
    ] = "https://www.twse.com.tw",
    max_rate: Annotated[int, MAX_RATE] = 3,
    ca_bundle: Annotated[str | None, CA_BUNDLE] = None,
    as_json: Annotated[bool, AS_JSON] = False,
    quiet: Annotated[bool, QUIET] = False,
) -> None:
    """Daily prices from TWSE's STOCK_DAY service into DIR/<stock>.csv, one request per month.

    Closed months are cached under DIR/.cache and never fetched again; the current month always is,
    so a daily cron run for one stock makes one request (two on the first run after a month ends,
    to complete that month). Re-running merges into the CSV.

    Example: dlkit scrape twse --stock 2330 --stock 2317 --from 2020-01 --out data/twse

    Exit codes: 0 ok, 2 bad options, 3 unreadable existing CSV, 4 network failure, refused (403/429)
    or blocked, 75 another run holds the folder's lock.
    """
    from dlkit import console
    from dlkit.jobs import scrape
    from dlkit.scrape.twse import parse_month

    start = parse_month(month_from, "--from") if month_from else None
    end = parse_month(month_to, "--to") if month_to else None
    summary = scrape.twse(
        stock or [],
        start,
        end,
        out,
        base_url,
        engine=engine,
        max_rate=max_rate,
        ca_bundle=ca_bundle,
        quiet=quiet or as_json,
    )
    if as_json:
        console.print_json(summary)
    count = summary["requests"]
    console.info(f"{count} request{'' if count == 1 else 's'}; CSVs in {out}", quiet or as_json)


def google_reviews_command(
    place: Annotated[
        str,
        typer.Option("--place", help="A name for the place (CSV column and default file name)."),
    ] = "",
    pb: Annotated[
        str,
        typer.Option(
            "--pb",
            help="The pb parameter copied from the browser, with "
            "{n} (or the !2i value) where the page offset goes.",
        ),
    ] = "",
    max_reviews: Annotated[int | None, typer.Option("--max", help="Stop after N reviews.")] = None,
    out: Annotated[
        Path | None,
        typer.Option("--out", "-o", help="CSV path (default data/reviews/<place>.csv)."),
    ] = None,
    base_url: Annotated[
        str, typer.Option("--base-url", envvar="DLKIT_GOOGLE_BASE_URL", help="Google host.")
    ] = "https://www.google.com",
    max_rate: Annotated[int, MAX_RATE] = 3,
    ca_bundle: Annotated[str | None, CA_BUNDLE] = None,
    as_json: Annotated[bool, AS_JSON] = False,
    quiet: Annotated[bool, QUIET] = False,
) -> None:
    """Google Maps reviews of one place into a CSV ready for `dlkit cluster` (a text column).

    Pages by 10 through maps/preview/review/listentitiesreviews until 10 empty pages in a row or
    --max reviews. Google changes this endpoint: a 404 or an unexpected answer stops with exit 4.

    Example: dlkit scrape google-reviews --place taipei101 --pb '!1m2!1y1!2y2!2m2!1i10!2i{n}...' --max 200

    Exit codes: 0 ok, 2 bad options, 4 network failure, refused, blocked or changed endpoint,
    75 another run holds the folder's lock.
    """
    from dlkit import console
    from dlkit.jobs import scrape

    summary = scrape.google_reviews(
        place,
        pb,
        out,
        base_url,
        max_reviews=max_reviews,
        max_rate=max_rate,
        ca_bundle=ca_bundle,
        quiet=quiet or as_json,
    )
    if as_json:
        console.print_json(summary)
    console.info(f"{summary['reviews']} reviews in {summary['csv']}", quiet or as_json)


def pixiv_command(
    tag: Annotated[str, typer.Option("--tag", help="The tag to search, e.g. hololive.")] = "",
    out: Annotated[
        Path, typer.Option("--out", "-o", help="Folder for the pictures and manifest.csv.")
    ] = Path("data/pixiv"),
    kind: Annotated[str, typer.Option("--type", help="illustrations or manga.")] = "illustrations",
    lang: Annotated[str, typer.Option("--lang", help="The search's lang parameter.")] = "zh_tw",
    pages: Annotated[
        int, typer.Option("--pages", help="Search pages to read (fewer when one is empty).")
    ] = 1,
    start_page: Annotated[int, typer.Option("--start-page", help="First search page.")] = 1,
    cookie_file: Annotated[
        str | None,
        typer.Option(
            "--cookie-file",
            help="A file holding your pixiv cookie on one line (else "
            "$PIXIV_COOKIE); needed past ~10 pages. Never stored or logged.",
        ),
    ] = None,
    base_url: Annotated[
        str, typer.Option("--base-url", envvar="DLKIT_PIXIV_BASE_URL", help="pixiv host.")
    ] = "https://www.pixiv.net",
    image_base_url: Annotated[
        str,
        typer.Option(
            "--image-base-url", envvar="DLKIT_PIXIV_IMAGE_BASE_URL", help="pixiv image host."
        ),
    ] = "https://i.pximg.net",
    max_rate: Annotated[int, MAX_RATE] = 3,
    ca_bundle: Annotated[str | None, CA_BUNDLE] = None,
    as_json: Annotated[bool, AS_JSON] = False,
    quiet: Annotated[bool, QUIET] = False,
) -> None:
    """pixiv pictures by tag into a folder, with a CSV manifest; resumable.

    Sends the Referer the image host requires; files are named <id>_p<n>.jpg.

    Example: dlkit scrape pixiv --tag hololive --pages 3 --out data/holo

    Exit codes: 0 ok, 2 bad options, 4 network failure, refused or changed site, 75 another run
    holds the folder's lock.
    """
    from dlkit import console
    from dlkit.jobs import scrape

    summary = scrape.pixiv(
        tag,
        out,
        kind=kind,
        lang=lang,
        pages=pages,
        start_page=start_page,
        cookie_file=cookie_file,
        base_url=base_url,
        image_base_url=image_base_url,
        max_rate=max_rate,
        ca_bundle=ca_bundle,
        quiet=quiet or as_json,
    )
    if as_json:
        console.print_json(summary)
        return
    console.info(
        f"{summary['saved']} pictures saved ({summary['already_there']} already there, "
        f"{summary['bad_works_skipped']} bad works skipped) from {summary['pages']} "
        f"pages; {summary['requests']} requests",
        quiet,
    )
    console.out().print(summary["out"], markup=False)


def register(app: typer.Typer) -> None:
    scrape_app = typer.Typer(
        name="scrape",
        no_args_is_help=True,
        rich_markup_mode="rich",
        help="""Fetch data from the web, politely (at most 3 requests per 5 s).

Examples:
  dlkit scrape twse --stock 2330 --from 2020-01
  dlkit scrape google-reviews --place taipei101 --pb '...'
""",
    )
    scrape_app.command("twse")(twse_command)
    scrape_app.command("google-reviews")(google_reviews_command)
    scrape_app.command("pixiv")(pixiv_command)
    app.add_typer(scrape_app, name="scrape")

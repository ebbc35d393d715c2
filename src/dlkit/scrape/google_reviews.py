"""Google Maps reviews: page through a place's reviews and write them as a CSV.

Used by ``jobs/scrape.py`` (the ``dlkit scrape google-reviews`` job). Follows the seed's
``maps/preview/review/listentitiesreviews`` request (``hl=zh-TW``, the user's ``pb`` string with
the page offset where ``{n}`` or the ``!2i`` value is), strips the ``)]}'`` anti-JSON prefix and reads each review from ``[2][i]``: text ``[3]``,
rating ``[4]``, author ``[0][1]``, relative time ``[1]``, id ``[10]``. Pages step by 10 until 10
empty pages in a row or ``--max`` reviews. Same limiter, retries, exit codes and atomic write as TWSE;
a 404 or an answer of another shape means Google changed the endpoint (exit 4, one line).

The CSV is also the cache: a re-run reads the reviews already in it, counts a page of only known
reviews as empty (so a daily run stops after ten pages it has seen), and writes the old rows
followed by the new ones, each review once (by ``review_id``, else author + text: the relative
time changes between runs). ``dlkit cluster FILE`` reads the result with no options.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Set as AbstractSet
from pathlib import Path
from typing import Any
from urllib.parse import quote

from dlkit import files
from dlkit.errors import DataError, NetworkError, UsageError
from dlkit.scrape.http import HttpClient, RetryableResponse

ENDPOINT = "/maps/preview/review/listentitiesreviews"
PREFIX = ")]}'"
PAGE_SIZE = 10
EMPTY_PAGES_STOP = 10
COLUMNS = ("text", "rating", "author", "time", "place", "review_id")
CHANGED = "the endpoint may have changed; capture a fresh pb from the browser or give up on it"


def page_pb(pb: str, offset: int) -> str:
    """The pb string for one page: ``{n}`` replaced by the offset, else the ``!2i`` value."""
    if "{n}" in pb:
        return pb.replace("{n}", str(offset))
    if re.search(r"!2i\d+", pb):
        return re.sub(r"!2i\d+", f"!2i{offset}", pb, count=1)
    raise UsageError("--pb needs {n} (or a !2i<number> field) where the page offset goes")


def page_url(base_url: str, pb: str, offset: int) -> str:
    query = f"authuser=0&hl=zh-TW&gl=tw&pb={quote(page_pb(pb, offset), safe='!*:.-_~')}"
    return f"{base_url}{ENDPOINT}?{query}"


def decode(resp: Any) -> Any:
    """Body → JSON value, without the ``)]}'`` prefix; garbage is retried."""
    text = resp.content.decode("utf-8", errors="replace").lstrip("\ufeff")
    if text.startswith(PREFIX):
        text = text[len(PREFIX) :]
    try:
        return json.loads(text)
    except ValueError:
        raise RetryableResponse(
            f"not JSON after the {PREFIX} prefix ({text[:40].strip()!r}...)"
        ) from None


def _at(value: Any, *path: int) -> Any:
    for index in path:
        if not isinstance(value, list) or index >= len(value):
            return None
        value = value[index]
    return value


def parse_page(payload: Any, place: str) -> list[dict]:
    """One answer → review rows (text may be ''); NetworkError if it is not the expected shape."""
    if not isinstance(payload, list) or len(payload) < 3:
        raise NetworkError(
            f"Google answered JSON of an unexpected shape (no list at [2]); {CHANGED}"
        )
    items = payload[2]
    if items is None:
        return []
    if not isinstance(items, list) or any(not isinstance(it, list) or len(it) < 5 for it in items):
        raise NetworkError(f"Google answered reviews of an unexpected shape at [2][i]; {CHANGED}")
    rows = []
    for item in items:
        text, rating = item[3], item[4]
        if text is not None and not isinstance(text, str):
            raise NetworkError(f"Google answered a non-text review at [2][i][3]; {CHANGED}")
        rows.append(
            {
                "text": " ".join((text or "").split()),
                "rating": rating if isinstance(rating, (int, float)) else "",
                "author": _text(_at(item, 0, 1)),
                "time": _text(item[1]),
                "place": place,
                "review_id": _text(_at(item, 10)),
            }
        )
    return rows


def _text(value: Any) -> str:
    return " ".join(value.split()) if isinstance(value, str) else ""


def default_out(place: str) -> Path:
    slug = re.sub(r"[^\w\-]+", "_", place).strip("_") or "place"
    return Path("data/reviews") / f"{slug}.csv"


def fetch_reviews(
    client: HttpClient,
    base_url: str,
    pb: str,
    place: str,
    max_reviews: int | None,
    bar: Any,
    known: AbstractSet[tuple] = frozenset(),
) -> dict:
    """Page until 10 pages in a row bring no new review (empty, or only reviews seen in this run
    or in ``known``) or ``max_reviews`` new ones."""
    reviews: list[dict] = []
    seen: set[tuple] = set(known)
    stats: dict[str, Any] = {"pages": 0, "empty_pages": 0, "without_text": 0}
    empty_run, offset = 0, 0
    task = bar.add_task(f"reviews {place}", total=None)
    while empty_run < EMPTY_PAGES_STOP and (max_reviews is None or len(reviews) < max_reviews):
        status, payload = client.get(page_url(base_url, pb, offset), decode=decode)
        if status == 404:
            raise NetworkError(f"Google answered 404 for {ENDPOINT}; {CHANGED}")
        fresh = [r for r in parse_page(payload, place) if review_key(r) not in seen]
        seen.update(review_key(r) for r in fresh)
        stats["pages"] += 1
        empty_run = 0 if any(r["text"] for r in fresh) else empty_run + 1
        stats["empty_pages"] += not fresh
        stats["without_text"] += sum(not r["text"] for r in fresh)
        reviews.extend(r for r in fresh if r["text"])
        offset += PAGE_SIZE
        bar.update(task, status=f"{len(reviews)} reviews")
        bar.advance(task)
    stats["reviews"] = reviews[:max_reviews] if max_reviews else reviews
    return stats


def review_key(row: dict) -> tuple:
    return (row["review_id"],) if row.get("review_id") else (row.get("author", ""), row["text"])


def read_reviews(path: Path) -> list[dict]:
    """The reviews a previous run wrote to ``path`` ([] when there is none yet)."""
    if not path.is_file():
        return []
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            reader = csv.DictReader(handle)
            if reader.fieldnames is None:
                return []
            if "text" not in reader.fieldnames:
                raise DataError(
                    f"{path} exists but is not a reviews CSV (no 'text' column); "
                    "move it or pass another --out"
                )
            return [{c: row.get(c) or "" for c in COLUMNS} for row in reader]
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise DataError(f"cannot read the existing {path} to merge into: {exc}") from None


def merge_reviews(old: list[dict], new: list[dict]) -> list[dict]:
    """``old`` then the reviews of ``new`` not in it, each review once."""
    merged: dict[tuple, dict] = {}
    for row in [*old, *new]:
        merged.setdefault(review_key(row), row)
    return list(merged.values())


def write_reviews(path: Path, rows: list[dict]) -> None:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    files.write_text(path, out.getvalue())


def check_request(place: str, pb: str, max_reviews: int | None) -> None:
    """Validate the options before any request (UsageError)."""
    if not place.strip():
        raise UsageError("give --place NAME (used in the CSV and its default file name)")
    if not pb.strip():
        raise UsageError(
            "give --pb, the pb parameter of a listentitiesreviews request from the "
            "browser's network tab"
        )
    if max_reviews is not None and max_reviews < 1:
        raise UsageError(f"--max must be at least 1 (got {max_reviews})")
    page_pb(pb, 0)  # validate before any request

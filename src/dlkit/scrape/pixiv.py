"""pixiv by tag (seed 000b §2): the AJAX search endpoint page by page, then each work's full-size
pictures from the image host, on the shared polite HTTP layer (``scrape/http.py``).

Search: ``{base}/ajax/search/{type}/{tag}?word={tag}&order=date_d&mode=all&p={page}
&s_mode=s_tag_full&type={illust_and_ugoira|manga}&lang={lang}``; works are in
``body.illust.data`` (``body.manga.data`` for manga), each with ``id``, ``alt``/``title``,
``createDate`` and ``pageCount``. A picture's URL is built from the id, the page and the upload time
(``createDate``'s own Y/M/D/h/m/s, as the tutorial's ``makeUrl``):
``{image}/img-master/img/Y/M/D/h/m/s/{id}_p{j}_master1200.jpg``. The image host answers 403 without
``Referer: https://www.pixiv.net/``, so every request sends it. A login cookie (needed past ~10
pages) comes only from a file or an environment variable and is sent as a header, never written
anywhere. Files are named ``{id}_p{j}.jpg`` from a work id that must be all digits (anything else
from the site is skipped and counted), so no name can leave the output folder; existing files are
skipped (resumable); ``manifest.csv`` lists every picture saved, with its title and URL.
"""

from __future__ import annotations

import csv
import io
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

from dlkit import files
from dlkit.errors import NetworkError, UsageError

REFERER = "https://www.pixiv.net/"
TYPES = {"illustrations": ("illust", "illust_and_ugoira"), "manga": ("manga", "manga")}
COOKIE_ENV = "PIXIV_COOKIE"
MAX_PAGES_PER_WORK = 200
MANIFEST = "manifest.csv"
FIELDS = ["id", "page", "title", "create_date", "url", "file"]
_ID = re.compile(r"^[0-9]{1,20}$")
_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})")


@dataclass
class Stats:
    pages: int = 0
    works: int = 0
    saved: int = 0
    existing: int = 0
    bad_works: int = 0
    rows: list[dict[str, Any]] = field(default_factory=list)


def read_cookie(cookie_file: str | None) -> str | None:
    """The cookie header value: ``--cookie-file``'s first line, else $PIXIV_COOKIE, else None."""
    if cookie_file:
        path = Path(cookie_file).expanduser()
        try:
            text = path.read_text(encoding="utf-8").strip()
        except (OSError, UnicodeDecodeError):
            raise UsageError(f"--cookie-file {cookie_file}: not a readable text file") from None
        if not text or "\n" in text or "\r" in text:
            raise UsageError(f"--cookie-file {cookie_file}: put the cookie on one line")
        return text
    value = os.environ.get(COOKIE_ENV, "").strip()
    return value or None


def check_request(tag: str, kind: str, lang: str, pages: int, start_page: int) -> None:
    problems = []
    if not tag.strip():
        problems.append("--tag: name a tag, e.g. --tag hololive")
    if kind not in TYPES:
        problems.append(f"--type {kind!r}: choose {' or '.join(TYPES)}")
    if not re.fullmatch(r"[A-Za-z_]{2,8}", lang):
        problems.append(f"--lang {lang!r}: a language code such as zh_tw, ja or en")
    if pages < 1 or start_page < 1:
        problems.append("--pages and --start-page must be at least 1")
    if problems:
        raise UsageError("; ".join(problems))


def search_url(base_url: str, kind: str, tag: str) -> str:
    return f"{base_url}/ajax/search/{kind}/{quote(tag, safe='')}"


def search_params(kind: str, tag: str, page: int, lang: str) -> dict[str, Any]:
    return {
        "word": tag,
        "order": "date_d",
        "mode": "all",
        "p": page,
        "s_mode": "s_tag_full",
        "type": TYPES[kind][1],
        "lang": lang,
    }


def image_url(image_base: str, work_id: str, create_date: str, page: int) -> str | None:
    """The full-size picture URL, or None when ``createDate`` is not an ISO date-time."""
    found = _DATE.match(str(create_date))
    if not found:
        return None
    return (
        f"{image_base}/img-master/img/{'/'.join(found.groups())}/{work_id}_p{page}_master1200.jpg"
    )


def _decode_json(resp: Any) -> Any:
    from dlkit.scrape.http import RetryableResponse

    try:
        return resp.json()
    except ValueError:
        raise RetryableResponse("the search answer is not JSON") from None


def works(payload: Any, kind: str) -> list[dict[str, Any]]:
    """The work dicts of a search answer (an error answer or a changed shape is exit 4)."""
    if not isinstance(payload, dict) or payload.get("error"):
        message = payload.get("message") if isinstance(payload, dict) else ""
        raise NetworkError(
            f"pixiv search answered an error ({str(message)[:80] or 'no message'})"
            "; a cookie may be needed (--cookie-file or $PIXIV_COOKIE)"
        )
    try:
        data = payload["body"][TYPES[kind][0]]["data"]
    except (KeyError, TypeError):
        raise NetworkError(
            "pixiv search answer has no body.*.data; the site may have changed"
        ) from None
    return [w for w in data if isinstance(w, dict)] if isinstance(data, list) else []


def read_manifest(out: Path) -> list[dict[str, str]]:
    try:
        with open(out / MANIFEST, encoding="utf-8", newline="") as handle:
            return list(csv.DictReader(handle))
    except (OSError, UnicodeDecodeError, csv.Error):
        return []


def write_manifest(out: Path, rows: list[dict[str, Any]]) -> Path:
    merged = {row["file"]: row for row in read_manifest(out)}
    merged.update({row["file"]: row for row in rows})
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=FIELDS, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    writer.writerows(sorted(merged.values(), key=lambda r: (r["id"], int(r["page"]))))
    return files.write_text(out / MANIFEST, buffer.getvalue())


def save_work(
    client: Any, image_base: str, work: dict[str, Any], out: Path, headers: dict, stats: Stats
) -> None:
    """Every picture of one work (``pageCount`` of them, else until the host answers 404)."""
    work_id = str(work.get("id", ""))
    create_date = str(work.get("createDate", ""))
    if not _ID.match(work_id) or image_url(image_base, work_id, create_date, 0) is None:
        stats.bad_works += 1
        return
    stats.works += 1
    count = work.get("pageCount")
    limit = (
        int(count)
        if isinstance(count, int) and 0 < count <= MAX_PAGES_PER_WORK
        else MAX_PAGES_PER_WORK
    )
    title = " ".join(str(work.get("title") or work.get("alt") or "").split())[:200]
    for page in range(limit):
        url = image_url(image_base, work_id, create_date, page)
        target = out / f"{work_id}_p{page}.jpg"
        if target.is_file():
            stats.existing += 1
            continue
        status, body = client.get(url, decode=lambda resp: resp.content, headers=headers)
        if status == 404 or body is None:
            break
        files.write_bytes(target, body)
        stats.saved += 1
        stats.rows.append(
            {
                "id": work_id,
                "page": page,
                "title": title,
                "create_date": create_date,
                "url": url,
                "file": target.name,
            }
        )


def scrape(
    client: Any,
    base_url: str,
    image_base: str,
    tag: str,
    kind: str,
    lang: str,
    pages: int,
    start_page: int,
    out: Path,
    cookie: str | None,
    stats: Stats,
    bar: Any = None,
) -> Stats:
    """Search pages ``start_page``.. (``pages`` of them, fewer when one comes back empty),
    counting into ``stats`` (so a run stopped by the host still lists what it saved)."""
    headers = {"Referer": REFERER}
    if cookie:
        headers["Cookie"] = cookie
    task = bar.add_task(f"pixiv {tag}", total=pages) if bar is not None else None
    for page in range(start_page, start_page + pages):
        status, payload = client.get(
            search_url(base_url, kind, tag),
            params=search_params(kind, tag, page, lang),
            decode=_decode_json,
            headers=headers,
        )
        found = works(payload, kind) if status != 404 else []
        stats.pages += 1
        if task is not None:
            bar.advance(task)
        if not found:
            break
        for work in found:
            save_work(client, image_base, work, out, headers, stats)
    return stats

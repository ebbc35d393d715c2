"""dlkit scrape pixiv against a local imitation: search pages until an empty one, URLs built from
the work's id, page and createDate, the Referer on every request, names that cannot escape the
folder, resume, the manifest, and a cookie taken only from a file or the environment."""

from __future__ import annotations

import csv
import json

import pytest
import requests
from fake_pixiv import JPEG, FakePixiv

from dlkit.scrape.pixiv import image_url


@pytest.fixture
def site():
    with FakePixiv() as fake:
        yield fake


def _args(site, out, *extra):
    return (
        "scrape",
        "pixiv",
        "--tag",
        "hololive",
        "--pages",
        "5",
        "--out",
        out,
        "--base-url",
        site.url,
        "--image-base-url",
        site.url,
        "--json",
        *extra,
    )


def test_the_url_is_built_from_create_date_as_the_tutorial():
    assert (
        image_url("https://i.pximg.net", "93576944", "2021-10-21T00:00:07+09:00", 0)
        == "https://i.pximg.net/img-master/img/2021/10/21/00/00/07/93576944_p0_master1200.jpg"
    )
    assert image_url("https://i.pximg.net", "1", "not a date", 0) is None


def test_the_imitation_refuses_images_without_referer(site):
    url = f"{site.url}/img-master/img/2021/10/21/00/00/07/100_p0_master1200.jpg"
    assert requests.get(url, timeout=5).status_code == 403
    assert (
        requests.get(url, headers={"Referer": "https://www.pixiv.net/"}, timeout=5).content == JPEG
    )


def test_scrape_pages_saves_pictures_and_a_manifest(cli, site, tmp_path, fast_limits):
    out = tmp_path / "holo"
    result = cli(*_args(site, out))
    assert result.exit_code == 0, result.stderr
    summary = json.loads(result.stdout)
    assert (summary["pages"], summary["saved"], summary["bad_works_skipped"]) == (3, 4, 2)
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == [
        "100_p0.jpg",
        "100_p1.jpg",
        "101_p0.jpg",
        "102_p0.jpg",
        "manifest.csv",
    ]
    assert (out / "100_p0.jpg").read_bytes() == JPEG
    assert not list(tmp_path.rglob("*evil*"))
    searches = [h for h in site.hits if h[0].startswith("/ajax/")]
    assert [h[1]["p"] for h in searches] == ["1", "2", "3"]
    assert searches[0][0] == "/ajax/search/illustrations/hololive"
    assert searches[0][1] == {
        "word": "hololive",
        "order": "date_d",
        "mode": "all",
        "p": "1",
        "s_mode": "s_tag_full",
        "type": "illust_and_ugoira",
        "lang": "zh_tw",
    }
    assert all(h[2].get("Referer") == "https://www.pixiv.net/" for h in site.hits)
    with open(out / "manifest.csv", encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [(r["id"], r["page"], r["file"]) for r in rows] == [
        ("100", "0", "100_p0.jpg"),
        ("100", "1", "100_p1.jpg"),
        ("101", "0", "101_p0.jpg"),
        ("102", "0", "102_p0.jpg"),
    ]
    assert rows[0]["title"] == 'holo, "one"' and rows[3]["create_date"].startswith("2022-01-02")

    again = json.loads(cli(*_args(site, out)).stdout)  # resumable: nothing fetched twice
    assert (again["saved"], again["already_there"]) == (0, 4)
    assert len(list(csv.DictReader(open(out / "manifest.csv", encoding="utf-8")))) == 4


def test_the_cookie_comes_from_a_file_or_the_environment_and_is_never_written(
    cli, tmp_path, fast_limits, monkeypatch
):
    with FakePixiv(cookie_from_page=2) as site:
        result = cli(*_args(site, tmp_path / "a"))
        assert result.exit_code == 4 and "403" in result.stderr
        saved = [r["file"] for r in csv.DictReader(open(tmp_path / "a/manifest.csv"))]
        assert saved == ["100_p0.jpg", "100_p1.jpg", "101_p0.jpg"]  # page 1 kept and listed
        cookie = tmp_path / "cookie.txt"
        cookie.write_text("PHPSESSID=secret-123\n")
        result = cli(*_args(site, tmp_path / "b", "--cookie-file", cookie))
        assert result.exit_code == 0, result.stderr
        assert json.loads(result.stdout)["saved"] == 4
        monkeypatch.setenv("PIXIV_COOKIE", "PHPSESSID=from-env")
        assert cli(*_args(site, tmp_path / "c")).exit_code == 0
        sent = {h[2].get("Cookie") for h in site.hits}
    assert {"PHPSESSID=secret-123", "PHPSESSID=from-env"} <= sent
    for path in tmp_path.rglob("*"):
        if path.is_file() and path.name != "cookie.txt":
            assert b"secret-123" not in path.read_bytes() and b"from-env" not in path.read_bytes()


def test_bad_options_are_one_line(cli, tmp_path):
    for args, match in (
        (["--tag", ""], "--tag"),
        (["--tag", "x", "--type", "novel"], "--type"),
        (["--tag", "x", "--pages", "0"], "--pages"),
        (["--tag", "x", "--cookie-file", str(tmp_path / "none")], "--cookie-file"),
    ):
        result = cli("scrape", "pixiv", *args, "--out", tmp_path / "o")
        assert result.exit_code == 2 and match in result.stderr, (args, result.stderr)
        assert not (tmp_path / "o").exists()

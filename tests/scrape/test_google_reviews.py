"""``dlkit scrape google-reviews`` against a local fake listentitiesreviews endpoint."""

from __future__ import annotations

import csv
import json

import pytest

from dlkit.scrape.google_reviews import page_pb

PB = "!1m2!1y3765758546651144975!2y6093113884180453713!2m2!1i10!2i{n}!3e1!4m5!3b1!4b1!5b1"


def reviews(cli, srv, out, *args):
    return cli(
        "scrape",
        "google-reviews",
        "--place",
        "鼎泰豐 信義店",
        "--pb",
        PB,
        "--base-url",
        srv.url,
        "--out",
        out,
        *args,
    )


def offsets(srv):
    return [int(q["pb"].split("!2i")[1].split("!")[0]) for _, q in srv.hits]


def test_pages_until_ten_empty_pages_and_writes_csv(cli, google_site, fast_limits, tmp_path):
    out = tmp_path / "reviews.csv"
    res = reviews(cli, google_site, out, "--json")
    assert res.exit_code == 0, res.stderr
    assert offsets(google_site) == list(range(0, 130, 10))  # 3 pages with data + 10 empty
    q = google_site.hits[0][1]
    assert (q["hl"], q["pb"]) == ("zh-TW", PB.replace("{n}", "0"))
    with out.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 24  # 25 reviews, one without text
    assert list(rows[0]) == ["text", "rating", "author", "time", "place", "review_id"]
    assert rows[0] == {
        "text": "第0則評論 很好吃",
        "rating": "1",
        "author": "作者0",
        "time": "1 個月前",
        "place": "鼎泰豐 信義店",
        "review_id": "review-0",
    }
    summary = json.loads(res.stdout)
    assert summary["reviews"] == 24 and summary["without_text"] == 1
    assert summary["pages"] == 13 and summary["empty_pages"] == 10 and summary["requests"] == 13


def test_max_stops_early(cli, google_site, fast_limits, tmp_path):
    out = tmp_path / "r.csv"
    res = reviews(cli, google_site, out, "--max", "12", "--quiet")
    assert res.exit_code == 0 and res.stdout == ""
    assert offsets(google_site) == [0, 10]
    assert len(out.read_text(encoding="utf-8").splitlines()) == 13


def test_without_prefix_too(cli, google_site, fast_limits, tmp_path):
    google_site.fake.prefix = ""
    google_site.fake.total = 5
    res = reviews(cli, google_site, tmp_path / "r.csv", "--json")
    assert res.exit_code == 0 and json.loads(res.stdout)["reviews"] == 4


@pytest.mark.parametrize("mode,needle", [("404", "404"), ("shape", "unexpected shape")])
def test_changed_endpoint_is_one_line_exit_4(cli, google_site, fast_limits, tmp_path, mode, needle):
    google_site.fake.mode = mode
    res = reviews(cli, google_site, tmp_path / "r.csv")
    assert res.exit_code == 4 and needle in res.stderr and "endpoint may have changed" in res.stderr
    assert res.stderr.count("\n") == 1 and len(google_site.hits) == 1
    assert not (tmp_path / "r.csv").exists()


def test_429_stops(cli, google_site, fast_limits, tmp_path):
    google_site.respond = lambda path, query: (429, "text/html", b"<html>sorry</html>")
    res = reviews(cli, google_site, tmp_path / "r.csv")
    assert res.exit_code == 4 and "429" in res.stderr and len(google_site.hits) == 1


def test_pb_offset_substitution():
    assert page_pb("!2i{n}!3e1", 20) == "!2i20!3e1"
    assert page_pb("!1i10!2i0!3e1", 30) == "!1i10!2i30!3e1"


@pytest.mark.parametrize(
    "args,needle",
    [
        (("--place", "x", "--pb", "!1m2!3e1"), "{n}"),
        (("--place", "", "--pb", PB), "--place"),
        (("--place", "x"), "--pb"),
        (("--place", "x", "--pb", PB, "--max", "0"), "--max"),
        (("--place", "x", "--pb", PB, "--max-rate", "9"), "--max-rate"),
    ],
)
def test_validation_exit_2(cli, google_site, tmp_path, args, needle):
    res = cli(
        "scrape",
        "google-reviews",
        "--base-url",
        google_site.url,
        "--out",
        tmp_path / "r.csv",
        *args,
    )
    assert res.exit_code == 2 and needle in res.stderr and google_site.hits == []


def test_help_has_an_example(cli):
    res = cli("scrape", "google-reviews", "--help")
    assert res.exit_code == 0 and "Examples:" in res.stdout
    assert "  dlkit scrape google-reviews" in res.stdout


def test_unreachable_host_is_one_short_line(cli, fast_limits, tmp_path):
    import socket

    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    res = cli(
        "scrape",
        "google-reviews",
        "--place",
        "p",
        "--pb",
        "!2i{n}",
        "--base-url",
        f"http://127.0.0.1:{port}",
        "--out",
        tmp_path / "p.csv",
    )
    assert res.exit_code == 4
    assert res.stderr == (
        f"dlkit: error: cannot reach 127.0.0.1:{port}: connection refused "
        "(GET /maps/preview/review/listentitiesreviews, 4 tries); "
        "try again later\n"
    )


def test_output_is_checked_before_any_request(cli, google_site, tmp_path):
    (tmp_path / "p.csv").mkdir()
    res = cli(
        "scrape",
        "google-reviews",
        "--place",
        "p",
        "--pb",
        "!2i{n}",
        "--base-url",
        google_site.url,
        "--out",
        tmp_path / "p.csv",
    )
    assert res.exit_code == 2 and "is a folder, not a file" in res.stderr
    assert google_site.hits == []


def test_reruns_merge_without_duplicates_and_cluster_reads_the_csv(
    cli, google_site, fast_limits, tmp_path, monkeypatch
):
    out = tmp_path / "reviews.csv"
    google_site.fake.total = 15
    first = json.loads(reviews(cli, google_site, out, "--json").stdout)
    assert first["reviews"] == 14 and first["new"] == 14
    google_site.fake.total = 25  # ten more reviews since
    google_site.hits.clear()
    second = json.loads(reviews(cli, google_site, out, "--json").stdout)
    assert second["reviews"] == 24 and second["new"] == 10
    with out.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    ids = [r["review_id"] for r in rows]
    assert len(ids) == len(set(ids)) == 24 and ids[:14] == first_ids(14)
    google_site.hits.clear()
    third = json.loads(reviews(cli, google_site, out, "--json").stdout)
    assert third["new"] == 0 and third["reviews"] == 24
    assert third["requests"] == 10  # ten pages without a new review, then stop
    # dlkit cluster reads it with no options
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    result = cli("cluster", out.name, "--json")
    assert result.exit_code == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["text_column"] == "text" and summary["n_texts"] == 24
    assert (tmp_path / "runs" / "cluster" / "001" / "report.html").is_file()


def first_ids(n):
    return [f"review-{i}" for i in range(n + 1) if i != 3][:n]


def test_existing_file_that_is_not_reviews_is_exit_3(cli, google_site, fast_limits, tmp_path):
    out = tmp_path / "other.csv"
    out.write_text("a,b\n1,2\n", encoding="utf-8")
    res = reviews(cli, google_site, out)
    assert res.exit_code == 3 and "not a reviews CSV" in res.stderr
    assert out.read_text(encoding="utf-8") == "a,b\n1,2\n"

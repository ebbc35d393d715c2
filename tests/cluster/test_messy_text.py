"""``dlkit cluster`` with its defaults on generated messy posts (URLs, mentions, emoji, entities,
numbers, retweets, duplicates, two-word and very long rows, empty rows): outliers a user can act
on, no catch-all topic, no markup keywords, merging to a topic count, and the run's files."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import pytest

from dlkit.cluster.samples import messy_texts

WEB_WORDS = {"http", "https", "www", "co", "com", "amp", "ly", "tinyurl", "rt", "cont", "html"}


@pytest.fixture(scope="session")
def messy_csv(data_dir) -> Path:
    rows = messy_texts(360, seed=3)
    frame = pd.DataFrame({"truth": [t for t, _ in rows], "text": [x for _, x in rows]})
    frame.loc[len(frame)] = ["none", ""]
    frame.loc[len(frame)] = ["none", "   "]
    path = data_dir / "messy.csv"
    frame.to_csv(path, index=False)
    return path


@pytest.fixture(scope="session")
def messy_default(messy_csv, cache_dir, tmp_path_factory):
    """One default run, shared by the checks below."""
    from typer.testing import CliRunner

    from dlkit.cli.main import app

    out = tmp_path_factory.mktemp("messy-runs")
    result = CliRunner().invoke(
        app,
        ["cluster", str(messy_csv), "--cache-dir", str(cache_dir), "--out", str(out), "--json"],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_default_leaves_few_outliers_and_no_catch_all(messy_default):
    s = messy_default
    assert s["n_texts"] == 360 and s["n_empty"] == 2
    assert s["outlier_share"] <= 0.20
    assert s["outlier_share"] < s["outlier_share_before_assign"]
    assert s["n_topics"] >= 8
    assert max(t["size"] for t in s["topics"]) <= 0.2 * s["n_texts"]


def test_no_markup_reaches_the_keywords(messy_default):
    for topic in messy_default["topics"]:
        for word in topic["keywords"]:
            assert word not in WEB_WORDS, topic["keywords"]
            assert not re.search(r"[@#/&]|^\d|\.com|t\.co", word), topic["keywords"]
        assert topic["label"] and topic["label"].count(" / ") <= 2


def test_each_row_says_how_it_was_placed(messy_default):
    from sklearn.metrics import normalized_mutual_info_score

    frame = pd.read_csv(Path(messy_default["run_dir"]) / "assignments.csv")
    assert set(frame["status"]) == {"clustered", "assigned", "outlier", "empty"}
    assigned = frame[frame["status"] == "assigned"]
    assert (assigned["topic"] >= 0).all() and (assigned["probability"] >= 0.5).all()
    outliers = frame[frame["status"] == "outlier"]
    assert (outliers["topic"] == -1).all() and (outliers["probability"] < 0.5).all()
    texts = frame[frame["status"] != "empty"]
    assert normalized_mutual_info_score(texts["truth"], texts["topic"]) > 0.7


def test_report_files(messy_default):
    run = Path(messy_default["run_dir"])
    page = (run / "report.html").read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "http://t.co/" not in page.split("<h2>Topics")[0]
    assert page.count('<section class="topic"') == messy_default["n_topics"]
    assert 'src="http' not in page and "<script" not in page  # nothing to fetch, nothing to run
    assert page.count("data:image/png;base64,") == 2
    assert (run / "topic_sizes.png").stat().st_size > 5000


def test_strict_keeps_the_outliers(run_cluster_cli, messy_csv, messy_default):
    _, strict = run_cluster_cli(messy_csv, "--strict")
    assert strict["assigned"] == 0
    assert (
        strict["outlier_share"]
        == strict["outlier_share_before_assign"]
        == messy_default["outlier_share_before_assign"]
    )


def test_merge_down_to_a_topic_count(run_cluster_cli, messy_csv, messy_default):
    _, merged = run_cluster_cli(messy_csv, "--topics", "4")
    assert merged["n_topics"] == 4
    assert len(merged["merges"]) == messy_default["n_topics"] - 4
    assert {m["reason"] for m in merged["merges"]} == {"topics"}
    assert sorted({m["kept"] for m in merged["merges"]}) <= [0, 1, 2, 3]
    saved = json.loads((Path(merged["run_dir"]) / "topics.json").read_text(encoding="utf-8"))
    assert saved["merges"] == merged["merges"]


def test_bigrams(run_cluster_cli, messy_csv):
    _, summary = run_cluster_cli(messy_csv, "--ngrams", "1-2", "--top-words", "15")
    phrases = [w for t in summary["topics"] for w in t["keywords"] if " " in w]
    assert phrases, summary["topics"]

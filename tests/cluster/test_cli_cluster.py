"""``dlkit cluster`` as a user types it: topics, files, JSON, determinism and the options."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

EXPECTED_EN = {
    "food": {"tasty", "delicious", "dumplings", "food", "restaurant"},
    "staff": {"staff", "friendly", "helpful", "service", "ticket"},
    "view": {"view", "observatory", "elevator", "floor", "skyline", "sunset"},
}
EXPECTED_ZH = {
    "food": {"好吃", "美味", "美食街", "餐廳", "午餐"},
    "staff": {"親切", "態度", "服務", "服務人員", "工作人員", "售票處"},
    "view": {"電梯", "景色", "夜景", "觀景台", "上樓"},
}


def _check_topics(summary: dict, expected: dict[str, set[str]]) -> None:
    assert summary["n_topics"] == 3, summary["topics"]
    assert summary["outlier_share"] <= 0.1
    found = {}
    for topic in summary["topics"]:
        top = set(topic["keywords"][:5])
        matches = [name for name, words in expected.items() if top & words]
        assert len(matches) == 1, (topic["keywords"], matches)
        found[matches[0]] = topic["size"]
    assert set(found) == set(expected)
    assert all(size >= 20 for size in found.values())


def test_english_topics_and_files(run_cluster_cli, en_csv):
    result, summary = run_cluster_cli(en_csv, "--min-cluster-size", "8")
    assert result.exit_code == 0, result.stderr
    _check_topics(summary, EXPECTED_EN)
    run = Path(summary["run_dir"])
    assignments = pd.read_csv(run / "assignments.csv", encoding="utf-8-sig")
    assert list(assignments.columns) == ["id", "truth", "review", "topic", "probability", "status"]
    assert len(assignments) == 72
    # every true topic lands in one dlkit topic
    assert (assignments.groupby("truth")["topic"].nunique() == 1).all()
    topics = pd.read_csv(run / "topics.csv", encoding="utf-8-sig")
    assert list(topics.columns) == ["topic", "size", "keywords", "representatives"]
    assert topics["size"].sum() == 72
    saved = json.loads((run / "topics.json").read_text(encoding="utf-8"))
    assert saved["topics"] == summary["topics"]
    assert all(len(t["representatives"]) == 3 for t in saved["topics"])
    assert (run / "topic_map.png").stat().st_size > 5000


def test_traditional_chinese_topics(run_cluster_cli, zh_csv):
    result, summary = run_cluster_cli(zh_csv, "--min-cluster-size", "8")
    assert result.exit_code == 0, result.stderr
    assert summary["text_column"] == "評價"
    assert summary["lexical_weight"] == 0.5
    _check_topics(summary, EXPECTED_ZH)
    for topic in summary["topics"]:
        assert all(len(word) >= 2 for word in topic["keywords"])
        assert not {"的", "很", "了", "我們", "非常"} & set(topic["keywords"])


def test_plain_output_ends_with_run_folder(cli, en_csv, cache_dir, tmp_path):
    result = cli(
        "cluster",
        en_csv,
        "--min-cluster-size",
        "8",
        "--cache-dir",
        cache_dir,
        "--out",
        tmp_path / "runs",
    )
    assert result.exit_code == 0, result.stderr
    last = result.stdout.strip().splitlines()[-1]
    assert Path(last) == tmp_path / "runs" / "cluster" / "001"
    assert "topics" in result.stdout and "keywords" in result.stdout


def test_same_seed_same_result(run_cluster_cli, en_csv, tmp_path):
    _, first = run_cluster_cli(en_csv, "--min-cluster-size", "8", "--seed", "7")
    _, second = run_cluster_cli(en_csv, "--min-cluster-size", "8", "--seed", "7")
    a = pd.read_csv(Path(first["run_dir"]) / "assignments.csv")
    b = pd.read_csv(Path(second["run_dir"]) / "assignments.csv")
    assert first["run_dir"] != second["run_dir"]
    pd.testing.assert_frame_equal(a, b)
    assert first["topics"] == second["topics"]


def test_assign_outliers_leaves_none(run_cluster_cli, en_csv):
    _, before = run_cluster_cli(en_csv, "--min-cluster-size", "20", "--min-samples", "15")
    assert before["outlier_share"] > 0
    _, after = run_cluster_cli(
        en_csv, "--min-cluster-size", "20", "--min-samples", "15", "--assign-outliers"
    )
    assert after["outlier_share"] == 0
    assert after["outlier_share_before_assign"] == before["outlier_share"]
    frame = pd.read_csv(Path(after["run_dir"]) / "assignments.csv")
    assert (frame["topic"] >= 0).all()
    assert set(frame["status"]) == {"clustered", "assigned"}


def test_merge_threshold_merges_split_topics(run_cluster_cli, en_csv):
    _, split = run_cluster_cli(en_csv, "--algo", "kmeans", "--n-clusters", "6")
    assert split["n_topics"] == 6
    _, merged = run_cluster_cli(
        en_csv, "--algo", "kmeans", "--n-clusters", "6", "--merge-threshold", "0.5"
    )
    assert merged["n_topics"] == 3
    assert len(merged["merges"]) == 3


def test_dbscan_and_kmeans(run_cluster_cli, en_csv):
    _, km = run_cluster_cli(en_csv, "--algo", "kmeans", "--n-clusters", "3")
    _check_topics(km, EXPECTED_EN)
    _, db = run_cluster_cli(en_csv, "--algo", "dbscan", "--eps", "0.9", "--min-samples", "3")
    assert db["algo"] == "dbscan" and db["n_topics"] >= 1
    _, tiny_eps = run_cluster_cli(en_csv, "--algo", "dbscan", "--eps", "0.01")
    assert tiny_eps["n_topics"] == 0 and tiny_eps["outlier_share"] == 1.0


def test_tsne_map(run_cluster_cli, en_csv):
    result, summary = run_cluster_cli(en_csv, "--reduce", "tsne", "--min-cluster-size", "8")
    assert result.exit_code == 0, result.stderr
    assert summary["reduce"] == "tsne"
    assert (Path(summary["run_dir"]) / "topic_map.png").stat().st_size > 5000


def test_dbscan_demo(cli, tmp_path):
    result = cli("cluster", "--demo", "dbscan", "--out", tmp_path, "--json")
    assert result.exit_code == 0, result.stderr
    summary = json.loads(result.stdout)
    assert Path(summary["png"]).stat().st_size > 10000
    sweep = {row["eps"]: row for row in summary["sweep"]}
    assert sweep[0.1]["noise_share"] > 0.5  # too small: mostly noise
    assert sweep[0.5]["clusters"] == 2  # right: the two blobs
    assert sweep[4.0]["clusters"] == 1  # too large: one blob


def test_empty_rows_and_duplicates_kept(run_cluster_cli, en_csv, tmp_path):
    frame = pd.read_csv(en_csv)
    extra = pd.DataFrame(
        {
            "id": [100, 101, 102, 103],
            "truth": ["x"] * 4,
            "review": [None, "   ", frame["review"][0], frame["review"][0]],
        }
    )
    path = tmp_path / "messy.csv"
    pd.concat([frame, extra]).to_csv(path, index=False)
    result, summary = run_cluster_cli(path, "--min-cluster-size", "8")
    assert result.exit_code == 0, result.stderr
    assert summary["n_rows"] == 76 and summary["n_texts"] == 74 and summary["n_empty"] == 2
    out = pd.read_csv(Path(summary["run_dir"]) / "assignments.csv")
    assert len(out) == 76
    assert list(out["status"][72:74]) == ["empty", "empty"]
    assert list(out["topic"][72:74]) == [-1, -1]
    assert out["topic"][74] == out["topic"][75] == out["topic"][0]


def test_tiny_input_is_all_outliers(run_cluster_cli, tmp_path):
    path = tmp_path / "tiny.txt"
    path.write_text("great view\nnice food\n\nfriendly staff\n", encoding="utf-8")
    result, summary = run_cluster_cli(path)
    assert result.exit_code == 0, result.stderr
    assert summary["n_texts"] == 3 and summary["n_topics"] == 0
    assert summary["outlier_share"] == 1.0


def test_subprocess_run_from_jsonl(cli_proc, tmp_path, cache_dir):
    from samples import EN, make_texts

    path = tmp_path / "reviews.jsonl"
    rows = [{"text": text, "stars": 5} for _, text in make_texts(EN)]
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    result = cli_proc(
        "cluster",
        path,
        "--min-cluster-size",
        "8",
        "--cache-dir",
        cache_dir,
        "--out",
        "runs",
        "--assign-outliers",
        cwd=tmp_path,
    )
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "runs/cluster/001"
    assert (tmp_path / "runs" / "cluster" / "001" / "assignments.csv").is_file()

"""Fixtures for the cluster tests: sample files (English, Traditional Chinese) and one embedding
cache shared by the whole session, so each distinct text is embedded once for all tests."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from samples import EN, ZH, make_texts


@pytest.fixture(scope="session")
def cache_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("embedding-cache")


@pytest.fixture(scope="session")
def data_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("cluster-data")


def _write_csv(path: Path, rows: list[tuple[str, str]], column: str, encoding: str) -> Path:
    import pandas as pd

    pd.DataFrame(
        {"id": range(len(rows)), "truth": [t for t, _ in rows], column: [text for _, text in rows]}
    ).to_csv(path, index=False, encoding=encoding)
    return path


@pytest.fixture(scope="session")
def en_csv(data_dir) -> Path:
    return _write_csv(data_dir / "en.csv", make_texts(EN), "review", "utf-8")


@pytest.fixture(scope="session")
def zh_csv(data_dir) -> Path:
    """Traditional Chinese, saved with a UTF-8 BOM (as Excel does), text column 評價."""
    return _write_csv(data_dir / "zh.csv", make_texts(ZH), "評價", "utf-8-sig")


@pytest.fixture
def run_cluster_cli(cli, cache_dir, tmp_path):
    """``run_cluster_cli(file, *flags)`` → (CliResult, summary dict) via ``--json``."""

    def invoke(*args, out: Path | None = None):
        result = cli(
            "cluster", *args, "--cache-dir", cache_dir, "--out", out or tmp_path / "runs", "--json"
        )
        summary = json.loads(result.stdout) if result.exit_code == 0 else None
        return result, summary

    return invoke

"""Cluster pictures and the HTML page: CJK font or one warning, escaping, and report.html
rendered by headless Chromium (skipped only where Chromium is not installed; CI installs it)."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

from dlkit.cluster import charts, fonts, html_report

SUMMARY = {
    "n_texts": 6,
    "n_empty": 0,
    "n_topics": 2,
    "outlier_share": 1 / 6,
    "outlier_share_before_assign": 0.5,
    "assigned": 2,
    "model": "m",
    "reduce": "none",
    "algo": "hdbscan",
    "input": "reviews.csv",
    "merges": [
        {
            "kept": 0,
            "absorbed": 4,
            "cluster_kept": 1,
            "similarity": 0.91,
            "sizes": [2, 1],
            "reason": "threshold",
        }
    ],
    "topics": [
        {
            "id": 0,
            "size": 3,
            "label": "電梯 / 速度",
            "keywords": ["電梯", "速度"],
            "representatives": ["電梯很快 <b>!</b>"],
        },
        {
            "id": 1,
            "size": 2,
            "label": "view / skyline",
            "keywords": ["view"],
            "representatives": ["great view & skyline"],
        },
    ],
}


def _charts(tmp_path: Path) -> dict[str, Path]:
    labels = np.array([0, 0, 0, 1, 1, -1])
    coords = np.arange(12, dtype=float).reshape(6, 2)
    return {
        "map": charts.save_map(tmp_path / "map.png", coords, labels, SUMMARY, "PCA"),
        "sizes": charts.save_sizes(tmp_path / "sizes.png", SUMMARY),
    }


def test_chinese_labels_use_a_cjk_font_or_warn_once(tmp_path, monkeypatch, capsys):
    installed = fonts.cjk_fonts()
    if installed:  # CI installs fonts-wqy-microhei
        assert fonts.fonts_for(["電梯"]) == installed
        assert "WenQuanYi Micro Hei" in installed or installed
    monkeypatch.setattr(fonts, "cjk_fonts", lambda: [])
    monkeypatch.setattr(fonts, "_warned", False)
    assert fonts.fonts_for(["view"]) == []
    assert capsys.readouterr().err == ""  # no Chinese, no warning
    _charts(tmp_path)
    err = capsys.readouterr().err
    assert err.count("no CJK font") == 1  # two charts, one warning
    assert charts.topic_label(SUMMARY["topics"][0], ascii_only=True) == "0 (3): "


def test_html_is_self_contained_and_escaped(tmp_path):
    page = html_report.render(SUMMARY, _charts(tmp_path))
    assert page.count("data:image/png;base64,") == 2
    assert "&lt;b&gt;!&lt;/b&gt;" in page and "<b>!</b>" not in page
    assert "great view &amp; skyline" in page
    assert "cluster 4 (1 texts) joined cluster 1 (2), now topic 0" in page


def _browser() -> tuple[str, str] | None:
    browser = next(
        (
            p
            for p in (
                shutil.which("chromium"),
                shutil.which("chromium-browser"),
                shutil.which("google-chrome"),
            )
            if p
        ),
        None,
    )
    driver = shutil.which("chromedriver")
    return (browser, driver) if browser and driver else None


@pytest.mark.skipif(_browser() is None, reason="chromium and chromedriver are not installed")
def test_report_renders_in_headless_chromium(tmp_path):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By

    path = html_report.write(tmp_path / "report.html", SUMMARY, _charts(tmp_path))
    browser, driver_path = _browser()
    options = webdriver.ChromeOptions()
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"):
        options.add_argument(flag)
    options.binary_location = browser
    driver = webdriver.Chrome(service=Service(driver_path), options=options)
    try:
        driver.get(path.resolve().as_uri())
        headings = [h.text for h in driver.find_elements(By.TAG_NAME, "h3")]
        assert headings == ["Topic 0: 電梯 / 速度", "Topic 1: view / skyline"]
        images = driver.find_elements(By.TAG_NAME, "img")
        assert len(images) == 2
        assert all(
            driver.execute_script("return arguments[0].naturalWidth", i) > 100 for i in images
        )  # the inlined PNGs decoded
    finally:
        driver.quit()

"""``report.html``: written by ``dlkit train``, rewritten by ``dlkit evaluate``, self-contained,
and read back as a user sees it, in headless Chromium (as tests/cluster renders its report)."""

from __future__ import annotations

import json
import re
import shutil

import pytest

from dlkit_testing import invoke, train_run


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    out = tmp_path_factory.mktemp("report") / "runs"
    folder = train_run("digits-mlp", "--epochs", "1", "--out", out)
    after_train = (folder / "report.html").read_text(encoding="utf-8")
    result = invoke("evaluate", folder)
    assert result.exit_code == 0, result.stderr
    return folder, after_train


def test_train_writes_it_and_evaluate_adds_its_pictures(run):
    folder, after_train = run
    assert "dlkit evaluate" in after_train and "alt='confusion_matrix'" not in after_train
    page = (folder / "report.html").read_text(encoding="utf-8")
    assert "Evaluation on test" in page and "alt='confusion_matrix'" in page
    metrics = json.loads((folder / "metrics.json").read_text())
    assert metrics["data_sha256"] in page
    assert not re.search(r"(src|href)=['\"](https?:|//)", page)  # nothing loads from a network
    assert len(re.findall(r"src='data:image/png;base64,", page)) == 4  # loss, acc, matrix, samples


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
def test_report_renders_in_headless_chromium(run):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By

    folder, _ = run
    metrics = json.loads((folder / "metrics.json").read_text())
    browser, driver_path = _browser()
    options = webdriver.ChromeOptions()
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"):
        options.add_argument(flag)
    options.binary_location = browser
    driver = webdriver.Chrome(service=Service(driver_path), options=options)
    try:
        driver.get((folder / "report.html").resolve().as_uri())
        headings = [h.text for h in driver.find_elements(By.TAG_NAME, "h2")]
        assert headings == [
            "Metrics",
            "Training curves",
            "Evaluation on test",
            "History",
            "Config",
            "Data and environment",
        ]
        cells = {
            row.find_element(By.TAG_NAME, "th").text: row.find_element(By.TAG_NAME, "td").text
            for row in driver.find_elements(By.CSS_SELECTOR, "table:first-of-type tr")
            if row.find_elements(By.TAG_NAME, "td")
        }
        assert cells["test_acc"] == f"{metrics['test_acc']:.6g}"
        assert cells["status"] == "finished"
        images = driver.find_elements(By.TAG_NAME, "img")
        assert sorted(i.get_attribute("alt") for i in images) == [
            "accuracy",
            "confusion_matrix",
            "loss",
            "samples",
        ]
        assert all(
            driver.execute_script("return arguments[0].naturalWidth", i) > 100 for i in images
        )  # the inlined PNGs decoded
        loaded = driver.execute_script(
            "return performance.getEntriesByType('resource').map(e => e.name)"
        )
        assert loaded == []  # nothing fetched
        assert "optim:" in driver.find_element(By.TAG_NAME, "pre").text
    finally:
        driver.quit()

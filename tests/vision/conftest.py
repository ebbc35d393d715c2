"""Fixtures for the image tests: generated photo folders (see ``photo_files.py``) and no downloads."""

from __future__ import annotations

from pathlib import Path

import pytest
from photo_files import make_class_folder, make_split_folder


@pytest.fixture
def photo_folder(tmp_path: Path) -> Path:
    """A single class-per-subfolder folder with the junk files."""
    return make_class_folder(tmp_path / "photos")


@pytest.fixture
def split_folder(tmp_path: Path) -> Path:
    return make_split_folder(tmp_path / "cats_and_dogs_small")


@pytest.fixture(autouse=True)
def offline(monkeypatch: pytest.MonkeyPatch) -> None:
    """Nothing in these tests may download."""
    monkeypatch.setenv("DLKIT_OFFLINE", "1")

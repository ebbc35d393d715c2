"""``prepare split`` and ``prepare augment-preview`` as a user types them, plus the split plan's
counts, ratios, determinism, Kaggle-style flat folders and refusals."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from photo_files import draw, make_class_folder, write_image

from dlkit.errors import DataError, UsageError
from dlkit.families.images.split_folders import parse_amount, split_folders


def listing(root: Path) -> dict[str, list[str]]:
    return {
        str(p.relative_to(root).parent): sorted(x.name for x in p.parent.iterdir())
        for p in root.rglob("*")
        if p.is_file() and p.name != "split.json"
    }


def test_counts_per_class_like_the_seed(cli, tmp_path):
    src = make_class_folder(tmp_path / "src", per_class=10, extras=False)
    result = cli(
        "prepare", "split", src, tmp_path / "dst", "--train", "5", "--val", "3", "--test", "2"
    )
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip() == str(tmp_path / "dst")
    for part, n in (("train", 5), ("validation", 3), ("test", 2)):
        for name in ("cats", "dogs"):
            files = list((tmp_path / "dst" / part / name).iterdir())
            assert len(files) == n
            assert all(f.read_bytes() == (src / name / f.name).read_bytes() for f in files)
    names = [f.name for f in (tmp_path / "dst").rglob("cats.*")]
    assert len(names) == len(set(names)) == 10  # no photo in two parts
    manifest = json.loads((tmp_path / "dst" / "split.json").read_text())
    assert manifest["counts"]["validation"] == {"cats": 3, "dogs": 3}


def test_ratios_and_seeds(tmp_path):
    src = make_class_folder(tmp_path / "src", per_class=10, extras=False)
    a = split_folders(src, tmp_path / "a", "0.6", "0.2", "0.2", seed=1)
    split_folders(src, tmp_path / "b", "0.6", "0.2", "0.2", seed=1)
    split_folders(src, tmp_path / "c", "0.6", "0.2", "0.2", seed=2)
    assert a["counts"]["train"] == {"cats": 6, "dogs": 6}
    assert listing(tmp_path / "a") == listing(tmp_path / "b")
    assert listing(tmp_path / "a") != listing(tmp_path / "c")


def test_kaggle_flat_folder_and_links(tmp_path):
    src = tmp_path / "kaggle_train"
    for i in range(4):
        write_image(src / f"cat.{i}.jpg", draw("cats", (20, 20), i))
        write_image(src / f"dog.{i}.jpg", draw("dogs", (20, 20), i))
    (src / ".DS_Store").write_bytes(b"junk")
    summary = split_folders(src, tmp_path / "dst", 2, 1, 1, link=True)
    assert summary["counts"]["train"] == {"cat": 2, "dog": 2}
    copy = next((tmp_path / "dst" / "test" / "dog").iterdir())
    original = src / copy.name
    assert os.path.samefile(copy, original)


def test_refusals(cli, tmp_path):
    src = make_class_folder(tmp_path / "src", per_class=4, extras=False)
    dst = tmp_path / "dst"
    dst.mkdir()
    (dst / "keep.txt").write_text("mine")
    refused = cli("prepare", "split", src, dst)
    assert refused.exit_code == 2 and "--force" in refused.stderr
    forced = cli(
        "prepare", "split", src, dst, "--train", "2", "--val", "1", "--test", "1", "--force"
    )
    assert forced.exit_code == 0, forced.stderr
    assert (dst / "keep.txt").read_text() == "mine"
    too_many = cli("prepare", "split", src, tmp_path / "other", "--train", "10")
    assert too_many.exit_code == 3 and "has 4 images" in too_many.stderr
    with pytest.raises(UsageError, match="add up to 1.2"):
        split_folders(src, tmp_path / "x", "0.6", "0.3", "0.3")
    with pytest.raises(UsageError):
        parse_amount("1.5", "--train")
    with pytest.raises(DataError, match="found 1 class"):
        split_folders(dst / "train" / "cats", tmp_path / "y")


def test_augment_preview_writes_a_grid(cli, photo_folder, tmp_path):
    out = tmp_path / "preview.png"
    result = cli(
        "prepare",
        "augment-preview",
        photo_folder / "cats" / "cats.0.jpg",
        "-n",
        "7",
        "--out",
        out,
        "--set",
        "data.image_size=64",
    )
    assert result.exit_code == 0, result.stderr
    import cv2

    image = cv2.imread(str(out))
    assert image is not None and image.shape[0] > 200 and image.shape[1] > 400
    no_aug = cli(
        "prepare",
        "augment-preview",
        photo_folder / "cats" / "cats.0.jpg",
        "--recipe",
        "catsdogs-cnn",
    )
    assert no_aug.exit_code == 2 and "no data.augment" in no_aug.stderr


def test_unreadable_images_are_skipped_and_counted(cli, tmp_path):
    src = make_class_folder(tmp_path / "src", per_class=4, extras=False)
    (src / "dogs" / "broken.jpg").write_bytes(b"\xff\xd8\xff not really a jpeg")
    (src / "cats" / "empty.png").write_bytes(b"")
    result = cli(
        "prepare",
        "split",
        src,
        tmp_path / "dst",
        "--train",
        "2",
        "--val",
        "1",
        "--test",
        "1",
        "--json",
    )
    assert result.exit_code == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["skipped_unreadable"] == 2
    assert sorted(summary["unreadable"]) == ["cats/empty.png", "dogs/broken.jpg"]
    copied = sorted(p.name for p in (tmp_path / "dst").rglob("*") if p.is_file())
    assert "broken.jpg" not in copied and "empty.png" not in copied
    assert len(copied) == 8 + 1  # 4 per class + split.json
    plain = cli(
        "prepare", "split", src, tmp_path / "dst2", "--train", "2", "--val", "1", "--test", "1"
    )
    assert plain.exit_code == 0 and "skipped 2 unreadable image file(s)" in plain.stderr


@pytest.mark.parametrize(
    "where,needle",
    [
        ("{file}/split", "is a file, so no folder"),
        ("/proc/dlkit-split", "cannot write"),
        ("{file}", "is a file, not a folder"),
        ("{dst}", "split.json: is a folder, not a file"),
    ],
)
def test_unwritable_destination_is_one_line_exit_2(cli, tmp_path, where, needle):
    src = make_class_folder(tmp_path / "src", per_class=4, extras=False)
    regular = tmp_path / "regular"
    regular.write_text("x")
    dst = tmp_path / "dst"
    (dst / "split.json").mkdir(parents=True)
    result = cli("prepare", "split", src, where.format(file=regular, dst=dst), "--force")
    assert result.exit_code == 2 and needle in result.stderr, result.stderr
    assert len(result.stderr.strip().splitlines()) == 1

"""The image_folder data module on generated photos: both layouts, sorted classes, mixed formats and
sizes, grey and colour, corrupt files counted, hidden files ignored, the decode cache, one-line
errors."""

from __future__ import annotations

import shutil

import numpy as np
import pytest

from dlkit.errors import DataError
from dlkit.families.images import image_folder as module
from dlkit.families.images.image_folder import image_folder


def test_class_folder_is_read_sorted_resized_and_junk_skipped(photo_folder, capsys):
    ds = image_folder(str(photo_folder), image_size=[24, 32], val_fraction=0.25, test_fraction=0.0)
    assert ds.classes == ["cats", "dogs"]
    assert "skipped 1 unreadable image file(s)" in capsys.readouterr().err
    x = np.concatenate([ds.train.x, ds.val.x])
    y = np.concatenate([ds.train.y, ds.val.y])
    assert x.dtype == np.uint8 and x.shape[1:] == (24, 32, 3)
    assert np.bincount(y).tolist() == [7, 6]  # 6 + grey.png cats; broken.jpg skipped
    red, blue = x[..., 0].mean(axis=(1, 2)), x[..., 2].mean(axis=(1, 2))
    colour = ~((x[..., 0] == x[..., 1]).all(axis=(1, 2)))  # the grey image has no red disc
    assert (red > blue)[(y == 0) & colour].all() and (blue > red)[y == 1].all()
    assert ds.test is None and ds.augment is None
    assert ds.input_spec.to_dict() == {
        "kind": "image",
        "shape": [3, 24, 32],
        "mean": [0.0] * 3,
        "std": [1.0] * 3,
        "background": None,
    }


def test_grey_channels_and_square_int_size(photo_folder):
    ds = image_folder(
        str(photo_folder), image_size=20, channels=1, normalize="half", test_fraction=0.2
    )
    assert ds.train.x.shape[1:] == (20, 20, 1)
    assert ds.input_spec.shape == [1, 20, 20] and ds.input_spec.mean == [0.5]
    assert len(ds.train) + len(ds.val) + len(ds.test) == 13


def test_split_layout_uses_its_folders_and_augments(split_folder):
    ds = image_folder(str(split_folder), image_size=16, augment={"horizontal_flip": True})
    assert (len(ds.train), len(ds.val), len(ds.test)) == (12, 4, 4)
    assert ds.classes == ["cats", "dogs"] and ds.augment is not None


def test_second_load_comes_from_the_cache(photo_folder, monkeypatch, capsys):
    first = image_folder(str(photo_folder), image_size=16)
    assert (photo_folder / "dlkit-cache" / "images-16x16x3.npz").is_file()

    def no_decoding(*args, **kwargs):
        raise AssertionError("decoded again")

    monkeypatch.setattr(module, "load_images", no_decoding)
    again = image_folder(str(photo_folder), image_size=16)
    assert np.array_equal(first.train.x, again.train.x)
    assert "skipped 1" in capsys.readouterr().err  # still reported from the cache
    assert again.classes == ["cats", "dogs"]  # dlkit-cache is not a class


def test_moving_a_photo_to_another_class_rebuilds(photo_folder):
    before = image_folder(str(photo_folder), image_size=16, val_fraction=0)
    shutil.move(photo_folder / "cats" / "cats.0.jpg", photo_folder / "dogs" / "cats.0.jpg")
    after = image_folder(str(photo_folder), image_size=16, val_fraction=0)
    assert np.bincount(before.train.y).tolist() == [7, 6]
    assert np.bincount(after.train.y).tolist() == [6, 7]


def test_folder_errors_are_one_line(tmp_path):
    with pytest.raises(DataError, match="image folder not found"):
        image_folder(str(tmp_path / "nope"))
    (tmp_path / "one" / "cats").mkdir(parents=True)
    (tmp_path / "one" / "cats" / "a.jpg").write_bytes(b"junk")
    with pytest.raises(DataError, match="at least 2 class subfolders"):
        image_folder(str(tmp_path / "one"))
    (tmp_path / "one" / "dogs").mkdir()
    (tmp_path / "one" / "dogs" / "b.png").write_bytes(b"junk")
    with pytest.raises(DataError, match="no readable images"):
        image_folder(str(tmp_path / "one"), image_size=8)


def test_image_folder_cnn_trains_evaluates_and_predicts(cli, photo_folder, tmp_path):
    result = cli(
        "train",
        "image-folder-cnn",
        "--data-dir",
        photo_folder,
        "--epochs",
        "1",
        "--set",
        "data.image_size=[48,48]",
        "--out",
        tmp_path / "runs",
    )
    assert result.exit_code == 0, result.stderr
    assert "skipped 1 unreadable image file(s)" in result.stderr
    run = result.stdout.strip().splitlines()[-1]
    evaluated = cli("evaluate", run)
    assert evaluated.exit_code == 0, evaluated.stderr
    assert (tmp_path / "runs" / "image-folder-cnn" / "001" / "eval-test" / "samples.png").is_file()
    predicted = cli("predict", run, photo_folder / "cats" / "grey.png", photo_folder / "dogs")
    assert predicted.exit_code == 0, predicted.stderr
    rows = predicted.stdout.strip().splitlines()
    assert len(rows) == 1 + 1 + 6 and "grey.png" in rows[1]
    assert "broken.jpg" in predicted.stderr


def test_non_ascii_folders_and_names(tmp_path):
    from photo_files import draw, write_image

    root = tmp_path / "我的照片"
    for i in range(3):
        write_image(root / "貓" / f"小貓 {i}.jpg", draw("cats", (30, 30), i))
        write_image(root / "狗" / f"小狗 {i}.png", draw("dogs", (30, 30), i))
    ds = image_folder(str(root), image_size=16, val_fraction=0)
    assert ds.classes == sorted(["貓", "狗"]) and len(ds.train) == 6

"""dlkit prepare faces on a real photograph (scikit-image's astronaut, one frontal face the bundled
Haar cascade finds) and on videos generated from it: crops, --every, near-duplicates, names that
never collide, margins clamped at the frame edge, and the one-line errors."""

from __future__ import annotations

import json

import cv2
import numpy as np
import pytest
from face_pictures import astronaut_rgb, write_image, write_video

from dlkit.families.faces.detector import Detector, load_cascade

FACE = (174, 66, 98, 98)  # where the cascade finds the astronaut's face (x, y, w, h)


@pytest.fixture(scope="module")
def photo(tmp_path_factory):
    return write_image(tmp_path_factory.mktemp("photos") / "astronaut.png", astronaut_rgb())


@pytest.fixture(scope="module")
def video(tmp_path_factory):
    """20 frames at 256×256: 10 copies of one frame, then 10 each shifted a little further."""
    small = cv2.resize(astronaut_rgb(), (256, 256), interpolation=cv2.INTER_AREA)
    frames = [small] * 10 + [np.roll(small, 4 * i, axis=1) for i in range(1, 11)]
    return write_video(tmp_path_factory.mktemp("videos") / "class.avi", frames)


def test_the_bundled_cascade_finds_the_astronaut():
    detector = Detector(load_cascade(None))
    boxes = detector.detect(cv2.cvtColor(astronaut_rgb(), cv2.COLOR_RGB2BGR))
    assert len(boxes) == 1
    x, y, w, h = boxes[0]
    assert abs(x - FACE[0]) < 10 and abs(y - FACE[1]) < 10 and 80 < w < 120


def test_margins_are_clamped_at_the_frame_edges():
    frame = np.arange(100 * 80 * 3, dtype=np.int64).reshape(100, 80, 3)
    detector = Detector(cascade=None, margin=10)
    assert detector.bounds(frame, (3, 2, 20, 20)) == (0, 0, 33, 32)
    assert detector.crop(frame, (3, 2, 20, 20)).shape == (32, 33, 3)
    assert detector.bounds(frame, (70, 90, 10, 10)) == (60, 80, 80, 100)  # never wraps around
    assert np.array_equal(detector.crop(frame, (70, 90, 10, 10)), frame[80:100, 60:80])


def test_images_folder_to_resized_crops(cli, photo, tmp_path):
    out = tmp_path / "faces/me"
    result = cli(
        "prepare", "faces", "--images", photo.parent, "--out", out, "--size", "64", "--json"
    )
    assert result.exit_code == 0, result.stderr
    summary = json.loads(result.stdout)
    assert (summary["frames_read"], summary["faces_found"], summary["written"]) == (1, 1, 1)
    crops = sorted(out.glob("*.jpg"))
    assert [p.name for p in crops] == ["astronaut_1.jpg"]
    assert cv2.imread(str(crops[0])).shape == (64, 64, 3)
    # a second run into the same folder adds a new name, never replaces
    assert cli("prepare", "faces", "--images", photo.parent, "--out", out).exit_code == 0
    assert sorted(p.name for p in out.iterdir()) == ["astronaut_1-2.jpg", "astronaut_1.jpg"]


def test_video_every_n_and_near_duplicates(cli, video, tmp_path):
    out = tmp_path / "v"
    result = cli("prepare", "faces", "--video", video, "--out", out, "--json")
    assert result.exit_code == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["frames_read"] == 20
    assert summary["near_duplicates"] == 9  # the 9 repeats of the first frame
    assert summary["frames_examined"] == 11
    assert summary["written"] == summary["faces_found"] >= 9
    assert len(list(out.glob("*.jpg"))) == summary["written"]
    result = cli(
        "prepare",
        "faces",
        "--video",
        video,
        "--out",
        tmp_path / "e",
        "--every",
        "5",
        "--min-change",
        "0",
        "--max-frames",
        "12",
        "--json",
    )
    summary = json.loads(result.stdout)
    assert (summary["frames_read"], summary["frames_examined"]) == (12, 3)  # frames 1, 6, 11


def test_the_stdout_names_the_folder_and_stderr_the_summary(cli, photo, tmp_path):
    result = cli("prepare", "faces", "--images", photo.parent, "--out", tmp_path / "o")
    assert result.stdout.strip() == str(tmp_path / "o")
    assert "faces found 1, written 1" in result.stderr


def test_errors(cli, photo, tmp_path):
    result = cli(
        "prepare",
        "faces",
        "--images",
        photo.parent,
        "--out",
        tmp_path / "x",
        "--cascade",
        tmp_path / "lbpcascade_animeface.xml",
    )
    assert result.exit_code == 3 and "nagadomi/lbpcascade_animeface" in result.stderr
    assert not (tmp_path / "x").exists()
    result = cli("prepare", "faces", "--out", tmp_path / "x")
    assert result.exit_code == 2 and "one frame source" in result.stderr
    bad = tmp_path / "bad.xml"
    bad.write_text("<opencv_storage></opencv_storage>")
    result = cli(
        "prepare", "faces", "--images", photo.parent, "--out", tmp_path / "x", "--cascade", bad
    )
    assert result.exit_code == 3 and "not an OpenCV cascade" in result.stderr


def test_names_never_collide_even_without_hard_links(tmp_path, monkeypatch):
    import os

    from dlkit.jobs.prepare_faces import write_new

    first = write_new(tmp_path, "f_1", b"one")
    monkeypatch.setattr(os, "link", lambda *a: (_ for _ in ()).throw(PermissionError(1, "no")))
    second = write_new(tmp_path, "f_1", b"two")
    assert (first.name, second.name) == ("f_1.jpg", "f_1-2.jpg")
    assert first.read_bytes() == b"one" and second.read_bytes() == b"two"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["f_1-2.jpg", "f_1.jpg"]  # no temps

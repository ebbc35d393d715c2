"""dlkit attend: faces in video frames classified by a run and signed in once a day on
ATTEND/YYYY-MM-DD.csv (UTF-8 with BOM, the tutorial's columns), across a simulated midnight and a
restart; the sheet on its own; the annotated video."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

import cv2
import pytest
import torch
from face_pictures import astronaut_rgb, write_video

from dlkit.engine import checkpoint
from dlkit.families.faces.sheet import AttendanceSheet
from dlkit.jobs.attend import attend


def _run(folder, favour="me"):
    """A run folder whose model (softmax regression with zero weights) always answers
    ``favour`` with probability 0.999994."""
    from dlkit.components import MODELS

    spec = {"name": "mlp", "options": {"hidden": []}, "in_shape": [3, 16, 16], "num_outputs": 2}
    model = MODELS.create("mlp", in_shape=[3, 16, 16], num_outputs=2, hidden=[])
    bias = torch.tensor([6.0, -6.0] if favour == "me" else [-6.0, 6.0])
    state = {
        k: (bias if v.ndim == 1 else torch.zeros_like(v)) for k, v in model.state_dict().items()
    }
    classes = ["me", "other"]
    folder.mkdir(parents=True)
    checkpoint.save(
        folder / "best.pt",
        {
            "recipe": "face-test",
            "task": "classification",
            "config": {},
            "model": spec,
            "state_dict": state,
            "classes": classes,
            "input_spec": {
                "kind": "image",
                "shape": [3, 16, 16],
                "mean": [0.5] * 3,
                "std": [0.5] * 3,
            },
        },
    )
    return folder


@pytest.fixture(scope="module")
def video(tmp_path_factory):
    small = cv2.resize(astronaut_rgb(), (256, 256), interpolation=cv2.INTER_AREA)
    return write_video(tmp_path_factory.mktemp("att") / "class.avi", [small] * 6)


class Clock:
    """Each call is 1 s later, from 23:59:57."""

    def __init__(self, start=datetime(2026, 12, 1, 23, 59, 57)):
        self.now = start

    def __call__(self):
        self.now += timedelta(seconds=1)
        return self.now


def _read(path):
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM: Excel shows the Chinese header
    return raw.decode("utf-8-sig").splitlines()


def test_sign_in_across_midnight_and_a_restart(video, tmp_path):
    run = _run(tmp_path / "run")
    out = tmp_path / "attend"
    summary = attend(
        str(run), video=str(video), out=str(out), threshold=0.9, clock=Clock(), device="cpu"
    )
    assert summary["frames"] == 6 and summary["faces"] == 6
    assert summary["signed_in"] == [
        {"ID": "me", "time": "2026-12-01 23:59:58"},
        {"ID": "me", "time": "2026-12-02 00:00:00"},
    ]
    assert _read(out / "2026-12-01.csv") == ["ID,簽到日期", "me,2026-12-01 23:59:58"]
    assert _read(out / "2026-12-02.csv") == ["ID,簽到日期", "me,2026-12-02 00:00:00"]
    # restart later the same day: the morning's sign-in stays, nobody is signed twice
    summary = attend(
        str(run),
        video=str(video),
        out=str(out),
        clock=Clock(datetime(2026, 12, 2, 9, 0, 0)),
        device="cpu",
    )
    assert summary["signed_in"] == []
    assert _read(out / "2026-12-02.csv") == ["ID,簽到日期", "me,2026-12-02 00:00:00"]


def test_other_is_never_signed_and_the_sheet_starts_unsigned(video, tmp_path):
    run = _run(tmp_path / "run", favour="other")
    out = tmp_path / "attend"
    summary = attend(
        str(run), video=str(video), out=str(out), clock=Clock(), device="cpu", max_frames=2
    )
    assert summary["signed_in"] == [] and summary["frames"] == 2
    assert _read(out / "2026-12-01.csv") == ["ID,簽到日期", "me,未簽到"]


def test_the_sheet_keeps_people_and_adds_new_ones(tmp_path):
    day = datetime(2026, 3, 1, 8, 0, 0)
    sheet = AttendanceSheet(tmp_path, ["amy", "bob"], clock=lambda: day)
    assert sheet.sign("amy") and not sheet.sign("amy")
    again = AttendanceSheet(tmp_path, ["amy", "bob", "cho"], clock=lambda: day)
    again.roll()
    assert _read(tmp_path / "2026-03-01.csv") == [
        "ID,簽到日期",
        "amy,2026-03-01 08:00:00",
        "bob,未簽到",
        "cho,未簽到",
    ]


def test_cli_attend_with_annotated_video(cli, video, tmp_path):
    run = _run(tmp_path / "run")
    result = cli(
        "attend",
        run,
        "--video",
        video,
        "--out",
        tmp_path / "att",
        "--annotate-out",
        tmp_path / "boxes.avi",
        "--device",
        "cpu",
        "--json",
    )
    assert result.exit_code == 0, result.stderr
    summary = json.loads(result.stdout)
    assert len(summary["signed_in"]) == 1 and summary["sheet"].startswith(str(tmp_path / "att"))
    capture = cv2.VideoCapture(str(tmp_path / "boxes.avi"))
    count, ok = 0, True
    while ok:
        ok, frame = capture.read()
        count += ok
        if ok and count == 1:
            green = (frame[..., 1] > 200) & (frame[..., 0] < 80) & (frame[..., 2] < 80)
            assert green.sum() > 100  # the box was drawn
    assert count == 6


def test_cli_attend_errors(cli, video, tmp_path):
    run = _run(tmp_path / "run")
    result = cli("attend", run, "--out", tmp_path / "a")
    assert result.exit_code == 2 and "--video FILE or --camera N" in result.stderr
    result = cli("attend", run, "--video", tmp_path / "none.mp4", "--out", tmp_path / "a")
    assert result.exit_code == 3 and "no such file" in result.stderr
    result = cli(
        "attend",
        run,
        "--video",
        video,
        "--annotate-out",
        tmp_path / "x.gif",
        "--out",
        tmp_path / "a",
    )
    assert result.exit_code == 2 and ".mp4" in result.stderr

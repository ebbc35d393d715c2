"""Frame sources for the face tools: a video file, a camera, or a folder of images, one interface.

``open_frames(video=, camera=, images=)`` checks the source at once (a missing file, a camera that
will not open, a folder without images are one-line errors) and returns a ``Frames``: iterate it
for ``(name, BGR frame)`` pairs; ``release()`` closes the capture. Cameras get a few tries to open
(the tutorial's ``while not cap.isOpened()`` loop, bounded). Unreadable image files are counted in
``unreadable`` and skipped.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np

from dlkit.errors import DataError, UsageError

CAMERA_TRIES = 5


class Frames:
    def __init__(
        self, capture: Any = None, files: list[Path] | None = None, label: str = ""
    ) -> None:
        self.capture, self.files, self.label = capture, files, label
        self.unreadable = 0

    def __iter__(self) -> Iterator[tuple[str, np.ndarray]]:
        if self.files is not None:
            yield from self._images()
            return
        index = 0
        while True:
            ok, frame = self.capture.read()
            if not ok or frame is None:
                return
            index += 1
            yield f"{self.label}_{index:06d}", frame

    def _images(self) -> Iterator[tuple[str, np.ndarray]]:
        import cv2

        from dlkit.families.images.image_io import decode

        for path in self.files or []:
            image = decode(path)
            if image is None:
                self.unreadable += 1
                continue
            if image.dtype != np.uint8:
                image = cv2.convertScaleAbs(image, alpha=255.0 / max(float(image.max()), 1.0))
            if image.ndim == 2:
                image = cv2.cvtColor(image, cv2.COLOR_GRAY2BGR)
            elif image.shape[2] == 4:
                image = cv2.cvtColor(image, cv2.COLOR_BGRA2BGR)
            yield path.stem, image

    def fps(self) -> float:
        import cv2

        value = self.capture.get(cv2.CAP_PROP_FPS) if self.capture is not None else 0.0
        return float(value) if value and value > 0 else 10.0

    def release(self) -> None:
        if self.capture is not None:
            self.capture.release()


def _safe_label(text: str) -> str:
    import re

    return re.sub(r"[^A-Za-z0-9._-]+", "-", text).strip("-.") or "frame"


def open_frames(
    video: str | None = None, camera: int | None = None, images: str | None = None
) -> Frames:
    import cv2

    given = [
        name
        for name, value in (("--video", video), ("--camera", camera), ("--images", images))
        if value is not None
    ]
    if len(given) != 1:
        raise UsageError(
            "name one frame source: --video FILE, --camera N or --images DIR"
            + (f" (got {' and '.join(given)})" if given else "")
        )
    if images is not None:
        from dlkit.families.images.image_files import image_files

        folder = Path(images).expanduser()
        if not folder.is_dir():
            raise DataError(f"--images {images}: no such folder")
        found = image_files(folder)
        if not found:
            raise DataError(f"--images {images}: no image files in that folder")
        return Frames(files=found)
    if video is not None:
        path = Path(video).expanduser()
        if not path.is_file():
            raise DataError(f"--video {video}: no such file")
        capture = cv2.VideoCapture(str(path))
        if not capture.isOpened():
            raise DataError(f"--video {video}: OpenCV cannot read this file as a video")
        return Frames(capture, label=_safe_label(path.stem))
    assert camera is not None  # exactly one source was given
    capture = cv2.VideoCapture(int(camera))
    for _ in range(CAMERA_TRIES - 1):  # the tutorial's retry for cameras slow to open
        if capture.isOpened():
            break
        time.sleep(0.2)
        capture = cv2.VideoCapture(int(camera))
    if not capture.isOpened():
        raise DataError(
            f"--camera {camera}: the camera could not be opened (is one attached and free?)"
        )
    return Frames(capture, label=f"camera{camera}")


def has_display() -> bool:
    """Whether ``cv2.imshow`` can open a window here (X11/Wayland on Linux)."""
    import os
    import sys

    if sys.platform.startswith("linux"):
        return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    return True

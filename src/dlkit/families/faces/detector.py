"""The face detector of seed 000a §10: an OpenCV cascade run on the grey frame, crops with a margin.

The default cascade is ``haarcascade_frontalface_alt2.xml``, bundled with opencv-python 4.x under
``cv2.data.haarcascades`` (OpenCV 5 ships neither the class nor the files: hence the ``<5`` pin in
``pyproject.toml``); ``--cascade FILE`` takes any other, e.g. nagadomi's anime LBP cascade. The
defaults are the tutorial's settings (scale factor 1.2, 3 neighbours, faces from 32 px, 10 px
margin). Crops are clamped at the frame edges: the tutorial's ``frame[y-10:y+h+10, …]`` wrapped
around to the far side of the frame (or came out empty) for a face touching the border.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from dlkit.errors import DataError

DEFAULT_CASCADE = "haarcascade_frontalface_alt2.xml"
ANIME_CASCADE = "lbpcascade_animeface.xml"
ANIME_SOURCE = "https://github.com/nagadomi/lbpcascade_animeface"


def cascade_path(path: str | None) -> Path:
    """The cascade file to load: ``path``, or OpenCV's bundled frontal-face cascade."""
    import cv2

    if path is None:
        folder = getattr(getattr(cv2, "data", None), "haarcascades", None)
        bundled = Path(folder or "") / DEFAULT_CASCADE
        if not folder or not bundled.is_file():
            raise DataError(
                f"this OpenCV ({cv2.__version__}) ships no {DEFAULT_CASCADE}; "
                "install opencv-python<5 (pip install 'opencv-python<5') or pass "
                "--cascade FILE"
            )
        return bundled
    file = Path(path).expanduser()
    if not file.is_file():
        where = (
            f"; it is not bundled with OpenCV: get it from {ANIME_SOURCE}"
            if file.name == ANIME_CASCADE
            else "; OpenCV's own cascades are in opencv-python<5's cv2.data.haarcascades"
        )
        raise DataError(f"--cascade {path}: no such file{where}")
    return file


def load_cascade(path: str | None) -> Any:
    import cv2

    file = cascade_path(path)
    if getattr(cv2, "CascadeClassifier", None) is None:
        raise DataError(
            f"this OpenCV ({cv2.__version__}) has no CascadeClassifier; install "
            "opencv-python<5 (pip install 'opencv-python<5')"
        )
    cascade = cv2.CascadeClassifier()
    try:
        loaded = cascade.load(str(file))
    except cv2.error:
        loaded = False
    if not loaded or cascade.empty():
        raise DataError(f"--cascade {file}: not an OpenCV cascade XML file")
    return cascade


Box = tuple[int, int, int, int]  # x, y, w, h


@dataclass
class Detector:
    """``detect(frame)`` → face boxes; ``crop(frame, box)`` → the clamped margin crop."""

    cascade: Any
    scale_factor: float = 1.2
    min_neighbors: int = 3
    min_size: int = 32
    margin: int = 10
    equalize: bool = False  # equalise the grey frame's histogram first (the anime tutorial)

    def detect(self, frame: np.ndarray) -> list[Box]:
        import cv2

        grey = frame if frame.ndim == 2 else cv2.cvtColor(frame, cv2.COLOR_BGR2GRAY)
        if self.equalize:
            grey = cv2.equalizeHist(grey)
        found = self.cascade.detectMultiScale(
            grey,
            scaleFactor=self.scale_factor,
            minNeighbors=self.min_neighbors,
            minSize=(self.min_size, self.min_size),
        )
        return [(int(x), int(y), int(w), int(h)) for x, y, w, h in (found if len(found) else [])]

    def bounds(self, frame: np.ndarray, box: Box) -> tuple[int, int, int, int]:
        """(left, top, right, bottom) of the box plus margin, clamped to the frame."""
        x, y, w, h = box
        height, width = frame.shape[:2]
        m = self.margin
        return max(0, x - m), max(0, y - m), min(width, x + w + m), min(height, y + h + m)

    def crop(self, frame: np.ndarray, box: Box) -> np.ndarray:
        left, top, right, bottom = self.bounds(frame, box)
        return frame[top:bottom, left:right]

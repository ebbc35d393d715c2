"""Pictures for the face/GAN/style tests: scikit-image's astronaut (one frontal face the Haar
cascade finds), small generated image folders and videos made from it."""

from __future__ import annotations

from pathlib import Path

import numpy as np


def astronaut_rgb() -> np.ndarray:
    from skimage import data

    return data.astronaut()  # 512×512×3 uint8 RGB


def write_image(path: Path, rgb: np.ndarray) -> Path:
    import cv2

    path.parent.mkdir(parents=True, exist_ok=True)
    cv2.imwrite(str(path), cv2.cvtColor(rgb, cv2.COLOR_RGB2BGR))
    return path


def noise_folder(folder: Path, count: int, size: int = 96, seed: int = 0) -> Path:
    """``count`` random-blob RGB PNGs of ``size``², a stand-in for face crops."""
    rng = np.random.default_rng(seed)
    for i in range(count):
        base = rng.integers(0, 256, size=(6, 6, 3), dtype=np.uint8)
        picture = np.kron(base, np.ones((size // 6 + 1, size // 6 + 1, 1), dtype=np.uint8))
        write_image(folder / f"face_{i:03d}.png", np.ascontiguousarray(picture[:size, :size]))
    return folder


def write_video(path: Path, frames: list[np.ndarray], fps: float = 10.0) -> Path:
    """RGB frames as an MJPG AVI (an encoder every OpenCV build has)."""
    import cv2

    height, width = frames[0].shape[:2]
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"MJPG"), fps, (width, height))
    assert writer.isOpened(), "OpenCV cannot write MJPG AVI here"
    for frame in frames:
        writer.write(cv2.cvtColor(frame, cv2.COLOR_RGB2BGR))
    writer.release()
    return path

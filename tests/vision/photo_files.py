"""Generated photo folders for the image tests: two clearly different classes (red discs vs blue
squares) in real JPEG/PNG/BMP files of mixed sizes, plus a grey image, a corrupt file and the
hidden files macOS leaves behind (``.DS_Store``, ``._x.jpg``). Fixtures in ``conftest.py``."""

from __future__ import annotations

from pathlib import Path

import numpy as np

SUFFIXES = (".jpg", ".png", ".bmp")


def draw(kind: str, size: tuple[int, int], seed: int) -> np.ndarray:
    """A BGR uint8 image: a red disc ('cats') or a blue square ('dogs') on a noisy background."""
    import cv2

    rng = np.random.default_rng(seed)
    height, width = size
    image = rng.integers(90, 140, size=(height, width, 3), dtype=np.uint8)
    cy, cx = height // 2 + int(rng.integers(-3, 4)), width // 2 + int(rng.integers(-3, 4))
    radius = max(4, min(height, width) // 3)
    if kind == "cats":
        cv2.circle(image, (cx, cy), radius, (20, 20, 230), -1)
    else:
        cv2.rectangle(
            image, (cx - radius, cy - radius), (cx + radius, cy + radius), (230, 40, 20), -1
        )
    return image


def write_image(path: Path, image: np.ndarray) -> Path:
    import cv2

    path.parent.mkdir(parents=True, exist_ok=True)
    ok, buf = cv2.imencode(path.suffix, image)
    assert ok
    buf.tofile(str(path))
    return path


def make_class_folder(
    root: Path, per_class: int = 6, classes=("dogs", "cats"), extras: bool = True, start: int = 0
) -> Path:
    """root/<class>/<class>.<i>.<jpg|png|bmp>; with ``extras`` also junk that must be handled."""
    sizes = [(40, 56), (64, 48), (50, 50), (33, 80)]
    for c, name in enumerate(classes):
        for i in range(start, start + per_class):
            image = draw(name, sizes[i % len(sizes)], seed=1000 * c + i)
            write_image(root / name / f"{name}.{i}{SUFFIXES[i % 3]}", image)
    if extras:
        import cv2

        grey = cv2.cvtColor(draw(classes[1], (45, 45), 99), cv2.COLOR_BGR2GRAY)
        write_image(root / classes[1] / "grey.png", grey)
        (root / classes[0] / "broken.jpg").write_bytes(b"\xff\xd8\xff not really a jpeg")
        (root / ".DS_Store").write_bytes(b"\x00\x01junk")
        (root / classes[0] / ".DS_Store").write_bytes(b"\x00\x01junk")
        (root / classes[0] / "._dogs.0.jpg").write_bytes(b"\x00\x05\x16\x07 appledouble")
        (root / classes[0] / "notes.txt").write_text("not an image")
    return root


def make_split_folder(root: Path, train: int = 6, val: int = 2, test: int = 2) -> Path:
    """root/{train,validation,test}/{cats,dogs}/ like the seed's cats_and_dogs_small."""
    make_class_folder(root / "train", train, classes=("cats", "dogs"), extras=False)
    make_class_folder(root / "validation", val, classes=("cats", "dogs"), extras=False, start=train)
    make_class_folder(
        root / "test", test, classes=("cats", "dogs"), extras=False, start=train + val
    )
    return root

"""Reading any user image the way training data was prepared: decode with OpenCV (PNG, JPEG, BMP,
grey, colour, alpha, 16-bit, non-ASCII paths, or bytes uploaded to ``serve``), convert to the recipe's channels in RGB order, resize
to the recipe's size. Used by ``predict``, by the image-folder data module, and by ``prepare split``
(``readable``: the same decode decides which files a split skips as training would)."""

from __future__ import annotations

from pathlib import Path

import numpy as np

IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".bmp", ".gif", ".tif", ".tiff", ".webp"}


def is_hidden(path: Path) -> bool:
    return path.name.startswith(".") or path.name.startswith("._")


def list_images(inputs: list[str]) -> tuple[list[Path], list[str]]:
    """Image files named directly or found (recursively, sorted) in folders; plus problems."""
    from dlkit.data.image_files import image_files  # which imports this module's suffixes

    found, problems = [], []
    for item in inputs:
        path = Path(item).expanduser()
        if path.is_dir():
            found += image_files(path)
        elif path.is_file():
            found.append(path)
        elif path.exists():  # /dev/zero, a pipe, a socket
            problems.append(f"{item}: not a regular file (a device, pipe or socket)")
        else:
            problems.append(f"{item}: no such file or folder")
    return found, problems


def decode(path: Path) -> np.ndarray | None:
    """The file decoded by OpenCV as stored (BGR/BGRA/grey, any depth); None if it cannot be."""
    import cv2

    try:
        raw = np.fromfile(str(path), dtype=np.uint8)
    except OSError:
        return None
    try:
        return cv2.imdecode(raw, cv2.IMREAD_UNCHANGED) if raw.size else None
    except cv2.error:  # e.g. a header claiming more pixels than OpenCV's limit
        return None


def readable(paths: list[Path], workers: int = 8) -> list[bool]:
    """Per path: does it decode (the rule training uses to skip a file)? Decodes in threads."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        return list(pool.map(lambda path: decode(path) is not None, paths))


def header_pixels(raw: bytes) -> int | None:
    """Width × height from an image file's header, without decoding it (None: not recognised)."""
    import io

    import warnings

    try:
        from PIL import Image
    except ImportError:
        return None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with Image.open(io.BytesIO(raw)) as probe:
                width, height = probe.size
        return int(width) * int(height)
    except Image.DecompressionBombError:
        return 2**62                     # Pillow's own bomb guard: far over any limit
    except Exception:  # noqa: BLE001 - any unreadable header means "not recognised"
        return None


def decode_buffer(raw: bytes, max_pixels: int | None = None) -> np.ndarray:
    """An encoded image in memory decoded by OpenCV; a ``DataError`` if it cannot be or if its
    header claims more than ``max_pixels`` pixels (checked before any pixel is decoded)."""
    import cv2

    from dlkit.errors import DataError, TooLarge

    if max_pixels is not None:
        pixels = header_pixels(raw)
        if pixels is not None and pixels > max_pixels:
            raise TooLarge(f"image has {pixels:,} pixels, over the limit of {max_pixels:,}")
    try:
        image = cv2.imdecode(np.frombuffer(raw, dtype=np.uint8), cv2.IMREAD_UNCHANGED) \
            if raw else None
    except cv2.error:
        image = None
    if image is None:
        raise DataError("not a decodable image (PNG, JPEG, BMP, GIF, TIFF or WebP)")
    if max_pixels is not None and image.shape[0] * image.shape[1] > max_pixels:
        raise TooLarge(f"image has {image.shape[0] * image.shape[1]:,} pixels, over the limit "
                        f"of {max_pixels:,}")
    return image


def read_image(path: Path, channels: int, size: tuple[int, int] | None) -> np.ndarray | None:
    """uint8 (H, W, C) RGB or grey resized to ``size`` (height, width); None if undecodable."""
    image = decode(path)
    return None if image is None else prepare_image(image, channels, size)


def prepare_image(image: np.ndarray, channels: int, size: tuple[int, int] | None) -> np.ndarray:
    """A decoded image (OpenCV's BGR/BGRA/grey, any depth) as uint8 (H, W, C) RGB or grey resized
    to ``size``: what ``read_image`` does after decoding."""
    import cv2

    if image.dtype != np.uint8:
        image = cv2.convertScaleAbs(image, alpha=255.0 / max(float(image.max()), 1.0))
    image = _to_channels(image, channels)
    if size is not None and image.shape[:2] != tuple(size):
        height, width = size
        shrink = image.shape[0] > height or image.shape[1] > width
        image = cv2.resize(image, (width, height),
                           interpolation=cv2.INTER_AREA if shrink else cv2.INTER_LINEAR)
    return image.reshape(image.shape[0], image.shape[1], channels)


def _to_channels(image: np.ndarray, channels: int) -> np.ndarray:
    import cv2

    if image.ndim == 3 and image.shape[2] == 4:
        image = cv2.cvtColor(image, cv2.COLOR_BGRA2BGR)
    if channels == 1:
        return image if image.ndim == 2 else cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    if image.ndim == 2:
        return cv2.cvtColor(image, cv2.COLOR_GRAY2RGB)
    return cv2.cvtColor(image, cv2.COLOR_BGR2RGB)


def match_background(image: np.ndarray, background: str | None) -> np.ndarray:
    """Invert a photo whose background is the opposite of the training data's (ink on paper
    for MNIST-like data, whose digits are light on dark)."""
    if background not in ("dark", "light"):
        return image
    border = np.concatenate([image[0].ravel(), image[-1].ravel(), image[:, 0].ravel(),
                             image[:, -1].ravel()])
    is_light = float(border.mean()) > 127
    return 255 - image if is_light == (background == "dark") else image

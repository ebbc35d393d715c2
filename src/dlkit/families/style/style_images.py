"""The ``style_images`` data module: the two pictures of a style transfer (seed 001-003 §3.10,
activity 5.01). ``content`` and ``style`` are image files, each resized so its shorter side is
``image_size`` (the tutorial's ``Resize(224)``, aspect kept) and normalised with ImageNet's mean/std
(VGG-19's). The content picture is the one training "sample" (``train``, so an epoch is one
optimisation step on the image); the style picture rides in ``info["style"]``.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from dlkit.components import DATASETS
from dlkit.data.base import Dataset, Split
from dlkit.data.inputs import ImageInput
from dlkit.errors import DataError, UsageError
from dlkit.families.images.image_folder import IMAGENET_MEAN, IMAGENET_STD
from dlkit.registry import PositiveInt


def _read(path: str | None, key: str, short_side: int) -> np.ndarray:
    import cv2

    from dlkit.families.images.image_io import read_image

    if not path:
        raise UsageError(f"data.{key}: name the {key} picture, e.g. --set data.{key}=photo.jpg")
    file = Path(path).expanduser()
    if not file.is_file():
        raise DataError(f"data.{key} {path}: no such file")
    image = read_image(file, 3, None)
    if image is None:
        raise DataError(f"data.{key} {path}: not a readable image")
    height, width = image.shape[:2]
    scale = short_side / min(height, width)
    size = (max(1, round(width * scale)), max(1, round(height * scale)))
    interpolation = cv2.INTER_AREA if scale < 1 else cv2.INTER_LINEAR
    return cv2.resize(image, size, interpolation=interpolation).reshape(size[1], size[0], 3)


@DATASETS.register("style_images")
def style_images(
    path: str = ".",
    seed: int = 0,
    content: str | None = None,
    style: str | None = None,
    image_size: PositiveInt = 224,
) -> Dataset:
    """``content`` and ``style`` are relative to the working folder (``path`` is unused)."""
    picture = _read(content, "content", image_size)
    painting = _read(style, "style", image_size)
    height, width = picture.shape[:2]
    return Dataset(
        train=Split(picture[None], np.zeros(1, dtype=np.int64)),
        val=None,
        test=None,
        input_spec=ImageInput([3, height, width], list(IMAGENET_MEAN), list(IMAGENET_STD)),
        info={"style": painting, "content": str(content), "style_file": str(style)},
    )

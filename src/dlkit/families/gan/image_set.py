"""The ``images`` data module: every image under one folder, no labels (a GAN's real pictures).

Reads the folder recursively (flat, or with subfolders such as the seed's ``holo/train/``), with
the one image-listing rule of ``families/images/image_files.py``; decodes and resizes each file as training and
``predict`` always do, cached in ``<path>/dlkit-cache/``; unreadable files are skipped and counted.
Every image is in ``train`` (targets all 0); there is no validation or test split. ``normalize:
half`` maps pixels to [-1, 1], the range of the DCGAN generator's tanh.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import numpy as np

from dlkit.components import DATASETS
from dlkit.data.base import Dataset, Split
from dlkit.data.inputs import ImageInput
from dlkit.errors import DataError
from dlkit.families.images.image_files import as_size, image_files
from dlkit.families.images.image_folder import load_folder, normalisation, report_skipped
from dlkit.registry import ImageSize


@DATASETS.register("images")
def images(
    path: str = "data/faces",
    seed: int = 0,
    image_size: ImageSize = 96,
    channels: Literal[1, 3] = 3,
    normalize: Literal["unit", "half", "imagenet"] = "half",
) -> Dataset:
    root = Path(path).expanduser()
    if not root.is_dir():
        raise DataError(
            f"image folder not found: {root}; point data.path (--data) at a folder "
            "of images (e.g. the output of 'dlkit prepare faces')"
        )
    found = image_files(root)
    if not found:
        raise DataError(f"no image files in {root}")
    arrays = load_folder(root, as_size(image_size), channels, {"train": [(f, 0) for f in found]})
    report_skipped(arrays["skipped"], root)
    x = arrays["x_train"]
    if len(x) == 0:
        raise DataError(f"no readable images in {root}")
    height, width = as_size(image_size)
    mean, std = normalisation(normalize, channels)
    return Dataset(
        train=Split(x, np.zeros(len(x), dtype=np.int64)),
        val=None,
        test=None,
        input_spec=ImageInput([channels, height, width], mean, std),
        info={"source": str(path)},
    )

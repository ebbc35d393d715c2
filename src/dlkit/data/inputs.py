"""Typed input specs: what a model's inputs are, how raw inputs become tensors, and back.

A data module returns one of these as ``Dataset.input_spec``; the trainer asks it for the batch
transform, the checkpoint stores ``to_dict()`` and ``input_from_dict`` rebuilds it, so ``predict``,
``evaluate`` (and later ``export``/``serve``) prepare a user's inputs exactly as training did,
without testing a ``kind`` string anywhere else. Each kind registers its class in
``components.INPUT_KINDS``; a new family adds a class (and its module to that registry).

- ``image``: uint8 pictures, ``shape`` [C, H, W], per-channel ``mean``/``std`` applied after scaling
  to [0, 1], and ``background`` (``dark``/``light``) so photos of ink on paper are inverted for
  MNIST-like data. ``read`` decodes files and folders; ``labelled`` reads a class-per-folder tree.
  ``decode_bytes`` prepares one uploaded file (``serve``), within a pixel limit.
- the other kinds live with their families: ``series`` (``families/series/series_input.py``),
  ``noise`` (``families/gan/noise_input.py``), ``picture`` (``families/style/picture_input.py``),
  ``text``/``chars``, ``table``, ``weekly``, ``documents``. ``image`` stays here because the
  image, GAN, face and plugin families all read pictures through it.

Each kind also has ``sample(n, seed)``: ``n`` stored-form inputs of the right shape and dtype, which
``dlkit export`` runs through the checkpoint and the exported file to compare their outputs.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, ClassVar, cast

import numpy as np

from dlkit.components import INPUT_KINDS
from dlkit.errors import DataError, TooLarge


def input_from_dict(spec: dict[str, Any]) -> Any:
    """The typed spec a checkpoint stored with ``to_dict()``."""
    if not isinstance(spec, dict) or "kind" not in spec or "shape" not in spec:
        raise DataError(
            "the checkpoint's input_spec is missing or has no kind/shape; "
            "retrain the run with this version of dlkit"
        )
    cls = INPUT_KINDS.get(str(spec["kind"]))
    fields = {k: v for k, v in spec.items() if k != "kind"}
    from dlkit.data.input_check import field_types_fit

    wrong = field_types_fit(cast(type, cls), fields)
    if wrong:
        raise DataError(
            f"the checkpoint's {spec['kind']} input_spec is damaged or was edited ({wrong})"
        )
    try:
        return cls(**fields)
    except (TypeError, ValueError) as exc:
        raise DataError(
            f"the checkpoint's {spec['kind']} input_spec does not fit this version of dlkit ({exc})"
        ) from None


def as_dict(spec: Any) -> dict[str, Any]:
    """A dataclass spec as the plain dict a checkpoint stores (``kind`` first)."""
    return {"kind": spec.kind, **asdict(spec)}


@INPUT_KINDS.register("image")
@dataclass
class ImageInput:
    """uint8 images (N, H, W[, C]) normalised into float (N, C, H, W)."""

    kind: ClassVar[str] = "image"
    shape: list[int]
    mean: list[float] | None = None
    std: list[float] | None = None
    background: str | None = None

    def __post_init__(self) -> None:
        self.shape = [int(v) for v in self.shape]
        channels = self.shape[0]
        self.mean = [float(v) for v in (self.mean or [0.0] * channels)]
        self.std = [float(v) for v in (self.std or [1.0] * channels)]

    def to_dict(self) -> dict[str, Any]:
        return as_dict(self)

    def batch_transform(self, augment: Any = None) -> Any:
        from dlkit.data.transforms import ImageBatchTransform

        assert self.mean is not None and self.std is not None  # filled in __post_init__
        return ImageBatchTransform(self.mean, self.std, augment)

    def display(self, x: np.ndarray) -> np.ndarray:
        """One stored input as a picture (H×W grey or H×W×3 RGB uint8)."""
        return x.squeeze() if x.ndim == 3 and x.shape[-1] == 1 else x

    @property
    def size(self) -> tuple[int, int]:
        return self.shape[1], self.shape[2]

    def sample(self, n: int, seed: int = 0) -> np.ndarray:
        """``n`` random uint8 images in the stored form (N, H, W, C)."""
        rng = np.random.default_rng(seed)
        return rng.integers(0, 256, (n, *self.size, self.shape[0]), dtype=np.uint8)

    def decode_bytes(self, raw: bytes, max_pixels: int | None = None) -> np.ndarray:
        """One encoded image (PNG, JPEG, …) prepared as in training; a ``DataError`` says why
        not (undecodable, or more than ``max_pixels`` pixels, checked before decoding)."""
        from dlkit.families.images.image_io import decode_buffer, match_background, prepare_image

        image = decode_buffer(raw, max_pixels)
        return match_background(prepare_image(image, self.shape[0], self.size), self.background)

    def from_pixels(self, values: Any, max_pixels: int | None = None) -> np.ndarray:
        """Pixel values 0–255 sent as numbers (H×W grey, or H×W×C RGB/RGBA) prepared as in
        training; a ``DataError`` for another shape, range or more than ``max_pixels``."""
        from dlkit.families.images.image_io import match_background, prepare_image

        try:
            array = np.asarray(values, dtype=np.float64)
        except (TypeError, ValueError):
            raise DataError("pixel values must be a rectangular array of numbers") from None
        if (
            array.ndim not in (2, 3)
            or (array.ndim == 3 and array.shape[2] not in (1, 3, 4))
            or 0 in array.shape
        ):
            raise DataError(
                f"pixel array shaped {list(array.shape)}: send H×W (grey) or H×W×C "
                "with C = 1, 3 or 4"
            )
        if max_pixels is not None and array.shape[0] * array.shape[1] > max_pixels:
            raise TooLarge(
                f"image has {array.shape[0] * array.shape[1]:,} pixels, over the "
                f"limit of {max_pixels:,}"
            )
        if not np.isfinite(array).all() or array.min() < 0 or array.max() > 255:
            raise DataError("pixel values must be numbers from 0 to 255")
        image = array.round().astype(np.uint8)
        if image.ndim == 3 and image.shape[2] == 1:
            image = image[:, :, 0]
        elif image.ndim == 3:  # RGB(A) as sent → OpenCV's BGR(A) order
            image = np.ascontiguousarray(image[:, :, [2, 1, 0, *range(3, image.shape[2])]])
        return match_background(prepare_image(image, self.shape[0], self.size), self.background)

    def read_one(self, path: Path) -> np.ndarray | None:
        """One file prepared as in training (channels, size, background), or None."""
        from dlkit.families.images.image_io import match_background, read_image

        image = read_image(path, self.shape[0], self.size)
        return None if image is None else match_background(image, self.background)

    def from_array(self, rgb: np.ndarray) -> np.ndarray:
        """An in-memory RGB uint8 picture (a camera frame's face crop) prepared as ``read_one``
        prepares a file: channels, size (area shrink, linear growth), background."""
        import cv2

        from dlkit.families.images.image_io import match_background

        image = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY) if self.shape[0] == 1 else rgb
        height, width = self.size
        if image.shape[:2] != (height, width):
            shrink = image.shape[0] > height or image.shape[1] > width
            image = cv2.resize(
                image, (width, height), interpolation=cv2.INTER_AREA if shrink else cv2.INTER_LINEAR
            )
        image = image.reshape(height, width, self.shape[0])
        return match_background(image, self.background)

    def read(self, inputs: list[str]) -> tuple[np.ndarray, list[str], list[str]]:
        """(uint8 batch, the paths read, one problem line per missing or unreadable input)."""
        from dlkit.families.images.image_files import list_images

        paths, problems = list_images(inputs)
        images, kept = [], []
        for path in paths:
            image = self.read_one(path)
            if image is None:
                problems.append(f"{path}: not a readable image")
                continue
            images.append(image)
            kept.append(str(path))
        if not images:
            raise DataError(
                "no readable images among the inputs: " + "; ".join(problems)
                if problems
                else "no image files among the inputs"
            )
        return np.stack(images), kept, problems

    def labelled(
        self, path: str, classes: list[str]
    ) -> tuple[np.ndarray, np.ndarray, list[str]] | None:
        """Every image of a folder whose subfolders are (some of) ``classes``, as (x, y, paths);
        None when ``path`` is not such a folder (a data module's own layout, say)."""
        from dlkit.families.images.image_files import class_folders, image_files

        root = Path(path).expanduser()
        folders = class_folders(root)
        if not folders or any(f.name not in classes for f in folders):
            return None
        x, y, kept = [], [], []
        for folder in folders:
            for file in image_files(folder):
                image = self.read_one(file)
                if image is not None:
                    x.append(image)
                    y.append(classes.index(folder.name))
                    kept.append(str(file))
        if not x:
            raise DataError(f"--data {path}: no readable images")
        return np.stack(x), np.asarray(y, dtype=np.int64), kept


@dataclass
class FeatureInput:
    """Float arrays that are already model inputs (a backbone's cached outputs): cast only."""

    shape: list[int]

    def batch_transform(self, augment: Any = None) -> Any:
        from dlkit.data.transforms import FloatBatchTransform

        return FloatBatchTransform(augment)

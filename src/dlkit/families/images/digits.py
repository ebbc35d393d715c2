"""scikit-learn's bundled 8×8 handwritten digits (1,797 real images): the offline default.

Stored as uint8 0–255 (the 0–16 ink values × 255/16) so they go through the same image path as every
other dataset. Split reproducibly and stratified: ``test_fraction`` for test, then ``val_fraction``
of the rest for validation.
"""

from __future__ import annotations

import numpy as np

from dlkit.components import DATASETS
from dlkit.data.base import Dataset, Split, holdout
from dlkit.data.inputs import ImageInput
from dlkit.registry import Fraction


@DATASETS.register("digits")
def digits(seed: int = 0, val_fraction: Fraction = 0.15, test_fraction: Fraction = 0.2) -> Dataset:
    from dlkit.families.images.digits_file import read_digits

    ink, labels = read_digits()
    images = np.rint(ink * (255.0 / 16.0)).astype(np.uint8)
    rest, test = holdout(images, labels, test_fraction, seed)
    train, val = holdout(rest.x, rest.y, val_fraction, seed)
    mean, std = float(train.x.mean() / 255.0), float(train.x.std() / 255.0)
    spec = ImageInput([1, 8, 8], [mean], [std], background="dark")
    return Dataset(
        train=train,
        val=val,
        test=test or Split(images[:0], labels[:0]),
        input_spec=spec,
        classes=[str(d) for d in range(10)],
        info={"source": "sklearn.datasets.load_digits"},
    )

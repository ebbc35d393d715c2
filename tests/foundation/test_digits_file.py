"""The bundled digits read straight from scikit-learn's ``digits.csv.gz``: the very arrays
``load_digits`` gives, and a ``dlkit train digits-*`` process that never imports scikit-learn,
SciPy or pandas."""

from __future__ import annotations

import subprocess
import sys

import numpy as np

from dlkit.families.images import digits_file
from dlkit_testing import cli_env


def test_the_file_gives_load_digits_arrays():
    from sklearn.datasets import load_digits

    images, labels = digits_file.read_digits()
    bunch = load_digits()
    assert images.shape == (1797, 8, 8) and labels.dtype == np.int64
    assert np.array_equal(images, bunch.images) and np.array_equal(labels, bunch.target)


def test_without_the_file_load_digits_is_the_fallback(monkeypatch):
    monkeypatch.setattr(digits_file, "digits_file", lambda: None)
    images, labels = digits_file.read_digits()
    assert images.shape == (1797, 8, 8) and int(labels[:10].sum()) == 45


def test_the_digits_dataset_imports_no_scikit_learn():
    code = (
        "import sys; from dlkit.families.images.digits import digits; d = digits(); "
        "print(len(d.train), len(d.val), len(d.test), "
        "sorted(m for m in ('sklearn', 'scipy', 'pandas') if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=cli_env({}), check=True
    ).stdout.split()
    assert out == ["1221", "216", "360", "[]"], out

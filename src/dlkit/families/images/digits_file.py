"""The 1,797 digits of scikit-learn's ``load_digits``, read straight from the ``digits.csv.gz``
shipped inside the installed scikit-learn package, without importing scikit-learn (whose import,
with SciPy and pandas behind it, cost a short ``dlkit train digits-*`` run more than its training).
``families/images/digits.py`` calls it; should the file move in a future scikit-learn, ``load_digits`` itself
is the fallback, so the arrays are the same either way.
"""

from __future__ import annotations

import gzip
import importlib.util
from pathlib import Path

import numpy as np

RELATIVE = Path("datasets") / "data" / "digits.csv.gz"


def digits_file() -> Path | None:
    """Where the installed scikit-learn keeps ``digits.csv.gz`` (found without importing it)."""
    spec = importlib.util.find_spec("sklearn")
    for folder in (spec.submodule_search_locations or []) if spec else []:
        path = Path(folder) / RELATIVE
        if path.is_file():
            return path
    return None


def read_digits() -> tuple[np.ndarray, np.ndarray]:
    """``(images, labels)``: float64 (1797, 8, 8) ink values 0-16 and int64 (1797,) digits, as
    ``load_digits().images`` and ``.target``."""
    path = digits_file()
    if path is None:
        from sklearn.datasets import load_digits

        bunch = load_digits()
        return bunch.images, bunch.target.astype(np.int64)
    text = gzip.decompress(path.read_bytes()).decode("ascii")
    values = np.array(text.replace(",", " ").split(), dtype=np.float64).reshape(-1, 65)
    return values[:, :-1].reshape(-1, 8, 8), values[:, -1].astype(np.int64)

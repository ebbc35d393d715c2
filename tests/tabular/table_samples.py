"""Generated tables in the tutorials' shapes, written in the real file formats: the Somerville
happiness survey (``D,X1..X6``: 1–5 ratings, D first), YearPredictionMSD (year in column 0, 90
features, no header line), the UCI credit-card clients (``ID``, 23 features with SEX / EDUCATION /
MARRIAGE codes, ``default payment next month``; optionally as the raw ``.xlsx`` with its
``X1..X23, Y`` label line) and the 8-symptom disease homework (outcome last). The targets follow
a known rule plus noise, so a small network learns them."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

CREDIT_TARGET = "default payment next month"
CREDIT_COLUMNS = (
    ["LIMIT_BAL", "SEX", "EDUCATION", "MARRIAGE", "AGE", "PAY_0"]
    + [f"PAY_{i}" for i in range(2, 7)]
    + [f"BILL_AMT{i}" for i in range(1, 7)]
    + [f"PAY_AMT{i}" for i in range(1, 7)]
)
SYMPTOMS = [
    "depression",
    "epilepsy",
    "schizophrenia",
    "arrogance",
    "disrespect",
    "crime",
    "tension",
    "suicidal",
]


def happiness_frame(n: int = 143, seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    x = rng.integers(1, 6, (n, 6))
    score = x[:, 0] + x[:, 2] + x[:, 4] - 9 + rng.normal(0, 0.8, n)
    frame = pd.DataFrame(x, columns=[f"X{i}" for i in range(1, 7)])
    frame.insert(0, "D", (score > 0).astype(int))
    return frame


def happiness_csv(path: Path, n: int = 143, seed: int = 0) -> Path:
    happiness_frame(n, seed).to_csv(path, index=False)
    return path


def year_frame(n: int = 600, seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    x = rng.normal(0, 1, (n, 90)) * rng.uniform(1, 50, 90)
    year = 1998 + 6 * np.tanh(x[:, :5] / 25).sum(1) + rng.normal(0, 1, n)
    frame = pd.DataFrame(x)
    frame.insert(0, "year", np.round(year))
    return frame


def year_txt(path: Path, n: int = 600, seed: int = 0) -> Path:
    """The UCI ``YearPredictionMSD.txt`` layout: comma-separated, no header line."""
    year_frame(n, seed).to_csv(path, index=False, header=False, float_format="%.5f")
    return path


def credit_frame(n: int = 600, seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    data = {
        "ID": np.arange(1, n + 1),
        "LIMIT_BAL": rng.integers(1, 50, n) * 10000,
        "SEX": rng.integers(1, 3, n),
        "EDUCATION": rng.integers(1, 5, n),
        "MARRIAGE": rng.integers(1, 4, n),
        "AGE": rng.integers(21, 70, n),
    }
    pay = rng.integers(-2, 5, (n, 6))
    for i, name in enumerate(["PAY_0"] + [f"PAY_{k}" for k in range(2, 7)]):
        data[name] = pay[:, i]
    for i in range(1, 7):
        data[f"BILL_AMT{i}"] = rng.integers(0, 200000, n)
    for i in range(1, 7):
        data[f"PAY_AMT{i}"] = rng.integers(0, 20000, n)
    frame = pd.DataFrame(data)
    risk = pay[:, 0] + 0.5 * pay[:, 1] - frame["LIMIT_BAL"] / 2e5 + rng.normal(0, 0.7, n)
    frame[CREDIT_TARGET] = (risk > 1.6).astype(int)  # about a quarter default, as in the UCI file
    return frame


def credit_csv(path: Path, n: int = 600, seed: int = 0) -> Path:
    credit_frame(n, seed).to_csv(path, index=False)
    return path


def credit_xlsx(path: Path, n: int = 300, seed: int = 0) -> Path:
    """The raw UCI layout: a first line of labels (blank, X1..X23, Y) above the real names."""
    frame = credit_frame(n, seed)
    labels = [""] + [f"X{i}" for i in range(1, 24)] + ["Y"]
    top = pd.DataFrame([list(frame.columns)], columns=labels)
    body = pd.DataFrame(frame.to_numpy(), columns=labels)
    pd.concat([top, body]).to_excel(path, index=False, sheet_name="Data")
    return path


def disease_frame(n: int = 800, seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    x = rng.integers(0, 11, (n, 8)).astype(float)
    score = x[:, 0] + x[:, 2] + x[:, 7] - 15 + rng.normal(0, 1.5, n)
    frame = pd.DataFrame(x, columns=SYMPTOMS)
    frame["outcome"] = (score > 0).astype(int)
    return frame


def disease_csv(path: Path, n: int = 800, seed: int = 0) -> Path:
    disease_frame(n, seed).to_csv(path, index=False)
    return path

"""Every row of ``cases.py`` run through the CLI as a user types it: the documented exit code, one
line on stderr that starts ``dlkit: error:``, no traceback, nothing printed on stdout, and no file
left behind in the working folder."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from bad_inputs.cases import CASES
from bad_inputs.cases_hostile import hostile_assets


def _tree(root: Path) -> set[str]:
    return {str(p.relative_to(root)) for p in root.rglob("*")}


@pytest.fixture(scope="session")
def trained_run(tmp_path_factory):
    """One tiny digits-mlp run, shared by every row that needs a run folder."""
    from typer.testing import CliRunner

    from dlkit.cli.main import app

    out = tmp_path_factory.mktemp("bad-input-runs")
    result = CliRunner().invoke(
        app,
        ["train", "digits-mlp", "--epochs", "1", "--out", str(out), "--quiet"],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.stderr
    return Path(result.stdout.strip().splitlines()[-1])


def _huge_png(path: Path) -> None:
    """A PNG whose header claims 100,000 × 100,000 pixels (and holds almost none)."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    header = struct.pack(">IIBBBBB", 100_000, 100_000, 8, 0, 0, 0, 0)
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + chunk(b"IEND", b"")
    )


def _bad_resume(run: Path, dest: Path) -> Path:
    """A copy of ``run`` whose last.pt holds an optimizer state for another network."""
    import shutil

    import torch

    shutil.copytree(run, dest)
    ckpt = torch.load(dest / "last.pt", weights_only=True)
    ckpt["optimizer"]["param_groups"][0]["params"] = [0]
    torch.save(ckpt, dest / "last.pt")
    return dest


@pytest.fixture(scope="session")
def assets(tmp_path_factory, trained_run):
    import cv2
    import torch

    root = tmp_path_factory.mktemp("bad-input-assets")
    (root / "regular-file").write_text("not a folder\n")
    (root / "empty").mkdir()
    cv2.imwrite(str(root / "digit.png"), np.full((8, 8), 200, np.uint8))
    (root / "texts.csv").write_text("text,label\nhello there,a\ngood day,b\n")
    (root / "latin1.yaml").write_bytes("name: caf\xe9\n".encode("latin-1"))
    (root / "deep.yaml").write_text("a: " + "[" * 500 + "]" * 500 + "\n")
    _huge_png(root / "huge.png")
    torch.save({"format": "dlkit-checkpoint/1", "recipe": "digits-mlp"}, root / "incomplete.pt")
    (root / "one-class.csv").write_text("sms,class\nhi there,ham\nsee you,ham\n")
    (root / "blank.csv").write_text("review,sentiment\n,positive\n  ,negative\n")
    (root / "sms.csv").write_bytes(
        ("class,sms\n" + "spam,win £100\nham,hi\n" * 10).encode("cp1252")
    )
    return {
        "run": str(trained_run),
        "file": str(root / "regular-file"),
        **_sales_files(root),
        "dir": str(root / "empty"),
        "png": str(root / "digit.png"),
        "csv": str(root / "texts.csv"),
        "badutf8": str(root / "latin1.yaml"),
        "deep": str(root / "deep.yaml"),
        "hugepng": str(root / "huge.png"),
        "incomplete": str(root / "incomplete.pt"),
        "badresume": str(_bad_resume(trained_run, root / "bad-resume")),
        "onecls": str(root / "one-class.csv"),
        "blank": str(root / "blank.csv"),
        "sms": str(root / "sms.csv"),
        "charlm": str(_charlm_run(root)),
        **_table_assets(root),
        **hostile_assets(root, trained_run),
    }


def _table_assets(root: Path) -> dict[str, str]:
    """Happiness-survey-like tables (D, X1..X6), each with one thing wrong, and a one-epoch
    happiness-logreg run for the predict/evaluate rows (``{table}``, ``{tablerun}``, ...)."""
    import pandas as pd
    from typer.testing import CliRunner

    from dlkit.cli.main import app

    rng = np.random.default_rng(0)
    good = pd.DataFrame(rng.integers(1, 6, (40, 6)), columns=[f"X{i}" for i in range(1, 7)])
    good.insert(0, "D", np.arange(40) % 2)
    tables = {
        "table": good,
        "tableone": good.assign(D=1),
        "tablethree": good.assign(D=np.arange(40) % 3),
        "tablenan": good.assign(blank=np.nan),
        "tabletext": good.astype({"X2": object}),
        "tablegaps": good.astype({"X3": float}),
        "tablerows": good[["X1", "X2"]],
    }
    tables["tabletext"].loc[5, "X2"] = "five"
    tables["tablegaps"].loc[[1, 2], "X3"] = np.nan
    paths = {}
    for name, frame in tables.items():
        frame.to_csv(root / f"{name}.csv", index=False)
        paths[name] = str(root / f"{name}.csv")
    result = CliRunner().invoke(
        app,
        [
            "train",
            "happiness-logreg",
            "--data",
            paths["table"],
            "--epochs",
            "1",
            "--out",
            str(root / "runs"),
            "--quiet",
        ],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.stderr
    return {**paths, "tablerun": result.stdout.strip().splitlines()[-1]}


def _sales_files(root: Path) -> dict[str, str]:
    """Weekly sales tables (UCI layout) for the sales rows, and a one-epoch sales-rnn run on one."""
    from typer.testing import CliRunner

    from dlkit.cli.main import app

    header = "Product_Code," + ",".join(f"W{i}" for i in range(8))
    rows = [f"P{p}," + ",".join(str((p * 7 + w * 3) % 11) for w in range(8)) for p in range(20)]
    (root / "sales.csv").write_text("\n".join([header, *rows]) + "\n")
    text = [header, rows[0], "P1," + ",".join(["1"] * 5 + ["lots"] + ["1"] * 2), *rows[2:]]
    (root / "sales-text.csv").write_text("\n".join(text) + "\n")
    (root / "sales-short.csv").write_text("Product_Code,W0,W1\nP1,1,2\nP2,3,4\n")
    result = CliRunner().invoke(
        app,
        [
            "train",
            "sales-rnn",
            "--data",
            str(root / "sales.csv"),
            "--epochs",
            "1",
            "--out",
            str(root / "runs"),
            "--quiet",
        ],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.stderr
    return {
        "salestext": str(root / "sales-text.csv"),
        "salesshort": str(root / "sales-short.csv"),
        "salesrun": result.stdout.strip().splitlines()[-1],
    }


def _charlm_run(root: Path) -> Path:
    """A one-epoch charlm on a few lines of text: a generative run for the predict rows."""
    from typer.testing import CliRunner

    from dlkit.cli.main import app

    text = root / "story.txt"
    text.write_text("Alice was beginning to get very tired of sitting by her sister. " * 8)
    result = CliRunner().invoke(
        app,
        [
            "train",
            "charlm",
            "--data",
            str(text),
            "--epochs",
            "1",
            "--out",
            str(root / "runs"),
            "--set",
            "data.sequences=2",
            "--set",
            "data.seq_length=10",
            "--batch-size",
            "2",
            "--set",
            "model.hidden_size=4",
            "--set",
            "model.num_layers=1",
            "--quiet",
        ],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.stderr
    return Path(result.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("row", CASES, ids=[c.id for c in CASES])
def test_bad_input(row, cli, assets, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    fill = {**assets, "tmp": str(tmp_path)}
    args = [a.format(**fill) for a in row.args]
    before = _tree(tmp_path)
    result = cli(*args)
    err = result.stderr.strip()
    assert result.exit_code == row.code, (args, result.exit_code, err)
    assert "Traceback" not in result.stderr and "Traceback" not in result.stdout
    assert err.startswith("dlkit: error:") and "\n" not in err, err
    assert row.match in err, err
    assert result.stdout.strip() == "", result.stdout
    assert _tree(tmp_path) == before, sorted(_tree(tmp_path) - before)

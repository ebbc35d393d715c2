"""Property tests (hypothesis) for the readers a user feeds directly: YAML ``--set`` overrides,
table files and files of labelled texts. Whatever the input, each ends in a result or in one
``DlkitError`` whose message is one line (exit 2 or 3 on the command line), never another
exception (exit 1). ``EXAMPLES`` inputs per test in the default run (30); the ``slow`` test runs
them again with 600 each."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dlkit.errors import DlkitError

EXAMPLES = 30 if not os.environ.get("DLKIT_LONG_FUZZ") else 600
PROFILE = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)

# cells a hostile table holds: numbers at the edges, words pandas treats as missing, quotes
CELLS = st.one_of(
    st.sampled_from(
        [
            "",
            " ",
            "1",
            "0",
            "-1",
            "1e400",
            "inf",
            "-inf",
            "nan",
            "NaN",
            "None",
            "NA",
            "null",
            "3.4e38",
            "1e308",
            "1_000",
            "0x1F",
            "True",
            '"',
            "'",
            ",",
            ";",
            "\t",
            "\\",
            "é",
            "\x00",
            "1,5",
            "12:30",
            "2024-13-45",
            "９",
            "1e-400",
        ]
    ),
    st.integers(-(10**6), 10**6).map(str),
    st.floats(allow_nan=True).map(repr),
    st.text(max_size=8),
)


def _fails_well(call) -> object:
    try:
        return call()
    except DlkitError as exc:
        assert "\n" not in str(exc).strip(), str(exc)
        assert exc.exit_code in (2, 3), (type(exc), exc)
        return exc


def _write(suffix: str, data: bytes) -> Path:
    fd, name = tempfile.mkstemp(suffix=suffix)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    return Path(name)


@PROFILE
@given(
    sets=st.lists(
        st.one_of(
            st.tuples(
                st.sampled_from(
                    [
                        "seed",
                        "optim.lr",
                        "trainer.epochs",
                        "data.batch_size",
                        "model",
                        "model.hidden",
                        "optim",
                        "trainer.grad_clip",
                        "x.y",
                        "name",
                        "loss.name",
                        "task",
                        "data",
                        "scheduler.name",
                        "optim.lr.x",
                    ]
                ),
                st.one_of(
                    CELLS,
                    st.sampled_from(
                        [
                            "[1, 2]",
                            "{a: 1}",
                            "&a [1, *a]",
                            "*x",
                            "!!python/object:os.system",
                            "[" * 60,
                            "{" * 60,
                            "9" * 5000,
                            ".inf",
                            "-.nan",
                            "~",
                            "[]",
                            "{}",
                        ]
                    ),
                ),
            ).map(lambda kv: f"{kv[0]}={kv[1]}"),
            st.text(max_size=30),
        ),
        max_size=4,
    )
)
def test_set_overrides_end_in_a_recipe_or_a_usage_error(sets):
    from dlkit.config.load import resolve
    from dlkit.config.recipes import find_recipe
    from dlkit.config.validate import validate

    result = _fails_well(lambda: validate(resolve(find_recipe("digits-mlp"), sets=sets)))
    assert not isinstance(result, DlkitError) or result.exit_code == 2


@PROFILE
@given(
    rows=st.lists(st.lists(CELLS, min_size=1, max_size=4), min_size=0, max_size=12),
    sep=st.sampled_from([",", ";", "\t"]),
    suffix=st.sampled_from([".csv", ".tsv", ".txt"]),
    task=st.sampled_from(["classification", "binary", "regression"]),
)
def test_tables_end_in_a_dataset_or_a_data_error(rows, sep, suffix, task):
    from dlkit.families.tables.table import tabular

    text = "\n".join(sep.join(row) for row in rows)
    path = _write(suffix, text.encode("utf-8", "surrogatepass"))
    try:
        _fails_well(lambda: tabular(str(path), task=task, target=0, impute="median"))
    finally:
        path.unlink()


@PROFILE
@given(
    data=st.binary(max_size=300), suffix=st.sampled_from([".csv", ".csv.gz", ".xlsx", ".parquet"])
)
def test_table_bytes_end_in_a_dataset_or_a_data_error(data, suffix):
    from dlkit.families.tables.table import tabular

    path = _write(suffix, data)
    try:
        _fails_well(lambda: tabular(str(path), target=0))
    finally:
        path.unlink()


TEXT_VALUES = st.one_of(
    st.text(max_size=12),
    st.integers(),
    st.floats(),
    st.booleans(),
    st.none(),
    st.lists(st.integers(), max_size=2),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
)


@PROFILE
@given(
    rows=st.lists(
        st.dictionaries(
            st.sampled_from(["text", "label", "review", "split", "x"]), TEXT_VALUES, max_size=4
        ),
        max_size=12,
    )
)
def test_jsonl_texts_end_in_a_dataset_or_a_data_error(rows):
    from dlkit.families.text.text_data import text

    lines = "\n".join(json.dumps(row) for row in rows)
    path = _write(".jsonl", lines.encode("utf-8", "surrogatepass"))
    try:
        _fails_well(lambda: text(str(path), val_fraction=0.2, test_fraction=0.2))
    finally:
        path.unlink()


@PROFILE
@given(
    data=st.one_of(
        st.binary(max_size=300),
        st.lists(st.tuples(st.text(max_size=15), CELLS), max_size=12).map(
            lambda rows: "\n".join(f"{t}\t{c}" for t, c in rows).encode("utf-8", "surrogatepass")
        ),
    ),
    suffix=st.sampled_from([".csv", ".tsv", ".txt"]),
)
def test_text_files_end_in_a_dataset_or_a_data_error(data, suffix):
    from dlkit.families.text.text_data import text

    path = _write(suffix, data)
    try:
        _fails_well(lambda: text(str(path), val_fraction=0.2, test_fraction=0.2))
    finally:
        path.unlink()


@pytest.mark.slow
def test_long_run_of_the_properties():
    """The same properties with 600 inputs each (``DLKIT_LONG_FUZZ=1``, in a subprocess)."""
    import subprocess
    import sys

    from dlkit_testing import cli_env

    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-n",
            "0",
            "-p",
            "no:cacheprovider",
            __file__,
            "-k",
            "not long_run",
        ],
        env=cli_env({"DLKIT_LONG_FUZZ": "1"}),
        capture_output=True,
        text=True,
        check=False,
        cwd=Path(__file__).resolve().parents[1],
    )
    assert proc.returncode == 0, proc.stdout[-3000:]

"""Bad-input rows from the hostile-user probe (issue 23), and the files they name.

``hostile_assets(root)`` writes the files (an alias bomb, a 100,000-digit number, ...) and returns
their ``{name}`` fillers; ``test_bad_inputs.py``'s ``assets`` fixture adds them to its own.
"""

from __future__ import annotations

from pathlib import Path

from bad_inputs.cases import Case, case


def _billion_laughs() -> str:
    text = 'name: bomb\na: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    previous = "a"
    for name in "bcdefghi":
        text += f"{name}: &{name} [" + ",".join([f"*{previous}"] * 9) + "]\n"
        previous = name
    return text


def _texts(root: Path) -> dict[str, str]:
    """Labelled texts with three classes, and JSONL whose text is an object or label a list."""
    import json

    three = ["text,label"] + [f"word{i % 9} other{i % 5},{'abc'[i % 3]}" for i in range(60)]
    (root / "three.csv").write_text("\n".join(three) + "\n")
    (root / "obj.jsonl").write_text(
        "".join(json.dumps({"text": {"a": i}, "label": i % 2}) + "\n" for i in range(30))
    )
    (root / "list.jsonl").write_text(
        "".join(json.dumps({"text": f"w{i} x", "label": [i % 2]}) + "\n" for i in range(30))
    )
    return {
        "three": str(root / "three.csv"),
        "objtext": str(root / "obj.jsonl"),
        "listlabel": str(root / "list.jsonl"),
        "longprompt": "a" * 100_001,
    }


def _tampered(run: Path, dest: Path) -> Path:
    """A copy of ``run`` whose checkpoints hold an input spec with a string for its shape."""
    import shutil

    import torch

    shutil.copytree(run, dest)
    for name in ("best.pt", "last.pt"):
        ckpt = torch.load(dest / name, weights_only=True)
        ckpt["input_spec"]["shape"] = "8x8"
        torch.save(ckpt, dest / name)
    return dest


def hostile_assets(root: Path, run: Path) -> dict[str, str]:
    files = {
        "bomb": ("bomb.yaml", _billion_laughs()),
        "bigint": ("bigint.yaml", "seed: " + "1" * 100_000 + "\n"),
    }
    paths = {}
    for key, (name, text) in files.items():
        (root / name).write_text(text)
        paths[key] = str(root / name)
    paths["nines"] = "9" * 100_000
    paths.update(_tables(root))
    paths["tampered"] = str(_tampered(run, root / "tampered-run"))
    import gzip

    (root / "gzipped.csv").write_bytes(gzip.compress((root / "tableinf.csv").read_bytes()))
    paths["gzcsv"] = str(root / "gzipped.csv")
    paths.update(_texts(root))
    return paths


def _tables(root: Path) -> dict[str, str]:
    """Happiness-like tables (D, X1..X6) with an infinite or too-large cell."""
    header = "D," + ",".join(f"X{i}" for i in range(1, 7))
    rows = [f"{i % 2}," + ",".join(str((i * 7 + j) % 5 + 1) for j in range(6)) for i in range(40)]
    tables = {
        "tableinf": (3, "0,1,inf,3,4,5,1"),
        "table1e400": (5, "1,2,1e400,3,4,5,1"),
        "tableneginf": (7, "0,-inf,2,3,4,5,1"),
        "tablebigy": (2, "1e308,1,2,3,4,5,1"),
    }
    paths = {}
    for name, (row, line) in tables.items():
        lines = rows.copy()
        lines[row] = line
        (root / f"{name}.csv").write_text("\n".join([header, *lines]) + "\n")
        paths[name] = str(root / f"{name}.csv")
    return paths


HOSTILE: list[Case] = [
    # YAML: bounded work whatever the file (recipe, --config, --set) holds
    case("yaml-bomb-recipe", "train {bomb}", 2, "nested aliases"),
    case("yaml-bomb-config", "train digits-mlp --config {bomb}", 2, "nested aliases"),
    case("yaml-bomb-config-show", "config show digits-mlp --config {bomb}", 2, "nested aliases"),
    case("yaml-huge-integer", "train {bigint}", 2, "4,300 digits"),
    case("yaml-huge-integer-set", "train digits-mlp --set seed={nines}", 2, "4,300 digits"),
    # non-finite numbers: a data error naming the column, when the table is read
    case(
        "table-inf-train",
        "train happiness-logreg --data {tableinf} --epochs 1",
        3,
        "column 'X2' has 1 value(s) that are infinite",
    ),
    case(
        "table-1e400-xgboost",
        "train tabular-xgboost --data {table1e400} --set data.target=D",
        3,
        "column 'X2' has 1 value(s) that are infinite",
    ),
    case(
        "table-neginf-evaluate",
        "evaluate {tablerun} --data {tableneginf}",
        3,
        "column 'X1' has 1 value(s) that are infinite",
    ),
    case("table-inf-predict", "predict {tablerun} {tableinf}", 3, "row 4 (inf)"),
    case(
        "table-regression-target-overflow",
        "train tabular-regress --data {tablebigy} --set data.target=D --epochs 1",
        3,
        "column 'D' has 1 value(s)",
    ),
    # a checkpoint that does not load, whatever part of it is broken
    case("checkpoint-tampered-evaluate", "evaluate {tampered}", 3, "damaged or was edited"),
    case("checkpoint-tampered-predict", "predict {tampered} {png}", 3, "damaged or was edited"),
    # recipe names are names; paths are .yaml files; devices are not folders; gzip says so
    case(
        "config-cp-traversal",
        "config cp ../../../../../../../../etc/passwd {tmp}/out.yaml",
        2,
        "not a .yaml/.yml file",
    ),
    case("config-show-absolute-path", "config show /etc/hostname", 2, "not a .yaml/.yml file"),
    case("train-recipe-dev-zero", "train /dev/zero", 2, "not a .yaml/.yml file"),
    case("config-file-dev-zero", "train digits-mlp --config /dev/zero", 2, "not a regular file"),
    case("table-dev-zero", "train happiness-logreg --data /dev/zero", 3, "not a regular file"),
    case("texts-dev-null", "train sentiment-lstm --data /dev/null", 3, "not a regular file"),
    case("predict-image-dev-zero", "predict {run} /dev/zero", 3, "/dev/zero: not a regular file"),
    case("cluster-dev-zero", "cluster /dev/zero", 3, "not a regular file"),
    case(
        "table-gzip-named-csv",
        "train happiness-logreg --data {gzcsv}",
        3,
        "gzip-compressed; decompress it or name it gzipped.csv.gz",
    ),
    case("predict-gzip-named-csv", "predict {tablerun} {gzcsv}", 3, "gzip-compressed"),
    # silent successes: refused before training
    case(
        "binary-recipe-three-classes",
        "train sentiment-lstm --data {three} --epochs 1",
        3,
        "the data has 3 class(es) (a, b, c) but recipe sentiment-lstm is binary",
    ),
    case(
        "jsonl-text-object",
        "train sentiment-lstm --data {objtext} --epochs 1",
        3,
        "the text (key 'text') is a JSON object or list",
    ),
    case(
        "jsonl-label-list",
        "train sentiment-lstm --data {listlabel} --epochs 1",
        3,
        "the label (key 'label') is a JSON object or list",
    ),
    case(
        "charlm-temperature-inf",
        "predict {charlm} --prompt Alice --temperature inf",
        2,
        "give a finite number",
    ),
    case(
        "charlm-length-huge",
        "predict {charlm} --prompt Alice --length 100000000",
        2,
        "give 1 to 10,000 characters",
    ),
    case(
        "charlm-prompt-too-long",
        "predict {charlm} --prompt {longprompt}",
        2,
        "the limit is 100,000",
    ),
    case("serve-read-timeout-zero", "serve {run} --read-timeout 0", 2, "--read-timeout"),
]

"""The text data modules on files in the real formats: encodings, columns, labels, splits, and a
vocabulary built from the training split only."""

from __future__ import annotations

import numpy as np
import pytest

from dlkit.components import DATASETS
from dlkit.errors import DataError, UsageError
from text.text_samples import alice_txt, imdb_csv, sms_csv, uci_txt


def test_the_sms_collection_in_cp1252_reads_its_pound_sign(tmp_path):
    path = sms_csv(tmp_path / "SMSSpamCollection.csv")
    with pytest.raises(UnicodeDecodeError):
        path.read_bytes().decode("utf-8")
    data = DATASETS.create("text", path=str(path), encode="strings")
    assert data.classes == ["ham", "spam"]
    texts = [t for split in data.info["texts"].values() for t in split]
    assert any("£" in t for t in texts)
    assert any("read it as cp1252" in n for n in data.info["notes"])
    assert data.train.x.dtype == object and data.input_spec.vocab is None


def test_a_forced_encoding_that_does_not_fit_is_one_error(tmp_path):
    path = sms_csv(tmp_path / "sms.csv")
    with pytest.raises(DataError, match=r"is not valid utf-8: byte 0xa3"):
        DATASETS.create("text", path=str(path), encoding="utf-8")


def test_imdb_csv_columns_classes_and_stratified_split(tmp_path):
    path = imdb_csv(tmp_path / "IMDB Dataset.csv", n=200)
    data = DATASETS.create(
        "text",
        path=str(path),
        clean=["html", "letters", "lower", "spaces"],
        tokenizer="split",
        max_len=30,
        padding="post",
        truncating="post",
        val_fraction=0.2,
        test_fraction=0.1,
        seed=3,
    )
    assert data.classes == ["negative", "positive"]
    assert (len(data.train), len(data.val), len(data.test)) == (144, 36, 20)
    for part in (data.train, data.val, data.test):
        assert part.x.shape[1] == 30 and np.bincount(part.y).tolist()[0] * 2 == len(part)
    spec = data.input_spec
    assert spec.shape == [30, len(spec.vocab)] and spec.vocab[:2] == ["<pad>", "<unk>"]
    again = DATASETS.create(
        "text",
        path=str(path),
        clean=["html", "letters", "lower", "spaces"],
        tokenizer="split",
        max_len=30,
        padding="post",
        truncating="post",
        val_fraction=0.2,
        test_fraction=0.1,
        seed=3,
    )
    assert again.fingerprint() == data.fingerprint() and again.input_spec.vocab == spec.vocab


def test_the_vocabulary_never_sees_test_texts(tmp_path):
    rows = ["text,label,split"] + [
        f"common word{i % 3},{'a' if i % 2 else 'b'},train" for i in range(20)
    ]
    rows += ["onlyintest zebra,a,test", "common word1,b,test", "common word2,a,val"]
    path = tmp_path / "texts.csv"
    path.write_text("\n".join(rows) + "\n")
    data = DATASETS.create("text", path=str(path))
    assert "zebra" not in data.input_spec.vocab and "onlyintest" not in data.input_spec.vocab
    assert (len(data.train), len(data.val), len(data.test)) == (20, 1, 2)
    assert 1 in data.test.x[0]  # the unseen words are <unk>


def test_uci_tab_lines_without_a_header_and_sms_label_first(tmp_path):
    data = DATASETS.create("text", path=str(uci_txt(tmp_path / "amazon_cells_labelled.txt")))
    assert data.classes == ["0", "1"]
    raw = tmp_path / "SMSSpamCollection"
    raw.write_text(
        "ham\tGo until jurong point, crazy..\nspam\tFree entry in 2 a wkly comp\n"
        "ham\tOk lar... Joking wif u oni\nspam\tWINNER!! claim your prize\n" * 3
    )
    sms = DATASETS.create("text", path=str(raw), val_fraction=0.0, test_fraction=0.0)
    assert sms.classes == ["ham", "spam"] and len(sms.train) == 12


def test_empty_texts_and_labels_are_counted_and_left_out(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("text,label\ngood day,a\n,a\n  ,b\nbad day,\nfine,b\nok then,a\nno way,b\n")
    data = DATASETS.create("text", path=str(path), val_fraction=0.0, test_fraction=0.0)
    assert len(data.train) == 4
    assert data.info["notes"] == [
        "left out 3 of 7 rows: 2 with an empty text, 1 with an empty label"
    ]


@pytest.mark.parametrize(
    "content, options, error, match",
    [
        ("sms,class\nhi,ham\nyo,ham\n", {}, DataError, "one class"),
        ("sms,class\n,ham\n ,spam\n", {}, DataError, "every text"),
        ("sms,class\nhi,ham\nyo,spam\n", {"text_column": "msg"}, UsageError, "no column 'msg'"),
        (
            "sms,class\nhi,ham\nyo,spam\n",
            {"label_column": "Class"},
            UsageError,
            "did you mean 'class'",
        ),
        (
            "sms,class\nhi,ham\nyo,spam\n",
            {"val_fraction": 0.5, "test_fraction": 0.5},
            UsageError,
            "sum to less than 1",
        ),
    ],
)
def test_bad_files(tmp_path, content, options, error, match):
    path = tmp_path / "bad.csv"
    path.write_text(content)
    with pytest.raises(error, match=match):
        DATASETS.create("text", path=str(path), **options)


def test_the_stream_rows_and_sorted_characters(tmp_path):
    path = alice_txt(tmp_path / "alice.txt", chars=3000)
    data = DATASETS.create(
        "text_stream", path=str(path), sequences=4, seq_length=10, val_fraction=0.1
    )
    spec = data.input_spec
    assert spec.chars == sorted(set(spec.chars)) and spec.shape == [len(spec.chars)]
    x, y = data.train.x, data.train.y
    assert x.shape[0] == 4 and x.shape[1] % 10 == 0
    assert (x[:, 1:] == y[:, :-1]).all()  # the target is the next character
    text = path.read_text()
    assert "".join(spec.chars[i] for i in x[0, :20]) == text[:20]
    assert data.val is not None and data.val.x.shape[1] % 10 == 0

"""Text data that used to train silently: a binary recipe on three classes, JSONL whose text is an
object or whose label is a list; refused before training with a line that says what fits."""

from __future__ import annotations

import json

import pytest

from dlkit.errors import DataError
from dlkit.families.text.text_files import read_labelled
from dlkit.tasks import make_task


@pytest.mark.parametrize(
    ("row", "what"),
    [
        ({"text": {"a": 1}, "label": 1}, "text"),
        ({"text": "hi", "label": [1]}, "label"),
        ({"text": ["a", "b"], "label": 0}, "text"),
    ],
)
def test_jsonl_objects_and_lists_are_refused(tmp_path, row, what):
    path = tmp_path / "t.jsonl"
    good = [{"text": "fine words", "label": i % 2} for i in range(4)]
    path.write_text("".join(json.dumps(r) + "\n" for r in [*good, row]))
    with pytest.raises(DataError, match=f"row 5: the {what} .* is a JSON object or list"):
        read_labelled(path, None, None, None)


def test_jsonl_nested_metadata_in_other_keys_is_fine(tmp_path):
    path = tmp_path / "t.jsonl"
    path.write_text(
        "".join(
            json.dumps({"text": f"w{i}", "label": i % 2, "meta": {"id": i}}) + "\n"
            for i in range(4)
        )
    )
    texts, labels, _, _ = read_labelled(path, None, None, None)
    assert texts == ["w0", "w1", "w2", "w3"] and labels == ["0", "1", "0", "1"]


@pytest.mark.parametrize("classes", [["a", "b", "c"], [str(i) for i in range(200)], ["x"]])
def test_binary_task_refuses_other_class_counts(classes):
    with pytest.raises(DataError, match=f"has {len(classes)} class"):
        make_task("binary").check_classes(classes, "sentiment-lstm")
    make_task("binary").check_classes(["neg", "pos"], "sentiment-lstm")
    make_task("classification").check_classes(classes, "any")


def test_a_character_corpus_over_the_cap_is_refused(tmp_path, monkeypatch):
    from dlkit.families.text import text_stream

    path = tmp_path / "big.txt"
    path.write_text("a" * 2048)
    monkeypatch.setattr(text_stream, "MAX_TEXT_BYTES", 1024)
    with pytest.raises(DataError, match="a character model reads at most"):
        text_stream.read_text(path, None)
    monkeypatch.setattr(text_stream, "MAX_TEXT_BYTES", 4096)
    assert text_stream.read_text(path, None)[0] == "a" * 2048

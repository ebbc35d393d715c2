"""The three transformer recipes validate as shipped, and the tutorials' networks have their
parameter counts (built from the default configs, which are bert-base-uncased's and t5-small's:
the Hub models themselves cannot be downloaded here)."""

from __future__ import annotations

import pytest
import yaml


@pytest.mark.parametrize("recipe", ["fakenews-bert", "news-t5", "text-classify-transformer"])
def test_the_recipe_validates_with_its_documented_settings(recipe, cli):
    result = cli("train", recipe, "--print-config")
    assert result.exit_code == 0, result.stderr
    config = yaml.safe_load(result.stdout)
    expected = {
        "fakenews-bert": ("bert-base-uncased", 2e-5, "transformers", "fake_news"),
        "news-t5": ("t5-small", 1e-4, "seq2seq", "summaries"),
        "text-classify-transformer": (None, 5e-5, "transformers", "text"),
    }[recipe]
    got = (
        config["model"]["pretrained"],
        config["optim"]["lr"],
        config["trainer"]["step"],
        config["data"]["name"],
    )
    assert got == expected
    assert config["optim"]["name"] == "adamw" and config["scheduler"]["name"] == "linear"


@pytest.mark.slow
def test_the_tutorial_networks_have_their_parameter_counts():
    from transformers import (
        BertConfig,
        BertForSequenceClassification,
        T5Config,
        T5ForConditionalGeneration,
    )

    bert = BertForSequenceClassification(BertConfig(num_labels=2))
    assert sum(p.numel() for p in bert.parameters()) == 109_483_778
    t5 = T5ForConditionalGeneration(T5Config())
    assert sum(p.numel() for p in t5.parameters()) == 60_506_624

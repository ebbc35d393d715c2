"""Tiny Hugging Face models written to a folder inside the tests, so nothing downloads: a T5 with a
word-level tokenizer trained on the test's own words, and a BERT the width of a few neurons that
reuses the packaged MiniLM's WordPiece tokenizer; plus the small files they learn from."""

from __future__ import annotations

import csv
import random
from pathlib import Path

POSITIVE = "good great excellent wonderful superb lovely fine happy".split()
NEGATIVE = "bad awful terrible poor dreadful boring sad ugly".split()
FILLER = "the a movie film plot was it and very really this story".split()
TOPICS = {
    "rain": "heavy rain floods the city streets",
    "team": "the home team wins the final",
    "market": "stock market falls on rate fears",
    "school": "new school opens in the town",
}


def reviews_csv(path: Path, n: int = 48, seed: int = 0) -> Path:
    rng = random.Random(seed)
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["text", "label"])
        for i in range(n):
            label = i % 2
            words = rng.sample(FILLER, 4) + rng.sample(POSITIVE if label else NEGATIVE, 2)
            rng.shuffle(words)
            writer.writerow([" ".join(words), "positive" if label else "negative"])
    return path


def news_csv(path: Path, n: int = 40, seed: int = 0) -> Path:
    """Articles whose summary is their topic's headline (learnable by a tiny model)."""
    rng = random.Random(seed)
    topics = sorted(TOPICS)
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["headlines", "text", "summary"])
        for i in range(n):
            topic = topics[i % len(topics)]
            body = TOPICS[topic].split() + rng.sample(FILLER, 5)
            rng.shuffle(body)
            writer.writerow([topic, f"{' '.join(body)}. more on {topic} today.", TOPICS[topic]])
    return path


def word_tokenizer(words: list[str]):
    """A word-level fast tokenizer ending every text with </s> (T5's convention)."""
    from tokenizers import Tokenizer, models, pre_tokenizers, processors

    from transformers import PreTrainedTokenizerFast

    vocab = {w: i for i, w in enumerate(["<pad>", "</s>", "<unk>", *sorted(set(words))])}
    core = Tokenizer(models.WordLevel(vocab, unk_token="<unk>"))
    core.pre_tokenizer = pre_tokenizers.Whitespace()
    core.post_processor = processors.TemplateProcessing(
        single="$A </s>", special_tokens=[("</s>", 1)]
    )
    return PreTrainedTokenizerFast(
        tokenizer_object=core, pad_token="<pad>", eos_token="</s>", unk_token="<unk>"
    )


def tiny_t5(folder: Path, seed: int = 0) -> Path:
    import torch

    from transformers import T5Config, T5ForConditionalGeneration

    words = (
        [w for text in TOPICS.values() for w in text.split()]
        + FILLER
        + list(TOPICS)
        + ["summarize", ":", ".", "more", "on", "today"]
    )
    tokenizer = word_tokenizer(words)
    config = T5Config(
        vocab_size=len(tokenizer),
        d_model=16,
        d_ff=32,
        d_kv=8,
        num_layers=1,
        num_decoder_layers=1,
        num_heads=2,
        pad_token_id=0,
        eos_token_id=1,
        decoder_start_token_id=0,
    )
    torch.manual_seed(seed)
    T5ForConditionalGeneration(config).save_pretrained(folder)
    tokenizer.save_pretrained(folder)
    return folder


def tiny_bert(folder: Path, seed: int = 0) -> Path:
    """A 1-layer BERT of width 16 with the packaged MiniLM's tokenizer (vocabulary 30,522)."""
    import torch

    from dlkit.hf_hub import bundled_model_dir
    from transformers import AutoTokenizer, BertConfig, BertModel

    tokenizer = AutoTokenizer.from_pretrained(bundled_model_dir())
    config = BertConfig(
        vocab_size=len(tokenizer),
        hidden_size=16,
        num_hidden_layers=1,
        num_attention_heads=2,
        intermediate_size=32,
        max_position_embeddings=64,
    )
    torch.manual_seed(seed)
    BertModel(config).save_pretrained(folder)
    tokenizer.save_pretrained(folder)
    return folder

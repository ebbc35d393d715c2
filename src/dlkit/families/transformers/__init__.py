"""Hugging Face transformers: fake-news and summary data, token caching, the classifier and\nseq2seq models, their training steps, the document predictor and ROUGE report."""

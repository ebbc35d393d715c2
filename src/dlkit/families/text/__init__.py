"""Text: labelled texts and character streams, cleaning and vocabularies, recurrent nets, TF-IDF\nestimators, the text and character predictors and reports, truncated BPTT."""

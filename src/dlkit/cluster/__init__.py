"""Topic clustering of short texts: read, embed (cached), reduce, cluster, keywords, report.

``jobs/cluster.py`` validates the recipe and calls ``pipeline.run``; ``components.py`` holds the
registries of algorithms and reducers; the other modules each do one step and import their heavy
libraries (torch, sentence-transformers, hdbscan, sklearn, jieba) lazily.
"""

"""Topic clustering of short texts: read, embed (cached), reduce, cluster, keywords, report.

``pipeline.run_cluster`` is the job behind ``dlkit cluster``; the other modules each do one step and
import their heavy libraries (torch, sentence-transformers, hdbscan, sklearn, jieba) lazily.
"""

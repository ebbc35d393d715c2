"""dlkit: one command-line toolkit for the deep-learning tutorial jobs.

The package is import-light on purpose: importing ``dlkit`` pulls in nothing heavy, so the CLI
starts fast. Each job imports torch, pandas or selenium inside the functions that need them.
"""

__version__ = "0.2.0"

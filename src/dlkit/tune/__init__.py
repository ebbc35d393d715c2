"""``dlkit tune``: hyper-parameter sweeps on Optuna. ``space.py`` parses and checks the search
space, ``study.py`` runs the study (each trial an ordinary run through ``jobs/train.py``),
``outputs.py`` writes trials.csv, best.yaml and the pictures. Called by ``cli/tune.py``."""

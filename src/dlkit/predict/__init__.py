"""Predictors: how a run reads raw inputs and turns its outputs into rows, one per input kind.

``protocol.py`` defines the protocol shared by ``dlkit predict`` and ``dlkit evaluate`` (and later
``export``/``serve``); ``images.py`` and ``series.py`` implement it, registered in
``components.PREDICTORS`` under their input kind.
"""

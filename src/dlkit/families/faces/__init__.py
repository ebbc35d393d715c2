"""Faces: a cascade face detector with clamped margin crops (``detector.py``), frame sources —
video files, cameras, image folders (``frames.py``) — and the daily attendance sheet
(``sheet.py``). Used by ``dlkit prepare faces`` and ``dlkit attend``."""

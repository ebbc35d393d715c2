"""Evaluation: metrics, reports and plots for a trained run (``dlkit evaluate``)."""

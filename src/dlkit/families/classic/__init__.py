"""Classic nets: the embedded truth tables and generated lines, NumPy perceptrons and hand-written\nMLPs with their manual training step, and the fitted-curve and decision-boundary plots."""

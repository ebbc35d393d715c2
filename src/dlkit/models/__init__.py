"""Model families, one file each; every factory takes ``in_shape`` and ``num_outputs`` first."""

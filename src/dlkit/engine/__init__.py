"""The training engine: device selection, the trainer, checkpoints and run folders."""

"""GANs: an unlabelled image set, the DCGAN pair, its two-optimiser step and the noise predictor."""

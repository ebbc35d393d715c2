"""Images: bundled digits, MNIST, CIFAR-10 and photo folders; their caches, augmentation, conv nets,\nthe image predictor and feature maps."""

"""Style transfer: the two pictures, the VGG-19 loss net, the picture-as-parameter step and the\npicture predictor."""

"""MLE on COCO captions stopped early: 1,000 held-out training captions, patience 5."""

from tf_hebbgan.config import load_preset


def get_config():
    config = load_preset("mle_coco")  # SeqGAN's generator on Texygen's caption files.
    config.mle_validation_size = 1000  # 10 % of the training captions (never the test set).
    config.mle_patience = 5  # Epochs without a lower validation NLL before MLE stops.
    return config

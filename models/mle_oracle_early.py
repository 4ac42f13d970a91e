"""MLE on the SeqGAN oracle stopped early: 1,000 held-out training sequences, patience 10."""

from tf_hebbgan.config import load_preset


def get_config():
    config = load_preset("mle_oracle")  # SeqGAN's generator, data and optimiser.
    config.mle_validation_size = 1000  # 10 % of the training sequences (never the test set).
    config.mle_patience = 10  # Epochs without a lower validation NLL before MLE stops.
    return config

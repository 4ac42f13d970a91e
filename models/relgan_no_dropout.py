"""RelGAN without the discriminator's dropout: the control of the plastic-output rows."""

from tf_hebbgan.config import load_preset


def get_config():
    config = load_preset("relgan_oracle")
    config.discriminator_dropout = 0.0  # As the HebbGAN rows, which drop it.
    return config

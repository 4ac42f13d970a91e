"""Tiny MaliGAN for tests: seqgan_tiny's shapes with MaliGAN's generator step. Not a result."""

from tf_hebbgan.config import load_preset


def get_config():
    config = load_preset("seqgan_tiny")
    config.gan = "maligan"
    return config

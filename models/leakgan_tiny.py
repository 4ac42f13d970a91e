"""Tiny LeakGAN for tests: seqgan_tiny's shapes, LeakGAN's generator and steps. Not a result."""

from tf_hebbgan.config import load_preset


def get_config():
    config = load_preset("seqgan_tiny")
    config.gan = "leakgan"
    config.generator_cell = "leakgan"
    config.hidden_dim = 8
    config.embedding_dim = 8
    config.leak_goal_size = 4
    config.leak_refresh_every = 1  # A round and a leak refresh before each of the 2 MLE epochs.
    config.leak_refresh_rounds = 1
    return config

"""Tiny RankGAN for tests: seqgan_tiny's shapes with a ranker and its reward. Not a result."""

from tf_hebbgan.config import load_preset


def get_config():
    config = load_preset("seqgan_tiny")
    config.gan = "rankgan"
    config.rank_references = 4
    config.rank_comparison = 8
    return config

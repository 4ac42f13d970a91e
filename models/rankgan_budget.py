"""RankGAN on seqgan_budget's 2-core schedule: 5 ranker rounds, 40 epochs of 1 G step and 1 round.

An epoch costs a SeqGAN epoch: the same rollouts, and a ranker the size of its discriminator."""

from tf_hebbgan.config import load_preset


def get_config():
    config = load_preset("seqgan_budget")  # The per-step settings and counts of SeqGAN's.
    config.gan = "rankgan"
    return config

"""MaliGAN on seqgan_budget's 2-core schedule: 5 D rounds, 40 epochs of 1 G step and 1 round.

A MaliGAN epoch costs a SeqGAN epoch without its rollouts."""

from tf_hebbgan.config import load_preset


def get_config():
    config = load_preset("seqgan_budget")  # The per-step settings and counts of SeqGAN's.
    config.gan = "maligan"  # MaliGAN's generator step.
    return config

"""RankGAN on the oracle with SeqGAN's schedule and settings (120 / 50 / 200), as Texygen runs it.

A CNN ranker in the discriminator's place: each rollout completion is rewarded by its rank
score against 64 real sentences, relative to 16 real references (both drawn every round)."""

from tf_hebbgan.config import load_preset


def get_config():
    config = load_preset("seqgan_oracle")  # MLE as mle_oracle, so pretraining can be shared.
    config.gan = "rankgan"  # The ranker and its reward; rollouts as SeqGAN's.
    return config

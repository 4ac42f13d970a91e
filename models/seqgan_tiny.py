"""Tiny SeqGAN for tests: the tiny MLE preset plus a few small adversarial epochs. Not a result."""

from tf_hebbgan.config import load_preset


def get_config():
    config = load_preset("tiny")
    config.adversarial_epochs = 3  # Enough to resume from the middle.
    config.discriminator_pretrain_rounds = 1  # One round of fresh negatives.
    config.discriminator_steps = 1  # One round per adversarial epoch.
    config.discriminator_epochs = 1  # One epoch over each round's data.
    config.discriminator_negatives = 128  # As many negatives as positives.
    config.discriminator_filter_scale = 0.05  # 86 filters of SeqGAN's 12 sizes, not 1,720.
    config.num_rollouts = 2  # Two completions per prefix.
    config.eval_every = 2  # Evaluate mid-run and at the end.
    return config

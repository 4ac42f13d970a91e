"""Tiny RelGAN for tests: a small relational memory, a few adversarial steps. Not a result."""

from tf_hebbgan.config import load_preset


def get_config():
    config = load_preset("tiny")  # 128 oracle sequences, 2 MLE epochs.
    config.generator_cell = "relational_memory"
    config.head_size = 8  # Memory rows of 16.
    config.gan = "relgan"
    config.adversarial_epochs = 4  # Enough to resume from the middle.
    config.discriminator_steps = 2  # Two discriminator updates per generator update.
    config.discriminator_embedding_dim = 8
    config.discriminator_num_rep = 4
    config.relgan_num_filters = 16  # 64 features (RelGAN: 1,200).
    config.adversarial_eval_every = 2  # Evaluate mid-run and at the end.
    config.generator_learning_rate = 1e-3
    config.discriminator_learning_rate = 1e-3
    return config

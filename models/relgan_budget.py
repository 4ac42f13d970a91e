"""RelGAN on a 2-core CPU budget: MLE stopped early, then 200 adversarial steps.

Every per-step setting is RelGAN's (batch 64, 5 discriminator updates per generator update, the
two Adams at 1e-4, the relativistic loss, the exponential schedule to 100). MLE holds out 1,000
training sequences and keeps its epoch of lowest validation NLL (the strongest baseline's rule);
the steps are cut from 3,000 to 200, and the schedule's horizon with them, so that beta follows
the paper run's path (RelGAN's code anneals over 5,000 steps and ends at 15.8): 200 / 3,000 of
5,000 is 333.
"""

from tf_hebbgan.config import load_preset


def get_config():
    config = load_preset("relgan_oracle")
    config.mle_validation_size = 1000  # 10 % of the training sequences (never the test set).
    config.mle_patience = 3  # Epochs without a lower validation NLL before MLE stops.
    config.mle_epochs = 40  # At most 40 epochs (paper: 150).
    config.eval_every = 5  # MLE figures every 5 epochs.
    config.adversarial_epochs = 200  # Adversarial steps (paper: 3,000).
    config.gumbel_horizon = 333  # beta ends at 100 ** (200 / 333) = 15.8, as the paper's run.
    config.adversarial_eval_every = 25  # NLL-oracle / NLL-test every 25 steps.
    return config

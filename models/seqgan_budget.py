"""SeqGAN on a 2-core CPU budget: the whole run, MLE included, in well under 45 minutes.

The paper schedule (50 discriminator rounds of 3 epochs, then 200 epochs of 1 generator step
and 5 x 3 discriminator epochs) costs ~5 minutes per adversarial epoch at today's speed
(docs/performance.md). This keeps everything per step as the paper has it (batch 64, 16
rollouts, 10,000 fresh negatives per round, the same optimisers) and cuts the counts, keeping
the paper's ratio of one generator step to fresh discriminator data every epoch.
"""

from tf_hebbgan.config import load_preset


def get_config():
    config = load_preset("seqgan_oracle")  # MLE as mle_oracle, so pretraining can be shared.
    config.discriminator_pretrain_rounds = 5  # 5 rounds (paper: 50), ~2 minutes.
    config.discriminator_epochs = 1  # 1 epoch over each round's 20,000 (paper: 3).
    config.discriminator_steps = 1  # 1 round of fresh negatives per epoch (paper: 5).
    config.adversarial_epochs = 40  # 40 epochs (paper: 200), ~25 s each.
    config.eval_every = 5  # NLL-oracle / NLL-test every 5 epochs, as the paper.
    return config

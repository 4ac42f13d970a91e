"""SeqGAN on the oracle with the paper's schedule: MLE 120 epochs, 50 D rounds, 200 epochs."""

from tf_hebbgan.config import load_preset


def get_config():
    config = load_preset("mle_oracle")  # SeqGAN's MLE pretraining (120 epochs, batch 64).
    config.discriminator_pretrain_rounds = 50  # 50 rounds of 10,000 fresh negatives.
    config.discriminator_negatives = 10000  # SeqGAN's generated_num.
    config.discriminator_epochs = 3  # 3 epochs over each round's 20,000 sequences.
    config.discriminator_dropout = 0.25  # dis_dropout_keep_prob = 0.75.
    config.discriminator_learning_rate = 1e-4  # The discriminator's Adam.
    config.adversarial_epochs = 200  # SeqGAN's TOTAL_BATCH.
    config.generator_learning_rate = 0.01  # The generator's Adam in the adversarial phase.
    config.discriminator_steps = 5  # 5 rounds of fresh negatives per adversarial epoch.
    config.num_rollouts = 16  # Monte-Carlo completions per prefix.
    config.rollout_rate = 0.8  # The paper's delayed rollout network.
    config.pg_baseline = False  # SeqGAN uses no baseline.
    config.pg_reduction = "mean"  # Mean over the batch (the code sums; docs/design.md).
    config.eval_every = 5  # NLL-oracle / NLL-test every 5 epochs, as the paper.
    return config

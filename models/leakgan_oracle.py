"""LeakGAN on the oracle with its public code's length-20 settings: 80 MLE epochs, 800 epochs.

A manager/worker generator reading the discriminator's features (goal size 16, step 4),
rank-rescaled rollout rewards (4 rollouts of the live generator), the worker's intrinsic
reward, and an MLE step on real data after each generator step (interleaved training).
Pretraining is interleaved as in the public code: before every 8th of the 80 MLE epochs, 5
discriminator rounds of 3 epochs, then the leak is refreshed (50 rounds in all), so the
generator learns on the features it reads afterwards; the adversarial phase then starts from
that discriminator."""

from tf_hebbgan.config import load_preset


def get_config():
    config = load_preset("seqgan_oracle")  # The discriminator, its rounds and their counts.
    config.gan = "leakgan"
    config.generator_cell = "leakgan"
    config.leak_goal_size = 16  # GOAL_SIZE.
    config.leak_horizon = 4  # STEP_SIZE.
    config.mle_epochs = 80  # PRE_EPOCH_NUM.
    config.mle_learning_rate = 0.0015  # LEARNING_RATE at length 20.
    config.leak_refresh_every = 8  # PRE_EPOCH_NUM / 10 epochs after each refresh.
    config.leak_refresh_rounds = 5  # 5 rounds of 3 epochs, each with fresh negatives.
    config.generator_learning_rate = 0.0015
    config.discriminator_dropout = 0.0  # dis_dropout_keep_prob = 1.0.
    config.num_rollouts = 4  # get_reward(..., rollout_num=4).
    config.rollout_rate = 0.0  # Rollouts from the live generator, as the public code.
    config.adversarial_epochs = 800  # TOTAL_BATCH.
    config.leak_rescale = 16.0  # The rescaled activation's sharpness.
    config.leak_interleave_mle = True
    return config

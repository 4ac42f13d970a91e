"""LeakGAN on the oracle with its public code's length-20 settings: 80 MLE epochs, 800 epochs.

A manager/worker generator reading the discriminator's features (goal size 16, step 4),
rank-rescaled rollout rewards (4 rollouts of the live generator), the worker's intrinsic
reward, and an MLE step on real data after each generator step (interleaved training). The
public code interleaves its 80 MLE epochs with 50 discriminator rounds; here MLE comes first,
as for every method of the zoo, and the leak starts reading the discriminator when it has been
pretrained."""

from tf_hebbgan.config import load_preset


def get_config():
    config = load_preset("seqgan_oracle")  # The discriminator, its rounds and their counts.
    config.gan = "leakgan"
    config.generator_cell = "leakgan"
    config.leak_goal_size = 16  # GOAL_SIZE.
    config.leak_horizon = 4  # STEP_SIZE.
    config.mle_epochs = 80  # PRE_EPOCH_NUM.
    config.mle_learning_rate = 0.0015  # LEARNING_RATE at length 20.
    config.generator_learning_rate = 0.0015
    config.discriminator_dropout = 0.0  # dis_dropout_keep_prob = 1.0.
    config.num_rollouts = 4  # get_reward(..., rollout_num=4).
    config.rollout_rate = 0.0  # Rollouts from the live generator, as the public code.
    config.adversarial_epochs = 800  # TOTAL_BATCH.
    config.leak_rescale = 16.0  # The rescaled activation's sharpness.
    config.leak_interleave_mle = True
    return config

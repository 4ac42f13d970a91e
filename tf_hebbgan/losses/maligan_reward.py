"""MaliGAN's normalised, variance-reduced sequence reward (Che et al. 2017), a pure function."""

import tensorflow as tf


def maligan_rewards(probabilities, epsilon=1e-6):
    """`r_i / sum_j r_j - 1 / m` with `r = D / (1 - D)`, for the `m` sequences of the batch.

    `D / (1 - D)` estimates `p_data / p_G` of a sequence from an optimal discriminator's
    `D = P(real)`; normalising over the batch gives the importance weights of Che et al.'s
    MLE-like gradient, and subtracting their mean `1 / m` is its baseline.

    Args:
        probabilities: `(b,)` the discriminator's `P(real)` of each generated sequence. In a
            replica context, the replica's share of the batch: the sum and `m` are then the
            whole batch's (all-reduced), so that the replicas together compute the one
            batch's rewards.
        epsilon: `D` is kept within `[epsilon, 1 - epsilon]`, so that a sequence scored 1.0
            gets a large, finite ratio.

    Returns:
        `(b,)` float32 rewards; over the whole batch they sum to 0.

    Example:

    ```python
    maligan_rewards(tf.constant([0.5, 0.75]))  # r = [1, 3]: [1/4 - 1/2, 3/4 - 1/2]
    ```
    """
    d = tf.clip_by_value(tf.cast(probabilities, tf.float32), epsilon, 1.0 - epsilon)  # (b,)
    ratio = d / (1.0 - d)  # (b,)
    total, count = tf.reduce_sum(ratio), tf.cast(tf.size(ratio), tf.float32)
    context = tf.distribute.get_replica_context()  # None in a cross-replica context.
    if context is not None:
        total = context.all_reduce(tf.distribute.ReduceOp.SUM, total)
        count = context.all_reduce(tf.distribute.ReduceOp.SUM, count)
    return ratio / total - 1.0 / count

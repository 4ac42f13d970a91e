"""SeqGAN's REINFORCE generator loss, as a pure function."""

import tensorflow as tf


def policy_gradient_loss(logits, tokens, rewards, baseline=False, reduction="mean", mask=None):
    """`-sum_t log G(y_t | y_<t) * Q(t)`, over the batch.

    Args:
        logits: `(B, T, V)` teacher-forced generator logits of the sampled `tokens`.
        tokens: `(B, T)` int32, the generated sequences.
        rewards: `(B, T)` action values `Q(t)` (from `rollout_rewards`); no gradient flows
            into them.
        baseline: subtract the batch-mean reward of each time step from `Q(t)` (a variance
            reduction; SeqGAN has none).
        reduction: `"mean"` over the batch (the default here), or `"sum"` over the batch as in
            SeqGAN's code (`-tf.reduce_sum(log_p * rewards)`): with Adam the two differ only
            through the global-norm clip, which the sum reaches 64 times sooner.
        mask: optional `(B, T)` weights of the positions (for text: 1 up to and including the
            end token, 0 after); positions after it then contribute nothing.

    Returns:
        the scalar loss.
    """
    if reduction not in ("mean", "sum"):
        raise ValueError(f"reduction must be 'mean' or 'sum'; got {reduction!r}.")
    rewards = tf.stop_gradient(tf.cast(rewards, tf.float32))  # (B, T)
    if baseline:
        rewards = rewards - tf.reduce_mean(rewards, axis=0, keepdims=True)
    # The categorical's log-probabilities, as TFP's `Categorical.log_prob` computes them,
    # without importing TFP in every process that trains or samples.
    log_probs = -tf.nn.sparse_softmax_cross_entropy_with_logits(
        labels=tf.cast(tokens, tf.int32), logits=tf.cast(logits, tf.float32)
    )  # (B, T)
    if mask is not None:
        log_probs = log_probs * tf.cast(mask, tf.float32)
    per_sequence = -tf.reduce_sum(log_probs * rewards, axis=1)  # (B,)
    reduce = tf.reduce_mean if reduction == "mean" else tf.reduce_sum
    return reduce(per_sequence)

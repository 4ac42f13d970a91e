"""Moment matching ("Using Moments to Stabilize GAN Learning"), as pure functions.

Sequences are discrete, so the matched features must be differentiable in the generator: the
expected embedding of each position's token, `softmax(logits) . E`, against the embedding of
the real token, `E[y]`, with `E` a fixed embedding (the discriminator's: the space it reads).
"""

import tensorflow as tf


def moment_matching_loss(real_features, fake_features):
    """Squared differences of per-feature means and variances, averaged over features.

    Args:
        real_features: `(N, ...)` features of a real batch.
        fake_features: `(M, ...)` features of a generated batch, same trailing shape.

    Returns:
        the scalar `mean((mu_r - mu_f)^2 + (var_r - var_f)^2)`; zero for identical batches.
        In a replica context of several replicas (`tf.distribute`, equal shares), the moments
        are those of the whole batch, all-reduced, and so is the loss.
    """
    real_mean, real_variance = _moments(real_features)
    fake_mean, fake_variance = _moments(fake_features)
    return tf.reduce_mean(
        tf.square(real_mean - fake_mean) + tf.square(real_variance - fake_variance)
    )


def _moments(features):
    """Per-feature mean and variance over axis 0, of the whole batch under a strategy."""
    features = tf.cast(features, tf.float32)
    context = tf.distribute.get_replica_context()
    if context is None or context.num_replicas_in_sync == 1:
        return tf.nn.moments(features, axes=[0])
    mean, square = context.all_reduce(
        tf.distribute.ReduceOp.MEAN,
        [tf.reduce_mean(features, axis=0), tf.reduce_mean(tf.square(features), axis=0)],
    )
    return mean, square - tf.square(mean)


def expected_embeddings(logits, embeddings):
    """`softmax(logits) . E`: `(B, T, V)` logits and `(V, D)` embeddings -> `(B, T, D)`."""
    return tf.einsum("btv,vd->btd", tf.nn.softmax(logits, axis=-1), embeddings)

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
    """
    real_mean, real_variance = tf.nn.moments(tf.cast(real_features, tf.float32), axes=[0])
    fake_mean, fake_variance = tf.nn.moments(tf.cast(fake_features, tf.float32), axes=[0])
    return tf.reduce_mean(
        tf.square(real_mean - fake_mean) + tf.square(real_variance - fake_variance)
    )


def expected_embeddings(logits, embeddings):
    """`softmax(logits) . E`: `(B, T, V)` logits and `(V, D)` embeddings -> `(B, T, D)`."""
    return tf.einsum("btv,vd->btd", tf.nn.softmax(logits, axis=-1), embeddings)
